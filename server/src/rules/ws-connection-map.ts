import { servesPlainHttpToo } from './websocket';
import { effective } from '../workspace/effective';
import { CONNECTION_MAP_LINE, keepaliveOf, preferFirst, withConnectionMap } from './connectionMap';
import { blockHead, replaceRange } from './edits';
import { sourceText } from './source';
import { connectionTokens, headerName, headerValue, insertionEdits, isLiteral, planListLines } from './proxyHeaders';
import type { Rule } from './types';
import type { Directive } from '../parser/ast';
import { headerAnchor, locationLabel, locationPath, wsLocations } from './wsLocation';

/**
 * A named location that `try_files` or `error_page` hands requests to gets whatever is not a file (the whole app),
 * and a regex location with alternatives (`^/(api|media)/`) serves several endpoints: plain HTTP comes through too.
 */
function servesSeveralPaths(location: Directive): boolean {
  const first = location.args[0]?.value ?? '';
  if (first.startsWith('@')) return true;
  return /^~\*?$/.test(first) && /\([^)]*\|[^)]*\)/.test(location.args[1]?.value ?? '');
}

export const wsConnectionMap: Rule = {
  id: 'ws-connection-map',
  defaultSeverity: 'warning',
  // Servers ignore `Connection: upgrade` without an `Upgrade` header (and app vendors document the fixed value):
  // on real configs this finding asked for no action, so it is a style to opt into.
  offByDefault: true,
  docs: {
    summary: 'A location that serves plain HTTP as well as WebSocket sends a fixed `Connection: upgrade` with every request.',
    why:
      "`location /` and the endpoints of Socket.IO, SockJS and SignalR (whose fallback transports use plain HTTP on the same path) carry ordinary requests next to handshakes. A fixed `proxy_set_header Connection \"upgrade\"` goes out with every one of them: the backend is told that each plain request asks for a protocol switch, and it no longer gets the `close` that nginx would otherwise send. Most servers ignore `Connection: upgrade` when no `Upgrade` header comes with it, but code that looks at `Connection` alone takes its WebSocket path for a plain request. A `map` on `$http_upgrade`, the pattern of nginx's own WebSocket documentation, sends `upgrade` only with real handshakes, and `close` (or nothing, when the upstream keeps connections alive) with everything else.\n\nOff by default: the servers in common use (Node.js, Go, Python, Java, ASP.NET) ignore `Connection: upgrade` when no `Upgrade` comes with it, and several applications document the fixed value, so on real configs this is a matter of style. Turn it on (`\"nginxWs.rules\": { \"ws-connection-map\": \"warning\" }`) to enforce the map pattern.",
    fix: 'Replaces the fixed value with `$connection_upgrade`, adding the `map` that defines it at the top of `http` when the config has none (mapping an empty Upgrade to `\'\'` instead of `close` when the upstream uses `keepalive`).',
    example: 'location /socket.io/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection "upgrade";\n}',
    evidence:
      'Only when turned on. A WebSocket location that serves plain HTTP as well, and whose `Connection` line in force is a fixed value that lists `upgrade`. It serves plain HTTP when its path is `/`, `^/` or `^/.*`, or contains `socket.io`, `sockjs`, `signalr`, `engine.io`, `hub` or `polling`, when it is a named location (`@app`, which `try_files` or `error_page` sends the rest of the application to), or when it is a regex location with alternatives (`~ ^/(api|ws)/`).',
    quiet:
      '- Off by default.\n- Locations on paths of their own (`/ws/`, `/cable`), where only handshakes arrive, and Bitwarden\'s notifications hub (`/notifications/hub`), whose clients connect over WebSocket only.\n- A `Connection` value with a variable.',
  },
  check(ctx) {
    for (const t of wsLocations(ctx)) {
      if (!servesPlainHttpToo(locationPath(t.location)) && !servesSeveralPaths(t.location)) continue;
      const eff = effective(t.scope, 'proxy_set_header');
      const conn = [...eff.directives].reverse().find((p) => headerName(p.directive) === 'connection');
      const value = conn && headerValue(conn.directive);
      if (!conn || !value || !isLiteral(value.value) || !connectionTokens(value.value).includes('upgrade')) continue;
      const keepalive = keepaliveOf(t.ws.upstream) !== undefined;
      const message = `${locationLabel(t.location)} also serves plain HTTP, and a fixed Connection ${value.raw} is sent with every plain request too: use $connection_upgrade from a map on $http_upgrade`;

      if (eff.source === 'here') {
        const onDirective = conn.instance === ctx.instance;
        ctx.report({
          range: onDirective ? conn.directive.range : blockHead(t.ws.block),
          message: onDirective ? message : `${message} (${sourceText(eff, ctx.instance, conn)})`,
          fixes: preferFirst([withConnectionMap(ctx, keepalive, 'Use $connection_upgrade', [replaceRange(conn.instance, value.range, '$connection_upgrade')])]),
        });
        continue;
      }
      const line = planListLines(t.scope, 'proxy_set_header', [CONNECTION_MAP_LINE], headerAnchor(t.location));
      ctx.report({
        range: blockHead(t.ws.block),
        message: `${message} (${sourceText(eff, ctx.instance, conn)})`,
        fixes: preferFirst([withConnectionMap(ctx, keepalive, 'Add proxy_set_header Connection $connection_upgrade to this location', insertionEdits(ctx.instance, [line]))]),
      });
    }
  },
};
