import type { Loc, Range } from './ast';

/** Maps UTF-16 offsets to LSP positions. Lines break at `\n`, `\r\n` and a lone `\r`, as LSP clients count them. */
export class LineIndex {
  private readonly starts: number[];
  private static readonly recent = new Map<string, LineIndex>();

  /** The index of a text, shared: fixes and hovers ask for the same few documents again and again. */
  static of(text: string): LineIndex {
    let ix = LineIndex.recent.get(text);
    if (!ix) {
      ix = new LineIndex(text);
      if (LineIndex.recent.size >= 8) LineIndex.recent.delete(LineIndex.recent.keys().next().value as string);
      LineIndex.recent.set(text, ix);
    }
    return ix;
  }

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** The line of the last lookup: the parser asks for offsets in nearly increasing order. */
  private cursor = 0;

  loc(offset: number): Loc {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    const c = this.cursor;
    if (starts[c] <= o) {
      if (c + 1 >= starts.length || o < starts[c + 1]) return { offset: o, line: c, character: o - starts[c] };
      if (c + 2 >= starts.length || o < starts[c + 2]) {
        this.cursor = c + 1;
        return { offset: o, line: c + 1, character: o - starts[c + 1] };
      }
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    this.cursor = lo;
    return { offset: o, line: lo, character: o - starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.loc(start), end: this.loc(end) };
  }

  /** The offset of an LSP position, clamped into the text. */
  offsetAt(line: number, character: number): number {
    if (line >= this.starts.length) return this.text.length;
    if (line < 0) return 0;
    const start = this.starts[line];
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return Math.max(start, Math.min(start + character, next));
  }
}
