import * as path from 'node:path';
import type { Directive } from '../parser/ast';
import type { Effective } from '../workspace/effective';
import type { FileInstance } from '../workspace/graph';
import { parentScope, type Placed, type Scope } from '../workspace/scope';

/** Where a directive is, for messages: `line 12` in the file being checked (`from`), `nginx.conf:12` in another. */
export function placeLabel(p: Placed, from: FileInstance): string {
  const line = p.directive.range.start.line + 1;
  return p.instance === from ? `line ${line}` : `${path.basename(p.instance.path)}:${line}`;
}

/** Says where an effective value comes from, for messages: `set here`, `inherited from server at line 12`, `from http in nginx.conf:3`. */
export function describeSource(eff: Effective, from: FileInstance): string {
  const first = eff.directives[0];
  if (!first || eff.source === 'default') return "nginx's default";
  if (eff.source === 'here') return 'set here';
  return `inherited from ${eff.from?.block?.name ?? 'the enclosing block'} at ${placeLabel(first, from)}`;
}

/**
 * describeSource, but pointing at `which` (one line of a list, such as the Connection line among proxy_set_header)
 * and naming the file when a value set at this level comes from an included file.
 */
export function sourceText(eff: Effective, from: FileInstance, which?: Placed): string {
  const first = which ?? eff.directives[0];
  if (!first || eff.source === 'default') return describeSource(eff, from);
  const file = placeLabel(first, from);
  if (eff.source === 'here') return first.instance === from ? 'set here' : `set in ${file}`;
  return `inherited from ${eff.from?.block?.name ?? 'the enclosing block'} at ${file}`;
}

/**
 * A file that nothing in view includes, checked with the names of its project's main config: the config that really
 * includes it may define names this view lacks, so a missing name is a warning there, not a certain failure.
 */
export function includedOutOfView(instance: FileInstance): boolean {
  return !instance.tree.isMain && instance.tree.enclosing !== undefined;
}

/** Said after a missing name in such a file. */
export const OUT_OF_VIEW_NOTE = 'nothing in view includes this file, so this holds unless the config that includes it defines the name';

/** Whether the `http` block around a scope is in view: otherwise it may set what the scope seems to lack. */
export function httpInView(scope: Scope): boolean {
  for (let s: Scope | undefined = scope, n = 0; s && n < 256; s = parentScope(s), n++) {
    if (s.block?.name === 'http') return true;
  }
  return false;
}

/** An `include` that reads no file in view (a missing file, a glob that matches nothing): it may hold anything. */
export function readsNothing(include: Directive, instance: FileInstance): boolean {
  return (instance.includes.get(include) ?? []).length === 0;
}

/** Whether one of the block's own lines is an `include` that reads no file in view. */
export function includesOutOfView(block: Directive, instance: FileInstance): boolean {
  return (block.block?.children ?? []).some((c) => c.kind === 'directive' && c.name === 'include' && readsNothing(c, instance));
}
