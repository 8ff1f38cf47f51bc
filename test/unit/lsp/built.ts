import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/paths';

/** The bundles the LSP and CLI tests spawn. */
export const serverJs = path.join(repoRoot, 'out', 'server.js');
export const cliJs = path.join(repoRoot, 'out', 'cli.js');
export const binNginxWs = path.join(repoRoot, 'bin', 'nginx-ws');

const LOCK = path.join(repoRoot, 'out', '.build-lock');
const STALE_LOCK_MS = 120_000;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  const sources = Math.max(newestSource(path.join(repoRoot, 'server', 'src')), fs.statSync(path.join(repoRoot, 'scripts', 'build.mjs')).mtimeMs);
  for (const out of [serverJs, cliJs]) {
    if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < sources) return true;
  }
  return false;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds out/ when a source is newer than the bundles, so that the tests never speak to a stale server.
 * `npm test` has built already, and then this only compares times. Test files run in parallel: a lock
 * folder keeps two of them from writing the bundles at once (or one reading while another writes).
 */
export function ensureBuilt(): void {
  if (!isStale()) return;
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - fs.statSync(LOCK).mtimeMs > STALE_LOCK_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // Released between the two calls.
      }
      sleep(100);
    }
  }
  try {
    if (!isStale()) return; // Another test file built while we waited.
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`node scripts/build.mjs failed (${r.status}):\n${r.stdout}${r.stderr}`);
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
