// nginx itself judges the formatter: every corpus config nginx accepts is accepted once formatted, and every
// one it refuses is refused with the same message (only the line may move).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { decodeConfig, encodeConfig } from '../../../server/src/format/bytes';
import { formatText } from '../../../server/src/format/format';
import { requireCorpus } from '../../support/corpus';
import { NGINX, requireNginx } from '../../support/nginx';
import { corpusDir } from '../../support/paths';

/** What to copy (a file or a folder, relative to the corpus) and the main config inside the copy. */
interface Entry {
  copy: string;
  main: string;
}

function entries(): Entry[] {
  const out: Entry[] = [];
  const tests = path.join(corpusDir, 'valid', 'nginx-tests');
  for (const f of fs.readFileSync(path.join(tests, 'ACCEPTED-BY-NGINX-1.22.txt'), 'utf8').split('\n')) {
    if (f.endsWith('.conf')) out.push({ copy: `valid/nginx-tests/${f}`, main: f });
  }
  out.push({ copy: 'valid/nginx-conf', main: 'nginx.conf' }, { copy: 'valid/h5bp', main: 'nginx.conf' });
  for (const c of fs.readdirSync(path.join(corpusDir, 'crossplane')).sort()) {
    if (fs.existsSync(path.join(corpusDir, 'crossplane', c, 'nginx.conf'))) out.push({ copy: `crossplane/${c}`, main: 'nginx.conf' });
  }
  const manifest = fs.readFileSync(path.join(corpusDir, 'realworld', 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  for (const line of manifest) {
    const [file, , , , , kind] = line.split('\t');
    if (kind !== 'full' && kind !== 'multi') continue;
    const m = /^(.*)\/ \(entry: (.*)\)$/.exec(file);
    out.push(m ? { copy: `realworld/${m[1]}`, main: m[2] } : { copy: `realworld/${file}`, main: file });
  }
  return out;
}

/** A copy of `rel` under `dest`, with `user` and `pid` lines commented out (as the corpus's judge did), formatted or not. */
function place(rel: string, dest: string, format: boolean): void {
  const from = path.join(corpusDir, rel);
  const isDir = fs.statSync(from).isDirectory();
  const base = isDir ? from : path.dirname(from);
  const files = isDir ? (fs.readdirSync(from, { recursive: true }) as string[]).map((f) => path.join(from, f)) : [from];
  for (const src of files) {
    if (!fs.statSync(src).isFile()) continue;
    const to = path.join(dest, path.relative(base, src));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const { text, encoding } = decodeConfig(fs.readFileSync(src));
    let out = text.replace(/^([ \t]*)(user|pid)([ \t])/gm, '$1#$2$3');
    if (format) {
      const r = formatText(out, { indent: '\t' });
      if (r.kind === 'unsafe') throw new Error(`${src}: ${r.reason}`);
      if (r.kind === 'formatted') out = r.text;
    }
    fs.writeFileSync(to, encodeConfig(out, encoding));
  }
}

/** nginx's verdict on `main` in the prefix: `ok`, or its first message without file, line and prefix. */
async function judge(prefix: string, main: string): Promise<string> {
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const args = ['-t', '-q', '-p', `${prefix}/`, '-c', path.join(prefix, main), '-e', 'stderr', '-g', `pid ${prefix}/nginx.pid;`];
  const { status, output } = await new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = execFile(NGINX, args, { timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, output: `${stdout}${stderr}` }),
    );
    child.stdin?.end();
  });
  if (status === 0) return 'ok';
  const m = /\[emerg\] \d+#\d+: (.*?)(?: in \S+:\d+)?$/m.exec(output);
  return (m?.[1] ?? `status ${status}`).split(prefix).join('PREFIX');
}

// nginx's test configs write their logs and sockets under /tmp/ngxtest, as nginx's test harness sets it up.
const HARNESS = '/tmp/ngxtest';
let madeHarness = false;
let root = '';
before(() => {
  requireNginx();
  requireCorpus('README.md');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-fmt-'));
  if (!fs.existsSync(HARNESS)) {
    fs.mkdirSync(HARNESS);
    madeHarness = true;
  }
});
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
  if (madeHarness) fs.rmSync(HARNESS, { recursive: true, force: true });
});

test('nginx -t gives every formatted corpus config the verdict it gives the config as written', { timeout: 300_000 }, async () => {
  const list = entries();
  const differ: string[] = [];
  let accepted = 0;
  // Two nginx processes at a time: each run mostly waits for its process to start.
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < list.length; i = next++) {
      const e = list[i];
      const dir = path.join(root, String(i));
      place(e.copy, path.join(dir, 'a'), false);
      place(e.copy, path.join(dir, 'b'), true);
      const a = await judge(path.join(dir, 'a'), e.main);
      const b = await judge(path.join(dir, 'b'), e.main);
      if (a === 'ok') accepted++;
      if (a !== b) differ.push(`${e.copy}: as written: ${a}; formatted: ${b}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all([worker(), worker()]);
  assert.deepEqual(differ, []);
  console.log(`format under nginx -t: ${list.length} configs, ${accepted} accepted as written and formatted, the rest refused alike`);
  assert.ok(accepted >= 230, `nginx must accept the corpus's accepted configs (${accepted})`);
});
