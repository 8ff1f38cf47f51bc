import { directivesNamed } from '../workspace/graph';
import { scopeDirectives, scopeOf, type Scope } from '../workspace/scope';
import { enclosingServer, serverDirectives } from './serverBlocks';
import { webSocketBlocksOf } from './treeProxies';
import type { Rule, RuleContext } from './types';

/** nginx 1.25.1 added `http2 on;` and, with it, HTTP/1.x on cleartext HTTP/2 ports; an unknown version is assumed older. */
function sniffsCleartextHttp1(ctx: RuleContext): boolean {
  const v = ctx.settings.nginxVersion?.split('.').map(Number);
  if (!v) return false;
  const [major = 0, minor = 0, patch = 0] = v;
  return major > 1 || (major === 1 && (minor > 25 || (minor === 25 && patch >= 1)));
}

const CLEARTEXT =
  '`http2` on a listen without ssl makes the port speak only HTTP/2 with prior knowledge before nginx 1.25.1: browsers\' HTTP/1.1 WebSocket handshakes on it fail (curl sees "HTTP/0.9"). Serve WebSockets on a port without http2, or on nginx 1.25.1+ use `http2 on;`, which also accepts HTTP/1.1 there';

export const wsHttp2: Rule = {
  id: 'ws-http2',
  defaultSeverity: 'information',
  docs: {
    summary: 'A cleartext `listen ... http2` on a server that proxies WebSockets: before nginx 1.25.1 the HTTP/1.1 handshakes fail there.',
    why:
      "nginx does not implement RFC 8441 (WebSocket over HTTP/2), so it never advertises extended CONNECT. Browsers then open every WebSocket on its own HTTP/1.1 connection (ALPN `http/1.1`), even when the page came over HTTP/2: WebSockets keep working and advice to remove `http2` for them is unnecessary. The exception is `listen ... http2` without `ssl` on nginx older than 1.25.1: that port accepts only HTTP/2 with prior knowledge, so an HTTP/1.1 WebSocket handshake there fails. nginx 1.25.1 added `http2 on;`, which recognises HTTP/1.x on such ports.",
    fix: 'Serve WebSockets on a port without `http2`, or upgrade nginx to 1.25.1+ and use `http2 on;`. HTTP/2 over TLS, and `http2 on;`, need no change and are not reported.',
    example: 'server {\n    listen 8080 http2;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n}',
    evidence:
      'All of these:\n- `nginxWs.nginxVersion` is unset or older than 1.25.1;\n- this file has a `listen` with `http2` and neither `ssl` nor `quic`, in an http `server` that has no `ssl on;`;\n- a location (or an `if` in one) of that server proxies WebSocket, whether it stands in the server block or in a file the server includes.',
    quiet:
      '- `nginxWs.nginxVersion` of 1.25.1 or later.\n- HTTP/2 over TLS, and the `http2 on;` directive: browsers open WebSockets on HTTP/1.1 connections there.\n- A `listen` whose server is not in view, and servers with no WebSocket location.',
  },
  check(ctx) {
    // Only a cleartext `listen ... http2` before nginx 1.25.1 breaks WebSockets. Over TLS browsers open each WebSocket
    // on its own HTTP/1.1 connection, and `http2 on;` (1.25.1+) sniffs HTTP/1.x on cleartext ports: nothing to change.
    if (sniffsCleartextHttp1(ctx)) return;
    const x = ctx.instance;
    // Only this file's `listen` lines can be reported here: look at their servers, not at every server of the tree
    // (a keystroke in one of a thousand files must not redo the whole tree).
    for (const d of directivesNamed(x, 'listen')) {
      if (x.contexts.get(d) !== 'server' || !d.args.some((a, i) => i > 0 && a.value === 'http2')) continue;
      if (d.args.some((a, i) => i > 0 && (a.value === 'ssl' || a.value === 'quic'))) continue;
      const server = enclosingServer(scopeOf(d, x));
      // `ssl on;` (before 1.25.1) makes every listen of the server TLS.
      if (!server || serverDirectives(server, 'ssl').some((p) => p.directive.args[0]?.value === 'on')) continue;
      if (servesWebSocket(ctx, server)) ctx.report({ range: d.range, message: CLEARTEXT });
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
