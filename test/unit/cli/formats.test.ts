import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import type * as Sarif from 'sarif';
import { rules } from '../../../server/src/rules';
import { repoRoot } from '../../support/paths';
import { WS_MISTAKES } from '../lsp/fixtures';
import { nginxWs, removeTree, tempTree } from './run';

// A syntax error in one file and the WebSocket mistakes (findings with fixes) in another, in a subfolder.
const BROKEN = 'events {}\nhttp {\n    server {\n        listen 8080\n    }\n}\n}\n';

interface JsonOut {
  files: {
    path: string;
    diagnostics: {
      rule: string;
      severity: string;
      message: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      fixes: { title: string; edits: { path: string; range: unknown; newText: string }[] }[];
    }[];
  }[];
}

describe('output formats', { timeout: 120_000 }, () => {
  let dir: string;
  before(() => {
    dir = tempTree({ 'conf/broken.conf': BROKEN, 'conf/sites/ws app.conf': WS_MISTAKES });
  });
  after(() => removeTree(dir));

  test('json: files with paths, diagnostics with rule, severity, message, 0-based range and fixes with edits', () => {
    const r = nginxWs(['check', '--format', 'json', 'conf'], dir);
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(Object.keys(out), ['files']);
    assert.deepEqual(
      out.files.map((f) => f.path),
      ['conf/broken.conf', 'conf/sites/ws app.conf'],
    );
    const syntax = out.files[0].diagnostics.find((d) => d.rule === 'syntax');
    assert.ok(syntax);
    assert.equal(syntax.severity, 'error');
    // nginx: `unexpected "}" in broken.conf:5` (listen has no `;`); line 5 is line 4 in LSP's 0-based count.
    assert.deepEqual(syntax.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 5 } });
    assert.deepEqual(syntax.fixes, []);

    const withFix = out.files[1].diagnostics.find((d) => d.fixes.length > 0);
    assert.ok(withFix, 'the WebSocket mistakes come with fixes');
    for (const d of out.files[1].diagnostics) {
      assert.deepEqual(Object.keys(d).sort(), ['fixes', 'message', 'range', 'rule', 'severity']);
      for (const fix of d.fixes) for (const e of fix.edits) assert.equal(e.path, 'conf/sites/ws app.conf');
    }
  });

  test('sarif: valid against the SARIF 2.1.0 schema, with what GitHub code scanning needs', () => {
    const r = nginxWs(['check', '--format', 'sarif', 'conf'], dir);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as Sarif.Log;

    const schemaPath = path.join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

    assert.equal(log.version, '2.1.0');
    assert.ok(log.$schema);
    assert.equal(log.runs.length, 1);
    const [run] = log.runs;
    const driver = run.tool.driver;
    assert.equal(driver.name, 'nginx-ws');
    assert.ok(driver.informationUri);
    assert.deepEqual(
      driver.rules?.map((x) => x.id),
      rules.map((x) => x.id),
    );
    for (const rule of driver.rules ?? []) {
      assert.ok(rule.shortDescription?.text && rule.fullDescription?.text, rule.id);
      assert.equal(rule.helpUri, `https://github.com/nginx-ws/nginx-ws/blob/main/docs/rules.md#${rule.id}`);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration?.level ?? ''), rule.id);
    }

    const results = run.results ?? [];
    assert.ok(results.length >= 2);
    for (const res of results) {
      assert.ok(res.ruleId && res.message.text);
      assert.ok(['error', 'warning', 'note'].includes(res.level ?? ''));
      assert.equal(driver.rules?.[res.ruleIndex ?? -1]?.id, res.ruleId);
      const loc = res.locations?.[0]?.physicalLocation;
      assert.ok(loc?.artifactLocation?.uri && loc.region);
      // Relative to the checkout, with URI escaping: GitHub matches it against the repository's files.
      assert.ok(['conf/broken.conf', 'conf/sites/ws%20app.conf'].includes(loc.artifactLocation.uri), loc.artifactLocation.uri);
      assert.ok((loc.region.startLine ?? 0) >= 1 && (loc.region.startColumn ?? 0) >= 1);
    }
    const syntax = results.find((x) => x.ruleId === 'syntax');
    assert.deepEqual(syntax?.locations?.[0]?.physicalLocation?.region, { startLine: 5, startColumn: 5, endLine: 5, endColumn: 6 });
    assert.equal(syntax?.level, 'error');
  });
});
