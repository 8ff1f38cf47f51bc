import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'header-inheritance';

const config = (http: string, server: string, location: string, path = '/ws/'): string => `events {}
http {
${http}    server {
        listen 127.0.0.1:8080;
${server}        «location ${path}» {
            proxy_pass http://127.0.0.1:9000;
${location}        }
    }
}
`;

const SERVER_HEADERS = '        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n';
const WS_HEADERS = '            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection "upgrade";\n';
const clean = (t: string): string => t.replace(/[«»]/g, '');

describe(RULE, () => {
  test('fires on a location whose own proxy_set_header lines drop the server\'s, naming them', () => {
    expectFindings(RULE, { [FILE]: config('', SERVER_HEADERS, WS_HEADERS) }, [
      'location /ws/ sets its own proxy_set_header, so nginx drops the 2 proxy_set_header lines that server sets (Host, X-Forwarded-For, from line 5): requests proxied from here reach the backend without them',
    ]);
  });

  test('fires on any block, not only WebSocket ones; a plain location too', () => {
    const text = config('', SERVER_HEADERS, '            proxy_set_header X-Api-Version 2;\n', '/api/');
    expectFindings(RULE, { [FILE]: text }, [/^location \/api\/ sets its own proxy_set_header/]);
  });

  test('does not fire when the location sets none (it inherits all), or restates every one', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', SERVER_HEADERS, '') }), []);
    const restated = '            proxy_set_header host $host;\n            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n' + WS_HEADERS;
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', SERVER_HEADERS, restated) }), []);
  });

  test('a server that sets its own drops http\'s; reported on the server line', () => {
    const text = `events {}
http {
    proxy_set_header X-Request-Id $request_id;
    «server» {
        listen 127.0.0.1:8080;
        proxy_set_header Host $host;
    }
}
`;
    expectFindings(RULE, { [FILE]: text }, [/^server sets its own proxy_set_header, so nginx drops the proxy_set_header line that http sets \(X-Request-Id, from line 3\)/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(text).replace('Host $host;\n', 'Host $host;\n        proxy_set_header X-Request-Id $request_id;\n'));
    nginxAccepts(fixed);
  });

  test('the fix copies the dropped lines after the location\'s own; nginx -t accepts it; the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', SERVER_HEADERS, WS_HEADERS) });
    assert.equal(
      fixed[FILE],
      clean(config('', SERVER_HEADERS, `${WS_HEADERS}            proxy_set_header Host $host;\n            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n`)),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed);
  });

  test('only the missing names are copied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', SERVER_HEADERS, `            proxy_set_header Host $proxy_host;\n${WS_HEADERS}`) });
    assert.equal(
      fixed[FILE],
      clean(config('', SERVER_HEADERS, `            proxy_set_header Host $proxy_host;\n${WS_HEADERS}            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n`)),
    );
  });

  test('lines that come from an include at server level (proxy_params) are named by file and copied as written', () => {
    const PARAMS = '/etc/nginx/proxy_params';
    const params = 'proxy_set_header Host $http_host;\nproxy_set_header X-Real-IP $remote_addr;\n';
    const files = { [FILE]: config('', '        include proxy_params;\n', WS_HEADERS), [PARAMS]: params };
    expectFindings(RULE, files, [/drops the 2 proxy_set_header lines that server sets \(Host, X-Real-IP, from proxy_params:1\)/]);
    const fixed = applyFix(RULE, files);
    assert.equal(fixed[FILE], clean(config('', '        include proxy_params;\n', `${WS_HEADERS}            proxy_set_header Host $http_host;\n            proxy_set_header X-Real-IP $remote_addr;\n`)));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed);
  });

  test('across include boundaries: http in nginx.conf, the location in conf.d', () => {
    const SITE = '/etc/nginx/conf.d/app.conf';
    const main = 'events {}\nhttp {\n    proxy_set_header X-Forwarded-Proto $scheme;\n    include conf.d/*.conf;\n}\n';
    const site = 'server {\n    listen 127.0.0.1:8080;\n    «location /ws/» {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_set_header Upgrade $http_upgrade;\n    }\n}\n';
    expectFindings(RULE, { [FILE]: main, [SITE]: site }, [/that http sets \(X-Forwarded-Proto, from nginx\.conf:3\)/], SITE);
    const fixed = applyFix(RULE, { [FILE]: main, [SITE]: site }, SITE);
    assert.equal(fixed[SITE], clean(site).replace('$http_upgrade;\n', '$http_upgrade;\n        proxy_set_header X-Forwarded-Proto $scheme;\n'));
    nginxAccepts(fixed);
  });

  test('add_header: a location with its own drops the server\'s Content-Security-Policy', () => {
    const server = '        add_header Content-Security-Policy "default-src \'self\'" always;\n';
    const text = config('', server, '            add_header Cache-Control no-store;\n', '/api/');
    expectFindings(RULE, { [FILE]: text }, [/sets its own add_header, so nginx drops the add_header line that server sets \(Content-Security-Policy, from line 5\): responses from here go out without them/]);
    const fixed = applyFix(RULE, { [FILE]: text });
    assert.equal(fixed[FILE], clean(config('', server, `            add_header Cache-Control no-store;\n            add_header Content-Security-Policy "default-src 'self'" always;\n`, '/api/')));
    nginxAccepts(fixed);
  });

  test('headers a browser keeps for the whole host (HSTS, Alt-Svc) are not lost by one location', () => {
    const server = '        add_header Strict-Transport-Security "max-age=31536000" always;\n        add_header Alt-Svc \'h3=":443"; ma=86400\';\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', server, '            add_header Cache-Control no-store;\n', '/api/') }), []);
  });

  test('document-only headers are not missed where no document is served: a return, static assets, favicon', () => {
    const server = '        add_header X-Frame-Options DENY;\n        add_header Content-Security-Policy "default-src \'self\'";\n';
    for (const [path, body] of [
      ['/health', '            add_header Content-Type text/plain;\n            return 200 ok;\n'],
      ['~* \\.(css|js|png|woff2)$', '            add_header Cache-Control "public, max-age=86400";\n'],
      ['= /favicon.ico', '            add_header Cache-Control "public";\n'],
    ]) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: config('', server, body, path) }), [], path);
    }
    // A fixed answer is read for its status and CORS lines: a dropped custom header changes nothing there.
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        add_header X-Served-By edge;\n', '            add_header Content-Type application/json;\n            return 200 \'{"ok":true}\';\n', '= /health') }), []);
    // A CORS header still matters on a preflight that returns 204.
    const cors = '        add_header Access-Control-Allow-Origin https://app.acme.dev;\n';
    assert.equal(findingsOf(RULE, { [FILE]: config('', cors, '            add_header Access-Control-Max-Age 600;\n            return 204;\n', '/api/') }).length, 1);
  });

  test('add_header_inherit merge or off is an explicit choice and not flagged', () => {
    for (const mode of ['merge', 'off']) {
      const server = `        add_header X-Frame-Options DENY;\n        add_header_inherit ${mode};\n`;
      assert.deepEqual(findingsOf(RULE, { [FILE]: config('', server, '            add_header Cache-Control no-store;\n', '/api/') }), [], mode);
    }
  });

  test('# nginx-ws-disable-next-line above the block silences it', () => {
    const text = clean(config('', SERVER_HEADERS, WS_HEADERS)).replace('        location /ws/', '        # nginx-ws-disable-next-line header-inheritance\n        location /ws/');
    assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
  });
});

