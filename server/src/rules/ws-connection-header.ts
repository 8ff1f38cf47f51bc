import { effective } from '../workspace/effective';
import { CONNECTION_MAP_LINE, keepaliveOf, preferFirst, withConnectionMap } from './connectionMap';
import { blockHead, replaceRange } from './edits';
import { sourceText } from './source';
import { connectionTokens, directiveText, droppedLine, headerName, headerValue, insertionEdits, isLiteral, planListLines, quoted, soleVariable } from './proxyHeaders';
import type { Fix, Rule } from './types';
import { headerAnchor, wsLocations } from './wsLocation';

export const wsConnectionHeader: Rule = {
  id: 'ws-connection-header',
  defaultSeverity: 'error',
  docs: {
    summary: 'A WebSocket location sends no `Connection: upgrade` to the backend, so the handshake is not an upgrade request.',
    why:
      "A WebSocket handshake needs both `Upgrade: websocket` and a `Connection` header listing `upgrade`. `Connection` is hop-by-hop, and unless a `proxy_set_header Connection` is in force nginx sends its own `Connection: close` to the backend, which then treats the handshake as a plain request (a 400, a 426 or a normal page instead of `101 Switching Protocols`). A fixed value such as `close`, `keep-alive` or `\"\"` (copied from an upstream keepalive recipe) has the same effect. The usual value is `$connection_upgrade`, from a `map` on `$http_upgrade` that yields `upgrade` for handshakes and `close` (or nothing, with upstream keepalive) for everything else.",
    fix: 'Adds `proxy_set_header Connection $connection_upgrade;` to the location (and the `map` that defines it at the top of `http`, when the config has none), or replaces a fixed value. Another offered fix uses the fixed value `"upgrade"`, fine for a location that serves nothing but WebSocket.',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n}',
    evidence:
      'A WebSocket location whose `proxy_set_header` list in force has no `Connection` line (nginx then sends `Connection: close`), or a fixed value, without any variable, whose comma- or space-separated words do not include `upgrade` (`close`, `keep-alive`, `""`). A location that writes any `proxy_set_header` of its own uses only its own list, so a `Connection` line of its server does not count then.',
    quiet:
      '- Any value with a variable (`$connection_upgrade`, `$http_connection`, a map of your own): whether it yields `upgrade` is for [undefined-variable](#undefined-variable), [ws-connection-passthrough](#ws-connection-passthrough) and [upstream-keepalive](#upstream-keepalive).\n- Fixed values that list `upgrade` (`upgrade`, `keep-alive, Upgrade`).',
  },
  check(ctx) {
    for (const t of wsLocations(ctx)) {
      const eff = effective(t.scope, 'proxy_set_header');
      const conn = [...eff.directives].reverse().find((p) => headerName(p.directive) === 'connection');
      const value = conn && headerValue(conn.directive);
      // Variables ($connection_upgrade, $http_connection, a map of one's own) are judged elsewhere or trusted.
      if (value && (!isLiteral(value.value) || connectionTokens(value.value).includes('upgrade'))) continue;
      const keepalive = keepaliveOf(t.ws.upstream) !== undefined;
      const where = sourceText(eff, ctx.instance, conn);

      if (conn && value && eff.source === 'here') {
        const onDirective = conn.instance === ctx.instance;
        const fixes = [
          withConnectionMap(ctx, keepalive, 'Use $connection_upgrade', [replaceRange(conn.instance, value.range, '$connection_upgrade')]),
          { title: 'Use "upgrade"', preferred: false, edits: [replaceRange(conn.instance, value.range, quoted(conn.instance.file, 'upgrade'))] },
        ];
        ctx.report({
          range: onDirective ? conn.directive.range : blockHead(t.ws.block),
          message: `Connection is ${shown(value.raw)}${onDirective ? '' : ` (${where})`}, not upgrade: the backend does not see this WebSocket handshake as an upgrade request`,
          fixes: preferFirst(fixes),
        });
        continue;
      }

      const pass = headerAnchor(t.location);
      const add = (line: string): Fix['edits'] => insertionEdits(ctx.instance, [planListLines(t.scope, 'proxy_set_header', [line], pass)]);
      // The enclosing block's own Connection line, dropped by this location's list, is copied as written when it would work.
      const dropped = droppedLine(t.scope, 'connection');
      const droppedValue = dropped && headerValue(dropped.placed.directive)?.value;
      const copy =
        dropped && droppedValue !== undefined && (isLiteral(droppedValue) ? connectionTokens(droppedValue).includes('upgrade') : soleVariable(droppedValue) !== 'http_connection')
          ? { title: `Copy the Connection line of ${dropped.where} into this location`, preferred: true, edits: add(directiveText(dropped.placed)) }
          : undefined;
      const fixes = [
        copy,
        withConnectionMap(ctx, keepalive, 'Add proxy_set_header Connection $connection_upgrade', add(CONNECTION_MAP_LINE)),
        { title: 'Add proxy_set_header Connection "upgrade"', preferred: false, edits: add(`proxy_set_header Connection ${quoted(ctx.file, 'upgrade')};`) },
      ];
      const why = conn && value
        ? `Connection is ${shown(value.raw)}, ${where}`
        : dropped
          ? `its own proxy_set_header lines replace those of ${dropped.where}, Connection included, so nginx sends its own Connection: close`
          : eff.directives.length === 0
            ? 'nginx sends its own Connection: close'
            : `the proxy_set_header lines in force here, ${where}, have no Connection, so nginx sends its own Connection: close`;
      ctx.report({
        range: blockHead(t.ws.block),
        message: `this WebSocket location does not send Connection: upgrade to the backend (${why}), so the handshake is not an upgrade request: add ${CONNECTION_MAP_LINE}`,
        fixes: preferFirst(fixes),
      });
    }
  },
};

function shown(raw: string): string {
  return raw === '""' || raw === "''" ? 'empty' : raw;
}

