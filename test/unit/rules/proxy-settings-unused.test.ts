import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'proxy-settings-unused';

const config = (root: string, named = '            proxy_pass http://127.0.0.1:9000;\n'): string => `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location / {
            root /var/www;
${root}        }
        location @app {
${named}        }
    }
}
`;

describe(RULE, () => {
  test('proxy lines beside try_files ... @app apply to nothing: one finding each, on the line', () => {
    const text = config('            try_files $uri @app;\n            «proxy_http_version 1.1;»\n            «proxy_set_header Upgrade $http_upgrade;»\n');
    nginxAccepts(text.replace(/[«»]/g, ''));
    expectFindings(RULE, { [FILE]: text }, [
      "proxy_http_version here applies to nothing: this location does not proxy, and the requests it hands to @app (try_files) run with @app's own settings; move it into @app",
      "proxy_set_header here applies to nothing: this location does not proxy, and the requests it hands to @app (try_files) run with @app's own settings; move it into @app",
    ]);
  });

  test('error_page to a named location counts too', () => {
    const text = config('            error_page 404 = @app;\n            «proxy_read_timeout 1h;»\n');
    expectFindings(RULE, { [FILE]: text }, [/^proxy_read_timeout here applies to nothing: .*\(error_page\)/]);
  });

  test('quiet when the location proxies, when a nested location or if proxies, or when the named location does not', () => {
    const lines = '            try_files $uri @app;\n            proxy_read_timeout 1h;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(`${lines}            proxy_pass http://127.0.0.1:9001;\n`) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(`${lines}            location /api/ { proxy_pass http://127.0.0.1:9001; }\n`) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(lines, '            return 503;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('            try_files $uri =404;\n            proxy_read_timeout 1h;\n') }), []);
  });
});
