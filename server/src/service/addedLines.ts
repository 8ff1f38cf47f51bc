import type { ConfigFile, Directive, Statement } from '../parser/ast';
import { parse } from '../parser/parse';

/**
 * What an insertion adds, so that one fix-all pass does not take two fixes that add the same line to the same
 * block (two rules each adding `proxy_set_header Host`, at different points, would give the backend two Host
 * headers). The later fix waits a pass; the re-analysis then decides whether it is still wanted.
 */

/** Directives written many times in one block, told apart by their first argument (the header, the variable). */
const KEYED_BY_FIRST_ARG: ReadonlySet<string> = new Set([
  'proxy_set_header',
  'grpc_set_header',
  'add_header',
  'add_trailer',
  'fastcgi_param',
  'uwsgi_param',
  'scgi_param',
  'map',
  'set',
  'server',
  'include',
  'proxy_hide_header',
  'proxy_pass_header',
]);

/** The innermost block (as the offset of its `{`, -1 for the file's top level) that holds `offset`. */
function enclosingBlock(children: readonly Statement[], offset: number): number {
  for (const c of children) {
    if (c.kind !== 'directive' || !c.block) continue;
    const open = c.block.open.end.offset;
    const close = c.block.close?.start.offset ?? Number.POSITIVE_INFINITY;
    if (open <= offset && offset <= close) {
      const inner = enclosingBlock(c.block.children, offset);
      return inner === -1 ? c.block.open.start.offset : inner;
    }
  }
  return -1;
}

function keyOf(d: Directive): string {
  const name = d.name.toLowerCase();
  const first = d.args[0]?.value;
  return KEYED_BY_FIRST_ARG.has(name) && first !== undefined ? `${name} ${name === 'set' || name === 'map' ? first : first.toLowerCase()}` : name;
}

/**
 * Keys (`block offset|directive key`) for the directives an edit inserts into `text`. A replacement (start < end)
 * or an insertion that does not parse on its own adds nothing we can name: it gets no keys.
 */
export function addedKeys(file: () => ConfigFile, start: number, end: number, newText: string): string[] {
  if (start !== end || !newText.trim()) return [];
  const inserted = parse(newText);
  if (inserted.errors.length > 0) return [];
  const block = enclosingBlock(file().children, start);
  return inserted.children.filter((c): c is Directive => c.kind === 'directive').map((d) => `${block}|${keyOf(d)}`);
}
