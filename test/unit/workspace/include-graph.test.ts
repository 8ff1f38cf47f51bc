import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzePath } from '../../../server/src/service/analyze';
import { diskHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { fixtureDir } from '../../support/fixtureDir';

function workspace(dir: string): Workspace {
  const ws = new Workspace(diskHost);
  ws.addFolder(dir);
  return ws;
}

/** What the include graph decides: syntax, context and name resolution (not the WebSocket advice). */
const GRAPH_RULES = /^(syntax|unknown-directive|directive-|include-|undefined-)/;

function findings(ws: Workspace, p: string): string[] {
  return analyzePath(ws, p)
    .filter((f) => GRAPH_RULES.test(f.rule))
    .map((f) => `${f.rule} ${f.range.start.line + 1}: ${f.message}`);
}

const MAIN = `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    include conf.d/*.conf;
    include sites-enabled/*;
}
`;

const WS_SITE = `upstream realtime {
    server 127.0.0.1:9001;
}
server {
    listen 127.0.0.1:8080;
    location /ws/ {
        proxy_pass http://realtime;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }
}
`;

describe('include graph', () => {
  test('files reached through include take the context of the include site', () => {
    const dir = fixtureDir({
      'nginx.conf': MAIN,
      'conf.d/ws.conf': WS_SITE,
      'sites-available/admin': 'server {\n    listen 127.0.0.1:8081;\n    location / { return 204; }\n}\n',
      'sites-enabled/admin': { link: '../sites-available/admin' },
    });
    const ws = workspace(dir);
    const [ws1] = ws.instancesOf(path.join(dir, 'conf.d/ws.conf'));
    assert.equal(ws1.context, 'http');
    assert.equal(ws1.site?.instance.path, path.join(dir, 'nginx.conf'));
    const admin = ws.instancesOf(path.join(dir, 'sites-enabled/admin'));
    assert.equal(admin.length, 1);
    assert.equal(admin[0].context, 'http');
    assert.deepEqual(findings(ws, path.join(dir, 'conf.d/ws.conf')), []);
  });

  test('a map in nginx.conf satisfies $connection_upgrade in conf.d; without it the use is flagged', () => {
    const dir = fixtureDir({ 'nginx.conf': MAIN, 'conf.d/ws.conf': WS_SITE });
    const ws = workspace(dir);
    const site = path.join(dir, 'conf.d/ws.conf');
    assert.deepEqual(findings(ws, site), []);

    fs.writeFileSync(path.join(dir, 'nginx.conf'), MAIN.replace(/ {4}map[^}]*\}\n/, ''));
    ws.changed(path.join(dir, 'nginx.conf'));
    assert.deepEqual(findings(ws, site), ['undefined-variable 10: unknown "connection_upgrade" variable']);

    fs.writeFileSync(path.join(dir, 'nginx.conf'), MAIN);
    ws.changed(path.join(dir, 'nginx.conf'));
    assert.deepEqual(findings(ws, site), []);
  });

  test('the fix for a missing map edits the file that holds the http block', () => {
    const dir = fixtureDir({ 'nginx.conf': MAIN.replace(/ {4}map[^}]*\}\n/, ''), 'conf.d/ws.conf': WS_SITE });
    const ws = workspace(dir);
    const [f] = analyzePath(ws, path.join(dir, 'conf.d/ws.conf')).filter((x) => x.rule === 'undefined-variable');
    assert.equal(f.fixes.length, 1);
    const [edit] = f.fixes[0].edits;
    assert.equal(edit.uri, `file://${path.join(dir, 'nginx.conf')}`);
    assert.deepEqual(edit.range.start, { line: 1, character: 6 });
    assert.equal(edit.newText, "\n    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        ''      close;\n    }");
  });

  test('a file included from two places is analysed in each context', () => {
    const dir = fixtureDir({
      'nginx.conf': 'events {}\nhttp {\n    include common.conf;\n    server {\n        listen 127.0.0.1:8080;\n        include common.conf;\n    }\n}\n',
      'common.conf': 'client_max_body_size 1m;\n',
    });
    const contexts = workspace(dir)
      .instancesOf(path.join(dir, 'common.conf'))
      .map((i) => i.context);
    assert.deepEqual(contexts, ['http', 'server']);
  });

  test('a missing file, a cycle and a self-include are reported at the include', () => {
    const dir = fixtureDir({
      'nginx.conf': 'events {}\nhttp {\n    include missing.conf;\n    include a.conf;\n    include self.conf;\n}\n',
      'a.conf': 'include b.conf;\n',
      'b.conf': 'include a.conf;\n',
      'self.conf': 'include self.conf;\n',
    });
    const ws = workspace(dir);
    assert.deepEqual(findings(ws, path.join(dir, 'nginx.conf')), [
      `include-not-found 3: open() "${path.join(dir, 'missing.conf')}" failed (2: No such file or directory)`,
    ]);
    assert.match(findings(ws, path.join(dir, 'b.conf')).join('\n'), /^include-cycle 1: "a\.conf" includes /);
    assert.match(findings(ws, path.join(dir, 'self.conf')).join('\n'), /^include-cycle 1: "self\.conf" includes itself/);
  });

  test('a missing include that the files at hand cannot judge is not reported', () => {
    // A checkout of a site's config: the server has /etc/letsencrypt, the package's mime.types, the container's
    // /config files; a site file that nothing includes does not know its prefix.
    const dir = fixtureDir({
      'nginx.conf':
        'events {}\nhttp {\n    include mime.types;\n    include /etc/letsencrypt/options-ssl-nginx.conf;\n    include /config/nginx/proxy.conf;\n    include fastcgi_params;\n    include conf.d/missing.conf;\n}\n',
      'sites/app.conf': 'server {\n    listen 8080;\n    include snippets/ssl.conf;\n    include proxy_params;\n}\n',
    });
    const ws = workspace(dir);
    assert.deepEqual(findings(ws, path.join(dir, 'nginx.conf')), [
      `include-not-found 7: open() "${path.join(dir, 'conf.d/missing.conf')}" failed (2: No such file or directory)`,
    ]);
    // The project's nginx.conf gives the site file its prefix, and the project has no snippets/ssl.conf.
    assert.deepEqual(findings(ws, path.join(dir, 'sites/app.conf')), [
      `include-not-found 3: open() "${path.join(dir, 'snippets/ssl.conf')}" failed (2: No such file or directory)`,
    ]);
    const lone = fixtureDir({ 'app.conf': 'server {\n    listen 8080;\n    include snippets/ssl.conf;\n}\n' });
    assert.deepEqual(findings(workspace(lone), path.join(lone, 'app.conf')), []);
  });

  test('a glob matching nothing is fine; globs expand in sorted order and skip hidden files', () => {
    const dir = fixtureDir({
      'nginx.conf': 'events {}\nhttp {\n    include none/*.conf;\n    include conf.d/*.conf;\n}\n',
      'conf.d/b.conf': '',
      'conf.d/a.conf': '',
      'conf.d/.hidden.conf': '',
      'conf.d/c.conf.bak': '',
    });
    const ws = workspace(dir);
    assert.deepEqual(findings(ws, path.join(dir, 'nginx.conf')), []);
    const [root] = ws.getTrees().filter((t) => t.isMain);
    assert.deepEqual(
      root.instances.slice(1).map((i) => path.relative(dir, i.path)),
      ['conf.d/a.conf', 'conf.d/b.conf'],
    );
  });

  test('a symlink loop is a missing file, not a hang', () => {
    const dir = fixtureDir({
      'nginx.conf': 'events {}\nhttp {\n    include loop.conf;\n}\n',
      'loop.conf': { link: 'loop2.conf' },
      'loop2.conf': { link: 'loop.conf' },
    });
    assert.match(findings(workspace(dir), path.join(dir, 'nginx.conf')).join('\n'), /^include-not-found 3: open\(\) ".*loop\.conf" failed/);
  });

  test('a glob over more than 10,000 files stops with a diagnostic', () => {
    const files: Record<string, string> = { 'nginx.conf': 'events {}\nhttp {\n    include many/*.conf;\n}\n' };
    for (let i = 0; i <= 10_000; i++) files[`many/f${i}.conf`] = '';
    const dir = fixtureDir(files);
    const ws = new Workspace(diskHost);
    ws.addFile(path.join(dir, 'nginx.conf'));
    assert.deepEqual(findings(ws, path.join(dir, 'nginx.conf')), [
      'include-limit 3: "many/*.conf" matches more than 10000 files; nginx-ws stops here',
    ]);
  });
});
