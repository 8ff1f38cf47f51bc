import type { BlockContext } from '../reference';
import type { Arg, Block, Comment, ConfigFile, Directive, QuoteKind, Range, Statement, SyntaxIssue } from './ast';
import {
  BLOCK,
  BLOCK_STRIDE,
  CLOSE,
  END,
  FIRST,
  FLAGS,
  IS_COMMENT,
  NAME_END,
  NAMELESS,
  NEXT,
  OPEN,
  RAW_BODY,
  RECOVERED,
  SEMICOLON_END,
  START,
  STRIDE,
  type ParseRecords,
} from './records';
import { SourceRange } from './sourceRange';
import { ERROR, NEW_WORD, QUOTE_MASK, quoteOf, Scanner, wordValue } from './tokenizer';

/*
 * The tree's objects, made from the parse's records (records.ts) when first read: a statement list when someone
 * reads `children`, a directive's arguments when someone reads `args` (its words read again from the text). Each is
 * made once and kept, so that the same node is the same object every time; ranges are made when asked.
 */

const QUOTES: readonly QuoteKind[] = ['none', 'single', 'double'];

/** The statements of block record `b` (0: the file's), in order, with `parent` as their parent. */
function statementList(records: ParseRecords, b: number, parent: ParsedDirective | ParsedFile): Statement[] {
  const s = records.statements;
  const first = records.blocks[b * BLOCK_STRIDE + FIRST];
  let n = 0;
  for (let c = first; c !== -1; c = s[c * STRIDE + NEXT]) n++;
  // At its size: a list grown by push keeps spare room, which tens of thousands of lists would hold for good.
  const out = new Array<Statement>(n);
  let i = 0;
  for (let c = first; c !== -1; c = s[c * STRIDE + NEXT]) {
    out[i++] = (s[c * STRIDE + FLAGS] & IS_COMMENT) !== 0 ? new ParsedComment(records, c, parent) : new ParsedDirective(records, c, parent);
  }
  return out;
}

export class ParsedFile implements ConfigFile {
  readonly kind = 'file';
  readonly range: Range;
  declare template?: ConfigFile['template'];
  private list: Statement[] | undefined = undefined;

  constructor(
    readonly records: ParseRecords,
    /** What the editor shows: for a template, not the text parsed (see parser/template.ts). */
    public text: string,
    readonly errors: SyntaxIssue[],
  ) {
    this.range = new SourceRange(records, 0, text.length);
  }

  get children(): Statement[] {
    return (this.list ??= statementList(this.records, 0, this));
  }
}

/** Reads a statement's words again, from its name on, the way the parse read them (over the same errors). */
const rescan = new Scanner('');

export class ParsedDirective implements Directive {
  readonly kind = 'directive';
  readonly name: string;
  /** Made with the directive (its statements when first read): walkers ask every directive for its block. */
  readonly block: ParsedBlock | undefined;
  private argList: Arg[] | undefined = undefined;
  walkOwner: object | undefined = undefined;
  walkContext: BlockContext | undefined = undefined;

  constructor(
    readonly records: ParseRecords,
    /** This directive's statement record. */
    readonly record: number,
    readonly parent: Directive | ConfigFile,
  ) {
    this.name = records.name(record);
    const b = records.statements[record * STRIDE + BLOCK];
    this.block = b === -1 ? undefined : new ParsedBlock(this, b);
  }

  private field(f: number): number {
    return this.records.statements[this.record * STRIDE + f];
  }

  get nameQuote(): QuoteKind {
    return QUOTES[quoteOf(this.records.text, this.field(START), this.field(NAME_END))];
  }

  get args(): Arg[] {
    if (this.argList) return this.argList;
    if ((this.field(FLAGS) & NAMELESS) !== 0) return (this.argList = []);
    rescan.text = this.records.text;
    rescan.pos = this.field(START);
    rescan.commentCount = 0;
    let end = rescan.read();
    while (end === ERROR && rescan.recover === NEW_WORD) end = rescan.read(true);
    const w = rescan.words;
    const args = new Array<Arg>(rescan.wordCount - 1);
    for (let i = 1; i < rescan.wordCount; i++) args[i - 1] = new ParsedArg(this, w[3 * i], w[3 * i + 1], w[3 * i + 2]);
    rescan.text = '';
    return (this.argList = args);
  }

