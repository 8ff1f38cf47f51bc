import { nginxRegexMessage, pcre2CompileError } from '../analysis/pcre2Syntax';
import type { Arg, Directive } from '../parser/ast';
import { handled, handlerRange, locationKind } from './handlerSupport';
import type { Rule, RuleContext } from './types';

const IF_REGEX_OPERATORS: ReadonlySet<string> = new Set(['~', '~*', '!~', '!~*']);

/** The regular expression of an `if` condition, as `ngx_http_rewrite_if` cuts it out of the words. */
function ifRegex(d: Directive): { pattern: string; arg: Arg } | undefined {
  const args = d.args;
  const op = args.findIndex((a) => IF_REGEX_OPERATORS.has(a.value));
  if (op < 0 || op + 1 >= args.length) return undefined;
  const arg = args[op + 1];
  const isLast = op + 1 === args.length - 1;
  const pattern = isLast && arg.value.endsWith(')') ? arg.value.slice(0, -1) : arg.value;
  if (!isLast && !(op + 2 === args.length - 1 && args[op + 2].value === ')')) return undefined;
  return pattern === '' ? undefined : { pattern, arg };
}

function report(ctx: RuleContext, d: Directive, pattern: string, arg?: Arg): void {
  const e = pcre2CompileError(pattern);
  if (e) ctx.report({ range: handlerRange(d, arg), message: nginxRegexMessage(pattern, e) });
}

export const invalidRegex: Rule = {
  id: 'invalid-regex',
  defaultSeverity: 'error',
  docs: {
    summary: 'A regular expression of `location ~`, `if`, `rewrite`, `server_name ~` or a `map` that PCRE2 cannot compile.',
    why:
      'nginx compiles every regular expression with PCRE2 when it loads the config, and `nginx -t` fails on the first one that does not compile, with PCRE2\'s own message: `pcre2_compile() failed: missing closing parenthesis in "^/api/(v1|v2"`. nginx-ws finds the common mistakes (unbalanced parentheses and brackets, a quantifier with nothing to repeat, a range or `{n,m}` out of order, a back reference to a group that does not exist, an unknown POSIX class, a name used twice) with PCRE2\'s messages; it says nothing about constructs it does not model (verbs, recursion, lookbehinds, Unicode properties), which PCRE2 itself judges.',
    fix: 'Balance the parentheses or brackets, escape a literal `(`, `[`, `*`, `+`, `?` or `{` with `\\`, or quote the pattern when it holds `{`, `;` or spaces.',
    example: 'location ~ ^/api/(v1|v2 {\n    proxy_pass http://127.0.0.1:9000;\n}',
    evidence:
      "A regular expression that reaches its directive's handler and that nginx-ws's PCRE2 model cannot compile: the pattern of a `location ~` / `~*`, the first argument of `rewrite`, a `server_name ~...` (the first bad one of the line), an `if` regex after `~`, `~*`, `!~` or `!~*`, and the `~` keys of a `map`. The model covers unbalanced parentheses and brackets, quantifiers with nothing to repeat, ranges and `{n,m}` out of order, back references to missing groups, unknown POSIX classes, and a group name used twice.",
    quiet:
      'Constructs the model does not cover (verbs, recursion, lookbehinds, Unicode properties): they pass unjudged.',
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['location'])) {
      const k = locationKind(d);
      if (k?.kind === 'regex') report(ctx, d, k.name, d.args[d.args.length - 1]);
    }
    for (const { d } of handled(ctx, ['rewrite'])) report(ctx, d, d.args[0].value, d.args[0]);
    for (const { d } of handled(ctx, ['server_name'], ['server'])) {
      for (const a of d.args) {
        if (a.value.length < 2 || !a.value.startsWith('~')) continue;
        const e = pcre2CompileError(a.value.slice(1));
        if (!e) continue;
        ctx.report({ range: handlerRange(d, a), message: nginxRegexMessage(a.value.slice(1), e) });
        break;
      }
    }
    for (const { d } of handled(ctx, ['if'])) {
      const r = ifRegex(d);
      if (r) report(ctx, d, r.pattern, r.arg);
    }
    for (const { d } of handled(ctx, ['map'])) {
      for (const entry of d.block?.children ?? []) {
        if (entry.kind !== 'directive' || !entry.name.startsWith('~') || entry.block) continue;
        const pattern = entry.name.startsWith('~*') ? entry.name.slice(2) : entry.name.slice(1);
        const e = pcre2CompileError(pattern);
        if (e) ctx.report({ range: handlerRange(entry), message: nginxRegexMessage(pattern, e) });
      }
    }
  },
};
