import { LineIndex } from './lineIndex';
import type { LineSource } from './sourceRange';
import { ESCAPED, grow, quoteOf, UNTERMINATED, wordValue } from './tokenizer';

/*
 * The parse as flat records in one typed array: one per statement, one per block. Parsing writes only these; the
 * tree's objects (nodes.ts) are made from them when a consumer first reads a list, and a directive's arguments are
 * read again from its text when first asked for. Tens of thousands of objects made during the parse, all surviving,
 * were most of its time (the young generation copies every survivor), and fresh memory is slow to touch: the
 * records are written to a table kept from one parse to the next, then copied once at their final size.
 */

/** Fields of a statement record (`STRIDE` ints each). */
export const FLAGS = 0;
/** Where the directive's name starts; where a comment starts (its `#`). */
export const START = 1;
/** Where the directive's name ends (after its closing quote); where a comment ends (without the line break). */
export const NAME_END = 2;
/** Where the directive ends: after its `;`, its last word, or its block. A block ends there too. */
export const END = 3;
/** The next statement of the same list, or -1. */
export const NEXT = 4;
/** The directive's block record, or -1. */
export const BLOCK = 5;
export const STRIDE = 6;

/** FLAGS bits. */
export const IS_COMMENT = 1;
/** The block's body is raw text (a Lua block, or one nested beyond MAX_NESTING). */
export const RAW_BODY = 2;
/** nginx stopped inside this statement with a syntax error (see Directive.recovered); its words were read over the error. */
export const RECOVERED = 4;
/** The directive ends with a `;` (at END - 1). */
export const SEMICOLON_END = 8;
/** The name is a quoted word that the text ended inside. */
export const NAME_UNTERMINATED = 16;
/** The directive of a `{` that had no name: an empty name, no words to read again. */
export const NAMELESS = 32;

/** Fields of a block record. Block 0 stands for the file: its statements are the file's. */
export const OPEN = 0;
/** Offset of the `}`, or -1 while (or when) it is missing. */
export const CLOSE = 1;
/** First and last statement of the block, -1 for none. */
export const FIRST = 2;
export const LAST = 3;
export const BLOCK_STRIDE = 4;

/** The tables being written, kept for the next parse: their pages are already touched. */
let scratchStatements: Int32Array = new Int32Array(STRIDE * 1024);
let scratchBlocks: Int32Array = new Int32Array(BLOCK_STRIDE * 256);

export class ParseRecords implements LineSource {
  statements: Int32Array;
  statementCount = 0;
  blocks: Int32Array;
  blockCount = 1;
  private lineIndex: LineIndex | undefined = undefined;

  /** `text` is the text parsed (a template's rendered view, not what the editor shows). */
  constructor(readonly text: string) {
    // Grown once to what the text will likely need (about one statement per 36 characters in real configs).
    const likely = STRIDE * ((text.length >> 5) + 16);
    if (scratchStatements.length < likely) scratchStatements = new Int32Array(likely);
    this.statements = scratchStatements;
    this.blocks = scratchBlocks;
    this.blocks[FIRST] = -1;
    this.blocks[LAST] = -1;
  }

  /** Offsets become lines only when someone asks for a position: many parses are never shown. */
  get lines(): LineIndex {
    return (this.lineIndex ??= LineIndex.of(this.text));
  }

  /** A new statement record, the last of block `block`'s list; its fields other than FLAGS and NEXT are the caller's to set. */
  addStatement(block: number, flags: number): number {
    const r = this.statementCount++;
    if ((r + 1) * STRIDE > this.statements.length) this.statements = scratchStatements = grow(this.statements);
    const s = this.statements;
    const o = r * STRIDE;
    s[o + FLAGS] = flags;
    s[o + NEXT] = -1;
    s[o + BLOCK] = -1;
    const b = this.blocks;
    const last = b[block * BLOCK_STRIDE + LAST];
    if (last === -1) b[block * BLOCK_STRIDE + FIRST] = r;
    else s[last * STRIDE + NEXT] = r;
    b[block * BLOCK_STRIDE + LAST] = r;
    return r;
  }

  /** Gives directive record `d` an empty block opened at `openAt`. */
  addBlock(d: number, openAt: number): number {
    const k = this.blockCount++;
    if ((k + 1) * BLOCK_STRIDE > this.blocks.length) this.blocks = scratchBlocks = grow(this.blocks);
    const b = this.blocks;
    const o = k * BLOCK_STRIDE;
    b[o + OPEN] = openAt;
    b[o + CLOSE] = -1;
    b[o + FIRST] = -1;
    b[o + LAST] = -1;
    this.statements[d * STRIDE + BLOCK] = k;
    return k;
  }

  /** The parse is complete: the records move out of the scratch tables into one buffer of their size. */
  finish(): void {
    const ns = this.statementCount * STRIDE;
    const nb = this.blockCount * BLOCK_STRIDE;
    const all = new Int32Array(ns + nb);
    all.set(this.statements.subarray(0, ns));
    all.set(this.blocks.subarray(0, nb), ns);
    this.statements = all.subarray(0, ns);
    this.blocks = all.subarray(ns);
  }

  /** The name of the directive of record `r`, one string per distinct name. */
  name(r: number): string {
    const o = r * STRIDE;
    const s = this.statements;
    const start = s[o + START];
    const end = s[o + NAME_END];
    const flags = quoteOf(this.text, start, end) | ESCAPED | ((s[o + FLAGS] & NAME_UNTERMINATED) !== 0 ? UNTERMINATED : 0);
    const name = wordValue(this.text, start, end, flags);
    const hit = names.get(name);
    if (hit !== undefined) return hit;
    // Bounded: a stream of made-up names (generated or broken files) must not grow it for good.
    if (names.size >= 4096) names.clear();
    names.set(name, name);
    return name;
  }
}

/** Directive names repeat throughout a config and across configs: one string for each, shared by every tree. */
const names = new Map<string, string>();

