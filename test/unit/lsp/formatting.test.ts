import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InitializeResult, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './client';

const URI = 'untitled:fmt.conf';
const MESSY = 'http {\n  server {\n  listen 80;\n      location / {\n  return 200;\n  }\n  }\n}\n';

describe('formatting over a real LSP connection', { timeout: 60_000 }, () => {
  let client: LspClient;
  let init: InitializeResult;
  const apply = (text: string, edits: TextEdit[]): string => TextDocument.applyEdits(TextDocument.create(URI, 'nginx', 1, text), edits);

  before(async () => {
    ({ client, init } = await LspClient.start());
    await client.open(URI, MESSY);
  });
  after(async () => client.stop());

  test('the server advertises document and range formatting', () => {
    assert.equal(init.capabilities.documentFormattingProvider, true);
    assert.equal(init.capabilities.documentRangeFormattingProvider, true);
  });

  test("document formatting follows the editor's tab settings", async () => {
    const spaces = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(apply(MESSY, spaces), 'http {\n  server {\n    listen 80;\n    location / {\n      return 200;\n    }\n  }\n}\n');
    const tabs = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 4, insertSpaces: false } });
    assert.equal(apply(MESSY, tabs), 'http {\n\tserver {\n\t\tlisten 80;\n\t\tlocation / {\n\t\t\treturn 200;\n\t\t}\n\t}\n}\n');
  });

  test('range formatting touches only the lines selected', async () => {
    const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri: URI },
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
      options: { tabSize: 4, insertSpaces: true },
    });
    assert.equal(apply(MESSY, edits), 'http {\n  server {\n        listen 80;\n      location / {\n  return 200;\n  }\n  }\n}\n');
  });

  test('a document with a syntax error gets no edits', async () => {
    const uri = 'untitled:broken.conf';
    await client.open(uri, 'http {\n  server {\n listen 80\n  }\n}\n');
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    assert.deepEqual(edits, []);
  });
});
