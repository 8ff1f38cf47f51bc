import { syntax } from './syntax';
import type { Rule } from './types';

/** The one registry of rules: diagnostics, code actions, the CLI and the docs all read it. */
export const rules: readonly Rule[] = [syntax];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
