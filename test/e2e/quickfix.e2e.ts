// Quick fixes as the editor offers them: the WebSocket diagnostics on a location that lacks proxy_http_version 1.1
// and the Upgrade/Connection headers, each fixed with its preferred code action from VS Code's own code action
// command, until the diagnostics clear; then the exact text and nginx -t.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nginxTest } from '../support/nginx';
import { codeOf, describeDiagnostics, fixturePath, occurrences, openFixture, ourDiagnostics, waitFor } from './helpers';

/** In the order a person would work through them; each fix moves the next one's insertion point. */
const CODES = ['ws-http-version', 'ws-upgrade-header', 'ws-connection-header'];

/**
 * Which offered action belongs to which diagnostic. VS Code's `vscode.executeCodeActionProvider` drops the
 * actions' `diagnostics` on the way to an extension, so the line each fix adds tells them apart.
 */
const FIX_FOR: Record<string, RegExp> = {
  'ws-http-version': /proxy_http_version 1\.1/,
  'ws-upgrade-header': /Upgrade \$http_upgrade/,
  'ws-connection-header': /Connection \$connection_upgrade/,
};

const isCodeAction = (a: vscode.CodeAction | vscode.Command): a is vscode.CodeAction => typeof a.command !== 'string';

/** The preferred quick fix for the `code` diagnostic, as VS Code's code action command returns it. */
async function preferredFix(uri: vscode.Uri, code: string): Promise<vscode.CodeAction> {
  const diag = await waitFor(`an nginx-ws ${code} diagnostic`, () => ourDiagnostics(uri).find((d) => codeOf(d) === code), 45_000, () =>
    describeDiagnostics(ourDiagnostics(uri)),
  );
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diag.range);
  const mine = all.filter(isCodeAction).filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && FIX_FOR[code].test(a.title));
  const preferred = mine.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1, `expected one preferred fix for ${code}, got ${JSON.stringify(mine.map((a) => [a.title, a.isPreferred]))}`);
  const [fix] = preferred;
  assert.ok(fix.edit, `${fix.title} carries no edit`);
  return fix;
}

/** Applies each code's preferred fix in turn and waits until its diagnostic is gone; returns the fix titles. */
async function fixOneByOne(uri: vscode.Uri): Promise<string[]> {
  await waitFor(
    `the diagnostics ${CODES.join(', ')}`,
    () => (CODES.every((c) => ourDiagnostics(uri).some((d) => codeOf(d) === c)) ? true : undefined),
    45_000,
    () => describeDiagnostics(ourDiagnostics(uri)),
  );
  const titles: string[] = [];
  for (const code of CODES) {
    const fix = await preferredFix(uri, code);
    titles.push(fix.title);
    assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), `VS Code refused the edit of "${fix.title}"`);
    await waitFor(
      `the ${code} diagnostic to clear after "${fix.title}"`,
      () => (ourDiagnostics(uri).some((d) => codeOf(d) === code) ? undefined : true),
      45_000,
      () => describeDiagnostics(ourDiagnostics(uri)),
    );
  }
  return titles;
}

