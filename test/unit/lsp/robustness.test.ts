import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-protocol';
import { LspClient } from './client';

// Whatever a client sends, the server answers later requests: it logs what went wrong and carries on.

describe('the server survives bad input', { timeout: 120_000 }, () => {
  let client: LspClient;
  before(async () => {
    ({ client } = await LspClient.start());
  });
  after(async () => {
    await client.stop();
  });

  async function stillAnswers(): Promise<void> {
    const uri = `file:///tmp/nginx-ws-lsp-test/probe-${client.mark()}.conf`;
    await client.open(uri, 'http { server { listen 80; } }\n');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0]?.name, 'http');
    await client.close(uri);
    assert.ok(client.alive);
  }

  test('random bytes as a document', async () => {
    const uri = 'file:///tmp/nginx-ws-lsp-test/garbage.conf';
    // Every byte value, decoded as Latin-1 so that NULs, control characters, braces and quotes all appear.
    const garbage = randomBytes(64 * 1024).toString('latin1');
    const from = client.mark();
    await client.open(uri, garbage);
    await client.waitForDiagnostics(from, (p) => p.uri === uri);
    await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 99999, character: 0 } },
      context: { diagnostics: [] },
    });
    await client.close(uri);
    await stillAnswers();
  });

  test('lone surrogates and odd line breaks', async () => {
    const uri = 'file:///tmp/nginx-ws-lsp-test/surrogates.conf';
    const from = client.mark();
    await client.open(uri, 'http {\r\u2028server \uD800 {\rlisten "\uDFFF;\r\n}');
    await client.waitForDiagnostics(from, (p) => p.uri === uri);
    await client.close(uri);
    await stillAnswers();
  });

  test('a 6 MB document', async () => {
    const uri = 'file:///tmp/nginx-ws-lsp-test/huge.conf';
    const server = (i: number): string => `    server {\n        listen ${1024 + (i % 60000)};\n        server_name s${i}.example.test;\n        location /ws/ { proxy_pass http://127.0.0.1:9000; }\n    }\n`;
    const parts = ['http {\n'];
    let size = 0;
    for (let i = 0; size < 6 * 1024 * 1024; i++) {
      const s = server(i);
      parts.push(s);
      size += s.length;
    }
    parts.push('}\n');
    const from = client.mark();
    await client.open(uri, parts.join(''));
    await client.waitForDiagnostics(from, (p) => p.uri === uri);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok((symbols[0]?.children?.length ?? 0) > 10_000);
    await client.close(uri);
    await stillAnswers();
  });

  test('requests about unknown documents and malformed parameters get empty answers', async () => {
    const unknown = { textDocument: { uri: 'file:///nowhere.conf' } };
    assert.deepEqual(await client.request('textDocument/documentSymbol', unknown), []);
    assert.deepEqual(await client.request('textDocument/foldingRange', unknown), []);
    const uri = 'file:///tmp/nginx-ws-lsp-test/malformed.conf';
    await client.open(uri, 'http {}\n');
    // No range, no context: the handler throws inside, logs, and answers [].
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri } }), []);
    assert.ok(client.logs.some((l) => l.includes('codeAction failed')), client.logs.join('\n'));
    // A change to a document that was never opened, and a version that goes backwards.
    await client.change('file:///never-opened.conf', 2, [{ text: 'x' }]);
    await client.change(uri, 0, [{ range: { start: { line: 50, character: 3 }, end: { line: 2, character: 0 } }, text: '{{{' }]);
    await client.close(uri);
    await stillAnswers();
  });

  test('requests cancelled while they wait are answered with RequestCancelled, and later ones still get results', async () => {
    const uri = 'file:///tmp/nginx-ws-lsp-test/cancel.conf';
    await client.open(uri, 'http {\n    server {\n        listen 8080;\n    }\n}\n');
    // Each cancel goes out right after its request: the server finds the request still queued.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => {
        const source = new CancellationTokenSource();
        const sent = client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } }, source.token);
        source.cancel();
        return sent.then(
          () => 'result',
          (err: unknown) => (err instanceof ResponseError ? `error ${err.code}` : `failure ${String(err)}`),
        );
      }),
    );
    // -32800 is RequestCancelled; without it each cancelled request would still be worked out and answered.
    assert.ok(outcomes.includes('error -32800'), outcomes.join(', '));
    assert.ok(outcomes.every((o) => o === 'result' || o === 'error -32800'), outcomes.join(', '));
    const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } });
    assert.ok(hover?.contents, 'an uncancelled hover still gets its answer');
    await client.close(uri);
  });
});
