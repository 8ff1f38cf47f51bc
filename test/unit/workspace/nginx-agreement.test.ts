import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzePath } from '../../../server/src/service/analyze';
import { diskHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { fixtureDir } from '../../support/fixtureDir';
import { nginxTest } from '../../support/nginx';

const MAP = `    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
`;

const site = (extra = ''): string => `upstream realtime {
    server 127.0.0.1:9001;
}
server {
    listen 127.0.0.1:18431;
    location /ws/ {
        proxy_pass http://realtime;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
${extra}    }
}
`;

const main = (http: string): string => `events {}
http {
${http}    include conf.d/*.conf;
    include sites-enabled/*;
}
`;

interface Fixture {
  files: Record<string, string | { link: string }>;
  /** nginx's message when it must fail; undefined when both must accept. */
  nginxSays?: RegExp;
  /** Our rule that must report it. */
  rule?: string;
}

const fixtures: Record<string, Fixture> = {
  'map in nginx.conf, WebSocket site in conf.d, a site enabled by symlink': {
    files: {
      'nginx.conf': main(MAP),
      'conf.d/ws.conf': site(),
      'sites-available/static': 'server {\n    listen 127.0.0.1:18432;\n    location / { return 204; }\n}\n',
      'sites-enabled/static': { link: '../sites-available/static' },
    },
  },
  'zone defined in nginx.conf, used in conf.d': {
    files: { 'nginx.conf': main(MAP + '    limit_conn_zone $binary_remote_addr zone=ws_clients:1m;\n'), 'conf.d/ws.conf': site('        limit_conn ws_clients 50;\n') },
  },
  'no map for $connection_upgrade': {
    files: { 'nginx.conf': main(''), 'conf.d/ws.conf': site() },
    nginxSays: /unknown "connection_upgrade" variable/,
    rule: 'undefined-variable',
  },
  'limit_conn names a zone nothing defines': {
    files: { 'nginx.conf': main(MAP), 'conf.d/ws.conf': site('        limit_conn ws_clients 50;\n') },
    nginxSays: /zero size shared memory zone "ws_clients"/,
    rule: 'undefined-zone',
  },
  'include of a missing file': {
    files: { 'nginx.conf': main(MAP + '    include ws-params.conf;\n'), 'conf.d/ws.conf': site() },
    nginxSays: /open\(\) ".*ws-params\.conf" failed \(2: No such file or directory\)/,
    rule: 'include-not-found',
  },
};

describe('our verdict agrees with nginx -t on multi-file fixtures', () => {
  for (const [name, fx] of Object.entries(fixtures)) {
    test(name, () => {
      const dir = fixtureDir(fx.files);
      const ws = new Workspace(diskHost);
      ws.addFolder(dir);
      const errors = [...ws.files].flatMap((p) => analyzePath(ws, p)).filter((f) => f.severity === 'error');
      const verdict = nginxTest(path.join(dir, 'nginx.conf'), dir);
      if (!fx.nginxSays) {
        assert.deepEqual(errors.map((e) => `${e.rule}: ${e.message}`), []);
        assert.ok(verdict.ok, verdict.output);
        return;
      }
      assert.equal(verdict.ok, false, 'nginx must reject this fixture');
      assert.match(verdict.output, fx.nginxSays);
      assert.deepEqual([...new Set(errors.map((e) => e.rule))], [fx.rule]);
      assert.match(errors[0].message, fx.nginxSays, 'our message carries nginx\'s');
    });
  }
});
