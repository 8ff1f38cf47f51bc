import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtureDir } from './fixtureDir';

export const NGINX = '/usr/sbin/nginx';

export interface NginxVerdict {
  ok: boolean;
  /** nginx's first `[emerg]` message without the ` in FILE:LINE` tail. */
  message?: string;
  file?: string;
  line?: number;
  output: string;
}

/** Fails loudly when Debian's nginx is absent: a judge that is missing must not pass a test. */
export function requireNginx(): void {
  if (!fs.existsSync(NGINX)) {
    throw new Error(`Debian's nginx is not installed at ${NGINX}; run scripts/setup/nginx.sh (npm test does)`);
  }
}

/**
 * Writes `files` (relative path -> text) into a fresh prefix and runs `nginx -t` on `main` there. The prefix is
 * removed afterwards unless `keep` is set (then it goes when the process exits).
 */
export function nginxTestFiles(files: Record<string, string>, main = 'nginx.conf', keep = false): NginxVerdict & { prefix: string } {
  const prefix = fixtureDir(files);
  try {
    return { ...nginxTest(path.join(prefix, main), prefix), prefix };
  } finally {
    if (!keep) fs.rmSync(prefix, { recursive: true, force: true });
  }
}

/** Runs `nginx -t` on a config file with a temporary prefix; nothing is started. */
export function nginxTest(confPath: string, prefix = path.dirname(confPath)): NginxVerdict {
  requireNginx();
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const r = spawnSync(NGINX, ['-t', '-q', '-p', prefix + '/', '-c', confPath, '-e', 'stderr'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status === 0) return { ok: true, output };
  const m = /\[emerg\] \d+#\d+: (.*?)(?: in (\S+):(\d+))?$/m.exec(output);
  return {
    ok: false,
    output,
    message: m?.[1],
    file: m?.[2],
    line: m?.[3] ? Number(m[3]) : undefined,
  };
}
