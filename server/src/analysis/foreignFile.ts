import type { FileInstance } from '../workspace/graph';

/**
 * A ModSecurity rules file (`SecRuleEngine On`, `Include ...`) beside the nginx configs: nginx reads it through
 * `modsecurity_rules_file`, never as config, so a file nothing includes that opens with such a line is not ours.
 */
export function isModSecurityRulesFile(instance: FileInstance): boolean {
  if (instance.site !== undefined || instance.tree.isMain) return false;
  const first = instance.file.children.find((c) => c.kind === 'directive');
  return first !== undefined && first.kind === 'directive' && /^(Sec[A-Z]\w+|Include)$/.test(first.name);
}
