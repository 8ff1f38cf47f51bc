import { spawnSync } from 'node:child_process';
import { after } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { binNginxWs, ensureBuilt } from '../lsp/built';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `bin/nginx-ws` (built when stale) in `cwd`. */
export function nginxWs(args: string[], cwd: string): CliResult {
  ensureBuilt();
  const r = spawnSync(process.execPath, [binNginxWs, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder holding `files` (relative path -> text or bytes). */
export function tempTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** `tempTree` for a suite: every folder it made is removed after the suite. */
export function suiteTrees(): (files: Record<string, string | Buffer>) => string {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));
  return (files) => {
    const d = tempTree(files);
    dirs.push(d);
    return d;
  };
}
