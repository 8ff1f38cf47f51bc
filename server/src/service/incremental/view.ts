import type { Directive } from '../../parser/ast';
import type { BlockContext } from '../../rules/types';
import type { ConfigTree, FileInstance } from '../../workspace/graph';
import { collectSymbols, withFallback, type Symbols } from '../../workspace/symbols';
import type { Layout, Unit } from './units';

/** An instance that shows the rules only some of its file's directives, in a copy of its tree. */
export interface View {
  instance: FileInstance;
  symbols: Symbols;
}

/**
 * A copy of the instance's tree in which the instance lists only the directives of the shell and of `units`
 * (`contexts` and `named`, which the rules iterate), so that a rule run on it visits those blocks alone. Everything
 * else is as in the real tree: the parse (parents, children, text), the other files, and the symbols, which are
 * collected again so that each definition and use names the copy's instances (rules compare instances by identity).
 * The real tree's symbols must have been collected first: each file's names are then reused, not collected again
 * from the restricted lists.
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
  const own = collectSymbols(copy);
  return { instance: view, symbols: tree.enclosing ? withFallback(own, realSymbols) : own };
}

/**
 * The contexts of the listed directives when iterated (rules visit what `forEach` gives them), but every directive's
 * when asked for one: a rule may look up where an upstream of another unit stands.
 */
class ListedContexts extends Map<Directive, BlockContext> {
  constructor(private readonly all: ReadonlyMap<Directive, BlockContext>) {
    super();
  }

  list(d: Directive, ctx: BlockContext): void {
    super.set(d, ctx);
  }

  override get(d: Directive): BlockContext | undefined {
    return this.all.get(d);
  }

  override has(d: Directive): boolean {
    return this.all.has(d);
  }
}
