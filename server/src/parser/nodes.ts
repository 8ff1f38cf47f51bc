import type { Arg, Block, ConfigFile, Directive, QuoteKind, Range } from './ast';
import type { LineIndex } from './lineIndex';
import { SourceRange } from './sourceRange';

/**
 * The parser's directives and arguments keep offsets and make their ranges when asked: a large config has tens of
 * thousands of them, and a range object for every name, argument, `;` and statement was most of the tree's weight.
 */
export class ParsedDirective implements Directive {
  readonly kind = 'directive';
  args: Arg[] = [];
  block: Block | undefined = undefined;
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
