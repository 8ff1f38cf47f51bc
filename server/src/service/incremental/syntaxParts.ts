import { instanceVerdicts, terminatorRange, verdictMessage } from '../../analysis/directiveVerdict';
import type { ConfigFile, Range } from '../../parser/ast';
import { independentFindings } from '../../rules/syntaxCascade';
import type { FileInstance } from '../../workspace/graph';

/** One syntax error before nginx's cascade filter: a range and nginx's message. */
export interface SyntaxCandidate {
  range: Range;
  message: string;
}

/**
 * The syntax rule (rules/syntax.ts) in its two parts, so that the first can be kept per block: the errors that the
 * handler of each directive raises (a block directive ended by `;`, a simple one followed by `{`), which depend on the
 * directive alone, and the filter that keeps the first error per top-level statement, which looks at them all.
 */
export function directiveSyntaxErrors(instance: FileInstance): SyntaxCandidate[] {
  const out: SyntaxCandidate[] = [];
  const all = instanceVerdicts(instance);
  for (let i = 0; i < all.directives.length; i++) {
    const d = all.directives[i];
    const v = all.verdicts[i];
    if (v?.kind !== 'no-opening' && v?.kind !== 'not-terminated') continue;
    out.push({ range: terminatorRange(d), message: verdictMessage(d, v) ?? '' });
  }
  return out;
}

/** What the syntax rule reports, given every directive's errors in reading order. */
export function syntaxFindings(file: ConfigFile, directiveErrors: readonly SyntaxCandidate[]): SyntaxCandidate[] {
  const found: SyntaxCandidate[] = file.errors.map((e) => ({ range: e.range, message: e.message }));
  return independentFindings([...found, ...directiveErrors], file.children);
}
