import type { SyntaxIssue } from '../parser/ast';
import { DATA_BLOCKS, parse } from '../parser/parse';
import { lexicalSpans, type LexicalSpan } from '../parser/spans';

/** How one level of nesting is indented: `'    '`, `'\t'`. */
export interface FormatOptions {
  indent: string;
}

/** The indent unit for `insertSpaces`/`tabSize`, as editors describe it. */
export function indentUnit(insertSpaces: boolean, tabSize: number): string {
  const width = Number.isInteger(tabSize) && tabSize > 0 ? Math.min(tabSize, 16) : 4;
  return insertSpaces ? ' '.repeat(width) : '\t';
}

/** Replace `text.slice(start, end)` by `newText`; offsets into the unformatted text. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export type FormatResult =
  /** `edits` are ordered and disjoint; each one on its own keeps every word of the config as it was. */
  | { kind: 'formatted'; text: string; edits: OffsetEdit[] }
  /** nginx would stop on this file: it is left as it is. */
  | { kind: 'syntax-error'; issue: SyntaxIssue }
  /** The formatted text would not read back as the same config (a bug of ours): the file is left as it is. */
  | { kind: 'unsafe'; reason: string };

/**
 * Formats nginx configuration text by changing only the whitespace between the parser's words, `{`, `}`, `;`
 * and comments (and the leading whitespace of Lua block lines where no Lua string can span them). Every quoted
 * or unquoted word, comment and raw body keeps its exact text; the result is parsed again and compared, word
 * by word, with the input before it is returned.
 */
export function formatText(text: string, options: FormatOptions): FormatResult {
  const file = parse(text);
  if (file.errors.length > 0) return { kind: 'syntax-error', issue: file.errors[0] };
  const spans = lexicalSpans(file);
  if (spans.length === 0) return { kind: 'formatted', text, edits: [] };
  const edits = layoutEdits(text, spans, options.indent);
  const out = applyEdits(text, edits);
  const again = parse(out);
  if (again.errors.length > 0) return { kind: 'unsafe', reason: `the formatted text does not parse: ${again.errors[0].message}` };
  const before = signature(text, spans);
  const after = signature(out, lexicalSpans(again));
  if (before.length !== after.length) return { kind: 'unsafe', reason: 'the formatted text has a different number of words' };
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== after[i]) return { kind: 'unsafe', reason: `the formatted text changes ${JSON.stringify(before[i].slice(0, 40))}` };
  }
  return { kind: 'formatted', text: out, edits };
}

/** The edits of a formatting that touch `[start, end)`: applying any subset of them is as safe as applying all. */
export function editsInRange(edits: readonly OffsetEdit[], start: number, end: number): OffsetEdit[] {
  return edits.filter((e) => (e.start < end && e.end > start) || (e.start === e.end && e.start >= start && e.start <= end));
}

export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** What must not change: each span's kind and text, Lua bodies up to the indentation `luaBody` may change. */
function signature(text: string, spans: readonly LexicalSpan[]): string[] {
  return spans.map((s) => {
    const t = text.slice(s.start, s.end);
    return `${s.kind}:${s.kind === 'raw' && luaIndentSafe(t) ? t.replace(/^[ \t]+/gm, '').replace(/[ \t]+$/, '') : t}`;
  });
}

const BLOCK_LUA = /_by_lua_block$/;

