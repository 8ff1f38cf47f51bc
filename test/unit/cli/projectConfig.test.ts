import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { binNginxWs, ensureBuilt } from '../lsp/built';
import { nginxWs, suiteTrees } from './run';

/** A WebSocket location that HTTP/1.0 and a 20 s read timeout break, and a location only a path pattern marks. */
const MAIN = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location /ws/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_read_timeout 20s;
        }
        location /live/ {
            proxy_pass http://127.0.0.1:9001;
        }
    }
}
`;

interface JsonReport {
  files: { path: string; diagnostics: { rule: string; severity: string; message: string }[] }[];
}

function rulesOf(dir: string, args: string[] = ['nginx.conf']): string[] {
  const r = nginxWs(['check', '--format', 'json', ...args], dir);
  assert.ok(r.status === 0 || r.status === 1, `status ${r.status}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as JsonReport;
  return report.files.flatMap((f) => f.diagnostics.map((d) => `${d.severity} ${d.rule}`)).sort();
}

describe('nginx-ws check reads .nginx-ws.json', { timeout: 120_000 }, () => {
  const tree = suiteTrees();

  test('without a file: HTTP/1.0, and no read timeout verdict (no heartbeat is known)', () => {
    const found = rulesOf(tree({ 'nginx.conf': MAIN }));
    assert.ok(found.includes('error ws-http-version'), found.join('\n'));
    assert.ok(!found.includes('warning ws-read-timeout'), found.join('\n'));
  });

  test('its nginxVersion, heartbeatInterval and rules apply, from a folder above the checked file', () => {
    const config = { nginxVersion: '1.29.7', heartbeatInterval: 15, rules: { 'ws-path-only': 'off' } };
    const dir = tree({ '.nginx-ws.json': JSON.stringify(config), 'conf/nginx.conf': MAIN.replace('/live/', '/ws2/ws/') });
    const found = rulesOf(path.join(dir, 'conf'));
    assert.ok(!found.includes('error ws-http-version'), found.join('\n'));
    assert.ok(found.includes('warning ws-read-timeout'), found.join('\n'));
    assert.ok(!found.some((f) => f.endsWith('ws-path-only')), found.join('\n'));
    assert.ok(rulesOf(tree({ 'nginx.conf': MAIN.replace('/live/', '/ws2/ws/') })).includes('hint ws-path-only'));
  });

  test('the flags override it: --nginx-version as a whole, --rule one id at a time', () => {
    const config = { nginxVersion: '1.29.7', heartbeatInterval: 15, rules: { 'ws-read-timeout': 'error', 'ws-http-version': 'off' } };
    const dir = tree({ '.nginx-ws.json': JSON.stringify(config), 'nginx.conf': MAIN });
    const found = rulesOf(dir, ['--nginx-version', '1.22.1', '--rule', 'ws-http-version=warning', 'nginx.conf']);
    assert.ok(found.includes('warning ws-http-version'), found.join('\n'));
    assert.ok(found.includes('error ws-read-timeout'), found.join('\n'));
  });

  test('its websocketPaths mark a location; its main and prefix are relative to the file', () => {
    const site = MAIN.replace('events {}\nhttp {', '').replace(/\}\n$/, '');
    const dir = tree({
      '.nginx-ws.json': JSON.stringify({ websocketPaths: ['^/live/'], main: 'etc/main.conf', prefix: 'etc' }),
      'etc/main.conf': 'events {}\nhttp {\n    include sites/*.conf;\n}\n',
      'etc/sites/app.conf': site,
    });
    // app.conf has no nginx.conf beside or above it: only the file's main gives it its http context.
    const found = rulesOf(dir, ['etc/sites/app.conf']);
    assert.ok(!found.some((f) => f.endsWith('main-config')), found.join('\n'));
    assert.equal(found.filter((f) => f === 'error ws-http-version').length, 2, found.join('\n'));
  });

  test('a malformed file is one line on stderr and exit status 2', () => {
    const cases: [string, RegExp][] = [
      ['{ "nginxVersion": "1.24.0", }', /^nginx-ws: \.nginx-ws\.json: not valid JSON: .+\n$/],
      ['[]', /^nginx-ws: \.nginx-ws\.json: not a JSON object/],
      ['{ "heartbeatInterval": "30s" }', /^nginx-ws: \.nginx-ws\.json: "heartbeatInterval" must be a positive number of seconds, not "30s"\n$/],
      ['{ "rules": { "ws-read-timeout": "warn" } }', /^nginx-ws: \.nginx-ws\.json: "rules" gives "ws-read-timeout" the level "warn": use one of off, error, warning, information, hint\n$/],
      ['{ "rules": { "no-such-rule": "off" } }', /^nginx-ws: \.nginx-ws\.json: "rules" names an unknown rule "no-such-rule"/],
      ['{ "heartbeat": 30 }', /^nginx-ws: \.nginx-ws\.json: "heartbeat" is not a setting \(known: nginxVersion, heartbeatInterval/],
      ['{ "websocketPaths": ["("] }', /^nginx-ws: \.nginx-ws\.json: "websocketPaths" holds "\(", which is not a regular expression\n$/],
      ['{ "main": "missing.conf" }', /^nginx-ws: cannot read missing\.conf: ENOENT\n$/],
    ];
    for (const [text, expected] of cases) {
      const dir = tree({ '.nginx-ws.json': text, 'nginx.conf': MAIN });
      const r = nginxWs(['check', 'nginx.conf'], dir);
      assert.equal(r.status, 2, `${text}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, expected, text);
      assert.equal(r.stdout, '', text);
    }
  });

  test('PATHs under two different files are refused', () => {
    const dir = tree({ 'a/.nginx-ws.json': '{}', 'a/nginx.conf': MAIN, 'b/.nginx-ws.json': '{}', 'b/nginx.conf': MAIN });
    const r = nginxWs(['check', 'a', 'b'], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, 'nginx-ws: the PATHs have different .nginx-ws.json files (a uses a/.nginx-ws.json, b uses b/.nginx-ws.json): check them in separate runs\n');
  });
});

/** Runs `nginx-ws init` with PATH set to `pathEnv`. */
function init(dir: string, pathEnv: string, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  ensureBuilt();
  const r = spawnSync(process.execPath, [binNginxWs, 'init', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: pathEnv } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const WITH_NGINX = `/usr/sbin:${path.dirname(process.execPath)}:/usr/bin:/bin`;
const WITHOUT_NGINX = `${path.dirname(process.execPath)}:/usr/bin:/bin`;

describe('nginx-ws init', { timeout: 120_000 }, () => {
  const tree = suiteTrees();

  test("with Debian's nginx on PATH: its version and the folder's main config", () => {
    assert.ok(fs.existsSync('/usr/sbin/nginx'), 'this test needs Debian nginx at /usr/sbin/nginx');
    assert.ok(!fs.existsSync('/usr/bin/nginx') && !fs.existsSync('/bin/nginx'), 'nginx must be only in /usr/sbin for the PATH without it');
    const dir = tree({ 'nginx/nginx.conf': MAIN, 'nginx/conf.d/app.conf': 'server { listen 8081; }\n' });
    const r = init(dir, WITH_NGINX);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'wrote .nginx-ws.json: nginxVersion 1.22.1 (from /usr/sbin/nginx -v); main nginx/nginx.conf\n');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, '.nginx-ws.json'), 'utf8')), { nginxVersion: '1.22.1', main: 'nginx/nginx.conf' });
    // What it wrote is what check reads: 1.22.1 proxies WebSockets with HTTP/1.0.
    assert.ok(rulesOf(dir, ['nginx']).includes('error ws-http-version'));
  });

  test('without nginx on PATH: no nginxVersion, and it says why', () => {
    const dir = tree({ 'nginx.conf': MAIN, 'edge.conf': 'events {}\nhttp {}\n', 'conf.d/x.conf': 'server {}\n' });
    const r = init(dir, WITHOUT_NGINX);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'wrote .nginx-ws.json: no nginxVersion: no nginx on PATH; an unknown version counts as older than 1.29.7; main edge.conf, nginx.conf\n');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, '.nginx-ws.json'), 'utf8')), { main: ['edge.conf', 'nginx.conf'] });
  });

  test('it takes no PATH and no other option', () => {
    const dir = tree({});
    assert.deepEqual(init(dir, WITHOUT_NGINX, ['conf']), {
      status: 2,
      stdout: '',
      stderr: 'nginx-ws: init writes .nginx-ws.json in the current folder and takes no PATH, got conf (see nginx-ws --help)\n',
    });
    assert.equal(init(dir, WITHOUT_NGINX, ['--forse']).stderr, 'nginx-ws: unknown option --forse (see nginx-ws --help)\n');
    assert.ok(!fs.existsSync(path.join(dir, '.nginx-ws.json')));
  });

  test('an existing file is kept unless --force', () => {
    const dir = tree({ '.nginx-ws.json': '{ "heartbeatInterval": 10 }\n' });
    const r = init(dir, WITHOUT_NGINX);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'nginx-ws: .nginx-ws.json already exists here; nginx-ws init --force replaces it\n');
    assert.equal(fs.readFileSync(path.join(dir, '.nginx-ws.json'), 'utf8'), '{ "heartbeatInterval": 10 }\n');
    const forced = init(dir, WITHOUT_NGINX, ['--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(fs.readFileSync(path.join(dir, '.nginx-ws.json'), 'utf8'), '{}\n');
    assert.match(forced.stdout, /no main config/);
  });
});
