import type { ConfigFile } from '../parser/ast';
import { LineIndex } from '../parser/lineIndex';
import { parse } from '../parser/parse';
import { addedKeys } from './addedLines';
import type { Finding } from './types';
import type { Fix } from '../rules/types';

/**
 * Applies findings' preferred fixes to texts the way ESLint does: in each pass take as many fixes as fit
 * without overlapping, apply them, re-analyse, and repeat until nothing changes or the pass bound is hit.
 * A file with a `syntax` finding is never touched: its tree is a guess, and so are fixes computed from it.
 */

/**
 * Analyses a set of texts together (one file's findings may depend on another's text, through includes)
 * and returns the findings of each, by URI. The fix loop calls it once at the start and after every pass.
 */
export type Analyzer = (texts: ReadonlyMap<string, string>) => Map<string, Finding[]>;

export interface FixOptions {
  /** Upper bound on passes, so that two fixes that undo each other cannot loop forever. */
  maxPasses?: number;
}

export interface FixOutcome {
  /** Final text of every file that changed, by URI. Unchanged files are absent. */
  texts: Map<string, string>;
  /** Fixes applied, over all passes. */
  applied: number;
  /** Passes that applied at least one fix. */
  passes: number;
  /** Files left alone because they have a syntax error, in input order. */
  syntaxErrors: string[];
  /** Files whose fixes would have produced a syntax error: those fixes were undone and the file left as it was. */
  reverted: string[];
  /** The findings of every input file after the last pass. */
  findings: Map<string, Finding[]>;
}

export const DEFAULT_MAX_PASSES = 10;

/** The fix that "fix all" applies for a finding: its first preferred one. */
export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((f) => f.preferred);
}

export function hasSyntaxError(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.rule === 'syntax');
}

interface Span {
  start: number;
  end: number;
  newText: string;
}

/** Two spans conflict when they overlap or touch: the order of edits at one point would be a guess (ESLint skips these too). */
function conflicts(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function byPosition(a: Finding, b: Finding): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}

/**
 * One pass: the preferred fixes of `findings`, in document order, each taken only when none of its edits
 * conflicts with an edit already taken. A fix whose file is unknown or locked is skipped whole.
 */
export function applyFixesOnce(
  texts: ReadonlyMap<string, string>,
  findings: readonly Finding[],
  locked: ReadonlySet<string> = new Set(),
): { texts: Map<string, string>; applied: number } {
  const taken = new Map<string, Span[]>();
  // What the taken fixes add, per file: a second fix adding the same line to the same block waits a pass.
  const added = new Map<string, Set<string>>();
  const trees = new Map<string, ConfigFile>();
  const treeOf = (uri: string, text: string) => (): ConfigFile => {
    let t = trees.get(uri);
    if (!t) trees.set(uri, (t = parse(text)));
    return t;
  };
  let applied = 0;

  for (const finding of [...findings].sort(byPosition)) {
    const fix = preferredFix(finding);
    if (!fix || fix.edits.length === 0) continue;
    const spans: { uri: string; span: Span; keys: string[] }[] = [];
    let ok = true;
    for (const edit of fix.edits) {
      const text = texts.get(edit.uri);
      if (text === undefined || locked.has(edit.uri)) {
        ok = false;
        break;
      }
      const ix = LineIndex.of(text);
      const start = ix.offsetAt(edit.range.start.line, edit.range.start.character);
      const end = ix.offsetAt(edit.range.end.line, edit.range.end.character);
      const span = { start, end, newText: edit.newText };
      if (end < start || spans.some((s) => s.uri === edit.uri && conflicts(s.span, span))) {
        ok = false;
        break;
      }
      if ((taken.get(edit.uri) ?? []).some((s) => conflicts(s, span))) {
        ok = false;
        break;
      }
      const keys = addedKeys(treeOf(edit.uri, text), start, end, edit.newText);
      const seen = added.get(edit.uri);
      if (seen && keys.some((k) => seen.has(k))) {
        ok = false;
        break;
      }
      spans.push({ uri: edit.uri, span, keys });
    }
    if (!ok) continue;
    for (const { uri, span, keys } of spans) {
      const list = taken.get(uri) ?? [];
      list.push(span);
      taken.set(uri, list);
      const seen = added.get(uri) ?? new Set<string>();
      for (const k of keys) seen.add(k);
      added.set(uri, seen);
    }
    applied++;
  }

  const out = new Map<string, string>();
  for (const [uri, spans] of taken) {
    let text = texts.get(uri) ?? '';
    for (const s of [...spans].sort((a, b) => b.start - a.start)) text = text.slice(0, s.start) + s.newText + text.slice(s.end);
    if (text !== texts.get(uri)) out.set(uri, text);
  }
  return { texts: out, applied };
}

