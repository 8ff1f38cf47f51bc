import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { HelloMessage } from '../lab/backend';
import { connect, handshake, type WsSession } from '../lab/client';
import { Opcode } from '../../../server/src/probe/frames';
import { describeAnswer, seconds } from '../lab/observe';
import { labServer, type Lab, type Scenario } from '../lab/scenario';

// Longer than the 2 s that stands for nginx's default timeout in the read-timeout scenario (fix all leaves the
// real default, 60 s, in force).
const IDLE_MS = 3_500;
const MIB = 1024 * 1024;

async function echoes(session: WsSession): Promise<void> {
  session.send('ping me back');
  const text = await session.next(2_000);
  assert.equal(text.opcode, Opcode.text);
  assert.equal(text.data.toString('utf8'), 'ping me back');
  const big = randomBytes(MIB);
  session.send(big);
  const echoed = await session.next(10_000);
  assert.equal(echoed.opcode, Opcode.binary);
  assert.ok(echoed.data.equals(big), `1 MiB echo differs (${echoed.data.length} bytes back)`);
}

async function pushes(lab: Lab): Promise<void> {
  const session = await connect(lab.url('/socket?pushEveryMs=100'));
  try {
    await session.next(2_000);
    for (let n = 1; n <= 3; n++) assert.deepEqual(await session.nextJson(2_000), { type: 'tick', n });
  } finally {
    session.close();
  }
}

async function survivesIdle(lab: Lab): Promise<void> {
  const session = await connect(lab.url(`/socket?silentForMs=${IDLE_MS}`));
  try {
    await session.next(2_000);
    assert.equal((await session.nextJson<{ type: string }>(IDLE_MS + 3_000)).type, 'awake');
  } finally {
    session.close();
  }
}

async function handshakeEchoAndPush(lab: Lab): Promise<void> {
  const session = await connect(lab.url('/socket'));
  try {
    const hello = await session.nextJson<HelloMessage>(2_000);
    assert.equal(hello.headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(hello.headers['x-forwarded-proto'], 'http');
    assert.equal(hello.headers['x-real-ip'], '127.0.0.1');
    assert.equal(hello.headers.host, '127.0.0.1', '$host is the name without the port');
    await echoes(session);
  } finally {
    session.close();
  }
  await pushes(lab);
}

// A REST location copied for the socket, marked as a WebSocket endpoint (nothing else in it says so), beside the
// original that tells the backend who the client is; then "fix all": every preferred fix our rules offer.
export const endToEnd: Scenario = {
  name: 'complete WebSocket location, end to end',
  rules: ['ws-http-version', 'ws-upgrade-header', 'ws-connection-header', 'ws-forwarded-headers'],
  fix: 'all',
  broken: labServer(`location /api/ {
    proxy_pass http://127.0.0.1:9001;
    proxy_set_header Host $host;
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
}
# nginx-ws: websocket
location /socket {
    proxy_pass http://127.0.0.1:9001;
    proxy_set_header Host $host;
}
`),
  async expectBroken(lab) {
    await lab.start();
    const out = await handshake(lab.url('/socket'));
    assert.notEqual(out.status, 101);
    return describeAnswer(out);
  },

  async expectFixed(lab) {
    await lab.start();
    // The idle session runs beside the others; Promise.all keeps a late failure from going unseen.
    await Promise.all([survivesIdle(lab), handshakeEchoAndPush(lab)]);
    return `101; forwarded headers arrive; echo of text and 1 MiB binary; 3 pushes; open after ${seconds(IDLE_MS)} idle`;
  },
};