/** The whitespace edits that lay `spans` out one statement per line, indented by nesting. */
function layoutEdits(text: string, spans: readonly LexicalSpan[], unit: string): OffsetEdit[] {
  const nl = lineBreakOf(text, spans);
  const edits: OffsetEdit[] = [];
  const indents: string[] = [];
  const ind = (d: number): string => (indents[d] ??= unit.repeat(d));
  // Only the part that differs is replaced, so that an edit stays on the lines it changes.
  const put = (start: number, end: number, newText: string): void => {
    const old = text.slice(start, end);
    if (old === newText) return;
    let head = 0;
    while (head < old.length && head < newText.length && old[head] === newText[head]) head++;
    let tail = 0;
    while (tail < old.length - head && tail < newText.length - head && old[old.length - 1 - tail] === newText[newText.length - 1 - tail]) tail++;
    edits.push({ start: start + head, end: end - tail, newText: newText.slice(head, newText.length - tail) });
  };

  let depth = 0;
  /** The name of the directive whose block each open level is. */
  const blocks: string[] = [];
  let lastName = '';
  /** Between a directive's name and its `;` or `{`. */
  let inStatement = false;
  /** The indentation the current directive's line had, when its name started the line. */
  let nameLead: string | undefined;
  /**
   * A line that continues a directive (a `log_format` string on its own line) keeps its depth relative to the
   * directive's own line, so that continuation strings lined up under the first one stay lined up.
   */
  const continuation = (gap: string): string => {
    const lead = gap.slice(gap.lastIndexOf('\n') + 1);
    if (nameLead !== undefined && lead.length > nameLead.length && lead.startsWith(nameLead) && /^[ \t]*$/.test(lead)) {
      return nl + ind(depth) + lead.slice(nameLead.length);
    }
    return nl + ind(depth + 1);
  };
  let prev: LexicalSpan | undefined;

  for (const s of spans) {
    const gapStart = prev ? prev.end : 0;
    const gap = text.slice(gapStart, s.start);
    const breaks = countBreaks(gap);
    const lines = (): string => (breaks >= 2 ? nl + nl : nl);
    const inData = DATA_BLOCKS.has(blocks[blocks.length - 1] ?? '');
    let want: string;
    switch (s.kind) {
      case 'comment':
        if (!prev) want = '';
        else if (breaks === 0) want = ' ';
        else if (inStatement) want = continuation(gap);
        else if (prev.kind === 'open') want = nl + ind(depth);
        else want = lines() + ind(depth);
        break;
      case 'name':
        if (!prev) want = '';
        else if (prev.kind === 'open') want = nl + ind(depth);
        else want = lines() + ind(depth);
        lastName = text.slice(s.start, s.end);
        {
          // The name starts its line when only whitespace and a line break (or the file's start) come before it.
          const lead = gap.slice(gap.lastIndexOf('\n') + 1);
          nameLead = (!prev || gap.includes('\n')) && /^[ \t]*$/.test(lead) ? lead : undefined;
        }
        inStatement = true;
        break;
      case 'arg':
        if (prev?.kind === 'comment' || breaks > 0) want = continuation(gap);
        else if (gap === '') want = '';
        else if (inData && /^[ \t]+$/.test(gap)) want = gap;
        else want = ' ';
        break;
      case 'semicolon':
        want = prev?.kind === 'comment' ? continuation(gap) : '';
        inStatement = false;
        break;
      case 'open':
        want = prev?.kind === 'comment' ? nl + ind(depth) : ' ';
        inStatement = false;
        blocks.push(lastName);
        depth++;
        break;
      case 'raw':
        want = gap;
        if (BLOCK_LUA.test(blocks[blocks.length - 1] ?? '')) {
          const body = text.slice(s.start, s.end);
          const laid = luaBody(body, ind(depth), ind(depth - 1));
          if (laid !== body) put(s.start, s.end, laid);
        }
        break;
      case 'close':
        depth = Math.max(0, depth - 1);
        blocks.pop();
        inStatement = false;
        // An empty block closes on its own line: `events {}`. A raw body runs up to the `}`.
        want = prev?.kind === 'open' ? '' : prev?.kind === 'raw' ? gap : nl + ind(depth);
        break;
    }
    put(gapStart, s.start, want);
    prev = s;
  }
  if (prev) put(prev.end, text.length, nl);
  return edits;
}

/**
 * The file's line break: CRLF when most breaks between words (those the formatting keeps: not the ones before the
 * first word) are CRLF. Breaks inside strings and Lua bodies do not count: they are never changed.
 */
function lineBreakOf(text: string, spans: readonly LexicalSpan[]): string {
  let crlf = 0;
  let lf = 0;
  for (let i = 1; i <= spans.length; i++) {
    const end = i < spans.length ? spans[i].start : text.length;
    for (let at = spans[i - 1].end; at < end; at++) {
      if (text.charCodeAt(at) !== 10) continue;
      if (text.charCodeAt(at - 1) === 13) crlf++;
      else lf++;
    }
  }
  return crlf > lf ? '\r\n' : '\n';
}

function countBreaks(gap: string): number {
  let n = 0;
  for (let i = 0; i < gap.length; i++) if (gap.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Whether the leading whitespace of a Lua body's lines is outside every Lua string: Lua strings span lines only
 * as long brackets (`[[ ]]`, `[==[ ]==]`, also long comments) or with a backslash before the line break or `\z`.
 */
function luaIndentSafe(body: string): boolean {
  return body.includes('\n') && !/\[=*\[/.test(body) && !/\\(\r?\n|z)/.test(body);
}

/**
 * A Lua body's lines moved as one to `inner` (the first line, after the `{`, stays as it is); a last line that
 * holds only the `}`'s indentation gets `outer`. Left as written when a string could span lines.
 */
function luaBody(body: string, inner: string, outer: string): string {
  if (!luaIndentSafe(body)) return body;
  const lines = body.split('\n');
  const last = lines.length - 1;
  const blank = (l: string): boolean => /^[ \t]*\r?$/.test(l);
  let common: string | undefined;
  for (let i = 1; i <= last; i++) {
    const l = lines[i];
    if (blank(l)) continue;
    const lead = /^[ \t]*/.exec(l)?.[0] ?? '';
    if (common === undefined) common = lead;
    else {
      let k = 0;
      while (k < common.length && k < lead.length && common[k] === lead[k]) k++;
      common = common.slice(0, k);
    }
  }
  const cut = common?.length ?? 0;
  for (let i = 1; i <= last; i++) {
    const l = lines[i];
    if (i === last && /^[ \t]*$/.test(l)) lines[i] = outer;
    else if (blank(l)) lines[i] = l.endsWith('\r') ? '\r' : '';
    else lines[i] = inner + l.slice(cut);
  }
  return lines.join('\n');
}