describe(`${RULE}: lines that would be empty or pointless where they are lost`, () => {
  const auth = '        auth_request /auth;\n        auth_request_set $user $upstream_http_remote_user;\n        proxy_set_header Remote-User $user;\n        proxy_set_header Host $host;\n';

  test('auth headers filled only by auth_request_set are empty where auth_request is off, so losing them loses nothing', () => {
    const text = config('', auth, '            auth_request off;\n            proxy_set_header Host $host;\n', '/login');
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(text) }), []);
    // With the subrequest still on, the user's name is lost for real.
    expectFindings(RULE, { [FILE]: config('', auth, '            proxy_set_header Host $host;\n', '/login') }, [/drops the proxy_set_header line that server sets \(Remote-User, /]);
  });

  test('a cache status header is empty where no cache is on; the other lost lines are still named', () => {
    const server = '        add_header X-Cache-Status $upstream_cache_status;\n        add_header X-Frame-Options DENY;\n';
    expectFindings(RULE, { [FILE]: config('', server, '            add_header X-Api 1;\n', '/api/') }, [/drops the add_header line that server sets \(X-Frame-Options, /]);
    const cached = config('    proxy_cache_path /tmp/c keys_zone=c:1m;\n', server, '            proxy_cache c;\n            add_header X-Api 1;\n', '/api/');
    expectFindings(RULE, { [FILE]: cached }, [/drops the 2 add_header lines that server sets \(X-Cache-Status, X-Frame-Options, /]);
  });

  test('Accept-Encoding "" matters only where nginx caches or rewrites the body', () => {
    const http = '    proxy_set_header Accept-Encoding "";\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config(http, '', '            proxy_set_header Host $host;\n', '/api/')) }), []);
    const rewriting = config(http, '', '            sub_filter "http://" "https://";\n            proxy_set_header Host $host;\n', '/api/');
    expectFindings(RULE, { [FILE]: rewriting }, [/drops the proxy_set_header line that http sets \(Accept-Encoding, /]);
  });

  test('document headers are not missed on files cached for a day or more, or marked immutable', () => {
    const server = '        add_header X-Frame-Options DENY;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config('', server, '            expires 30d;\n            add_header Cache-Control public;\n', '/static/')) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config('', server, '            add_header Cache-Control "public, immutable";\n', '/static/')) }), []);
    expectFindings(RULE, { [FILE]: config('', server, '            expires 1h;\n            add_header Cache-Control public;\n', '/static/') }, [/\(X-Frame-Options, /]);
  });

  test('on fetched files (static assets, long-cached blocks, CORS answers) only what a fetch reads counts', () => {
    const server = '        add_header X-Frame-Options DENY;\n        add_header X-Shard edge-1;\n        add_header Access-Control-Allow-Origin https://app.acme.dev;\n';
    // A custom header and a page policy change nothing on a stylesheet; the CORS grant does.
    expectFindings(RULE, { [FILE]: config('', server, '            add_header Cache-Control "public, max-age=60";\n', '~* \\.(css|js)$') }, [/drops the add_header line that server sets \(Access-Control-Allow-Origin, /]);
    // A location that grants other origins read access answers scripts, not a page a user opens.
    const api = '        add_header Content-Security-Policy "default-src \'self\'";\n        add_header X-Frame-Options DENY;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config('', api, '            add_header Access-Control-Allow-Origin "*";\n', '/api/')) }), []);
    // Without the grant the same location may serve pages, and loses their policy.
    expectFindings(RULE, { [FILE]: config('', api, '            add_header X-Api 1;\n', '/api/') }, [/\(Content-Security-Policy, X-Frame-Options, /]);
  });

  test('Vary: Accept-Encoding matters only where nginx compresses without gzip_vary', () => {
    const server = '        add_header Vary Accept-Encoding;\n';
    const body = '            add_header X-Api 1;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config('', server, body, '/files/')) }), [], 'no compression');
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config('    gzip on;\n    gzip_vary on;\n', server, body, '/files/')) }), [], 'nginx adds Vary itself');
    expectFindings(RULE, { [FILE]: config('    gzip on;\n', server, body, '/files/') }, [/\(Vary, /]);
  });

  test('X-Forwarded-Host that Host still carries, and X-Forwarded-Port on default ports, tell the backend nothing when lost', () => {
    const forwarded = (listen: string, host: string): string => `events {}
http {
    server {
        listen ${listen};
        proxy_set_header X-Forwarded-Host $host;
        proxy_set_header X-Forwarded-Port $server_port;
        «location /» {
            proxy_pass http://127.0.0.1:9000;
            proxy_set_header Host ${host};
        }
    }
}
`;
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(forwarded('80', '$host')) }), []);
    // Host sends the port as the client wrote it; X-Forwarded-Host $host does not: that one is lost.
    expectFindings(RULE, { [FILE]: forwarded('80', '$http_host') }, [/drops the proxy_set_header line that server sets \(X-Forwarded-Host, /]);
    // On port 8080 the port is news to a backend that builds its own URLs.
    expectFindings(RULE, { [FILE]: forwarded('8080', '$host') }, [/drops the proxy_set_header line that server sets \(X-Forwarded-Port, /]);
    nginxAccepts(clean(forwarded('127.0.0.1:8080', '$host')));
  });

  test("an app's fixed file and redirect paths are fetched: Home Assistant's camera images, Grafana's /public/, /avatar/, /logout beside Grafana Live", () => {
    const server = '        add_header Content-Security-Policy "default-src \'self\'";\n        add_header X-Frame-Options DENY;\n';
    const own = '            add_header Cache-Control "no-cache";\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config('', server, own, '/api/camera_proxy/')) }), []);
    const live = '        location /api/live/ {\n            proxy_pass http://127.0.0.1:3000;\n        }\n';
    for (const path of ['/public/', '/avatar/', '/logout']) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config('', server + live, own, path)) }), [], path);
      // Without Grafana in sight, /public/ may serve anyone's pages.
      expectFindings(RULE, { [FILE]: config('', server, own, path) }, [/\(Content-Security-Policy, X-Frame-Options, /]);
    }
    // Grafana's login page is a page.
    expectFindings(RULE, { [FILE]: config('', server + live, own, '/login') }, [/\(Content-Security-Policy, X-Frame-Options, /]);
  });

  test('the configs above load in nginx', () => {
    nginxAccepts(clean(config('', auth, '            auth_request off;\n            proxy_set_header Host $host;\n', '/login')).replace('server {', 'server {\n        location = /auth { return 204; }'));
  });
});
