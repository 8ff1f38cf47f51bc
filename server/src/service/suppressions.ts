import type { ConfigFile, Statement } from '../parser/ast';
import type { Finding } from './types';

const NEXT_LINE = /^\s*nginx-ws-disable-next-line\b(.*)$/;
const FILE = /^\s*nginx-ws-disable\b(.*)$/;

function ruleList(rest: string): string[] | 'all' {
  const ids = rest.split(/[\s,]+/).filter((s) => /^[a-z0-9-]+$/.test(s));
  return ids.length === 0 ? 'all' : ids;
}

function* comments(list: Statement[]): Generator<{ text: string; line: number }> {
  for (const s of list) {
    if (s.kind === 'comment') yield { text: s.text, line: s.range.start.line };
    else if (s.block) yield* comments(s.block.children);
  }
}

/** Drops findings silenced by `# nginx-ws-disable-next-line RULE` (the line below) or `# nginx-ws-disable RULE` (the file). */
export function applySuppressions(file: ConfigFile, findings: Finding[]): Finding[] {
  const fileWide: (string[] | 'all')[] = [];
  const byLine = new Map<number, (string[] | 'all')[]>();
  for (const c of comments(file.children)) {
    const next = NEXT_LINE.exec(c.text);
    if (next) {
      const list = byLine.get(c.line + 1) ?? [];
      list.push(ruleList(next[1]));
      byLine.set(c.line + 1, list);
      continue;
    }
    const whole = FILE.exec(c.text);
    if (whole) fileWide.push(ruleList(whole[1]));
  }
  if (fileWide.length === 0 && byLine.size === 0) return findings;
  const silenced = (lists: (string[] | 'all')[] | undefined, rule: string): boolean =>
    lists?.some((l) => l === 'all' || l.includes(rule)) ?? false;
  // The syntax rule cannot be silenced: a file that does not parse is never fine.
  return findings.filter((f) => f.rule === 'syntax' || !(silenced(fileWide, f.rule) || silenced(byLine.get(f.range.start.line), f.rule)));
}
