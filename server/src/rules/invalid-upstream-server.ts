import { ngxAtoi, parseNginxUrl } from '../analysis/nginxUrl';
import type { Arg, Directive } from '../parser/ast';
import { handled, handlerRange } from './handlerSupport';
import { parseNginxTime } from './nginxTime';
import type { Rule } from './types';

/** Balancing methods whose module does not set NGX_HTTP_UPSTREAM_BACKUP: after them, `backup` is refused. */
const NO_BACKUP: ReadonlySet<string> = new Set(['hash', 'ip_hash', 'random']);

/** Why `ngx_http_upstream_server` refuses a parameter, or undefined (unknown words are directive-args'). */
function parameterError(a: Arg, noBackup: string | undefined): string | undefined {
  const v = a.value;
  const after = (p: string) => v.slice(p.length);
  let ok = true;
  if (v.startsWith('weight=')) ok = ngxAtoi(after('weight=')) > 0;
  else if (v.startsWith('max_conns=')) ok = ngxAtoi(after('max_conns=')) >= 0;
  else if (v.startsWith('max_fails=')) ok = ngxAtoi(after('max_fails=')) >= 0;
  else if (v.startsWith('fail_timeout=')) ok = parseNginxTime(after('fail_timeout='), 'sec') !== undefined;
  else if (v === 'backup' && noBackup) return `balancing method does not support parameter "backup"`;
  return ok ? undefined : `invalid parameter "${v}"`;
}

/** The balancing method set before this `server` in its upstream block, if it is one without `backup`. */
function methodBefore(d: Directive): string | undefined {
  const siblings = d.parent.kind === 'directive' ? (d.parent.block?.children ?? []) : [];
  let method: string | undefined;
  for (const s of siblings) {
    if (s === d) break;
    if (s.kind === 'directive' && NO_BACKUP.has(s.name)) method = s.name;
  }
  return method;
}

export const invalidUpstreamServer: Rule = {
  id: 'invalid-upstream-server',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `server` of an http `upstream` block with a parameter value or an address nginx refuses, or `backup` after `hash`, `ip_hash` or `random`.',
    why:
      'nginx reads the parameters of each upstream `server` when it loads the config: `weight=` must be a number of at least 1, `max_fails=` and `max_conns=` numbers, `fail_timeout=` a time in seconds (no `ms`); anything else is `invalid parameter "..."`. The balancing methods `hash`, `ip_hash` and `random` cannot use backup servers, so a `backup` after them stops `nginx -t` with `balancing method does not support parameter "backup"`. The address is parsed like other upstream addresses: a port outside 1-65535 or a path is refused.',
    fix: 'Fix the value (`weight=1` is the default; `down` takes a server out of rotation), or drop `backup` or the balancing method.',
    example: 'upstream app {\n    ip_hash;\n    server 127.0.0.1:9000;\n    server 127.0.0.1:9001 backup;\n}',
    evidence:
      "A `server` in an http `upstream` that reaches its handler, with the first bad parameter: `weight=` below 1 or not a number, `max_conns=` or `max_fails=` not a number, `fail_timeout=` not a time in seconds, or `backup` after `hash`, `ip_hash` or `random` in the same block. When the parameters are fine, an address nginx's parser refuses (a port outside 1-65535, a path).",
    quiet:
      "- Addresses with a `$`: nginx takes no variables there, so it is a template's placeholder, filled in before nginx reads it.\n- Stream upstreams, and unknown parameter words ([directive-args](#directive-args)).",
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['server'], ['upstream'])) {
      const noBackup = methodBefore(d);
      let reported = false;
      for (const a of d.args.slice(1)) {
        const message = parameterError(a, noBackup);
        if (!message) continue;
        ctx.report({ range: handlerRange(d, a), message });
        reported = true;
        break;
      }
      if (reported) continue;
      const address = d.args[0];
      // nginx takes no variables here: a `$` is a template's placeholder (envsubst), filled in before nginx reads it.
      if (address.value.includes('$')) continue;
      const u = parseNginxUrl(address.value, {});
      if (u.err) ctx.report({ range: handlerRange(d, address), message: `${u.err} in upstream "${address.value}"` });
    }
  },
};
