// What must hold for every parse and every analysis, whatever the input: the robustness tests run these checks
// over random bytes, token soups, mutated corpus files and pathological inputs.
import * as assert from 'node:assert/strict';
import type { ConfigFile, Directive, Loc, Range, Statement } from '../../../server/src/parser/ast';
import { LineIndex } from '../../../server/src/parser/lineIndex';
import { parse } from '../../../server/src/parser/parse';
import { lexicalSpans, spanGaps } from '../../../server/src/parser/spans';
import { unescapeWord } from '../../../server/src/parser/tokenizer';
import { analyzeText } from '../../../server/src/service/analyze';

function show(text: string, at: number): string {
  return JSON.stringify(text.slice(Math.max(0, at - 20), at + 20));
}

/** A location is inside the text and says the same line and character as the LineIndex. */
function checkLoc(text: string, index: LineIndex, loc: Loc, what: string): void {
  assert.ok(Number.isInteger(loc.offset) && loc.offset >= 0 && loc.offset <= text.length, `${what}: offset ${loc.offset} outside 0..${text.length}`);
  const want = index.loc(loc.offset);
  assert.ok(
    loc.line === want.line && loc.character === want.character,
    `${what}: offset ${loc.offset} says ${loc.line}:${loc.character}, the LineIndex says ${want.line}:${want.character} near ${show(text, loc.offset)}`,
  );
}

function checkRange(text: string, index: LineIndex, r: Range, what: string): void {
  checkLoc(text, index, r.start, `${what} start`);
  checkLoc(text, index, r.end, `${what} end`);
  assert.ok(r.start.offset <= r.end.offset, `${what}: start ${r.start.offset} after end ${r.end.offset}`);
}

function inside(inner: Range, outer: Range, what: string): void {
  assert.ok(
    inner.start.offset >= outer.start.offset && inner.end.offset <= outer.end.offset,
    `${what}: ${inner.start.offset}..${inner.end.offset} is not inside ${outer.start.offset}..${outer.end.offset}`,
  );
}

/** Counts what was checked, so that a test can tell that its inputs reached the interesting parts. */
export interface ParseStats {
  directives: number;
  comments: number;
  errors: number;
  rawBodies: number;
  maxDepth: number;
}

/**
 * Parses `text` and checks the tree: it is returned without throwing; every range lies in the text with line and
 * character as the LineIndex computes them; children are sorted by start and lie inside their parent's block;
 * parent links are right; and the lexical spans reconstruct the source (see `lexicalSpans`).
 */
