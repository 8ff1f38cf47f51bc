import { LineIndex } from './lineIndex';
import type { LineSource } from './sourceRange';
import { ESCAPED, QUOTE_MASK, UNTERMINATED, unescapeWord } from './tokenizer';

/*
 * The parse as flat records in typed arrays: one per statement, one per word. Parsing writes only these; the tree's
 * objects (nodes.ts) are made from them when a consumer first reads a list. Tens of thousands of objects made
 * during the parse, all surviving, were most of its time (the young generation copies every survivor).
 */

/** Fields of a statement record (`STRIDE` ints each). Record 0 stands for the file; its children are the file's. */
export const FLAGS = 0;
/** A directive's first word (its name) in the word table; a comment's start (the `#`). */
export const WORD = 1;
/** A directive's number of words, name included; a comment's end (without the line break). */
export const WORDS = 2;
/** Offset of the `;`, or -1. */
export const SEMI = 3;
/** Where the statement ends: after its `;`, its last word, or its block. A block ends there too. */
export const END = 4;
/** Offset of the block's `{`, or -1 for no block. */
export const OPEN = 5;
/** Offset of the block's `}`, or -1 while (or when) it is missing. */
export const CLOSE = 6;
/** First and last statement of the block (or of the file, for record 0), and the next one after this; -1 for none. */
export const FIRST = 7;
export const LAST = 8;
export const NEXT = 9;
export const STRIDE = 10;

/** FLAGS bits. */
export const IS_COMMENT = 1;
/** The block's body is raw text (a Lua block, or one nested beyond MAX_NESTING). */
export const RAW_BODY = 2;
/** nginx stopped inside this statement with a syntax error (see Directive.recovered). */
export const RECOVERED = 4;

/** Fields of a word record: its span (quotes included) and flags. */
export const WORD_STRIDE = 3;

export class ParseRecords implements LineSource {
  statements: Int32Array;
  statementCount = 1;
  words: Int32Array;
  wordCount = 0;
  private lineIndex: LineIndex | undefined = undefined;
  /** Directive names repeat throughout a config: one string for each. */
  private names: Map<string, string> | undefined = undefined;

  /** `text` is the text parsed (a template's rendered view, not what the editor shows). */
  constructor(readonly text: string) {
    // About one statement per 36 characters and one word per 14 in real configs; the tables grow when needed.
    this.statements = new Int32Array(STRIDE * (16 + (text.length >> 5)));
    this.words = new Int32Array(WORD_STRIDE * (16 + (text.length >> 3)));
    this.statements.fill(-1, 0, STRIDE);
    this.statements[FLAGS] = 0;
  }

  /** Offsets become lines only when someone asks for a position: many parses are never shown. */
  get lines(): LineIndex {
    return (this.lineIndex ??= LineIndex.of(this.text));
  }

  addWord(start: number, end: number, flags: number): number {
    const i = this.wordCount++;
    let w = this.words;
    if ((i + 1) * WORD_STRIDE > w.length) {
      w = new Int32Array(w.length * 2);
      w.set(this.words);
      this.words = w;
    }
    const o = i * WORD_STRIDE;
    w[o] = start;
    w[o + 1] = end;
    w[o + 2] = flags;
    return i;
  }

  /** A new statement record, the last child of `parent`; its fields other than FLAGS, FIRST, LAST and NEXT are the caller's to set. */
  addStatement(parent: number, flags: number): number {
    const r = this.statementCount++;
    let s = this.statements;
    if ((r + 1) * STRIDE > s.length) {
      s = new Int32Array(s.length * 2);
      s.set(this.statements);
      this.statements = s;
    }
    const o = r * STRIDE;
    s[o + FLAGS] = flags;
    s[o + FIRST] = -1;
    s[o + LAST] = -1;
    s[o + NEXT] = -1;
    const p = parent * STRIDE;
    const last = s[p + LAST];
    if (last === -1) s[p + FIRST] = r;
    else s[last * STRIDE + NEXT] = r;
    s[p + LAST] = r;
    return r;
  }

  /** The parse is complete: keep the tables without their spare capacity. */
  trim(): void {
    this.statements = this.statements.slice(0, this.statementCount * STRIDE);
    this.words = this.words.slice(0, this.wordCount * WORD_STRIDE);
  }

  /** Where a word's content starts and ends: inside its quotes. */
  valueStart(word: number): number {
    const o = word * WORD_STRIDE;
    return (this.words[o + 2] & QUOTE_MASK) === 0 ? this.words[o] : this.words[o] + 1;
  }

  valueEnd(word: number): number {
    const o = word * WORD_STRIDE;
    const f = this.words[o + 2];
    return (f & QUOTE_MASK) === 0 || (f & UNTERMINATED) !== 0 ? this.words[o + 1] : this.words[o + 1] - 1;
  }

  /** The word after nginx's unquoting and unescaping. */
  value(word: number): string {
    const start = this.valueStart(word);
    const end = this.valueEnd(word);
    return (this.words[word * WORD_STRIDE + 2] & ESCAPED) !== 0 ? unescapeWord(this.text, start, end) : this.text.slice(start, end);
  }

  /** Whether the word's value ends with `suffix`, without making the value when it has no escapes. */
  valueEndsWith(word: number, suffix: string): boolean {
    if ((this.words[word * WORD_STRIDE + 2] & ESCAPED) !== 0) return this.value(word).endsWith(suffix);
    const end = this.valueEnd(word);
    return end - this.valueStart(word) >= suffix.length && this.text.endsWith(suffix, end);
  }

  /** The name of the directive of record `r`, one string per distinct name. */
  name(r: number): string {
    const s = this.value(this.statements[r * STRIDE + WORD]);
    const names = (this.names ??= new Map());
    const hit = names.get(s);
    if (hit !== undefined) return hit;
    names.set(s, s);
    return s;
  }
}
