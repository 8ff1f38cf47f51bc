import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBackend, type Backend } from '../../live/lab/backend';
import { connect } from '../../live/lab/client';
import { startOnFreePorts } from '../../live/lab/nginx-server';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-read-timeout';

const config = (http: string, server: string, location: string): string => `events {}
http {
${http}    server {
        listen 127.0.0.1:8080;
${server}        «location /ws/» {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
${location}        }
    }
}
`;

const clean = (t: string): string => t.replace(/[«»]/g, '');
const unmarkHead = (t: string): string => t.replace('«location /ws/»', 'location /ws/');

/** The heartbeat the user names (setting or --heartbeat): without one, the rule has no evidence. */
const HB = { heartbeatInterval: 30 };

describe(RULE, () => {
  test('with no heartbeat named and no framework in view, the default timeout is no evidence: nothing', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', '') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', '            proxy_read_timeout 45s;\n') }), []);
  });

  test("fires on nginx's default 60s with a 30s heartbeat named, on the location line", () => {
    expectFindings(RULE, { [FILE]: config('', '', '') }, [
      "proxy_read_timeout is 60s (nginx's default): nginx closes a WebSocket connection after that long without traffic, and that is no more than twice the 30s heartbeat interval, so one late heartbeat drops a healthy connection: set 3600s",
    ], FILE, HB);
  });

  test('the threshold is twice the heartbeat interval', () => {
    assert.equal(findingsOf(RULE, { [FILE]: config('', '', '            proxy_read_timeout 61s;\n') }, FILE, HB).length, 0);
    assert.equal(findingsOf(RULE, { [FILE]: config('', '', '            proxy_read_timeout 1m;\n') }, FILE, HB).length, 1);
    assert.equal(findingsOf(RULE, { [FILE]: config('', '', '') }, FILE, { heartbeatInterval: 25 }).length, 0);
    assert.equal(findingsOf(RULE, { [FILE]: config('', '', '            proxy_read_timeout 5m;\n') }, FILE, { heartbeatInterval: 150 }).length, 1);
  });

  test('reads combined nginx times', () => {
    assert.equal(findingsOf(RULE, { [FILE]: config('', '', '            proxy_read_timeout 1h30m;\n') }, FILE, HB).length, 0);
    assert.equal(findingsOf(RULE, { [FILE]: config('', '', '            proxy_read_timeout 50000ms;\n') }, FILE, HB).length, 1);
  });

  test('an explicit short value is flagged on the directive and changed in place', () => {
    const text = unmarkHead(config('', '', '            «proxy_read_timeout 45s;»\n'));
    expectFindings(RULE, { [FILE]: text }, [/^proxy_read_timeout is 45s \(set here\)/], FILE, HB);
    const fixed = applyFix(RULE, { [FILE]: text }, FILE, HB);
    assert.equal(fixed[FILE], clean(text).replace('45s', '3600s'));
    assert.deepEqual(findingsOf(RULE, fixed, FILE, HB), []);
    nginxAccepts(fixed[FILE]);
  });

  test('an inherited value names its origin; the fix sets the location, leaving the server as it is', () => {
    const text = config('', '        proxy_read_timeout 30s;\n', '');
    expectFindings(RULE, { [FILE]: text }, [/^proxy_read_timeout is 30s \(inherited from server at line 5\)/], FILE, HB);
    const fixed = applyFix(RULE, { [FILE]: text }, FILE, HB);
    assert.equal(fixed[FILE], clean(config('', '        proxy_read_timeout 30s;\n', '            proxy_read_timeout 3600s;\n')));
    assert.deepEqual(findingsOf(RULE, fixed, FILE, HB), []);
    nginxAccepts(fixed[FILE]);
  });

  test('a long enough value inherited from http counts', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('    proxy_read_timeout 1h;\n', '', '') }, FILE, HB), []);
  });

  test('the default fix inserts at the end of the location; nginx -t accepts it; again changes nothing', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '', '') }, FILE, HB);
    assert.equal(fixed[FILE], clean(config('', '', '            proxy_read_timeout 3600s;\n')));
    assert.deepEqual(findingsOf(RULE, fixed, FILE, HB), []);
    nginxAccepts(fixed[FILE]);
  });

  test('a value set in a file the location includes is changed there, not duplicated', () => {
    const SNIP = '/etc/nginx/snippets/ws.conf';
    const text = clean(config('', '', '            include snippets/ws.conf;\n'));
    const files = { [FILE]: text, [SNIP]: 'proxy_read_timeout 20s;\n' };
    const found = findingsOf(RULE, files, FILE, HB);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /20s \(set in ws\.conf:1\)/);
    const fixed = applyFix(RULE, files, FILE, HB);
    assert.equal(fixed[SNIP], 'proxy_read_timeout 3600s;\n');
    assert.equal(fixed[FILE], text);
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE], 'snippets/ws.conf': fixed[SNIP] });
    assert.ok(verdict.ok, verdict.output);
  });

  test('a heartbeat interval above 15 minutes gets four intervals', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '', '') }, FILE, { heartbeatInterval: 1200 });
    assert.match(fixed[FILE], /proxy_read_timeout 4800s;/);
    assert.deepEqual(findingsOf(RULE, fixed, FILE, { heartbeatInterval: 1200 }), []);
  });

  test('an `if` that proxies inside a location: the location\'s own value is changed, not duplicated', () => {
    const text = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location /ws/ {
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            «proxy_read_timeout 30s;»
            if ($arg_beta) {
                proxy_pass http://127.0.0.1:9001;
            }
        }
    }
}
`;
    expectFindings(RULE, { [FILE]: text }, [/^proxy_read_timeout is 30s \(set here\)/], FILE, HB);
    const fixed = applyFix(RULE, { [FILE]: text }, FILE, HB);
    assert.equal(fixed[FILE], clean(text).replace('30s;', '3600s;'));
    nginxAccepts(fixed[FILE]);
  });

  test('does not fire on a plain HTTP location', () => {
    const plain = 'events {}\nhttp {\n    server {\n        location /api/ {\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }, FILE, HB), []);
  });
});

// What the rule rests on, measured on Debian's nginx: silence for proxy_read_timeout closes the connection,
// and traffic on it (here client messages and the backend's echoes) re-arms the timer.
describe(`${RULE}: nginx behaviour`, () => {
  let backend: Backend;
  before(async () => {
    backend = await startBackend('a');
  });
  after(async () => {
    await backend.stop();
  });

  test('a 1s read timeout closes a silent connection; client messages every 300 ms keep another open', async () => {
    const { server, ports } = await startOnFreePorts(1, ([port]) =>
      clean(config('', '', '            proxy_read_timeout 1s;\n')).replace('127.0.0.1:8080', `127.0.0.1:${port}`).replace('127.0.0.1:9000', backend.address),
    );
    try {
      const silent = await connect(`ws://127.0.0.1:${ports[0]}/ws/`);
      const chatty = await connect(`ws://127.0.0.1:${ports[0]}/ws/`);
      const timer = setInterval(() => chatty.send('ping'), 300);
      const closedAfter = await silent.closedAfter(3_000);
      clearInterval(timer);
      assert.ok(closedAfter !== undefined && closedAfter >= 900, `silent connection closed after ${closedAfter} ms`);
      assert.equal(chatty.closed, false);
      silent.close();
      chatty.close();
    } finally {
      await server.stop();
    }
  });
});
