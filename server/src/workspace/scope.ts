import type { Directive } from '../parser/ast';
import type { BlockContext } from '../reference';
import { bodyContext } from './contexts';
import type { FileInstance } from './graph';

/** A block as nginx sees it: a block directive in one file instance, or the top of an instance (its include site's block). */
export interface Scope {
  /** The block directive; undefined for the top level of the instance's file. */
  block?: Directive;
  instance: FileInstance;
}

/** A directive together with the file instance it was reached through. */
export interface Placed {
  directive: Directive;
  instance: FileInstance;
}

/** The context that the scope's body stands in. */
export function scopeContext(s: Scope): BlockContext | undefined {
  if (!s.block) return s.instance.context;
  const outer = s.instance.contexts.get(s.block);
  return outer && bodyContext(s.block, outer);
}

/**
 * The enclosing block, crossing `include` boundaries; undefined at the top of the main config. A file's top level
 * is not a level of its own: nginx reads an included file into the block that includes it, so a directive at the
 * top of `conf.d/10-site.conf` stands beside those of `conf.d/00-proxy.conf` in the same `http`.
 */
export function parentScope(s: Scope): Scope | undefined {
  if (s.block) {
    const p = s.block.parent;
    return p.kind === 'directive' ? { block: p, instance: s.instance } : levelOf(s.instance);
  }
  return s.instance.site ? siteLevel(s.instance.site) : enclosingHttp(s.instance);
}

/**
 * A site file that nothing includes, in a project whose main config is known: it is deployed into that config's
 * `http` block (a sites-enabled link, a conf.d copy), so it inherits what that block sets.
 */
function enclosingHttp(instance: FileInstance): Scope | undefined {
  const tree = instance.tree;
  if (tree.isMain || !tree.enclosing || instance !== tree.root || instance.context !== 'http') return undefined;
  const main = tree.enclosing.root;
  const http = (main.named.get('http') ?? []).find((d) => d.parent.kind === 'file' && d.block);
  return http ? { block: http, instance: main } : undefined;
}

/** The scope a file's top level belongs to: the block that includes it, or the file itself when nothing does. */
export function levelOf(instance: FileInstance): Scope {
  return instance.site ? siteLevel(instance.site) : topOf(instance);
}

function siteLevel(site: NonNullable<FileInstance['site']>): Scope {
  const p = site.directive.parent;
  return p.kind === 'directive' ? { block: p, instance: site.instance } : levelOf(site.instance);
}

function topOf(instance: FileInstance): Scope {
  return { instance };
}

/** The scope a directive stands in. */
export function scopeOf(d: Directive, instance: FileInstance): Scope {
  return d.parent.kind === 'directive' ? { block: d.parent, instance } : { instance };
}

interface Index {
  all: Placed[];
  /** Only for scopes with many directives: a few lookups in a short list cost less than building a map. */
  byName?: Map<string, Placed[]>;
}

/** Per instance, per block (undefined: the top level): the scope's directives, all and by name. */
const cache = new WeakMap<FileInstance, Map<Directive | undefined, Index>>();

const MAP_ABOVE = 24;

function indexed(s: Scope): Index {
  let perInstance = cache.get(s.instance);
  if (!perInstance) cache.set(s.instance, (perInstance = new Map()));
  let entry = perInstance.get(s.block);
  if (!entry) {
    const all = collect(s);
    entry = { all };
    if (all.length > MAP_ABOVE) {
      const byName = new Map<string, Placed[]>();
      for (const p of all) {
        const list = byName.get(p.directive.name);
        if (list) list.push(p);
        else byName.set(p.directive.name, [p]);
      }
      entry.byName = byName;
    }
    perInstance.set(s.block, entry);
  }
  return entry;
}

function collect(s: Scope): Placed[] {
  const out: Placed[] = [];
  const children = s.block ? (s.block.block?.children ?? []) : s.instance.file.children;
  const add = (list: typeof children, instance: FileInstance, depth: number): void => {
    for (const c of list) {
      if (c.kind !== 'directive') continue;
      const included = c.name === 'include' ? instance.includes.get(c) : undefined;
      if (included && depth < 64) {
        for (const inst of included) add(inst.file.children, inst, depth + 1);
      } else out.push({ directive: c, instance });
    }
  };
  add(children, s.instance, 0);
  return out;
}

/** The directives directly inside a scope, with `include`d files' top levels spliced in where nginx reads them. */
export function scopeDirectives(s: Scope): readonly Placed[] {
  return indexed(s).all;
}

const NONE: readonly Placed[] = [];

/**
 * The directives named `name` directly inside a scope (includes spliced in). Rules ask this for nearly every
 * location: a short block without includes is scanned on the spot, anything else is indexed once.
 */
export function scopeDirectivesNamed(s: Scope, name: string): readonly Placed[] {
  const children = s.block ? (s.block.block?.children ?? []) : s.instance.file.children;
  if (children.length <= MAP_ABOVE) {
    let out: Placed[] | undefined;
    for (const c of children) {
      if (c.kind !== 'directive') continue;
      if (c.name === 'include' && s.instance.includes.has(c)) return namedIn(indexed(s), name);
      if (c.name === name) (out ??= []).push({ directive: c, instance: s.instance });
    }
    return out ?? NONE;
  }
  return namedIn(indexed(s), name);
}

function namedIn(ix: Index, name: string): readonly Placed[] {
  if (ix.byName) return ix.byName.get(name) ?? NONE;
  let out: Placed[] | undefined;
  for (const p of ix.all) if (p.directive.name === name) (out ??= []).push(p);
  return out ?? NONE;
}

/**
 * The first directive directly inside a scope (includes spliced in) that passes `test`. A block without includes is
 * read in place: asked of every location, building its spliced list would cost more than the question.
 */
export function firstInScope(s: Scope, test: (d: Directive) => boolean): Placed | undefined {
  const children = s.block ? (s.block.block?.children ?? []) : s.instance.file.children;
  for (const c of children) {
    if (c.kind !== 'directive') continue;
    if (c.name === 'include' && s.instance.includes.has(c)) return indexed(s).all.find((p) => test(p.directive));
  }
  for (const c of children) if (c.kind === 'directive' && test(c)) return { directive: c, instance: s.instance };
  return undefined;
}
