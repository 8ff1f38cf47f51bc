import { ngxAtoi, parseIpv4, parseNginxUrl } from '../analysis/nginxUrl';
import type { Arg, Directive } from '../parser/ast';
import { effective, effectiveValue } from '../workspace/effective';
import { directivesNamed, type ConfigTree, type FileInstance } from '../workspace/graph';
import type { Scope } from '../workspace/scope';
import { treeMemo } from '../workspace/treeMemo';
import { handled, handlerRange } from './handlerSupport';
import { parseNginxTime } from './nginxTime';
import { httpServers, serverDirectives } from './serverBlocks';
import type { Rule } from './types';

/** `ngx_parse_size`: a number with an optional `k` or `m`. */
function sizeOk(s: string): boolean {
  return /^\d+[kKmM]?$/.test(s);
}

/** `so_keepalive=on|off|[keepidle]:[keepintvl]:[keepcnt]`, as Linux builds of nginx read it. */
function soKeepaliveOk(v: string): boolean {
  if (v === 'on' || v === 'off') return true;
  const parts = v.split(':');
  if (parts.length > 3) return false;
  const [idle = '', intvl = '', cnt = ''] = parts;
  const times = [idle, intvl].map((t) => (t === '' ? 0 : parseNginxTime(t, 'sec')));
  if (times.some((t) => t === undefined)) return false;
  const n = cnt === '' ? 0 : ngxAtoi(cnt);
  if (n === -1) return false;
  return !(times[0] === 0 && times[1] === 0 && n === 0);
}

/** The message nginx gives a parameter of an http `listen`, or undefined (unknown words are directive-args'). */
function parameterError(a: string): string | undefined {
  const value = (prefix: string) => a.slice(prefix.length);
  if (a.startsWith('fastopen=')) return ngxAtoi(value('fastopen=')) === -1 ? `invalid fastopen "${a}"` : undefined;
  if (a.startsWith('backlog=')) return ngxAtoi(value('backlog=')) <= 0 ? `invalid backlog "${a}"` : undefined;
  if (a.startsWith('rcvbuf=')) return sizeOk(value('rcvbuf=')) ? undefined : `invalid rcvbuf "${a}"`;
  if (a.startsWith('sndbuf=')) return sizeOk(value('sndbuf=')) ? undefined : `invalid sndbuf "${a}"`;
  if (a.startsWith('ipv6only=o') && a !== 'ipv6only=on' && a !== 'ipv6only=off') return `invalid ipv6only flags "${value('ipv6only=')}"`;
  if (a.startsWith('so_keepalive=')) return soKeepaliveOk(value('so_keepalive=')) ? undefined : `invalid so_keepalive value: "${value('so_keepalive=')}"`;
  return undefined;
}

/** Parameters that set socket options (`lsopt.set` in nginx): only one listen of an address may have them. */
const SOCKET_WORDS: ReadonlySet<string> = new Set(['bind', 'deferred', 'reuseport']);
const SOCKET_PREFIXES = ['backlog=', 'rcvbuf=', 'sndbuf=', 'ipv6only=', 'so_keepalive=', 'fastopen=', 'accept_filter=', 'setfib='];

function setsSocketOptions(d: Directive): boolean {
  return d.args.slice(1).some((a) => SOCKET_WORDS.has(a.value) || SOCKET_PREFIXES.some((p) => a.value.startsWith(p)));
}

/**
 * The address as nginx prints it (`ngx_sock_ntop`): `0.0.0.0:80`, `127.0.0.1:8080`, `[::]:443`, `unix:/path`. Only
 * forms whose text is certain: host names (resolved by nginx) and IPv6 addresses other than `::` and `::1` are left out.
 */
export function listenAddressText(address: string): string | undefined {
  const u = parseNginxUrl(address, { listen: true });
  if (u.err) return undefined;
  if (u.unix) return `unix:${u.host}`;
  if (address.includes('-')) return undefined;
  const port = u.port ?? 80;
  if (u.host === '*') return `0.0.0.0:${port}`;
  if (u.host === '[::]' || u.host === '[::1]') return `${u.host}:${port}`;
  const v4 = parseIpv4(u.host);
  return v4 ? `${v4.join('.')}:${port}` : undefined;
}

