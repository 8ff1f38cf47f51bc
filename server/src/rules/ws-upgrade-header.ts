import { effective } from '../workspace/effective';
import { UPGRADE_LINE } from './connectionMap';
import { blockHead, replaceRange } from './edits';
import { sourceText } from './source';
import { directiveText, droppedLine, headerName, headerValue, insertionEdits, planListLines, soleVariable } from './proxyHeaders';
import type { Rule } from './types';
import { headerAnchor, wsLocations } from './wsLocation';

export const wsUpgradeHeader: Rule = {
  id: 'ws-upgrade-header',
  defaultSeverity: 'error',
  docs: {
    summary: "A WebSocket location does not forward the client's `Upgrade` header, so the backend never sees a handshake.",
    why:
      '`Upgrade` is a hop-by-hop header: nginx does not pass it from the client to the backend on its own. Without `proxy_set_header Upgrade $http_upgrade` the backend receives an ordinary GET and answers it as one (often 400 or 426, sometimes a 200 page), and the browser reports a failed handshake. `$http_upgrade` is empty on plain requests, and nginx leaves out a header whose value is empty, so the same line is harmless for ordinary traffic through the location. The line only counts where nginx uses it: a location that writes any `proxy_set_header` of its own no longer inherits the ones of its server.',
    fix: 'Adds `proxy_set_header Upgrade $http_upgrade;` to the location, next to its other `proxy_set_header` lines (copying in the ones it inherited, so that none is lost), or replaces an empty value with `$http_upgrade`.',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Connection $connection_upgrade;\n}',
    evidence:
      'A WebSocket location whose `proxy_set_header` list in force (its own lines, or the whole list it inherits) has no `Upgrade` line, or one whose value is empty (`""`). A location whose own list replaces the server\'s `Upgrade` line is reported here too, with where that line was. Such a location counts as WebSocket through its `Connection` value, a `# nginx-ws: websocket` marker, `nginxWs.websocketPaths` or a hand-over.',
    quiet:
      'Any non-empty `Upgrade` value: `$http_upgrade`, another variable or a fixed word may be deliberate (an opt-in rule, [ws-upgrade-any](#ws-upgrade-any), judges `$http_upgrade`).',
  },
  check(ctx) {
    for (const t of wsLocations(ctx)) {
      const eff = effective(t.scope, 'proxy_set_header');
      const upgrade = [...eff.directives].reverse().find((p) => headerName(p.directive) === 'upgrade');
      const value = upgrade && headerValue(upgrade.directive);
      // Another variable or a fixed value may be deliberate; only a missing or empty one is certainly wrong.
      if (value && value.value !== '') continue;
      const where = sourceText(eff, ctx.instance, upgrade);
      if (upgrade && value && eff.source === 'here') {
        const onDirective = upgrade.instance === ctx.instance;
        ctx.report({
          range: onDirective ? upgrade.directive.range : blockHead(t.ws.block),
          message: `Upgrade is set to an empty value${onDirective ? '' : ` (${where})`}, so nginx sends no Upgrade header and the backend never sees a WebSocket handshake: use $http_upgrade`,
          fixes: [{ title: "Forward the client's Upgrade header ($http_upgrade)", preferred: true, edits: [replaceRange(upgrade.instance, value.range, '$http_upgrade')] }],
        });
        continue;
      }
      // The server's own Upgrade line, dropped by this location's list, is copied as written.
      const dropped = droppedLine(t.scope, 'upgrade');
      const line = dropped && soleVariable(headerValue(dropped.placed.directive)?.value ?? '') === 'http_upgrade' ? directiveText(dropped.placed) : UPGRADE_LINE;
      const why = upgrade
        ? `Upgrade is set to an empty value, ${where}`
        : dropped
          ? `its own proxy_set_header lines replace those of ${dropped.where}, Upgrade included`
          : eff.directives.length === 0
            ? 'nginx drops this hop-by-hop header unless told to forward it'
            : `the proxy_set_header lines in force here, ${where}, have no Upgrade`;
      const ins = planListLines(t.scope, 'proxy_set_header', [line], headerAnchor(t.location));
      ctx.report({
        range: blockHead(t.ws.block),
        message: `this WebSocket location does not forward the client's Upgrade header (${why}), so the backend never sees a handshake: add ${UPGRADE_LINE}`,
        fixes: [{ title: 'Add proxy_set_header Upgrade $http_upgrade to this location', preferred: true, edits: insertionEdits(ctx.instance, [ins]) }],
      });
    }
  },
};
