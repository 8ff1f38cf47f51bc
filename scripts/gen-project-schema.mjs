// Writes schemas/nginx-ws.schema.json (the schema of .nginx-ws.json) from the rule registry and package.json's
// settings. Usage: node scripts/gen-project-schema.mjs [--check]; --check writes nothing and exits 1 when it differs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'schemas', 'nginx-ws.schema.json');
const { rules } = tsxRequire('../server/src/rules/index.ts', import.meta.url);
const { projectSchema } = tsxRequire('../server/src/service/projectSchema.ts', import.meta.url);
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const text = `${JSON.stringify(projectSchema(rules, manifest.contributes.configuration.properties), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('schemas/nginx-ws.schema.json is out of date: run `node scripts/gen-project-schema.mjs`');
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`wrote schemas/nginx-ws.schema.json (${rules.length} rules)`);
}