export interface ListenEntry {
  d: Directive;
  instance: FileInstance;
  server: Directive;
  serverScope: Scope;
  address: string;
  udp: boolean;
  options: boolean;
}

const listensRead = new WeakMap<Directive, { address: string; udp: boolean; options: boolean } | null>();

/** A valid `listen`'s address and kind, read once per directive: the tree's list is made again after each edit. */
function listenRead(d: Directive): { address: string; udp: boolean; options: boolean } | null {
  let r = listensRead.get(d);
  if (r === undefined) {
    const first = d.args[0];
    const address = first && !d.args.slice(1).some((a) => parameterError(a.value)) ? listenAddressText(first.value) : undefined;
    // `quic` listens are UDP sockets: they share no socket with the TCP listens of the same address.
    r = address ? { address, udp: d.args.slice(1).some((a) => a.value === 'quic'), options: setsSocketOptions(d) } : null;
    listensRead.set(d, r);
  }
  return r;
}

/** Every valid http `listen` of the tree with a known address, in reading order. */
export function allListens(tree: ConfigTree): readonly ListenEntry[] {
  return treeMemo(tree, 'invalid-listen:listens', () => {
    const out: ListenEntry[] = [];
    for (const server of httpServers(tree)) {
      for (const p of serverDirectives(server, 'listen')) {
        const d = p.directive;
        const read = listenRead(d);
        if (read && server.block) out.push({ d, instance: p.instance, server: server.block, serverScope: server, ...read });
      }
    }
    return out;
  });
}

/** nginx's duplicate checks of `ngx_http_add_addresses`, for the whole tree at once, by listen directive. */
function duplicateErrors(tree: ConfigTree): ReadonlyMap<Directive, string> {
  return treeMemo(tree, 'invalid-listen:duplicates', () => {
    const out = new Map<Directive, string>();
    const byAddress = new Map<string, { servers: Set<Directive>; options: boolean }>();
    for (const e of allListens(tree)) {
      const key = `${e.udp ? 'udp' : 'tcp'} ${e.address}`;
      let seen = byAddress.get(key);
      if (!seen) byAddress.set(key, (seen = { servers: new Set(), options: false }));
      if (seen.servers.has(e.server)) out.set(e.d, `a duplicate listen ${e.address}`);
      else if (e.options && seen.options) out.set(e.d, `duplicate listen options for ${e.address}`);
      seen.servers.add(e.server);
      seen.options ||= e.options;
    }
    return out;
  });
}

const NO_CERTIFICATE = 'no "ssl_certificate" is defined for the "listen ... ssl" directive';

/** A certificate set for the server, or handed over at handshake time by OpenResty's `ssl_certificate_by_lua*`. */
function hasCertificate(server: Scope): boolean {
  return ['ssl_certificate', 'ssl_certificate_by_lua_block', 'ssl_certificate_by_lua_file'].some((n) => effective(server, n).directives.length > 0);
}

function rejectsHandshake(server: Scope): boolean {
  return effectiveValue(server, 'ssl_reject_handshake')?.toLowerCase() === 'on';
}

/**
 * The servers `ngx_http_ssl_init` fails on: on each TLS address, the default server needs a certificate; if it
 * rejects handshakes instead, every server of the address needs one (or rejects too). Only for a whole tree seen
 * from its main config with every include found: a certificate may come from anywhere above the server.
 */
function serversWithoutCertificate(tree: ConfigTree): ReadonlySet<Directive> {
  return treeMemo(tree, 'invalid-listen:certificates', () => {
    const out = new Set<Directive>();
    if (!tree.isMain || tree.problems.length > 0) return out;
    const byAddress = new Map<string, ListenEntry[]>();
    for (const e of allListens(tree)) {
      if (e.udp) continue;
      const list = byAddress.get(e.address) ?? [];
      list.push(e);
      byAddress.set(e.address, list);
    }
    for (const list of byAddress.values()) {
      if (!list.some((e) => e.d.args.slice(1).some((a) => a.value === 'ssl'))) continue;
      const isDefault = (e: ListenEntry) => e.d.args.slice(1).some((a) => a.value === 'default_server' || a.value === 'default');
      const def = list.find(isDefault) ?? list[0];
      if (hasCertificate(def.serverScope)) continue;
      if (!rejectsHandshake(def.serverScope)) {
        out.add(def.server);
        continue;
      }
      const bare = list.find((e) => !hasCertificate(e.serverScope) && !rejectsHandshake(e.serverScope));
      if (bare) out.add(bare.server);
    }
    return out;
  });
}

