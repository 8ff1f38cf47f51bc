import { instanceVerdicts, terminatorRange, verdictMessage } from '../analysis/directiveVerdict';
import type { Rule } from './types';

/** A wrong argument count, or a value other than `on`/`off` for an on/off directive. */
export const directiveArgs: Rule = {
  id: 'directive-args',
  defaultSeverity: 'error',
  docs: {
    summary: 'A directive with an argument count nginx does not take, an on/off directive with another value, or a parameter its handler rejects.',
    why:
      'nginx checks the number of arguments of every directive against its definition before anything else, and on/off directives for exactly `on` or `off`; either mistake stops `nginx -t` with `invalid number of arguments` or `it must be "on" or "off"`. `listen`, an upstream\'s `server` and `add_header` also check their optional parameters (`invalid parameter "X"`). A missing `;` that glues two lines into one directive shows up this way too: after `listen 127.0.0.1:8080` it makes the next line\'s words parameters of `listen`.',
    fix: 'Give the directive the arguments its syntax asks for (the hover shows it); check for a missing `;` on the line before.',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000\n    proxy_http_version 1.1;\n}',
    evidence:
      'A directive that nginx-ws knows and that is allowed where it stands (its context comes from the `include` that pulls its file in, or for a file nothing includes from a `# nginx-ws: context=` comment or its contents), ended by the right terminator, and:\n- its number of arguments is not one its definition takes; or\n- it is an on/off directive whose value is neither `on` nor `off`; or\n- it is `listen` (http, stream or mail server), `server` in an upstream (http or stream), `add_header` or `add_trailer`, and a parameter after the fixed arguments is a word no nginx version accepts there.',
    quiet:
      '- Directives that only NGINX Plus has: its reference leaves out argument forms it accepts, so their argument count is not judged.\n- Unknown names and directives in the wrong block: the earlier checks of nginx ([unknown-directive](#unknown-directive), [directive-context](#directive-context)) report those.\n- A statement that a syntax error cut short (nginx never hands it to a handler).\n- A parameter that some nginx version accepts but yours may not: [version-unsupported](#version-unsupported) judges that when `nginxWs.nginxVersion` is set.',
  },
  check(ctx) {
    const all = instanceVerdicts(ctx.instance);
    for (let i = 0; i < all.directives.length; i++) {
      const d = all.directives[i];
      const v = all.verdicts[i];
      if (v?.kind !== 'args' && v?.kind !== 'flag-value' && v?.kind !== 'parameter') continue;
      ctx.report({ range: terminatorRange(d), message: verdictMessage(d, v) ?? '' });
    }
  },
};
