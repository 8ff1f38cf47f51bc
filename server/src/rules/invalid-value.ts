import { duplicateOf } from '../analysis/duplicates';
import { instanceVerdicts, terminatorRange } from '../analysis/directiveVerdict';
import { invalidValue } from '../analysis/valueCheck';
import type { Rule } from './types';

/** A value the directive's handler refuses: a time, size, number, or word it cannot parse. */
export const invalidValueRule: Rule = {
  id: 'invalid-value',
  defaultSeverity: 'error',
  docs: {
    summary: 'A time, size, number or keyword that the directive\'s handler in nginx cannot parse.',
    why:
      'Most directives are parsed by a few generic functions of nginx: times (`10s`, `1h 30m`, `500ms`; units largest first), sizes (`16k`, `1m`), offsets (also `1g`), plain numbers, on/off, and fixed word lists such as `proxy_http_version 1.0 | 1.1` or `ssl_protocols`. A value they cannot parse stops `nginx -t` with `"proxy_read_timeout" directive invalid value`, `invalid number` or `invalid value "TLSv1.4"`. Values are taken literally there, so `proxy_read_timeout $t;` fails too; the few that take variables (`limit_rate`, `expires`) are judged only without one, and a template placeholder (`${app.timeout}`) is not judged. nginx-ws knows each directive\'s parser from nginx\'s source, and checks a few directives with parsers of their own the same way (`expires`, `keepalive` in an upstream, `keepalive_timeout`, `worker_connections`).',
    fix: 'Write the value in the unit or the words the directive takes (the hover shows its syntax).',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_read_timeout 1hour;\n}',
  },
  check(ctx) {
    const all = instanceVerdicts(ctx.instance);
    for (let i = 0; i < all.directives.length; i++) {
      const d = all.directives[i];
      const context = all.contexts[i];
      const verdict = all.verdicts[i];
      if (verdict?.kind !== 'ok' || verdict.spec.origin !== 'nginx' || d.block) continue;
      // directive-args already reports an on/off directive's value.
      if (verdict.spec.onOff) continue;
      const message = invalidValue(d, context);
      // A duplicate is refused before its value is read.
      if (message === undefined || duplicateOf(d, ctx.instance) !== undefined) continue;
      ctx.report({ range: terminatorRange(d), message });
    }
  },
};
