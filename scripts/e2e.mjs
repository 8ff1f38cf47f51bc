// In-editor tests: runs test/e2e/*.e2e.ts with mocha inside a real VS Code (code-server, driven by
// Debian's chromium through playwright-core), the way @vscode/test-electron would on a desktop.
// Usage: node scripts/e2e.mjs [--grep PATTERN] [--keep] [--no-screenshots]   (--keep leaves the temp workspace for a look)
// After the tests, scripts/e2e-screens.mjs drives the workbench UI (hover, Ctrl+.) and writes
// test-output/screenshots/*.png; a step whose element never appears fails the run. With --grep the screenshots
// are taken only when PATTERN matches "screenshots" (`--grep screenshots` takes only them).
//        node scripts/e2e.mjs --build-only   (bundles the tests and copies the fixtures to
//        .cache/e2e-workspace, for the "Extension Tests" launch configuration in a desktop VS Code)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { nodeBundle } from './bundle.mjs';
import { takeScreenshots } from './e2e-screens.mjs';
import { CHROMIUM, CODE_SERVER, freePort, startCodeServer } from './setup/vscode.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const RUN_TIMEOUT_MS = 5 * 60_000;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function must(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` failed with status ${r.status}`);
}

/** Bundles index.ts and each *.e2e.ts on its own, so index.ts can hand mocha one file per test file. */
async function buildTests() {
  const outdir = path.join(root, 'out/test/e2e');
  fs.rmSync(outdir, { recursive: true, force: true });
  const tests = fs.readdirSync('test/e2e').filter((f) => f.endsWith('.e2e.ts'));
  await esbuild.build({
    ...nodeBundle,
    entryPoints: ['test/e2e/index.ts', ...tests.map((f) => `test/e2e/${f}`)],
    outdir,
    sourcemap: 'inline',
    // mocha loads from node_modules at run time; `vscode` is the editor's own module.
    external: ['vscode', 'mocha'],
  });
  return tests.length;
}

async function buildOnly() {
  must(process.execPath, ['scripts/build.mjs']);
  const count = await buildTests();
  const workspace = path.join(root, '.cache/e2e-workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync('test/e2e/fixtures', workspace, { recursive: true });
  console.log(`e2e: built ${count} test file(s); fixtures copied to ${workspace}`);
  return 0;
}

async function main() {
  if (process.argv.includes('--build-only')) return buildOnly();
  must('bash', ['scripts/setup/vscode.sh']);
  console.log(`e2e: setup done at ${elapsed()}`);
  must(process.execPath, ['scripts/build.mjs']);
  const count = await buildTests();
  console.log(`e2e: built extension and ${count} test file(s) at ${elapsed()}`);

  // Tests may edit their files (quick fixes), so they get a fresh copy of the fixtures.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-e2e-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync('test/e2e/fixtures', workspace, { recursive: true });

  const port = await freePort();
  let server;
  let browser;
  let exitCode = 1;
  try {
    server = await startCodeServer({
      port,
      dataDir: tmp,
      folder: workspace,
      env: arg('--grep') ? { NGINX_WS_E2E_GREP: arg('--grep') } : {},
      log: (line) => isNoise(line) || console.log(`[code-server] ${line}`),
    });
    console.log(`e2e: code-server ${CODE_SERVER} listening on 127.0.0.1:${port} at ${elapsed()}`);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const page = await browser.newPage();
    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (level, message) => printWorkbenchLog(level, message));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(path.join(root, 'out/test/e2e/index.js'))],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { timeout: 60_000 });

    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS)));
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    exitCode = result === 'timeout' ? 1 : result;
    if (exitCode !== 0) {
      // What the editor showed when it went wrong, for a person to look at.
      const shot = path.join(root, 'test-output', 'e2e-failure.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`e2e: screenshot of the editor at the end: ${shot}`);
    }
    if (result === 'timeout') {
      console.error(`e2e: the test run did not finish within ${RUN_TIMEOUT_MS / 1000}s`);
      console.log('e2e: 0 passed, 1 failed');
    }
    await page.close().catch(() => undefined);

    if (wantScreenshots()) {
      console.log(`e2e: screenshots at ${elapsed()}`);
      try {
        await takeScreenshots({ browser, port, root, workspace, outDir: path.join(root, 'test-output', 'screenshots') });
        console.log(`e2e: screenshots done at ${elapsed()}`);
      } catch (err) {
        console.error(`e2e: screenshots failed: ${err instanceof Error ? err.message : String(err)}`);
        exitCode = 1;
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (process.argv.includes('--keep')) console.log(`e2e: workspace kept at ${workspace}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`e2e: finished with exit code ${exitCode} in ${elapsed()}`);
  return exitCode;
}

function wantScreenshots() {
  if (process.argv.includes('--no-screenshots')) return false;
  const grep = arg('--grep');
  return grep === undefined || new RegExp(grep).test('screenshots');
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function isNoise(text) {
  return /gallery|marketplace|ENOTFOUND|getaddrinfo|vsda/i.test(text);
}

/** The workbench's log, less the noise of a machine with no network (no extension gallery). */
function printWorkbenchLog(level, message) {
  const text = String(message);
  if (isNoise(text)) return;
  for (const line of text.split('\n')) console.log(level === 'info' ? line : `[${level}] ${line}`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`e2e: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
