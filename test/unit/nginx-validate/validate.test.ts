// The module that runs nginx: the command it builds, the runs themselves on Debian's nginx, the timeout,
// and that nothing else in the server or the client can start a process.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { declaresPid, nginxVersionOf, resolveBinary, runProcess, testArgs, testConfig } from '../../../server/src/nginx/validate';
import { memoryHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { fixtureDir } from '../../support/fixtureDir';
import { NGINX, requireNginx } from '../../support/nginx';
import { repoRoot } from '../../support/paths';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function fixture(files: Record<string, string>): string {
  const d = fixtureDir(files);
  dirs.push(d);
  return d;
}

const MAIN = 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n';

describe('the nginx -t command', () => {
  test('arguments: test, config, prefix with a slash, errors to stderr, quiet, and a quoted pid only when asked', () => {
    assert.deepEqual(testArgs('/etc/nginx/nginx.conf', '/tmp/p'), ['-t', '-c', '/etc/nginx/nginx.conf', '-p', '/tmp/p/', '-e', 'stderr', '-q']);
    assert.deepEqual(testArgs('/c.conf', '/tmp/a b/', '/tmp/a b/x"y.pid').slice(-2), ['-g', 'pid "/tmp/a b/x\\"y.pid";']);
  });

  test('declaresPid: a main-context pid anywhere in the tree, through includes', () => {
    const trees = (files: Record<string, string>): boolean => {
      const ws = new Workspace(memoryHost(new Map(Object.entries(files))));
      for (const p of Object.keys(files)) ws.addFile(p);
      const t = ws.getTrees().find((x) => x.rootPath === '/e/nginx.conf');
      assert.ok(t?.isMain);
      return declaresPid(t);
    };
    assert.equal(trees({ '/e/nginx.conf': 'include main.d/*.conf;\nevents {}\nhttp {}\n', '/e/main.d/pid.conf': 'pid /run/x.pid;\n' }), true);
    assert.equal(trees({ '/e/nginx.conf': 'events {}\nhttp {}\n' }), false);
  });
});

describe('testConfig on Debian nginx', () => {
  test('a broken include: not ok, the message at its file and line; the temporary prefix is removed', async () => {
    const dir = fixture({ 'nginx.conf': MAIN, 'conf.d/x.conf': 'server {\n    listen 127.0.0.1:8080;\n    proxy_passs http://127.0.0.1:9000;\n}\n' });
    requireNginx();
    const r = await testConfig({ nginxPath: NGINX, root: path.join(dir, 'nginx.conf'), hasPid: false });
    assert.equal(r.ok, false);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.messages, [{ level: 'emerg', severity: 'error', message: 'unknown directive "proxy_passs"', file: path.join(dir, 'conf.d/x.conf'), line: 3 }]);
    const prefix = r.args[r.args.indexOf('-p') + 1];
    assert.ok(prefix?.startsWith(path.join(os.tmpdir(), 'nginx-ws-t-')), prefix);
    assert.equal(r.args[r.args.indexOf('-g') + 1], `pid "${path.join(prefix ?? '', 'nginx.pid')}";`);
    assert.equal(fs.existsSync(prefix ?? ''), false, 'the temporary prefix is left behind');
  });

  test("a config with its own pid: nginx -t opens that file (so we pass no -g then), and a missed pid is retried without -g", async () => {
    const dir = fixture({ 'nginx.conf': `pid ${'PIDDIR'}/own.pid;\n${MAIN}`, 'conf.d/x.conf': 'server { listen 127.0.0.1:8080; }\n' });
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace('PIDDIR', dir));
    const own = path.join(dir, 'own.pid');

    const r = await testConfig({ nginxPath: NGINX, root: conf, hasPid: true });
    assert.equal(r.ok, true, r.output);
    assert.equal(r.args.includes('-g'), false);
    assert.equal(fs.existsSync(own), true, 'nginx -t creates the pid file it is given');
    assert.equal(fs.readFileSync(own, 'utf8'), '', 'but writes no pid into it');

    // Told wrongly that there is no pid: nginx calls ours a duplicate, and the run is repeated without it.
    const again = await testConfig({ nginxPath: NGINX, root: conf, hasPid: false });
    assert.equal(again.ok, true, again.output);
    assert.equal(again.args.includes('-g'), false);
  });

  test('a valid config without pid: ok, and the pid file nginx opens is the temporary one', async () => {
    const dir = fixture({ 'nginx.conf': MAIN, 'conf.d/x.conf': 'server { listen 127.0.0.1:8080; }\n' });
    const r = await testConfig({ nginxPath: NGINX, root: path.join(dir, 'nginx.conf'), hasPid: false });
    assert.equal(r.ok, true, r.output);
    assert.deepEqual(r.messages, []);
    assert.ok(r.args.includes('-g'));
  });
});

describe('runProcess', () => {
  test('a process that outlives the timeout is killed and reported as timed out', async () => {
    const started = Date.now();
    const r = await runProcess('/bin/sleep', ['30'], '/', 300);
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    assert.ok(Date.now() - started < 5_000, 'the timeout did not stop it');
  });

  test('a binary that does not exist: an error, not a rejection', async () => {
    const r = await runProcess('/nonexistent/nginx', ['-t'], '/');
    assert.equal(r.exitCode, null);
    assert.match(r.error ?? '', /ENOENT/);
  });
});

describe('the binary and its version', () => {
  test('resolveBinary: absolute paths as they are, command names on PATH, relative paths refused', () => {
    assert.deepEqual(resolveBinary('/opt/x/nginx'), { path: '/opt/x/nginx' });
    assert.deepEqual(resolveBinary('nginx', `/nonexistent:${path.dirname(NGINX)}`), { path: NGINX });
    assert.match(resolveBinary('bin/nginx').error ?? '', /absolute path or a command name/);
    assert.match(resolveBinary('nginx', '/nonexistent').error ?? '', /no executable "nginx" on PATH/);
  });

  test('nginxVersionOf asks the binary once, then answers from its cache', () => {
    const r = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
    const expected = /nginx\/(\d+\.\d+\.\d+)/.exec(r.stderr)?.[1];
    assert.ok(expected, r.stderr);
    const first = nginxVersionOf(NGINX);
    const second = nginxVersionOf(NGINX);
    assert.equal(first.version, expected);
    assert.equal(second.version, expected);
    assert.equal(second.fresh, false);
    assert.match(nginxVersionOf('/nonexistent/nginx').error ?? '', /ENOENT/);
  });
});

describe('nothing else starts a process', () => {
  test('only server/src/nginx/validate.ts imports child_process in the server and the client', () => {
    const hits: string[] = [];
    for (const dir of ['server/src', 'client/src']) {
      for (const f of fs.readdirSync(path.join(repoRoot, dir), { recursive: true })) {
        const rel = path.join(dir, String(f));
        if (!rel.endsWith('.ts') || rel.endsWith('.test.ts')) continue;
        if (/\bchild_process\b/.test(fs.readFileSync(path.join(repoRoot, rel), 'utf8'))) hits.push(rel);
      }
    }
    assert.deepEqual(hits, ['server/src/nginx/validate.ts']);
  });
});
