import { endpointSegment, proxyBlocks, webSocketBlocks } from './websocket';
import type { Directive } from '../parser/ast';
import { blockHead } from './edits';
import { includesOutOfView } from './source';
import type { Rule } from './types';
import { locationLabel, locationPath } from './wsLocation';

export const wsPathOnly: Rule = {
  id: 'ws-path-only',
  // Hint: a path is no evidence. `/ws/` may well be plain HTTP; the WebSocket rules wait for the config to say so.
  defaultSeverity: 'hint',
  docs: {
    summary: 'A proxied location whose path looks like a WebSocket endpoint, but nothing in the config says it is one, so the WebSocket rules do not check it.',
    why:
      'nginx-ws treats a location as a WebSocket proxy only on evidence: the proxy_set_header lines in force there carry `Upgrade` or a `Connection` value with `upgrade`, it is marked with a `# nginx-ws: websocket` comment (on the line before the location or inside it), the `websocketPaths` setting names its path, or it hands requests (`try_files`, `error_page`) to a named location that is one. Words in a path or an upstream name are not evidence: `/github/`, `/billing/subscriptions/` or a SignalR `/hub/negotiate` endpoint are plain HTTP. This hint appears once per location whose path has a whole segment `ws`, `wss`, `websocket`, `socket.io`, `sockjs` or `cable`, proxies requests, and has none of that evidence. It stays quiet on every other location, and there is no automatic fix: only you know whether the endpoint upgrades.',
    fix: 'None. If the location does proxy WebSocket, add `proxy_set_header Upgrade $http_upgrade;` and `proxy_set_header Connection $connection_upgrade;` (the other WebSocket rules then check the rest), or put `# nginx-ws: websocket` on the line before it. If it does not, ignore the hint or turn the rule off.',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n}',
    evidence:
      'A `location` with a `proxy_pass` of its own (written in it or in a file it includes), whose path or regex has a whole segment `ws`, `wss`, `websocket`, `socket.io`, `sockjs` or `cable`, and that neither itself nor an `if` inside it counts as a WebSocket proxy. One hint per location.',
    quiet:
      '- Locations with WebSocket evidence: the other `ws-*` rules check them.\n- A location with an `include` that found no file: the file on the server may hold the upgrade headers.\n- Paths where such a word is only part of a segment (`/wsdl`, `/news`, `/websocket-guide`), locations that do not proxy, and locations whose only `proxy_pass` is inside an `if`.',
  },
  check(ctx) {
    const blocks = proxyBlocks(ctx.instance, ctx.symbols);
    const ws = webSocketBlocks(ctx);
    // A location counts as checked when it, or an `if` inside it, is a WebSocket proxy.
    const checked = new Set<Directive>(blocks.filter((b) => ws.has(b.block)).map((b) => b.location));
    for (const { block, location } of blocks) {
      if (block !== location || checked.has(location)) continue;
      const segment = endpointSegment(locationPath(location));
      // An include that reads no file in view (a shared proxy.conf on the server) may hold the headers.
      if (segment === undefined || includesOutOfView(location, ctx.instance)) continue;
      ctx.report({
        range: blockHead(location),
        message: `${locationLabel(location)} has "${segment}" in its path, but nothing here says it proxies WebSocket, so the WebSocket rules do not check it: if it does, add proxy_set_header Upgrade $http_upgrade and Connection $connection_upgrade, or mark it with # nginx-ws: websocket`,
      });
    }
  },
};
