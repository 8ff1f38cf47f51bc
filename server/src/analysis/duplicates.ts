import type { Directive, Statement } from '../parser/ast';
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
  if (hasInclude(children, level.instance)) {
    for (const p of scopeDirectives(level)) visit(p.directive, p.instance);
  } else {
    for (const c of children) if (c.kind === 'directive') visit(c, level.instance);
  }
}

/** For each directive of a level that nginx refuses as a duplicate: its message. */
function levelDuplicates(instance: FileInstance, block: Directive | undefined): ReadonlyMap<Directive, string> {
  let perInstance = cache.get(instance);
  if (!perInstance) cache.set(instance, (perInstance = new Map()));
  const hit = perInstance.get(block);
  if (hit) return hit;
  const result = findDuplicates({ block, instance }) ?? NONE;
  perInstance.set(block, result);
  return result;
}

/**
 * Each field's first holder, in a short list: a level sets a handful of fields, and a map per level (thousands of
 * locations) cost more than the check. Scratch space, reset for each level; nothing here calls back into it.
 */
const seenFields: string[] = [];
const seenAt: Placed[] = [];
const LIST_UP_TO = 16;

function findDuplicates(level: Scope): Map<Directive, string> | undefined {
  let found: Map<Directive, string> | undefined;
  // A long level (a big file's top) looks fields up in a map instead.
  let index: Map<string, number> | undefined;
  seenFields.length = 0;
  seenAt.length = 0;
  const visit = (d: Directive, instance: FileInstance, context: BlockContext | undefined): void => {
    const field = context && fieldOf(d, context);
    if (!field) return;
    const i = index ? (index.get(field) ?? -1) : seenFields.indexOf(field);
    // nginx's verdict (argument count first) is asked only where two directives meet on one field: rarely.
    if (i < 0) {
      if (!index && seenFields.length === LIST_UP_TO) index = new Map(seenFields.map((f, k) => [f, k]));
      if (index) index.set(field, seenAt.length);
      else seenFields.push(field);
      seenAt.push({ directive: d, instance });
      return;
    }
    const first = seenAt[i];
    if (!handled(first.directive, first.instance)) {
      if (handled(d, instance)) seenAt[i] = { directive: d, instance };
    } else if (handled(d, instance)) (found ??= new Map()).set(d, duplicateMessage(d, first.directive));
  };
  const children = level.block ? (level.block.block?.children ?? []) : level.instance.file.children;
  if (hasInclude(children, level.instance)) {
    for (const p of scopeDirectives(level)) visit(p.directive, p.instance, p.instance.contexts.get(p.directive));
  } else {
    // The directives of one list all stand in one context (the walk gives a body's context to each of them).
    let context: BlockContext | undefined;
    let asked = false;
    for (const c of children) {
      if (c.kind !== 'directive') continue;
      if (!asked) {
        context = level.instance.contexts.get(c);
        asked = true;
      }
      visit(c, level.instance, context);
    }
  }
  seenAt.length = 0;
  return found;
}

function hasInclude(children: readonly Statement[], instance: FileInstance): boolean {
  for (const c of children) if (c.kind === 'directive' && c.name === 'include' && instance.includes.has(c)) return true;
  return false;
}

/**
 * nginx's "is duplicate" for `d` in the file instance it was reached through, or undefined. The level is nginx's
 * block: the top of an included file is the block that includes it, so a duplicate across an include still counts.
 */
export function duplicateOf(d: Directive, instance: FileInstance): string | undefined {
  return duplicatesBeside(d, instance).get(d);
}

/**
 * What nginx refuses as a duplicate in the level `d` stands in: for a caller that asks of each directive in turn,
 * and asks again only when the parent changes.
 */
export function duplicatesBeside(d: Directive, instance: FileInstance): ReadonlyMap<Directive, string> {
  // The level's scope object is made only when its duplicates are worked out.
  if (d.parent.kind === 'directive') return levelDuplicates(instance, d.parent);
  const level = levelOf(instance);
  return levelDuplicates(level.instance, level.block);
}
