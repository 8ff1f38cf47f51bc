import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nginxTest } from '../support/nginx';
import { codeOf, fixturePath, openFixture, waitFor } from './helpers';

describe('diagnostics', () => {
  it("reports a missing semicolon with nginx's own message", async () => {
    const rel = 'missing-semicolon/nginx.conf';
    // Real nginx is the judge of what the message must say.
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-e2e-'));
    const verdict = nginxTest(fixturePath(rel), prefix);
    fs.rmSync(prefix, { recursive: true, force: true });
    assert.equal(verdict.ok, false, 'nginx accepted a config that lacks a semicolon');
    assert.ok(verdict.message && verdict.line, `could not read nginx's verdict: ${verdict.output}`);

    const editor = await openFixture(rel);
    const uri = editor.document.uri;
    const listenLine = editor.document.getText().split('\n').findIndex((l) => /^\s*listen\b/.test(l));

    const diag = await waitFor(
      'an nginx-ws syntax diagnostic',
      () =>
        vscode.languages
          .getDiagnostics(uri)
          .find((d) => d.source === 'nginx-ws' && ['syntax', 'directive-args'].includes(codeOf(d) ?? '')),
      45_000,
      () => JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [d.source, codeOf(d), d.message])),
    );
    assert.ok(
      diag.message.includes(verdict.message),
      `diagnostic says ${JSON.stringify(diag.message)}, nginx says ${JSON.stringify(verdict.message)}`,
    );
    // Between the directive that lost its `;` and the line where nginx noticed.
    const line = diag.range.start.line;
    assert.ok(line >= listenLine && line <= verdict.line - 1, `diagnostic on line ${line + 1}`);
  });
});
