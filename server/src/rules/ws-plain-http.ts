import { webSocketBlocks, webSocketProxies } from './websocket';
import { blockHead } from './edits';
import type { ConfigTree } from '../workspace/graph';
import type { Scope } from '../workspace/scope';
import { treeMemo } from '../workspace/treeMemo';
import { behindAnotherProxy, enclosingServer, hasTlsListener, httpServers, listensLocallyOnly, serverNames, serverRedirectsToHttps, treeWithoutTls } from './serverBlocks';
import { effectiveHeaders } from '../workspace/effective';
import { includesOutOfView } from './source';
import type { Rule } from './types';

export const wsPlainHttp: Rule = {
  id: 'ws-plain-http',
  defaultSeverity: 'information',
  docs: {
    summary: 'A WebSocket location that clients can only reach over plain HTTP (`ws://`), never over TLS (`wss://`).',
    why:
      "Without TLS every frame, cookie and token of the WebSocket crosses the network in clear text. Pages served over https may not open `ws://` sockets at all (browsers block them as mixed content), and proxies along the way that do not understand the Upgrade can break unencrypted WebSockets, while `wss://` passes through them untouched. nginx-ws stays quiet when the server has a `listen ... ssl` (or `quic`), when another server with the same `server_name` has TLS or redirects to https, and when the server only listens on loopback or a unix socket (something local terminates TLS in front of it). If a load balancer in front of nginx terminates TLS, silence this with `# nginx-ws-disable-next-line ws-plain-http`.\n\nIt speaks only on evidence that the traffic crosses the internet in clear: the server answers a public DNS name (not `localhost`, `*.local`, `*.lan`, `*.home`, `*.internal`, `*.test`, an IP address or an example domain), all its `listen` lines are in view (none from an include that cannot be read), and nothing shows a TLS terminator in front (`real_ip_header`, `set_real_ip_from`, `listen ... proxy_protocol`, or an `X-Forwarded-Proto` taken from the incoming request). A server with the same name that has TLS or redirects to https counts as the secure twin.",
    fix: 'No automatic fix: TLS needs a certificate. Add `listen 443 ssl;` with `ssl_certificate` and `ssl_certificate_key`, and a port-80 server that answers `return 301 https://$host$request_uri;`. The `ws-tls-server` snippet writes both servers.',
    example: 'server {\n    listen 80;\n    server_name chat.acme.dev;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n}',
    evidence:
      'A WebSocket location whose server is in view and meets every one of these:\n- no `listen ... ssl` or `quic`, and no `ssl on;`;\n- at least one `listen` on an address others can reach (no `listen` at all means `*:80`);\n- a `server_name` that is a public DNS name: it has a dot, is no IP address, wildcard, regex or variable, and does not end in `localhost`, `local`, `lan`, `home`, `internal`, `intranet`, `test`, `example`, `invalid`, `localdomain`, `home.arpa`, `docker`, or an example domain (`example.com`, `yourdomain.com`, ...);\n- every `include` written in the server block found a file (a `listen` in an unread file may be `ssl`);\n- nothing shows a TLS terminator in front: no `real_ip_header` or `set_real_ip_from` around it, no `listen ... proxy_protocol`, no `proxy_set_header` value taken from `$http_x_forwarded_proto`, `$http_cf_visitor` or `$http_x_forwarded_ssl`;\n- no other server of the tree with one of its names has TLS or redirects to `https://` (`return` or `rewrite`, at server level, in an `if` or in a location);\n- the tree is not a whole main config without any TLS (see below).',
    quiet:
      '- Whenever any of those fails: a server with TLS, listening only on loopback or a unix socket, answering only private or example names, with an unread include, behind a proxy the config shows, or with a secure twin.\n- A main config whose every `include` read a file and in which no server speaks TLS (no `listen` with `ssl` or `quic`, no `ssl on`): TLS is then left to something in front (a tunnel, a load balancer) or to nothing, and the config cannot tell which. A tree with an include that reads no file may hold TLS servers, so it does not count as one.\n- A location whose server is not in view (a snippet that nothing includes).',
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
      if (!publicName(server) || !listensInView(server) || behindTlsTerminator(ws.scope)) continue;
      // A whole config where no server speaks TLS leaves TLS to something in front (a tunnel, a load balancer), or
      // to nothing: the config cannot tell which.
      if (treeWithoutTls(ctx.instance.tree)) continue;
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

/** Names that stay on a LAN, a laptop or in documentation: plain HTTP there is a choice, not a leak. */
const PRIVATE_NAME = /(^|\.)(localhost|local|lan|home|internal|intranet|test|example|invalid|localdomain|home\.arpa|docker)$|(^|\.)(example\.(com|net|org)|(your|my)?domain\.(com|tld))$/;

/** The server answers a public DNS name: the only evidence that its clients cross the internet. */
function publicName(server: Scope): boolean {
  return [...serverNames(server)].some((n) => n.includes('.') && !/[$*~{}<>]/.test(n) && !/^[\d.:[\]]+$/.test(n) && !PRIVATE_NAME.test(n.replace(/\.$/, '')));
}

/** Every `listen` of the server is in sight: one from a file that cannot be read may well be `ssl`. */
function listensInView(server: Scope): boolean {
  return !server.block || !includesOutOfView(server.block, server.instance);
}

/** A TLS terminator in front (load balancer, tunnel) shows in the headers nginx trusts from it. */
function behindTlsTerminator(location: Scope): boolean {
  if (behindAnotherProxy(location)) return true;
  return [...effectiveHeaders(location).values()].some((d) => /\$http_x_forwarded_proto|\$http_cf_visitor|\$http_x_forwarded_ssl/i.test(d.args[1]?.value ?? ''));
}

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
