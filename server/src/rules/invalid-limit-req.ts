import { ngxAtoi } from '../analysis/nginxUrl';
import type { Arg } from '../parser/ast';
import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

/** Eight memory pages: the smallest zone `ngx_http_limit_req_zone` takes. */
const MIN_ZONE = 8 * 4096;

function sizeOf(text: string): number | undefined {
  const m = /^(\d+)([kKmM]?)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024);
}

/** A `zone=name:size` of limit_req_zone or limit_conn_zone: its error, or whether it has a name. */
export function zoneParameterError(v: string): { message?: string; named: boolean } {
  const colon = v.indexOf(':');
  if (colon < 0) return { message: `invalid zone size "${v}"`, named: false };
  const size = sizeOf(v.slice(colon + 1));
  if (size === undefined) return { message: `invalid zone size "${v}"`, named: false };
  if (size < MIN_ZONE) return { message: `zone "${v}" is too small`, named: false };
  return { named: colon > 5 };
}

/** `ngx_http_limit_req_zone`: the zone (`name:size`) and rate (`N`, `Nr/s`, `Nr/m`) after the key. */
function zoneError(args: readonly Arg[]): { arg?: Arg; message: string } | undefined {
  let named = false;
  for (const a of args.slice(1)) {
    const v = a.value;
    if (v.startsWith('zone=')) {
      const z = zoneParameterError(v);
      if (z.message) return { arg: a, message: z.message };
      named = z.named;
    } else if (v.startsWith('rate=')) {
      const body = v.endsWith('r/s') || v.endsWith('r/m') ? v.slice(5, -3) : v.slice(5);
      if (ngxAtoi(body) <= 0) return { arg: a, message: `invalid rate "${v}"` };
    } else return { arg: a, message: `invalid parameter "${v}"` };
  }
  return named ? undefined : { message: '"limit_req_zone" must have "zone" parameter' };
}

/** `ngx_http_limit_req`: a zone, and `burst=`, `delay=` above 0, or `nodelay`. */
function limitError(args: readonly Arg[]): { arg?: Arg; message: string } | undefined {
  let zone = false;
  for (const a of args) {
    const v = a.value;
    if (v.startsWith('zone=')) zone = true;
    else if (v.startsWith('burst=')) {
      if (ngxAtoi(v.slice(6)) <= 0) return { arg: a, message: `invalid burst value "${v}"` };
    } else if (v.startsWith('delay=')) {
      if (ngxAtoi(v.slice(6)) <= 0) return { arg: a, message: `invalid delay value "${v}"` };
    } else if (v !== 'nodelay') return { arg: a, message: `invalid parameter "${v}"` };
  }
  return zone ? undefined : { message: '"limit_req" must have "zone" parameter' };
}

export const invalidLimitReq: Rule = {
  id: 'invalid-limit-req',
  defaultSeverity: 'error',
  docs: {
    summary: '`limit_req_zone` or `limit_req` parameters nginx refuses: a rate other than `Nr/s` or `Nr/m`, a zone without a size or smaller than 32k, a `burst` or `delay` of 0 or less.',
    why:
      'nginx reads the rate limit parameters when it loads the config: `rate=` is a number of requests per second (`10r/s`) or per minute (`30r/m`), nothing else (`1r/h` and `10/s` are `invalid rate "..."`); the zone is `name:size` of at least 8 memory pages (32k); `burst=` and `delay=` are counts above 0. `limit_req` needs a `zone=`.',
    fix: 'Write the rate as `Nr/s` or `Nr/m` (for slower rates, `1r/m` is the floor), give the zone a size such as `zone=perip:10m`, and drop `burst=0` (no burst is the default).',
    example: 'limit_req_zone $binary_remote_addr zone=perip:10m rate=100r/h;',
    evidence:
      '- A `limit_req_zone` in `http` that reaches its handler, with the first bad parameter after the key: a `zone=` without `:size`, with a size nginx cannot read, or below 32k; a `rate=` that is not a positive number, optionally with `r/s` or `r/m`; any other word. Or no named `zone=` at all.\n- A `limit_req` in `http`, `server` or `location` with a `burst=` or `delay=` of 0 or less, a word other than `zone=`, `burst=`, `delay=`, `nodelay`, or no `zone=`.',
    quiet:
      "A zone that no `limit_req_zone` defines: that is [undefined-zone](#undefined-zone)'s.",
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['limit_req_zone'], ['http'])) {
      const bad = zoneError(d.args);
      if (bad) ctx.report({ range: handlerRange(d, bad.arg), message: bad.message });
    }
    for (const { d } of handled(ctx, ['limit_req'], ['http', 'server', 'location'])) {
      const bad = limitError(d.args);
      if (bad) ctx.report({ range: handlerRange(d, bad.arg), message: bad.message });
    }
  },
};
