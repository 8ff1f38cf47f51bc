/** What a `proxy_set_header Forwarded` value tells the backend, read as RFC 7239 pairs (`for=...;proto=...`). */
export type ForwardedValue =
  | { kind: 'pairs'; for: boolean; proto: boolean }
  /** Built from variables the config defines (a `map`, say): it may well hold the pairs. */
  | { kind: 'unknown' }
  /** Not `name=value` pairs: a backend parsing it finds neither address nor scheme. */
  | { kind: 'malformed' };

/** nginx variables that hold a bare address, host or scheme, never `name=value` pairs. */
const BARE = new Set([
  'remote_addr', 'binary_remote_addr', 'realip_remote_addr', 'proxy_add_x_forwarded_for', 'http_x_forwarded_for', 'http_x_real_ip',
  'proxy_protocol_addr', 'scheme', 'https', 'host', 'http_host', 'server_name', 'server_addr',
]);

const PAIR = /^[A-Za-z0-9!#%&'*+.^_`|~-]+=./;
const ONLY_VARIABLES = /^(?:\$\{?[A-Za-z0-9_]+\}?)+$/;

export function readForwarded(value: string): ForwardedValue {
  const names = new Set<string>();
  let unknown = false;
  for (const part of value.split(/[;,]/).map((p) => p.trim()).filter((p) => p !== '')) {
    if (PAIR.test(part)) {
      names.add(part.slice(0, part.indexOf('=')).toLowerCase());
      continue;
    }
    const vars = ONLY_VARIABLES.test(part) ? [...part.matchAll(/\$\{?([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '') : [];
    if (vars.some((v) => !BARE.has(v.toLowerCase()))) unknown = true;
    else return { kind: 'malformed' };
  }
  if (names.size === 0) return unknown ? { kind: 'unknown' } : { kind: 'malformed' };
  return { kind: 'pairs', for: unknown || names.has('for'), proto: unknown || names.has('proto') };
}
