import type { Directive } from '../parser/ast';
import { handlerOf, type HandlerKind } from '../reference/handlerTypes';
import type { BlockContext } from '../reference';
import type { FileInstance } from '../workspace/graph';
import { levelOf, scopeDirectives, type Placed, type Scope } from '../workspace/scope';
import { verdictOf } from './directiveVerdict';

/** The generic slots that refuse a second value for their field (`return "is duplicate"`). */
const CHECKED: ReadonlySet<HandlerKind> = new Set(['flag', 'num', 'size', 'off', 'msec', 'sec', 'str', 'bufs', 'enum', 'path', 'access', 'complex', 'complex_size']);

/**
 * Custom handlers refuse a second call when their first statement says so; the generated table names the tested
 * field (`dup:...`). `root` and `alias` test theirs inside a longer branch, with a message of their own.
 */
const ROOT = 'dup:root';

function fieldOf(d: Directive, context: BlockContext): string | undefined {
  const h = handlerOf(d.name, context);
  if (!h) return undefined;
  if (h.kind === 'custom') return d.name === 'root' || d.name === 'alias' ? ROOT : h.field.startsWith('dup:') ? h.field : undefined;
  // A field of the module's main conf is shared by all blocks of the module, so nginx also refuses one set in
  // `http` and again in a `server`; only the same block is checked here.
  if (!CHECKED.has(h.kind) || h.field === '') return undefined;
  return h.field;
}

/** The message of a directive nginx refuses as a second value for its field in the same block. */
function duplicateMessage(d: Directive, earlier: Directive): string {
  if (d.name !== earlier.name && (d.name === 'root' || d.name === 'alias')) {
    return `"${d.name}" directive is duplicate, "${earlier.name}" directive was specified earlier`;
  }
  return `"${d.name}" directive is duplicate`;
}

const NONE: ReadonlyMap<Directive, string> = new Map();
/** Per instance, per block (undefined: the top level): what the level refuses. */
const cache = new WeakMap<FileInstance, Map<Directive | undefined, ReadonlyMap<Directive, string>>>();

/** Whether nginx's handler gets `d` at all (its argument count and context are checked first). */
function handled(d: Directive, instance: FileInstance): boolean {
  const context = instance.contexts.get(d);
  return context !== undefined && verdictOf(d, context)?.kind === 'ok';
}

/**
 * Calls `visit` for each directive of a level, in nginx's reading order. A block without includes is read in place:
 * most are, and building the spliced list for each would cost more than the check itself.
 */
export function eachInLevel(level: Scope, visit: (d: Directive, instance: FileInstance) => void): void {
  const children = level.block ? (level.block.block?.children ?? []) : level.instance.file.children;
  if (children.some((c) => c.kind === 'directive' && c.name === 'include' && level.instance.includes.has(c))) {
    for (const p of scopeDirectives(level)) visit(p.directive, p.instance);
  } else {
    for (const c of children) if (c.kind === 'directive') visit(c, level.instance);
  }
}

/** For each directive of a level that nginx refuses as a duplicate: its message. */
function levelDuplicates(level: Scope): ReadonlyMap<Directive, string> {
  let perInstance = cache.get(level.instance);
  if (!perInstance) cache.set(level.instance, (perInstance = new Map()));
  const hit = perInstance.get(level.block);
  if (hit) return hit;
  let found: Map<Directive, string> | undefined;
  const seen = new Map<string, Placed>();
  eachInLevel(level, (d, instance) => {
    const context = instance.contexts.get(d);
    const field = context && fieldOf(d, context);
    if (!field) return;
    const first = seen.get(field);
    // nginx's verdict (argument count first) is asked only where two directives meet on one field: rarely.
    if (!first) seen.set(field, { directive: d, instance });
    else if (!handled(first.directive, first.instance)) {
      if (handled(d, instance)) seen.set(field, { directive: d, instance });
    } else if (handled(d, instance)) (found ??= new Map()).set(d, duplicateMessage(d, first.directive));
  });
  const result = found ?? NONE;
  perInstance.set(level.block, result);
  return result;
}

/**
 * nginx's "is duplicate" for `d` in the file instance it was reached through, or undefined. The level is nginx's
 * block: the top of an included file is the block that includes it, so a duplicate across an include still counts.
 */
export function duplicateOf(d: Directive, instance: FileInstance): string | undefined {
  const level = d.parent.kind === 'directive' ? { block: d.parent, instance } : levelOf(instance);
  return levelDuplicates(level).get(d);
}
