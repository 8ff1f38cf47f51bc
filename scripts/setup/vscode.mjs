// Starts and stops the code-server that scripts/setup/vscode.sh installs; shared by the in-editor
// tests (scripts/e2e.mjs) and `npm start` (scripts/start.mjs).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const CODE_SERVER = path.join(root, '.cache/code-server/node_modules/.bin/code-server');
export const CHROMIUM = '/usr/bin/chromium';

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Settings for a quiet editor: no welcome page, no offers about the enclosing git checkout. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
};

/**
 * Starts code-server on 127.0.0.1:port in a process group of its own (so its extension hosts and
 * language servers stop with it) and resolves once it answers /healthz.
 * `extensionsDir` defaults to a fresh folder under dataDir.
 */
export async function startCodeServer({ port, dataDir, folder, extensionsDir, env = {}, log = () => {}, readyTimeoutMs = 60_000 }) {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed at ${CODE_SERVER}; run scripts/setup/vscode.sh`);
  const settingsFile = path.join(dataDir, 'user-data', 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify(QUIET_SETTINGS, null, 2) + '\n');
  }
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', path.join(dataDir, 'user-data'),
    '--extensions-dir', extensionsDir ?? path.join(dataDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    folder,
  ];
  const child = spawn(CODE_SERVER, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const recent = []; // the last lines, to explain an early exit
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        if (!l.trim()) continue;
        recent.push(l);
        if (recent.length > 20) recent.shift();
        log(l);
      }
    });
  }
  let exitInfo;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exitInfo = { code, signal }))));

  const stop = async () => {
    if (exitInfo) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const late = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
    if (late) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      await Promise.race([exited, sleep(2_000)]);
    }
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitInfo) {
      throw new Error(`code-server exited before it was ready (${JSON.stringify(exitInfo)}):\n${recent.join('\n')}`);
    }
    if (await healthy(port)) return { pid: child.pid, stop, exited };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on 127.0.0.1:${port} within ${readyTimeoutMs / 1000}s`);
    }
    await sleep(250);
  }
}

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
