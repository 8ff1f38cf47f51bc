// The lab's own parts, checked before anyone trusts what they report about nginx.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { test } from 'node:test';
import { Opcode } from '../../server/src/probe/frames';
import { nginxTestFiles } from '../support/nginx';
import { INSTANCE_HEADER, startBackend, type HelloMessage } from './lab/backend';
import { handshake, httpGet } from './lab/client';
import { startNginx, type NginxServer } from './lab/nginx-server';
import { accepts, freePort } from './lab/ports';
import { fixedConfig, runSide, type Scenario } from './lab/scenario';
import { scenarios } from './scenarios';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('backend: plain report names the instance and counts TCP connections', async () => {
  const b = await startBackend('solo');
  try {
    const first = await httpGet(b.port, '/x', { Connection: 'close' });
    const second = await httpGet(b.port, '/y', { Connection: 'close' });
    assert.equal(first.report?.instance, 'solo');
    assert.equal(first.report?.connection, 'close');
    assert.equal(first.report?.httpVersion, '1.1');
    assert.equal(second.report!.tcpConnections, first.report!.tcpConnections + 1);
  } finally {
    await b.stop();
  }
});

test('backend: WebSocket session says its instance, echoes text and 1 MiB binary', async () => {
  const b = await startBackend('solo');
  try {
    const out = await handshake(`ws://${b.address}/`);
    assert.equal(out.status, 101);
    assert.equal(out.headers[INSTANCE_HEADER], 'solo');
    const session = out.session!;
    assert.equal((await session.nextJson<HelloMessage>(2_000)).instance, 'solo');
    session.send('héllo');
    assert.equal((await session.next(2_000)).data.toString('utf8'), 'héllo');
    const big = randomBytes(1024 * 1024 + 7);
    session.send(big);
    const echoed = await session.next(10_000);
    assert.equal(echoed.opcode, Opcode.binary);
    assert.ok(echoed.data.equals(big));
    session.close();
  } finally {
    await b.stop();
  }
});

test('backend: an event stream is chunked over HTTP/1.1, close-delimited with streamChunked=0', async () => {
  const b = await startBackend('solo');
  try {
    const head = (query: string): Promise<http.IncomingHttpHeaders> =>
      new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port: b.port, path: `/s?streamSilentMs=50${query}`, agent: false, timeout: 5_000 }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers));
        });
        req.on('timeout', () => req.destroy(new Error('timed out')));
        req.on('error', reject);
      });
    const chunked = await head('');
    assert.equal(chunked['transfer-encoding'], 'chunked');
    const plain = await head('&streamChunked=0');
    assert.equal(plain['transfer-encoding'], undefined);
    assert.equal(plain['content-length'], undefined);
    assert.equal(plain.connection, 'close');
  } finally {
    await b.stop();
  }
});

test('nginx harness: a refused config fails start-up with nginx\'s message', async () => {
  const port = await freePort();
  await assert.rejects(
    startNginx(`events {}\nhttp {\n    server {\n        listen 127.0.0.1:${port};\n        bogus_directive on;\n    }\n}\n`, [port]),
    /unknown directive "bogus_directive"/,
  );
});

test('nginx harness: nginx and backends are stopped when an expectation throws', async () => {
  let nginx: NginxServer | undefined;
  let backendPort = 0;
  const failing: Scenario = {
    name: 'always fails',
    rules: [],
    broken: `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / { proxy_pass http://127.0.0.1:9001; }\n    }\n}\n`,
    async expectBroken(lab) {
      nginx = await lab.start();
      backendPort = lab.backends.a!.port;
      assert.ok(await accepts(lab.port));
      throw new Error('deliberate');
    },
    expectFixed: async () => 'unused',
  };
  await assert.rejects(runSide(failing, 'broken'), /deliberate/);
  assert.ok(nginx, 'nginx was started');
  assert.equal(alive(nginx.pid), false, `nginx ${nginx.pid} still runs`);
  assert.equal(await accepts(backendPort), false, 'the backend still accepts');
});

test('scenario runner: a side whose nginx -t verdict is not the declared one fails before its expectation runs', async () => {
  let ran = false;
  const refused: Scenario = {
    name: 'refused',
    rules: [],
    broken: `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        proxy_set_header X $undefined_thing;\n    }\n}\n`,
    async expectBroken() {
      ran = true;
      return 'unused';
    },
    expectFixed: async () => 'unused',
  };
  await assert.rejects(runSide(refused, 'broken'), /nginx -t on the broken config: .*unknown "undefined_thing" variable/);
  assert.equal(ran, false);
});

test('scenario configs are valid nginx as written, before the lab rewrites their addresses', () => {
  for (const s of scenarios) {
    const fixed = nginxTestFiles({ 'nginx.conf': fixedConfig(s) });
    assert.ok(fixed.ok, `${s.name}, fixed: ${fixed.output}`);
    const broken = nginxTestFiles({ 'nginx.conf': s.broken });
    assert.equal(broken.ok, !s.nginxRefusesBroken, `${s.name}, broken: ${broken.output}`);
  }
});
