import type { Arg, Block, Comment, ConfigFile, Directive, QuoteKind, Range, Statement, SyntaxIssue } from './ast';
import { CLOSE, END, FIRST, FLAGS, IS_COMMENT, NEXT, OPEN, RAW_BODY, RECOVERED, SEMI, STRIDE, WORD, WORDS, WORD_STRIDE, type ParseRecords } from './records';
import { SourceRange } from './sourceRange';
import { QUOTE_MASK } from './tokenizer';

/*
 * The tree's objects, made from the parse's records (records.ts) when first read: a statement list when someone
 * reads `children`, a directive's arguments when someone reads `args`. Each is made once and kept, so that the
 * same node is the same object every time; its offsets stay in the records, and its ranges are made when asked.
 */

const QUOTES: readonly QuoteKind[] = ['none', 'single', 'double'];

/** The statements of record `r` (0: the file), in order, with `parent` as their parent. */
function statementList(records: ParseRecords, r: number, parent: ParsedDirective | ParsedFile): Statement[] {
  const s = records.statements;
  const out: Statement[] = [];
  for (let c = s[r * STRIDE + FIRST]; c !== -1; c = s[c * STRIDE + NEXT]) {
    out.push((s[c * STRIDE + FLAGS] & IS_COMMENT) !== 0 ? new ParsedComment(records, c, parent) : new ParsedDirective(records, c, parent));
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

export class ParsedDirective implements Directive {
  readonly kind = 'directive';
  readonly name: string;
  private argList: Arg[] | undefined = undefined;
  private blockNode: ParsedBlock | undefined = undefined;

  constructor(
    readonly records: ParseRecords,
    /** This directive's statement record. */
    readonly record: number,
    readonly parent: Directive | ConfigFile,
  ) {
    this.name = records.name(record);
  }

  private field(f: number): number {
    return this.records.statements[this.record * STRIDE + f];
  }

  get nameQuote(): QuoteKind {
    return QUOTES[this.records.words[this.field(WORD) * WORD_STRIDE + 2] & QUOTE_MASK];
  }

  get args(): Arg[] {
    if (this.argList) return this.argList;
    const first = this.field(WORD);
    const n = this.field(WORDS);
    const args: Arg[] = [];
    for (let w = first + 1; w < first + n; w++) args.push(new ParsedArg(this, w));
    return (this.argList = args);
  }

  get block(): ParsedBlock | undefined {
    if (this.blockNode === undefined && this.field(OPEN) !== -1) this.blockNode = new ParsedBlock(this);
    return this.blockNode;
  }

  get recovered(): true | undefined {
    return (this.field(FLAGS) & RECOVERED) !== 0 ? true : undefined;
  }

  get startOffset(): number {
    return this.records.words[this.field(WORD) * WORD_STRIDE];
  }

  /** Where the statement ends: after its `;`, its last word, or its block. */
  get endOffset(): number {
    return this.field(END);
  }

  /** Offset of the `;`, or -1. */
  get semicolonAt(): number {
    return this.field(SEMI);
  }

  get nameRange(): Range {
    const o = this.field(WORD) * WORD_STRIDE;
    return new SourceRange(this.records, this.records.words[o], this.records.words[o + 1]);
  }

  get semicolon(): Range | undefined {
    const at = this.field(SEMI);
    return at < 0 ? undefined : new SourceRange(this.records, at, at + 1);
  }

  get range(): Range {
    return new SourceRange(this.records, this.startOffset, this.field(END));
  }
}

export class ParsedArg implements Arg {
  readonly kind = 'arg';
  readonly value: string;

  constructor(
    readonly parent: ParsedDirective,
    /** This argument's word record. */
    readonly word: number,
  ) {
    this.value = parent.records.value(word);
  }

  /** The exact source text, quotes included. */
  get raw(): string {
    const w = this.parent.records.words;
    return this.parent.records.text.slice(w[this.word * WORD_STRIDE], w[this.word * WORD_STRIDE + 1]);
  }

  get quote(): QuoteKind {
    return QUOTES[this.parent.records.words[this.word * WORD_STRIDE + 2] & QUOTE_MASK];
  }

  get startOffset(): number {
    return this.parent.records.words[this.word * WORD_STRIDE];
  }

  get endOffset(): number {
    return this.parent.records.words[this.word * WORD_STRIDE + 1];
  }

  get range(): Range {
    return new SourceRange(this.parent.records, this.startOffset, this.endOffset);
  }
}

export class ParsedBlock implements Block {
  readonly kind = 'block';
  private list: Statement[] | undefined = undefined;
  private raw: { text: string; range: Range } | undefined = undefined;

  constructor(private readonly owner: ParsedDirective) {}

  private field(f: number): number {
    return this.owner.records.statements[this.owner.record * STRIDE + f];
  }

  get children(): Statement[] {
    return (this.list ??= statementList(this.owner.records, this.owner.record, this.owner));
  }

  /** For `*_by_lua_block` and blocks nested beyond MAX_NESTING: the body as it stands, from after `{` to before `}`. */
  get rawBody(): { text: string; range: Range } | undefined {
    if (this.raw || (this.field(FLAGS) & RAW_BODY) === 0) return this.raw;
    const records = this.owner.records;
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
    return this.field(END);
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
    return new SourceRange(this.owner.records, this.field(OPEN), this.field(END));
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
    this.text = records.text.slice(records.statements[o + WORD] + 1, records.statements[o + WORDS]);
  }

  get range(): Range {
    const o = this.record * STRIDE;
    return new SourceRange(this.records, this.records.statements[o + WORD], this.records.statements[o + WORDS]);
  }
}
