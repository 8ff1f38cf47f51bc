import type { Directive } from '../parser/ast';
import { parentScope, scopeDirectives, type Placed, type Scope } from '../workspace/scope';
import { eachInLevel } from './duplicates';

/** listen parameters that set `lsopt->set`: two of them on one address is "duplicate listen options", not ours. */
const SETS_OPTIONS = /^(bind|deferred|reuseport|backlog=|rcvbuf=|sndbuf=|ipv6only=|so_keepalive=|fastopen=|accept_filter=|setfib=)/;

/**
 * The address as nginx prints it (`addr_text`), for the literal forms whose identity is certain: a port alone,
 * `*:port`, an IPv4 address with or without a port, an IPv6 literal in brackets. Host names may resolve to several
 * addresses, and nginx-ws does not guess.
 */
export function listenAddress(word: string): string | undefined {
  if (word.startsWith('unix:')) return word;
  let m = /^(?:\*:)?(\d{1,5})$/.exec(word);
  if (m) return `0.0.0.0:${Number(m[1])}`;
  m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?::(\d{1,5}))?$/.exec(word);
  if (m) {
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return `${octets.join('.')}:${m[5] ? Number(m[5]) : 80}`;
  }
  m = /^\[([0-9a-fA-F:]+)\](?::(\d{1,5}))?$/.exec(word);
  if (m) return `[${m[1].toLowerCase()}]:${m[2] ? Number(m[2]) : 80}`;
  return undefined;
}

interface Seen {
  server: Directive;
  options: boolean;
  isDefault: boolean;
}

const cache = new WeakMap<readonly Placed[], Map<Directive, string>>();

/** Per http level: each `listen` that names an address:port some earlier server already made the default. */
function duplicates(httpLevel: readonly Placed[]): Map<Directive, string> {
  let found = cache.get(httpLevel);
  if (found) return found;
  found = new Map();
  const byAddr = new Map<string, Seen>();
  for (const s of httpLevel) {
    if (s.directive.name !== 'server' || !s.directive.block) continue;
    let stop = false;
    eachInLevel({ block: s.directive, instance: s.instance }, (d) => {
      if (stop || d.name !== 'listen' || d.args.length === 0 || !d.semicolon) return;
      const addr = listenAddress(d.args[0].value);
      if (!addr) return;
      const params = d.args.slice(1).map((a) => a.value);
      const isDefault = params.includes('default_server') || params.includes('default');
      const options = params.some((p) => SETS_OPTIONS.test(p));
      const prev = byAddr.get(addr);
      if (!prev) {
        byAddr.set(addr, { server: s.directive, options, isDefault });
        return;
      }
      // nginx checks the same server ("a duplicate listen") and options first: those are not this rule's.
      if (prev.server === s.directive || (options && prev.options)) {
        stop = true;
        return;
      }
      if (isDefault && prev.isDefault) found.set(d, `a duplicate default server for ${addr}`);
      prev.isDefault ||= isDefault;
      prev.options ||= options;
    });
  }
  cache.set(httpLevel, found);
  return found;
}

/** nginx's "a duplicate default server for ADDR" for a `listen` in a server block, or undefined. */
export function duplicateDefaultServer(listen: Directive, server: Scope): string | undefined {
  const http = parentScope(server);
  if (!http) return undefined;
  return duplicates(scopeDirectives(http)).get(listen);
}
