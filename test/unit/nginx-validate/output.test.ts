// The parser of nginx's output, fed what Debian's nginx really prints for broken configs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseNginxOutput, parseNginxVersion, placeMessages } from '../../../server/src/nginx/output';
import { NGINX, nginxTestFiles, requireNginx } from '../../support/nginx';

const MAIN = `events {}
http {
    include conf.d/*.conf;
}
`;

/** Runs the real `nginx -t` on the files; returns its whole output and where it wrote them. */
function run(files: Record<string, string>): { output: string; prefix: string } {
  // Kept (until the process exits): a test runs nginx in it again.
  const r = nginxTestFiles(files, 'nginx.conf', true);
  assert.equal(r.ok, false, `nginx accepted a config this test means to be broken:\n${r.output}`);
  return { output: r.output, prefix: r.prefix };
}

describe('parseNginxOutput on real nginx -t output', () => {
  test('an unknown directive in an included file: emerg, that file, that line, the message without the place', () => {
    const { output, prefix } = run({
      'nginx.conf': MAIN,
      'conf.d/x.conf': 'server {\n    listen 127.0.0.1:8080;\n    location / {\n        proxy_passs http://127.0.0.1:9000;\n    }\n}\n',
    });
    const messages = parseNginxOutput(output);
    assert.deepEqual(messages, [
      { level: 'emerg', severity: 'error', message: 'unknown directive "proxy_passs"', file: path.join(prefix, 'conf.d/x.conf'), line: 4 },
    ]);
    assert.deepEqual(placeMessages(messages, path.join(prefix, 'nginx.conf')), [
      { path: path.join(prefix, 'conf.d/x.conf'), line: 3, severity: 'error', message: 'unknown directive "proxy_passs"' },
    ]);
  });

  test('a warning with a place and an error without one: the error goes on the root config\'s first line', () => {
    const { output, prefix } = run({
      'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        allow 10.0.0.1/8;\n        add_header X-Foo $nginx_ws_no_such_variable;\n    }\n}\n',
    });
    const root = path.join(prefix, 'nginx.conf');
    const messages = parseNginxOutput(output);
    assert.deepEqual(messages, [
      { level: 'warn', severity: 'warning', message: 'low address bits of 10.0.0.1/8 are meaningless', file: root, line: 5 },
      { level: 'emerg', severity: 'error', message: 'unknown "nginx_ws_no_such_variable" variable' },
    ]);
    assert.deepEqual(
      placeMessages(messages, root).map((m) => [m.path, m.line, m.severity]),
      [
        [root, 4, 'warning'],
        [root, 0, 'error'],
      ],
    );
  });

  test('a message that quotes a path containing " in /": the place is the tail, or the file the caller knows', () => {
    const { output, prefix } = run({ 'nginx.conf': 'events {}\nhttp {\n    include "/nonexistent in /dir/x.conf";\n}\n' });
    const root = path.join(prefix, 'nginx.conf');
    const expected = { level: 'emerg', severity: 'error', message: 'open() "/nonexistent in /dir/x.conf" failed (2: No such file or directory)', file: root, line: 3 };
    assert.deepEqual(parseNginxOutput(output), [expected]);
    assert.deepEqual(parseNginxOutput(output, (p) => p === root), [expected]);

    // A file whose own path holds " in /": only the caller's list of files can tell where the place starts.
    const odd = run({ 'nginx.conf': 'events {}\nhttp {\n    include "sub in /x.conf";\n}\n', 'sub in /x.conf': 'no_such_directive_here;\n' });
    const file = path.join(odd.prefix, 'sub in /x.conf');
    assert.deepEqual(parseNginxOutput(odd.output, (p) => p === file), [
      { level: 'emerg', severity: 'error', message: 'unknown directive "no_such_directive_here"', file, line: 1 },
    ]);
    assert.equal(parseNginxOutput(odd.output)[0]?.file, '/x.conf', 'without the list, the last " in /" is taken');
  });

  test('"nginx: [alert]" lines (before the error log is open) and "in command line" messages have no file', () => {
    requireNginx();
    const { prefix } = run({ 'nginx.conf': MAIN, 'conf.d/x.conf': 'server { listen 127.0.0.1:8080; bad_directive_here; }\n' });
    const r = spawnSync(NGINX, ['-t', '-q', '-p', `${prefix}/`, '-c', path.join(prefix, 'nginx.conf'), '-e', '/nonexistent-dir/e.log', '-g', 'bogus_global;'], {
      encoding: 'utf8',
    });
    const output = `${r.stdout}${r.stderr}`;
    assert.notEqual(r.status, 0);
    const messages = parseNginxOutput(output);
    assert.deepEqual(messages[0], {
      level: 'alert',
      severity: 'error',
      message: 'could not open error log file: open() "/nonexistent-dir/e.log" failed (2: No such file or directory)',
    });
    assert.deepEqual(messages[1], { level: 'emerg', severity: 'error', message: 'unknown directive "bogus_global" in command line' });
    assert.equal(messages.length, 2, output);
    // "nginx: configuration file ... test failed" is not a message.
    assert.ok(/test failed/.test(output));
  });

  test('a config nginx accepts gives no messages', () => {
    const ok = nginxTestFiles({ 'nginx.conf': MAIN, 'conf.d/x.conf': 'server { listen 127.0.0.1:8080; }\n' });
    assert.equal(ok.ok, true, ok.output);
    assert.deepEqual(parseNginxOutput(ok.output), []);
  });
});

describe('parseNginxVersion', () => {
  test('reads what nginx -v prints on stderr', () => {
    requireNginx();
    const r = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    const v = parseNginxVersion(r.stderr);
    assert.ok(v, `no version in ${JSON.stringify(r.stderr)}`);
    assert.ok(r.stderr.includes(`nginx/${v}`));
    assert.match(v, /^\d+\.\d+\.\d+$/);
  });

  test('other builds: the nginx version of openresty and freenginx; none from unrelated output', () => {
    assert.equal(parseNginxVersion('nginx version: openresty/1.21.4.1\n'), '1.21.4');
    assert.equal(parseNginxVersion('nginx version: freenginx/1.25.3\n'), '1.25.3');
    assert.equal(parseNginxVersion('sh: nginx: not found\n'), undefined);
  });
});
