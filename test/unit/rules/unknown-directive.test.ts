import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { assertNginxAgrees } from './nginxAgrees';

const RULE = 'unknown-directive';

const site = (location: string) => `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location /api/ {
${location}        }
    }
}
`;

describe(RULE, () => {
  test('a typo: nginx\'s message, a did-you-mean and a fix', () => {
    const conf = site('            «proxy_passs http://127.0.0.1:9000;»\n');
    expectFindings(RULE, { [FILE]: conf }, ['unknown directive "proxy_passs" (did you mean "proxy_pass"?)']);
    const fixed = applyFix(RULE, { [FILE]: conf }, FILE, {}, 0);
    assert.match(fixed[FILE], /^ {12}proxy_pass http:\/\/127\.0\.0\.1:9000;$/m);
    assertNginxAgrees(conf);
  });

  test('no suggestion when nothing is close', () => {
    const conf = site('            «frobnicate_everything on;»\n');
    expectFindings(RULE, { [FILE]: conf }, ['unknown directive "frobnicate_everything"']);
    assertNginxAgrees(conf);
  });

  test('reported on the line of the `;`, where nginx reports it', () => {
    const conf = site('            proxy_set_headers X-Test\n                «"on two lines";»\n');
    expectFindings(RULE, { [FILE]: conf }, ['unknown directive "proxy_set_headers" (did you mean "proxy_set_header"?)']);
    assertNginxAgrees(conf);
  });

  test('third-party directives are not typos (the needs-module rule explains them)', () => {
    const conf = site('            more_set_headers "X-Frame-Options: DENY";\n            content_by_lua_block { ngx.say("hi") }\n');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
  });

  test('lines of data blocks and Lua bodies are not directives', () => {
    const conf = `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    types { application/wasm wasm; }
    server {
        listen 127.0.0.1:8080;
        location / { content_by_lua_block { local frobnicate = 1 } }
    }
}
`;
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
  });

  test('a correct config agrees with nginx: no error', () => {
    assertNginxAgrees(site('            proxy_pass http://127.0.0.1:9000;\n            proxy_http_version 1.1;\n'));
  });

  test('three or more different names that are no near miss: a build with a module nginx-ws does not know, left alone', () => {
    const conf = 'events {}\nmail {\n    zq_lookup_http;\n    zq_lookup_wait 10s;\n    zq_banner off;\n    «proxy_passs on;»\n}\n';
    expectFindings(RULE, { [FILE]: conf }, [/^unknown directive "proxy_passs" \(did you mean/]);
    // Two strangers are still reported: typos nobody can guess happen.
    assert.equal(findingsOf(RULE, { [FILE]: 'events {}\nhttp {\n    zq_lookup_http;\n    zq_banner off;\n}\n' }).length, 2);
  });

  test('a known name behind a short vendor prefix is a patched build\'s directive, not a typo', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: 'events {}\nmail {\n    zq_auth_http;\n}\n' }), []);
    assert.equal(findingsOf(RULE, { [FILE]: 'events {}\nmail {\n    auth_htttp x;\n}\n' }).length, 1);
  });

  test('a file of geo or map entries that nothing includes as config is data, not directives', () => {
    const list = '/srv/conf/blocked.conf';
    assert.deepEqual(findingsOf(RULE, { [list]: '203.0.113.0/24 1;\n198.51.100.7 1;\n2001:db8::/32 1;\n' }, list), []);
    // map entries cut loose by a stray `}` in a main config stay errors, as nginx says.
    assert.equal(findingsOf(RULE, { [FILE]: 'events {}\nhttp {\n    volatile;\n    hostnames;\n    exact_name 1;\n}\n' }).length, 3);
  });
});

describe('unknown-directive: RTMP content', () => {
  test('a file of nginx-rtmp-module applications, for an rtmp block to include, is not judged by http names', () => {
    const app = 'application live {\n    live on;\n    record off;\n    hls on;\n    hls_path /tmp/hls;\n}\n';
    assert.deepEqual(findingsOf('unknown-directive', { '/srv/rtmp/live.conf': app }, '/srv/rtmp/live.conf'), []);
  });

  test('a file that mixes in other names is not RTMP content, and is judged as before', () => {
    const app = '«application live {»\n    live on;\n}\n«proxy_passs http://a;»\n';
    expectFindings('unknown-directive', { '/srv/rtmp/live.conf': app }, ['unknown directive "application"', /unknown directive "proxy_passs"/], '/srv/rtmp/live.conf');
  });
});
