import { bitwardenHubPart } from './bitwardenHub';
import { proxyBlocks, servesPlainHttpToo, webSocketBlocks } from './websocket';
import type { Directive } from '../parser/ast';
import { defaultProxyHttpVersion } from './settings';
import { effective } from '../workspace/effective';
import type { Placed } from '../workspace/scope';
import { keepaliveOf, plainRequestValue } from './connectionMap';
import { blockHead, replaceRange } from './edits';
import { placeLabel, sourceText } from './source';
import { connectionTokens, headerName, headerValue, insertionEdits, isLiteral, planListLines, quoted, soleVariable, type Insertion } from './proxyHeaders';
import type { FileEdit, Rule, RuleContext } from './types';
import { childNamed, headerAnchor, locationPath } from './wsLocation';


/** A finding's range: the one directive at fault when it is written here, else the block's head. */
function rangeFor(block: Directive, culprits: (Placed | undefined)[], ctx: RuleContext): Directive['range'] {
  const only = culprits.length === 1 ? culprits[0] : undefined;
  return only && only.instance === ctx.instance ? only.directive.range : blockHead(block);
}

function deniesEveryone(location: Directive): boolean {
  const first = (location.block?.children ?? []).find((c): c is Directive => c.kind === 'directive' && (c.name === 'allow' || c.name === 'deny'));
  return first?.name === 'deny' && first.args[0]?.value === 'all';
}

