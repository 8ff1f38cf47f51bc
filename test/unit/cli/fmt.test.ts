import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseArgs } from '../../../server/src/cli/args';
import { binNginxWs, ensureBuilt } from '../lsp/built';
import { nginxWs, suiteTrees } from './run';

const MESSY = 'events {}\nhttp {\nserver { listen 8080;\n}\n}\n';
const TIDY = 'events {}\nhttp {\n    server {\n        listen 8080;\n    }\n}\n';

describe('nginx-ws fmt', { timeout: 120_000 }, () => {
  const tree = suiteTrees();

  test('--check prints a unified diff and exits 1, and changes nothing', () => {
    const dir = tree({ 'nginx.conf': MESSY });
    const r = nginxWs(['fmt', '--check', 'nginx.conf'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(
      r.stdout,
      `--- a/nginx.conf
+++ b/nginx.conf
@@ -1,5 +1,6 @@
 events {}
 http {
-server { listen 8080;
-}
+    server {
+        listen 8080;
+    }
 }
`,
    );
    assert.equal(r.stderr, '');
    assert.equal(fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8'), MESSY);
  });

  test('--check on formatted files prints nothing and exits 0', () => {
    const dir = tree({ 'nginx.conf': TIDY, 'conf.d/a.conf': 'server {\n    listen 80;\n}\n' });
    const r = nginxWs(['fmt', '--check', '.'], dir);
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, '', '']);
  });

  test('without --check the file is rewritten in place and named', () => {
    const dir = tree({ 'nginx.conf': MESSY });
    const r = nginxWs(['fmt', 'nginx.conf'], dir);
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, 'formatted nginx.conf\n', '']);
    assert.equal(fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8'), TIDY);
  });

  test('--indent tab', () => {
    const dir = tree({ 'nginx.conf': MESSY });
    assert.equal(nginxWs(['fmt', '--indent', 'tab', 'nginx.conf'], dir).status, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8'), 'events {}\nhttp {\n\tserver {\n\t\tlisten 8080;\n\t}\n}\n');
  });

  test('a file with a syntax error is left untouched and named with the error; the others are formatted; exit 1', () => {
    const broken = 'http {\nserver {\n listen 80\n}\n}\n';
    const dir = tree({ 'a.conf': broken, 'b.conf': 'server {\nlisten 80;\n}\n' });
    const r = nginxWs(['fmt', '.'], dir);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'a.conf:4:1: not formatted, syntax error: unexpected "}"\n');
    assert.equal(r.stdout, 'formatted b.conf\n');
    assert.equal(fs.readFileSync(path.join(dir, 'a.conf'), 'utf8'), broken);
  });

  test('bytes that are not UTF-8 come back exactly', () => {
    const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nserver {\nlisten 80;\n}\n')]);
    const dir = tree({ 'nginx.conf': latin1 });
    assert.equal(nginxWs(['fmt', 'nginx.conf'], dir).status, 0);
    const expected = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nserver {\n    listen 80;\n}\n')]);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'nginx.conf')), expected);
  });

  test('bad input: one line, exit 2', () => {
    const dir = tree({ 'nginx.conf': TIDY });
    const missing = nginxWs(['fmt', 'nope.conf'], dir);
    assert.deepEqual([missing.status, missing.stdout, missing.stderr], [2, '', 'nginx-ws: cannot read nope.conf: ENOENT\n']);
    const indent = nginxWs(['fmt', '--indent', 'two', 'nginx.conf'], dir);
    assert.deepEqual([indent.status, indent.stderr], [2, 'nginx-ws: --indent must be a number of spaces from 1 to 8, or tab, not "two" (see nginx-ws --help)\n']);
  });

  test('parsing: fmt with options', () => {
    assert.deepEqual(parseArgs(['fmt', '--check', '--indent=2', 'a', 'b']), { kind: 'fmt', options: { check: true, indent: '  ', paths: ['a', 'b'] } });
    assert.equal(parseArgs(['fmt']).kind, 'usage-error');
  });
});

describe('nginx-ws fmt - (a pipe, for editors)', { timeout: 120_000 }, () => {
  const run = (args: string[], input: string | Buffer): { status: number | null; stdout: string; stderr: string } => {
    ensureBuilt();
    const r = spawnSync(process.execPath, [binNginxWs, 'fmt', ...args], { input, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('formats standard input to standard output', () => {
    assert.deepEqual(run(['-'], MESSY), { status: 0, stdout: TIDY, stderr: '' });
    assert.deepEqual(run(['--indent', '2', '-'], 'http {\nserver {}\n}\n'), { status: 0, stdout: 'http {\n  server {}\n}\n', stderr: '' });
  });

  test('a text with a syntax error comes back unchanged, exit 1', () => {
    const broken = 'http {\n  listen 80\n}\n';
    assert.deepEqual(run(['-'], broken), { status: 1, stdout: broken, stderr: '<stdin>:3:1: not formatted, syntax error: unexpected "}"\n' });
  });
});
