import * as assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { LineIndex } from '../../server/src/parser/lineIndex';
import { analyzeFiles } from '../../server/src/service/analyze';
import { resolveSettings } from '../../server/src/service/settings';
import type { Settings } from '../../server/src/rules/settings';
import type { Finding } from '../../server/src/service/types';
import type { FileEdit } from '../../server/src/rules/types';

/** Marks the expected range of a diagnostic inside a config written in a test: `«proxy_pass»`. */
const OPEN = '«';
const CLOSE = '»';

export interface Marked {
  text: string;
  /** Expected ranges as `line:col-line:col`, 0-based, in marker order. */
  ranges: string[];
}

export function unmark(marked: string): Marked {
  let text = '';
  const ranges: string[] = [];
  const starts: number[] = [];
  for (const ch of marked) {
    if (ch === OPEN) starts.push(text.length);
    else if (ch === CLOSE) {
      const start = starts.pop();
      assert.ok(start !== undefined, 'unbalanced range markers');
      const idx = new LineIndex(text);
      const a = idx.loc(start);
      const b = idx.loc(text.length);
      ranges.push(`${a.line}:${a.character}-${b.line}:${b.character}`);
    } else text += ch;
  }
  return { text, ranges };
}

export function rangeKey(f: Finding): string {
  return `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
}

export const FILE = '/etc/nginx/nginx.conf';

/** Findings of one rule for a set of files (path → text, markers removed), on `target`. */
export function findingsOf(rule: string, files: Record<string, string>, target = FILE, settings: Partial<Settings> = {}): Finding[] {
  const map = new Map(Object.entries(files).map(([p, t]) => [p, unmark(t).text]));
  return analyzeFiles(map, target, resolveSettings(settings)).findings.filter((f) => f.rule === rule);
}

/** Asserts the rule reports exactly at the marked ranges of `target`, with these messages (regexps or exact strings). */
export function expectFindings(
  rule: string,
  files: Record<string, string>,
  messages: (string | RegExp)[],
  target = FILE,
  settings: Partial<Settings> = {},
): Finding[] {
  const found = findingsOf(rule, files, target, settings);
  const { ranges } = unmark(files[target]);
  assert.deepEqual(found.map(rangeKey), ranges, `ranges of ${rule}: ${found.map((f) => f.message).join(' | ')}`);
  assert.equal(found.length, messages.length);
  found.forEach((f, i) => {
    const m = messages[i];
    if (typeof m === 'string') assert.equal(f.message, m);
    else assert.match(f.message, m);
  });
  return found;
}

/** Applies edits to a set of files (path → text) and returns the new texts. */
export function applyEdits(files: Record<string, string>, edits: FileEdit[]): Record<string, string> {
  const out = { ...files };
  const byPath = new Map<string, FileEdit[]>();
  for (const e of edits) {
    const p = fileURLToPath(e.uri);
    byPath.set(p, [...(byPath.get(p) ?? []), e]);
  }
  for (const [p, list] of byPath) {
    const text = out[p];
    assert.ok(text !== undefined, `edit for a file that is not in the fixture: ${p}`);
    const idx = new LineIndex(text);
    const spans = list
      .map((e) => ({ from: idx.offsetAt(e.range.start.line, e.range.start.character), to: idx.offsetAt(e.range.end.line, e.range.end.character), text: e.newText }))
      .sort((a, b) => b.from - a.from);
    let t = text;
    for (const s of spans) t = t.slice(0, s.from) + s.text + t.slice(s.to);
    out[p] = t;
  }
  return out;
}

/** Applies fix number `which` (default: the preferred one) of the single finding of `rule`, and returns the new files. */
export function applyFix(rule: string, files: Record<string, string>, target = FILE, settings: Partial<Settings> = {}, which?: number): Record<string, string> {
  const clean = Object.fromEntries(Object.entries(files).map(([p, t]) => [p, unmark(t).text]));
  const found = findingsOf(rule, clean, target, settings);
  assert.equal(found.length, 1, `expected one ${rule} finding, got ${found.length}`);
  const fixes = found[0].fixes;
  const fix = which === undefined ? fixes.find((f) => f.preferred) : fixes[which];
  assert.ok(fix, `${rule} offers no such fix`);
  return applyEdits(clean, fix.edits);
}
