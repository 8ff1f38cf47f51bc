import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { fixtureDir } from '../../support/fixtureDir';
import { LspClient } from './client';

const MAIN = `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    include conf.d/*.conf;
}
`;
const SITE = `upstream realtime {
    server 127.0.0.1:9001;
}
server {
    listen 127.0.0.1:8080;
    proxy_set_header X-Tenant blue;
    location /socket/ {
        proxy_pass http://realtime/;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }
    location /plain/ {
        proxy_pass http://realtime;
        prox
    }
}
`;

describe('hover, completion and navigation over a real LSP connection', { timeout: 60_000 }, () => {
  let dir: string;
  let client: LspClient;
  let siteUri: string;
  const hoverAt = async (line: number, character: number): Promise<string> => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: siteUri }, position: { line, character } });
    return h ? (h.contents as MarkupContent).value : '';
  };

  before(async () => {
    dir = fixtureDir({ 'nginx.conf': MAIN, 'conf.d/site.conf': SITE });
    siteUri = pathToFileURL(path.join(dir, 'conf.d/site.conf')).href;
    ({ client } = await LspClient.start({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'conf' }] }));
    const from = client.mark();
    await client.open(siteUri, SITE);
    await client.waitForDiagnostics(from, (p) => p.uri === siteUri);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('hovering the location leads with its effective configuration: the server-level X-Tenant is dropped, not sent', async () => {
    const md = await hoverAt(6, 6);
    assert.ok(md.startsWith('**WebSocket: yes** — Upgrade and Connection forwarded, HTTP/1.1; idle connections close after 60s (proxy_read_timeout default)\n'), md);
    assert.match(md, /\| header sent \| value \| from \|\n\|---\|---\|---\|\n\| `Upgrade` \| `\$http_upgrade` \| line 10 \|\n\| `Connection` \| `\$connection_upgrade` \| line 11 \|\n\| `Host` \| `\$proxy_host` \| nginx's default \|\n\n/);
    assert.match(md, /\*\*Dropped by inheritance\*\* \(this location sets its own proxy_set_header\): `X-Tenant blue` \(server, line 6\)/);
    assert.match(md, /location \[ = \| ~ \| ~\* \| \^~ \] uri \{\.\.\.\};/);
    const plain = await hoverAt(12, 6);
    assert.match(plain, /^\*\*WebSocket: no\*\* — the client's Upgrade header is not forwarded; Connection is close \(nginx's default\); HTTP\/1\.0/);
    assert.match(plain, /\| `X-Tenant` \| `blue` \| server, line 6 \|/);
  });

  test('the effective-configuration request answers with the plain text of the block at the cursor, or says why not', async () => {
    const r = await client.request<{ title: string; text: string }>('nginxWs/effectiveConfiguration', { textDocument: { uri: siteUri }, position: { line: 8, character: 0 } });
    assert.equal(r.title, 'location /socket/');
    assert.match(r.text, /^location \/socket\/ \(.*conf\.d\/site\.conf:7\)\nWebSocket: yes — /);
    assert.match(r.text, /\nupstream realtime \(line 1\): 127\.0\.0\.1:9001\nbalancing: round-robin; keepalive: off/);
    const none = await client.request<{ error: string }>('nginxWs/effectiveConfiguration', { textDocument: { uri: siteUri }, position: { line: 1, character: 4 } });
    assert.deepEqual(none, { error: 'nginx-ws: line 2 of site.conf is not inside a location or server block' });
  });

  test('hovering proxy_pass explains the URI rewrite and lists the upstream', async () => {
    const md = await hoverAt(7, 10);
    assert.match(md, /a request for `\/socket\/chat` reaches the backend as `\/chat`/);
    assert.match(md, /\*\*upstream realtime\*\*/);
  });

  test('hovering $connection_upgrade shows the map in nginx.conf', async () => {
    const md = await hoverAt(10, 40);
    assert.match(md, /defined in nginx\.conf:3/);
  });

  test('completion in a conf.d location offers location directives with their syntax', async () => {
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: siteUri }, position: { line: 14, character: 12 } });
    const http = items.find((i) => i.label === 'proxy_http_version');
    assert.equal(http?.detail, 'proxy_http_version 1.0 | 1.1 | 2');
    assert.ok(items.some((i) => i.label === 'ws-location'));
  });

  test('go to definition of $connection_upgrade opens nginx.conf at the map', async () => {
    const locs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: siteUri }, position: { line: 10, character: 40 } });
    assert.equal(locs.length, 1);
    assert.equal(locs[0].uri, pathToFileURL(path.join(dir, 'nginx.conf')).href);
    assert.equal(locs[0].range.start.line, 2);
  });
});

describe('include problems are reported and the server keeps answering', { timeout: 120_000 }, () => {
  test('an include cycle, a 10,000-file glob and a missing file', async () => {
    const files: Record<string, string> = {
      'nginx.conf': 'events {}\nhttp {\n    include missing.conf;\n    include loop.conf;\n    include many/*.conf;\n}\n',
      'loop.conf': 'include loop.conf;\n',
    };
    for (let i = 0; i <= 10_000; i++) files[`many/f${i}.conf`] = '';
    const dir = fixtureDir(files);
    const mainUri = pathToFileURL(path.join(dir, 'nginx.conf')).href;
    const { client } = await LspClient.start({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'conf' }] });
    try {
      const started = Date.now();
      const from = client.mark();
      await client.open(mainUri, files['nginx.conf']);
      const p = await client.waitForDiagnostics(from, (x) => x.uri === mainUri);
      console.log(`include problems published ${Date.now() - started} ms after didOpen (10,001-file folder indexed first)`);
      const codes = p.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}`).sort();
      assert.deepEqual(codes, ['include-limit 5', 'include-not-found 3']);
      const loop = pathToFileURL(path.join(dir, 'loop.conf')).href;
      const from2 = client.mark();
      await client.open(loop, files['loop.conf']);
      const lp = await client.waitForDiagnostics(from2, (x) => x.uri === loop);
      assert.deepEqual(lp.diagnostics.map((d) => d.code), ['include-cycle']);
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
      assert.ok(Array.isArray(symbols) && symbols.length > 0, 'the server still answers');
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
