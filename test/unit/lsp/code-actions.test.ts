import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { fixTexts, preferredFix } from '../../../server/src/service/fixes';
import { Project } from '../../../server/src/service/project';
import { defaultSettings } from '../../../server/src/service/settings';
import type { Finding } from '../../../server/src/service/types';
import { LspClient } from './client';
import { WS_MISTAKES } from './fixtures';

// Which rules offer fixes changes as rules are written, so the expectations come from the service itself
// (in process) and the test checks that the server hands exactly those fixes to the editor.

const uri = 'file:///tmp/nginx-ws-lsp-test/actions/nginx.conf';
const path = '/tmp/nginx-ws-lsp-test/actions/nginx.conf';

function serviceFindings(text: string): Finding[] {
  const p = new Project();
  p.setText(path, text);
  return p.analyze(path, defaultSettings);
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'nginx', 1, text), edits);
}

describe('code actions over stdio', { timeout: 60_000 }, () => {
  let client: LspClient;
  let diagnostics: Diagnostic[];
  const findings = serviceFindings(WS_MISTAKES);
  const fixable = findings.filter((f) => f.fixes.length > 0);

  before(async () => {
    ({ client } = await LspClient.start());
    const from = client.mark();
    await client.open(uri, WS_MISTAKES);
    diagnostics = (await client.waitForDiagnostics(from, (p) => p.uri === uri)).diagnostics;
  });
  after(async () => {
    await client.stop();
  });

  test('the fixture has fixable findings (else this suite proves nothing)', () => {
    assert.ok(fixable.length > 0, `no rule offers a fix for the fixture; findings: ${findings.map((f) => f.rule).join(', ')}`);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      findings.map((f) => f.rule),
    );
  });

  test('each fix is a quickfix with the diagnostic attached, isPreferred and the same edits', async () => {
    for (const f of fixable) {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: f.range,
        context: { diagnostics: diagnostics.filter((d) => d.code === f.rule), only: ['quickfix'] },
      });
      for (const fix of f.fixes) {
        const a = actions.find((x) => x.title === fix.title);
        assert.ok(a, `no action ${JSON.stringify(fix.title)} among ${JSON.stringify(actions.map((x) => x.title))}`);
        assert.equal(a.kind, 'quickfix');
        assert.equal(a.isPreferred, fix.preferred);
        assert.ok(a.diagnostics?.some((d) => d.code === f.rule && d.message === f.message));
        const edits = a.edit?.changes?.[uri] ?? [];
        assert.deepEqual(edits, fix.edits.map((e) => ({ range: e.range, newText: e.newText })));
      }
      assert.ok(actions.every((x) => x.kind === 'quickfix'), 'only quickfixes were asked for');
    }
  });

  test('source.fixAll.nginxWs gives the text the fix engine gives', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1, JSON.stringify(actions));
    const [all] = actions;
    assert.equal(all.kind, 'source.fixAll.nginxWs');
    const fixed = applyEdits(WS_MISTAKES, all.edit?.changes?.[uri] ?? []);

    const p = new Project();
    const expected = fixTexts(new Map([[uri, WS_MISTAKES]]), p.analyzer(defaultSettings)).texts.get(uri);
    assert.equal(fixed, expected);
    assert.notEqual(fixed, WS_MISTAKES);
    assert.ok(
      serviceFindings(fixed).every((f) => !preferredFix(f)),
      'after fix-all, nothing fixable remains',
    );
  });

  test('no actions away from the findings, and no fix-all for a file with a syntax error', async () => {
    const far = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(far, []);

    const broken = 'file:///tmp/nginx-ws-lsp-test/actions/broken.conf';
    const from = client.mark();
    await client.open(broken, `${WS_MISTAKES}}\n`);
    await client.waitForDiagnostics(from, (p) => p.uri === broken);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: broken },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.nginxWs'] },
    });
    assert.deepEqual(actions, []);
  });
});
