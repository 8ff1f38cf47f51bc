import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { nginxWs, suiteTrees } from './run';

/** A main config whose map and zone the site it includes uses; the site also has one real mistake. */
const MAIN = `events {}
http {
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    limit_req_zone $binary_remote_addr zone=perip:1m rate=10r/s;
    include sites-enabled/*;
}
`;
const SITE = `server {
    listen 127.0.0.1:8080;
    location /ws/ {
        limit_req zone=perip;
        proxy_pass http://127.0.0.1:9000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        add_header X-Trace $trace_id;
    }
}
`;

interface JsonReport {
  files: { path: string; diagnostics: { rule: string; severity: string; message: string; range: unknown }[] }[];
}

function findingsFor(dir: string, args: string[], file: string): string[] {
  const r = nginxWs(['check', '--format', 'json', ...args], dir);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const report = JSON.parse(r.stdout) as JsonReport;
  const entry = report.files.find((f) => f.path === file);
  assert.ok(entry, `${args.join(' ')} did not report ${file}: ${report.files.map((f) => f.path).join(', ')}`);
  return entry.diagnostics.map((d) => `${JSON.stringify(d.range)} ${d.severity} ${d.rule} ${d.message}`);
}

describe('nginx-ws check and the main config', { timeout: 120_000 }, () => {
  const tree = suiteTrees();

  test('the main config, the site it includes and the site folder give the same findings for the site', () => {
    const verdict = nginxTestFiles({ 'nginx.conf': MAIN, 'sites-enabled/app': SITE });
    assert.match(verdict.output, /unknown "trace_id" variable/);

    const dir = tree({ 'nginx.conf': MAIN, 'sites-enabled/app': SITE });
    const viaMain = findingsFor(dir, ['nginx.conf'], 'sites-enabled/app');
    assert.ok(viaMain.some((f) => f.endsWith('error undefined-variable unknown "trace_id" variable')), viaMain.join('\n'));
    assert.ok(!viaMain.some((f) => /connection_upgrade|perip/.test(f)), viaMain.join('\n'));
    assert.deepEqual(findingsFor(dir, ['sites-enabled/app'], 'sites-enabled/app'), viaMain);
    assert.deepEqual(findingsFor(dir, ['sites-enabled'], 'sites-enabled/app'), viaMain);
    assert.deepEqual(findingsFor(dir, ['.'], 'sites-enabled/app'), viaMain);
  });

  test('an include cycle behind the main config is reported when the main config is checked', () => {
    const dir = tree({ 'nginx.conf': 'events {}\nhttp { include a.conf; }\n', 'a.conf': 'include b.conf;\n', 'b.conf': 'include a.conf;\n' });
    const r = nginxWs(['check', 'nginx.conf'], dir);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /include-cycle/);
  });

  test('--fix on a site does not add a second map for what its main config defines', () => {
    const dir = tree({ 'nginx.conf': MAIN, 'sites-enabled/app': SITE.replace('        add_header X-Trace $trace_id;\n', '') });
    const r = nginxWs(['check', '--fix', 'sites-enabled/app'], dir);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'sites-enabled/app'), 'utf8'), /\bmap\b/);
    assert.equal(fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8'), MAIN);
    assert.doesNotMatch(r.stdout + r.stderr, /undefined-variable|nginx\.conf/);
  });

  test('a fragment with no main config gets one note and no errors for names defined elsewhere', () => {
    const dir = tree({ 'site.conf': SITE.replace('        add_header X-Trace $trace_id;\n', '') });
    const r = nginxWs(['check', 'site.conf'], dir);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^site\.conf:1:1 information main-config checked without its main config: /);
    assert.equal(lines.filter((l) => / main-config /.test(l)).length, 1);
    assert.doesNotMatch(r.stdout, /undefined-variable|undefined-zone/);
  });

  test('a main config with another name than nginx.conf in the folder above is found too', () => {
    const dir = tree({ 'edge.conf': MAIN, 'resolv.conf': 'nameserver 127.0.0.1\n', 'sites-enabled/app': SITE });
    const alone = findingsFor(dir, ['sites-enabled/app'], 'sites-enabled/app');
    assert.deepEqual(alone, findingsFor(dir, ['edge.conf'], 'sites-enabled/app'));
    assert.ok(!alone.some((f) => /main-config|connection_upgrade/.test(f)), alone.join('\n'));
  });

  test('--main names a main config that is not beside or above the file', () => {
    const dir = tree({ 'etc/nginx.conf': MAIN.replace('sites-enabled/*', '../sites/*.conf'), 'sites/app.conf': SITE });
    const named = findingsFor(dir, ['--main', 'etc/nginx.conf', 'sites/app.conf'], 'sites/app.conf');
    assert.deepEqual(named, findingsFor(dir, ['etc/nginx.conf'], 'sites/app.conf'));
    assert.ok(!named.some((f) => /main-config|connection_upgrade/.test(f)), named.join('\n'));
  });

  // Files with no include and no main config around are analysed one at a time (flat memory): these are the cases
  // where another file of the run still decides their findings.
  test('a file without includes is analysed in the block of the file of the run that includes it', () => {
    const dir = tree({ 'a.conf': 'server {\n    listen 127.0.0.1:8080;\n    include b.conf;\n}\n', 'b.conf': 'proxy_pass http://127.0.0.1:9000;\n' });
    // Alone, b.conf is taken for a location's body; a.conf puts it in a server, where nginx refuses proxy_pass.
    assert.ok(!findingsFor(dir, ['b.conf'], 'b.conf').some((f) => / directive-context /.test(f)));
    const inFolder = findingsFor(dir, ['.'], 'b.conf');
    assert.ok(inFolder.some((f) => /error directive-context "proxy_pass" directive is not allowed here/.test(f)), inFolder.join('\n'));
  });

  test('a file without includes below a main config of the run sees its maps, though no line starts with `http {`', () => {
    const main = 'worker_processes 1; events {} http {\n    map $http_upgrade $connection_upgrade { default upgrade; "" close; }\n}\n';
    const dir = tree({ 'main.conf': main, 'sites/app.conf': SITE });
    const inFolder = findingsFor(dir, ['.'], 'sites/app.conf');
    assert.ok(!inFolder.some((f) => /main-config|connection_upgrade/.test(f)), inFolder.join('\n'));
    assert.ok(inFolder.some((f) => /undefined-variable .*trace_id/.test(f)), inFolder.join('\n'));
    // Named alone, the main config is not found (no `http {` at a line's start): the file is a fragment.
    assert.ok(findingsFor(dir, ['sites/app.conf'], 'sites/app.conf').some((f) => / main-config /.test(f)));
  });

  test('a dangling sites-enabled link is named, and the rest is checked', () => {
    const dir = tree({ 'nginx.conf': MAIN, 'sites-enabled/app': SITE });
    fs.symlinkSync('../sites-available/gone', path.join(dir, 'sites-enabled', 'gone'));
    const r = nginxWs(['check', '.'], dir);
    assert.equal(r.stderr, 'nginx-ws: cannot read sites-enabled/gone: dangling link to ../sites-available/gone\n');
    assert.match(r.stdout, /sites-enabled\/app:9:\d+ error undefined-variable unknown "trace_id" variable/);
    assert.equal(r.status, 1);
  });
});

describe('nginx-ws check of a folder and the order files are analysed in', { timeout: 60_000 }, () => {
  const tree = suiteTrees();

  test('a file of the tree checked before the main config does not hide the main config\'s findings', () => {
    const main = 'worker_rlimit_nofile 1024;\nevents { worker_connections 1024; }\nhttp { include conf.d/*.conf; }\n';
    const site = 'server { listen 127.0.0.1:8080; location / { proxy_pass http://127.0.0.1:9000; } }\n';
    const dir = tree({ 'nginx.conf': main, 'conf.d/a.conf': site });
    const viaMain = findingsFor(dir, ['nginx.conf'], 'nginx.conf');
    assert.ok(viaMain.some((f) => / worker-fd-limit /.test(f)), viaMain.join('\n'));
    assert.deepEqual(findingsFor(dir, ['.'], 'nginx.conf'), viaMain);
  });
});
