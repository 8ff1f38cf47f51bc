import { isIpv6, ngxAtoi, parseIpv4 } from '../analysis/nginxUrl';
import type { Directive } from '../parser/ast';
import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

/** `ngx_ptocidr`: an IPv4 or IPv6 address with an optional prefix length. */
function cidrOk(text: string): boolean {
  // nginx reads the broadcast address apart: ngx_inet_addr cannot tell it from INADDR_NONE.
  if (text === '255.255.255.255') return true;
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v4 = parseIpv4(addr) !== undefined && addr !== '255.255.255.255';
  if (!v4 && !isIpv6(addr)) return false;
  if (slash < 0) return true;
  const bits = ngxAtoi(text.slice(slash + 1));
  return bits >= 0 && bits <= (v4 ? 32 : 128);
}

/** A `ranges` entry: two IPv4 addresses, the first not above the second. */
function rangeOk(text: string): boolean {
  const dash = text.indexOf('-');
  if (dash < 0) return false;
  const a = parseIpv4(text.slice(0, dash));
  const b = parseIpv4(text.slice(dash + 1));
  if (!a || !b) return false;
  const n = (x: number[]) => ((x[0] * 256 + x[1]) * 256 + x[2]) * 256 + x[3];
  return n(a) <= n(b);
}

function entryError(entry: Directive, ranges: boolean): string | undefined {
  const key = entry.name;
  if (entry.args.length === 0 && (key === 'ranges' || key === 'proxy_recursive')) return undefined;
  if (entry.args.length !== 1) return 'invalid number of the geo parameters';
  if (key === 'include' || key === 'default') return undefined;
  if (key === 'proxy') return cidrOk(entry.args[0].value) ? undefined : `invalid network "${entry.args[0].value}"`;
  if (ranges) {
    const net = key === 'delete' ? entry.args[0].value : key;
    return rangeOk(net) ? undefined : `invalid range "${net}"`;
  }
  const net = key === 'delete' ? entry.args[0].value : key;
  return cidrOk(net) ? undefined : `invalid network "${net}"`;
}

export const invalidGeo: Rule = {
  id: 'invalid-geo',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `geo` entry nginx refuses: a network that is not an address or CIDR, a bad range, or a line without exactly a key and a value.',
    why:
      'Each line of an http `geo` block is `NETWORK value` (an address or CIDR such as `10.0.0.0/8` or `2001:db8::/32`), or with `ranges` `FROM-TO value`. A prefix length above 32 (128 for IPv6), an address with a part above 255, or a host name stops `nginx -t` with `invalid network "..."`; a reversed or malformed range with `invalid range "..."`; a line with more words with `invalid number of the geo parameters`.',
    fix: 'Write the network as an address with a prefix length (`192.168.0.0/16`), or, after `ranges`, as `FROM-TO`.',
    example: 'geo $internal {\n    default 0;\n    10.0.0.0/33 1;\n}',
    evidence:
      'An http `geo` block that reaches its handler, with a line (the first bad one is reported) that has other than one value (except `ranges` and `proxy_recursive`), or whose network, `proxy` address or `delete` argument is not an address or CIDR nginx parses; after `ranges`, a `FROM-TO` that is not two IPv4 addresses in order.',
    quiet:
      '- `default` and `include` lines, and nested blocks.\n- `geo` in `stream`.',
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['geo'], ['http'])) {
      let ranges = false;
      for (const entry of d.block?.children ?? []) {
        if (entry.kind !== 'directive' || entry.block) continue;
        if (entry.name === 'ranges' && entry.args.length === 0) ranges = true;
        const message = entryError(entry, ranges);
        if (!message) continue;
        ctx.report({ range: handlerRange(entry), message });
        break;
      }
    }
  },
};
