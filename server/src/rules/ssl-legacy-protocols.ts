import { directivesNamed } from '../workspace/graph';
import { replaceRange } from './edits';
import { treeWithoutTls } from './serverBlocks';
import type { Rule } from './types';

/** Protocols that RFC 8996 deprecates (TLS 1.0/1.1) or that were broken long before (SSLv2, SSLv3). */
const LEGACY = new Set(['sslv2', 'sslv3', 'tlsv1', 'tlsv1.1']);

export const sslLegacyProtocols: Rule = {
  id: 'ssl-legacy-protocols',
  defaultSeverity: 'warning',
  docs: {
    summary: '`ssl_protocols` enables SSLv2, SSLv3, TLS 1.0 or TLS 1.1.',
    why:
      'SSLv2 and SSLv3 are broken (DROWN, POODLE), and RFC 8996 deprecates TLS 1.0 and 1.1; browsers stopped offering them in 2020. Leaving them on gains no real client and lets a downgrade put connections, WebSocket ones included, on weaker ciphers. Only an explicit `ssl_protocols` is checked.',
    fix: 'Replaces the list with `TLSv1.2 TLSv1.3`.',
    example: 'server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n}',
    evidence:
      'Any `ssl_protocols` line, in any block, that lists `SSLv2`, `SSLv3`, `TLSv1` or `TLSv1.1`, in any letter case (nginx reads `tlsv1` as `TLSv1`).',
    quiet:
      "- No `ssl_protocols` line: nginx's default depends on its version and is not judged.\n- A main config whose whole tree is in view (every `include` reads a file) and in which no server speaks TLS (no `listen ... ssl` or `quic`, no `ssl on`): nothing offers the protocols yet. A fragment, or a tree with an include that reads nothing, is still checked.\n- `proxy_ssl_protocols`, `grpc_ssl_protocols` and the other upstream-side lists.",
  },
  check(ctx) {
    // A whole config in which no server speaks TLS offers no protocol at all: the list waits for a TLS server.
    if (treeWithoutTls(ctx.instance.tree)) return;
    for (const d of directivesNamed(ctx.instance, 'ssl_protocols')) {
      if (d.args.length === 0) continue;
      // nginx reads the list without regard to case (ngx_conf_set_bitmask_slot): `tlsv1` is TLSv1.
      const legacy = d.args.filter((a) => LEGACY.has(a.value.toLowerCase()));
      if (legacy.length === 0) continue;
      const all = { start: d.args[0].range.start, end: d.args[d.args.length - 1].range.end };
      ctx.report({
        range: d.range,
        message: `ssl_protocols enables ${legacy.map((a) => a.value).join(', ')}: deprecated and unsafe protocols that no current browser needs; allow TLSv1.2 and TLSv1.3 only`,
        fixes: [{ title: 'Allow only TLSv1.2 and TLSv1.3', preferred: true, edits: [replaceRange(ctx.instance, all, 'TLSv1.2 TLSv1.3')] }],
      });
    }
  },
};
