import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { nginxTestFiles } from '../../support/nginx';
import { LspClient } from './client';

// The real bundled server over stdio, judged against the real nginx: what `nginx -t` says is what the editor must say.

/** `return 200` lost its `;`: nginx reads on to the `}` and stops there. */
const BROKEN = `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location / {
            return 200
        }
    }
}
`;
const FIXED = BROKEN.replace('return 200\n', 'return 200;\n');

const syntaxOf = (diags: Diagnostic[]): Diagnostic[] => diags.filter((d) => d.code === 'syntax');

describe('diagnostics over stdio', { timeout: 60_000 }, () => {
  let client: LspClient;
  before(async () => {
    ({ client } = await LspClient.start());
  });
  after(async () => {
    await client.stop();
  });

  test("a syntax error is published with nginx's message on nginx's line, then clears when fixed, then empties on close", async () => {
    const verdict = nginxTestFiles({ 'nginx.conf': BROKEN });
    assert.equal(verdict.ok, false, `nginx accepted the broken config: ${verdict.output}`);
    assert.ok(verdict.message && verdict.line, `could not read nginx's verdict: ${verdict.output}`);

    const uri = 'file:///tmp/nginx-ws-lsp-test/broken/nginx.conf';
    let from = client.mark();
    await client.open(uri, BROKEN, 1);
    const first = await client.waitForDiagnostics(from, (p) => p.uri === uri);
    assert.equal(first.version, 1);
    const [d] = syntaxOf(first.diagnostics);
    assert.ok(d, `no syntax diagnostic in ${JSON.stringify(first.diagnostics)}`);
    assert.equal(d.message, verdict.message);
    assert.equal(d.range.start.line + 1, verdict.line);
    assert.equal(d.source, 'nginx-ws');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.codeDescription?.href, 'https://github.com/nginx-ws/nginx-ws/blob/main/docs/rules.md#syntax');

    // An incremental change: insert the `;` after `return 200` (line 5, after the 18 characters of the line).
    from = client.mark();
    await client.change(uri, 2, [{ range: { start: { line: 5, character: 22 }, end: { line: 5, character: 22 } }, text: ';' }]);
    const second = await client.waitForDiagnostics(from, (p) => p.uri === uri && p.version === 2);
    assert.deepEqual(second.diagnostics, [], 'the fixed config is clean under every rule');
    const check = nginxTestFiles({ 'nginx.conf': FIXED });
    assert.equal(check.ok, true, `nginx rejects the fixed config too: ${check.output}`);

    from = client.mark();
    await client.change(uri, 3, [{ text: BROKEN }]);
    const third = await client.waitForDiagnostics(from, (p) => p.uri === uri && p.version === 3);
    assert.equal(syntaxOf(third.diagnostics).length, 1, 'a full-text change is analysed too');

    from = client.mark();
    await client.close(uri);
    const closed = await client.waitForDiagnostics(from, (p) => p.uri === uri);
    assert.deepEqual(closed.diagnostics, []);
  });

  test('documents with the language id NGINX are served too', async () => {
    const uri = 'file:///tmp/nginx-ws-lsp-test/upper/nginx.conf';
    const from = client.mark();
    await client.open(uri, BROKEN, 1, 'NGINX');
    const p = await client.waitForDiagnostics(from, (x) => x.uri === uri);
    assert.equal(syntaxOf(p.diagnostics).length, 1);
    await client.close(uri);
  });

  test('an untitled document is analysed on its own', async () => {
    const uri = 'untitled:Untitled-1';
    const from = client.mark();
    await client.open(uri, BROKEN, 1);
    const p = await client.waitForDiagnostics(from, (x) => x.uri === uri);
    assert.equal(syntaxOf(p.diagnostics).length, 1);
    await client.close(uri);
  });
});

describe('settings', { timeout: 60_000 }, () => {
  test('initializationOptions.nginxWs sets rule levels; didChangeConfiguration pushes new ones', async () => {
    const { client } = await LspClient.start({ initializationOptions: { debounceMs: 0, nginxWs: { rules: { syntax: 'warning' } } } });
    try {
      const uri = 'file:///tmp/nginx-ws-lsp-test/settings/nginx.conf';
      let from = client.mark();
      await client.open(uri, BROKEN);
      const p = await client.waitForDiagnostics(from, (x) => x.uri === uri);
      assert.deepEqual(syntaxOf(p.diagnostics).map((d) => d.severity), [DiagnosticSeverity.Warning]);

      from = client.mark();
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { nginxWs: { rules: { syntax: 'off' } } } });
      const q = await client.waitForDiagnostics(from, (x) => x.uri === uri);
      assert.deepEqual(syntaxOf(q.diagnostics), []);
    } finally {
      await client.stop();
    }
  });

  test('with workspace/configuration, the server asks the client for each document and again after a change', async () => {
    let level = 'hint';
    const asked: string[] = [];
    const { client } = await LspClient.start({
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      configuration: (items) =>
        items.map((i) => {
          asked.push(`${i.section}@${i.scopeUri}`);
          return { rules: { syntax: level } };
        }),
    });
    try {
      const uri = 'file:///tmp/nginx-ws-lsp-test/pull/nginx.conf';
      let from = client.mark();
      await client.open(uri, BROKEN);
      const p = await client.waitForDiagnostics(from, (x) => x.uri === uri);
      assert.deepEqual(syntaxOf(p.diagnostics).map((d) => d.severity), [DiagnosticSeverity.Hint]);
      assert.deepEqual(asked, [`nginxWs@${uri}`]);

      level = 'information';
      from = client.mark();
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const q = await client.waitForDiagnostics(from, (x) => x.uri === uri);
      assert.deepEqual(syntaxOf(q.diagnostics).map((d) => d.severity), [DiagnosticSeverity.Information]);
    } finally {
      await client.stop();
    }
  });
});