export function checkParse(text: string): { file: ConfigFile; stats: ParseStats } {
  const file = parse(text);
  const index = new LineIndex(text);
  const stats: ParseStats = { directives: 0, comments: 0, errors: file.errors.length, rawBodies: 0, maxDepth: 0 };
  assert.equal(file.text, text);
  assert.equal(file.range.start.offset, 0);
  assert.equal(file.range.end.offset, text.length);
  checkRange(text, index, file.range, 'file');
  for (const e of file.errors) {
    checkRange(text, index, e.range, `error "${e.message}"`);
    assert.ok(Number.isInteger(e.nginxLine) && e.nginxLine >= 1 && e.nginxLine <= index.lineCount, `error "${e.message}": nginx line ${e.nginxLine} of ${index.lineCount}`);
    assert.ok(e.message.length > 0);
  }

  // An explicit stack: the checks must not be what overflows on a deep tree.
  const work: { list: Statement[]; parent: Directive | ConfigFile; within: Range; depth: number }[] = [
    { list: file.children, parent: file, within: file.range, depth: 0 },
  ];
  while (work.length > 0) {
    const { list, parent, within, depth } = work.pop() as (typeof work)[number];
    stats.maxDepth = Math.max(stats.maxDepth, depth);
    let prev = -1;
    for (const s of list) {
      assert.equal(s.parent, parent, 'parent link');
      checkRange(text, index, s.range, s.kind);
      inside(s.range, within, `${s.kind} in its parent`);
      assert.ok(s.range.start.offset >= prev, `children out of order at ${show(text, s.range.start.offset)}`);
      prev = s.range.start.offset;
      if (s.kind === 'comment') {
        stats.comments++;
        assert.equal(text[s.range.start.offset], '#', `comment starts with # at ${show(text, s.range.start.offset)}`);
        assert.equal(text.slice(s.range.start.offset + 1, s.range.end.offset), s.text);
        // nginx ends a comment at a line feed only: a lone CR (a line break to LSP) stays inside, a CRLF's CR does not.
        assert.ok(!s.text.includes('\n'), 'comment text holds no line feed');
        const e = s.range.end.offset;
        const lineEnd = e === text.length || text[e] === '\n' || (text[e] === '\r' && (e + 1 === text.length || text[e + 1] === '\n'));
        // ...or nginx's 4 KB token buffer filled up inside it, which is an error.
        assert.ok(lineEnd || file.errors.length > 0, `comment ends at a line feed, a CRLF or the end, near ${show(text, e)}`);
        continue;
      }
      stats.directives++;
      const d = s;
      checkRange(text, index, d.nameRange, `name of ${d.name}`);
      assert.equal(d.nameRange.start.offset, d.range.start.offset, 'a directive starts at its name');
      const nameRaw = text.slice(d.nameRange.start.offset, d.nameRange.end.offset);
      checkWord(nameRaw, d.nameQuote, d.name, 'name');
      let at = d.nameRange.end.offset;
      for (const a of d.args) {
        assert.equal(a.parent, d, 'arg parent link');
        checkRange(text, index, a.range, 'arg');
        inside(a.range, d.range, 'arg in its directive');
        assert.ok(a.range.start.offset >= at, `args out of order at ${show(text, a.range.start.offset)}`);
        at = a.range.end.offset;
        assert.equal(text.slice(a.range.start.offset, a.range.end.offset), a.raw, 'arg raw text');
        checkWord(a.raw, a.quote, a.value, 'arg');
      }
      if (d.semicolon) {
        assert.equal(d.block, undefined, 'a directive ends with ; or a block, not both');
        checkRange(text, index, d.semicolon, ';');
        assert.equal(text.slice(d.semicolon.start.offset, d.semicolon.end.offset), ';');
        assert.ok(d.semicolon.start.offset >= at, '; after the args');
        assert.equal(d.semicolon.end.offset, d.range.end.offset, 'a simple directive ends at its ;');
      }
      const b = d.block;
      if (!b) continue;
      checkRange(text, index, b.open, '{');
      checkRange(text, index, b.range, 'block');
      inside(b.range, d.range, 'block in its directive');
      assert.equal(text.slice(b.open.start.offset, b.open.end.offset), '{');
      assert.equal(b.range.start.offset, b.open.start.offset, 'a block starts at its {');
      assert.equal(b.range.end.offset, d.range.end.offset, 'a block directive ends where its block does');
      assert.ok(b.open.start.offset >= at, '{ after the args');
      let bodyEnd = b.range.end.offset;
      if (b.close) {
        checkRange(text, index, b.close, '}');
        assert.equal(text.slice(b.close.start.offset, b.close.end.offset), '}');
        assert.equal(b.close.end.offset, b.range.end.offset, 'a closed block ends at its }');
        bodyEnd = b.close.start.offset;
      } else {
        assert.equal(b.range.end.offset, text.length, 'an unclosed block runs to the end of the text');
      }
      const body = index.range(b.open.end.offset, bodyEnd);
      if (b.rawBody) {
        stats.rawBodies++;
        assert.equal(b.children.length, 0, 'a raw body has no children');
        checkRange(text, index, b.rawBody.range, 'raw body');
        assert.equal(b.rawBody.range.start.offset, body.start.offset, 'raw body starts after {');
        assert.equal(b.rawBody.range.end.offset, body.end.offset, 'raw body ends at } or the end');
        assert.equal(text.slice(b.rawBody.range.start.offset, b.rawBody.range.end.offset), b.rawBody.text);
      } else {
        work.push({ list: b.children, parent: d, within: body, depth: depth + 1 });
      }
    }
  }

  checkSpans(file);
  return { file, stats };
}

