import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

const FLAGS: ReadonlySet<string> = new Set(['last', 'break', 'redirect', 'permanent']);

export const invalidRewrite: Rule = {
  id: 'invalid-rewrite',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `rewrite` whose third word is not one of its flags `last`, `break`, `redirect`, `permanent`.',
    why:
      'The optional third argument of `rewrite` is a flag, compared in lower case exactly: anything else (`LAST`, `301`, `[R=301]`) stops `nginx -t` with `invalid parameter "..."`.',
    fix: 'Use one of `last`, `break`, `redirect` (302) or `permanent` (301), or add the missing `;`.',
    example: 'location /old/ {\n    rewrite ^/old/(.*)$ /new/$1 301;\n}',
    evidence:
      'A `rewrite` that reaches its handler whose third word is not exactly `last`, `break`, `redirect` or `permanent`.',
    quiet:
      "`rewrite` with two words. Its regex is [invalid-regex](#invalid-regex)'s.",
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['rewrite'])) {
      const flag = d.args[2];
      if (!flag || FLAGS.has(flag.value)) continue;
      ctx.report({ range: handlerRange(d, flag), message: `invalid parameter "${flag.value}"` });
    }
  },
};
