import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-upgrade-any';
const ON = { rules: { [RULE]: 'warning' as const } };

const config = (upgrade: string): string => `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    server {
        listen 127.0.0.1:8080;
        location /ws/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            ${upgrade}
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`;

const MESSAGE =
  "Upgrade is copied from the client as it is ($http_upgrade): an Upgrade: h2c request reaches the backend too, and one that accepts it opens an HTTP/2 connection that bypasses nginx's location rules; pass only websocket with a map";

describe(RULE, () => {
  test('off unless turned on', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('proxy_set_header Upgrade $http_upgrade;') }), []);
  });

  test('fires on the line that copies $http_upgrade', () => {
    expectFindings(RULE, { [FILE]: config('«proxy_set_header Upgrade $http_upgrade;»') }, [MESSAGE], FILE, ON);
  });

  test('the fix adds the websocket-only map, forwards it, and derives Connection from it; nginx -t accepts it', () => {
    const fixed = applyFix(RULE, { [FILE]: config('proxy_set_header Upgrade $http_upgrade;') }, FILE, ON)[FILE];
    assert.equal(
      fixed,
      config('proxy_set_header Upgrade $websocket_upgrade;')
        .replace('map $http_upgrade $connection_upgrade {', 'map $websocket_upgrade $connection_upgrade {')
        .replace('http {\n', 'http {\n    map $http_upgrade $websocket_upgrade {\n        default        "";\n        "~*^websocket$" $http_upgrade;\n    }\n'),
    );
    nginxAccepts(fixed);
    assert.deepEqual(findingsOf(RULE, { [FILE]: fixed }, FILE, ON), []);
  });

  test('a fixed websocket value is not a copy', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('proxy_set_header Upgrade websocket;') }, FILE, ON), []);
  });
});
