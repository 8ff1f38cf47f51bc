import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'needs-module';

// A main config that loads one module shows which modules its build loads: the evidence this rule needs.
const LOADS_GEOIP2 = 'load_module modules/ngx_http_geoip2_module.so;\n';
const upstream = (lines: string, load = LOADS_GEOIP2) => `${load}events {}\nhttp {\n    upstream app {\n        server 127.0.0.1:9000;\n${lines}    }\n}\n`;

describe(RULE, () => {
  test('a third-party module the config does not load, while it loads others', () => {
    const found = expectFindings(RULE, { [FILE]: `${LOADS_GEOIP2}events {}\nhttp {\n    «brotli» on;\n}\n` }, [
      '"brotli" comes from the third-party ngx_brotli (Debian package libnginx-mod-http-brotli-filter or libnginx-mod-http-brotli-static), which this config does not load: nginx rejects it as an unknown directive unless the module is built in',
    ]);
    assert.ok(found.every((f) => f.severity === 'warning'));
  });

  test('no evidence of the build, no finding: no load_module, a site file, an unreadable modules-enabled/', () => {
    const noLoads = 'events {}\nhttp {\n    brotli on;\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: noLoads }), []);
    assert.deepEqual(findingsOf(RULE, { '/srv/conf/site.conf': 'server {\n    listen 80;\n    brotli on;\n}\n' }, '/srv/conf/site.conf'), []);
    const unread = `include /nonexistent/modules-enabled/*.conf;\ninclude /nonexistent/modules.conf;\n${LOADS_GEOIP2}${noLoads}`;
    assert.deepEqual(findingsOf(RULE, { [FILE]: unread }), []);
  });

  test('modules OpenResty compiles in are never judged', () => {
    const conf = `${LOADS_GEOIP2}events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / { content_by_lua_block { ngx.say("x") } more_set_headers "X-A: 1"; }\n    }\n}\n`;
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
  });

  test('NGINX Plus directives, once an open-source version is named', () => {
    const conf = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location /api/ { «api» write=on; }\n    }\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['"api" comes from NGINX Plus, the commercial build: nginx 1.26.2 rejects it as an unknown directive unless it is NGINX Plus'], FILE, { nginxVersion: '1.26.2' });
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf.replace(/[«»]/g, '') }), []);
  });

  test('directives open source gained later depend on the configured nginx version', () => {
    const conf = upstream('        «least_time» header;\n', '');
    expectFindings(RULE, { [FILE]: conf }, [/^"least_time" comes from NGINX Plus \(open-source nginx has it from 1\.31\.0 on\)/], FILE, { nginxVersion: '1.30.0' });
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }, FILE, { nginxVersion: '1.31.0' }), []);
    // sticky: NGINX Plus, or open source from 1.29.6, or the third-party sticky module.
    const sticky = upstream('        «sticky» cookie srv_id expires=1h;\n', '');
    expectFindings(RULE, { [FILE]: sticky }, [/NGINX Plus \(open-source nginx has it from 1\.29\.6 on\), or from the third-party nginx-sticky-module-ng/], FILE, { nginxVersion: '1.24.0' });
    assert.deepEqual(findingsOf(RULE, { [FILE]: sticky }, FILE, { nginxVersion: '1.29.6' }), []);
  });

  test('stock directives are left alone, and a misplaced third-party one is a context error as with the module', () => {
    const conf = 'events {}\nhttp {\n    content_by_lua_block { ngx.say("x") }\n    server { listen 127.0.0.1:8080; }\n}\n';
    assert.equal(findingsOf(RULE, { [FILE]: conf }).length, 0);
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
      [FILE]: 'include /etc/nginx/modules-enabled/*.conf;\nload_module modules/ngx_http_geoip2_module.so;\nevents {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / { more_set_headers "X-A: 1"; «brotli» on; }\n    }\n}\n',
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
  const OTHER = 'load_module modules/ngx_http_image_filter_module.so;\n';
  const config = (line: string, where: string, load = OTHER): string => {
    const name = /^\w+/.exec(line)?.[0] ?? '';
    const at = (w: string) => (w === where ? `«${name}»${line.slice(name.length)}` : '');
    return `${load}events {}\n${at('main')}\nhttp {\n    ${at('http')}\n    server {\n        listen 127.0.0.1:8080;\n        location / { ${at('location')} }\n    }\n}\n`;
  };
  const bundled = new Set(['echo', 'more_set_headers', 'content_by_lua_block', 'upstream_list']);
  for (const [line, where, module, pkg, file] of cases) {
    const name = /^\w+/.exec(line)?.[0] ?? '';
    if (bundled.has(name)) {
      test(`${name}: OpenResty compiles ${module} in, so no finding even beside other load_module lines`, () => {
        assert.deepEqual(findingsOf(RULE, { [FILE]: config(line, where).replace(/[«»]/g, '') }), []);
        assert.deepEqual(findingsOf('unknown-directive', { [FILE]: config(line, where).replace(/[«»]/g, '') }), []);
      });
      continue;
    }
    test(`${name}: a warning naming ${module} and ${pkg} beside another load_module; nothing with load_module of ${file}`, () => {
      const found = expectFindings(RULE, { [FILE]: config(line, where) }, [
        `"${name}" comes from the third-party ${module} (Debian package ${pkg}), which this config does not load: nginx rejects it as an unknown directive unless the module is built in`,
      ]);
      assert.ok(found.every((f) => f.severity === 'warning'));
      assert.deepEqual(findingsOf('unknown-directive', { [FILE]: config(line, where).replace(/[«»]/g, '') }), []);
      assert.deepEqual(findingsOf(RULE, { [FILE]: config(line, where, `load_module modules/${file};\n`).replace(/[«»]/g, '') }), []);
      assert.deepEqual(findingsOf(RULE, { [FILE]: config(line, where, '').replace(/[«»]/g, '') }), []);
    });
  }
});

describe(`${RULE}: njs, nginx's own module that no build includes`, () => {
  const conf = (load = '') => `${load}events {}\nhttp {\n    «js_import» /etc/nginx/app.js;\n    server { listen 127.0.0.1:8080; }\n}\n`;

  test('js_* directives need the njs module (Debian rejects js_import as unknown without it)', () => {
    expectFindings(RULE, { [FILE]: conf() }, [
      '"js_import" comes from njs (ngx_http_js_module) (Debian package libnginx-mod-http-js), which this config does not load: nginx rejects it as an unknown directive without a load_module line for it',
    ]);
  });

  test('nothing once the module is loaded', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf('load_module modules/ngx_http_js_module.so;\n').replace(/[«»]/g, '') }), []);
    // The stream module's file does not bring the http directives.
    assert.equal(findingsOf(RULE, { [FILE]: conf('load_module modules/ngx_stream_js_module.so;\n').replace(/[«»]/g, '') }).length, 1);
  });
});