/** Fixes every text until it is stable; see the module comment. `texts` is not modified. */
export function fixTexts(texts: ReadonlyMap<string, string>, analyze: Analyzer, options: FixOptions = {}): FixOutcome {
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  const current = new Map(texts);
  let findings = complete(analyze(current), current);

  const locked = new Set<string>();
  const syntaxErrors: string[] = [];
  for (const [uri, list] of findings) {
    if (hasSyntaxError(list)) {
      locked.add(uri);
      syntaxErrors.push(uri);
    }
  }
  const reverted: string[] = [];
  let applied = 0;
  let passes = 0;

  // A pass that breaks a file is undone and retried without that file, so every attempt locks one more file:
  // attempts are bounded by passes plus files.
  for (let attempt = 0; passes < maxPasses && attempt < maxPasses + current.size; attempt++) {
    const all = [...findings.values()].flat();
    const pass = applyFixesOnce(current, all, locked);
    if (pass.applied === 0 || pass.texts.size === 0) break;

    const candidate = new Map(current);
    for (const [uri, text] of pass.texts) candidate.set(uri, text);
    const after = complete(analyze(candidate), candidate);
    const broken = [...pass.texts.keys()].filter((uri) => hasSyntaxError(after.get(uri) ?? []));
    if (broken.length > 0) {
      for (const uri of broken) {
        locked.add(uri);
        reverted.push(uri);
      }
      // The analyzer may hold the rejected texts (it analyses in place): put the accepted ones back.
      findings = complete(analyze(current), current);
      continue;
    }
    for (const [uri, text] of pass.texts) current.set(uri, text);
    findings = after;
    applied += pass.applied;
    passes++;
  }

  const changed = new Map<string, string>();
  for (const [uri, text] of current) if (text !== texts.get(uri)) changed.set(uri, text);
  return { texts: changed, applied, passes, syntaxErrors, reverted, findings };
}

/** Every input URI gets an entry, even when the analyzer left it out. */
function complete(found: Map<string, Finding[]>, texts: ReadonlyMap<string, string>): Map<string, Finding[]> {
  for (const uri of texts.keys()) if (!found.has(uri)) found.set(uri, []);
  return found;
}

/**
 * The smallest single replacement that turns `before` into `after` (common prefix and suffix kept), as offsets.
 * Editors keep the cursor and undo history steadier with this than with a whole-document replace.
 */
export function minimalEdit(before: string, after: string): { start: number; end: number; newText: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < max - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail++;
  }
  // Never split a surrogate pair or a CRLF: move the cut outwards when it would.
  while (start > 0 && (splitsPair(before, start) || splitsPair(after, start))) start--;
  while (tail > 0 && (splitsPair(before, before.length - tail) || splitsPair(after, after.length - tail))) tail--;
  return { start, end: before.length - tail, newText: after.slice(start, after.length - tail) };
}

/** Whether a cut just before `at` falls inside a surrogate pair or a CRLF. */
function splitsPair(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  const prev = text.charCodeAt(at - 1);
  return (c >= 0xdc00 && c <= 0xdfff && prev >= 0xd800 && prev <= 0xdbff) || (c === 10 && prev === 13);
}
