import type { Directive, Range } from '../parser/ast';
import { ParsedDirective } from '../parser/nodes';
import { argsAccepted, lookupDirective, specsIn, type BlockContext, type DirectiveSpec } from '../reference';
import type { FileInstance } from '../workspace/graph';
import { invalidParameter } from './parameters';

/**
 * What nginx's `ngx_conf_handler` says about one directive standing in `context`, checked in nginx's order:
 * is the name known at all; is it allowed here (nginx skips commands of other modules and contexts); does its
 * terminator match (`{` for a block, `;` otherwise); is the argument count one it takes; for on/off directives,
 * is the value `on` or `off` (the handler's check). The first failure is the verdict.
 */
export type Verdict =
  | { kind: 'ok'; spec: DirectiveSpec }
  | { kind: 'unknown' }
  | { kind: 'context'; specs: readonly DirectiveSpec[] }
  | { kind: 'no-opening'; spec: DirectiveSpec }
  | { kind: 'not-terminated'; spec: DirectiveSpec }
  | { kind: 'args'; spec: DirectiveSpec }
  | { kind: 'flag-value'; spec: DirectiveSpec }
  | { kind: 'parameter'; spec: DirectiveSpec; value: string };

/**
 * The verdict, or undefined when nginx never hands the statement to a handler: it ended at an error (end of file,
 * a stray `}`) rather than at `;` or `{`, a syntax error stopped nginx inside it, or it has no name (a bare `{`).
 */
export function verdictOf(d: Directive, context: BlockContext): Verdict | undefined {
  if (d.name === '' || d.recovered || (!d.block && !endsWithSemicolon(d))) return undefined;
  const all = lookupDirective(d.name);
  if (all.length === 0) return { kind: 'unknown' };
  // NGINX Plus's reference leaves out contexts and argument forms it has (stream `status_zone`, a bare
  // `health_check`): a claim about where such a directive stands, or how many arguments it takes, would be a guess.
  if (allPlus(all)) return okVerdict(specsIn(d.name, context)[0] ?? all[0]);
  const here = specsIn(d.name, context);
  if (here.length === 0) return { kind: 'context', specs: all };
  // nginx takes the first command of the right module type and context, and looks no further.
  const spec = here[0];
  if (!spec.block && d.block) return { kind: 'not-terminated', spec };
  if (spec.block && !d.block) return { kind: 'no-opening', spec };
  if (!argsAccepted(spec.args, d.args.length)) return { kind: 'args', spec };
  if (spec.onOff) {
    const v = d.args[0].value.toLowerCase();
    if (v !== 'on' && v !== 'off') return { kind: 'flag-value', spec };
  }
  const bad = invalidParameter(d, context);
  if (bad !== undefined) return { kind: 'parameter', spec, value: bad };
  return okVerdict(spec);
}

function allPlus(specs: readonly DirectiveSpec[]): boolean {
  for (let i = 0; i < specs.length; i++) if (specs[i].origin !== 'plus') return false;
  return true;
}

/** Nearly every directive is fine: one shared verdict per command, not one object per directive. */
const okVerdicts = new WeakMap<DirectiveSpec, Verdict>();

function okVerdict(spec: DirectiveSpec): Verdict {
  let v = okVerdicts.get(spec);
  if (!v) okVerdicts.set(spec, (v = { kind: 'ok', spec }));
  return v;
}

/** Asked of every directive: the parser's own answer needs no range object. */
function endsWithSemicolon(d: Directive): boolean {
  return d instanceof ParsedDirective ? d.semicolonAt >= 0 : d.semicolon !== undefined;
}

/** nginx's message for a failed verdict, worded as `nginx -t` words it. */
export function verdictMessage(d: Directive, v: Verdict): string | undefined {
  switch (v.kind) {
    case 'ok':
      return undefined;
    case 'unknown':
      return `unknown directive "${d.name}"`;
    case 'context':
      return `"${d.name}" directive is not allowed here`;
    case 'no-opening':
      return `directive "${d.name}" has no opening "{"`;
    case 'not-terminated':
      return `directive "${d.name}" is not terminated by ";"`;
    case 'args':
      return `invalid number of arguments in "${d.name}" directive`;
    case 'flag-value':
      return `invalid value "${d.args[0].value}" in "${d.name}" directive, it must be "on" or "off"`;
    case 'parameter':
      return `invalid parameter "${v.value}"`;
  }
}

/**
 * Where nginx reports a handler error: it has read the whole statement, so its line is the terminator's (`;` or
 * `{`). The range runs from the first word of the statement on that line (or the terminator alone) to the
 * terminator, so that its first line is nginx's line.
 */
export function terminatorRange(d: Directive): Range {
  const term = d.semicolon ?? d.block?.open ?? d.range;
  const line = term.start.line;
  const words = [d.nameRange, ...d.args.map((a) => a.range)];
  const first = words.find((w) => w.start.line === line);
  return { start: first ? first.start : term.start, end: term.end };
}

/**
 * Every directive of a file instance with its context and verdict: three lists of one length, in nginx's reading
 * order, rather than an object per directive (tens of thousands in a large config, kept for the whole analysis).
 * Read with an index loop: before the loop is optimised, `for...of` makes an iterator result per step.
 */
export interface InstanceVerdicts {
  readonly directives: readonly Directive[];
  readonly contexts: readonly BlockContext[];
  readonly verdicts: readonly (Verdict | undefined)[];
}

const cache = new WeakMap<FileInstance, InstanceVerdicts>();

/**
 * The verdicts of an instance's directives, computed once per instance, since the syntax, unknown-directive,
 * context, argument and module rules all read them.
 */
export function instanceVerdicts(instance: FileInstance): InstanceVerdicts {
  let all = cache.get(instance);
  if (!all) {
    const directives: Directive[] = [];
    const contexts: BlockContext[] = [];
    const verdicts: (Verdict | undefined)[] = [];
    instance.contexts.forEach((context, d) => {
      directives.push(d);
      contexts.push(context);
      verdicts.push(verdictOf(d, context));
    });
    cache.set(instance, (all = { directives, contexts, verdicts }));
  }
  return all;
}
