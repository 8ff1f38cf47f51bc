import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'needs-module';

const upstream = (lines: string) => `events {}\nhttp {\n    upstream app {\n        server 127.0.0.1:9000;\n${lines}    }\n}\n`;

describe(RULE, () => {
  test('third-party directives: which module, and what stock nginx does', () => {
    const conf = upstream('        «check» interval=3000 rise=2 fall=3 timeout=1000 type=http;\n        «check_http_expect_alive» http_2xx;\n');
    const found = expectFindings(RULE, { [FILE]: conf }, [
      '"check" comes from the third-party nginx_upstream_check_module: stock nginx rejects it as an unknown directive unless built with that module',
      '"check_http_expect_alive" comes from the third-party nginx_upstream_check_module: stock nginx rejects it as an unknown directive unless built with that module',
    ]);
    assert.ok(found.every((f) => f.severity === 'warning'));
  });

  test('NGINX Plus directives', () => {
    const conf = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location /api/ { «api» write=on; }\n    }\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['"api" comes from NGINX Plus, the commercial build: stock nginx rejects it as an unknown directive unless it is NGINX Plus']);
  });

  test('directives open source gained later depend on the configured nginx version', () => {
    const conf = upstream('        «least_time» header;\n');
    expectFindings(RULE, { [FILE]: conf }, [/^"least_time" comes from NGINX Plus \(open-source nginx has it from 1\.31\.0 on\)/]);
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.31.0' }), []);
    // sticky: NGINX Plus, or open source from 1.29.6, or the third-party sticky module.
    const sticky = upstream('        «sticky» cookie srv_id expires=1h;\n');
    expectFindings(RULE, { [FILE]: sticky }, [/NGINX Plus \(open-source nginx has it from 1\.29\.6 on\), or from the third-party nginx-sticky-module-ng/], FILE, { nginxVersion: '1.24.0' });
    assert.deepEqual(findingsOf(RULE, { [FILE]: sticky }, FILE, { nginxVersion: '1.29.6' }), []);
  });

  test('stock directives are left alone, and a misplaced third-party one is a context error as with the module', () => {
    const conf = 'events {}\nhttp {\n    content_by_lua_block { ngx.say("x") }\n    server { listen 127.0.0.1:8080; }\n}\n';
    assert.equal(findingsOf(RULE, { [FILE]: conf }).length, 1);
    assert.deepEqual(
      findingsOf('directive-context', { [FILE]: conf }).map((f) => f.message),
      ['"content_by_lua_block" directive is not allowed here'],
    );
    assert.deepEqual(findingsOf(RULE, { [FILE]: 'events {}\nhttp { server { listen 80; } }\n' }), []);
  });
});

describe(`${RULE}: loaded modules`, () => {
  test('a load_module of the module file silences its directives, anywhere in the tree', () => {
    const files = {
      [FILE]: 'include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / { more_set_headers "X-A: 1"; «brotli» on; }\n    }\n}\n',
      '/etc/nginx/modules-enabled/50-mod-http-headers-more-filter.conf': 'load_module modules/ngx_http_headers_more_filter_module.so;\n',
    };
    expectFindings(RULE, files, [/^"brotli" comes from the third-party ngx_brotli/]);
  });
});
