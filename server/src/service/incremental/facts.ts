import type { ConfigFile, Directive } from '../../parser/ast';
import { treeWithoutTls } from '../../rules/serverBlocks';
import type { FileInstance } from '../../workspace/graph';
import type { Symbols } from '../../workspace/symbols';
import type { Workspace } from '../../workspace/workspace';
import type { Settings } from '../../rules/settings';
import { endOffsetOf, offsetOf, unitAtOffset, type Layout } from './units';

let nextId = 1;
const ids = new WeakMap<object, number>();

/** A number per object, for fingerprints: a parse stands for its file's text, a settings object for its values. */
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/**
 * Everything outside the units of an instance that a block-local rule may read, as one string: while it is the same,
 * a unit with the same text has the same findings. It holds the settings, where the instance stands (its context,
 * tree and the other files of the workspace, by parse), the shell around the units, the include problems of other
 * files, and every name the tree defines with the text that defines it and the unit it stands in (rules read the
 * servers of an upstream, the lines of a map, whether an upstream comes before a proxy_pass).
 */
export function factsOf(ws: Workspace, instance: FileInstance, symbols: Symbols, settings: Settings, layout: Layout): string {
  const tree = instance.tree;
  const parts: string[] = [
    String(idOf(settings)),
    instance.path,
    instance.context,
    tree.rootPath,
    String(tree.isMain),
    tree.prefix,
    String(tree.instances.indexOf(instance)),
    // ws-plain-http says nothing in a whole config, all of its includes read, where no server speaks TLS.
    String(treeWithoutTls(tree)),
    layout.shell,
  ];
  for (const t of ws.getTrees()) {
    parts.push(`T${t.rootPath}`);
    for (const i of t.instances) parts.push(i.path === instance.path ? `=${i.context}` : `${idOf(i.file as ConfigFile)}${i.context}`);
  }
  for (const p of tree.problems) parts.push(p.path === instance.path ? `P${p.kind}${p.message}` : `P${p.path}${p.range.start.line}${p.message}`);
  for (const def of symbols.definitions) {
    parts.push(`D${def.kind}\u0000${def.name}\u0000${def.instance.path}\u0000${textOf(def.directive, def.instance.file)}`);
  }
  return parts.join('\u0003');
}

const texts = new WeakMap<Directive, string>();

/** A directive's text in its file, once per parse: the facts name every definition of the tree, on every edit. */
function textOf(d: Directive, file: ConfigFile): string {
  let t = texts.get(d);
  if (t === undefined) {
    const r = d.range;
    texts.set(d, (t = file.text.slice(offsetOf(r), endOffsetOf(r))));
  }
  return t;
}

/**
 * Per unit, a hash of the names this file defines before it. Which definitions come before a block is all that their
 * order can change for it (nginx reports a `proxy_pass http://name:port` from the upstream block when that comes
 * later): a block added or removed elsewhere leaves the other units' keys alone.
 */
export function definedBefore(instance: FileInstance, symbols: Symbols, layout: Layout): string[] {
  const at = new Map<number, string[]>();
  for (const def of symbols.definitions) {
    if (def.instance.path !== instance.path) continue;
    const u = unitAtOffset(layout.units, offsetOf(def.directive.range));
    if (!u) continue;
    const list = at.get(u.index);
    if (list) list.push(`${def.kind}:${def.name}`);
    else at.set(u.index, [`${def.kind}:${def.name}`]);
  }
  const out: string[] = [];
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const u of layout.units) {
    out.push(`${h1.toString(36)}.${h2.toString(36)}`);
    for (const name of at.get(u.index) ?? []) {
      for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
      }
      h1 = Math.imul(h1 ^ 0x2c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ 0x2c, 0x5bd1e995) >>> 0;
    }
  }
  return out;
}
