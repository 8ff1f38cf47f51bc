import type { Directive } from '../../parser/ast';
import type { BlockContext } from '../../reference';
import type { ConfigTree, DirectiveContexts, FileInstance } from '../../workspace/graph';
import type { Definition, Symbols, Use } from '../../workspace/symbols';
import { offsetOf, unitAtOffset, type Layout, type Unit } from './units';

/** An instance that shows the rules only some of its file's directives, in a copy of its tree. */
export interface View {
  instance: FileInstance;
  symbols: Symbols;
}

/**
 * A copy of the instance's tree in which the instance lists only the directives of the shell and of `units`
 * (`contexts` and `named`, which the rules iterate), so that a rule run on it visits those blocks alone. Everything
 * else is as in the real tree: the parse (parents, children, text), the other files, and the symbols, in which each
 * definition and use names the copy of its instance (rules compare instances by identity).
 */
export function restrictedView(real: FileInstance, realSymbols: Symbols, layout: Layout, units: readonly Unit[]): View {
  const tree = real.tree;
  const copy: ConfigTree = { ...tree, instances: [] };
  const copies = new Map<FileInstance, FileInstance>();
  for (const inst of tree.instances) {
    const c: FileInstance = { ...inst, tree: copy, includes: new Map() };
    copies.set(inst, c);
    copy.instances.push(c);
  }
  for (const [inst, c] of copies) {
    if (inst.site) c.site = { instance: copies.get(inst.site.instance) ?? inst.site.instance, directive: inst.site.directive };
    for (const [d, targets] of inst.includes) c.includes.set(d, targets.map((t) => copies.get(t) ?? t));
  }
  copy.root = copies.get(tree.root) ?? tree.root;
  const view = copies.get(real) as FileInstance;
  const contexts = new ListedContexts(real.contexts);
  const named = new Map<string, Directive[]>();
  const add = (d: Directive): void => {
    const ctx = real.contexts.get(d);
    if (ctx === undefined) return;
    contexts.list(d, ctx);
    const list = named.get(d.name);
    if (list) list.push(d);
    else named.set(d.name, [d]);
  };
  const addTree = (d: Directive): void => {
    add(d);
    for (const c of d.block?.children ?? []) if (c.kind === 'directive') addTree(c);
  };
  // In reading order: the shell's directives and the chosen units' as they stand in the file.
  const chosen = new Set(units);
  let si = 0;
  const shell = layout.shellDirectives;
  const shellStarts = shell.map((d) => d.range.start.offset);
  for (const u of layout.units) {
    while (si < shell.length && shellStarts[si] < u.startOffset) add(shell[si++]);
    if (chosen.has(u)) addTree(u.directive);
  }
  while (si < shell.length) add(shell[si++]);
  view.contexts = contexts;
  view.named = named;
  // The view's own uses are those of the shell and the chosen units: the rules' findings elsewhere would be dropped.
  const listed = (u: Use): boolean => {
    const at = unitAtOffset(layout.units, offsetOf(u.range));
    return at === undefined || chosen.has(at);
  };
  return { instance: view, symbols: repointed(realSymbols, copies, view, listed) };
}

/** Maps a definition or use to one naming the copy of its instance, once per object. */
function onCopies<T extends { instance: FileInstance }>(copies: ReadonlyMap<FileInstance, FileInstance>): (item: T) => T {
  const mapped = new Map<T, T>();
  return (item) => {
    let m = mapped.get(item);
    if (!m) {
      const c = copies.get(item.instance);
      mapped.set(item, (m = c ? { ...item, instance: c } : item));
    }
    return m;
  };
}

/**
 * The real tree's symbols with each definition and use naming the copy of its instance, made as the rules ask for
 * them: a rule run on a few blocks looks up a few names, and copying all of a large tree's took longer than the rules.
 * A definition is mapped once, so that the lists and the lookups hand out the same objects, as `collectSymbols` does.
 * The view's own uses are only those `listed`: a rule reports at a use, and only the chosen units' findings are kept.
 */
function repointed(real: Symbols, copies: ReadonlyMap<FileInstance, FileInstance>, view: FileInstance, listed: (u: Use) => boolean): Symbols {
  const originals = new Map<FileInstance, FileInstance>();
  for (const [r, c] of copies) originals.set(c, r);
  const def = onCopies<Definition>(copies);
  const use = onCopies<Use>(copies);
  let definitions: Definition[] | undefined;
  let uses: Use[] | undefined;
  const byName = new Map<string, Definition[]>();
  const usesIn = new Map<FileInstance, readonly Use[]>();
  return {
    get definitions(): Definition[] {
      return (definitions ??= real.definitions.map(def));
    },
    get uses(): Use[] {
      return (uses ??= real.uses.map(use));
    },
    usesIn: (instance) => {
      let list = usesIn.get(instance);
      if (!list) {
        const own = real.usesIn(originals.get(instance) ?? instance);
        usesIn.set(instance, (list = (instance === view ? own.filter(listed) : own).map(use)));
      }
      return list;
    },
    byName: (kind, name) => {
      const key = `${kind}\u0000${name}`;
      let list = byName.get(key);
      if (!list) byName.set(key, (list = real.byName(kind, name).map(def)));
      return list;
    },
  };
}

/**
 * The contexts of the listed directives when iterated (rules visit what `forEach` gives them), but every directive's
 * when asked for one: a rule may look up where an upstream of another unit stands.
 */
class ListedContexts implements DirectiveContexts {
  private readonly listed: Directive[] = [];
  private readonly contexts: BlockContext[] = [];

  constructor(private readonly all: DirectiveContexts) {}

  list(d: Directive, ctx: BlockContext): void {
    this.listed.push(d);
    this.contexts.push(ctx);
  }

  get(d: Directive): BlockContext | undefined {
    return this.all.get(d);
  }

  has(d: Directive): boolean {
    return this.all.has(d);
  }

  forEach(visit: (context: BlockContext, d: Directive) => void): void {
    for (let i = 0; i < this.listed.length; i++) visit(this.contexts[i], this.listed[i]);
  }
}
