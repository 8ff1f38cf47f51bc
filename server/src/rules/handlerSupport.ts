import { terminatorRange, verdictOf } from '../analysis/directiveVerdict';
import type { Arg, Directive, Range } from '../parser/ast';
import { directivesNamed, type FileInstance } from '../workspace/graph';
import { levelOf } from '../workspace/scope';
import type { RuleContext } from './types';
import type { BlockContext } from '../reference';

export interface Handled {
  d: Directive;
  context: BlockContext;
}

/**
 * The directives of these names in the file that reach their handler: known, allowed where they stand, with an
 * argument count nginx takes. The others already have nginx's earlier error (directive-args, directive-context).
 */
export function handled(ctx: RuleContext, names: readonly string[], contexts?: readonly BlockContext[]): Handled[] {
  const out: Handled[] = [];
  for (const name of names) {
    for (const h of reachingNamed(ctx.instance, name)) {
      if (!contexts || contexts.includes(h.context)) out.push(h);
    }
  }
  return out;
}

/** Per instance, per name: the directives whose verdict is ok. A rule asks for a few names among thousands of directives. */
const reaching = new WeakMap<FileInstance, Map<string, readonly Handled[]>>();

function reachingNamed(instance: FileInstance, name: string): readonly Handled[] {
  let perName = reaching.get(instance);
  if (!perName) reaching.set(instance, (perName = new Map()));
  let list = perName.get(name);
  if (!list) {
    const found: Handled[] = [];
    for (const d of directivesNamed(instance, name)) {
      const context = instance.contexts.get(d);
      if (context && verdictOf(d, context)?.kind === 'ok') found.push({ d, context });
    }
    perName.set(name, (list = found));
  }
  return list;
}

/**
 * Where a handler error goes: nginx names the line of the statement's terminator, so the argument at fault when it
 * stands on that line, else the statement's last line.
 */
export function handlerRange(d: Directive, arg?: Arg): Range {
  const whole = terminatorRange(d);
  return arg && arg.range.start.line === whole.start.line ? arg.range : whole;
}

/** The block directive a directive stands in, across an `include` (undefined at the top of the main config). */
export function enclosingBlock(d: Directive, instance: FileInstance): { block: Directive; instance: FileInstance } | undefined {
  if (d.parent.kind === 'directive') return { block: d.parent, instance };
  const level = levelOf(instance);
  return level.block ? { block: level.block, instance: level.instance } : undefined;
}

export type LocationKind = 'exact' | 'prefix' | 'noregex' | 'regex' | 'named';

/** How `ngx_http_core_location` reads a location's arguments; undefined for an invalid modifier. */
export function locationKind(location: Directive): { kind: LocationKind; name: string; caseless?: boolean } | undefined {
  const a = location.args.map((x) => x.value);
  if (a.length === 2) {
    const [m, name] = a;
    if (m === '=') return { kind: 'exact', name };
    if (m === '^~') return { kind: 'noregex', name };
    if (m === '~') return { kind: 'regex', name };
    if (m === '~*') return { kind: 'regex', name, caseless: true };
    return undefined;
  }
  const name = a[0] ?? '';
  if (name.startsWith('=')) return { kind: 'exact', name: name.slice(1) };
  if (name.startsWith('^~')) return { kind: 'noregex', name: name.slice(2) };
  if (name.startsWith('~*')) return { kind: 'regex', name: name.slice(2), caseless: true };
  if (name.startsWith('~')) return { kind: 'regex', name: name.slice(1) };
  if (name.startsWith('@')) return { kind: 'named', name };
  return { kind: 'prefix', name };
}

/** Whether a value holds a variable as nginx's script compiler counts them (`ngx_http_script_variables_count`). */
export function hasVariables(value: string): boolean {
  return value.includes('$');
}
