import * as path from 'node:path';
import type { Directive, Range, Statement } from '../parser/ast';
import type { FileInstance } from '../workspace/graph';
import type { Definition, Use } from '../workspace/symbols';
import type { Workspace } from '../workspace/workspace';
import { rangeContains, toPosRange } from './analyze';
import { pathToUri } from '../workspace/uri';
import type { PosRange, Position } from '../rules/types';

export interface Location {
  uri: string;
  range: PosRange;
}

export interface DocumentLink {
  range: PosRange;
  target: string;
  tooltip: string;
}

export interface WorkspaceSymbol {
  name: string;
  kind: 'server' | 'upstream' | 'location' | 'map';
  /** The enclosing server's name, for locations. */
  container?: string;
  location: Location;
}

function loc(instance: FileInstance, range: Range): Location {
  return { uri: pathToUri(instance.path), range: toPosRange(range) };
}

/** The definition or use of a name under the cursor, in any instance of the file. */
function symbolAt(ws: Workspace, p: string, pos: Position): { name: string; kind: Definition['kind']; instance: FileInstance } | undefined {
  for (const inst of ws.instancesOf(p)) {
    const syms = ws.symbols(inst.tree);
    const hit: Definition | Use | undefined =
      syms.definitions.find((d) => d.instance === inst && rangeContains(d.range, pos)) ?? syms.uses.find((u) => u.instance === inst && rangeContains(u.range, pos));
    if (hit) return { name: hit.name, kind: hit.kind, instance: inst };
  }
  return undefined;
}

function dedupe(list: Location[]): Location[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const k = `${l.uri}|${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Where the upstream, variable, zone or named location under the cursor is defined (across files). */
export function definition(ws: Workspace, p: string, pos: Position): Location[] {
  const s = symbolAt(ws, p, pos);
  if (!s) return [];
  return dedupe(ws.symbols(s.instance.tree).byName(s.kind, s.name).map((d) => loc(d.instance, d.range)));
}

/** Every use (and, when asked, every definition) of the name under the cursor, in every tree that holds the file. */
export function references(ws: Workspace, p: string, pos: Position, includeDeclaration: boolean): Location[] {
  const s = symbolAt(ws, p, pos);
  if (!s) return [];
  const out: Location[] = [];
  for (const tree of ws.getTrees()) {
    if (tree !== s.instance.tree && tree.enclosing !== s.instance.tree && s.instance.tree.enclosing !== tree) continue;
    const syms = ws.symbols(tree);
    for (const u of syms.uses) if (u.kind === s.kind && u.name === s.name) out.push(loc(u.instance, u.range));
    if (includeDeclaration) for (const d of syms.definitions) if (d.kind === s.kind && d.name === s.name) out.push(loc(d.instance, d.range));
  }
  return dedupe(out);
}

/** Each `include` argument links to the file it names (the first file of a glob; the tooltip lists them all). */
export function documentLinks(ws: Workspace, p: string): DocumentLink[] {
  const out: DocumentLink[] = [];
  const seen = new Set<Directive>();
  for (const inst of ws.instancesOf(p)) {
    for (const [d, targets] of inst.includes) {
      if (seen.has(d) || targets.length === 0) continue;
      seen.add(d);
      const names = targets.map((t) => path.relative(path.dirname(p), t.path));
      const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
      out.push({ range: toPosRange(d.args[0].range), target: pathToUri(targets[0].path), tooltip: `Open ${shown}` });
    }
  }
  return out;
}

/** Servers, upstreams, maps and locations of the whole workspace, filtered by a case-insensitive substring. */
export function workspaceSymbols(ws: Workspace, query: string): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbol[] = [];
  for (const p of ws.files) {
    const file = ws.parse(p);
    if (!file) continue;
    const instance = ws.instancesOf(p)[0];
    if (!instance) continue;
    const visit = (list: Statement[], server?: string): void => {
      for (const s of list) {
        if (s.kind !== 'directive') continue;
        const args = s.args.map((a) => a.value).join(' ');
        let kind: WorkspaceSymbol['kind'] | undefined;
        let name = '';
        if (s.name === 'server' && s.block && instance.contexts.get(s) !== 'upstream') {
          kind = 'server';
          name = serverName(s);
        } else if (s.name === 'upstream' && s.block) {
          kind = 'upstream';
          name = args;
        } else if (s.name === 'location' && s.block) {
          kind = 'location';
          name = `location ${args}`;
        } else if (s.name === 'map' && s.block) {
          kind = 'map';
          name = s.args[1]?.value ?? args;
        }
        if (kind && name.toLowerCase().includes(q)) out.push({ name, kind, container: kind === 'location' ? server : undefined, location: loc(instance, s.nameRange) });
        if (s.block) visit(s.block.children, kind === 'server' ? name : server);
      }
    };
    visit(file.children);
  }
  return out;
}

function serverName(s: Directive): string {
  const children = s.block?.children ?? [];
  const names = children.find((c): c is Directive => c.kind === 'directive' && c.name === 'server_name');
  const listen = children.find((c): c is Directive => c.kind === 'directive' && c.name === 'listen');
  return names?.args.map((a) => a.value).join(' ') || (listen ? `server ${listen.args[0]?.value ?? ''}` : 'server');
}
