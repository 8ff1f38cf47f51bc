import { effective } from '../workspace/effective';
import { placeMap } from './connectionMap';
import { blockHead, replaceRange } from './edits';
import { headerName, headerValue, soleVariable } from './proxyHeaders';
import type { FileEdit, Rule } from './types';
import { wsLocations } from './wsLocation';

const WEBSOCKET_ONLY = 'websocket_upgrade';

/** The map that lets only the WebSocket token through: anything else (`h2c`, `TLS/1.2`) becomes an empty value. */
const WEBSOCKET_ONLY_MAP = [`map $http_upgrade $${WEBSOCKET_ONLY} {`, '    default        "";', '    "~*^websocket$" $http_upgrade;', '}'];

export const wsUpgradeAny: Rule = {
  id: 'ws-upgrade-any',
  defaultSeverity: 'warning',
  // Whether it matters depends on the backend (one that accepts h2c upgrades), which the config does not show.
  offByDefault: true,
  docs: {
    summary: '`proxy_set_header Upgrade $http_upgrade` passes any protocol the client asks for, `h2c` included, not only WebSocket.',
    why:
      "The usual WebSocket lines copy the client's `Upgrade` header to the backend whatever it holds. A client that sends `Upgrade: h2c` (HTTP/2 over cleartext) to a backend that accepts that upgrade gets an HTTP/2 connection straight to the backend, through nginx but no longer checked by it: every later request on that connection skips the `location` rules, `auth_request`, `allow`/`deny` and rate limits that guard other paths (request smuggling, shown on the live lab: the backend receives `Upgrade: h2c` through the usual lines, and nothing once the map below is in place). Go's h2c handlers, Envoy and several Java and Node.js servers accept h2c when configured to. Off by default, since it matters only for such a backend: turn it on for configs that face the internet.",
    fix: "Adds `map $http_upgrade $websocket_upgrade { default \"\"; \"~*^websocket$\" $http_upgrade; }` at the top of `http` and forwards `$websocket_upgrade` instead; a map that derives `$connection_upgrade` from `$http_upgrade` is switched to `$websocket_upgrade` too, so other tokens get no `Connection: upgrade` either.",
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection "upgrade";\n}',
    evidence:
      'Only when turned on. A WebSocket location whose `Upgrade` line in force is exactly `$http_upgrade` (or `${http_upgrade}`).',
    quiet:
      '- Off by default.\n- Any other value, such as a variable from a map that lets only `websocket` through.',
  },
  check(ctx) {
    for (const t of wsLocations(ctx)) {
      const eff = effective(t.scope, 'proxy_set_header');
      const upgrade = [...eff.directives].reverse().find((p) => headerName(p.directive) === 'upgrade');
      const value = upgrade && headerValue(upgrade.directive);
      if (!upgrade || !value || soleVariable(value.value) !== 'http_upgrade') continue;
      const onDirective = upgrade.instance === ctx.instance;
      ctx.report({
        range: onDirective ? upgrade.directive.range : blockHead(t.ws.block),
        message:
          "Upgrade is copied from the client as it is ($http_upgrade): an Upgrade: h2c request reaches the backend too, and one that accepts it opens an HTTP/2 connection that bypasses nginx's location rules; pass only websocket with a map",
        fixes: () => {
          const edits: FileEdit[] = [replaceRange(upgrade.instance, value.range, `$${WEBSOCKET_ONLY}`)];
          if (ctx.symbols.byName('variable', WEBSOCKET_ONLY).length === 0) {
            const map = placeMap(ctx.instance, WEBSOCKET_ONLY_MAP);
            if (!map) return [];
            edits.push(map);
          }
          for (const def of ctx.symbols.byName('variable', 'connection_upgrade')) {
            const source = def.directive.args[0];
            if (def.directive.name === 'map' && source?.value === '$http_upgrade') edits.push(replaceRange(def.instance, source.range, `$${WEBSOCKET_ONLY}`));
          }
          return [{ title: 'Forward only the websocket token (a map on $http_upgrade)', preferred: true, edits }];
        },
      });
    }
  },
};
