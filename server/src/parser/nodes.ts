import type { Arg, Block, ConfigFile, Directive, QuoteKind, Range, Statement } from './ast';
import type { LineIndex } from './lineIndex';
import { SourceRange } from './sourceRange';

/**
 * The parser's directives and arguments keep offsets and make their ranges when asked: a large config has tens of
 * thousands of them, and a range object for every name, argument, `;` and statement was most of the tree's weight.
 */
export class ParsedDirective implements Directive {
  readonly kind = 'directive';
  args: Arg[] = [];
  block: ParsedBlock | undefined = undefined;
  recovered: true | undefined = undefined;
  /** Offset of the `;`, or -1. */
  semicolonAt = -1;
  /** Where the statement ends: after its `;`, its last word, or its block. */
  endOffset: number;

  constructor(
    readonly name: string,
    readonly nameQuote: QuoteKind,
    readonly parent: Directive | ConfigFile,
    readonly index: LineIndex,
    readonly startOffset: number,
    private readonly nameEnd: number,
  ) {
    this.endOffset = nameEnd;
  }

  get nameRange(): Range {
    return new SourceRange(this.index, this.startOffset, this.nameEnd);
  }

  get semicolon(): Range | undefined {
    return this.semicolonAt < 0 ? undefined : new SourceRange(this.index, this.semicolonAt, this.semicolonAt + 1);
  }

  get range(): Range {
    return new SourceRange(this.index, this.startOffset, this.endOffset);
  }
}

export class ParsedArg implements Arg {
  readonly kind = 'arg';

  constructor(
    readonly value: string,
    /** The exact source text, quotes included. */
    readonly raw: string,
    readonly quote: QuoteKind,
    readonly parent: ParsedDirective,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get range(): Range {
    return new SourceRange(this.parent.index, this.startOffset, this.endOffset);
  }
}

export class ParsedBlock implements Block {
  readonly kind = 'block';
  children: Statement[] = [];
  rawBody: { text: string; range: Range } | undefined = undefined;
  /** Offset of the `}`, or -1 while it is missing. */
  closeAt = -1;
  /** Where the block ends: after its `}`, or where the text ended. */
  endOffset: number;

  constructor(
    private readonly index: LineIndex,
    readonly openAt: number,
  ) {
    this.endOffset = openAt + 1;
  }

  get open(): Range {
    return new SourceRange(this.index, this.openAt, this.openAt + 1);
  }

  get close(): Range | undefined {
    return this.closeAt < 0 ? undefined : new SourceRange(this.index, this.closeAt, this.closeAt + 1);
  }

  get range(): Range {
    return new SourceRange(this.index, this.openAt, this.endOffset);
  }
}
