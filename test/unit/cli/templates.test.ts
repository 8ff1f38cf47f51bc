import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCheck } from '../../../server/src/cli/check';
import { parseArgs } from '../../../server/src/cli/args';
import { suiteTrees } from './run';

const tree = suiteTrees();

function check(argv: string[], cwd: string): { status: number; stdout: string } {
  const cmd = parseArgs(['check', ...argv]);
  assert.ok(cmd.kind === 'check');
  let stdout = '';
  const status = runCheck(cmd.options, { cwd, stdout: (s) => (stdout += s), stderr: () => undefined });
  return { status, stdout };
}

describe('nginx-ws check on templates', () => {
  // Rendered by a deploy script that replaces ${backend} (lower case, so not recognisable as envsubst's).
  const site = 'server {\n    listen 127.0.0.1:8080;\n    location / {\n        proxy_pass http://${backend};\n    }\n}\n';

  test('--template names a template that its name and tags do not reveal', () => {
    const dir = tree({ 'nginx.conf': 'events {}\nhttp {\n    include deploy/*.conf;\n}\n', 'deploy/site.conf': site });
    const plain = check(['deploy/site.conf'], dir);
    assert.match(plain.stdout, /undefined-variable unknown "backend" variable/);
    assert.equal(plain.status, 1);
    const templated = check(['--template', 'deploy/*.conf', 'deploy/site.conf'], dir);
    assert.match(templated.stdout, /^deploy\/site\.conf:4:27 information template this file is an envsubst template \(as nginxWs\.templates says\)/m);
    assert.doesNotMatch(templated.stdout, /undefined-variable/);
    assert.equal(templated.status, 0, templated.stdout);
  });

  test('a folder walk picks up site.conf.j2 and nginx.tmpl, and reads them as templates', () => {
    const dir = tree({ 'roles/web/site.conf.j2': 'server {\n    listen {{ port }};\n}\n', 'nginx.tmpl': 'events {}\n{{ if .X }}\nhttp {}\n{{ end }}\n', 'README.j2': 'not nginx {{ x }}\n' });
    const r = check(['.'], dir);
    assert.match(r.stdout, /^nginx\.tmpl:2:1 information template this file is a Go template \(by its name\)/m);
    assert.match(r.stdout, /^roles\/web\/site\.conf\.j2:2:12 information template this file is a Jinja template \(by its name\)/m);
    assert.doesNotMatch(r.stdout, /README/);
    assert.equal(r.status, 0, r.stdout);
  });
});
