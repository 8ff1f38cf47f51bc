// The probe against a real nginx: each answer it can meet, and the rules it blames for it.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, test } from 'node:test';
import { probe, type ProbeResult } from '../../server/src/probe';
import { freePort } from './lab/ports';
import { startProbeLab, upgradeTo, type ProbeLab } from './lab/probe-lab';

let lab: ProbeLab;
let closedPort: number;

before(async () => {
  closedPort = await freePort();
  lab = await startProbeLab(
    (backend) => `        location /good {
            ${upgradeTo(backend)}
        }
        location /short {
            ${upgradeTo(backend)}
            proxy_read_timeout 2s;
        }
        location /no-upgrade {
            proxy_pass http://${backend};
            proxy_http_version 1.1;
            proxy_set_header Connection "upgrade";
        }
        location /http10 {
            proxy_pass http://${backend};
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
        location /down {
            ${upgradeTo(`127.0.0.1:${closedPort}`)}
        }`,
  );
});

after(() => lab?.stop());

const ws = (path: string): string => `ws://127.0.0.1:${lab.port}${path}`;

function assertBlames(r: ProbeResult, rule: string): void {
  assert.ok(r.rules.includes(rule), `expected ${rule} among ${JSON.stringify(r.rules)}: ${r.explanation}`);
}

test('101 that stays open: no rule blamed', async () => {
  const r = await probe(ws('/good'), { timeoutMs: 1_500 });
  assert.equal(r.outcome, '101');
  assert.equal(r.statusLine, 'HTTP/1.1 101 Switching Protocols');
  assert.equal(r.closedAfterMs, undefined);
  assert.deepEqual(r.rules, []);
  assert.equal(r.ok, true);
});

test('101 dropped after proxy_read_timeout: ws-read-timeout, with the time', async () => {
  const r = await probe(ws('/short'), { timeoutMs: 6_000 });
  assert.equal(r.outcome, '101');
  assert.ok(r.closedAfterMs !== undefined, r.explanation);
  assert.ok(r.closedAfterMs >= 1_500 && r.closedAfterMs < 6_000, `closed after ${r.closedAfterMs} ms`);
  assert.equal(r.closeCode, undefined);
  assert.equal(r.ok, false);
  assert.deepEqual(r.rules, ['ws-read-timeout']);
  assert.match(r.explanation, /proxy_read_timeout/);
});

test('101 closed by the backend with a close frame: the application, not a timeout', async () => {
  const r = await probe(ws('/good?closeAfterMs=300'), { timeoutMs: 3_000 });
  assert.equal(r.outcome, '101');
  assert.equal(r.closeCode, 4000);
  assert.equal(r.ok, false, 'a session the backend ended is no healthy open connection');
  assert.deepEqual(r.rules, []);
});

test('200 from a backend that got no Upgrade header: upgrade/connection/version rules', async () => {
  const r = await probe(ws('/no-upgrade'), { timeoutMs: 3_000 });
  assert.equal(r.outcome, '200');
  assert.equal(r.ok, false);
  assertBlames(r, 'ws-upgrade-header');
  assertBlames(r, 'ws-connection-header');
});

test('400 from an RFC-strict backend reached over HTTP/1.0: ws-http-version first', async () => {
  const r = await probe(ws('/http10?requireHttp11=1'), { timeoutMs: 3_000 });
  assert.equal(r.outcome, '400');
  assert.equal(r.rules[0], 'ws-http-version');
});

test('502 when the upstream is down: no config rule blamed', async () => {
  const r = await probe(ws('/down'), { timeoutMs: 3_000 });
  assert.equal(r.outcome, '502');
  assert.deepEqual(r.rules, []);
  assert.match(r.explanation, /backend/);
});

test('wss:// through nginx TLS, trusting the test certificate', async () => {
  const r = await probe(`wss://127.0.0.1:${lab.tlsPort}/good`, { timeoutMs: 1_500, ca: lab.cert.cert });
  assert.equal(r.outcome, '101');
  assert.deepEqual(r.rules, []);
});

test('wss:// with an untrusted certificate: tls-error', async () => {
  const r = await probe(`wss://127.0.0.1:${lab.tlsPort}/good`, { timeoutMs: 3_000 });
  assert.equal(r.outcome, 'tls-error');
  assert.match(r.explanation, /certificate/);
});

test('ws:// on the TLS port: nginx\'s 400, explained as "use wss://"', async () => {
  const r = await probe(`ws://127.0.0.1:${lab.tlsPort}/good`, { timeoutMs: 3_000 });
  assert.equal(r.outcome, '400');
  assert.match(r.explanation, /wss:\/\//);
  assert.deepEqual(r.rules, []);
});

test('a server that accepts but never answers: timeout', async () => {
  const silent = net.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const r = await probe(`ws://127.0.0.1:${(silent.address() as net.AddressInfo).port}/`, { timeoutMs: 500 });
    assert.equal(r.outcome, 'timeout');
  } finally {
    silent.close();
  }
});

test('nothing listening: connect-error', async () => {
  const r = await probe(`ws://127.0.0.1:${closedPort}/`, { timeoutMs: 3_000 });
  assert.equal(r.outcome, 'connect-error');
});
