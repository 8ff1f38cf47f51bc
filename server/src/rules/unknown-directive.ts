import { instanceVerdicts, terminatorRange } from '../analysis/directiveVerdict';
import { suggest } from '../reference';
import { replaceRange } from './edits';
import type { Rule } from './types';

/** A name nginx has no command for: `unknown directive "X"`, with a did-you-mean for near misses. */
export const unknownDirective: Rule = {
  id: 'unknown-directive',
  defaultSeverity: 'error',
  docs: {
    summary: 'A directive name nginx does not know: `nginx -t` fails with `unknown directive`.',
    why:
      'nginx refuses the whole configuration on a name no module defines, usually a typo (`proxy_passs`) or a directive of a module this build lacks. nginx-ws knows every directive of nginx and NGINX Plus and of common third-party modules; names from those modules get the `needs-module` rule instead, so this one means no known module has the name. The message names the closest known directive when one is a small edit away.',
    fix: 'Offers to replace the name with the suggested directive.',
    example: 'location /ws/ {\n    proxy_passs http://127.0.0.1:9000;\n}',
  },
  check(ctx) {
    for (const { d, context, verdict } of instanceVerdicts(ctx.instance)) {
      if (verdict?.kind !== 'unknown') continue;
      const guess = suggest(d.name, context);
      const message = `unknown directive "${d.name}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
      const fixes = guess ? [{ title: `Change to "${guess}"`, preferred: false, edits: [replaceRange(ctx.instance, d.nameRange, guess)] }] : [];
      ctx.report({ range: terminatorRange(d), message, fixes });
    }
  },
};
