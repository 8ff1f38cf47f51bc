import { instanceVerdicts, terminatorRange, verdictMessage } from '../analysis/directiveVerdict';
import type { Range } from '../parser/ast';
import { independentFindings } from './syntaxCascade';
import type { Rule } from './types';

/**
 * nginx's own syntax errors, with nginx's wording and line: the tokenizer's (`unexpected "}"`, end of file, too long
 * parameter) and the two that `ngx_conf_handler` raises once it knows the directive: a block directive ended by
 * `;` and a simple directive followed by `{`.
 */
export const syntax: Rule = {
  id: 'syntax',
  defaultSeverity: 'error',
  docs: {
    summary: 'The file does not parse: nginx would refuse to load it.',
    why: 'nginx stops at the first syntax error and keeps running the previous configuration on reload, or fails to start. The message is worded exactly as `nginx -t` words it, on the line nginx names. A block directive (`location`, `server`, `if`, ...) needs a `{`, and any other directive needs a `;`: a forgotten `;` before a block makes the previous directive swallow it (`is not terminated by ";"`), a forgotten `{` makes nginx read the block name as a simple directive (`has no opening "{"`).',
    fix: 'Add the missing `;`, `{` or `}`, or close the quote. Only the first error is certain: nginx stops there. Later errors are shown only when they sit in a later top-level block, which a cascade from the first cannot explain, and never more than three per file.',
    example: 'server {\n    listen 127.0.0.1:8080;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n    }\n',
  },
  check(ctx) {
    const found: { range: Range; message: string }[] = ctx.file.errors.map((e) => ({ range: e.range, message: e.message }));
    const all = instanceVerdicts(ctx.instance);
    for (let i = 0; i < all.directives.length; i++) {
      const d = all.directives[i];
      const v = all.verdicts[i];
      if (v?.kind !== 'no-opening' && v?.kind !== 'not-terminated') continue;
      found.push({ range: terminatorRange(d), message: verdictMessage(d, v) ?? '' });
    }
    for (const f of independentFindings(found, ctx.file.children)) ctx.report(f);
  },
};
