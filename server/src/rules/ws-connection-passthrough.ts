import { effective } from '../workspace/effective';
import { CONNECTION_MAP_LINE, keepaliveOf, preferFirst, withConnectionMap } from './connectionMap';
import { blockHead, replaceRange } from './edits';
import { sourceText } from './source';
import { headerName, headerValue, insertionEdits, planListLines, quoted, soleVariable } from './proxyHeaders';
import type { Rule } from './types';
import { headerAnchor, wsLocations } from './wsLocation';

export const wsConnectionPassthrough: Rule = {
  id: 'ws-connection-passthrough',
  defaultSeverity: 'warning',
  docs: {
    summary: "A WebSocket location copies the client's own `Connection` header to the backend (`$http_connection`).",
    why:
      "`Connection` is hop-by-hop: its tokens describe the client's connection to nginx, not nginx's connection to the backend. Passing `$http_connection` through hands the backend whatever the client or a proxy in front of nginx wrote there: `close`, `keep-alive`, or the names of other headers to strip. The handshake then works only while every hop in front keeps `upgrade` in that header, and a client's `close` ends a backend connection that upstream keepalive could have reused. A `map` on `$http_upgrade` decides from the header that matters and gives the backend a value that nginx controls.",
    fix: 'Replaces `$http_connection` with `$connection_upgrade` (adding the `map` that defines it when the config has none). Another offered fix uses the fixed value `"upgrade"`, fine for a location that serves nothing but WebSocket.',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $http_connection;\n}',
  },
  check(ctx) {
    for (const t of wsLocations(ctx)) {
      const eff = effective(t.scope, 'proxy_set_header');
      const conn = [...eff.directives].reverse().find((p) => headerName(p.directive) === 'connection');
      const value = conn && headerValue(conn.directive);
      if (!conn || !value || soleVariable(value.value) !== 'http_connection') continue;
      const keepalive = keepaliveOf(t.ws.upstream) !== undefined;
      const message = "Connection copies the client's own hop-by-hop header ($http_connection) to the backend: the handshake depends on what every hop in front of nginx left in it; use $connection_upgrade from a map on $http_upgrade";

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
