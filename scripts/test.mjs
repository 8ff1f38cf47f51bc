// `npm test`: installs what the tests need (idempotently), type-checks, builds, then runs every suite.
// Usage: node scripts/test.mjs [--only unit|live|e2e]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}
function must(cmd, args, opts) {
  const status = run(cmd, args, opts);
  if (status !== 0) {
    console.error(`test: \`${cmd} ${args.join(' ')}\` failed with status ${status}`);
    process.exit(status);
  }
}
function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
}

if (!fs.existsSync('node_modules/.package-lock.json')) must('npm', ['ci', '--no-audit', '--no-fund']);
must('bash', ['scripts/setup/nginx.sh']);
must('npx', ['tsc', '-b']);
must('node', ['scripts/build.mjs']);

const suites = [
  { name: 'unit', files: [...testFiles('server'), ...testFiles('test/unit')] },
  { name: 'live', files: testFiles('test/live') },
];
let failed = 0;
for (const s of suites) {
  if (only && only !== s.name) continue;
  if (s.files.length === 0) continue;
  console.log(`\n=== ${s.name} tests (${s.files.length} files)`);
  failed += run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...s.files]) === 0 ? 0 : 1;
}
if ((!only || only === 'e2e') && fs.existsSync('scripts/e2e.mjs')) {
  console.log('\n=== in-editor tests (code-server)');
  failed += run(process.execPath, ['scripts/e2e.mjs']) === 0 ? 0 : 1;
}
process.exit(failed === 0 ? 0 : 1);
