import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { nginxWs, suiteTrees } from './run';

/** `return 200` lost its `;`: nginx stops at the `}` below it. */
const MISSING_SEMICOLON = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location / {
            return 200
        }
    }
}
`;
const CLEAN = MISSING_SEMICOLON.replace('return 200\n', 'return 200;\n');

describe('nginx-ws check', { timeout: 120_000 }, () => {
  const tree = suiteTrees();

  test("a missing `;` is reported with nginx's message at nginx's line, exit 1", () => {
    const verdict = nginxTestFiles({ 'nginx.conf': MISSING_SEMICOLON });
    assert.ok(!verdict.ok && verdict.message && verdict.line, verdict.output);

    const dir = tree({ 'conf/nginx.conf': MISSING_SEMICOLON });
    const r = nginxWs(['check', 'conf/nginx.conf'], dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `conf/nginx.conf:${verdict.line}:9 error syntax ${verdict.message}`);
    assert.equal(lines.at(-1), '1 problem (1 error, 0 warnings), 1 file checked');
    assert.equal(r.stderr, '');
  });

  test('a clean file exits 0', () => {
    const dir = tree({ 'nginx.conf': CLEAN });
    const r = nginxWs(['check', 'nginx.conf'], dir);
    assert.equal(r.stdout, 'no problems, 1 file checked\n');
    assert.equal(r.status, 0);
  });

  test('warnings alone exit 0; --rule can make them errors or turn them off', () => {
    const dir = tree({ 'nginx.conf': MISSING_SEMICOLON });
    const warn = nginxWs(['check', '--rule', 'syntax=warning', 'nginx.conf'], dir);
    assert.equal(warn.status, 0);
    assert.match(warn.stdout, /^nginx\.conf:7:9 warning syntax /);
    const off = nginxWs(['check', '--rule=syntax=off', 'nginx.conf'], dir);
    assert.equal(off.stdout, 'no problems, 1 file checked\n');
  });

  test('an unreadable path exits 2 with one line naming it', () => {
    const dir = tree({ 'nginx.conf': CLEAN });
    const missing = nginxWs(['check', 'nginx.conf', 'conf/x.conf'], dir);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'nginx-ws: cannot read conf/x.conf: ENOENT\n');
    assert.equal(missing.stdout, '');

    // A dangling link where nginx would include a site.
    fs.mkdirSync(path.join(dir, 'sites-enabled'));
    fs.symlinkSync('../sites-available/gone', path.join(dir, 'sites-enabled', 'gone'));
    const dangling = nginxWs(['check', '.'], dir);
    assert.equal(dangling.status, 1);
    assert.equal(dangling.stderr, 'nginx-ws: cannot read sites-enabled/gone: dangling link to ../sites-available/gone\n');
    assert.equal(dangling.stdout, 'no problems, 1 file checked\n');
  });

  test('bad usage exits 2 with one line', () => {
    const dir = tree({ 'nginx.conf': CLEAN });
    for (const args of [[], ['check'], ['check', '--format', 'xml', 'nginx.conf'], ['check', '--rule', 'nope=off', 'nginx.conf'], ['check', '--heartbeat', '-1', 'nginx.conf'], ['frobnicate']]) {
      const r = nginxWs(args, dir);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^nginx-ws: [^\n]+\n$/, `${args.join(' ')} printed ${JSON.stringify(r.stderr)}`);
    }
  });

  test('binary garbage does not crash it', () => {
    const dir = tree({ 'garbage.conf': randomBytes(32 * 1024), 'nul.conf': Buffer.from('http {\0\xff\xfe}\n', 'latin1') });
    const r = nginxWs(['check', '.'], dir);
    assert.ok(r.status === 0 || r.status === 1, `status ${r.status}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /, 2 files checked\n$/);
  });

  test('folders are walked for config files; sites-* take every file; dependency and dot folders are skipped', () => {
    const dir = tree({
      'nginx.conf': CLEAN,
      'conf.d/a.conf': 'server { listen 80 }\n',
      'conf.d/readme.txt': 'not a config {',
      'templates/default.conf.template': 'server { listen ${PORT} }\n',
      'x.nginx': 'events { }}\n',
      'sites-available/site': 'server { listen 81 }\n',
      'sites-enabled/site2': 'server { listen 82 }\n',
      'sites-enabled/.site.swp': 'garbage {',
      'node_modules/pkg/nginx.conf': 'broken {',
      '.git/nginx.conf': 'broken {',
    });
    const r = nginxWs(['check', '.'], dir);
    const files = [...new Set(r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l)).map((l) => l.split(':')[0]))];
    assert.deepEqual(files, ['conf.d/a.conf', 'sites-available/site', 'sites-enabled/site2', 'templates/default.conf.template', 'x.nginx']);
    assert.match(r.stdout, /, 6 files checked\n$/);
    assert.equal(r.status, 1);
  });

  test('output is sorted by file, then position', () => {
    const dir = tree({ 'b.conf': 'http {\n}\n}\n}\n', 'a.conf': 'events {\n' });
    const r = nginxWs(['check', 'b.conf', 'a.conf'], dir);
    const located = r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l)).map((l) => l.split(' ')[0]);
    const sorted = [...located].sort((x, y) => {
      const [fx, lx, cx] = x.split(':');
      const [fy, ly, cy] = y.split(':');
      return fx.localeCompare(fy) || Number(lx) - Number(ly) || Number(cx) - Number(cy);
    });
    assert.ok(located.length >= 2, r.stdout);
    assert.deepEqual(located, sorted);
    assert.equal(located[0].split(':')[0], 'a.conf');
  });

  test('--help, --version and rules', () => {
    const dir = tree({});
    const help = nginxWs(['--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /nginx-ws check \[options\] PATH/);
    const version = nginxWs(['--version'], dir);
    assert.equal(version.stdout, `${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version}\n`);
    const rules = nginxWs(['rules'], dir);
    assert.match(rules.stdout, /^syntax\s+error\s+/m);
  });
});
