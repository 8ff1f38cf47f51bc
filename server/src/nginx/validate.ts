// The one place nginx-ws starts a process: the user's own nginx binary (`nginxWs.nginxPath`), for `nginx -t`
// and `nginx -v`. Nothing else in the server or the client spawns; the LSP layer calls here only when a
// path is set and the workspace is trusted. No shell is involved: the binary gets an argument vector.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { directivesNamed, type ConfigTree } from '../workspace/graph';
import { parseNginxOutput, parseNginxVersion, type NginxMessage } from './output';

export const NGINX_TIMEOUT_MS = 10_000;
/** nginx -t on a sane config prints a few lines; a flood is cut here. */
const MAX_OUTPUT_CHARS = 1_000_000;

/** A main-context `pid` anywhere in the tree (includes too): then `-g 'pid ...;'` would be a duplicate. */
export function declaresPid(tree: ConfigTree): boolean {
  for (const inst of tree.instances) {
    for (const d of directivesNamed(inst, 'pid')) if (inst.contexts.get(d) === 'main') return true;
  }
  return false;
}

/** A value for nginx's own config syntax (`-g`), quoted: temporary folders may hold spaces. */
function quoted(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * `nginx -t -c ROOT -p PREFIX/ -e stderr -q [-g 'pid PIDFILE;']`. `-t` opens (and creates, empty) the pid file
 * without writing it: without a `pid` of its own the config would touch the packaged default (/run/nginx.pid),
 * so it is pointed into the temporary prefix. Relative log and temp paths land in that prefix too.
 */
export function testArgs(root: string, prefix: string, pidFile?: string): string[] {
  const args = ['-t', '-c', root, '-p', prefix.endsWith('/') ? prefix : `${prefix}/`, '-e', 'stderr', '-q'];
  if (pidFile !== undefined) args.push('-g', `pid ${quoted(pidFile)};`);
  return args;
}

export interface RunResult {
  /** The exit status; null when the process did not exit by itself (killed at the timeout) or never started. */
  exitCode: number | null;
  /** stdout and stderr as they came. */
  output: string;
  timedOut: boolean;
  /** Why the process could not be started (ENOENT, EACCES...). */
  error?: string;
}

/** Runs `file args` without a shell, killing it after `timeoutMs`. Never rejects. */
export function runProcess(file: string, args: readonly string[], cwd: string, timeoutMs = NGINX_TIMEOUT_MS): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let settled = false;
    const finish = (r: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
    } catch (err) {
      resolve({ exitCode: null, output: '', timedOut: false, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const collect = (d: Buffer): void => {
      if (output.length < MAX_OUTPUT_CHARS) output += d.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', (err) => finish({ exitCode: null, output, timedOut, error: err.message }));
    child.on('close', (code) => finish({ exitCode: timedOut ? null : code, output, timedOut }));
  });
}

export interface TestOutcome extends RunResult {
  /** True when nginx said the configuration is fine (exit status 0). */
  ok: boolean;
  messages: NginxMessage[];
  /** The argument vector of the run whose outcome this is. */
  args: string[];
}

export interface TestOptions {
  nginxPath: string;
  /** The main config, absolute. */
  root: string;
  /** Whether the config sets `pid` itself (see `declaresPid`). */
  hasPid: boolean;
  timeoutMs?: number;
  /** Files nginx may name in messages (to split ` in FILE:LINE` when a message contains ` in /`). */
  isFile?: (p: string) => boolean;
}

/** `nginx -t` on `root` in a fresh temporary prefix, removed afterwards. */
export async function testConfig(o: TestOptions): Promise<TestOutcome> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-t-'));
  try {
    // The default error_log and access_log of a source build are relative (logs/...).
    fs.mkdirSync(path.join(prefix, 'logs'));
    let args = testArgs(o.root, prefix, o.hasPid ? undefined : path.join(prefix, 'nginx.pid'));
    let r = await runProcess(o.nginxPath, args, prefix, o.timeoutMs);
    // The tree we saw may miss a `pid` nginx sees (an include we could not resolve): then go without ours.
    if (!o.hasPid && r.exitCode !== 0 && /"pid" directive is duplicate/.test(r.output)) {
      args = testArgs(o.root, prefix);
      r = await runProcess(o.nginxPath, args, prefix, o.timeoutMs);
    }
    return { ...r, ok: r.exitCode === 0, messages: parseNginxOutput(r.output, o.isFile), args };
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

/**
 * The binary `nginxWs.nginxPath` names: an absolute path as is, a bare command name (`nginx`) looked up on PATH.
 * A relative path with a folder in it is refused: relative to what would be a guess.
 */
export function resolveBinary(setting: string, envPath = process.env.PATH ?? ''): { path?: string; error?: string } {
  const name = setting.trim();
  if (path.isAbsolute(name)) return { path: name };
  if (name.includes('/') || name.includes(path.sep)) return { error: `nginxWs.nginxPath must be an absolute path or a command name, not "${name}"` };
  for (const dir of envPath.split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return { path: p };
    } catch {
      // Not here.
    }
  }
  return { error: `no executable "${name}" on PATH (set nginxWs.nginxPath to the binary's absolute path)` };
}

const versions = new Map<string, { stamp: string; version: string | undefined; error?: string }>();

export interface VersionResult {
  version?: string;
  error?: string;
  /** False when the answer came from the cache (the binary has not changed since it was asked). */
  fresh: boolean;
}

/**
 * The version `nginx -v` reports, asked once per binary (again when the file changes). Synchronous, bounded by
 * the timeout: settings are resolved synchronously, and a binary answers -v in milliseconds.
 */
export function nginxVersionOf(nginxPath: string, timeoutMs = NGINX_TIMEOUT_MS): VersionResult {
  let stamp: string;
  try {
    const st = fs.statSync(nginxPath);
    stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err), fresh: true };
  }
  const hit = versions.get(nginxPath);
  if (hit && hit.stamp === stamp) return { version: hit.version, error: hit.error, fresh: false };
  const r = spawnSync(nginxPath, ['-v'], { encoding: 'utf8', timeout: timeoutMs, shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const version = parseNginxVersion(output);
  const error = version
    ? undefined
    : r.error
      ? r.error.message
      : `\`${nginxPath} -v\` printed no nginx version${output.trim() ? `: ${output.trim().slice(0, 200)}` : ''}`;
  versions.set(nginxPath, { stamp, version, error });
  return { version, error, fresh: true };
}
