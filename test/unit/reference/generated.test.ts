import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/paths';

test('server/src/reference/generated/stock.ts is what scripts/gen-reference.mjs makes of the installed reference', () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/gen-reference.mjs'), '--check'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr || r.stdout);
});
