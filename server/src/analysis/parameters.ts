import type { Directive } from '../parser/ast';
import type { BlockContext } from '../reference';

/** Parameters a directive takes after its fixed arguments: exact words and `name=` prefixes. */
interface ParamSpec {
  /** Arguments before the parameters (the address of `listen`, the header and value of `add_header`). */
  skip: number;
  words: ReadonlySet<string>;
  prefixes: readonly string[];
}

const spec = (skip: number, words: string[], prefixes: string[]): ParamSpec => ({ skip, words: new Set(words), prefixes });

const SOCKET_PREFIXES = ['backlog=', 'rcvbuf=', 'sndbuf=', 'ipv6only=', 'so_keepalive=', 'setfib=', 'fastopen=', 'accept_filter='];

/**
 * The parameters nginx's handlers accept, across versions (a newer one is not flagged on an older nginx: precision
 * first). Keyed by directive and the context it stands in.
 */
const PARAMS: Readonly<Record<string, ParamSpec>> = {
  'listen@server': spec(1, ['default_server', 'default', 'ssl', 'http2', 'quic', 'spdy', 'proxy_protocol', 'deferred', 'bind', 'reuseport', 'multipath'], SOCKET_PREFIXES),
  'listen@stream-server': spec(1, ['default_server', 'ssl', 'udp', 'proxy_protocol', 'deferred', 'bind', 'reuseport', 'multipath'], SOCKET_PREFIXES),
  'listen@mail-server': spec(1, ['ssl', 'proxy_protocol', 'bind', 'multipath'], SOCKET_PREFIXES),
  'server@upstream': spec(1, ['backup', 'down', 'resolve', 'drain'], ['weight=', 'max_conns=', 'max_fails=', 'fail_timeout=', 'route=', 'service=', 'slow_start=']),
  'server@stream-upstream': spec(1, ['backup', 'down', 'resolve'], ['weight=', 'max_conns=', 'max_fails=', 'fail_timeout=', 'service=', 'slow_start=']),
  'add_header@http': spec(2, ['always'], []),
  'add_header@server': spec(2, ['always'], []),
  'add_header@location': spec(2, ['always'], []),
  'add_header@if-location': spec(2, ['always'], []),
  'add_trailer@http': spec(2, ['always'], []),
  'add_trailer@server': spec(2, ['always'], []),
  'add_trailer@location': spec(2, ['always'], []),
  'add_trailer@if-location': spec(2, ['always'], []),
};

/** By directive, then context: asked of every `listen`, upstream `server` and `add_header`, without a key string made each time. */
const BY_NAME: ReadonlyMap<string, ReadonlyMap<string, ParamSpec>> = (() => {
  const m = new Map<string, Map<string, ParamSpec>>();
  for (const [key, p] of Object.entries(PARAMS)) {
    const at = key.indexOf('@');
    const name = key.slice(0, at);
    let byContext = m.get(name);
    if (!byContext) m.set(name, (byContext = new Map()));
    byContext.set(key.slice(at + 1), p);
  }
  return m;
})();

/**
 * The first parameter nginx's handler would reject with `invalid parameter "X"`, or undefined. The classic case is a
 * missing `;` after `listen 127.0.0.1:8080`, which makes the next line's words parameters of `listen`.
 */
export function invalidParameter(d: Directive, context: BlockContext): string | undefined {
  const p = BY_NAME.get(d.name)?.get(context);
  if (!p) return undefined;
  for (let i = p.skip; i < d.args.length; i++) {
    const v = d.args[i].value;
    if (p.words.has(v) || p.prefixes.some((x) => v.startsWith(x))) continue;
    return v;
  }
  return undefined;
}
