// Files included at one level are that level: what a backend receives through nginx is what the analysis says
// the location sends, when the headers and the site live in two conf.d files of one http block.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFiles } from '../../server/src/service/analyze';
import { resolveSettings } from '../../server/src/service/settings';
import { effectiveHeaders } from '../../server/src/workspace/effective';
import { memoryHost } from '../../server/src/workspace/fileHost';
import { Workspace } from '../../server/src/workspace/workspace';
import { startBackend, type HelloMessage } from './lab/backend';
import { connect } from './lab/client';
import { startOnFreePorts } from './lab/nginx-server';

const main = 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n';
const proxyConf = 'proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "upgrade";\nproxy_set_header X-Shared yes;\n';
const siteConf = (port: number, backend: string): string =>
  `proxy_set_header X-Site blue;\nserver {\n    listen 127.0.0.1:${port};\n    location /ws/ {\n        proxy_pass http://${backend};\n    }\n}\n`;

test('a location inherits the proxy_set_header lines of every conf.d file, as the analysis says', async () => {
  const backend = await startBackend('a');
  try {
    const { server, ports } = await startOnFreePorts(1, () => main, ([port]) => ({
      'conf.d/00-proxy.conf': proxyConf,
      'conf.d/10-site.conf': siteConf(port!, backend.address),
    }));
    try {
      const session = await connect(`ws://127.0.0.1:${ports[0]}/ws/`);
      const hello = await session.nextJson<HelloMessage>(2_000);
      session.close();
      assert.equal(hello.headers['x-site'], 'blue');
      assert.equal(hello.headers['x-shared'], 'yes');
      assert.equal(hello.headers.upgrade, 'websocket');

      const files = new Map([
        ['/lab/nginx.conf', main],
        ['/lab/conf.d/00-proxy.conf', proxyConf],
        ['/lab/conf.d/10-site.conf', siteConf(ports[0]!, backend.address)],
      ]);
      const ws = new Workspace(memoryHost(files));
      for (const f of files.keys()) ws.addFile(f);
      const inst = ws.instancesOf('/lab/conf.d/10-site.conf')[0]!;
      const location = inst.named.get('location')![0]!;
      const sent = [...effectiveHeaders({ block: location, instance: inst }).keys()];
      assert.deepEqual(sent, ['upgrade', 'connection', 'x-shared', 'x-site']);
      for (const h of sent) assert.ok(h in hello.headers, `the backend got no ${h}`);
      const wsFindings = analyzeFiles(files, '/lab/conf.d/10-site.conf', resolveSettings({})).findings.filter((f) => /^ws-(upgrade|connection|http-version)/.test(f.rule));
      assert.deepEqual(wsFindings, []);
    } finally {
      await server.stop();
    }
  } finally {
    await backend.stop();
  }
});
