// The ws-location snippet as a person inserts it: cursor inside a server block of a real nginx.conf (with the
// $connection_upgrade map the snippet relies on), type the prefix, accept the completion; the result is exactly
// the snippet with its defaults, and nginx-ws reports nothing of warning or error severity.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { expandSnippet } from '../support/snippetExpand';
import { describeDiagnostic, describeDiagnostics, EXTENSION_ID, occurrences, openFixture, ourDiagnostics, waitFor } from './helpers';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
}

/** The snippet as the extension ships it (its own snippets/nginx.json), found by prefix. */
function shippedSnippet(prefix: string): Snippet {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const all = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'snippets', 'nginx.json'), 'utf8')) as Record<string, Snippet>;
  const found = Object.values(all).find((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]).includes(prefix));
  assert.ok(found, `snippets/nginx.json has no ${prefix}`);
  return found;
}

const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

const serious = (d: vscode.Diagnostic): boolean =>
  d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning;

describe('snippets', () => {
  it('ws-location, accepted from completion inside a server block, leaves no warning or error', async () => {
    const editor = await openFixture('snippet/nginx.conf');
    const doc = editor.document;
    const before = doc.getText();
    assert.equal(occurrences(before, 'map $http_upgrade $connection_upgrade {'), 1, 'the fixture must define $connection_upgrade');
    await waitFor('the extension to activate', () => (vscode.extensions.getExtension(EXTENSION_ID)?.isActive ? true : undefined));

    // End of the server_name line, Enter, then the start of the prefix, as typed.
    const anchor = 'server_name chat.example.test;';
    const line = before.split('\n').findIndex((l) => l.includes(anchor));
    assert.ok(line > 0, `the fixture has no "${anchor}" line`);
    const end = doc.lineAt(line).range.end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('type', { text: '\n' });
    await vscode.commands.executeCommand('type', { text: 'ws-loc' });
    const typed = editor.selection.active;
    assert.equal(doc.lineAt(typed.line).text, '        ws-loc', 'Enter should indent the new line to the server body');

    // The half-typed word is an error until the snippet replaces it: proof that the server checks this text.
    const whileTyped = await waitFor('a diagnostic on the half-typed "ws-loc"', () => {
      const list = ourDiagnostics(doc.uri);
      return list.some((d) => serious(d) && d.range.start.line >= typed.line) ? describeDiagnostics(list) : undefined;
    });

    // Completion offers the snippet here...
    await waitFor('ws-location among the completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, typed);
      return list.items.some((i) => labelOf(i) === 'ws-location' && i.kind === vscode.CompletionItemKind.Snippet) ? true : undefined;
    });
    // ...and the suggest widget accepts it. `acceptSelectedSuggestion` does nothing until the widget shows.
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    let lastTrigger = Date.now();
    await waitFor('the suggestion to be accepted', async () => {
      if (doc.getText().includes('proxy_http_version')) return true;
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      if (doc.getText().includes('proxy_http_version')) return true;
      if (Date.now() - lastTrigger > 3_000) {
        await vscode.commands.executeCommand('editor.action.triggerSuggest');
        lastTrigger = Date.now();
      }
      return undefined;
    });
    await vscode.commands.executeCommand('leaveSnippet');

    // Exactly the shipped snippet with its defaults, indented as the editor does (4 spaces here, from the file).
    const body = expandSnippet(shippedSnippet('ws-location').body)
      .split('\n')
      .map((l, i) => (i === 0 ? l : `        ${l}`).replace(/\t/g, '    '))
      .join('\n');
    const expected = before.replace(`${anchor}\n`, `${anchor}\n        ${body}\n`);
    assert.notEqual(expected, before);
    assert.equal(doc.getText(), expected);

    // Diagnostics of the final text: they differ from the half-typed word's (whose error was on its line).
    const after = await waitFor(
      'the diagnostics of the text with the snippet',
      () => {
        const list = ourDiagnostics(doc.uri);
        return describeDiagnostics(list) !== whileTyped ? list : undefined;
      },
      45_000,
      () => describeDiagnostics(ourDiagnostics(doc.uri)),
    );
    assert.deepEqual(after.filter(serious).map(describeDiagnostic), [], 'the snippet raised warnings or errors');
    // Information and hints are allowed; show them in the log for a person to read.
    if (after.length) console.log(`snippet: information/hints after ws-location: ${describeDiagnostics(after)}`);
  });
});
