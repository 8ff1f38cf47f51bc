import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFiles } from '../../../server/src/service/analyze';
import { resolveSettings } from '../../../server/src/service/settings';
import type { Settings } from '../../../server/src/rules/settings';
import type { Finding } from '../../../server/src/service/types';
import { expectFindings, FILE, findingsOf, unmark } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-path-only';

/** One server with one proxied location; `location` is extra lines inside it, `before` goes on the line before it. */
const config = (path: string, location = '', before = ''): string => `events {}
http {
    server {
        listen 127.0.0.1:8080;
${before}        «location ${path}» {
            proxy_pass http://127.0.0.1:9001;
${location}        }
    }
}
`;

/** Every finding of every rule, for "nothing else fires" questions. */
function allFindings(text: string, settings: Partial<Settings> = {}): Finding[] {
  return analyzeFiles(new Map([[FILE, unmark(text).text]]), FILE, resolveSettings(settings)).findings;
}

const wsRules = (fs: Finding[]): string[] => fs.filter((f) => f.rule.startsWith('ws-')).map((f) => `${f.rule}: ${f.message}`);

const UPGRADE = '            proxy_set_header Upgrade $http_upgrade;\n';

describe(RULE, () => {
  test('paths that only sound real-time are plain HTTP: no error, no fix, no WebSocket finding at all', () => {
    const plain = [
      ['/github/', ''],
      ['/dockerhub/', ''],
      ['/billing/subscriptions/', ''],
      ['/docs/websocket-guide/', ''],
      ['/notifications/hub/negotiate', '            proxy_http_version 1.1;\n            proxy_set_header Connection "";\n'],
    ];
    for (const [path, lines] of plain) {
      const text = config(path, lines);
      nginxAccepts(unmark(text).text);
      const found = allFindings(text);
      assert.deepEqual(found.filter((f) => f.severity === 'error'), [], path);
      assert.deepEqual(found.filter((f) => f.fixes.length > 0).map((f) => f.rule), [], path);
      assert.deepEqual(wsRules(found), [], path);
    }
  });

  test('a /ws/ location without WebSocket headers gets exactly one hint, with no fix, and no other WebSocket finding', () => {
    const text = config('/ws/');
    const [hint] = expectFindings(RULE, { [FILE]: text }, [
      'location /ws/ has "ws" in its path, but nothing here says it proxies WebSocket, so the WebSocket rules do not check it: if it does, add proxy_set_header Upgrade $http_upgrade and Connection $connection_upgrade, or mark it with # nginx-ws: websocket',
    ]);
    assert.equal(hint.severity, 'hint');
    assert.deepEqual(hint.fixes, []);
    assert.deepEqual(wsRules(allFindings(text)), [wsRules([hint])[0]]);
  });

  test('whole segments only, regexes included', () => {
    for (const path of ['~ ^/socket\\.io/', '/cable', '~* ^/(ws|api)/', '/app/sockjs/info']) {
      assert.equal(findingsOf(RULE, { [FILE]: config(path) }).length, 1, path);
    }
    for (const path of ['/wsdl/', '/news/', '/websockets-demo/', '/cables/', '/']) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: config(path) }), [], path);
    }
  });

  test('a location with proxy_set_header Upgrade $http_upgrade is a WebSocket proxy: no hint, and the usual rules fire', () => {
    const text = config('/ws/', UPGRADE);
    assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
    const rules = new Set(allFindings(text, { heartbeatInterval: 30 }).map((f) => f.rule));
    for (const r of ['ws-http-version', 'ws-connection-header', 'ws-read-timeout']) assert.ok(rules.has(r), r);
  });

  test('the marker, before the location or inside it, makes it a WebSocket proxy: no hint, the usual rules fire', () => {
    for (const text of [config('/ws/', '', '        # nginx-ws: websocket\n'), config('/ws/', '            # nginx-ws: websocket\n')]) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
      assert.equal(findingsOf('ws-upgrade-header', { [FILE]: text }).length, 1);
    }
  });

  test('the websocketPaths setting makes a location a WebSocket proxy, whatever its path says', () => {
    const text = config('/live/');
    assert.deepEqual(findingsOf('ws-upgrade-header', { [FILE]: text }), []);
    assert.equal(findingsOf('ws-upgrade-header', { [FILE]: text }, FILE, { websocketPaths: ['^/live/'] }).length, 1);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('/ws/') }, FILE, { websocketPaths: ['^/ws/'] }), []);
  });

  test('an upstream named for WebSocket is not evidence', () => {
    const text = 'events {}\nhttp {\n    upstream ws_backend {\n        server 127.0.0.1:9001;\n    }\n    server {\n        location /api/ {\n            proxy_pass http://ws_backend;\n        }\n    }\n}\n';
    assert.deepEqual(wsRules(allFindings(text)), []);
  });

  test('a location that hands its errors to a named WebSocket location is checked as one', () => {
    const text = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        «location /ws/» {
            proxy_pass http://127.0.0.1:9001;
            error_page 502 = @ws_fallback;
        }
        location @ws_fallback {
            proxy_pass http://127.0.0.1:9002;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_read_timeout 1h;
        }
    }
}
`;
    nginxAccepts(unmark(text).text);
    assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
    expectFindings('ws-upgrade-header', { [FILE]: text }, [/does not forward the client's Upgrade header/]);
  });
});

describe(`${RULE}: includes out of view`, () => {
  test('a /ws/ location that includes a file not in view (a shared proxy.conf) may get its headers there: no hint', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: unmark(config('/ws/', '            include /config/nginx/proxy.conf;\n')).text }), []);
  });

  test('an include that is in view and sets no upgrade headers leaves the hint', () => {
    const files = { [FILE]: config('/ws/', '            include /etc/nginx/timeouts.conf;\n'), '/etc/nginx/timeouts.conf': 'proxy_read_timeout 30s;\n' };
    expectFindings(RULE, files, [/has "ws" in its path/]);
  });
});
