import type { ConfigFile, Statement } from '../parser/ast';
import type { Finding } from './types';

const NEXT_LINE = /^\s*nginx-ws-disable-next-line\b(.*)$/;
const FILE = /^\s*nginx-ws-disable\b(.*)$/;

function ruleList(rest: string): string[] | 'all' {
  const ids = rest.split(/[\s,]+/).filter((s) => /^[a-z0-9-]+$/.test(s));
  return ids.length === 0 ? 'all' : ids;
}

/** The comments that mention nginx-ws-disable, with their lines (in no particular order: findings match by line). */
function markerComments(list: Statement[]): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const work: Statement[][] = [list];
  while (work.length > 0) {
    for (const s of work.pop() ?? []) {
      if (s.kind === 'comment') {
        if (s.text.includes('nginx-ws-disable')) out.push({ text: s.text, line: s.range.start.line });
      } else if (s.block) work.push(s.block.children);
    }
  }
  return out;
}

/** Drops findings silenced by `# nginx-ws-disable-next-line RULE` (the line below) or `# nginx-ws-disable RULE` (the file). */
export function applySuppressions(file: ConfigFile, findings: Finding[]): Finding[] {
  // A comment's text is a piece of the file's: without the marker there, no comment has it. A template's comments
  // come from what it renders to, so it is read as before.
  if (!file.template && !file.text.includes('nginx-ws-disable')) return findings;
  const fileWide: (string[] | 'all')[] = [];
  const byLine = new Map<number, (string[] | 'all')[]>();
  for (const c of markerComments(file.children)) {
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