/** A word's source text against its quote kind and its unescaped value, as nginx reads it. */
function checkWord(raw: string, quote: 'none' | 'single' | 'double', value: string, what: string): void {
  if (quote === 'none') {
    assert.equal(value, unescapeWord(raw, 0, raw.length), `${what} value of ${JSON.stringify(raw)}`);
    return;
  }
  const q = quote === 'single' ? "'" : '"';
  assert.equal(raw[0], q, `${what} ${JSON.stringify(raw)} starts with its quote`);
  // A closed quote ends the span; an unclosed one runs to the end of the text.
  const closed = raw.length >= 2 && raw.endsWith(q) && !isEscapedAt(raw, raw.length - 1);
  const inner = closed ? raw.slice(1, -1) : raw.slice(1);
  assert.equal(value, unescapeWord(inner, 0, inner.length), `${what} value of ${JSON.stringify(raw)}`);
}

function isEscapedAt(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

/**
 * The spans reconstruct the source: ordered, disjoint, within the text, each with its node's text; the gaps are
 * whitespace, or text skipped after an error. (A `)` right after a closing quote, which nginx accepts without a
 * space, is a word of its own: `if ($a = "b")` has the arguments `($a`, `=`, `b` and `)`.)
 */
export function checkSpans(file: ConfigFile): void {
  const text = file.text;
  const spans = lexicalSpans(file);
  let at = 0;
  for (const s of spans) {
    assert.ok(s.start >= at, `span ${s.kind} at ${s.start} overlaps the previous one (ends ${at}) near ${show(text, s.start)}`);
    assert.ok(s.end >= s.start && s.end <= text.length, `span ${s.kind} ${s.start}..${s.end} outside the text`);
    at = s.end;
    const t = text.slice(s.start, s.end);
    if (s.kind === 'open') assert.equal(t, '{');
    if (s.kind === 'close') assert.equal(t, '}');
    if (s.kind === 'semicolon') assert.equal(t, ';');
    if (s.kind === 'comment') assert.equal(t[0], '#');
    if (s.kind === 'arg') assert.ok(t.length > 0, 'an argument is never empty text');
  }
  const errorStarts = file.errors.map((e) => e.range.start.offset);
  for (const g of spanGaps(text, spans)) {
    if (g.whitespace) continue;
    const t = text.slice(g.start, g.end);
    const explained = errorStarts.some((e) => e >= g.start && e <= g.end);
    assert.ok(explained, `text ${JSON.stringify(t.slice(0, 60))} at ${g.start} is in no span, and no error explains it`);
  }
}

/**
 * Runs `fn`, failing if it logs a rule failure: the analysis catches a rule's exception (one broken rule must not
 * silence the others) and logs it, so "never throws" alone would not see one.
 */
export function withoutRuleFailures<T>(fn: () => T): T {
  const failures: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]): void => {
    const line = args.map(String).join(' ');
    if (/^nginx-ws: rule \S+ failed/.test(line)) failures.push(line);
    else original(...args);
  };
  try {
    const r = fn();
    assert.deepEqual(failures, [], 'a rule threw');
    return r;
  } finally {
    console.error = original;
  }
}

/** Analyses `text` with every rule: it must not throw, and findings about this text must lie inside it. */
export function checkAnalysis(text: string, uri = 'file:///robustness/nginx.conf'): number {
  const a = withoutRuleFailures(() => analyzeText(uri, text));
  const index = new LineIndex(text);
  for (const f of a.findings) {
    assert.ok(f.message.length > 0, `${f.rule}: empty message`);
    if (f.uri !== a.uri) continue;
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.line < index.lineCount, `${f.rule}: line ${p.line} of ${index.lineCount}`);
      const lineEnd = p.line + 1 < index.lineCount ? index.lineStart(p.line + 1) : text.length;
      assert.ok(p.character >= 0 && index.lineStart(p.line) + p.character <= lineEnd, `${f.rule}: character ${p.character} past line ${p.line}'s end`);
    }
  }
  return a.findings.length;
}
