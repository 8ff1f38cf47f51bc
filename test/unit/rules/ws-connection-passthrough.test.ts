import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-connection-passthrough';

// A load balancer in front (its address trusted for the client IP): the hop that may rewrite Connection.
const config = (server: string, location: string): string => `events {}
http {
    server {
        listen 127.0.0.1:8080;
        set_real_ip_from 10.0.0.0/8;
${server}        «location /ws/» {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
${location}        }
    }
}
`;

const MAP_AT_TOP = "http {\n    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      close;\n    }\n";
const clean = (t: string): string => t.replace(/[«»]/g, '');

describe(RULE, () => {
  test('nothing in front of nginx: the client\'s own Connection arrives unchanged, no finding', () => {
    const text = clean(config('', '            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection $http_connection;\n')).replace('        set_real_ip_from 10.0.0.0/8;\n', '');
    assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
  });

  test('a map on $http_connection is the same pass-through', () => {
    const text = clean(config('', '            proxy_set_header Upgrade $http_upgrade;\n            «proxy_set_header Connection $conn;»\n')).replace('http {\n', 'http {\n    map $http_connection $conn {\n        default $http_connection;\n    }\n');
    expectFindings(RULE, { [FILE]: text.replace('proxy_set_header Connection $conn;', '«proxy_set_header Connection $conn;»') }, [/\(\$conn, a map on \$http_connection\)/]);
  });

  const here = config('', '            proxy_set_header Upgrade $http_upgrade;\n            «proxy_set_header Connection $http_connection;»\n').replace('«location /ws/»', 'location /ws/');

  test('fires on the directive that passes $http_connection', () => {
    expectFindings(RULE, { [FILE]: here }, [/copies the client's own hop-by-hop header \(\$http_connection\)/]);
  });

  test('also in the ${...} spelling', () => {
    const text = here.replace('$http_connection', '${http_connection}');
    expectFindings(RULE, { [FILE]: text }, [/\$http_connection/]);
  });

  test('does not fire on $connection_upgrade, "upgrade", or a plain HTTP location', () => {
    for (const v of ['$connection_upgrade', '"upgrade"']) {
      const text = clean(here).replace('$http_connection', v).replace('events {}\nhttp {\n', `events {}\n${MAP_AT_TOP}`);
      assert.deepEqual(findingsOf(RULE, { [FILE]: text }), [], v);
    }
    const plain = 'events {}\nhttp {\n    server {\n        location /api/ {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_set_header Connection $http_connection;\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }), []);
  });

  test('the fix switches to $connection_upgrade and adds the map; nginx -t accepts it; the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: here });
    assert.equal(fixed[FILE], clean(here).replace('$http_connection', '$connection_upgrade').replace('http {\n', MAP_AT_TOP));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    assert.deepEqual(findingsOf('ws-connection-header', fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('the other fix writes "upgrade"', () => {
    const fixed = applyFix(RULE, { [FILE]: here }, FILE, {}, 1);
    assert.equal(fixed[FILE], clean(here).replace('$http_connection', '"upgrade"'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('inherited from the server: reported on the location, naming the line; the fix overrides in the location', () => {
    const server = '        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $http_connection;\n';
    const text = config(server, '');
    expectFindings(RULE, { [FILE]: text }, [/\(inherited from server at line 7\)$/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(
      fixed[FILE],
      clean(text)
        .replace('http {\n', MAP_AT_TOP)
        .replace(
          'proxy_http_version 1.1;\n',
          'proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection $connection_upgrade;\n',
        ),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    assert.deepEqual(findingsOf('header-inheritance', fixed), []);
    nginxAccepts(fixed[FILE]);
  });
});
