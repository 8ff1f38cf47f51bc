import type { Arg, Directive } from '../parser/ast';
import { directivesNamed, type FileInstance } from '../workspace/graph';
import { scopeDirectives } from '../workspace/scope';
import type { Definition } from '../workspace/symbols';
import { insertAtBlockStart, insertAtFileTop } from './edits';
import type { FileEdit, Fix, RuleContext } from './types';

export const CONNECTION_MAP_LINE = 'proxy_set_header Connection $connection_upgrade;';
export const UPGRADE_LINE = 'proxy_set_header Upgrade $http_upgrade;';

/** The `keepalive` directive of an upstream, when it keeps idle connections. */
export function keepaliveOf(upstream: Definition | undefined): Directive | undefined {
  if (!upstream) return undefined;
  // Asked for every location that proxies to the upstream: looked up once per upstream.
  let found = keepalives.get(upstream);
  if (found === undefined) {
    found = scopeDirectives({ block: upstream.directive, instance: upstream.instance }).find((p) => p.directive.name === 'keepalive')?.directive ?? null;
    keepalives.set(upstream, found);
  }
  return found ?? undefined;
}

const keepalives = new WeakMap<Definition, Directive | null>();

/** The map that derives the `Connection` header from the client's `Upgrade` header. */
function connectionUpgradeMap(keepalive: boolean): string[] {
  return ['map $http_upgrade $connection_upgrade {', '    default upgrade;', `    ''      ${keepalive ? "''" : 'close'};`, '}'];
}

/** Where a new `map` goes: the top of the tree's `http` block, or the top of a root file that stands in `http`. */
export function placeMap(instance: FileInstance, lines: string[]): FileEdit | undefined {
  for (const inst of instance.tree.instances) {
    for (const d of directivesNamed(inst, 'http')) if (d.block && inst.contexts.get(d) === 'main') return insertAtBlockStart(inst, d, lines);
  }
  const root = instance.tree.root;
  return root.context === 'http' ? insertAtFileTop(root, root.file, lines) : undefined;
}

/**
 * The edits that make `$connection_upgrade` exist: none when the tree defines it already, the map otherwise
 * (`'' ''` instead of `'' close` when the upstream keeps connections alive). Undefined when there is nowhere
 * to put a map (a snippet analysed on its own).
 */
export function ensureConnectionMap(ctx: RuleContext, keepalive: boolean): FileEdit[] | undefined {
  if (ctx.symbols.byName('variable', 'connection_upgrade').length > 0) return [];
  const edit = placeMap(ctx.instance, connectionUpgradeMap(keepalive));
  return edit ? [edit] : undefined;
}

/** Builds a fix that uses `$connection_upgrade`, adding the map when needed; undefined when the map cannot be placed. */
export function withConnectionMap(ctx: RuleContext, keepalive: boolean, title: string, edits: FileEdit[]): Fix | undefined {
  const map = ensureConnectionMap(ctx, keepalive);
  if (!map) return undefined;
  const suffix = map.length > 0 ? ` (and define it with a map${keepalive ? " that leaves Connection empty for plain requests, for upstream keepalive" : ''})` : '';
  return { title: title + suffix, preferred: true, edits: [...edits, ...map] };
}

/** What a `map $http_upgrade $var` yields for a request without Upgrade: its `''` line, else its `default`. */
export interface MapOutcome {
  map: Definition;
  /** The value argument that applies, or undefined when the map has neither line (nginx yields an empty value). */
  value?: Arg;
  /** The line holding it. */
  line?: Directive;
}

/** For a variable defined by a map over `$http_upgrade`: what plain requests get. Undefined for any other variable. */
export function plainRequestValue(ctx: RuleContext, variable: string): MapOutcome | undefined {
  const defs = ctx.symbols.byName('variable', variable);
  if (defs.length !== 1) return undefined;
  // Asked for every location that sends `Connection $connection_upgrade`: read each map once.
  let outcome = outcomes.get(defs[0]);
  if (outcome === undefined) outcomes.set(defs[0], (outcome = mapOutcome(defs[0]) ?? null));
  return outcome ?? undefined;
}

const outcomes = new WeakMap<Definition, MapOutcome | null>();

function mapOutcome(map: Definition): MapOutcome | undefined {
  const d = map.directive;
  if (d.name !== 'map' || d.args[0]?.value !== '$http_upgrade' || !d.block) return undefined;
  const lines = d.block.children.filter((c): c is Directive => c.kind === 'directive');
  // An exact '' line wins over regexes; without one, a regex or an included file could match: we cannot tell.
  const empty = lines.find((l) => l.name === '' && l.nameQuote !== 'none');
  if (empty) return { map, value: empty.args[0], line: empty };
  if (lines.some((l) => l.name === 'include' || l.name.startsWith('~'))) return undefined;
  const line = lines.find((l) => l.name === 'default' && l.nameQuote === 'none');
  return { map, value: line?.args[0], line };
}

/** Drops fixes that could not be built and makes the first remaining one the preferred fix. */
export function preferFirst(fixes: (Fix | undefined)[]): Fix[] {
  return fixes.filter((f): f is Fix => f !== undefined).map((f, i) => ({ ...f, preferred: i === 0 }));
}
