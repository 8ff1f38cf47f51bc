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
    evidence:
      "A simple (non-block) directive of open-source nginx that reaches its handler (known, allowed where it stands, with an argument count it takes), whose value the handler's parser refuses. The parser is the one nginx's source gives the directive in that context: time (`10s`, with or without `ms`), size, offset, number (with its bounds), `N size` buffers, a fixed word list or set of words, access modes (`user:rw`); and the custom parsers of `expires`, `keepalive` in an upstream, `keepalive_timeout`, `worker_connections` and `worker_processes`. A variable where nginx takes none (`proxy_read_timeout $t;`) is refused like any other word.",
    quiet:
      '- On/off directives: [directive-args](#directive-args) reports their values.\n- Third-party and NGINX Plus directives, block directives, and directives whose handler nginx-ws does not model.\n- A value with a `$` where nginx does take variables (sizes such as `limit_rate`, and `expires`).\n- Any value that holds a template placeholder: `${...}` with a dot or a space inside, or `{{ ... }}`.\n- A directive that nginx refuses as a duplicate: it is refused before its value is read, and [duplicate-directive](#duplicate-directive) reports it.',
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
