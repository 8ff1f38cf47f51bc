import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Directive } from '../../../server/src/parser/ast';
import { memoryHost } from '../../../server/src/workspace/fileHost';
import { effective, effectiveHeaders } from '../../../server/src/workspace/effective';
import type { Scope } from '../../../server/src/workspace/scope';
import { Workspace } from '../../../server/src/workspace/workspace';
import { analyzeFiles } from '../../../server/src/service/analyze';
import { resolveSettings } from '../../../server/src/service/settings';
import { nginxAccepts } from '../rules/nginxAgrees';

/** The scope of the first block directive named `name` whose first argument is `arg`, in file `p`. */
function scopeAt(files: Record<string, string>, p: string, name: string, arg?: string): Scope {
  const ws = new Workspace(memoryHost(new Map(Object.entries(files))));
  for (const f of Object.keys(files)) ws.addFile(f);
  for (const inst of ws.instancesOf(p)) {
    for (const d of inst.named.get(name) ?? []) {
      if ((arg === undefined || d.args[0]?.value === arg) && d.block) return { block: d, instance: inst };
    }
  }
  throw new Error(`no ${name} ${arg ?? ''} in ${p}`);
}

const text = (d: Directive): string => [d.name, ...d.args.map((a) => a.raw)].join(' ');

describe('effective values', () => {
  const main = '/etc/nginx/nginx.conf';
  const files = {
    [main]: `events {}
http {
    proxy_read_timeout 120s;
    proxy_set_header X-Tenant blue;
    include /etc/nginx/conf.d/*.conf;
}
`,
    '/etc/nginx/conf.d/app.conf': `server {
    listen 127.0.0.1:8080;
    proxy_set_header Host $host;
    location /ws/ {
        proxy_pass http://127.0.0.1:9000;
        proxy_set_header Upgrade $http_upgrade;
        include /etc/nginx/proxy_params;
    }
    location /api/ {
        proxy_pass http://127.0.0.1:9001;
        proxy_read_timeout 5s;
        if ($arg_slow) {
            proxy_read_timeout 30s;
        }
    }
    location /plain/ {
        proxy_pass http://127.0.0.1:9002;
    }
}
`,
    '/etc/nginx/proxy_params': 'proxy_set_header X-Real-IP $remote_addr;\n',
  };
  const app = '/etc/nginx/conf.d/app.conf';

  test('a scalar inherits across the include boundary from http, naming the level it came from', () => {
    const eff = effective(scopeAt(files, app, 'location', '/ws/'), 'proxy_read_timeout');
    assert.equal(eff.source, 'inherited');
    assert.equal(eff.from?.block?.name, 'http');
    assert.equal(path.basename(eff.directives[0].instance.path), 'nginx.conf');
    assert.equal(text(eff.directives[0].directive), 'proxy_read_timeout 120s');
  });

  test('a value set here wins; an `if` inside a location inherits from it and may override', () => {
    assert.equal(effective(scopeAt(files, app, 'location', '/api/'), 'proxy_read_timeout').source, 'here');
    const inIf = effective(scopeAt(files, app, 'if'), 'proxy_read_timeout');
    assert.equal(inIf.source, 'here');
    assert.equal(inIf.directives[0].directive.args[0].value, '30s');
  });

  test('nothing set anywhere is the default', () => {
    assert.equal(effective(scopeAt(files, app, 'location', '/ws/'), 'proxy_buffering').source, 'default');
  });

  test('a level that sets any proxy_set_header drops all of its parents\' — includes inside the block count as set here', () => {
    assert.deepEqual([...effectiveHeaders(scopeAt(files, app, 'location', '/ws/')).keys()], ['upgrade', 'x-real-ip']);
  });

  test('a level with none inherits the nearest level\'s whole list', () => {
    assert.deepEqual([...effectiveHeaders(scopeAt(files, app, 'location', '/plain/')).keys()], ['host']);
    assert.deepEqual([...effectiveHeaders(scopeAt(files, app, 'server')).keys()], ['host']);
  });
});

describe('files included at one level are that level', () => {
  // nginx reads every conf.d file into the same http block: the headers of 00-proxy.conf and the X-Site line
  // of 10-site.conf form one list, and a location without its own lines inherits all of them.
  const main = '/etc/nginx/nginx.conf';
  const files = {
    [main]: 'events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n',
    '/etc/nginx/conf.d/00-proxy.conf':
      'proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "upgrade";\nproxy_read_timeout 1h;\n',
    '/etc/nginx/conf.d/10-site.conf':
      'proxy_set_header X-Site blue;\nserver {\n    listen 127.0.0.1:8080;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n',
  };

  test('a location inherits the headers of every file included into its http block', () => {
    const scope = scopeAt(files, '/etc/nginx/conf.d/10-site.conf', 'location', '/ws/');
    assert.deepEqual([...effectiveHeaders(scope).keys()], ['upgrade', 'connection', 'x-site']);
    assert.equal(effective(scope, 'proxy_set_header').source, 'inherited');
  });

  test('so the WebSocket rules find the Upgrade and Connection headers, and nginx agrees the tree loads', () => {
    const found = analyzeFiles(new Map(Object.entries(files)), '/etc/nginx/conf.d/10-site.conf', resolveSettings({})).findings;
    assert.deepEqual(found.map((f) => f.rule).filter((r) => r.startsWith('ws-upgrade') || r === 'ws-connection-header' || r === 'ws-http-version'), []);
    nginxAccepts(Object.fromEntries(Object.entries(files).map(([p, t]) => [path.relative('/etc/nginx', p), t.replaceAll('/etc/nginx/', '')])));
  });
});
