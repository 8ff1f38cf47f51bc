import { defaultProxyHttpVersion } from './settings';
import { effective } from '../workspace/effective';
import { blockHead, insertAfterDirective, insertAtBlockStart, replaceRange } from './edits';
import { describeSource, httpInView } from './source';
import type { Rule } from './types';
import { childNamed, wsLocations } from './wsLocation';

export const wsHttpVersion: Rule = {
  id: 'ws-http-version',
  defaultSeverity: 'error',
  docs: {
    summary: 'A WebSocket location talks HTTP/1.0 to its backend, which cannot carry the Upgrade handshake.',
    why:
      'The WebSocket handshake (RFC 6455) is an HTTP/1.1 `Upgrade` request. Before nginx 1.29.7 the default `proxy_http_version` is 1.0, so unless the location (or an enclosing block) sets 1.1 the backend receives the handshake as an HTTP/1.0 request. Backends that follow the RFC refuse it with a 400; lenient ones accept it, so the config works against one server and fails against the next. Without the upgrade headers too, no backend sees a handshake at all. From 1.29.7 on, 1.1 is the default; set `nginxWs.nginxVersion` to tell nginx-ws which version you run.',
    fix: 'Inserts `proxy_http_version 1.1;` after `proxy_pass`, or changes an explicit `1.0` to `1.1`.',
    example: 'server {\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n}',
    evidence:
      "A WebSocket location (see the top of this page; an `if` proxy is judged by its location) whose `proxy_http_version` in force is `1.0`: written in the location, inherited from `server` or `http`, or not set at all while `nginxWs.nginxVersion` is unset or older than 1.29.7 (nginx's default was 1.0 until then). When nothing sets it and the `http` block around the location is not in view (a file checked apart from the config that includes it), the finding is a warning that says the `http` block may set 1.1.",
    quiet:
      '- Any other value in force (`1.1`), and no value at all when `nginxWs.nginxVersion` is 1.29.7 or later.\n- Locations without WebSocket evidence, whatever their path ([ws-path-only](#ws-path-only) gives those a hint).',
  },
  check(ctx) {
    for (const { ws, location, scope } of wsLocations(ctx)) {
      const eff = effective(scope, 'proxy_http_version');
      const set = eff.directives[0]?.directive;
      const value = set?.args[0]?.value ?? defaultProxyHttpVersion(ctx.settings);
      if (value !== '1.0') continue;
      if (set && eff.source === 'here' && set.args[0]) {
        ctx.report({
          range: set.range,
          message: 'proxy_http_version 1.0 sends the WebSocket handshake as an HTTP/1.0 request, which RFC 6455 backends refuse with 400 (use 1.1)',
          fixes: [{ title: 'Change to proxy_http_version 1.1', preferred: true, edits: [replaceRange(eff.directives[0].instance, set.args[0].range, '1.1')] }],
        });
        continue;
      }
      // `proxy_http_version` is not allowed in `if`: the line goes into the location, after its proxy_pass.
      const origin = set ? describeSource(eff, ctx.instance) : `nginx's default before 1.29.7`;
      // Unset, with the http block out of view: that block may set 1.1 for every location.
      const unseen = !set && !httpInView(scope);
      ctx.report({
        range: blockHead(ws.block),
        message: unseen
          ? `this WebSocket location proxies with HTTP/1.0 (${origin}) unless the http block that includes this file, which is not in view, sets proxy_http_version 1.1: backends that follow RFC 6455 refuse the handshake with 400; add proxy_http_version 1.1 here`
          : `this WebSocket location proxies with HTTP/1.0 (${origin}): backends that follow RFC 6455 refuse the handshake with 400; add proxy_http_version 1.1`,
        ...(unseen ? { severity: 'warning' as const } : {}),
        fixes: () => {
          const anchor = childNamed(location, 'proxy_pass');
          const edit = anchor ? insertAfterDirective(ctx.instance, anchor, ['proxy_http_version 1.1;']) : insertAtBlockStart(ctx.instance, location, ['proxy_http_version 1.1;']);
          return edit ? [{ title: 'Set proxy_http_version 1.1 in this location', preferred: true, edits: [edit] }] : [];
        },
      });
    }
  },
};
