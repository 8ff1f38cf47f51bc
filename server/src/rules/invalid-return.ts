import { ngxAtoi } from '../analysis/nginxUrl';
import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

/** `ngx_http_rewrite_return`: a code of at most 999, or a lone URL that stands for 302. */
function codeAccepted(args: readonly string[]): boolean {
  const code = ngxAtoi(args[0]);
  if (code !== -1) return code <= 999;
  return args.length === 1 && (args[0].startsWith('http://') || args[0].startsWith('https://') || args[0].startsWith('$scheme'));
}

export const invalidReturn: Rule = {
  id: 'invalid-return',
  defaultSeverity: 'error',
  docs: {
    summary: '`return` with a status code nginx refuses: not a number, above 999, or a variable.',
    why:
      'nginx reads the code of `return` when it loads the config: it must be a number from 0 to 999 (nginx does not check that it is a real HTTP status), or the directive must be a lone URL starting with `http://`, `https://` or `$scheme`, which means 302. Anything else, `return 1000;`, `return $status;` or `return /login;`, stops `nginx -t` with `invalid return code "..."`.',
    fix: 'Write the code as a number (`return 301 https://$host$request_uri;`), or a full URL alone for a 302.',
    example: 'location /old/ {\n    return /new/;\n}',
    evidence:
      "A `return` that reaches its handler whose first word is a number above 999, or is no number while the directive is not a lone URL starting with `http://`, `https://` or `$scheme` (nginx's 302 form).",
    quiet:
      '- Codes 0 to 999: nginx does not check that they are real HTTP statuses.\n- A lone URL in one of those forms.',
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['return'])) {
      if (d.args.length === 0 || codeAccepted(d.args.map((a) => a.value))) continue;
      ctx.report({ range: handlerRange(d, d.args[0]), message: `invalid return code "${d.args[0].value}"` });
    }
  },
};
