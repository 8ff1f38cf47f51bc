import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type SymbolInformation } from 'vscode-languageserver-protocol';
import { LspClient } from './client';

const CONFIG = `# chat service
# (WebSocket on /ws/)
events {}
http {
    upstream chat { server 127.0.0.1:9000; }
    server {
        listen 443 ssl;
        server_name chat.example.test;
        location /ws/ {
            proxy_pass http://chat;
        }
    }
}
`;

function names(symbols: DocumentSymbol[]): unknown[] {
  return symbols.map((s) => (s.children && s.children.length > 0 ? { [s.name]: names(s.children) } : s.name));
}

describe('document symbols and folding over stdio', { timeout: 60_000 }, () => {
  let client: LspClient;
  const uri = 'file:///tmp/nginx-ws-lsp-test/outline/nginx.conf';
  before(async () => {
    ({ client } = await LspClient.start());
    await client.open(uri, CONFIG);
  });
  after(async () => {
    await client.stop();
  });

  test('symbols nest http > server (named by server_name) > location', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(names(symbols), ['events', { http: ['upstream chat', { 'server chat.example.test': ['location /ws/'] }] }]);
    const server = symbols[1].children?.[1];
    assert.equal(server?.kind, SymbolKind.Class);
    assert.equal(server?.detail, 'listen 443');
    assert.deepEqual(server?.selectionRange, { start: { line: 5, character: 4 }, end: { line: 5, character: 10 } });
  });

  test('folding covers the blocks and the leading comment lines', async () => {
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine, f.kind ?? '']),
      [
        [0, 1, FoldingRangeKind.Comment],
        [3, 11, ''],
        [5, 10, ''],
        [8, 9, ''],
      ],
    );
  });

  test('a client without hierarchical symbols gets flat symbols naming their container', async () => {
    const { client: flat } = await LspClient.start({ capabilities: {} });
    try {
      await flat.open(uri, CONFIG);
      const symbols = await flat.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(
        symbols.map((s) => `${s.containerName ?? ''}/${s.name}`),
        ['/events', '/http', 'http/upstream chat', 'http/server chat.example.test', 'server chat.example.test/location /ws/'],
      );
    } finally {
      await flat.stop();
    }
  });
});
