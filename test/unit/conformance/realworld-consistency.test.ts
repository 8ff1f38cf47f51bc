// A file's findings do not depend on how it was named: checked alone, through the main config that includes it,
// or as part of its folder, on every multi-file layout of the real-world corpus (issue 12).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCheck } from '../../../server/src/cli/check';
import { corpusDir } from '../../support/paths';
import { requireCorpus } from '../../support/corpus';

const realworld = path.join(corpusDir, 'realworld');

interface JsonReport {
  files: { path: string; diagnostics: { rule: string; message: string; range: { start: { line: number } } }[] }[];
}

/** Findings per file shown; the note on how a file was read differs by design (a folder names no main config). */
function check(paths: string[]): Map<string, string[]> {
  let json = '';
  runCheck(
    { format: 'json', fix: false, rules: [], websocketPaths: [], mains: [], paths },
    { cwd: realworld, stdout: (s) => (json += s), stderr: () => undefined },
  );
  const out = new Map<string, string[]>();
  for (const f of (JSON.parse(json) as JsonReport).files) {
    out.set(f.path, f.diagnostics.filter((d) => d.rule !== 'main-config').map((d) => `${d.range.start.line + 1} ${d.rule} ${d.message}`));
  }
  return out;
}

/** The layouts of the MANIFEST: a folder and its entry file (the main config). */
function layouts(): { folder: string; entry: string }[] {
  const lines = fs.readFileSync(path.join(realworld, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.flatMap((l) => {
    const m = /^(.*)\/ \(entry: (.*)\)$/.exec(l.split('\t')[0]);
    return m ? [{ folder: m[1], entry: `${m[1]}/${m[2]}` }] : [];
  });
}

test('real-world layouts: a file alone, through its main config and in its folder gets the same findings', { timeout: 600_000 }, () => {
  requireCorpus('realworld/MANIFEST.tsv');
  const differences: string[] = [];
  let files = 0;
  for (const { folder, entry } of layouts()) {
    const inFolder = check([folder, entry]);
    const viaMain = check([entry]);
    for (const [file, findings] of inFolder) {
      files++;
      const alone = check([file]).get(file) ?? [];
      if (JSON.stringify(alone) !== JSON.stringify(findings)) differences.push(`${file} alone: ${alone.length} findings, in its folder: ${findings.length}`);
      const main = viaMain.get(file);
      if (main && JSON.stringify(main) !== JSON.stringify(findings)) differences.push(`${file} via ${entry}: ${main.length} findings, in its folder: ${findings.length}`);
    }
  }
  assert.ok(files > 400, `only ${files} files in the layouts`);
  assert.deepEqual(differences, []);
});