/** nginx -t on the saved files, with a throwaway prefix (relative includes resolve from the config's folder). */
function assertNginxAccepts(conf: string): void {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-e2e-'));
  try {
    const verdict = nginxTest(conf, prefix);
    assert.ok(verdict.ok, `nginx -t rejects the fixed config: ${verdict.output}`);
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

const ADDED = ['proxy_http_version 1.1;', 'proxy_set_header Upgrade $http_upgrade;', 'proxy_set_header Connection $connection_upgrade;'];
const MAP_HEAD = 'map $http_upgrade $connection_upgrade {';

describe('quick fixes for a WebSocket location', () => {
  it('nginx.conf with the map: HTTP/1.1, Upgrade and Connection, one preferred fix each, diagnostics clear', async () => {
    const rel = 'quickfix/nginx.conf';
    const before = fs.readFileSync(fixturePath(rel), 'utf8');
    const editor = await openFixture(rel);
    const { document } = editor;

    const titles = await fixOneByOne(document.uri);
    assert.deepEqual(titles, [
      'Set proxy_http_version 1.1 in this location',
      'Add proxy_set_header Upgrade $http_upgrade to this location',
      'Add proxy_set_header Connection $connection_upgrade',
    ]);

    const oldBlock = '        location /ws/ {\n            proxy_pass http://127.0.0.1:9000;\n        }\n';
    const newBlock = [
      '        location /ws/ {',
      '            proxy_pass http://127.0.0.1:9000;',
      '            proxy_http_version 1.1;',
      '            proxy_set_header Upgrade $http_upgrade;',
      '            proxy_set_header Connection $connection_upgrade;',
      '        }',
      '',
    ].join('\n');
    assert.equal(occurrences(before, oldBlock), 1, 'the fixture changed: its /ws/ location is not as this test expects');
    const text = document.getText();
    assert.equal(text, before.replace(oldBlock, newBlock));
    for (const line of [...ADDED, MAP_HEAD]) assert.equal(occurrences(text, line), 1, `${line} appears ${occurrences(text, line)} times`);

    // The other location (plain HTTP) was left alone, and nothing at error level is left.
    assert.deepEqual(ourDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => codeOf(d)), []);
    assert.ok(await document.save(), 'the fixed file could not be saved');
    assertNginxAccepts(document.uri.fsPath);
  });

  it('conf.d file without a map: the Connection fix defines $connection_upgrade in the nginx.conf that includes it', async () => {
    const mainRel = 'quickfix-confd/nginx.conf';
    const rel = 'quickfix-confd/conf.d/chat.conf';
    const mainBefore = fs.readFileSync(fixturePath(mainRel), 'utf8');
    const before = fs.readFileSync(fixturePath(rel), 'utf8');
    assert.ok(!mainBefore.includes(MAP_HEAD) && !before.includes(MAP_HEAD), 'the fixture must start without the map');

    const editor = await openFixture(rel);
    const { document } = editor;
    assert.equal(document.languageId, 'nginx', 'a conf.d/*.conf file should open as nginx');

    const titles = await fixOneByOne(document.uri);
    assert.equal(titles[2], 'Add proxy_set_header Connection $connection_upgrade (and define it with a map)');

    const text = document.getText();
    assert.equal(
      text,
      before.replace(
        '        proxy_pass http://127.0.0.1:9000;\n',
        [
          '        proxy_pass http://127.0.0.1:9000;',
          '        proxy_http_version 1.1;',
          '        proxy_set_header Upgrade $http_upgrade;',
          '        proxy_set_header Connection $connection_upgrade;',
          '',
        ].join('\n'),
      ),
    );
    for (const line of ADDED) assert.equal(occurrences(text, line), 1, `${line} appears ${occurrences(text, line)} times`);

    // The map belongs at http level, where nginx.conf includes this file: the fix edited that file too.
    const main = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === fixturePath(mainRel));
    assert.ok(main, 'the fix did not touch nginx.conf');
    const mainText = main.getText();
    assert.equal(occurrences(mainText + text, MAP_HEAD), 1, `the map is defined ${occurrences(mainText + text, MAP_HEAD)} times`);
    assert.equal(
      mainText,
      mainBefore.replace(
        'http {\n',
        ['http {', '    map $http_upgrade $connection_upgrade {', '        default upgrade;', "        ''      close;", '    }', ''].join('\n'),
      ),
    );

    // No undefined $connection_upgrade or other error left in either file.
    await waitFor(
      'no nginx-ws error in chat.conf',
      () => (ourDiagnostics(document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error) ? undefined : true),
      45_000,
      () => describeDiagnostics(ourDiagnostics(document.uri)),
    );
    // The edit left nginx.conf open in the background, unsaved (workspace.saveAll passes it over): save each file.
    for (const d of [main, document]) assert.ok(await d.save(), `${d.uri.fsPath} could not be saved`);
    assert.equal(fs.readFileSync(main.uri.fsPath, 'utf8'), mainText);
    assertNginxAccepts(main.uri.fsPath);
  });
});
