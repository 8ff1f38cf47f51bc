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
    readonly index: LineIndex,
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

/** The part of `r` from `from` to `to` characters into it; `r` must lie on one line. */
export function innerRange(r: Range, from: number, to: number): Range {
  if (r instanceof SourceRange) return new SourceRange(r.index, r.startOffset + from, r.startOffset + to);
  const { start } = r;
  return {
    start: { offset: start.offset + from, line: start.line, character: start.character + from },
    end: { offset: start.offset + to, line: start.line, character: start.character + to },
  };
}
