// Runs Debian's nginx in the foreground with a throwaway prefix, on 127.0.0.1 ports only.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NGINX, requireNginx } from '../../support/nginx';
import { accepts, freePort, sleep } from './ports';

export interface NginxServer {
  pid: number;
  prefix: string;
  /** The config nginx runs, as written to the prefix. */
  config: string;
  errorLog(): string;
  stop(): Promise<void>;
}

const START_BOUND_MS = 5_000;
const STOP_BOUND_MS = 3_000;

/** nginx processes still running: killed when this test process exits, whatever the reason. */
const running = new Set<ChildProcess>();
const killAll = (): void => running.forEach((child) => child.kill('SIGKILL'));
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

/**
 * Main-level settings that belong to the lab, not to the config under test: a single foreground
 * process (so stopping one pid stops everything) and logs inside the prefix.
 */
const GLOBALS = 'daemon off; master_process off; worker_processes 1; pid logs/nginx.pid; error_log logs/error.log info;';

/** http-level settings that keep Debian's compiled-in paths (/var/lib/nginx, /var/log/nginx) out of it. */
const HTTP_LAB_SETTINGS = `# Added by the live lab: keep every file inside the prefix.
access_log off;
client_body_temp_path temp/body;
proxy_temp_path temp/proxy;
fastcgi_temp_path temp/fastcgi;
uwsgi_temp_path temp/uwsgi;
scgi_temp_path temp/scgi;
`;

/** Writes `config` into a new prefix and adds the lab's http-level settings via an include. */
export function writePrefix(config: string, files: Record<string, string> = {}): { prefix: string; confPath: string; config: string } {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-lab-'));
  for (const dir of ['logs', 'temp', 'conf']) fs.mkdirSync(path.join(prefix, dir));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(prefix, 'conf', rel)), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conf', rel), text);
  }
  fs.writeFileSync(path.join(prefix, 'conf', 'lab-http.conf'), HTTP_LAB_SETTINGS);
  const withLab = config.replace(/^(\s*http\s*\{)/m, '$1\n    include lab-http.conf;');
  if (withLab === config) throw new Error('lab: the config has no `http {` block to add the lab settings to');
  const confPath = path.join(prefix, 'conf', 'nginx.conf');
  fs.writeFileSync(confPath, withLab);
  return { prefix, confPath, config: withLab };
}

/**
 * Starts nginx on `config` (with `files` beside it in conf/, for includes) and resolves once every port in `ports`
 * accepts connections.
 */
export async function startNginx(config: string, ports: number[], files: Record<string, string> = {}): Promise<NginxServer> {
  requireNginx();
  const { prefix, confPath, config: written } = writePrefix(config, files);
  const errorLogPath = path.join(prefix, 'logs', 'error.log');
  const errorLog = (): string => (fs.existsSync(errorLogPath) ? fs.readFileSync(errorLogPath, 'utf8') : '');

  const child = spawn(NGINX, ['-p', `${prefix}/`, '-c', confPath, '-e', 'logs/error.log', '-g', GLOBALS], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_BOUND_MS).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
    // Kept only when nginx died by itself mid-test, for its error log.
    fs.rmSync(prefix, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_BOUND_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = `${stderr}${errorLog()}`;
      fs.rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx exited during start-up (${child.exitCode ?? child.signalCode}):\n${log}`);
    }
    const ready = await Promise.all(ports.map((p) => accepts(p, 250)));
    if (ready.every(Boolean)) break;
    if (Date.now() > deadline) {
      const log = errorLog();
      await stop();
      throw new Error(`nginx did not accept on ${ports.join(', ')} within ${START_BOUND_MS} ms:\n${log}`);
    }
    await sleep(50);
  }
  if (child.pid === undefined) throw new Error('nginx has no pid');
  return { pid: child.pid, prefix, config: written, errorLog, stop };
}

const START_TRIES = 3;

/**
 * Picks `count` free ports, starts nginx on `configFor(ports)`, and tries again with new ports if
 * another process took one between the pick and nginx's bind().
 */
export async function startOnFreePorts(
  count: number,
  configFor: (ports: number[]) => string,
  files: (ports: number[]) => Record<string, string> = () => ({}),
): Promise<{ server: NginxServer; ports: number[] }> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    while (ports.length < count) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    try {
      return { server: await startNginx(configFor(ports), ports, files(ports)), ports };
    } catch (err) {
      if (attempt >= START_TRIES || !/Address already in use/.test(String(err))) throw err;
    }
  }
}
