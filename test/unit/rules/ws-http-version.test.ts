import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'ws-http-version';

const config = (server: string, location: string): string => `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    server {
        listen 127.0.0.1:8080;
${server}        «location /ws/» {
            proxy_pass http://127.0.0.1:9000;
${location}            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`;

describe(RULE, () => {
  test('fires on the nginx default (before 1.29.7), on the location line', () => {
    expectFindings(RULE, { [FILE]: config('', '') }, [/HTTP\/1\.0 \(nginx's default before 1\.29\.7\)/]);
  });

  test('sees proxy_pass and headers that a location takes from an include', () => {
    const main = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        «location /live/» {
            include /etc/nginx/ws-proxy.conf;
        }
    }
}
`;
    const snippet = 'proxy_pass http://127.0.0.1:9000;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "upgrade";\n';
    expectFindings(RULE, { [FILE]: main, '/etc/nginx/ws-proxy.conf': snippet }, [/proxies with HTTP\/1\.0/]);
    const fixed = { [FILE]: main.replace('include', 'proxy_http_version 1.1;\n            include').replace(/[«»]/g, ''), '/etc/nginx/ws-proxy.conf': snippet };
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });

  test('does not fire on nginx 1.29.7 and later, where 1.1 is the default', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '') }, FILE, { nginxVersion: '1.29.7' }), []);
  });

  test('names an inherited 1.0 and where it comes from', () => {
    expectFindings(RULE, { [FILE]: config('        proxy_http_version 1.0;\n', '') }, [/inherited from server at line 9/]);
  });

  test('inherits 1.1 from server', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('        proxy_http_version 1.1;\n', '') }), []);
  });

  test('an explicit 1.0 is flagged on the directive and changed to 1.1', () => {
    const files = { [FILE]: config('', '            proxy_http_version 1.0;\n').replace('«location /ws/»', 'location /ws/').replace('            proxy_http_version 1.0;', '            «proxy_http_version 1.0;»') };
    expectFindings(RULE, files, [/RFC 6455 backends refuse with 400/]);
    const fixed = applyFix(RULE, files);
    assert.match(fixed[FILE], /\n {12}proxy_http_version 1\.1;\n/);
  });

  test('a plain HTTP location gets no WebSocket check', () => {
    const plain = 'events {}\nhttp {\n    server {\n        location /api/ {\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }), []);
  });

  test('the fix inserts proxy_http_version 1.1 after proxy_pass; nginx -t accepts it and the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '') });
    assert.equal(
      fixed[FILE],
      config('', '').replace(/[«»]/g, '').replace('proxy_pass http://127.0.0.1:9000;\n', 'proxy_pass http://127.0.0.1:9000;\n            proxy_http_version 1.1;\n'),
    );
    assert.deepEqual(findingsOf(RULE, fixed), []);
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE] });
    assert.ok(verdict.ok, verdict.output);
  });
});

describe(`${RULE} in an if`, () => {
  test('an `if` that proxies gets the line in its location, where nginx allows it', () => {
    const conf = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location /ws/ {
            «if ($http_upgrade)» {
                proxy_pass http://127.0.0.1:9000;
            }
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`;
    expectFindings(RULE, { [FILE]: conf }, [/HTTP\/1\.0/]);
    const fixed = applyFix(RULE, { [FILE]: conf });
    assert.match(fixed[FILE], /location \/ws\/ \{\n {12}proxy_http_version 1\.1;\n {12}if/);
    assert.deepEqual(findingsOf(RULE, fixed), []);
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE] });
    assert.ok(verdict.ok, verdict.output);
  });
});

describe(`${RULE}: with the http block out of view`, () => {
  const site = 'server {\n    listen 80;\n    «location /ws/» {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n}\n';

  test('a site file checked alone is a warning that names the http block it cannot see', () => {
    const [f] = expectFindings(RULE, { '/srv/app/site.conf': site }, [/unless the http block that includes this file, which is not in view, sets proxy_http_version 1\.1/], '/srv/app/site.conf');
    assert.equal(f.severity, 'warning');
  });

  test('the same file included from a main config whose http sets nothing is an error', () => {
    const files = { [FILE]: 'events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n', '/etc/nginx/conf.d/app.conf': site };
    const [f] = expectFindings(RULE, files, [/proxies with HTTP\/1\.0 \(nginx's default before 1\.29\.7\): /], '/etc/nginx/conf.d/app.conf');
    assert.equal(f.severity, 'error');
  });

  test('a level the user chose for the rule wins over the lowered one', () => {
    const [f] = findingsOf(RULE, { '/srv/app/site.conf': site }, '/srv/app/site.conf', { rules: { [RULE]: 'error' } });
    assert.equal(f.severity, 'error');
  });
});
