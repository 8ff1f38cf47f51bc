import type { Arg } from '../parser/ast';
import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

const OPERATORS: ReadonlySet<string> = new Set(['=', '!=', '~', '~*', '!~', '!~*']);

/** `ngx_http_rewrite_if_condition`: the words of the condition with the parentheses taken off, and its first error. */
function conditionError(args: readonly Arg[]): { arg: Arg; message: string } | undefined {
  const words = args.map((a) => a.value);
  const at = (i: number) => args[i] ?? args[args.length - 1];
  if (!words[0]?.startsWith('(')) return { arg: at(0), message: `invalid condition "${words[0] ?? ''}"` };
  let cur = 0;
  if (words[0].length === 1) cur = 1;
  else words[0] = words[0].slice(1);
  let last = words.length - 1;
  if (!words[last].endsWith(')')) return { arg: at(last), message: `invalid condition "${words[last]}"` };
  if (words[last].length === 1) last--;
  else words[last] = words[last].slice(0, -1);
  const p = words[cur] ?? '';
  if (p.length > 1 && p.startsWith('$')) {
    if (cur !== last && cur + 2 !== last) return { arg: at(cur), message: `invalid condition "${p}"` };
    if (cur === last) return undefined;
    const op = words[cur + 1];
    return OPERATORS.has(op) ? undefined : { arg: at(cur + 1), message: `unexpected "${op}" in condition` };
  }
  if ((p.length === 2 && p[0] === '-') || (p.length === 3 && p.startsWith('!-'))) {
    if (cur + 1 !== last) return { arg: at(cur), message: `invalid condition "${p}"` };
    return 'fdex'.includes(p[p.length - 1]) ? undefined : { arg: at(cur), message: `invalid condition "${p}"` };
  }
  return { arg: at(cur), message: `invalid condition "${p}"` };
}

export const invalidIf: Rule = {
  id: 'invalid-if',
  defaultSeverity: 'error',
  docs: {
    summary: 'An `if` condition nginx cannot read: `==` or another operator it lacks, a test without `$` or a quoted value with spaces.',
    why:
      'nginx\'s `if` knows a variable alone, `$var = value`, `$var != value`, the regex operators `~`, `~*`, `!~`, `!~*`, and the file tests `-f`, `-d`, `-e`, `-x` (and their `!` forms). `==`, `===` or `=~` stop `nginx -t` with `unexpected "==" in condition`; a value with a space that is not quoted, or a name without `$`, with `invalid condition "..."`.',
    fix: 'Use `=` for equality, `~` for a regular expression, and quote values that hold spaces.',
    example: 'location / {\n    if ($request_method == POST) {\n        return 405;\n    }\n}',
    evidence:
      'An `if` that reaches its handler whose condition, read as nginx reads it (parentheses taken off the first and last words), is not one of: a variable alone; a variable, an operator among `=`, `!=`, `~`, `~*`, `!~`, `!~*`, and one value; or `-f`, `-d`, `-e`, `-x` (or `!-f`...) with one operand. `==`, an unquoted value with a space, or a name without `$` fail.',
    quiet:
      "Regexes in the condition are [invalid-regex](#invalid-regex)'s; what a variable holds is not judged.",
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['if'])) {
      if (d.args.length === 0) continue;
      const bad = conditionError(d.args);
      if (bad) ctx.report({ range: handlerRange(d, bad.arg), message: bad.message });
    }
  },
};
