import type { Directive } from '../parser/ast';
import { effective } from '../workspace/effective';
import { directivesNamed } from '../workspace/graph';
import { scopeDirectives, scopeOf, type Scope } from '../workspace/scope';
import { enclosingServer, hasTlsListener } from './serverBlocks';
import { treeWebSocketProxies, webSocketBlocksOf } from './treeProxies';
import type { Rule, RuleContext } from './types';

/** nginx 1.25.1 added `http2 on;` and, with it, HTTP/1.x on cleartext HTTP/2 ports; an unknown version is assumed older. */
function sniffsCleartextHttp1(ctx: RuleContext): boolean {
  const v = ctx.settings.nginxVersion?.split('.').map(Number);
  if (!v) return false;
  const [major = 0, minor = 0, patch = 0] = v;
  return major > 1 || (major === 1 && (minor > 25 || (minor === 25 && patch >= 1)));
}

const OVER_TLS =
  'HTTP/2 is on for a server with WebSocket locations. That is fine: nginx does not offer WebSocket over HTTP/2 (RFC 8441 extended CONNECT), so browsers open each WebSocket on a separate HTTP/1.1 connection while pages keep using HTTP/2. Turning http2 off is not needed for WebSockets';

const CLEARTEXT_SNIFFED =
  'HTTP/2 is on for a server with WebSocket locations, on a port without TLS: browsers use HTTP/2 only over TLS, so their WebSocket handshakes arrive as HTTP/1.1, which nginx 1.25.1+ still accepts on this port';

const CLEARTEXT =
  '`http2` on a listen without ssl makes the port speak only HTTP/2 with prior knowledge before nginx 1.25.1: browsers\' HTTP/1.1 WebSocket handshakes on it fail (curl sees "HTTP/0.9"). Serve WebSockets on a port without http2, or on nginx 1.25.1+ use `http2 on;`, which also accepts HTTP/1.1 there';

export const wsHttp2: Rule = {
  id: 'ws-http2',
  defaultSeverity: 'information',
  docs: {
    summary: 'HTTP/2 is enabled on a server that proxies WebSockets: what that means for the WebSocket connections.',
    why:
      "nginx does not implement RFC 8441 (WebSocket over HTTP/2), so it never advertises extended CONNECT. Browsers then open every WebSocket on its own HTTP/1.1 connection (ALPN `http/1.1`), even when the page came over HTTP/2: WebSockets keep working and advice to remove `http2` for them is unnecessary. The exception is `listen ... http2` without `ssl` on nginx older than 1.25.1: that port accepts only HTTP/2 with prior knowledge, so an HTTP/1.1 WebSocket handshake there fails. nginx 1.25.1 added `http2 on;`, which recognises HTTP/1.x on such ports.",
    fix: 'Nothing to change over TLS. For a cleartext `listen ... http2`, serve WebSockets on a port without `http2`, or upgrade nginx and use `http2 on;`.',
    example: 'server {\n    listen 443 ssl http2;\n    ssl_certificate /etc/nginx/tls/site.crt;\n    ssl_certificate_key /etc/nginx/tls/site.key;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n}',
  },
  check(ctx) {
    const x = ctx.instance;
    const reported = new Set<Directive>();
    const report = (d: Directive, message: string): void => {
      if (reported.has(d)) return;
      reported.add(d);
      ctx.report({ range: d.range, message });
    };
    // Only this file's `listen` and `http2` lines can be reported here: look at their servers, not at every server
    // of the tree (a keystroke in one of a thousand files must not redo the whole tree).
    for (const d of directivesNamed(x, 'listen')) {
      if (x.contexts.get(d) !== 'server' || !d.args.some((a, i) => i > 0 && a.value === 'http2')) continue;
      const server = enclosingServer(scopeOf(d, x));
      if (!server || !servesWebSocket(ctx, server)) continue;
      const tls = d.args.some((a, i) => i > 0 && (a.value === 'ssl' || a.value === 'quic'));
      report(d, tls ? OVER_TLS : sniffsCleartextHttp1(ctx) ? CLEARTEXT_SNIFFED : CLEARTEXT);
    }
    // `http2 on;` (nginx 1.25.1+) in a server, or in http for every server that inherits it; it sniffs HTTP/1.x on
    // cleartext ports.
    for (const d of directivesNamed(x, 'http2')) {
      if (d.args[0]?.value !== 'on') continue;
      const where = x.contexts.get(d);
      const servers = where === 'server' ? [enclosingServer(scopeOf(d, x))] : where === 'http' ? webSocketServers(ctx) : [];
      for (const server of servers) {
        if (!server || (where === 'server' && !servesWebSocket(ctx, server))) continue;
        const on = effective(server, 'http2').directives[0];
        if (on?.directive !== d || on.instance !== x) continue;
        report(d, hasTlsListener(server) ? OVER_TLS : CLEARTEXT_SNIFFED);
        break;
      }
    }
  },
};

/** A location (or an `if` in one) of the server, or of a file included in it, proxies WebSocket traffic. */
function servesWebSocket(ctx: RuleContext, server: Scope): boolean {
  const visit = (s: Scope, depth: number): boolean =>
    scopeDirectives(s).some((p) => {
      const d = p.directive;
      if (!d.block || depth > 16 || (d.name !== 'location' && d.name !== 'if')) return false;
      return webSocketBlocksOf(ctx, p.instance).has(d) || visit({ block: d, instance: p.instance }, depth + 1);
    });
  return visit(server, 0);
}

/** The tree's servers with WebSocket locations, in the order of those locations: for an `http2` line in http. */
function webSocketServers(ctx: RuleContext): Scope[] {
  const servers = new Map<Directive, Scope>();
  for (const ws of treeWebSocketProxies(ctx)) {
    const server = enclosingServer(ws.scope);
    if (server?.block && !servers.has(server.block)) servers.set(server.block, server);
  }
  return [...servers.values()];
}
