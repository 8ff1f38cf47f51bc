import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'ws-forwarded-headers';

const UPGRADE = `            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
`;

/** The server's REST location passes all four: the evidence that its backend reads them. */
const REST = `        location /api/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }
`;

const config = (server: string, location: string, head = '«location /ws/»', beside = REST): string => `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    server {
        listen 127.0.0.1:8080;
${server}        ${head} {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
${location}        }
${beside}    }
}
`;

const ALL = `            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
`;

describe(RULE, () => {
  test('a server that passes none of these headers anywhere gives no evidence its backend reads them: nothing', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', UPGRADE, 'location /ws/', '') }), []);
  });

  test('another backend\'s headers say nothing about this one: a REST location on another port is no evidence', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', UPGRADE, 'location /ws/', REST.replace('127.0.0.1:9000', '127.0.0.1:9001')) }), []);
  });

  test('headers set at server level and dropped by the location\'s own list are evidence enough', () => {
    const server = '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n';
    expectFindings(RULE, { [FILE]: config(server, UPGRADE, '«location /ws/»', '') }, [/^this WebSocket location does not pass X-Forwarded-For to its backend/]);
  });

  test('fires on a WebSocket location that passes none of them, on the location head', () => {
    expectFindings(RULE, { [FILE]: config('', UPGRADE) }, [
      "this WebSocket location does not pass Host, X-Real-IP, X-Forwarded-For, X-Forwarded-Proto to its backend, which then lacks the Host the client asked for (it gets the proxy_pass host, which breaks Origin and virtual-host checks); the client's address; the chain of client addresses; whether the client used wss or ws",
    ]);
  });

  test('names only what is missing', () => {
    const some = UPGRADE + ALL.split('\n').slice(0, 2).join('\n') + '\n';
    expectFindings(RULE, { [FILE]: config('', some) }, [/does not pass X-Forwarded-For, X-Forwarded-Proto to/]);
  });

  test('does not fire when all four are passed, in any letter case', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', UPGRADE + ALL) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', UPGRADE + ALL.replace('X-Real-IP', 'x-real-ip')) }), []);
  });

  test('the standard Forwarded header stands in for the address and scheme headers', () => {
    const fwd = UPGRADE + '            proxy_set_header Host $host;\n            proxy_set_header Forwarded "for=$remote_addr;proto=$scheme";\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', fwd) }), []);
  });

  test('X-Scheme stands in for X-Forwarded-Proto', () => {
    const loc = UPGRADE + ALL.replace('X-Forwarded-Proto $scheme', 'X-Scheme $scheme');
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', loc) }), []);
  });

  test('a Forwarded header with for= but no proto= still leaves X-Forwarded-Proto missing', () => {
    const loc = UPGRADE + '            proxy_set_header Host $host;\n            proxy_set_header Forwarded for=$remote_addr;\n';
    expectFindings(RULE, { [FILE]: config('', loc) }, ['this WebSocket location does not pass X-Forwarded-Proto to its backend, which then lacks whether the client used wss or ws']);
  });

  test('a Forwarded header built by a map of the config is taken to hold the pairs', () => {
    const loc = UPGRADE + '            proxy_set_header Host $host;\n            proxy_set_header Forwarded $proxy_add_forwarded;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', loc) }), []);
  });

  test('a malformed `Forwarded $remote_addr` is reported, and does not stand in for the address and scheme', () => {
    const loc = UPGRADE + ALL.replace('X-Real-IP $remote_addr;\n', 'X-Real-IP $remote_addr;\n            «proxy_set_header Forwarded $remote_addr;»\n');
    expectFindings(RULE, { [FILE]: config('', loc, 'location /ws/') }, [
      'the Forwarded header is set to $remote_addr, which is not RFC 7239\'s form (for=...;proto=...): a backend that reads Forwarded finds no client address or scheme in it. Write the pairs, such as "for=$remote_addr;proto=$scheme", or drop the line',
    ]);
    const alone = UPGRADE + '            proxy_set_header Host $host;\n            proxy_set_header Forwarded $remote_addr;\n';
    const messages = findingsOf(RULE, { [FILE]: config('', alone) }).map((f) => f.message);
    assert.equal(messages.length, 2);
    assert.ok(messages.some((m) => m.startsWith('the Forwarded header is set to $remote_addr')));
    assert.ok(messages.some((m) => m.startsWith('this WebSocket location does not pass X-Real-IP, X-Forwarded-For, X-Forwarded-Proto to its backend')));
  });

  test('counts headers inherited from server when the location sets none', () => {
    const server = UPGRADE.replace(/^ {12}/gm, '        ') + ALL.replace(/^ {12}/gm, '        ');
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server, '') }), []);
  });

  test('a location list drops the server list: the server headers do not count', () => {
    const server = ALL.replace(/^ {12}/gm, '        ');
    expectFindings(RULE, { [FILE]: config(server, UPGRADE) }, [/does not pass Host, X-Real-IP, X-Forwarded-For, X-Forwarded-Proto/]);
  });

  test('a plain HTTP location is not checked', () => {
    const plain = config('', '', 'location /api/').replace('«', '').replace('»', '');
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }), []);
  });

  test('the fix adds the missing headers after the last proxy_set_header; nginx -t accepts it and the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', UPGRADE) });
    assert.equal(fixed[FILE], config('', UPGRADE + ALL).replace(/[«»]/g, ''));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE] });
    assert.ok(verdict.ok, verdict.output);
  });

  test('the fix never duplicates a header that is already there', () => {
    const some = UPGRADE + '            proxy_set_header Host $host;\n';
    const fixed = applyFix(RULE, { [FILE]: config('', some) });
    assert.equal(fixed[FILE], config('', UPGRADE + ALL).replace(/[«»]/g, ''));
    assert.equal(fixed[FILE].split('location /api/')[0].match(/proxy_set_header Host/g)?.length, 1);
  });

  test('with an inherited list, the fix copies it into the location so that nothing is dropped', () => {
    const server = UPGRADE.replace(/^ {12}/gm, '        ') + '        proxy_set_header Host $host;\n';
    const files = { [FILE]: config(server, '') };
    const [finding] = findingsOf(RULE, files);
    assert.match(finding.fixes[0].title, /copying the 3 inherited lines, inherited from server at line 9/);
    const fixed = applyFix(RULE, files);
    const copied = UPGRADE + ALL;
    assert.equal(
      fixed[FILE],
      config(server, '').replace(/[«»]/g, '').replace('proxy_pass http://127.0.0.1:9000;\n', `proxy_pass http://127.0.0.1:9000;\n${copied}`),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE] });
    assert.ok(verdict.ok, verdict.output);
  });

  test('the fix inserts after proxy_pass when the location has no header of its own', () => {
    const head = '# nginx-ws: websocket\n        «location /ws/»';
    const files = { [FILE]: config('', '', head) };
    const fixed = applyFix(RULE, files);
    assert.equal(fixed[FILE], config('', '', head).replace(/[«»]/g, '').replace('proxy_pass http://127.0.0.1:9000;\n', `proxy_pass http://127.0.0.1:9000;\n${ALL}`));
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE] });
    assert.ok(verdict.ok, verdict.output);
  });

  test('an `if` that proxies is fixed on its location (proxy_set_header is not allowed in `if`)', () => {
    const text = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        «location /live/» {
            if ($arg_v = 2) {
                proxy_pass http://127.0.0.1:9000;
            }
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
${REST}    }
}
`;
    expectFindings(RULE, { [FILE]: text }, [/does not pass Host/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], text.replace(/[«»]/g, '').replace('"upgrade";\n', `"upgrade";\n${ALL}`));
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE] });
    assert.ok(verdict.ok, verdict.output);
  });
});

describe(`${RULE}: the scheme of a plain server`, () => {
  test('a server reached directly on port 80 without TLS always has the http scheme: X-Forwarded-Proto is not asked for', () => {
    const text = config('', UPGRADE + '            proxy_set_header Host $host;\n            proxy_set_header X-Real-IP $remote_addr;\n            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n').replace('listen 127.0.0.1:8080;', 'listen 8080;');
    assert.deepEqual(findingsOf(RULE, { [FILE]: text.replace(/[«»]/g, '') }), []);
  });

  test('the same server on loopback may sit behind a TLS proxy, and still hears about it', () => {
    const text = config('', UPGRADE + '            proxy_set_header Host $host;\n            proxy_set_header X-Real-IP $remote_addr;\n            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n');
    expectFindings(RULE, { [FILE]: text }, [/does not pass X-Forwarded-Proto to its backend/]);
  });
});
