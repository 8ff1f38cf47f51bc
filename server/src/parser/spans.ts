import type { ConfigFile, Statement } from './ast';

export type SpanKind = 'name' | 'arg' | 'comment' | 'open' | 'close' | 'semicolon' | 'raw';

/** A stretch of source text that one piece of the tree stands for: `text.slice(start, end)`. */
export interface LexicalSpan {
  kind: SpanKind;
  start: number;
  end: number;
}

/**
 * Every piece of source text the tree accounts for, in document order: directive names, arguments (quotes
 * included), comments (`#` included, without the line break), `{`, `}`, `;`, and the raw bodies of Lua blocks
 * and of blocks cut off at MAX_NESTING, sorted by start. A nameless `{` gives an empty name span.
 *
 * What "the spans reconstruct the source" means, as the robustness tests check it:
 * - the spans are ordered and disjoint and lie within the text, so spans and the gaps between them
 *   (before the first, between two, after the last) concatenate to exactly the text;
 * - each span's text is what its node says: an argument's `raw`, `{` `}` `;`, `#` + a comment's text, a raw body's text;
 * - every gap is whitespace (space, tab, CR, LF), except where recovery skipped text after an error, which
 *   shows as an error range starting inside (or at an end of) the gap.
 *
 * The walk keeps its own stack: it never recurses, whatever the depth of the tree.
 */
export function lexicalSpans(file: ConfigFile): LexicalSpan[] {
  const out: LexicalSpan[] = [];
  // Work items: a statement to emit, or the `}` of a block whose children have been emitted.
  type Item = { st: Statement } | { close: number };
  const work: Item[] = [];
  const pushList = (list: Statement[]): void => {
    for (let i = list.length - 1; i >= 0; i--) work.push({ st: list[i] });
  };
  pushList(file.children);
  while (work.length > 0) {
    const item = work.pop() as Item;
    if ('close' in item) {
      out.push({ kind: 'close', start: item.close, end: item.close + 1 });
      continue;
    }
    const s = item.st;
    if (s.kind === 'comment') {
      out.push({ kind: 'comment', start: s.range.start.offset, end: s.range.end.offset });
      continue;
    }
    out.push({ kind: 'name', start: s.nameRange.start.offset, end: s.nameRange.end.offset });
    for (const a of s.args) out.push({ kind: 'arg', start: a.range.start.offset, end: a.range.end.offset });
    if (s.semicolon) out.push({ kind: 'semicolon', start: s.semicolon.start.offset, end: s.semicolon.end.offset });
    const b = s.block;
    if (!b) continue;
    out.push({ kind: 'open', start: b.open.start.offset, end: b.open.end.offset });
    if (b.rawBody) {
      out.push({ kind: 'raw', start: b.rawBody.range.start.offset, end: b.rawBody.range.end.offset });
      if (b.close) out.push({ kind: 'close', start: b.close.start.offset, end: b.close.end.offset });
      continue;
    }
    if (b.close) work.push({ close: b.close.start.offset });
    pushList(b.children);
  }
  // Comments between a directive's words are listed after the directive (as crossplane lists them): sort them in.
  // The sort is stable, so an empty name span stays before the `{` at the same offset.
  return out.sort((x, y) => x.start - y.start);
}

/** What `lexicalSpans` leaves out: the gaps between spans, and which of them hold more than whitespace. */
export interface SpanGap {
  start: number;
  end: number;
  /** Only space, tab, CR and LF. */
  whitespace: boolean;
}

/** The gaps around `spans` (which must be ordered and disjoint) in `text`. */
export function spanGaps(text: string, spans: readonly LexicalSpan[]): SpanGap[] {
  const gaps: SpanGap[] = [];
  let at = 0;
  const gap = (start: number, end: number): void => {
    if (end <= start) return;
    gaps.push({ start, end, whitespace: /^[ \t\r\n]*$/.test(text.slice(start, end)) });
  };
  for (const s of spans) {
    gap(at, s.start);
    at = Math.max(at, s.end);
  }
  gap(at, text.length);
  return gaps;
}
