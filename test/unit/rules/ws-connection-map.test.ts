import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-connection-map';

const config = (top: string, path: string, connection: string, pass = 'http://127.0.0.1:9000'): string => `events {}
http {
${top}    server {
        listen 127.0.0.1:8080;
        location ${path} {
            proxy_pass ${pass};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            ${connection}
        }
    }
}
`;

const MAP = (empty: string): string => `    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      ${empty};\n    }\n`;
const clean = (t: string): string => t.replace(/[«»]/g, '');

/** The rule is opt-in: these tests turn it on. */
const ON = { rules: { [RULE]: 'warning' as const } };

describe(RULE, () => {
  test('a named location behind try_files, and a regex of several paths, serve plain HTTP too', () => {
    const loc = (head: string) => `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / { try_files $uri @app; }\n        location ${head} {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection "upgrade";\n        }\n    }\n}\n`;
    assert.equal(findingsOf(RULE, { [FILE]: loc('@app') }, FILE, ON).length, 1);
    assert.equal(findingsOf(RULE, { [FILE]: loc('~ ^/(api|media)/') }, FILE, ON).length, 1);
    assert.deepEqual(findingsOf(RULE, { [FILE]: loc('/live/') }, FILE, ON), []);
  });

  test('off unless turned on', () => {
    const text = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection "upgrade";\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
    assert.equal(findingsOf(RULE, { [FILE]: text }, FILE, ON).length, 1);
  });

  test('fires on a fixed "upgrade" in location /, Socket.IO, SockJS and SignalR paths, on the directive', () => {
    for (const path of ['/', '/socket.io/', '~ ^/sockjs/', '/chathub', '/hubs/']) {
      const text = config('', path, '«proxy_set_header Connection "upgrade";»');
      expectFindings(RULE, { [FILE]: text }, [/also serves plain HTTP, and a fixed Connection "upgrade" is sent with every plain request too/], FILE, ON);
    }
  });

  test('does not fire on a location that serves only WebSocket', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '/ws/', 'proxy_set_header Connection "upgrade";') }, FILE, ON), []);
  });

  test('does not fire on $connection_upgrade', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(MAP('close'), '/', 'proxy_set_header Connection $connection_upgrade;') }, FILE, ON), []);
  });

  test('does not fire on a plain HTTP location /', () => {
    const plain = 'events {}\nhttp {\n    server {\n        location / {\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }, FILE, ON), []);
  });

  test('the fix switches to $connection_upgrade and adds the map; nginx -t accepts it', () => {
    const text = config('', '/socket.io/', 'proxy_set_header Connection "upgrade";');
    const fixed = applyFix(RULE, { [FILE]: text }, FILE, ON);
    assert.equal(fixed[FILE], config(MAP('close'), '/socket.io/', 'proxy_set_header Connection $connection_upgrade;'));
    assert.deepEqual(findingsOf(RULE, fixed, FILE, ON), []);
    assert.deepEqual(findingsOf('undefined-variable', fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('an existing map is reused, not added twice', () => {
    const text = config(MAP('close'), '/', 'proxy_set_header Connection upgrade;');
    const fixed = applyFix(RULE, { [FILE]: text }, FILE, ON);
    assert.equal(fixed[FILE], config(MAP('close'), '/', 'proxy_set_header Connection $connection_upgrade;'));
  });

  test("with upstream keepalive the new map maps '' to '' (nginx 1.22 accepts that line)", () => {
    const upstream = '    upstream app {\n        server 127.0.0.1:9000;\n        keepalive 4;\n    }\n';
    const text = config(upstream, '/', 'proxy_set_header Connection "upgrade";', 'http://app');
    const fixed = applyFix(RULE, { [FILE]: text }, FILE, ON);
    assert.equal(fixed[FILE], config(MAP("''") + upstream, '/', 'proxy_set_header Connection $connection_upgrade;', 'http://app'));
    assert.deepEqual(findingsOf('upstream-keepalive', fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('inherited from the server: reported on the location with the line; the fix overrides in the location', () => {
    const text = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        «location /» {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
        }
    }
}
`;
    expectFindings(RULE, { [FILE]: text }, [/\(inherited from server at line 6\)$/], FILE, ON);
    const fixed = applyFix(RULE, { [FILE]: text }, FILE, ON);
    assert.equal(
      fixed[FILE],
      clean(text)
        .replace('http {\n', `http {\n${MAP('close')}`)
        .replace('proxy_http_version 1.1;\n', 'proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection $connection_upgrade;\n'),
    );
    assert.deepEqual(findingsOf(RULE, fixed, FILE, ON), []);
    nginxAccepts(fixed[FILE]);
  });
});
