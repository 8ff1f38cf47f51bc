import { effective } from '../workspace/effective';
import { CONNECTION_MAP_LINE, keepaliveOf, preferFirst, withConnectionMap } from './connectionMap';
import { blockHead, replaceRange } from './edits';
import { sourceText } from './source';
import { headerName, headerValue, insertionEdits, planListLines, quoted, soleVariable } from './proxyHeaders';
import type { Rule, RuleContext } from './types';
import { behindAnotherProxy } from './serverBlocks';
import { headerAnchor, wsLocations } from './wsLocation';

/** A variable that a `map` computes from `$http_connection`: a pass-through under another name. */
function mapsClientConnection(ctx: RuleContext, variable: string): boolean {
  return ctx.symbols.byName('variable', variable).some((d) => d.directive.name === 'map' && d.directive.args[0]?.value.toLowerCase() === '$http_connection');
}

export const wsConnectionPassthrough: Rule = {
  id: 'ws-connection-passthrough',
  defaultSeverity: 'warning',
  docs: {
    summary: "A WebSocket location copies the client's own `Connection` header to the backend (`$http_connection`).",
    why:
      "`Connection` is hop-by-hop: its tokens describe the client's connection to nginx, not nginx's connection to the backend. Passing `$http_connection` through hands the backend whatever the client or a proxy in front of nginx wrote there: `close`, `keep-alive`, or the names of other headers to strip. The handshake then works only while every hop in front keeps `upgrade` in that header, and a client's `close` ends a backend connection that upstream keepalive could have reused. A `map` on `$http_upgrade` decides from the header that matters and gives the backend a value that nginx controls.\n\nA client's own `Connection: Upgrade` reaches nginx unchanged when nothing stands in front of it, and several applications document this pattern, so the rule speaks only when the config shows a proxy or load balancer in front (`real_ip_header`, `set_real_ip_from`, `listen ... proxy_protocol`): that hop may rewrite the header. A `map` whose source is `$http_connection` counts as the same pass-through.",
    fix: 'Replaces `$http_connection` with `$connection_upgrade` (adding the `map` that defines it when the config has none). Another offered fix uses the fixed value `"upgrade"`, fine for a location that serves nothing but WebSocket.',
    example: 'server {\n    listen 80;\n    set_real_ip_from 10.0.0.0/8;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $http_connection;\n    }\n}',
    evidence:
      "Both of these:\n- a WebSocket location whose `Connection` line in force is exactly `$http_connection`, or exactly a variable that a `map` over `$http_connection` defines;\n- the config shows a proxy in front of nginx: `real_ip_header` or `set_real_ip_from` in the location or any block around it (for a site file nothing includes, also its project's `http` block), or a `listen ... proxy_protocol` in its server.",
    quiet:
      "- No proxy in front shows: the client's own `Connection: Upgrade` then reaches nginx unchanged, and the pattern works.\n- A value that mixes `$http_connection` with other text, or any other variable.",
  },
  check(ctx) {
    for (const t of wsLocations(ctx)) {
      const eff = effective(t.scope, 'proxy_set_header');
      const conn = [...eff.directives].reverse().find((p) => headerName(p.directive) === 'connection');
      const value = conn && headerValue(conn.directive);
      const variable = value && soleVariable(value.value);
      if (!conn || !value || !variable || !(variable === 'http_connection' || mapsClientConnection(ctx, variable))) continue;
      // The client's Connection reaches nginx unchanged unless something in front rewrites it: only then does it fail.
      if (!behindAnotherProxy(t.scope)) continue;
      const keepalive = keepaliveOf(t.ws.upstream) !== undefined;
      const copied = variable === 'http_connection' ? '$http_connection' : `$${variable}, a map on $http_connection`;
      const message = `Connection copies the client's own hop-by-hop header (${copied}) to the backend, and a proxy in front of nginx (real_ip/PROXY protocol settings) may rewrite it: the handshake depends on what that hop left in it; use $connection_upgrade from a map on $http_upgrade`;

      if (eff.source === 'here') {
        // Set at this level (here or in a file the location includes): change that line.
        const onDirective = conn.instance === ctx.instance;
        ctx.report({
          range: onDirective ? conn.directive.range : blockHead(t.ws.block),
          message: onDirective ? message : `${message} (${sourceText(eff, ctx.instance, conn)})`,
          fixes: preferFirst([
            withConnectionMap(ctx, keepalive, 'Use $connection_upgrade', [replaceRange(conn.instance, value.range, '$connection_upgrade')]),
            { title: 'Use "upgrade"', preferred: false, edits: [replaceRange(conn.instance, value.range, quoted(conn.instance.file, 'upgrade'))] },
          ]),
        });
        continue;
      }
      // Inherited: override in this location only, so that other locations keep what they have.
      const pass = headerAnchor(t.location);
      const add = (line: string): ReturnType<typeof insertionEdits> => insertionEdits(ctx.instance, [planListLines(t.scope, 'proxy_set_header', [line], pass)]);
      ctx.report({
        range: blockHead(t.ws.block),
        message: `${message} (${sourceText(eff, ctx.instance, conn)})`,
        fixes: preferFirst([
          withConnectionMap(ctx, keepalive, 'Add proxy_set_header Connection $connection_upgrade to this location', add(CONNECTION_MAP_LINE)),
          { title: 'Add proxy_set_header Connection "upgrade" to this location', preferred: false, edits: add(`proxy_set_header Connection ${quoted(ctx.file, 'upgrade')};`) },
        ]),
      });
    }
  },
};
