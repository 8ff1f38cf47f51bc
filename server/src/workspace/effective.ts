import type { Directive } from '../parser/ast';
import type { FileInstance } from './graph';
import { levelOf, parentScope, scopeContext, scopeDirectivesNamed, type Placed, type Scope } from './scope';

/** Directives that nginx keeps as one list per level: a level that sets any of them drops all of its parent's. */
export const LIST_DIRECTIVES: ReadonlySet<string> = new Set([
  'proxy_set_header',
  'add_header',
  'add_trailer',
  'proxy_hide_header',
  'proxy_pass_header',
  'grpc_set_header',
  'fastcgi_param',
  'uwsgi_param',
  'scgi_param',
]);

/** Levels whose settings inherit into each other (http → server → location → nested location / if). */
const INHERITING = new Set(['http', 'server', 'location', 'if', 'if-location', 'limit_except']);

export interface Effective {
  /** The directives that set the value (one for a scalar, all of a level for a list); empty for the default. */
  readonly directives: readonly Placed[];
  /** `here`: set in the scope itself; `inherited`: from an enclosing block; `default`: nginx's default. */
  readonly source: 'here' | 'inherited' | 'default';
  /** The scope that set it, when not the default. */
  readonly from?: Scope;
}

const DEFAULT: Effective = Object.freeze({ directives: Object.freeze([]), source: 'default' });

/** What nginx uses for `name` in `scope`, following its inheritance rules, and where it comes from. */
export function effective(scope: Scope, name: string): Effective {
  let first = true;
  const start = scope.block ? scope : levelOf(scope.instance);
  for (let s: Scope | undefined = start; s; s = parentScope(s)) {
    const ctx = scopeContext(s);
    if (ctx && !INHERITING.has(ctx)) break;
    const found = scopeDirectivesNamed(s, name);
    if (found.length > 0) {
      const directives = found.length === 1 || LIST_DIRECTIVES.has(name) ? found : found.slice(-1);
      return { directives, source: first ? 'here' : 'inherited', from: s };
    }
    first = false;
  }
  return DEFAULT;
}

/** The first argument of the effective directive, or undefined for the default. */
export function effectiveValue(scope: Scope, name: string): string | undefined {
  return effective(scope, name).directives[0]?.directive.args[0]?.value;
}

const NO_HEADERS: ReadonlyMap<string, Directive> = new Map();
/** Per instance, per block that sets `proxy_set_header`: its header map, shared by every scope that inherits it. */
const headerMaps = new WeakMap<FileInstance, Map<Directive | undefined, ReadonlyMap<string, Directive>>>();

/** The `proxy_set_header` list nginx sends from this scope, header name (lower-cased) to its directive. */
export function effectiveHeaders(scope: Scope): ReadonlyMap<string, Directive> {
  const e = effective(scope, 'proxy_set_header');
  if (!e.from) return NO_HEADERS;
  let perInstance = headerMaps.get(e.from.instance);
  if (!perInstance) headerMaps.set(e.from.instance, (perInstance = new Map()));
  let out = perInstance.get(e.from.block);
  if (!out) {
    const made = new Map<string, Directive>();
    for (const p of e.directives) {
      const header = p.directive.args[0]?.value.toLowerCase();
      if (header) made.set(header, p.directive);
    }
    perInstance.set(e.from.block, (out = made));
  }
  return out;
}
