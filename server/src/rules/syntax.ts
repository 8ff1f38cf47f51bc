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
    evidence:
      'The file\'s own text, read the way nginx reads it; nothing else needs to be in view:\n- what nginx\'s tokenizer rejects: an unexpected `{`, `}` or `;`, an unexpected end of file, a quote that never closes (nginx\'s `too long parameter`);\n- a known directive that is allowed where it stands but has the wrong terminator: a block directive ended by `;` (`has no opening "{"`), or a simple directive followed by `{` (`is not terminated by ";"`);\n- blocks nested more than 500 levels deep, which nginx-ws does not analyse.',
    quiet:
      '- Any error after the first one inside the same top-level block: nginx stops at the first, and the rest is usually an echo of it. A file gets at most three syntax findings.\n- A wrong terminator on a directive that nginx-ws does not know, or that stands where it is not allowed: nginx checks the name and the place first, so [unknown-directive](#unknown-directive) or [directive-context](#directive-context) reports it.\n- In a template, an error that falls on a tag.',
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
