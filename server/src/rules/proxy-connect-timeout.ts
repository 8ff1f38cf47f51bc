import { directivesNamed } from '../workspace/graph';
import { parseNginxTime } from './nginxTime';
import { replaceRange } from './edits';
import type { Rule } from './types';

/** nginx documents that the connect timeout "cannot usually exceed 75 seconds". */
const CEILING_MS = 75_000;

export const proxyConnectTimeout: Rule = {
  id: 'proxy-connect-timeout',
  defaultSeverity: 'warning',
  docs: {
    summary: '`proxy_connect_timeout` above 75 seconds, which the operating system does not honour.',
    why:
      "`proxy_connect_timeout` only bounds the TCP (and TLS) connection set-up to the backend. The kernel gives up on an unanswered connect on its own schedule, and nginx's documentation notes that this timeout usually cannot exceed 75 seconds, so a larger value promises something that never happens. A long value is often a mix-up with the idle timeouts: how long an open WebSocket may stay silent is `proxy_read_timeout` and `proxy_send_timeout`.",
    fix: 'Lowers the value to `75s`, the documented ceiling: the config then says what actually happens, and no connect that succeeds today is cut short. A shorter value (5 to 10 seconds) fails over to another backend faster; choose it yourself if that suits.',
    example: 'location /api/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_connect_timeout 3600s;\n}',
  },
  check(ctx) {
    for (const d of directivesNamed(ctx.instance, 'proxy_connect_timeout')) {
      if (d.args.length !== 1) continue;
      const ms = parseNginxTime(d.args[0].value);
      if (ms === undefined || ms <= CEILING_MS) continue;
      ctx.report({
        range: d.range,
        message: `proxy_connect_timeout ${d.args[0].value} only bounds connecting to the backend, and the connect usually cannot take longer than 75s anyway; the idle time of an open WebSocket is proxy_read_timeout/proxy_send_timeout`,
        fixes: [{ title: 'Lower proxy_connect_timeout to 75s', preferred: true, edits: [replaceRange(ctx.instance, d.args[0].range, '75s')] }],
      });
    }
  },
};
