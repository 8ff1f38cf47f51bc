import type { Directive } from '../parser/ast';
import { levelOf, scopeDirectivesNamed, type Scope } from '../workspace/scope';
import { enclosingBlock, handled, handlerRange, locationKind } from './handlerSupport';
import type { Rule, RuleContext } from './types';

/** `ngx_http_core_location`'s checks of a location nested in another one. */
function nestingError(child: Directive, parent: Directive): string | undefined {
  const c = locationKind(child);
  const p = locationKind(parent);
  if (!c || !p) return undefined;
  if (p.kind === 'exact') return `location "${c.name}" cannot be inside the exact location "${p.name}"`;
  if (p.kind === 'named') return `location "${c.name}" cannot be inside the named location "${p.name}"`;
  if (c.kind === 'named') return `named location "${c.name}" can be on the server level only`;
  if (c.kind !== 'regex' && !c.name.startsWith(p.name)) return `location "${c.name}" is outside location "${p.name}"`;
  return undefined;
}

/** Locations that nginx's location tree holds under one key: exact ones, and prefix ones (`^~` or not) by name. */
function duplicateKey(d: Directive): string | undefined {
  const k = locationKind(d);
  if (!k) return undefined;
  if (k.kind === 'exact') return `=${k.name}`;
  if (k.kind === 'prefix' || k.kind === 'noregex') return `/${k.name}`;
  return undefined;
}

/** The first earlier location of the same scope with the same key, or undefined. */
function earlierTwin(ctx: RuleContext, d: Directive, seen: Map<Directive | undefined, Map<string, Directive>>): boolean {
  const key = duplicateKey(d);
  if (key === undefined) return false;
  const scope: Scope = d.parent.kind === 'directive' ? { block: d.parent, instance: ctx.instance } : levelOf(ctx.instance);
  let keys = seen.get(scope.block);
  if (!keys) {
    keys = new Map();
    for (const p of scopeDirectivesNamed(scope, 'location')) {
      const k = duplicateKey(p.directive);
      if (k !== undefined && !keys.has(k)) keys.set(k, p.directive);
    }
    seen.set(scope.block, keys);
  }
  const first = keys.get(key);
  return first !== undefined && first !== d;
}

export const invalidLocation: Rule = {
  id: 'invalid-location',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `location` nginx refuses: an unknown modifier, a nested location outside its parent\'s prefix or inside an exact or named one, a nested named location, or the same prefix twice.',
    why:
      'nginx knows the modifiers `=`, `^~`, `~` and `~*` (`invalid location modifier "..."`). A location nested in a prefix location must start with the parent\'s prefix (`location "/b/" is outside location "/app/"`), since nginx only looks inside the parent for URIs the parent matched; nothing may be nested in an exact (`=`) or named (`@`) location, and named locations stand at the server level only. Two prefix locations with the same path (with or without `^~`), or two exact ones, in one block stop `nginx -t` with `duplicate location "..."`.',
    fix: 'Give the nested location the parent\'s prefix (`/app/b/`), move it out of the parent, or remove one of the twins.',
    example: 'location /app/ {\n    location /static/ {\n        root /srv/www;\n    }\n}',
    evidence:
      "A `location` that reaches its handler, and:\n- two arguments whose first is not `=`, `^~`, `~` or `~*`;\n- nested in a location (also when its file is included there): inside an exact (`=`) or named one, a named location itself, or a non-regex location whose path does not start with the parent's text;\n- an earlier location in the same block (files it includes counted) with the same exact path, or the same prefix path with or without `^~`.",
    quiet:
      "- A regex location nested in a prefix or regex location: its pattern need not start with the parent's path.\n- Regex and named locations are not compared for twins.",
  },
  check(ctx) {
    const seen = new Map<Directive | undefined, Map<string, Directive>>();
    for (const { d } of handled(ctx, ['location'])) {
      if (d.args.length === 2 && !locationKind(d)) {
        ctx.report({ range: handlerRange(d, d.args[0]), message: `invalid location modifier "${d.args[0].value}"` });
        continue;
      }
      const outer = enclosingBlock(d, ctx.instance);
      const nested = outer?.block.name === 'location' ? nestingError(d, outer.block) : undefined;
      if (nested) {
        ctx.report({ range: handlerRange(d), message: nested });
        continue;
      }
      if (earlierTwin(ctx, d, seen)) ctx.report({ range: handlerRange(d), message: `duplicate location "${locationKind(d)?.name ?? ''}"` });
    }
  },
};
