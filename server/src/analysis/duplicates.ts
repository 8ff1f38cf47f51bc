import type { Directive } from '../parser/ast';
import { handlerOf, type HandlerKind } from '../reference/handlerTypes';
import type { BlockContext } from '../rules/types';
import type { FileInstance } from '../workspace/graph';
import { levelOf, scopeDirectives, type Placed } from '../workspace/scope';
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

const cache = new WeakMap<readonly Placed[], Map<Directive, string>>();

/** For each directive of a level that nginx refuses as a duplicate: its message. */
function levelDuplicates(level: readonly Placed[]): Map<Directive, string> {
  let found = cache.get(level);
  if (found) return found;
  found = new Map();
  const seen = new Map<string, Directive>();
  for (const p of level) {
    const context = p.instance.contexts.get(p.directive);
    if (!context || verdictOf(p.directive, context)?.kind !== 'ok') continue;
    const field = fieldOf(p.directive, context);
    if (!field) continue;
    const first = seen.get(field);
    if (first) found.set(p.directive, duplicateMessage(p.directive, first));
    else seen.set(field, p.directive);
  }
  cache.set(level, found);
  return found;
}

/**
 * nginx's "is duplicate" for `d` in the file instance it was reached through, or undefined. The level is nginx's
 * block: the top of an included file is the block that includes it, so a duplicate across an include still counts.
 */
export function duplicateOf(d: Directive, instance: FileInstance): string | undefined {
  const level = d.parent.kind === 'directive' ? { block: d.parent, instance } : levelOf(instance);
  return levelDuplicates(scopeDirectives(level)).get(d);
}
