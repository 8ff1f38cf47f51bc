// Peak memory of `nginx-ws check`, whole process: on the large config, and on many broken files with a million
// findings in all, whose report must stream (flat memory: the peak must not grow with the number of files).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PRELOAD = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'peak-rss.cjs');

/**
 * Runs `node out/cli.js ...args` with stdout to a file; its wall time, its peak RSS in MB, and how many findings
 * the JSON report holds (counted by reading the file in chunks, as large as it gets).
 */
export function measureCheck(cli, args) {
  const stamp = `${process.pid}-${Date.now()}`;
  const rssFile = path.join(os.tmpdir(), `nginx-ws-rss-${stamp}`);
  const outFile = path.join(os.tmpdir(), `nginx-ws-out-${stamp}`);
  const out = fs.openSync(outFile, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', PRELOAD, cli, ...args], {
    stdio: ['ignore', out, 'pipe'],
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.closeSync(out);
  try {
    if (r.status !== 0 && r.status !== 1) throw new Error(`check ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-2000)}`);
    const kb = Number(fs.readFileSync(rssFile, 'utf8'));
    return { ms, peakMb: kb / 1024, findings: countIn(outFile, '"rule":') };
  } finally {
    fs.rmSync(rssFile, { force: true });
    fs.rmSync(outFile, { force: true });
  }
}

/** Occurrences of an ASCII `needle` in a file, read a few MB at a time. */
function countIn(file, needle) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(4 << 20);
  let count = 0;
  let carry = '';
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      const text = carry + buf.toString('latin1', 0, n);
      for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) count++;
      carry = text.slice(-(needle.length - 1));
    }
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

/** A site file with `locations` locations, each with two invalid timeouts: two error findings per location. */
function brokenFile(locations) {
  const body = [];
  for (let i = 0; i < locations; i++) body.push(`    location /a${i}/ {\n        proxy_read_timeout 1x;\n        proxy_send_timeout 1y;\n    }`);
  return `server {\n    listen 80;\n${body.join('\n')}\n}\n`;
}

/** `files` broken files of 1,000 invalid values each (500 locations) in a fresh folder, checked with JSON output. */
export function manyFindings(cli, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-many-'));
  try {
    const text = brokenFile(500);
    for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, `site${String(i).padStart(4, '0')}.conf`), text);
    const m = measureCheck(cli, ['check', '--format', 'json', dir]);
    return { files, bytes: text.length * files, ...m };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
