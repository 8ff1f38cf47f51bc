import type { Severity } from '../../rules/types';
import type { FileReport } from './types';

/**
 * One line per diagnostic, `file:line:col severity rule message` (1-based, for humans and editors' problem
 * matchers), then a summary. Written file by file.
 */
export function writeText(files: Iterable<FileReport>, write: (s: string) => void): void {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let fileCount = 0;
  for (const f of files) {
    fileCount++;
    const lines: string[] = [];
    for (const d of f.findings) {
      counts[d.severity]++;
      const message = d.message.replace(/\s*\r?\n\s*/g, ' ');
      lines.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.rule} ${message}\n`);
    }
    if (lines.length > 0) write(lines.join(''));
  }
  write(`${summary(counts, fileCount)}\n`);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(c: Record<Severity, number>, fileCount: number): string {
  const total = c.error + c.warning + c.information + c.hint;
  const checked = `${plural(fileCount, 'file')} checked`;
  if (total === 0) return `no problems, ${checked}`;
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning')];
  if (c.information > 0) parts.push(`${c.information} information`);
  if (c.hint > 0) parts.push(plural(c.hint, 'hint'));
  return `${plural(total, 'problem')} (${parts.join(', ')}), ${checked}`;
}
