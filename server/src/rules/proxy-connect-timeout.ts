import { directivesNamed } from '../workspace/graph';
import { scopeOf } from '../workspace/scope';
import { effectiveTime, parseNginxTime } from './nginxTime';
import { replaceRange } from './edits';
import type { Rule } from './types';

/** nginx documents that the connect timeout "cannot usually exceed 75 seconds". */
const CEILING_MS = 75_000;

export const proxyConnectTimeout: Rule = {
  id: 'proxy-connect-timeout',
  defaultSeverity: 'warning',
  // A guess at what the author meant: real configs set long connect timeouts on purpose (MinIO's guide does).
  offByDefault: true,
  docs: {
    summary: '`proxy_connect_timeout` raised above 75 seconds while `proxy_read_timeout`, the idle timeout, is left at its default.',
    why:
      "`proxy_connect_timeout` only bounds the TCP (and TLS) connection set-up to the backend. The kernel gives up on an unanswered connect on its own schedule, and nginx's documentation notes that this timeout usually cannot exceed 75 seconds, so a larger value promises something that never happens. A long value is often a mix-up with the idle timeouts: how long an open WebSocket may stay silent is `proxy_read_timeout` and `proxy_send_timeout`. The rule fires only when that mix-up shows: the connect timeout is long and no `proxy_read_timeout` is set for the block (here or above). A long connect timeout beside a long read timeout changes nothing and is left alone.",
    fix: 'Turns the line into `proxy_read_timeout` with the same value, which is what keeps an idle connection open (the connect timeout goes back to its 60 s default). Or lowers the value to `75s`, the documented ceiling; a shorter value (5 to 10 seconds) fails over to another backend faster.',
    example: 'location /api/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_connect_timeout 3600s;\n}',
    evidence:
      "Only when turned on. A `proxy_connect_timeout` with one value that nginx parses and that exceeds 75 s, in a block where no `proxy_read_timeout` is written in that block or any block around it (nginx's 60 s default is in force). A `proxy_read_timeout` set only in nested locations does not count.",
    quiet:
      '- Off by default: real configs set long connect timeouts on purpose, so a long one proves nothing.\n- Values up to 75 s.\n- Any `proxy_read_timeout` written at the same level or above, long or short: the idle timeout was then set on purpose.\n- A value, or a `proxy_read_timeout`, that nginx cannot parse.',
  },
  check(ctx) {
    for (const d of directivesNamed(ctx.instance, 'proxy_connect_timeout')) {
      if (d.args.length !== 1) continue;
      const ms = parseNginxTime(d.args[0].value);
      if (ms === undefined || ms <= CEILING_MS) continue;
      // A long connect timeout beside a long read timeout is only untidy; without one, it is the mix-up.
      const read = effectiveTime(scopeOf(d, ctx.instance), 'proxy_read_timeout', 60_000, ctx.instance);
      if (!read || read.directive !== undefined) continue;
      ctx.report({
        range: d.range,
        message: `proxy_connect_timeout ${d.args[0].value} only bounds connecting to the backend (which usually cannot take longer than 75s anyway); it does not keep an idle connection open: that is proxy_read_timeout, still ${read.described} here`,
        fixes: [
          { title: `Make it proxy_read_timeout ${d.args[0].value} (the idle timeout)`, preferred: true, edits: [replaceRange(ctx.instance, d.nameRange, 'proxy_read_timeout')] },
          { title: 'Lower proxy_connect_timeout to 75s', preferred: false, edits: [replaceRange(ctx.instance, d.args[0].range, '75s')] },
        ],
      });
    }
  },
};
