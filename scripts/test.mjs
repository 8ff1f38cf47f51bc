// `npm test`: installs what the tests need (idempotently), type-checks, builds, then runs every suite.
// Usage: node scripts/test.mjs [--only unit|live|e2e]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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
must('bash', ['scripts/setup/neovim.sh']);
must('npx', ['tsc', '-b']);
must('node', ['scripts/build.mjs']);

const suites = [
  { name: 'unit', files: [...testFiles('server'), ...testFiles('test/unit')] },
  { name: 'live', files: testFiles('test/live') },
];
const summary = [];
for (const s of suites) {
  if (only && only !== s.name) continue;
  if (s.files.length === 0) continue;
  console.log(`\n=== ${s.name} tests (${s.files.length} files)`);
  const counts = path.join(os.tmpdir(), `nginx-ws-${s.name}-${process.pid}.json`);
  const status = run(process.execPath, [
    '--import', 'tsx', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/count-reporter.mjs', `--test-reporter-destination=${counts}`,
    ...s.files,
  ]);
  let n = { passed: 0, failed: 0, skipped: 0 };
  try {
    n = JSON.parse(fs.readFileSync(counts, 'utf8'));
    fs.rmSync(counts);
  } catch {
    // The runner died before its reporter finished: the status says it failed.
  }
  summary.push({ name: s.name, status, ...n });
}
if ((!only || only === 'e2e') && fs.existsSync('scripts/e2e.mjs')) {
  console.log('\n=== in-editor tests (code-server)');
  summary.push({ name: 'in-editor', status: run(process.execPath, ['scripts/e2e.mjs']) });
}

// One line per suite, then the overall result: an earlier suite's failure must not hide behind the last one's "0 failed".
console.log('\n=== summary');
for (const s of summary) {
  const counted = s.passed === undefined ? (s.status === 0 ? 'all passed' : `failed (status ${s.status})`) : `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
  console.log(`${s.name}: ${counted}${s.passed !== undefined && s.status !== 0 && s.failed === 0 ? ` (runner exited with status ${s.status})` : ''}`);
}
const ok = summary.every((s) => s.status === 0);
const passed = summary.reduce((a, s) => a + (s.passed ?? 0), 0);
const failedTests = summary.reduce((a, s) => a + (s.failed ?? 0), 0) + summary.filter((s) => s.passed === undefined && s.status !== 0).length;
console.log(`overall: ${ok ? 'PASSED' : 'FAILED'}`);
console.log(`${passed} passed, ${failedTests} failed`);
process.exit(ok ? 0 : 1);