  get recovered(): true | undefined {
    return (this.field(FLAGS) & RECOVERED) !== 0 ? true : undefined;
  }

  get startOffset(): number {
    return this.field(START);
  }

  /** Where the statement ends: after its `;`, its last word, or its block. */
  get endOffset(): number {
    return this.field(END);
  }

  /** Offset of the `;`, or -1. */
  get semicolonAt(): number {
    return (this.field(FLAGS) & SEMICOLON_END) !== 0 ? this.field(END) - 1 : -1;
  }

  get nameRange(): Range {
    return new SourceRange(this.records, this.field(START), this.field(NAME_END));
  }

  get semicolon(): Range | undefined {
    const at = this.semicolonAt;
    return at < 0 ? undefined : new SourceRange(this.records, at, at + 1);
  }

  get range(): Range {
    return new SourceRange(this.records, this.field(START), this.field(END));
  }
}

export class ParsedArg implements Arg {
  readonly kind = 'arg';
  readonly value: string;

  constructor(
    readonly parent: ParsedDirective,
    readonly startOffset: number,
    readonly endOffset: number,
    /** The word's flags as the scanner read them (quote kind, escapes, a missing closing quote). */
    private readonly flags: number,
  ) {
    this.value = wordValue(parent.records.text, startOffset, endOffset, flags);
  }

  /** The exact source text, quotes included. */
  get raw(): string {
    return this.parent.records.text.slice(this.startOffset, this.endOffset);
  }

  get quote(): QuoteKind {
    return QUOTES[this.flags & QUOTE_MASK];
  }

  get range(): Range {
    return new SourceRange(this.parent.records, this.startOffset, this.endOffset);
  }
}

export class ParsedBlock implements Block {
  readonly kind = 'block';
  private list: Statement[] | undefined = undefined;
  private raw: { text: string; range: Range } | undefined = undefined;

  constructor(
    private readonly owner: ParsedDirective,
    /** This block's record. */
    private readonly record: number,
  ) {}

  private field(f: number): number {
    return this.owner.records.blocks[this.record * BLOCK_STRIDE + f];
  }

  get children(): Statement[] {
    return (this.list ??= statementList(this.owner.records, this.record, this.owner));
  }

  /** For `*_by_lua_block` and blocks nested beyond MAX_NESTING: the body as it stands, from after `{` to before `}`. */
  get rawBody(): { text: string; range: Range } | undefined {
    const records = this.owner.records;
    if (this.raw || (records.statements[this.owner.record * STRIDE + FLAGS] & RAW_BODY) === 0) return this.raw;
    const close = this.field(CLOSE);
    const start = this.field(OPEN) + 1;
    const end = close === -1 ? records.text.length : close;
    return (this.raw = { text: records.text.slice(start, end), range: new SourceRange(records, start, end) });
  }

  /** Offset of the `{`. */
  get openAt(): number {
    return this.field(OPEN);
  }

  /** Offset of the `}`, or -1 when the file ended first. */
  get closeAt(): number {
    return this.field(CLOSE);
  }

  /** Where the block ends: after its `}`, or where the text ended. */
  get endOffset(): number {
    return this.owner.endOffset;
  }

  get open(): Range {
    const at = this.field(OPEN);
    return new SourceRange(this.owner.records, at, at + 1);
  }

  get close(): Range | undefined {
    const at = this.field(CLOSE);
    return at < 0 ? undefined : new SourceRange(this.owner.records, at, at + 1);
  }

  get range(): Range {
    return new SourceRange(this.owner.records, this.field(OPEN), this.owner.endOffset);
  }
}

export class ParsedComment implements Comment {
  readonly kind = 'comment';
  /** Text after `#`, without the line break. */
  readonly text: string;

  constructor(
    private readonly records: ParseRecords,
    private readonly record: number,
    readonly parent: Directive | ConfigFile,
  ) {
    const o = record * STRIDE;
    this.text = records.text.slice(records.statements[o + START] + 1, records.statements[o + NAME_END]);
  }

  get range(): Range {
    const o = this.record * STRIDE;
    return new SourceRange(this.records, this.records.statements[o + START], this.records.statements[o + NAME_END]);
  }
}
