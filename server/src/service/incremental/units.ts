import type { Directive, Range, Statement } from '../../parser/ast';
import { SourceRange } from '../../parser/sourceRange';
import type { FileInstance } from '../../workspace/graph';

/**
 * A block the incremental analysis caches findings for: a block directive at the top of a main config (`events`) or
 * directly inside its `http`/`stream`/`mail` block (`server`, `upstream`, `map`, ...), or a block at the top of a
 * file included at http or stream level.
 */
export interface Unit {
  directive: Directive;
  /** Its place among the units. */
  index: number;
  /** Its text: the cache's key. */
  text: string;
  /** What else a cached entry must match: the context it stands in and the character it starts at on its line. */
  variant: string;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  startOffset: number;
  endOffset: number;
}

/** A file cut into units, and what is left around them. */
export interface Layout {
  /** In file order. */
  units: Unit[];
  /**
   * The text of every statement that is no unit (simple directives, comments, the headers of the blocks that hold
   * units), in order: whatever it holds may count for every unit. Where the units stand among them does not: nginx
   * merges a level's settings into its blocks wherever they are written.
   */
  shell: string;
  /** The statements of the shell that are directives, with the blocks holding units, in reading order. */
  shellDirectives: Directive[];
  /** Start line of every unit and shell statement: a message that names a line stays true only while this is the same. */
  lines: string;
  /** Every unit and shell statement in file order: its start line and its text, for what a message's line names. */
  starts: number[];
  texts: string[];
}

/** The blocks whose children are units at the top of a main config. */
const HOLDERS: ReadonlySet<string> = new Set(['http', 'stream', 'mail']);

/** The contexts whose top-level blocks are units in an included file: each such block stands on its own there. */
const UNIT_LEVELS: ReadonlySet<string> = new Set(['main', 'http', 'stream']);

/** The units of an instance, or undefined when its top level is not cut into units (such files are analysed whole). */
export function layoutOf(instance: FileInstance): Layout | undefined {
  if (!UNIT_LEVELS.has(instance.context)) return undefined;
  const text = instance.file.text;
  const units: Unit[] = [];
  const shell: string[] = [];
  const shellDirectives: Directive[] = [];
  const lines: number[] = [];
  const texts: string[] = [];
  const addUnit = (d: Directive): void => {
    // A range is made anew at each read, with its lines looked up: once per unit.
    const r = d.range;
    const s = r.start;
    const e = r.end;
    units.push({
      directive: d,
      index: units.length,
      text: text.slice(s.offset, e.offset),
      variant: `${instance.contexts.get(d) ?? ''}\u0000${s.character}`,
      startLine: s.line,
      startCharacter: s.character,
      endLine: e.line,
      endCharacter: e.character,
      startOffset: s.offset,
      endOffset: e.offset,
    });
    lines.push(s.line);
    texts.push(units[units.length - 1].text);
  };
  const addShell = (st: Statement): void => {
    const r = st.range;
    const s = r.start;
    const body = text.slice(s.offset, r.end.offset);
    shell.push(body);
    lines.push(s.line);
    texts.push(body);
    if (st.kind === 'directive') shellDirectives.push(st);
  };
  const visit = (list: readonly Statement[], top: boolean): void => {
    for (const st of list) {
      if (st.kind === 'directive' && st.block && !st.block.rawBody && top && instance.context === 'main' && HOLDERS.has(st.name)) {
        // The holder's header and braces belong to the shell; its children are visited in turn.
        const head = `${st.name}\u0000${st.args.map((a) => a.raw).join(' ')}\u0000{`;
        shell.push(head);
        lines.push(st.range.start.line);
        texts.push(head);
        shellDirectives.push(st);
        visit(st.block.children, false);
        shell.push('}');
        continue;
      }
      if (st.kind === 'directive' && st.block) addUnit(st);
      else addShell(st);
    }
  };
  visit(instance.file.children, true);
  return { units, shell: shell.join('\u0002'), shellDirectives, lines: lines.join(','), starts: lines, texts };
}

/** The unit holding a position, by binary search over the units in file order; undefined in the shell. */
export function unitAt(units: readonly Unit[], line: number, character: number): Unit | undefined {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid];
    const afterStart = line > u.startLine || (line === u.startLine && character >= u.startCharacter);
    const beforeEnd = line < u.endLine || (line === u.endLine && character < u.endCharacter);
    if (afterStart && beforeEnd) return u;
    if (!afterStart) hi = mid - 1;
    else lo = mid + 1;
  }
  return undefined;
}

/** Where a range starts and ends, without working out its lines: a parser's range holds its offsets. */
export function offsetOf(r: Range): number {
  return r instanceof SourceRange ? r.startOffset : r.start.offset;
}

export function endOffsetOf(r: Range): number {
  return r instanceof SourceRange ? r.endOffset : r.end.offset;
}

/** The unit holding an offset; undefined in the shell. */
export function unitAtOffset(units: readonly Unit[], offset: number): Unit | undefined {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid];
    if (offset < u.startOffset) hi = mid - 1;
    else if (offset >= u.endOffset) lo = mid + 1;
    else return u;
  }
  return undefined;
}


/** The statement (unit or shell) that a line belongs to: the last one starting at or before it; -1 before the first. */
export function statementAtLine(layout: Layout, line: number): number {
  let lo = 0;
  let hi = layout.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (layout.starts[mid] <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
