import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'upstream-keepalive';

const UPSTREAM = '    upstream app {\n        server 127.0.0.1:9000;\n        keepalive 16;\n    }\n';

const config = (top: string, server: string, location: string, path = '/api/'): string => `events {}
http {
${top}    server {
        listen 127.0.0.1:8080;
${server}        «location ${path}» {
            proxy_pass http://app;
${location}        }
    }
}
`;

const clean = (t: string): string => t.replace(/[«»]/g, '');

describe(RULE, () => {
  test('fires on a plain location with nginx defaults: HTTP/1.0 and Connection: close', () => {
    expectFindings(RULE, { [FILE]: config(UPSTREAM, '', '') }, [
      `upstream "app" keeps idle connections (keepalive at line 5), but nginx cannot reuse one for this location: it speaks HTTP/1.0 (nginx's default before 1.29.7) and it sends nginx's default Connection: close; use HTTP/1.1 and clear Connection`,
    ]);
  });

  test('does not fire when the location speaks 1.1 and clears Connection, here or inherited', () => {
    const ok = '            proxy_http_version 1.1;\n            proxy_set_header Connection "";\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(UPSTREAM, '', ok) }), []);
    const server = '        proxy_http_version 1.1;\n        proxy_set_header Connection "";\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(UPSTREAM, server, '') }), []);
  });

  test('does not fire on proxy_http_version 2, which has no Connection header', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(UPSTREAM, '        proxy_http_version 2;\n', '') }), []);
  });

  test('does not fire without keepalive in the upstream', () => {
    const plainUpstream = '    upstream app {\n        server 127.0.0.1:9000;\n    }\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(plainUpstream, '', '') }), []);
  });

  test('from nginx 1.29.7 only the Connection header is missing', () => {
    expectFindings(RULE, { [FILE]: config(UPSTREAM, '', '') }, [/cannot reuse one for this location: it sends nginx's default Connection: close;/], FILE, { nginxVersion: '1.29.7' });
    const fixed = applyFix(RULE, { [FILE]: config(UPSTREAM, '', '') }, FILE, { nginxVersion: '1.29.7' });
    assert.equal(fixed[FILE], clean(config(UPSTREAM, '', '            proxy_set_header Connection "";\n')));
  });

  test('the fix adds both lines after proxy_pass; nginx -t accepts it; the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config(UPSTREAM, '', '') });
    assert.equal(fixed[FILE], clean(config(UPSTREAM, '', '            proxy_http_version 1.1;\n            proxy_set_header Connection "";\n')));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test("a file that quotes with single quotes gets ''", () => {
    const text = config(UPSTREAM, "        add_header X-Served-By 'edge';\n", '');
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.match(fixed[FILE], /proxy_set_header Connection '';\n/);
    nginxAccepts(fixed[FILE]);
  });

  test('an explicit proxy_http_version 1.0 is the only fault: flagged on it and changed in place', () => {
    const text = config(UPSTREAM, '', '            «proxy_http_version 1.0;»\n            proxy_set_header Connection "";\n').replace('«location /api/»', 'location /api/');
    expectFindings(RULE, { [FILE]: text }, [/it speaks HTTP\/1\.0 \(set here\);/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(text).replace('1.0;', '1.1;'));
    nginxAccepts(fixed[FILE]);
  });

  test('an explicit Connection close is flagged on it and cleared', () => {
    const text = config(UPSTREAM, '', '            proxy_http_version 1.1;\n            «proxy_set_header Connection close;»\n').replace('«location /api/»', 'location /api/');
    expectFindings(RULE, { [FILE]: text }, [/it sends Connection: close \(set here\);/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(text).replace('Connection close;', 'Connection "";'));
    nginxAccepts(fixed[FILE]);
  });

  test('the Connection line joins the location\'s own proxy_set_header lines; inherited ones are copied when it has none', () => {
    const own = '            proxy_http_version 1.1;\n            proxy_set_header Host $host;\n';
    let fixed = applyFix(RULE, { [FILE]: config(UPSTREAM, '', own) });
    assert.equal(fixed[FILE], clean(config(UPSTREAM, '', `${own}            proxy_set_header Connection "";\n`)));
    const server = '        proxy_http_version 1.1;\n        proxy_set_header Host $host;\n';
    fixed = applyFix(RULE, { [FILE]: config(UPSTREAM, server, '') });
    assert.equal(fixed[FILE], clean(config(UPSTREAM, server, '            proxy_set_header Host $host;\n            proxy_set_header Connection "";\n')));
    assert.deepEqual(findingsOf('header-inheritance', fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test("a WebSocket location that also serves plain HTTP: the map's close for an empty Upgrade is the fault, fixed in the map", () => {
    const map = "    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      close;\n    }\n";
    const ws = '            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            «proxy_set_header Connection $connection_upgrade;»\n';
    const text = config(map + UPSTREAM, '', ws, '/').replace('«location /»', 'location /');
    expectFindings(RULE, { [FILE]: text }, [
      `upstream "app" keeps idle connections (keepalive at line 9), but plain requests through this location send Connection: close: $connection_upgrade maps an empty Upgrade to close (map at line 3); map it to '' so they can reuse a connection, handshakes still get upgrade`,
    ]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(text).replace("''      close;", "''      '';"));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('a WebSocket-only location is not flagged (upgraded connections are never reused)', () => {
    const map = "    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      close;\n    }\n";
    const ws = '            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection $connection_upgrade;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(map + UPSTREAM, '', ws, '/ws/') }), []);
  });

  test("Bitwarden's hub and its negotiate location carry no plain request (its clients skip negotiation): not flagged", () => {
    const map = "    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      close;\n    }\n";
    const ws = '            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection $connection_upgrade;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(map + UPSTREAM, '', ws, '/notifications/hub') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(UPSTREAM, '', '', '/notifications/hub/negotiate') }), []);
    // Any other hub's negotiate request is plain HTTP that could reuse a connection.
    assert.equal(findingsOf(RULE, { [FILE]: config(UPSTREAM, '', '', '/chathub/negotiate') }).length, 1);
  });

  test("nginx 1.22 accepts a map whose empty-key line is '' ''", () => {
    const text = clean(config("    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        '' '';\n    }\n" + UPSTREAM, '', '            proxy_http_version 1.1;\n            proxy_set_header Connection $connection_upgrade;\n'));
    nginxAccepts(text);
  });
});

describe(`${RULE}: locations that never proxy`, () => {
  test('a location that denies everyone before any allow answers 403 and opens no connection', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config(UPSTREAM, '', '            deny all;\n')) }), []);
  });

  test('an allow before the deny lets some clients through: still reported', () => {
    expectFindings(RULE, { [FILE]: config(UPSTREAM, '', '            allow 10.0.0.0/8;\n            deny all;\n') }, [/keeps idle connections/]);
  });
});

describe(`${RULE}: insertions that meet`, () => {
  test('two lines whose anchors land at one point (nothing goes after a return) come as one edit, in order', () => {
    const location = '        location /api/ {\n      return 200 "ok";\n      proxy_set_header X-Real-IP $remote_addr;\n      proxy_pass http://app/;\n    }\n';
    const text = `events {}\nhttp {\n${UPSTREAM}    server {\n        listen 127.0.0.1:8080;\n${location}    }\n}\n`;
    const [f] = findingsOf(RULE, { [FILE]: text });
    const edits = f.fixes[0].edits;
    const points = new Set(edits.map((e) => `${e.range.start.line}:${e.range.start.character}`));
    assert.equal(points.size, edits.length, JSON.stringify(edits));
  });
});
