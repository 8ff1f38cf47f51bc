import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'worker-fd-limit';

const HTTP = `http {
    server {
        listen 127.0.0.1:8080;
        location /ws/ {
            proxy_pass http://127.0.0.1:9000;
        }
    }
}
`;

const config = (main: string, events: string, http = HTTP): string => `${main}events {
${events}}

${http}`;

describe(RULE, () => {
  test('fires when worker_rlimit_nofile is below twice worker_connections, on worker_rlimit_nofile', () => {
    const [f] = expectFindings(RULE, { [FILE]: config('«worker_rlimit_nofile 4096;»\n', '    worker_connections 4096;\n') }, [
      'worker_rlimit_nofile 4096 is below twice worker_connections (2 × 4096 = 8192): each proxied connection holds two descriptors, so workers hit "Too many open files" first',
    ]);
    assert.equal(f.severity, 'warning');
  });

  test("uses nginx's default of 512 connections when events sets none", () => {
    expectFindings(RULE, { [FILE]: config('«worker_rlimit_nofile 1000;»\n', '') }, [/2 × 512 = 1024/]);
  });

  test('does not fire at or above twice worker_connections', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('worker_rlimit_nofile 8192;\n', '    worker_connections 4096;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('worker_rlimit_nofile 200000;\n', '    worker_connections 65535;\n') }), []);
  });

  test('fires on a high worker_connections without worker_rlimit_nofile, on worker_connections', () => {
    expectFindings(RULE, { [FILE]: config('', '    «worker_connections 4096;»\n') }, [/worker_connections 4096 without worker_rlimit_nofile.*about 8192/]);
  });

  test('does not fire on 1024 or fewer connections without worker_rlimit_nofile', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '    worker_connections 1024;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '    worker_connections 768;\n') }), []);
  });

  test('does not fire for a config that proxies nothing', () => {
    const statics = 'http {\n    server {\n        listen 127.0.0.1:8080;\n        root /srv/www;\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('worker_rlimit_nofile 1024;\n', '    worker_connections 4096;\n', statics) }), []);
  });

  test('finds the proxy_pass in an included file', () => {
    const main = config('«worker_rlimit_nofile 1024;»\n', '    worker_connections 4096;\n', 'http {\n    include conf.d/*.conf;\n}\n');
    const site = 'server {\n    listen 127.0.0.1:8080;\n    location / {\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n';
    expectFindings(RULE, { [FILE]: main, '/etc/nginx/conf.d/site.conf': site }, [/below twice/]);
  });

  test('the fix raises worker_rlimit_nofile to twice worker_connections; nginx -t accepts it and the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('worker_rlimit_nofile 4096;\n', '    worker_connections 4096;\n') });
    assert.equal(fixed[FILE], config('worker_rlimit_nofile 8192;\n', '    worker_connections 4096;\n'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('the fix adds worker_rlimit_nofile after worker_processes', () => {
    const fixed = applyFix(RULE, { [FILE]: config('worker_processes auto;\n', '    worker_connections 4096;\n') });
    assert.equal(fixed[FILE], config('worker_processes auto;\nworker_rlimit_nofile 8192;\n', '    worker_connections 4096;\n'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('the fix adds worker_rlimit_nofile before events when there is no worker_processes', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '    worker_connections 4096;\n') });
    assert.equal(fixed[FILE], config('worker_rlimit_nofile 8192;\n\n', '    worker_connections 4096;\n'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('in a CRLF file the line added before events ends with CRLF', () => {
    const crlf = (t: string): string => t.replace(/\n/g, '\r\n');
    const fixed = applyFix(RULE, { [FILE]: crlf(config('', '    worker_connections 4096;\n')) });
    assert.equal(fixed[FILE], crlf(config('worker_rlimit_nofile 8192;\n\n', '    worker_connections 4096;\n')));
  });
});

describe(`${RULE}: event methods`, () => {
  test('says nothing about the Linux default where events uses kqueue (BSD, macOS), whose per-process limit is far higher', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '    use kqueue;\n    worker_connections 4096;\n') }), []);
  });

  test('still fires with use epoll', () => {
    expectFindings(RULE, { [FILE]: config('', '    use epoll;\n    «worker_connections 4096;»\n') }, [/without worker_rlimit_nofile/]);
  });
});
