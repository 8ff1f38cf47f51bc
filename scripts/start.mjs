// `npm start`: builds the extension and serves a real VS Code (code-server) on 127.0.0.1 with the
// extension loaded and examples/ open. Port: $PORT, else 8080, else any free one. Ctrl+C stops it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort, startCodeServer } from './setup/vscode.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function must(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`start: \`${cmd} ${args.join(' ')}\` failed with status ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function choosePort() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!(await portIsFree(port))) {
      console.error(`start: port ${port} (from PORT) is already in use on 127.0.0.1; pick another one`);
      process.exit(1);
    }
    return port;
  }
  if (await portIsFree(8080)) return 8080;
  return freePort();
}

must('bash', ['scripts/setup/vscode.sh']);
must(process.execPath, ['scripts/build.mjs']);

// The extension is the checkout itself, linked into an extensions folder of its own, so a rebuild
// (`npm run watch`) and a window reload pick up changes. Settings persist in .cache/start/user-data.
const dataDir = path.join(root, '.cache/start');
const extensionsDir = path.join(dataDir, 'extensions');
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
fs.rmSync(extensionsDir, { recursive: true, force: true });
fs.mkdirSync(extensionsDir, { recursive: true });
fs.symlinkSync(root, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));

const port = await choosePort();
const folder = path.join(root, 'examples');
const server = await startCodeServer({
  port,
  dataDir,
  extensionsDir,
  folder,
  log: (line) => process.env.NGINX_WS_VERBOSE && console.log(`[code-server] ${line}`),
});
console.log(`\nnginx-ws is running in VS Code at http://127.0.0.1:${port}/?folder=${encodeURI(folder)}`);
console.log('Press Ctrl+C to stop.\n');

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
server.exited.then((info) => {
  if (stopping) return;
  console.error(`start: code-server stopped on its own (${JSON.stringify(info)})`);
  process.exit(1);
});
