import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rules } from '../../../server/src/rules';
import { analyzeText } from '../../../server/src/service/analyze';
import { resolveSettings } from '../../../server/src/service/settings';

/** Rules whose example needs more than one file or the disk to show the problem. */
const NEEDS_FILES: Record<string, string> = {
  'include-not-found': 'the missing file is on disk or not',
  'include-cycle': 'a cycle needs the included file',
  'include-limit': 'a glob over 10,000 files',
};

/** Rules whose example shows the problem only with a setting. */
const SETTINGS: Record<string, Record<string, unknown>> = {
  'version-unsupported': { nginxVersion: '1.24.0' },
};

describe('every rule\'s documented example triggers that rule', () => {
  for (const rule of rules) {
    test(rule.id, () => {
      if (NEEDS_FILES[rule.id]) {
        assert.ok(rule.docs.example.includes('include'), `${rule.id}: ${NEEDS_FILES[rule.id]}`);
        return;
      }
      const settings = SETTINGS[rule.id] ?? (rule.offByDefault ? { rules: { [rule.id]: rule.defaultSeverity } } : {});
      const ids = analyzeText('file:///etc/nginx/conf.d/example.conf', rule.docs.example, resolveSettings(settings)).findings.map((f) => f.rule);
      assert.ok(ids.includes(rule.id), `${rule.id} example gives only: ${[...new Set(ids)].join(', ') || 'nothing'}`);
    });
  }
});
