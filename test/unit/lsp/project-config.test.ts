import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { fixtureDir } from '../../support/fixtureDir';
import { LspClient } from './client';

/** HTTP/1.0 (before 1.29.7) breaks this location, and a 20 s read timeout does once a 30 s heartbeat is named. */
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
    }
}
`;
const PROJECT = JSON.stringify({ nginxVersion: '1.29.7', heartbeatInterval: 5 });

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code)).sort();

/** Opens nginx.conf in a server started on `dir` and returns the rule ids of its first publish. */
async function firstPublish(client: LspClient, dir: string): Promise<string[]> {
  const uri = pathToFileURL(path.join(dir, 'conf', 'nginx.conf')).href;
  const from = client.mark();
  await client.open(uri, MAIN);
  return codes(await client.waitForDiagnostics(from, (p) => p.uri === uri));
}

const PULL = { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } };

describe('the language server reads .nginx-ws.json', { timeout: 60_000 }, () => {
  test('without one: HTTP/1.0 is found, and no read timeout verdict (no heartbeat is known)', async () => {
    const dir = fixtureDir({ 'conf/nginx.conf': MAIN });
    const { client } = await LspClient.start({ capabilities: PULL, configuration: (items) => items.map(() => ({})) });
    try {
      const found = await firstPublish(client, dir);
      assert.ok(found.includes('ws-http-version') && !found.includes('ws-read-timeout'), found.join(' '));
    } finally {
      await client.stop();
    }
  });

  test('the file above the document applies where the editor sets nothing', async () => {
    const dir = fixtureDir({ '.nginx-ws.json': PROJECT, 'conf/nginx.conf': MAIN });
    const { client } = await LspClient.start({ capabilities: PULL, configuration: (items) => items.map(() => ({})) });
    try {
      const found = await firstPublish(client, dir);
      assert.ok(!found.includes('ws-http-version') && !found.includes('ws-read-timeout'), found.join(' '));
    } finally {
      await client.stop();
    }
  });

  test('a setting the editor sets overrides the file, the others still come from it', async () => {
    const dir = fixtureDir({ '.nginx-ws.json': PROJECT, 'conf/nginx.conf': MAIN });
    const { client } = await LspClient.start({ capabilities: PULL, configuration: (items) => items.map(() => ({ heartbeatInterval: 30 })) });
    try {
      const found = await firstPublish(client, dir);
      assert.ok(found.includes('ws-read-timeout'), found.join(' '));
      assert.ok(!found.includes('ws-http-version'), found.join(' '));
    } finally {
      await client.stop();
    }
  });

  test('a client that cannot be asked: the initialization options override the file the same way', async () => {
    const dir = fixtureDir({ '.nginx-ws.json': PROJECT, 'conf/nginx.conf': MAIN });
    const { client } = await LspClient.start({ initializationOptions: { debounceMs: 0, nginxWs: { nginxVersion: '1.22.1' } } });
    try {
      const found = await firstPublish(client, dir);
      assert.ok(found.includes('ws-http-version'), found.join(' '));
      assert.ok(!found.includes('ws-read-timeout'), found.join(' '));
    } finally {
      await client.stop();
    }
  });

  test('a malformed file: one message and one log line, the document still checked; fixed, it applies', async () => {
    const dir = fixtureDir({ '.nginx-ws.json': '{ "nginxVersion": 1.29 }', 'conf/nginx.conf': MAIN, 'conf/other.conf': MAIN });
    const { client } = await LspClient.start({ capabilities: PULL, configuration: (items) => items.map(() => ({})) });
    try {
      const found = await firstPublish(client, dir);
      assert.ok(found.includes('ws-http-version') && !found.includes('ws-read-timeout'), found.join(' '));
      const otherUri = pathToFileURL(path.join(dir, 'conf', 'other.conf')).href;
      let from = client.mark();
      await client.open(otherUri, MAIN);
      await client.waitForDiagnostics(from, (p) => p.uri === otherUri);
      const expected = `nginx-ws: ${path.join(dir, '.nginx-ws.json')}: "nginxVersion" must be a version such as "1.24.0", not 1.29; its settings are not used until it is fixed`;
      assert.deepEqual(client.messages, [{ type: 1, message: expected }]);
      assert.equal(client.logs.filter((l) => l.includes('.nginx-ws.json')).length, 1, client.logs.join('\n'));
      assert.ok(client.alive);

      fs.writeFileSync(path.join(dir, '.nginx-ws.json'), PROJECT);
      from = client.mark();
      const configUri = pathToFileURL(path.join(dir, '.nginx-ws.json')).href;
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      const uri = pathToFileURL(path.join(dir, 'conf', 'nginx.conf')).href;
      const after = await client.waitForDiagnostics(from, (p) => p.uri === uri);
      assert.deepEqual(codes(after).filter((c) => c === 'ws-http-version' || c === 'ws-read-timeout'), []);
    } finally {
      await client.stop();
    }
  });

  test("its main puts a site that no nginx.conf includes inside its main config's http block", async () => {
    const site = 'server {\n    listen 8080;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n        proxy_read_timeout 3600s;\n    }\n}\n';
    // The http block's proxy_http_version reaches the site's location only when the site is read inside it.
    const main = 'events {}\nhttp {\n    proxy_http_version 1.1;\n    include sites/*.conf;\n}\n';
    const run = async (files: Record<string, string>): Promise<string[]> => {
      const dir = fixtureDir(files);
      const { client } = await LspClient.start({ capabilities: PULL, configuration: (items) => items.map(() => ({})) });
      try {
        const uri = pathToFileURL(path.join(dir, 'etc', 'sites', 'app.conf')).href;
        const from = client.mark();
        await client.open(uri, site);
        return codes(await client.waitForDiagnostics(from, (p) => p.uri === uri));
      } finally {
        await client.stop();
      }
    };
    // edge.conf.in is not a name nginx-ws looks for, and no workspace folder was given.
    const without = await run({ 'etc/edge.conf.in': main, 'etc/sites/app.conf': site });
    assert.ok(without.includes('ws-http-version'), without.join(' '));
    const withMain = await run({ '.nginx-ws.json': JSON.stringify({ main: 'etc/edge.conf.in' }), 'etc/edge.conf.in': main, 'etc/sites/app.conf': site });
    assert.ok(!withMain.includes('ws-http-version'), withMain.join(' '));
  });
});
