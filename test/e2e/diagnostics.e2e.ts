import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nginxTest } from '../support/nginx';
import { codeOf, fixturePath, openFixture, waitFor } from './helpers';

/** The rules that speak for nginx's own parse-time verdict. */
const isParseError = (d: vscode.Diagnostic) => ['syntax', 'directive-args'].includes(codeOf(d) ?? '');

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
    const brokenLine = editor.document.getText().split('\n').findIndex((l) => /^\s*proxy_http_version\b/.test(l));
    assert.ok(brokenLine > 0, 'the fixture has no proxy_http_version line');

    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nginx-ws');
    const diag = await waitFor(
      `an nginx-ws syntax diagnostic saying ${JSON.stringify(verdict.message)}`,
      () => ours().find((d) => isParseError(d) && d.message.includes(verdict.message ?? '')),
      45_000,
      () => JSON.stringify(ours().map((d) => `${d.range.start.line + 1}: ${codeOf(d)}: ${d.message}`)),
    );
    // Between the directive that lost its `;` and the line where nginx noticed.
    const line = diag.range.start.line;
    assert.ok(line >= brokenLine && line <= verdict.line - 1, `diagnostic on line ${line + 1}`);

    // nginx read everything above the broken directive without complaint: no parse error belongs there.
    const earlier = ours().filter((d) => isParseError(d) && d.range.start.line < brokenLine);
    assert.deepEqual(
      earlier.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
      'errors reported on lines nginx accepts',
    );
  });
});