export const upstreamKeepalive: Rule = {
  id: 'upstream-keepalive',
  defaultSeverity: 'warning',
  docs: {
    summary: 'An upstream keeps idle connections (`keepalive`), but a location proxying to it never lets nginx reuse one.',
    why:
      "`keepalive` in an upstream only caches connections that are fit for reuse: the request must go out as HTTP/1.1 (`proxy_http_version 1.1`; HTTP/1.0 was nginx's default before 1.29.7) and must not carry `Connection: close`, which nginx sends by default unless `proxy_set_header Connection` says otherwise. Without both, every request still opens and closes its own connection to the backend, with the handshake (and TLS) cost that `keepalive` was meant to save. In a location that carries WebSocket as well as plain requests, `Connection` comes from `$connection_upgrade`: its map sends `upgrade` with handshakes, and should map an empty `Upgrade` to `''` rather than `close`, so plain requests keep the connection reusable (an upgraded connection is never reused anyway). nginx 1.22 accepts that `'' '';` line.",
    fix: 'Adds `proxy_http_version 1.1;` and `proxy_set_header Connection "";` to a plain location (changing explicit values in place, and copying inherited `proxy_set_header` lines so none is lost); for a WebSocket location, changes the map\'s `\'\'` line from `close` to `\'\'`.',
    example: 'upstream app {\n    server 127.0.0.1:9000;\n    keepalive 16;\n}\nserver {\n    location /api/ {\n        proxy_pass http://app;\n    }\n}',
    evidence:
      "A location (or an `if` in a location without its own `proxy_pass`) in this file whose `proxy_pass` names an http `upstream` with a `keepalive` line, and:\n- for a location that is not a WebSocket proxy: the `proxy_http_version` in force is 1.0 (written, or nginx's default while `nginxWs.nginxVersion` is unset or older than 1.29.7), or the `Connection` line in force is missing, a fixed value with `close`, or a variable from a `map $http_upgrade` that gives plain requests `close`;\n- for a WebSocket location: only when its path also serves plain HTTP (`/`, `^/`, or one with `socket.io`, `sockjs`, `signalr`, `engine.io`, `hub`, `polling`) and its `Connection` variable comes from the one `map $http_upgrade` that gives requests without `Upgrade` (its `''` line, else its `default`) a value with `close`.",
    quiet:
      '- Upstreams without `keepalive`, stream upstreams, and `proxy_pass` to a host or a variable.\n- A location whose first `allow`/`deny` line is `deny all`: nginx answers 403 and never connects from there.\n- A `proxy_http_version` other than 1.0 or 1.1 (HTTP/2 has no `Connection` header).\n- A `Connection` variable nginx-ws cannot follow: not a map over `$http_upgrade`, defined more than once, or a map whose plain-request value depends on regex or included lines.\n- WebSocket locations on paths of their own (`/ws/`): the `ws-*` rules judge their headers.\n- Bitwarden\'s notifications hub (`/notifications/hub`, Vaultwarden\'s too) and its `/negotiate` location: Bitwarden\'s clients open the hub over WebSocket only and skip negotiation, so no plain request comes through either.',
  },
  check(ctx) {
    const wsBlocks = webSocketBlocks(ctx);
    for (const { block: d, location, upstream } of proxyBlocks(ctx.instance, ctx.symbols)) {
      if (!upstream || upstream.instance.contexts.get(upstream.directive) !== 'http') continue;
      const name = upstream.name;
      const keepalive = keepaliveOf(upstream);
      if (!keepalive) continue;
      // An `if` cannot set these directives: it shares its location's values, and the location's finding covers it.
      if (d !== location && childNamed(location, 'proxy_pass')) continue;
      // `deny all` before any `allow`: nginx answers 403 and never opens a connection from here.
      if (deniesEveryone(location)) continue;
      // Bitwarden's clients skip SignalR's negotiation: their hub's negotiate location carries no traffic to reuse for.
      if (bitwardenHubPart(locationPath(location)) === 'negotiate') continue;
      const scope = { block: d, instance: ctx.instance };
      const locScope = { block: location, instance: ctx.instance };
      // Worded only for a finding: most proxy blocks have none.
      const kept = (): string => `upstream "${name}" keeps idle connections (keepalive at ${placeLabel({ directive: keepalive, instance: upstream.instance }, ctx.instance)})`;

      const headers = effective(scope, 'proxy_set_header');
      let conn: Placed | undefined;
      for (const p of headers.directives) if (headerName(p.directive) === 'connection') conn = p;
      const connValue = conn && headerValue(conn.directive);

      if (wsBlocks.has(d)) {
        // A WebSocket location: only the map's value for plain requests matters here; the rest is for the ws-* rules.
        if (!servesPlainHttpToo(locationPath(location)) || !connValue) continue;
        const variable = soleVariable(connValue.value);
        const outcome = variable ? plainRequestValue(ctx, variable) : undefined;
        if (!outcome?.value || !connectionTokens(outcome.value.value).includes('close')) continue;
        ctx.report({
          range: rangeFor(d, [headers.source === 'here' ? conn : undefined], ctx),
          message: `${kept()}, but plain requests through this location send Connection: close: $${variable} maps an empty Upgrade to ${outcome.value.raw} (map at ${placeLabel(outcome.map, ctx.instance)}); map it to '' so they can reuse a connection, handshakes still get upgrade`,
          fixes: [{ title: `Map an empty Upgrade to '' in the $${variable} map`, preferred: true, edits: [replaceRange(outcome.map.instance, outcome.value.range, "''")] }],
        });
        continue;
      }

      const problems: string[] = [];
      const culprits: (Placed | undefined)[] = [];
      // Planned, not built: the edits are made only when someone asks for the fix.
      const insertions: (() => Insertion)[] = [];
      const edits: (() => FileEdit)[] = [];

      const version = effective(scope, 'proxy_http_version');
      const setVersion = version.directives[0];
      const versionArg = setVersion?.directive.args[0];
      const speaks = versionArg?.value ?? defaultProxyHttpVersion(ctx.settings);
      // HTTP/2 to the backend has no Connection header: keepalive works on its own terms there.
      if (speaks !== '1.0' && speaks !== '1.1') continue;
      if (speaks === '1.0') {
        problems.push(`it speaks HTTP/1.0 (${setVersion ? sourceText(version, ctx.instance) : "nginx's default before 1.29.7"})`);
        culprits.push(version.source === 'here' ? setVersion : undefined);
        if (version.source === 'here' && setVersion && versionArg) edits.push(() => replaceRange(setVersion.instance, versionArg.range, '1.1'));
        else insertions.push(() => ({ block: location, after: childNamed(location, 'proxy_pass'), lines: ['proxy_http_version 1.1;'] }));
      }

      const closes = !conn || !connValue
        ? true
        : isLiteral(connValue.value)
          ? connectionTokens(connValue.value).includes('close')
          : connectionTokens(plainRequestValue(ctx, soleVariable(connValue.value) ?? '')?.value?.value ?? '').includes('close');
      if (closes) {
        problems.push(conn && connValue ? `it sends Connection: ${connValue.raw} (${sourceText(headers, ctx.instance, conn)})` : "it sends nginx's default Connection: close");
        culprits.push(headers.source === 'here' ? conn : undefined);
        if (conn && connValue && headers.source === 'here') edits.push(() => replaceRange(conn.instance, connValue.range, quoted(conn.instance.file, '')));
        else insertions.push(() => planListLines(locScope, 'proxy_set_header', [`proxy_set_header Connection ${quoted(ctx.file, '')};`], headerAnchor(location)));
      }
      if (problems.length === 0) continue;

      ctx.report({
        range: rangeFor(d, culprits, ctx),
        message: `${kept()}, but nginx cannot reuse one for this location: ${problems.join(' and ')}; use HTTP/1.1 and clear Connection`,
        fixes: () => [
          {
            title: 'Use HTTP/1.1 and clear Connection, so upstream connections are reused',
            preferred: true,
            edits: [...edits.map((e) => e()), ...insertionEdits(ctx.instance, insertions.map((i) => i()))],
          },
        ],
      });
    }
  },
};
