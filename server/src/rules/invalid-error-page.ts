import { ngxAtoi } from '../analysis/nginxUrl';
import type { Arg } from '../parser/ast';
import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

/** `ngx_http_core_error_page`: the `=code` before the URI, then each status. */
function errorPageError(args: readonly Arg[]): { arg: Arg; message: string } | undefined {
  const i = args.length - 2;
  let n = 1;
  if (args[i].value.startsWith('=')) {
    const v = args[i].value;
    if (i === 0 || (v.length > 1 && ngxAtoi(v.slice(1)) === -1)) return { arg: args[i], message: `invalid value "${v}"` };
    n = 2;
  }
  for (const a of args.slice(0, args.length - n)) {
    const status = ngxAtoi(a.value);
    if (status === -1 || status === 499) return { arg: a, message: `invalid value "${a.value}"` };
    if (status < 300 || status > 599) return { arg: a, message: `value "${a.value}" must be between 300 and 599` };
  }
  return undefined;
}

export const invalidErrorPage: Rule = {
  id: 'invalid-error-page',
  defaultSeverity: 'error',
  docs: {
    summary: '`error_page` with a status nginx refuses: not a number, 499, or outside 300-599; or a bad `=code`.',
    why:
      '`error_page` takes the statuses it handles (300 to 599, and not 499, which is nginx\'s own log code), an optional `=code` for the response, and a URI or named location. `error_page 200 /ok.html;`, `error_page 50x /50x.html;` or `error_page 404 =x /404.html;` stop `nginx -t` with `value "..." must be between 300 and 599` or `invalid value "..."`.',
    fix: 'List the error statuses one by one (`error_page 500 502 503 504 /50x.html;`), and write a response code as `=200`.',
    example: 'error_page 50x /50x.html;',
    evidence:
      'An `error_page` with at least two words that reaches its handler, with the first bad word: a status that is not a number, is 499, or lies outside 300-599; or a `=code` before the URI that is not a number (a bare `=` is fine), or that stands first.',
    quiet:
      'The URI or named location at the end is not judged.',
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['error_page'])) {
      if (d.args.length < 2) continue;
      const bad = errorPageError(d.args);
      if (bad) ctx.report({ range: handlerRange(d, bad.arg), message: bad.message });
    }
  },
};
