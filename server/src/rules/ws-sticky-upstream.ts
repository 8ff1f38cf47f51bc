import { directivesNamed } from '../workspace/graph';
import type { Directive } from '../parser/ast';
import { scopeDirectives } from '../workspace/scope';
import { blockHead, insertAtBlockStart, replaceRange } from './edits';
import { placeLabel } from './source';
import { webSocketUsersOf } from './treeProxies';
import type { Fix, Rule } from './types';
import { locationLabel } from './wsLocation';

/** Balancing methods that send one client to one server (`sticky` is NGINX Plus or a third-party module). */
const STICKY = new Set(['ip_hash', 'hash', 'sticky', 'consistent_hash', 'session_sticky']);
/** Methods the fix replaces: a second method draws "load balancing method redefined" and only the last one counts. */
const OTHER_METHODS = new Set(['least_conn', 'random', 'least_time']);

function isPrimary(server: Directive): boolean {
  return !server.args.slice(1).some((a) => a.value === 'backup' || a.value === 'down');
}

/**
 * Every server on one port of Kubernetes' NodePort range: one Service reached through each node, where kube-proxy
 * picks the pod; affinity is the Service's to set (sessionAffinity), and pinning a node here would pin no pod.
 */
function oneNodePort(servers: Directive[]): boolean {
  const ports = new Set(servers.map((s) => /:(\d+)$/.exec(s.args[0]?.value ?? '')?.[1]));
  const [port] = [...ports];
  return ports.size === 1 && port !== undefined && Number(port) >= 30000 && Number(port) <= 32767;
}

/** A comment in the upstream that weighs affinity in words (names ip_hash, sticky sessions, affinity): a decision, not an oversight. */
const WEIGHED = /\b(ip_hash|sticky|stickiness|affinity)\b/i;
/** A directive left commented out (`# ip_hash;`) is a menu of options, not a decision. */
const COMMENTED_OUT = /^\s*#*\s*[a-z_]+\b[^;#]*;/i;

function affinityWeighed(upstream: Directive): boolean {
  return (upstream.block?.children ?? []).some((c) => c.kind === 'comment' && !COMMENTED_OUT.test(c.text) && WEIGHED.test(c.text));
}

export const wsStickyUpstream: Rule = {
  id: 'ws-sticky-upstream',
  defaultSeverity: 'warning',
  docs: {
    summary: 'An upstream that carries WebSocket traffic spreads it over several servers with no client affinity.',
    why:
      "A WebSocket connection stays on the server it reached, but the next one from the same client goes wherever round robin (or `least_conn`, or `random`) points. A reconnect after a network blip then lands on a server that holds none of the session's state, and Socket.IO, SockJS and SignalR, whose handshake and polling fallback are several HTTP requests, fail outright when those requests reach different servers. `ip_hash` pins each client address to one server; it keys on the first three octets of an IPv4 address, so all the clients behind one NAT, office or mobile carrier gateway share a server, and load can be uneven. `hash $remote_addr consistent` uses the full address and moves fewer clients when servers are added or removed. Backends that share session state (a pub/sub bus, a session store) do not need affinity: silence the rule on the upstream then. Servers marked `backup` or `down` are not counted.",
    fix: "Adds `ip_hash;` at the top of the upstream (replacing `least_conn` or `random`); another offered fix adds `hash $remote_addr consistent;`. nginx allows no `backup` server with either, so an upstream with one gets no automatic fix.",
    example: 'upstream realtime {\n    server 127.0.0.1:9001;\n    server 127.0.0.1:9002;\n}\nserver {\n    location /ws/ {\n        proxy_pass http://realtime;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n    }\n}',
    evidence:
      'An `upstream` in `http` in this file (lines from its includes counted) that has at least two `server` lines not marked `backup` or `down`, no method with affinity (`ip_hash`, `hash`, `sticky`, `consistent_hash`, `session_sticky`), and at least one WebSocket location anywhere in the tree whose `proxy_pass` names it.',
    quiet:
      "- Upstreams with one active server or with an affinity method.\n- Upstreams whose active servers all use one port of Kubernetes' NodePort range (30000-32767): that is one Service reached through each node, and kube-proxy, not nginx, picks the pod.\n- Upstreams that no WebSocket location uses (the location needs WebSocket evidence; a path is not enough), and stream upstreams.\n- Upstreams with a comment of their own that weighs affinity (it names `ip_hash`, sticky sessions or affinity), as a `# round robin on purpose: sessions live in Redis, no ip_hash` does.",
  },
  check(ctx) {
    for (const d of directivesNamed(ctx.instance, 'upstream')) {
      if (ctx.instance.contexts.get(d) !== 'http' || !d.block || !d.args[0]) continue;
      const body = scopeDirectives({ block: d, instance: ctx.instance }).map((p) => p.directive);
      if (body.some((c) => STICKY.has(c.name)) || affinityWeighed(d)) continue;
      const servers = body.filter((c) => c.name === 'server');
      const primary = servers.filter(isPrimary);
      if (primary.length < 2 || oneNodePort(primary)) continue;
      const name = d.args[0].value;
      const users = webSocketUsersOf(ctx, name);
      if (users.length === 0) continue;

      const first = users[0];
      const at = placeLabel({ directive: first.block, instance: first.instance }, ctx.instance);
      const more = users.length > 1 ? ` and ${users.length - 1} more` : '';
      const hasBackup = servers.some((s) => s.args.slice(1).some((a) => a.value === 'backup'));
      const message =
        `upstream "${name}" spreads WebSocket clients (${locationLabel(first.block)} at ${at}${more}) over ${primary.length} servers with no affinity: ` +
        'a reconnecting client, or the polling requests of Socket.IO, SockJS or SignalR, can reach a server that does not hold its session. ' +
        'ip_hash pins each client address (the first three octets of IPv4), so everyone behind one NAT or proxy shares a server' +
        (hasBackup ? "; nginx allows no backup server with ip_hash or hash, so this needs a decision, not an automatic fix" : '');

      const fixes: Fix[] = [];
      if (!hasBackup) {
        const method = d.block.children.find((c): c is Directive => c.kind === 'directive' && OTHER_METHODS.has(c.name));
        const put = (text: string): Fix['edits'] => {
          const edit = method ? replaceRange(ctx.instance, method.range, text) : insertAtBlockStart(ctx.instance, d, [text]);
          return edit ? [edit] : [];
        };
        fixes.push({ title: `Add ip_hash to upstream ${name}${method ? ` (instead of ${method.name})` : ''}`, preferred: true, edits: put('ip_hash;') });
        fixes.push({ title: `Add hash $remote_addr consistent to upstream ${name}${method ? ` (instead of ${method.name})` : ''}`, preferred: false, edits: put('hash $remote_addr consistent;') });
      }
      ctx.report({ range: blockHead(d), message, fixes });
    }
  },
};
