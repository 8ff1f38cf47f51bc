// The project file in the editor: the language server reads the .nginx-ws.json above a config, since the client
// sends only the settings the user set, and VS Code validates the file with the schema the extension contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, ourDiagnostics, openFixture, waitFor } from './helpers';

describe('.nginx-ws.json', () => {
  it("its nginxVersion and heartbeatInterval decide the findings: no HTTP/1.0 error (1.29.7), a read timeout under twice its 15 s heartbeat", async () => {
    const editor = await openFixture('projectfile/nginx.conf');
    const uri = editor.document.uri;
    const codes = await waitFor(
      'the diagnostics of a location that lacks the Upgrade header',
      () => {
        const list = ourDiagnostics(uri).map((d) => codeOf(d) ?? '');
        return list.includes('ws-upgrade-header') ? list : undefined;
      },
      45_000,
      () => describeDiagnostics(ourDiagnostics(uri)),
    );
    // Without the file: nginx 1.22-era HTTP/1.0 would be an error, and no heartbeat would be known.
    assert.ok(!codes.includes('ws-http-version'), codes.join(', '));
    assert.ok(codes.includes('ws-read-timeout'), codes.join(', '));
  });

  it('VS Code validates the file against the contributed schema', async () => {
    const editor = await openFixture('projectfile/.nginx-ws.json');
    const doc = editor.document;
    const original = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), '{\n  "heartbeatInterval": "soon",\n  "nosuchkey": 1\n}\n');
    await vscode.workspace.applyEdit(edit);
    const problems = await waitFor(
      'JSON schema problems in .nginx-ws.json',
      () => {
        const list = vscode.languages.getDiagnostics(doc.uri);
        return list.length >= 2 ? list : undefined;
      },
      45_000,
      () => JSON.stringify(vscode.languages.getDiagnostics(doc.uri).map((d) => d.message)),
    );
    assert.ok(problems.some((d) => /number/i.test(d.message)), problems.map((d) => d.message).join('; '));
    // Back to the file as it is on disk, so that nothing else sees the broken text.
    const undo = new vscode.WorkspaceEdit();
    undo.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(undo);
    await doc.save();
  });
});
