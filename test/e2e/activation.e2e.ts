import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor } from './helpers';

describe('extension activation', () => {
  it('treats nginx.conf as nginx and activates on it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this editor`);

    const editor = await openFixture('activation/nginx.conf');
    assert.equal(editor.document.languageId, 'nginx');

    await waitFor('the extension to activate', () => (ext.isActive ? true : undefined));
  });
});
