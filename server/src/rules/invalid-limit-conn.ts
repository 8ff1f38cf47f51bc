import { ngxAtoi } from '../analysis/nginxUrl';
import { handled, handlerRange } from './handlerSupport';
import { zoneParameterError } from './invalid-limit-req';
import type { Rule } from './types';

export const invalidLimitConn: Rule = {
  id: 'invalid-limit-conn',
  defaultSeverity: 'error',
  docs: {
    summary: '`limit_conn_zone` without a sized zone, or `limit_conn` with a connection count outside 1-65535.',
    why:
      'nginx reads the zone of `limit_conn_zone` as `name:size`, at least 8 memory pages (32k): `zone=addr` alone is `invalid zone size "..."`. `limit_conn` takes a count from 1 to 65535: `limit_conn addr 0;` is `invalid number of connections "0"`, which people write hoping to disable the limit (use no `limit_conn` there instead).',
    fix: 'Give the zone a size (`zone=addr:10m`); to lift a limit in one location, leave `limit_conn` out of it rather than setting 0.',
    example: 'limit_conn_zone $binary_remote_addr zone=addr;',
    evidence:
      '- A `limit_conn_zone` in `http` that reaches its handler, with a `zone=` without `:size`, with an unreadable size or one below 32k, a word other than `zone=` after the key, or no named `zone=`.\n- A `limit_conn` in `http`, `server` or `location` whose count is 0 or less, not a number, or above 65535.',
    quiet:
      "- `limit_conn` and `limit_conn_zone` in `stream`.\n- A zone that no `limit_conn_zone` defines: that is [undefined-zone](#undefined-zone)'s.",
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['limit_conn_zone'], ['http'])) {
      let named = false;
      let reported = false;
      for (const a of d.args.slice(1)) {
        const z = a.value.startsWith('zone=') ? zoneParameterError(a.value) : { message: `invalid parameter "${a.value}"`, named: false };
        if (z.message) {
          ctx.report({ range: handlerRange(d, a), message: z.message });
          reported = true;
          break;
        }
        named ||= z.named;
      }
      if (!reported && !named) ctx.report({ range: handlerRange(d), message: '"limit_conn_zone" must have "zone" parameter' });
    }
    for (const { d } of handled(ctx, ['limit_conn'], ['http', 'server', 'location'])) {
      const count = d.args[1];
      if (!count) continue;
      const n = ngxAtoi(count.value);
      if (n <= 0) ctx.report({ range: handlerRange(d, count), message: `invalid number of connections "${count.value}"` });
      else if (n > 65535) ctx.report({ range: handlerRange(d, count), message: 'connection limit must be less 65536' });
    }
  },
};
