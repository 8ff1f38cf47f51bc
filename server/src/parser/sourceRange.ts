import type { Loc, Range } from './ast';
import type { LineIndex } from './lineIndex';

/**
 * A range the parser makes: two offsets, with line and character worked out the first time someone asks. Most
 * ranges of a large config are never shown, and three objects per range made up most of the parse's garbage.
 */
export class SourceRange implements Range {
  private s: Loc | undefined = undefined;
  private e: Loc | undefined = undefined;

  constructor(
    private readonly index: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get start(): Loc {
    return (this.s ??= this.index.loc(this.startOffset));
  }

  get end(): Loc {
    return (this.e ??= this.index.loc(this.endOffset));
  }

  /** Plain data, so that a range prints and serialises like any other. */
  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}
