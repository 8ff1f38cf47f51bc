import type { Range, Statement } from '../parser/ast';

/** At most this many syntax findings per file: past the first, the rest are mostly echoes of it. */
export const MAX_SYNTAX_FINDINGS = 3;

/**
 * Which syntax findings to show, in file order. nginx stops at its first error; after it, a finding inside the
 * same top-level statement is usually a cascade of that first one (a lost `}` shifts every later brace), so only
 * findings in a later top-level statement are kept, and no more than MAX_SYNTAX_FINDINGS in all.
 */
export function independentFindings<T extends { range: Range }>(found: T[], topLevel: readonly Statement[]): T[] {
  const sorted = [...found].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const out: T[] = [];
  let lastStatement = -1;
  for (const f of sorted) {
    if (out.length === MAX_SYNTAX_FINDINGS) break;
    const at = statementIndex(f.range, topLevel);
    if (out.length > 0 && at <= lastStatement) continue;
    out.push(f);
    lastStatement = at;
  }
  return out;
}

/** The index of the top-level statement that holds the position; between statements, that of the one before. */
function statementIndex(range: Range, topLevel: readonly Statement[]): number {
  const { line, character } = range.start;
  let lo = 0;
  let hi = topLevel.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = topLevel[mid].range.start;
    if (s.line < line || (s.line === line && s.character <= character)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
