// Writes docs/rules.md from the rule registry. Usage: node scripts/gen-rule-docs.mjs [--check]
// --check writes nothing and exits 1 when docs/rules.md differs from what the registry gives.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'docs', 'rules.md');
const { rules } = tsxRequire('../server/src/rules/index.ts', import.meta.url);
const { renderRulesMarkdown } = tsxRequire('../server/src/service/ruleDocs.ts', import.meta.url);
const text = renderRulesMarkdown(rules);

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('docs/rules.md is out of date with the rule registry: run `node scripts/gen-rule-docs.mjs`');
    process.exit(1);
  }
  console.log(`docs/rules.md is up to date (${rules.length} rules)`);
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`wrote docs/rules.md (${rules.length} rules)`);
}
