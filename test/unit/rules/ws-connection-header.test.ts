import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-connection-header';

const MAP = `    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
`;

/** One WebSocket location; `top` goes first in http (a map, an upstream), the others into server and location. */
const config = (top: string, server: string, location: string, pass = 'http://127.0.0.1:9000'): string => `events {}
http {
${top}    server {
        listen 127.0.0.1:8080;
${server}        «location /ws/» {
            proxy_pass ${pass};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
${location}        }
    }
}
`;

const clean = (t: string): string => t.replace(/[«»]/g, '');

describe(RULE, () => {
  test('fires when the location sends no Connection header, on the location line', () => {
    expectFindings(RULE, { [FILE]: config(MAP, '', '') }, [
      "this WebSocket location does not send Connection: upgrade to the backend (the proxy_set_header lines in force here, set here, have no Connection, so nginx sends its own Connection: close), so the handshake is not an upgrade request: add proxy_set_header Connection $connection_upgrade;",
    ]);
  });

  test('does not fire on $connection_upgrade, "upgrade", or a list that includes upgrade', () => {
    for (const v of ['$connection_upgrade', '"upgrade"', 'Upgrade', '"keep-alive, Upgrade"']) {
      const files = { [FILE]: config(MAP, '', `            proxy_set_header Connection ${v};\n`) };
      assert.deepEqual(findingsOf(RULE, files), [], v);
    }
  });

  test('leaves variables to other rules ($http_connection is ws-connection-passthrough)', () => {
    const files = { [FILE]: config('', '', '            proxy_set_header Connection $http_connection;\n') };
    assert.deepEqual(findingsOf(RULE, files), []);
  });

  test('does not fire on a plain HTTP location', () => {
    const plain = 'events {}\nhttp {\n    server {\n        location /api/ {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_set_header Connection "";\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }), []);
  });

  test('a fixed close or empty value is flagged on the directive and replaced', () => {
    for (const [v, shown] of [['close', 'close'], ['""', 'empty']]) {
      const text = config(MAP, '', `            «proxy_set_header Connection ${v};»\n`).replace('«location /ws/»', 'location /ws/');
      expectFindings(RULE, { [FILE]: text }, [`Connection is ${shown}, not upgrade: the backend does not see this WebSocket handshake as an upgrade request`]);
      const fixed = applyFix(RULE, { [FILE]: text });
      assert.equal(fixed[FILE], clean(text).replace(`Connection ${v};`, 'Connection $connection_upgrade;'));
      assert.deepEqual(findingsOf(RULE, fixed), []);
      nginxAccepts(fixed);
    }
  });

  test('an inherited fixed value is named with where it comes from; the fix overrides it in the location only', () => {
    const server = '        proxy_set_header Host $host;\n        proxy_set_header Connection keep-alive;\n';
    // Without its Upgrade line the location has no WebSocket header left: the marker says what it is.
    const text = config(MAP, server, '            # nginx-ws: websocket\n').replace('            proxy_set_header Upgrade $http_upgrade;\n', '');
    expectFindings(RULE, { [FILE]: text }, [/\(Connection is keep-alive, inherited from server at line 10\)/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(
      fixed[FILE],
      clean(text).replace(
        'proxy_http_version 1.1;\n',
        'proxy_http_version 1.1;\n            proxy_set_header Host $host;\n            proxy_set_header Connection $connection_upgrade;\n',
      ),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    assert.deepEqual(findingsOf('header-inheritance', fixed), []);
    nginxAccepts(fixed);
  });

  test('an `if` that proxies inside a location: the location\'s Connection line is changed, not doubled', () => {
    const text = `events {}
http {
${MAP}    server {
        listen 127.0.0.1:8080;
        location /ws/ {
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            «proxy_set_header Connection close;»
            if ($arg_beta) {
                proxy_pass http://127.0.0.1:9001;
            }
        }
    }
}
`;
    expectFindings(RULE, { [FILE]: text }, [/^Connection is close, not upgrade/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(text).replace('Connection close;', 'Connection $connection_upgrade;'));
    nginxAccepts(fixed);
  });

  test('inherits a correct Connection from the server', () => {
    const server = '        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n';
    const text = config(MAP, server, '').replace('            proxy_set_header Upgrade $http_upgrade;\n', '');
    assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
  });

  test('the fix adds the Connection line and, when the config has none, the map at the top of http', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '', '') });
    assert.equal(
      fixed[FILE],
      clean(config(MAP, '', '            proxy_set_header Connection $connection_upgrade;\n')).replace("''      close;", "''      close;"),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    assert.deepEqual(findingsOf('undefined-variable', fixed), []);
    nginxAccepts(fixed);
  });

  test("with an upstream that keeps connections alive, the new map leaves plain requests' Connection empty", () => {
    const upstream = '    upstream app {\n        server 127.0.0.1:9000;\n        keepalive 8;\n    }\n';
    const fixed = applyFix(RULE, { [FILE]: config(upstream, '', '', 'http://app') });
    assert.match(fixed[FILE], /http \{\n {4}map \$http_upgrade \$connection_upgrade \{\n {8}default upgrade;\n {8}'' {6}'';\n {4}\}\n {4}upstream app/);
    assert.deepEqual(findingsOf(RULE, fixed), []);
    assert.deepEqual(findingsOf('upstream-keepalive', fixed), []);
    nginxAccepts(fixed);
  });

  test('the map goes into the file that holds http when the location is in an included file', () => {
    const main = 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n';
    const site = 'server {\n    listen 127.0.0.1:8080;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n    }\n}\n';
    const SITE = '/etc/nginx/conf.d/app.conf';
    const files = { [FILE]: main, [SITE]: site };
    assert.equal(findingsOf(RULE, files, SITE).length, 1);
    const fixed = applyFix(RULE, files, SITE);
    assert.equal(fixed[FILE], "events {}\nhttp {\n    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      close;\n    }\n    include conf.d/*.conf;\n}\n");
    assert.equal(fixed[SITE], site.replace('Upgrade $http_upgrade;\n', 'Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n'));
    assert.deepEqual(findingsOf(RULE, fixed, SITE), []);
    nginxAccepts(fixed);
  });

  test('the other fix writes the fixed value "upgrade"', () => {
    const fixed = applyFix(RULE, { [FILE]: config(MAP, '', '') }, FILE, {}, 1);
    assert.equal(fixed[FILE], clean(config(MAP, '', '            proxy_set_header Connection "upgrade";\n')));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed);
  });

  test('a location snippet on its own, with no http to hold a map, gets "upgrade" as its fix', () => {
    const SNIPPET = '/etc/nginx/snippets/ws.conf';
    const text = 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_set_header Upgrade $http_upgrade;\n}\n';
    const found = findingsOf(RULE, { [SNIPPET]: text }, SNIPPET);
    assert.equal(found.length, 1);
    assert.equal(found[0].fixes.length, 1);
    assert.equal(found[0].fixes[0].preferred, true);
    assert.match(found[0].fixes[0].edits[0].newText, /Connection "upgrade";/);
  });
});
