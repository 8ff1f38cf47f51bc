import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToUri } from '../../../server/src/workspace/uri';
import { fixTexts } from '../../../server/src/service/fixes';
import { Project } from '../../../server/src/service/project';
import { defaultSettings } from '../../../server/src/service/settings';
import { nginxTestFiles } from '../../support/nginx';
import { WS_MISTAKES } from '../lsp/fixtures';
import { nginxWs, suiteTrees } from './run';

/** What the fix engine makes of a file, in process: `check --fix` must write exactly this. */
function expectedFix(p: string, text: string): string {
  const out = fixTexts(new Map([[pathToUri(p), text]]), new Project().analyzer(defaultSettings));
  const fixed = out.texts.get(pathToUri(p));
  assert.ok(fixed !== undefined, 'the fixture must have fixes');
  return fixed;
}

describe('nginx-ws check --fix', { timeout: 120_000 }, () => {
  const tree = suiteTrees();

  test('writes exactly the fix engine\'s text, which nginx then accepts; a second run changes nothing', () => {
    assert.equal(nginxTestFiles({ 'nginx.conf': WS_MISTAKES }).ok, false, 'nginx must reject the fixture ($connection_upgrade is undefined)');
    const dir = tree({ 'nginx.conf': WS_MISTAKES });
    const file = path.join(dir, 'nginx.conf');
    fs.chmodSync(file, 0o640);

    const r = nginxWs(['check', '--fix', 'nginx.conf'], dir);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.equal(fixed, expectedFix(file, WS_MISTAKES));
    assert.equal(r.stderr, 'nginx-ws: fixed nginx.conf\n');
    const verdict = nginxTestFiles({ 'nginx.conf': fixed });
    assert.ok(verdict.ok, verdict.output);
    // What is left is reported as usual, and decides the status.
    assert.equal(r.status, /^\S+ error /m.test(r.stdout) ? 1 : 0, r.stdout);

    assert.equal(fs.statSync(file).mode & 0o777, 0o640, 'the mode is kept');
    assert.deepEqual(fs.readdirSync(dir), ['nginx.conf'], 'no temporary file is left behind');

    const again = nginxWs(['check', '--fix', 'nginx.conf'], dir);
    assert.equal(again.stderr, '');
    assert.equal(fs.readFileSync(file, 'utf8'), fixed);
  });

  test('a site enabled through a symlink is fixed in place: the link stays a link', () => {
    const dir = tree({ 'sites-available/app': WS_MISTAKES });
    fs.mkdirSync(path.join(dir, 'sites-enabled'));
    fs.symlinkSync('../sites-available/app', path.join(dir, 'sites-enabled', 'app'));
    const r = nginxWs(['check', '--fix', 'sites-enabled/app'], dir);
    assert.equal(r.stderr, 'nginx-ws: fixed sites-enabled/app\n');
    assert.ok(fs.lstatSync(path.join(dir, 'sites-enabled', 'app')).isSymbolicLink());
    assert.notEqual(fs.readFileSync(path.join(dir, 'sites-available', 'app'), 'utf8'), WS_MISTAKES);
  });

  test('a file with a syntax error is left alone and said so; the others are still fixed', () => {
    const broken = `${WS_MISTAKES}}\n`;
    const dir = tree({ 'broken.conf': broken, 'good.conf': WS_MISTAKES });
    const r = nginxWs(['check', '--fix', '.'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'broken.conf'), 'utf8'), broken);
    assert.notEqual(fs.readFileSync(path.join(dir, 'good.conf'), 'utf8'), WS_MISTAKES);
    assert.equal(r.stderr, 'nginx-ws: broken.conf has a syntax error; not fixed\nnginx-ws: fixed good.conf\n');
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^broken\.conf:\d+:\d+ error syntax unexpected "}"$/m);
  });

  test('a file that is not valid UTF-8 is left byte for byte', () => {
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${WS_MISTAKES}`)]);
    const dir = tree({ 'latin1.conf': bytes });
    const r = nginxWs(['check', '--fix', 'latin1.conf'], dir);
    assert.ok(fs.readFileSync(path.join(dir, 'latin1.conf')).equals(bytes));
    assert.equal(r.stderr, 'nginx-ws: latin1.conf is not valid UTF-8; not fixed\n');
  });

  test('two rules that each add Host to one location: the backend gets one Host line, and nginx accepts the file', () => {
    const text = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        proxy_set_header Host $host;\n        # nginx-ws: websocket\n        location /ws/ {\n            proxy_http_version 1.1;\n            proxy_pass http://127.0.0.1:9000;\n            proxy_read_timeout 1h;\n        }\n    }\n}\n';
    const dir = tree({ 'nginx.conf': text });
    const r = nginxWs(['check', '--fix', 'nginx.conf'], dir);
    assert.equal(r.stderr, 'nginx-ws: fixed nginx.conf\n');
    const fixed = fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
    const location = fixed.slice(fixed.indexOf('location /ws/'));
    assert.deepEqual(location.match(/^ *proxy_set_header Host .*$/gm), ['            proxy_set_header Host $host;']);
    const verdict = nginxTestFiles({ 'nginx.conf': fixed });
    assert.ok(verdict.ok, verdict.output);
  });

  test('json output with --fix stays one JSON document on stdout', () => {
    const dir = tree({ 'nginx.conf': WS_MISTAKES });
    const r = nginxWs(['check', '--fix', '--format', 'json', 'nginx.conf'], dir);
    const out = JSON.parse(r.stdout) as { files: { diagnostics: { fixes: unknown[] }[] }[] };
    assert.equal(out.files.length, 1);
    assert.equal(r.stderr, 'nginx-ws: fixed nginx.conf\n');
  });
});
