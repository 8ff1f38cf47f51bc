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

describe(`${RULE}: Debian's libnginx-mod-* modules`, () => {
  // [directive line, where it goes, module, Debian package, the load_module file].
  const cases: [string, 'main' | 'http' | 'location', string, string, string][] = [
    ['echo hello;', 'location', 'echo-nginx-module', 'libnginx-mod-http-echo', 'ngx_http_echo_module.so'],
    ['more_set_headers "X-A: 1";', 'location', 'headers-more-nginx-module', 'libnginx-mod-http-headers-more-filter', 'ngx_http_headers_more_filter_module.so'],
    ['geoip2 /var/lib/GeoIP/city.mmdb { }', 'http', 'ngx_http_geoip2_module', 'libnginx-mod-http-geoip2', 'ngx_http_geoip2_module.so'],
    ['brotli on;', 'location', 'ngx_brotli', 'libnginx-mod-http-brotli-filter or libnginx-mod-http-brotli-static', 'ngx_http_brotli_filter_module.so'],
    ['content_by_lua_block { ngx.say("x") }', 'location', 'ngx_http_lua_module', 'libnginx-mod-http-lua', 'ngx_http_lua_module.so'],
    ['upstream_list backends a b;', 'http', 'ngx_devel_kit', 'libnginx-mod-http-ndk', 'ndk_http_module.so'],
    ['fancyindex on;', 'location', 'ngx-fancyindex', 'libnginx-mod-http-fancyindex', 'ngx_http_fancyindex_module.so'],
    ['subs_filter foo bar;', 'location', 'ngx_http_substitutions_filter_module', 'libnginx-mod-http-subs-filter', 'ngx_http_subs_filter_module.so'],
    ['proxy_cache_purge PURGE;', 'location', 'ngx_cache_purge', 'libnginx-mod-http-cache-purge', 'ngx_http_cache_purge_module.so'],
    ['dav_ext_methods PROPFIND OPTIONS;', 'location', 'nginx-dav-ext-module', 'libnginx-mod-http-dav-ext', 'ngx_http_dav_ext_module.so'],
    ['auth_pam "Restricted";', 'location', 'ngx_http_auth_pam_module', 'libnginx-mod-http-auth-pam', 'ngx_http_auth_pam_module.so'],
    ['upload_progress uploads 1m;', 'http', 'nginx-upload-progress-module', 'libnginx-mod-http-uploadprogress', 'ngx_http_uploadprogress_module.so'],
    ['nchan_publisher;', 'location', 'nchan', 'libnginx-mod-nchan', 'ngx_nchan_module.so'],
    ['rtmp { }', 'main', 'nginx-rtmp-module', 'libnginx-mod-rtmp', 'ngx_rtmp_module.so'],
  ];
  const config = (line: string, where: string, load = ''): string => {
    const name = /^\w+/.exec(line)?.[0] ?? '';
    const at = (w: string) => (w === where ? `«${name}»${line.slice(name.length)}` : '');
    return `${load}events {}\n${at('main')}\nhttp {\n    ${at('http')}\n    server {\n        listen 127.0.0.1:8080;\n        location / { ${at('location')} }\n    }\n}\n`;
  };
  for (const [line, where, module, pkg, file] of cases) {
    const name = /^\w+/.exec(line)?.[0] ?? '';
    test(`${name}: a warning naming ${module} and ${pkg}; nothing with load_module of ${file}`, () => {
      // proxy_cache_purge is NGINX Plus's too, so its message names both.
      const plus = name === 'proxy_cache_purge' ? 'NGINX Plus, the commercial build, or from ' : '';
      const unless = plus ? 'unless it is NGINX Plus or built with that module' : 'unless built with that module';
      const found = expectFindings(RULE, { [FILE]: config(line, where) }, [
        `"${name}" comes from ${plus}the third-party ${module} (Debian package ${pkg}): stock nginx rejects it as an unknown directive ${unless}`,
      ]);
      assert.ok(found.every((f) => f.severity === 'warning'));
      assert.deepEqual(findingsOf('unknown-directive', { [FILE]: config(line, where).replace(/[«»]/g, '') }), []);
      assert.deepEqual(findingsOf(RULE, { [FILE]: config(line, where, `load_module modules/${file};\n`).replace(/[«»]/g, '') }), []);
    });
  }
});

describe(`${RULE}: njs, nginx's own module that no build includes`, () => {
  const conf = (load = '') => `${load}events {}\nhttp {\n    «js_import» /etc/nginx/app.js;\n    server { listen 127.0.0.1:8080; }\n}\n`;

  test('js_* directives need the njs module (Debian rejects js_import as unknown without it)', () => {
    expectFindings(RULE, { [FILE]: conf() }, [
      '"js_import" comes from njs (ngx_http_js_module) (Debian package libnginx-mod-http-js), not part of nginx itself: stock nginx rejects it as an unknown directive unless built with that module',
    ]);
  });

  test('nothing once the module is loaded', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf('load_module modules/ngx_http_js_module.so;\n').replace(/[«»]/g, '') }), []);
    // The stream module's file does not bring the http directives.
    assert.equal(findingsOf(RULE, { [FILE]: conf('load_module modules/ngx_stream_js_module.so;\n').replace(/[«»]/g, '') }).length, 1);
  });
});
