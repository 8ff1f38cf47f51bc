// `bin/nginx-ws probe` (the built command, as users run it) in front of a lab nginx: the exit status, and
// the rule it names for each mistake.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { binNginxWs, ensureBuilt } from '../unit/lsp/built';
import { startProbeLab, upgradeTo, type ProbeLab } from './lab/probe-lab';

const WATCH_SECONDS = 4;
/** Past the watch, the process must be gone: a bound on every run, killed by its pid if it is not. */
const RUN_BOUND_MS = (WATCH_SECONDS + 6) * 1000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real command; it is killed (by its own pid) if it outlives RUN_BOUND_MS. */
function nginxWs(args: string[]): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [binNginxWs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_BOUND_MS);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}

let lab: ProbeLab;

before(async () => {
  ensureBuilt();
  lab = await startProbeLab(
    (backend) => `        location /ws/ {
            ${upgradeTo(backend)}
        }
        location /no-upgrade/ws/ {
            proxy_pass http://${backend};
            proxy_http_version 1.1;
            proxy_set_header Connection "upgrade";
        }
        location /short/ws/ {
            ${upgradeTo(backend)}
            proxy_read_timeout 2s;
        }
        location /headers/ws/ {
            if ($http_x_token != "sesame") {
                return 403;
            }
            ${upgradeTo(backend)}
        }`,
  );
});

after(() => lab?.stop());

const url = (path: string): string => `ws://127.0.0.1:${lab.port}${path}`;
const watch = ['--timeout', String(WATCH_SECONDS)];

// The runs that watch a connection take seconds each: they run side by side.
test('probe against the lab: good config, missing Upgrade, 2 s read timeout', async (t) => {
  const [good, noUpgrade, short] = await Promise.all([
    nginxWs(['probe', url('/ws/'), ...watch]),
    nginxWs(['probe', url('/no-upgrade/ws/'), ...watch]),
    nginxWs(['probe', url('/short/ws/'), ...watch]),
  ]);

  await t.test('good config: exit 0, 101, open for the whole watch', () => {
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /: HTTP\/1\.1 101 Switching Protocols\n/);
    assert.match(good.stdout, /stayed open for the \d\.\d s watched/);
    assert.doesNotMatch(good.stdout, /likely rules/);
    assert.ok(good.ms >= WATCH_SECONDS * 1000 - 500, `returned after ${good.ms} ms, before the watch was over`);
  });

  await t.test('missing Upgrade header: exit 1, the backend\'s 200, ws-upgrade-header named', () => {
    assert.equal(noUpgrade.status, 1, noUpgrade.stdout + noUpgrade.stderr);
    assert.match(noUpgrade.stdout, /: HTTP\/1\.1 200 OK\n/);
    assert.match(noUpgrade.stdout, /upgrade was lost on the way/);
    assert.match(noUpgrade.stdout, /likely rules: .*ws-upgrade-header/);
    assert.ok(noUpgrade.ms < WATCH_SECONDS * 1000, `a refused handshake took ${noUpgrade.ms} ms`);
  });

  await t.test('2 s read timeout: exit 1, dropped after about 2 s, ws-read-timeout named', () => {
    assert.equal(short.status, 1, short.stdout + short.stderr);
    assert.match(short.stdout, /101 Switching Protocols/);
    const closed = /closed after (\d+\.\d) s/.exec(short.stdout);
    assert.ok(closed, short.stdout);
    assert.ok(Number(closed[1]) >= 1.5 && Number(closed[1]) < WATCH_SECONDS, `closed after ${closed[1]} s`);
    assert.match(short.stdout, /without a close frame/);
    assert.match(short.stdout, /likely rules: ws-read-timeout\n?$/);
  });
});

test('--json: one JSON document with ok, outcome and rules', async () => {
  const r = await nginxWs(['probe', '--json', url('/no-upgrade/ws/'), '--timeout=2']);
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { ok: boolean; outcome: string; rules: string[]; url: string };
  assert.equal(doc.ok, false);
  assert.equal(doc.outcome, '200');
  assert.equal(doc.url, url('/no-upgrade/ws/'));
  assert.ok(doc.rules.includes('ws-upgrade-header'), JSON.stringify(doc.rules));
});

test('--header is sent: the location that demands a token upgrades only with it', async () => {
  const without = await nginxWs(['probe', url('/headers/ws/'), '--timeout', '1']);
  assert.equal(without.status, 1);
  assert.match(without.stdout, /403 Forbidden/);
  const withToken = await nginxWs(['probe', url('/headers/ws/'), '--timeout', '1', '--header', 'X-Token: sesame']);
  assert.equal(withToken.status, 0, withToken.stdout + withToken.stderr);
  assert.match(withToken.stdout, /101 Switching Protocols/);
});

test('wss:// with a self-signed certificate: refused without --insecure, 101 with it', async () => {
  const wss = `wss://127.0.0.1:${lab.tlsPort}/ws/`;
  const strict = await nginxWs(['probe', wss, '--timeout', '1']);
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /tls-error/);
  const insecure = await nginxWs(['probe', wss, '--timeout', '1', '--insecure']);
  assert.equal(insecure.status, 0, insecure.stdout + insecure.stderr);
  assert.match(insecure.stdout, /101 Switching Protocols/);
});

test('bad usage: exit 2 with one line on stderr', async () => {
  const cases: [string[], RegExp][] = [
    [['probe'], /probe needs a URL/],
    [['probe', 'http://127.0.0.1/'], /needs a ws:\/\/ or wss:\/\/ URL/],
    [['probe', url('/ws/'), '--timeout', 'soon'], /--timeout must be a positive number/],
    [['probe', url('/ws/'), '--header', 'no colon'], /--header takes 'Name: value'/],
    [['probe', url('/ws/'), '--bogus'], /unknown option --bogus/],
  ];
  const runs = await Promise.all(cases.map(([args]) => nginxWs(args)));
  runs.forEach((r, i) => {
    assert.equal(r.status, 2, `${cases[i]![0].join(' ')}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, cases[i]![1]);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
