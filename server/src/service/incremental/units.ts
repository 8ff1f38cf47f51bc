import type { Directive, Statement } from '../../parser/ast';
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
  /**
   * The cache key: its context, where it starts on its line, a hash of its text, and how many units with the same
   * come before it. A hit is checked against `text`: the key only finds the entry.
   */
  key: string;
  text: string;
  startLine: number;
  endLine: number;
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
  const seen = new Map<string, number>();
  const slice = (s: Statement): string => text.slice(s.range.start.offset, s.range.end.offset);
  const addUnit = (d: Directive): void => {
    const body = text.slice(d.range.start.offset, d.range.end.offset);
    const id = `${instance.contexts.get(d) ?? ''}\u0000${d.range.start.character}\u0000${body.length}\u0000${hashOf(body)}`;
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    units.push({
      directive: d,
      index: units.length,
      key: `${n}\u0000${id}`,
      text: body,
      startLine: d.range.start.line,
      endLine: d.range.end.line,
      startOffset: d.range.start.offset,
      endOffset: d.range.end.offset,
    });
    lines.push(d.range.start.line);
  };
  const addShell = (s: Statement): void => {
    shell.push(slice(s));
    lines.push(s.range.start.line);
    if (s.kind === 'directive') shellDirectives.push(s);
  };
  const visit = (list: readonly Statement[], top: boolean): void => {
    for (const s of list) {
      if (s.kind === 'directive' && s.block && !s.block.rawBody && top && instance.context === 'main' && HOLDERS.has(s.name)) {
        // The holder's header and braces belong to the shell; its children are visited in turn.
        shell.push(`${s.name}\u0000${s.args.map((a) => a.raw).join(' ')}\u0000{`);
        lines.push(s.range.start.line);
        shellDirectives.push(s);
        visit(s.block.children, false);
        shell.push('}');
        continue;
      }
      if (s.kind === 'directive' && s.block) addUnit(s);
      else addShell(s);
    }
  };
  visit(instance.file.children, true);
  return { units, shell: shell.join('\u0002'), shellDirectives, lines: lines.join(',') };
}

/** The unit holding a position, by binary search over the units in file order; undefined in the shell. */
export function unitAt(units: readonly Unit[], line: number, character: number): Unit | undefined {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid];
    const s = u.directive.range.start;
    const e = u.directive.range.end;
    const afterStart = line > s.line || (line === s.line && character >= s.character);
    const beforeEnd = line < e.line || (line === e.line && character < e.character);
    if (afterStart && beforeEnd) return u;
    if (!afterStart) hi = mid - 1;
    else lo = mid + 1;
  }
  return undefined;
}

/** Two 32-bit FNV-style hashes of a text, for cache keys that do not copy the text. */
function hashOf(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}`;
}
