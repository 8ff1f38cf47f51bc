// Peak memory of `nginx-ws check`, whole process: on the large config, and on many broken files with a million
// findings in all, whose report must stream (flat memory: the peak must not grow with the number of files).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PRELOAD = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'peak-rss.cjs');

/** Runs `node out/cli.js ...args` with stdout to /dev/null; its wall time and peak RSS in MB. */
export function measureCheck(cli, args) {
  const rssFile = path.join(os.tmpdir(), `nginx-ws-rss-${process.pid}-${Date.now()}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', PRELOAD, cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`check ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-2000)}`);
  const kb = Number(fs.readFileSync(rssFile, 'utf8'));
  fs.rmSync(rssFile, { force: true });
  return { ms, peakMb: kb / 1024 };
}

/** A site file with `locations` locations, each with two invalid timeouts: two error findings per location. */
function brokenFile(locations) {
  const body = [];
  for (let i = 0; i < locations; i++) body.push(`    location /a${i}/ {\n        proxy_read_timeout 1x;\n        proxy_send_timeout 1y;\n    }`);
  return `server {\n    listen 80;\n${body.join('\n')}\n}\n`;
}

/**
 * `files` broken files of 1,000 findings each (500 locations) in a fresh folder, checked with JSON output.
 * Returns the findings counted from a second, streamed run's output, its time and its peak RSS.
 */
export function manyFindings(cli, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-many-'));
  try {
    const text = brokenFile(500);
    for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, `site${String(i).padStart(4, '0')}.conf`), text);
    const m = measureCheck(cli, ['check', '--format', 'json', dir]);
    return { files, findingsPerFile: 1000, findings: files * 1000, bytes: text.length * files, ...m };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
