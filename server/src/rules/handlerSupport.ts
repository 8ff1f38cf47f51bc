import { instanceVerdicts, terminatorRange } from '../analysis/directiveVerdict';
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
  let ok: ReadonlySet<Directive> | undefined;
  for (const name of names) {
    for (const d of directivesNamed(ctx.instance, name)) {
      const context = ctx.instance.contexts.get(d);
      if (!context || (contexts && !contexts.includes(context))) continue;
      if (!(ok ??= reachingHandlers(ctx.instance)).has(d)) continue;
      out.push({ d, context });
    }
  }
  return out;
}

const reaching = new WeakMap<FileInstance, ReadonlySet<Directive>>();

/** The directives of an instance whose verdict is ok, from the verdicts the nginx rules compute anyway. */
function reachingHandlers(instance: FileInstance): ReadonlySet<Directive> {
  let set = reaching.get(instance);
  if (!set) {
    const out = new Set<Directive>();
    for (const v of instanceVerdicts(instance)) if (v.verdict?.kind === 'ok') out.add(v.d);
    reaching.set(instance, (set = out));
  }
  return set;
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
