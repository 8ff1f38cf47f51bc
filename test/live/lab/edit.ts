// Small text edits that turn a broken scenario config into its fix, until our quick fixes do it.

/** Inserts `lines` after the first line that contains `anchor`, with that line's indentation. */
export function insertAfter(config: string, anchor: string, lines: string[]): string {
  const all = config.split('\n');
  const at = all.findIndex((l) => l.includes(anchor));
  if (at < 0) throw new Error(`edit: no line contains ${JSON.stringify(anchor)}`);
  const indent = /^\s*/.exec(all[at]!)![0];
  all.splice(at + 1, 0, ...lines.map((l) => indent + l));
  return all.join('\n');
}

/** Replaces the one line that contains `anchor` (keeping its indentation). */
export function replaceLine(config: string, anchor: string, line: string): string {
  const all = config.split('\n');
  const hits = all.filter((l) => l.includes(anchor)).length;
  if (hits !== 1) throw new Error(`edit: ${hits} lines contain ${JSON.stringify(anchor)}, expected one`);
  return all.map((l) => (l.includes(anchor) ? /^\s*/.exec(l)![0] + line : l)).join('\n');
}
