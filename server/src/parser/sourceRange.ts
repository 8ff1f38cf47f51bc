import type { Loc, Range } from './ast';
import type { LineIndex } from './lineIndex';

/** What turns a parse's offsets into lines: its text's line index, made when first asked for. */
export interface LineSource {
  readonly lines: LineIndex;
}

/**
 * A range the parser makes: two offsets, with line and character worked out the first time someone asks. Most
 * ranges of a large config are never shown, and three objects per range made up most of the parse's garbage.
 */
export class SourceRange implements Range {
  private s: Loc | undefined = undefined;
  private e: Loc | undefined = undefined;

  constructor(
    readonly source: LineSource,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get start(): Loc {
    return (this.s ??= this.source.lines.loc(this.startOffset));
  }

  get end(): Loc {
    return (this.e ??= this.source.lines.loc(this.endOffset));
  }

  /** Plain data, so that a range prints and serialises like any other. */
  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** The part of `r` from `from` to `to` characters into it; `r` must lie on one line. */
export function innerRange(r: Range, from: number, to: number): Range {
  if (r instanceof SourceRange) return new SourceRange(r.source, r.startOffset + from, r.startOffset + to);
  const { start } = r;
  return {
    start: { offset: start.offset + from, line: start.line, character: start.character + from },
    end: { offset: start.offset + to, line: start.line, character: start.character + to },
  };
}