export const invalidListen: Rule = {
  id: 'invalid-listen',
  defaultSeverity: 'error',
  docs: {
    summary: 'An http `listen` nginx refuses: a bad port or address, a bad socket option value, the same address twice in a server, socket options on two listens of one address, or `ssl` without a certificate.',
    why:
      'nginx parses every `listen` when it loads the config: a port outside 1-65535 (`invalid port in "..." of the "listen" directive`), a `backlog=`, `rcvbuf=`, `sndbuf=`, `fastopen=`, `ipv6only=` or `so_keepalive=` value it cannot read, the same address twice in one server (`a duplicate listen ...`), and socket options (`backlog`, `reuseport`, `bind`, `deferred`, buffer sizes, ...) on more than one listen of the same address, even in different servers (`duplicate listen options for ...`: the socket is opened once, with one set of options), all stop `nginx -t`. So does a TLS address whose default server has no `ssl_certificate` (set there or inherited) and no `ssl_reject_handshake on;` (`no "ssl_certificate" is defined for the "listen ... ssl" directive`); nginx-ws checks that only from the main config with every include found.',
    fix: 'Fix the value, or keep the socket options on one `listen` of the address (usually the `default_server` one) and drop them from the others.',
    example: 'server {\n    listen 8080 reuseport;\n}\nserver {\n    listen 8080 reuseport;\n}',
    evidence:
      'For an http `listen` that reaches its handler:\n- an address nginx refuses (a port outside 1-65535, a bad address);\n- a parameter value it cannot read: `backlog=`, `rcvbuf=`, `sndbuf=`, `fastopen=`, `ipv6only=`, `so_keepalive=`;\n- the same literal address twice in one server (`a duplicate listen`), or socket options (`backlog`, `rcvbuf`, `sndbuf`, `reuseport`, `bind`, `deferred`, ...) on two `listen` lines of the same address anywhere in the tree, the later one reported (`quic` listens are compared only with `quic` ones).\n\nAnd, only in a tree read from a main config in which no `include` was reported missing, looping or too large: a TLS address whose default server (the `default_server`, else the first) has no `ssl_certificate` (or `ssl_certificate_by_lua*`) in force and no `ssl_reject_handshake on;`; or, when it rejects handshakes, another server of that address with neither.',
    quiet:
      '- Addresses with host names, and IPv6 addresses other than `[::]` and `[::1]`: their text as nginx prints it is uncertain, so they take no part in the duplicate checks.\n- The certificate check in fragments, in files nothing includes, and in trees with an include problem: the certificate may come from a file not in view.\n- Unknown parameter words: [directive-args](#directive-args) reports them.',
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['listen'], ['server'])) {
      const first = d.args[0];
      const u = parseNginxUrl(first.value, { listen: true });
      if (u.err) {
        ctx.report({ range: handlerRange(d, first), message: `${u.err} in "${first.value}" of the "listen" directive` });
        continue;
      }
      let bad: { arg: Arg; message: string } | undefined;
      for (const a of d.args.slice(1)) {
        const message = parameterError(a.value);
        if (message) {
          bad = { arg: a, message };
          break;
        }
      }
      if (bad) {
        ctx.report({ range: handlerRange(d, bad.arg), message: bad.message });
        continue;
      }
      const dup = duplicateErrors(ctx.instance.tree).get(d);
      if (dup) ctx.report({ range: handlerRange(d), message: dup });
    }
    const bare = serversWithoutCertificate(ctx.instance.tree);
    if (bare.size === 0) return;
    // nginx names the line of the server block.
    for (const d of directivesNamed(ctx.instance, 'server')) if (bare.has(d)) ctx.report({ range: handlerRange(d), message: NO_CERTIFICATE });
  },
};
