import type { Directive } from '../parser/ast';
import { proxyBlocks, webSocketBlocks, webSocketProxies } from './websocket';
import type { Scope } from '../workspace/scope';
import { behindAnotherProxy, enclosingServer, hasTlsListener, listensLocallyOnly } from './serverBlocks';
import { effective, effectiveHeaders } from '../workspace/effective';
import { blockHead, insertAfterDirective, insertAtBlockStart } from './edits';
import { readForwarded } from './forwardedHeader';
import { describeSource } from './source';
import type { Rule, RuleContext } from './types';
import type { FileInstance } from '../workspace/graph';
import type { Symbols } from '../workspace/symbols';
import { childNamed } from './wsLocation';

/** The headers that tell a backend who the client is and how it connected, in the order the fix writes them. */
const FORWARDING: readonly { name: string; line: string; loss: string }[] = [
  { name: 'Host', line: 'proxy_set_header Host $host;', loss: 'the Host the client asked for (it gets the proxy_pass host, which breaks Origin and virtual-host checks)' },
  { name: 'X-Real-IP', line: 'proxy_set_header X-Real-IP $remote_addr;', loss: "the client's address" },
  { name: 'X-Forwarded-For', line: 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', loss: 'the chain of client addresses' },
  { name: 'X-Forwarded-Proto', line: 'proxy_set_header X-Forwarded-Proto $scheme;', loss: 'whether the client used wss or ws' },
];

/** Host and port a `proxy_pass` sends to: two ports of one host are two applications. */
function backendOf(proxyPass: Directive): string | undefined {
  return /^https?:\/\/([^/$?]+)/i.exec(proxyPass.args[0]?.value ?? '')?.[1]?.toLowerCase();
}

/** Per server and backend: how many of its proxying locations send each header, and what each one sends. */
interface BesideIndex {
  counts: Map<Directive, Map<string, Map<string, number>>>;
  sent: Map<Directive, Set<string>>;
}

const besideCache = new WeakMap<FileInstance, WeakMap<Symbols, BesideIndex>>();

/** One pass over the file's proxying locations: a file of many WebSocket locations must not compare each pair. */
function besideIndex(ctx: RuleContext): BesideIndex {
  let bySymbols = besideCache.get(ctx.instance);
  if (!bySymbols) besideCache.set(ctx.instance, (bySymbols = new WeakMap()));
  let index = bySymbols.get(ctx.symbols);
  if (index) return index;
  index = { counts: new Map(), sent: new Map() };
  for (const p of proxyBlocks(ctx.instance, ctx.symbols)) {
    const scope = { block: p.block, instance: ctx.instance };
    const server = enclosingServer(scope)?.block;
    const backend = backendOf(p.proxyPass);
    if (!server || backend === undefined) continue;
    // A location and an `if` proxying inside it count once: each header once per location.
    let own = index.sent.get(p.location);
    if (!own) index.sent.set(p.location, (own = new Set()));
    let byBackend = index.counts.get(server);
    if (!byBackend) index.counts.set(server, (byBackend = new Map()));
    let counts = byBackend.get(backend);
    if (!counts) byBackend.set(backend, (counts = new Map()));
    for (const n of effectiveHeaders(scope).keys()) {
      if (own.has(n)) continue;
      own.add(n);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
  }
  bySymbols.set(ctx.symbols, index);
  return index;
}

/**
 * The headers that the server of a WebSocket location sends elsewhere: those set at server level or above (which
 * the location's own list may drop), and those of the server's other locations that proxy to the same backend.
 */
function headersPassedBeside(ctx: RuleContext, wsScope: Scope, location: Directive, proxyPass: Directive): Set<string> {
  const server = enclosingServer(wsScope);
  const out = new Set<string>();
  if (!server?.block) return out;
  for (const name of effectiveHeaders(server).keys()) out.add(name);
  const backend = backendOf(proxyPass);
  if (backend === undefined) return out;
  const index = besideIndex(ctx);
  const counts = index.counts.get(server.block)?.get(backend);
  const own = index.sent.get(location);
  // Another location's headers say what its backend reads: this location's own lines do not count.
  for (const [name, n] of counts ?? []) if (n - (own?.has(name) ? 1 : 0) > 0) out.add(name);
  return out;
}

export const wsForwardedHeaders: Rule = {
  id: 'ws-forwarded-headers',
  defaultSeverity: 'hint',
  docs: {
    summary: 'A WebSocket location does not tell its backend the client\'s Host, address and scheme.',
    why:
      "Behind nginx every WebSocket appears to come from nginx itself. Without `Host` the backend sees the proxy_pass host name, and servers that compare the handshake's `Origin` with the host (Socket.IO, Django Channels, Spring and others) reject it; without `X-Real-IP`/`X-Forwarded-For` logs and rate limits see nginx's address; without `X-Forwarded-Proto` the backend cannot tell `wss://` from `ws://` (secure cookies, absolute URLs). A location that sets the standard `Forwarded` header as RFC 7239 pairs is taken to pass the address (`for=`) and the scheme (`proto=`) that way, and `X-Scheme` stands in for `X-Forwarded-Proto`. A `Forwarded` header that is not pairs, such as `Forwarded $remote_addr`, tells a backend that parses it nothing: it is reported, and counts for nothing.\n\nWhether a backend reads these headers depends on the application, so the rule asks the config: it names only the headers that the same server sends elsewhere: at server level or above (which a `proxy_set_header` of the location's own drops), or from its other locations that proxy to the same backend. A WebSocket location in a server that passes none of them gets nothing.",
    fix:
      'Adds the missing `proxy_set_header` lines (`Host $host`, `X-Real-IP $remote_addr`, `X-Forwarded-For $proxy_add_x_forwarded_for`, `X-Forwarded-Proto $scheme`). When the location inherits its header list, the fix copies the inherited lines too, because a `proxy_set_header` in the location would otherwise drop them.',
    example: 'server {\n    listen 80;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n}',
    evidence:
      "A WebSocket location in a server that is in view (an `if` proxy is judged on its location), missing one of `Host`, `X-Real-IP`, `X-Forwarded-For` or `X-Forwarded-Proto` from the `proxy_set_header` lines in force, while the same server sends that header elsewhere:\n- in the list in force at server level (set in the server or inherited from `http`), which the location's own lines may have dropped; or\n- from another location of the same server, in the same file, that proxies to the same host and port.\n\nStand-ins count: `X-Scheme` for `X-Forwarded-Proto`; a `Forwarded` header written as RFC 7239 pairs for the address (`for=`) and the scheme (`proto=`), and one built from variables of your own for both. A `Forwarded` value that is not pairs (`$remote_addr`, `$proxy_add_x_forwarded_for`) is reported on its own, once.",
    quiet:
      "- A server that sends none of these headers anywhere: whether its backend reads them is unknown (a malformed `Forwarded` line is still reported).\n- `X-Forwarded-Proto` for a server in view that has no TLS listener, listens on more than loopback, and shows no proxy in front (`real_ip_header`, `set_real_ip_from`, `listen ... proxy_protocol`): its scheme is always `http`, which is what a backend assumes without the header.\n- A location whose server is not in view; other locations' headers in other files, or to another backend, are not compared.",
  },
  check(ctx) {
    const proxies = webSocketProxies(ctx);
    const blocks = webSocketBlocks(ctx);
    const reportedForwarded = new Set<Directive>();
    for (const ws of proxies) {
      // proxy_set_header is not allowed in `if`: an `if` proxy is checked (and fixed) on its location, once.
      const location = ws.block.name === 'location' ? ws.block : ws.block.parent;
      if (location.kind !== 'directive' || location.name !== 'location' || (location !== ws.block && blocks.has(location))) continue;
      const scope = { block: location, instance: ctx.instance };
      const headers = effectiveHeaders(ws.scope);
      // The standard Forwarded header carries the address and the scheme in one, when written as RFC 7239 pairs.
      const forwardedLine = headers.get('forwarded');
      const forwarded = forwardedLine ? readForwarded(forwardedLine.args[1]?.value ?? '') : undefined;
      if (forwardedLine && forwarded?.kind === 'malformed' && !reportedForwarded.has(forwardedLine)) {
        reportedForwarded.add(forwardedLine);
        const placed = effective(ws.scope, 'proxy_set_header').directives.find((p) => p.directive === forwardedLine);
        ctx.report({
          range: placed?.instance === ctx.instance ? forwardedLine.range : blockHead(location),
          message: `the Forwarded header is set to ${forwardedLine.args[1]?.raw ?? '""'}, which is not RFC 7239's form (for=...;proto=...): a backend that reads Forwarded finds no client address or scheme in it. Write the pairs, such as "for=$remote_addr;proto=$scheme", or drop the line`,
        });
      }
      const satisfied = (name: string): boolean => {
        if (headers.has(name.toLowerCase())) return true;
        if (name === 'X-Forwarded-Proto' && headers.has('x-scheme')) return true;
        if (!forwarded || forwarded.kind === 'malformed' || name === 'Host') return false;
        if (forwarded.kind === 'unknown') return true;
        return name === 'X-Forwarded-Proto' ? forwarded.proto : forwarded.for;
      };
      // Only what the same server passes elsewhere: that the app reads a header is known from the config, not assumed.
      const wanted = headersPassedBeside(ctx, ws.scope, location, ws.proxyPass);
      // Reached directly (not only on loopback, no proxy in front) and without TLS, the scheme is always http: what a
      // backend assumes without the header.
      const server = enclosingServer(ws.scope);
      if (server && !hasTlsListener(server) && !listensLocallyOnly(server) && !behindAnotherProxy(ws.scope)) wanted.delete('x-forwarded-proto');
      const missing = FORWARDING.filter((h) => wanted.has(h.name.toLowerCase()) && !satisfied(h.name));
      if (missing.length === 0) continue;

      const eff = effective(scope, 'proxy_set_header');
      const own = (location.block?.children ?? []).filter((c): c is Directive => c.kind === 'directive' && c.name === 'proxy_set_header');
      const anchor = own[own.length - 1] ?? (location === ws.block ? childNamed(location, 'proxy_pass') : undefined);
      // A new proxy_set_header here replaces an inherited list, so the inherited lines are copied along.
      const copied = eff.source === 'inherited' ? eff.directives.map((p) => p.instance.file.text.slice(p.directive.range.start.offset, p.directive.range.end.offset)) : [];
      const from = eff.source === 'inherited' ? ` (copying the ${copied.length} inherited ${copied.length === 1 ? 'line' : 'lines'}, ${describeSource(eff, ctx.instance)})` : '';
      const lines = [...copied, ...missing.map((h) => h.line)];
      ctx.report({
        range: blockHead(location),
        message: `this WebSocket location does not pass ${missing.map((h) => h.name).join(', ')} to its backend, which then lacks ${missing.map((h) => h.loss).join('; ')}`,
        fixes: () => {
          const edit = anchor ? insertAfterDirective(ctx.instance, anchor, lines) : insertAtBlockStart(ctx.instance, location, lines);
          return edit ? [{ title: `Pass ${missing.map((h) => h.name).join(', ')}${from}`, preferred: true, edits: [edit] }] : [];
        },
      });
    }
  },
};
