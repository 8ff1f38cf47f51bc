import { webSocketBlocks, webSocketProxies } from '../analysis/websocket';
import { blockHead } from './edits';
import type { ConfigTree } from '../workspace/graph';
import type { Scope } from '../workspace/scope';
import { treeMemo } from '../workspace/treeMemo';
import { enclosingServer, hasTlsListener, httpServers, listensLocallyOnly, serverNames, serverRedirectsToHttps } from './serverBlocks';
import type { Rule } from './types';

export const wsPlainHttp: Rule = {
  id: 'ws-plain-http',
  defaultSeverity: 'information',
  docs: {
    summary: 'A WebSocket location that clients can only reach over plain HTTP (`ws://`), never over TLS (`wss://`).',
    why:
      "Without TLS every frame, cookie and token of the WebSocket crosses the network in clear text. Pages served over https may not open `ws://` sockets at all (browsers block them as mixed content), and proxies along the way that do not understand the Upgrade can break unencrypted WebSockets, while `wss://` passes through them untouched. nginx-ws stays quiet when the server has a `listen ... ssl` (or `quic`), when another server with the same `server_name` has TLS or redirects to https, and when the server only listens on loopback or a unix socket (something local terminates TLS in front of it). If a load balancer in front of nginx terminates TLS, silence this with `# nginx-ws-disable-next-line ws-plain-http`.",
    fix: 'No automatic fix: TLS needs a certificate. Add `listen 443 ssl;` with `ssl_certificate` and `ssl_certificate_key`, and a port-80 server that answers `return 301 https://$host$request_uri;`. The `ws-tls-server` snippet writes both servers.',
    example: 'server {\n    listen 80;\n    server_name chat.example.com;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n}',
  },
  check(ctx) {
    const proxies = webSocketProxies(ctx);
    const blocks = webSocketBlocks(ctx);
    for (const ws of proxies) {
      // An `if` proxy is reported on its location, once, even when the location proxies too.
      const location = ws.block.name === 'if' && ws.block.parent.kind === 'directive' ? ws.block.parent : ws.block;
      if (location !== ws.block && blocks.has(location)) continue;
      const server = enclosingServer(ws.scope);
      // A location whose server we cannot see (a snippet nothing includes) may well be served over TLS.
      if (!server || hasTlsListener(server) || listensLocallyOnly(server)) continue;
      const secure = secureServersByName(ctx.instance.tree);
      const twin = [...serverNames(server)].some((n) => secure.get(n)?.some((other) => other.block !== server.block));
      if (twin) continue;
      ctx.report({
        range: blockHead(location),
        message:
          'this WebSocket location is only reachable over plain HTTP (ws://): its server has no `listen ... ssl`, so frames and cookies cross the network unencrypted. Add a TLS listener with a certificate and redirect port 80 to https (the `ws-tls-server` snippet writes both servers)',
      });
    }
  },
};

/** The tree's servers that have TLS or redirect to https, by each of their names: one pass, not one per location. */
function secureServersByName(tree: ConfigTree): ReadonlyMap<string, Scope[]> {
  return treeMemo(tree, 'secureServersByName', () => {
    const out = new Map<string, Scope[]>();
    for (const server of httpServers(tree)) {
      if (!hasTlsListener(server) && !serverRedirectsToHttps(server)) continue;
      for (const name of serverNames(server)) {
        const list = out.get(name);
        if (list) list.push(server);
        else out.set(name, [server]);
      }
    }
    return out;
  });
}
