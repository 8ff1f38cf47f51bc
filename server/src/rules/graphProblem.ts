import type { GraphProblemKind } from '../workspace/graph';
import type { Rule, RuleDocs, Severity } from './types';

/** Rules that report what building the include tree found at this file's `include` directives. */
export function graphProblemRule(id: string, kind: GraphProblemKind, docs: RuleDocs, defaultSeverity: Severity = 'error'): Rule {
  return {
    id,
    defaultSeverity,
    docs,
    check(ctx) {
      for (const p of ctx.instance.tree.problems) {
        if (p.kind === kind && p.path === ctx.instance.path) ctx.report({ range: p.range, message: p.message });
      }
    },
  };
}
