import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { app } from '../../../bench/generate';
import { toDiagnostic } from '../../../server/src/lsp/convert';
import { Project } from '../../../server/src/service/project';
import { resolveSettings } from '../../../server/src/service/settings';
import { diskHost } from '../../../server/src/workspace/fileHost';
import { fixtureDir } from '../../support/fixtureDir';
import { applyEdit, positionAt, prng, randomEdit } from '../../support/randomEdits';
import { LspClient } from './client';

// The real bundled server, which analyses each keystroke incrementally, against a fresh analysis of the same texts:
// after every incremental didChange of a random sequence, what it publishes must be what a full analysis finds.

const MAIN = `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    include conf.d/*.conf;
}
`;
const SITES = [1, 2, 3, 4, 5, 6].map((i) => app(i, '')).join('\n');
const SETTINGS = { heartbeatInterval: 30 };

describe('incremental analysis in the language server', { timeout: 300_000 }, () => {
  const dir = fixtureDir({ 'nginx.conf': MAIN, 'conf.d/sites.conf': SITES });
  const sitesPath = path.join(dir, 'conf.d', 'sites.conf');
  const uri = pathToFileURL(sitesPath).href;
  let client: LspClient;
  before(async () => {
    ({ client } = await LspClient.start({
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'fx' }],
      initializationOptions: { debounceMs: 0, nginxWs: SETTINGS },
    }));
  });
  after(async () => {
    await client.stop();
  });

  /** What a fresh project, reading the same disk with `text` held for the site file, finds in it. */
  function expected(text: string): unknown[] {
    const project = new Project(diskHost);
    project.addFolder(dir);
    project.setText(sitesPath, text);
    return project.analyze(sitesPath, resolveSettings(SETTINGS)).map(toDiagnostic);
  }

  test('after every edit of a random sequence, the published diagnostics equal a full analysis', async () => {
    const seed = Number(process.env.NGINX_WS_SEED ?? 0x1e5);
    const rand = prng(seed);
    let text = SITES;
    let from = client.mark();
    await client.open(uri, text, 1);
    const opened = await client.waitForDiagnostics(from, (p) => p.uri === uri && p.version === 1);
    assert.deepEqual(opened.diagnostics, expected(text));
    assert.ok(opened.diagnostics.length > 0, 'the sites have findings for the edits to change');
    let undo: string | undefined;
    for (let n = 0; n < 60; n++) {
      const version = n + 2;
      let edit;
      if (undo !== undefined && rand() < 0.4) {
        edit = { what: 'undo', from: 0, to: text.length, text: undo };
        undo = undefined;
      } else {
        edit = randomEdit(rand, text, n);
        undo = text;
      }
      const range = { start: positionAt(text, edit.from), end: positionAt(text, edit.to) };
      text = applyEdit(text, edit);
      from = client.mark();
      await client.change(uri, version, [{ range, text: edit.text }]);
      const published = await client.waitForDiagnostics(from, (p) => p.uri === uri && p.version === version);
      assert.deepEqual(published.diagnostics, expected(text), `seed ${seed}, edit ${n} (${edit.what}): the server's diagnostics differ from a full analysis`);
    }
  });
});
