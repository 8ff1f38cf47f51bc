// The effective configuration as the editor shows it: the hover over a `location` keyword, and the command
// "nginx-ws: Show effective configuration" opening a read-only document for the location at the cursor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';

const FIXTURE = 'effective/nginx.conf';
const SCHEME = 'nginx-ws-effective';

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('effective configuration', () => {
  it('hovering `location` leads with whether a WebSocket works and for how long idle, with values from the included snippet', async () => {
    const editor = await openFixture(FIXTURE);
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('location /sync/'));
    const at = new vscode.Position(line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex + 2);
    const md = await waitFor('the effective-configuration hover', async () => {
      const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at));
      return text.includes('WebSocket:') ? text : undefined;
    });
    assert.ok(
      md.startsWith('**WebSocket: yes** — Upgrade and Connection forwarded, HTTP/1.1; idle connections close after 10m (proxy_read_timeout set at line 20)'),
      md,
    );
    assert.match(md, /\| `Upgrade` \| `\$http_upgrade` \| ws-headers\.inc:2 \|/);
    assert.match(md, /\*\*Dropped by inheritance\*\* \(this location sets its own proxy_set_header\): `X-Forwarded-Proto \$scheme` \(server, line 15\)/);
    assert.match(md, /\*\*upstream editor_sync\*\* \(line 5\): 127\.0\.0\.1:7501, 127\.0\.0\.1:7502 · balancing: least_conn; keepalive: 12/);
  });

  it('the command opens a read-only document beside the editor with the plain-text effective configuration', async () => {
    const editor = await openFixture(FIXTURE);
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('proxy_read_timeout 10m'));
    editor.selection = new vscode.Selection(line, 8, line, 8);
    await vscode.commands.executeCommand('nginxWs.showEffectiveConfiguration');
    const shown = await waitFor('the effective-configuration document', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === SCHEME),
    );
    const text = shown.document.getText();
    assert.match(text, /^location \/sync\/ \(.*effective\/nginx\.conf:17\)\nWebSocket: yes — Upgrade and Connection forwarded, HTTP\/1\.1; idle connections close after 10m/);
    assert.match(text, /\nHeaders sent to the backend:\n {2}Upgrade {5}\$http_upgrade {2}ws-headers\.inc:2\n/);
    assert.match(text, /\nupstream editor_sync \(line 5\): 127\.0\.0\.1:7501, 127\.0\.0\.1:7502\nbalancing: least_conn; keepalive: 12\n$/);
    // Served by a content provider (the scheme above), which VS Code opens read-only; beside the config, not over it.
    assert.equal(shown.document.isUntitled, false);
    assert.notEqual(shown.viewColumn, editor.viewColumn);
  });
});
