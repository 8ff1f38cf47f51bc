// `check --format json` over many large broken files: the report is written file by file, so that its size is
// bounded by the disk, not by the longest string V8 can hold (once: `internal error: Invalid string length`).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { binNginxWs, ensureBuilt } from '../lsp/built';
import { mutatedLargeCorpus } from '../robustness/generators';

const FILES = 320;
const BYTES = 200_000;

interface JsonOut {
  files: { path: string; diagnostics: { severity: string }[] }[];
}

describe('a report larger than a string', { timeout: 180_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-large-'));
  fs.mkdirSync(path.join(dir, 'conf'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(`check --format json on ${FILES} mutated files of ${BYTES / 1000} KB completes and names every file`, (t) => {
    const texts = fc.sample(mutatedLargeCorpus(BYTES), { seed: 16, numRuns: FILES });
    const names = texts.map((text, i) => {
      const name = `site${String(i).padStart(3, '0')}.conf`;
      fs.writeFileSync(path.join(dir, 'conf', name), text, { flag: 'w' });
      return `conf/${name}`;
    });
    ensureBuilt();
    // Into a file: a pipe read by spawnSync would itself hold the whole report in one buffer.
    const outPath = path.join(dir, 'report.json');
    const out = fs.openSync(outPath, 'w');
    const r = spawnSync(process.execPath, [binNginxWs, 'check', '--format', 'json', 'conf'], { cwd: dir, stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
    fs.closeSync(out);
    assert.equal(r.stderr, '');
    const bytes = fs.statSync(outPath).size;
    t.diagnostic(`${(bytes / 1e6).toFixed(0)} MB of JSON`);
    const report = JSON.parse(fs.readFileSync(outPath, 'utf8')) as JsonOut;
    assert.deepEqual(
      report.files.map((f) => f.path),
      names,
    );
    const errors = report.files.filter((f) => f.diagnostics.some((d) => d.severity === 'error')).length;
    assert.ok(errors > 0, 'the mutations broke some files');
    assert.equal(r.status, 1, 'an error remains: status 1');
  });
});
