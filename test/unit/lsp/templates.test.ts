import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LspClient } from './client';

describe('nginxWs.templates through the language server', { timeout: 60_000 }, () => {
  test('a file the setting names becomes a template as soon as the setting changes', async () => {
    const { client } = await LspClient.start({ initializationOptions: { debounceMs: 0, nginxWs: {} } });
    try {
      const uri = 'file:///tmp/nginx-ws-lsp-test/templates/deploy/site.conf';
      const text = 'server {\n    location / {\n        proxy_pass http://${backend};\n    }\n}\n';
      let from = client.mark();
      await client.open(uri, text);
      const plain = await client.waitForDiagnostics(from, (x) => x.uri === uri);
      assert.deepEqual(plain.diagnostics.map((d) => d.code), ['undefined-variable']);

      from = client.mark();
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { nginxWs: { templates: ['deploy/*.conf'] } } });
      const templated = await client.waitForDiagnostics(from, (x) => x.uri === uri);
      assert.deepEqual(templated.diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`), ['template 2:26']);
    } finally {
      await client.stop();
    }
  });
});
