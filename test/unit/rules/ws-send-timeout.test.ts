import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBackend, type Backend } from '../../live/lab/backend';
import { connect } from '../../live/lab/client';
import { startOnFreePorts } from '../../live/lab/nginx-server';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-send-timeout';

const config = (server: string, location: string): string => `events {}
http {
    server {
        listen 127.0.0.1:8080;
${server}        «location /ws/» {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_read_timeout 3600s;
${location}        }
    }
}
`;

const clean = (t: string): string => t.replace(/[«»]/g, '');

describe(RULE, () => {
  test("does not fire on nginx's default 60s with a 30s heartbeat: it never closes an idle connection", () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '') }), []);
  });

  test('fires on an explicit value no longer than one heartbeat interval, on the directive', () => {
    const text = config('', '            «proxy_send_timeout 10s;»\n').replace('«location /ws/»', 'location /ws/');
    expectFindings(RULE, { [FILE]: text }, [
      'proxy_send_timeout is 10s (set here), shorter than the 30s heartbeat interval: it never closes an idle connection, but nginx drops this WebSocket connection when the backend stops reading for that long, sooner than the application itself would give up: set 60s',
    ]);
    assert.equal(findingsOf(RULE, { [FILE]: clean(text).replace('10s', '31s') }).length, 0);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(text).replace('10s', '60s'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test("nginx's default fires with heartbeats of a minute or more, and the fix covers two intervals", () => {
    expectFindings(RULE, { [FILE]: config('', '') }, [/^proxy_send_timeout is 60s \(nginx's default\), shorter than the 90s/], FILE, { heartbeatInterval: 90 });
    const fixed = applyFix(RULE, { [FILE]: config('', '') }, FILE, { heartbeatInterval: 90 });
    assert.equal(fixed[FILE], clean(config('', '            proxy_send_timeout 180s;\n')));
    assert.deepEqual(findingsOf(RULE, fixed, FILE, { heartbeatInterval: 90 }), []);
    nginxAccepts(fixed[FILE]);
  });

  test('an inherited value is named with its origin and overridden in the location', () => {
    const text = config('        proxy_send_timeout 5s;\n', '');
    expectFindings(RULE, { [FILE]: text }, [/^proxy_send_timeout is 5s \(inherited from server at line 5\)/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(config('        proxy_send_timeout 5s;\n', '            proxy_send_timeout 60s;\n')));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('does not fire on a plain HTTP location', () => {
    const plain = 'events {}\nhttp {\n    server {\n        location /api/ {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_send_timeout 1s;\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }), []);
  });
});

// Why nginx's default does not fire: measured on Debian's nginx, proxy_send_timeout leaves an idle upgraded
// connection alone (nginx arms it only while a write to the backend is blocked).
describe(`${RULE}: nginx behaviour`, () => {
  let backend: Backend;
  before(async () => {
    backend = await startBackend('a');
  });
  after(async () => {
    await backend.stop();
  });

  test('a 1s proxy_send_timeout does not close a connection that stays silent for 2.5s', async () => {
    const { server, ports } = await startOnFreePorts(1, ([port]) =>
      clean(config('', '            proxy_send_timeout 1s;\n')).replace('127.0.0.1:8080', `127.0.0.1:${port}`).replace('127.0.0.1:9000', backend.address),
    );
    try {
      const session = await connect(`ws://127.0.0.1:${ports[0]}/ws/`);
      await session.next(1_000); // the backend's hello; silence from here on
      assert.equal(await session.closedAfter(2_500), undefined, 'nginx closed an idle connection on proxy_send_timeout');
      session.send('still there?');
      const echo = await session.next(1_000);
      assert.equal(echo.data.toString('utf8'), 'still there?');
      session.close();
    } finally {
      await server.stop();
    }
  });
});
