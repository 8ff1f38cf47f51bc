import type { ConfigFile, Directive, Statement } from '../parser/ast';
import { toPosRange } from './analyze';
import type { PosRange } from '../rules/types';

/** The outline of a config: one symbol per block directive (`http`, `server`, `location`, `upstream`, ...), nested as in the file. */

/** Plain names for the kinds of outline entry; the LSP layer maps them to its numeric SymbolKind. */
export type OutlineKind = 'namespace' | 'event' | 'class' | 'method' | 'struct' | 'variable' | 'operator' | 'function' | 'object';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole directive, block included. */
  range: PosRange;
  /** The directive's name: what the editor highlights and reveals. */
  selectionRange: PosRange;
  children: OutlineSymbol[];
}

const KINDS: Record<string, OutlineKind> = {
  http: 'namespace',
  stream: 'namespace',
  mail: 'namespace',
  events: 'event',
  server: 'class',
  location: 'method',
  limit_except: 'method',
  if: 'operator',
  upstream: 'struct',
  map: 'variable',
  geo: 'variable',
  split_clients: 'variable',
};

/** Long arguments (a `map` regex, a quoted `if` condition) would crowd the outline. */
const MAX_NAME = 80;

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_NAME ? `${one.slice(0, MAX_NAME - 1)}…` : one;
}

/** Arguments as written (quotes kept), so that `if ($x = "")` reads as in the file. */
function argsOf(d: Directive): string[] {
  return d.args.map((a) => a.raw);
}

function childDirectives(d: Directive, name: string): Directive[] {
  return (d.block?.children ?? []).filter((c): c is Directive => c.kind === 'directive' && c.name === name);
}

/** `server` is named by its `server_name`s, or by its `listen` addresses when it has none. */
function serverLabel(d: Directive): { name: string; detail?: string } {
  const names = childDirectives(d, 'server_name').flatMap(argsOf).filter((n) => n !== '' && n !== '""');
  const listens = childDirectives(d, 'listen').map((l) => l.args[0]?.raw ?? '').filter((l) => l !== '');
  if (names.length > 0) {
    return { name: clip(`server ${names.join(' ')}`), detail: listens.length > 0 ? clip(`listen ${listens.join(', ')}`) : undefined };
  }
  if (listens.length > 0) return { name: clip(`server ${listens.join(', ')}`) };
  return { name: 'server' };
}

function label(d: Directive, text: string): { name: string; detail?: string } {
  if (d.name === 'server' && !d.args.length) return serverLabel(d);
  // A nameless `{` (a syntax error) still gets an entry, so that its children stay reachable; names must not be empty.
  const name = d.name === '' ? '{' : d.name;
  if (d.args.length === 0) return { name };
  // The arguments as the file spells them: `if ($x = "")` is four words to nginx but reads best unsplit.
  const args = text.slice(d.args[0].range.start.offset, d.args[d.args.length - 1].range.end.offset);
  return { name: clip(`${name} ${args}`) };
}

function kindOf(d: Directive): OutlineKind {
  if (/_by_lua_block$/.test(d.name)) return 'function';
  return KINDS[d.name] ?? 'object';
}

function collect(statements: readonly Statement[], text: string): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const s of statements) {
    if (s.kind !== 'directive' || !s.block) continue;
    const { name, detail } = label(s, text);
    const sym: OutlineSymbol = {
      name,
      kind: kindOf(s),
      range: toPosRange(s.range),
      selectionRange: toPosRange(s.nameRange),
      children: collect(s.block.children, text),
    };
    if (detail !== undefined) sym.detail = detail;
    out.push(sym);
  }
  return out;
}

export function documentSymbols(file: ConfigFile): OutlineSymbol[] {
  return collect(file.children, file.text);
}
