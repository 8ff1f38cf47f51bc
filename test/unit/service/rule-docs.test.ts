import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { rules } from '../../../server/src/rules';
import { githubAnchor, renderRulesMarkdown, ruleDocUrl } from '../../../server/src/service/ruleDocs';
import { repoRoot } from '../../support/paths';

describe('docs/rules.md', () => {
  test('matches the rule registry', () => {
    const file = path.join(repoRoot, 'docs', 'rules.md');
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    // Rules are added all the time; the fix is always the same command.
    assert.ok(
      current === renderRulesMarkdown(rules),
      'docs/rules.md is out of date with the rule registry: run `node scripts/gen-rule-docs.mjs` and commit docs/rules.md',
    );
  });

  test('every rule id is its own heading anchor, so diagnostic links land on it', () => {
    const text = renderRulesMarkdown(rules);
    for (const r of rules) {
      assert.equal(githubAnchor(r.id), r.id, `rule id ${JSON.stringify(r.id)} would not survive as a GitHub anchor`);
      assert.ok(text.includes(`\n## ${r.id}\n`), `no heading for ${r.id}`);
      assert.ok(ruleDocUrl(r.id).endsWith(`/docs/rules.md#${r.id}`));
    }
  });

  test('every rule documents summary, why, fix, example, what makes it fire and when it stays quiet', () => {
    for (const r of rules) {
      for (const k of ['summary', 'why', 'fix', 'example', 'evidence', 'quiet'] as const) {
        assert.ok(r.docs[k].trim().length > 0, `${r.id}: docs.${k} is empty`);
      }
    }
  });

  test("each rule's section says when it fires and when it stays quiet, in its own words", () => {
    const text = renderRulesMarkdown(rules);
    for (const r of rules) {
      const start = text.indexOf(`\n## ${r.id}\n`);
      const next = text.indexOf('\n## ', start + 1);
      const section = text.slice(start, next < 0 ? text.length : next);
      assert.ok(section.includes(`\n### Fires when\n\n${r.docs.evidence}\n`), `${r.id}: no "Fires when" with its evidence`);
      assert.ok(section.includes(`\n### Stays quiet when\n\n${r.docs.quiet}\n`), `${r.id}: no "Stays quiet when" with its exemptions`);
      // A copied paragraph would say nothing about this rule in particular.
      assert.notEqual(r.docs.evidence.trim(), r.docs.quiet.trim(), `${r.id}: evidence and quiet say the same`);
    }
    const evidence = new Set(rules.map((r) => r.docs.evidence.trim()));
    assert.equal(evidence.size, rules.length, 'two rules share one evidence text');
  });
});
