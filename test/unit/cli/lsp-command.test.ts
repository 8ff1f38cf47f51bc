import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { binNginxWs } from '../lsp/built';
import { LspClient } from '../lsp/client';

describe('nginx-ws lsp', { timeout: 60_000 }, () => {
  for (const args of [['lsp', '--stdio'], ['lsp']]) {
    test(`\`nginx-ws ${args.join(' ')}\` is the language server over stdio`, async () => {
      const { client, init } = await LspClient.start({ command: { file: process.execPath, args: [binNginxWs, ...args] } });
      try {
        assert.equal(init.serverInfo?.name, 'nginx-ws');
        const uri = 'file:///tmp/nginx-ws-cli-lsp/nginx.conf';
        const from = client.mark();
        await client.open(uri, 'http {\n');
        const p = await client.waitForDiagnostics(from, (x) => x.uri === uri);
        assert.deepEqual(
          p.diagnostics.map((d) => [d.code, d.message]),
          [['syntax', 'unexpected end of file, expecting "}"']],
        );
      } finally {
        await client.stop();
      }
    });
  }
});
