import type { Directive } from '../parser/ast';
import { blockDirectives } from '../workspace/graph';
import { firstInScope, scopeDirectives, scopeDirectivesNamed, type Scope } from '../workspace/scope';
import { enclosingServer } from './serverBlocks';
import type { Rule } from './types';

/** The named location a location hands its requests to with `try_files ... @name` or `error_page ... @name`. */
function handoffTarget(scope: Scope): { via: Directive; name: string } | undefined {
  const via = firstInScope(scope, (d) => (d.name === 'try_files' || d.name === 'error_page') && lastArg(d).startsWith('@'))?.directive;
  return via && { via, name: lastArg(via) };
}

function lastArg(d: Directive): string {
  return d.args[d.args.length - 1]?.value ?? '';
}

/** Whether the block, or a location or `if` nested in it, passes requests on with `proxy_pass`. */
function proxiesWithin(scope: Scope, depth = 0): boolean {
  if (scopeDirectivesNamed(scope, 'proxy_pass').length > 0) return true;
  if (depth > 8) return false;
  return scopeDirectives(scope).some((p) => (p.directive.name === 'location' || p.directive.name === 'if') && p.directive.block !== undefined && proxiesWithin({ block: p.directive, instance: p.instance }, depth + 1));
}

export const proxySettingsUnused: Rule = {
  id: 'proxy-settings-unused',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Proxy settings in a location that proxies nothing itself and hands its requests to a named location, where they do not apply.',
    why:
      "A common layout serves files first and sends the rest to the application: `location / { try_files $uri @app; }` with `location @app { proxy_pass ...; }`. The jump to `@app` is an internal redirect: the request is then handled with `@app`'s own settings, inherited from `server`, never from `location /`. So `proxy_set_header`, `proxy_read_timeout`, `proxy_http_version` or `proxy_buffering` written in `location /` apply to nothing: that location does not proxy, and `@app` does not see them. A WebSocket behind such a layout then gets HTTP/1.0 and no Upgrade header although the lines are right there. The rule fires only when the location, and every location or `if` inside it, has no `proxy_pass`, and its `try_files` or `error_page` ends in a named location of the same server.",
    fix: 'Move the lines into the named location (or into `server`, where both inherit them).',
    example: 'server {\n    listen 80;\n    location / {\n        try_files $uri @app;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n    }\n    location @app {\n        proxy_pass http://127.0.0.1:9000;\n    }\n}',
    evidence:
      'A location (in a server or another location) such that:\n- its first `try_files` or `error_page` ending in a named location hands requests to `@name`;\n- neither it nor any location or `if` nested in it has a `proxy_pass`;\n- `@name` is a location of the same server, and it (or a block nested in it) does proxy.\n\nThen each simple `proxy_*` directive written directly in the location is reported.',
    quiet:
      '- Locations that proxy themselves or in a nested block.\n- Hand-overs to a named location that does not proxy, is in another server, or whose server is not in view.\n- `proxy_*` lines that come from a file the location includes.',
  },
  check(ctx) {
    for (const d of blockDirectives(ctx.instance)) {
      const where = ctx.instance.contexts.get(d);
      if (d.name !== 'location' || !d.block || (where !== 'server' && where !== 'location')) continue;
      const scope: Scope = { block: d, instance: ctx.instance };
      const target = handoffTarget(scope);
      if (!target || proxiesWithin(scope)) continue;
      const server = enclosingServer(scope);
      const named = ctx.symbols.byName('named-location', target.name).find((n) => server && enclosingServer({ block: n.directive, instance: n.instance })?.block === server.block);
      if (!named || !proxiesWithin({ block: named.directive, instance: named.instance })) continue;
      for (const c of d.block.children) {
        if (c.kind !== 'directive' || !c.name.startsWith('proxy_') || c.block) continue;
        ctx.report({
          range: c.range,
          message: `${c.name} here applies to nothing: this location does not proxy, and the requests it hands to ${target.name} (${target.via.name}) run with ${target.name}'s own settings; move it into ${target.name}`,
        });
      }
    }
  },
};
