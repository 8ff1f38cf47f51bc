// `nginx-ws probe` shows what it knows at once: the response head as it arrives, then, on a terminal, the
// time left of the watch on one line rewritten each second. Against the live lab's real `ws` backend.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { parseProbe, runProbe, type ProbeCliOptions } from '../../../server/src/cli/probe';
import { startBackend, type Backend } from '../../live/lab/backend';
import { binNginxWs, ensureBuilt } from '../lsp/built';

interface Write {
  at: number;
  text: string;
}

function optionsFor(args: string[]): ProbeCliOptions {
  const cmd = parseProbe(args);
  assert.equal(cmd.kind, 'probe');
  return (cmd as { options: ProbeCliOptions }).options;
}

/** The bin's output chunks with the time each arrived, from a pipe (not a terminal) or, with `tty`, through script(1)'s terminal. */
function spawnProbe(args: string[], tty: boolean): Promise<{ status: number | null; chunks: Write[]; started: number }> {
  ensureBuilt();
  const started = Date.now();
  const command = [process.execPath, binNginxWs, 'probe', ...args].map((a) => `'${a}'`).join(' ');
  const child = tty
    ? spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [binNginxWs, 'probe', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Write[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push({ at: Date.now() - started, text: d.toString() }));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, chunks, started });
    });
  });
}

describe('nginx-ws probe while it watches', { timeout: 60_000 }, () => {
  let backend: Backend;
  before(async () => {
    backend = await startBackend('a');
  });
  after(() => backend?.stop());
  const url = (query = ''): string => `ws://127.0.0.1:${backend.port}/ws/${query}`;

  test('a terminal: the head at once, then one countdown line rewritten each second, erased before the result', async () => {
    const writes: Write[] = [];
    const started = Date.now();
    const status = await runProbe(optionsFor([url(), '--timeout', '3']), { stdout: (text) => writes.push({ at: Date.now() - started, text }), isTTY: true });
    assert.equal(status, 0);
    const [head, ...rest] = writes;
    assert.ok(head && head.at < 1000, `the head came after ${head?.at} ms`);
    assert.match(head.text, new RegExp(`^${url().replace(/[/.?]/g, '\\$&')}: HTTP/1\\.1 101 Switching Protocols\\n(  [a-z-]+: .*\\n)+$`));
    assert.match(head.text, /\n {2}x-backend-instance: a\n/);
    const countdown = rest.slice(0, -2).map((w) => w.text);
    assert.deepEqual(countdown, [
      '\rwatching the connection: 3 s left (Ctrl-C stops)',
      '\rwatching the connection: 2 s left (Ctrl-C stops)',
      '\rwatching the connection: 1 s left (Ctrl-C stops)',
    ]);
    assert.equal(rest.at(-2)?.text, `\r${' '.repeat(countdown[2]!.length - 1)}\r`);
    assert.match(rest.at(-1)?.text ?? '', /^Upgraded \(101\); the connection stayed open for the 3\.0 s watched\.\n$/);
    assert.doesNotMatch(rest.at(-1)?.text ?? '', /Switching Protocols/);
  });

  test('a session the backend closes early stops the countdown at once', async () => {
    const writes: string[] = [];
    const started = Date.now();
    const status = await runProbe(optionsFor([url('?closeAfterMs=1200'), '--timeout', '5']), { stdout: (t) => writes.push(t), isTTY: true });
    assert.equal(status, 1);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.equal(writes.filter((w) => w.startsWith('\rwatching')).length, 2, JSON.stringify(writes));
    assert.match(writes.at(-1) ?? '', /^closed after 1\.\d s\n/);
  });

  test('not a terminal: the head as soon as it arrives, nothing per second, then the result', async () => {
    const r = await spawnProbe([url(), '--timeout', '2.5'], false);
    assert.equal(r.status, 0);
    const all = r.chunks.map((c) => c.text).join('');
    assert.doesNotMatch(all, /\r|watching/);
    assert.match(all, /^ws:\/\/127\.0\.0\.1:\d+\/ws\/: HTTP\/1\.1 101 Switching Protocols\n(  .*\n)+Upgraded \(101\); the connection stayed open/);
    const first = r.chunks[0]!;
    const last = r.chunks.at(-1)!;
    assert.match(first.text, /101 Switching Protocols/);
    // Printed before the watch, not with the result 2.5 s later.
    assert.ok(last.at - first.at > 1500, `head at ${first.at} ms, result at ${last.at} ms`);
  });

  test('a real terminal (script): the countdown arrives while the watch runs', async () => {
    const r = await spawnProbe([url(), '--timeout', '2.5'], true);
    assert.equal(r.status, 0, r.chunks.map((c) => c.text).join(''));
    const lines = r.chunks.filter((c) => c.text.includes('\rwatching the connection:'));
    assert.ok(lines.length >= 2, JSON.stringify(r.chunks));
    assert.match(r.chunks.map((c) => c.text).join(''), /\rwatching the connection: 3 s left.*\rwatching the connection: 2 s left/s);
  });
});
