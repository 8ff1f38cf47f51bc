import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { fixtureDir } from '../../support/fixtureDir';
import { LspClient } from './client';

// A site file uses $connection_upgrade, which nginx.conf defines with a map before including the sites.
// Judged alone the site would have an undefined variable; within its workspace it has none.

const MAIN = `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    include sites/*.conf;
}
`;
const SITE = `server {
    listen 127.0.0.1:8080;
    location /ws/ {
        proxy_pass http://127.0.0.1:9000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_read_timeout 3600s;
    }
}
`;

describe('documents are analysed within their workspace', { timeout: 60_000 }, () => {
  let dir: string;
  let client: LspClient;
  let mainUri: string;
  let siteUri: string;
  const undefinedVars = (p: { diagnostics: { code?: string | number }[] }): number => p.diagnostics.filter((d) => d.code === 'undefined-variable').length;

  before(async () => {
    dir = fixtureDir({ 'nginx.conf': MAIN, 'sites/app.conf': SITE });
    mainUri = pathToFileURL(path.join(dir, 'nginx.conf')).href;
    siteUri = pathToFileURL(path.join(dir, 'sites', 'app.conf')).href;
    ({ client } = await LspClient.start({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'conf' }] }));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a variable defined in the including nginx.conf on disk is known in the site', async () => {
    const from = client.mark();
    await client.open(siteUri, SITE);
    const p = await client.waitForDiagnostics(from, (x) => x.uri === siteUri);
    assert.equal(undefinedVars(p), 0, JSON.stringify(p.diagnostics));
  });

  test('editing nginx.conf in the editor re-checks the open site that it includes', async () => {
    let from = client.mark();
    await client.open(mainUri, MAIN);
    await client.waitForDiagnostics(from, (x) => x.uri === mainUri);

    // Remove the map (lines 2-5): the site's $connection_upgrade is now undefined, without touching the site.
    from = client.mark();
    await client.change(mainUri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 6, character: 0 } }, text: '' }]);
    const site = await client.waitForDiagnostics(from, (x) => x.uri === siteUri && undefinedVars(x) > 0);
    assert.equal(undefinedVars(site), 1);

    // Closing nginx.conf unsaved: the disk (with the map) is the truth again.
    from = client.mark();
    await client.close(mainUri);
    // A publish computed just before the close may still arrive after it: wait for the one that reflects the disk.
    const back = await client.waitForDiagnostics(from, (x) => x.uri === siteUri && undefinedVars(x) === 0);
    assert.equal(undefinedVars(back), 0, JSON.stringify(back.diagnostics));
  });

  test('a change on disk that the editor reports (didChangeWatchedFiles) is seen at once, though disk answers are remembered', async () => {
    const mainPath = path.join(dir, 'nginx.conf');
    // The site is open and was analysed: nginx.conf's text on disk is remembered by the server now.
    fs.writeFileSync(mainPath, MAIN.replace(/ {4}map[\s\S]*? {4}\}\n/, ''));
    let from = client.mark();
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: mainUri, type: 2 }] });
    const site = await client.waitForDiagnostics(from, (x) => x.uri === siteUri && undefinedVars(x) > 0);
    assert.equal(undefinedVars(site), 1);

    fs.writeFileSync(mainPath, MAIN);
    from = client.mark();
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: mainUri, type: 2 }] });
    const back = await client.waitForDiagnostics(from, (x) => x.uri === siteUri && undefinedVars(x) === 0);
    assert.equal(undefinedVars(back), 0, JSON.stringify(back.diagnostics));
  });
});
