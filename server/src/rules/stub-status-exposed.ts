import { directivesNamed } from '../workspace/graph';
import type { Directive } from '../parser/ast';
import { effectiveValue } from '../workspace/effective';
import { parentScope, scopeContext, scopeDirectives, scopeOf, type Placed, type Scope } from '../workspace/scope';
import { blockHead, insertAfterDirective } from './edits';
import { enclosingServer, listensLocallyOnly } from './serverBlocks';
import { includesOutOfView } from './source';
import type { Rule } from './types';

/** Levels whose access rules a location inherits. */
const INHERITING = new Set(['http', 'server', 'location', 'if-location', 'limit_except']);

/**
 * nginx keeps `allow` and `deny` as one list: the nearest level that has either rule replaces its parents' list.
 * Returns that level's rules, or an empty list when no level up to http has any.
 */
function accessRules(scope: Scope): Placed[] {
  for (let s: Scope | undefined = scope; s; s = parentScope(s)) {
    const ctx = scopeContext(s);
    if (ctx && !INHERITING.has(ctx)) break;
    const rules = scopeDirectives(s).filter((p) => p.directive.name === 'allow' || p.directive.name === 'deny');
    if (rules.length > 0) return rules;
  }
  return [];
}

const LOCAL_ONLY = ['allow 127.0.0.1;', 'allow ::1;', 'deny all;'];

export const stubStatusExposed: Rule = {
  id: 'stub-status-exposed',
  defaultSeverity: 'warning',
  docs: {
    summary: '`stub_status` open to everyone: no `allow`/`deny` and no authentication.',
    why:
      'The status page tells anyone who finds it how many connections nginx holds and how many requests it serves: a live view of your traffic, and of how many WebSockets are open. nginx allows every address unless `allow`/`deny` say otherwise (in the location or inherited from server or http), and a list of `allow` lines without a `deny` still lets everybody in. Locations with `auth_basic`, `auth_request` or `internal`, and servers that only listen on loopback or a unix socket, are not flagged.',
    fix: 'Adds `allow 127.0.0.1; allow ::1; deny all;` after `stub_status` (local monitoring only), or `deny all;` after the last `allow` of an allow-only list.',
    example: 'location /nginx_status {\n    stub_status;\n}',
    evidence:
      'A `stub_status` in a location or server where all of these hold:\n- no `auth_basic` (other than `off`) or `auth_request` (other than `off`) is in force, and the block has no `internal`;\n- its server is not in view, or has at least one `listen` others can reach (no `listen` at all means `*:80`);\n- the nearest level with `allow` or `deny` lines (the block, or one around it up to `http`) has no `deny`: either no such level exists, or it has only `allow` lines.',
    quiet:
      '- Any `deny` in the access list in force, whatever it denies.\n- Authentication, or `internal`.\n- An `if` in the block that answers `return 403`, `404` or `444` (clients sorted by a `map` or `geo`), or an `include` in the block that found no file (it may hold the allow list).\n- Servers that listen only on loopback or a unix socket.',
  },
  check(ctx) {
    for (const d of directivesNamed(ctx.instance, 'stub_status')) {
      const where = ctx.instance.contexts.get(d);
      if (where !== 'location' && where !== 'server') continue;
      const scope = scopeOf(d, ctx.instance);
      const block = scope.block;
      if (!block || protectedOtherwise(scope, block)) continue;
      const server = enclosingServer(scope);
      if (server && listensLocallyOnly(server)) continue;
      const rules = accessRules(scope);
      if (rules.some((r) => r.directive.name === 'deny')) continue;
      if (rules.length === 0) {
        ctx.report({
          range: blockHead(block),
          message: 'stub_status is open to every client: add allow/deny (or authentication) so only your monitoring can read it',
          fixes: [{ title: 'Allow only local requests (allow 127.0.0.1; allow ::1; deny all;)', preferred: true, edits: [insertAfterDirective(ctx.instance, d, LOCAL_ONLY)] }],
        });
        continue;
      }
      const last = rules[rules.length - 1];
      ctx.report({
        range: blockHead(block),
        message: `stub_status is open to every client: the ${rules.length === 1 ? '`allow` rule has' : '`allow` rules have'} no \`deny\` after ${rules.length === 1 ? 'it' : 'them'}, and nginx lets every address that no rule names through`,
        fixes: [{ title: 'Deny everyone else (deny all;)', preferred: true, edits: [insertAfterDirective(last.instance, last.directive, ['deny all;'])] }],
      });
    }
  },
};

/**
 * Authentication or `internal` keeps the page private without address rules; so may an `if` that refuses with
 * 403/404/444 (a map of allowed clients), or an include that is not in view (an allow list on the server only).
 */
function protectedOtherwise(scope: Scope, block: Directive): boolean {
  const children = (block.block?.children ?? []).filter((c): c is Directive => c.kind === 'directive');
  if (includesOutOfView(block, scope.instance)) return true;
  const refuses = (c: Directive): boolean =>
    (c.block?.children ?? []).some((r) => r.kind === 'directive' && r.name === 'return' && ['403', '404', '444'].includes(r.args[0]?.value ?? ''));
  if (children.some((c) => c.name === 'if' && refuses(c))) return true;
  const auth = effectiveValue(scope, 'auth_basic');
  if (auth !== undefined && auth !== 'off') return true;
  const request = effectiveValue(scope, 'auth_request');
  if (request !== undefined && request !== 'off') return true;
  return children.some((c) => c.name === 'internal');
}
