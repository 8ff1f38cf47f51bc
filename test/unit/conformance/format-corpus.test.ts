import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { decodeConfig } from '../../../server/src/format/bytes';
import { formatText } from '../../../server/src/format/format';
import { parse } from '../../../server/src/parser/parse';
import { requireCorpus } from '../../support/corpus';
import { corpusConfigs, directiveTree } from '../../support/formatCorpus';
import { corpusDir } from '../../support/paths';

const INDENTS = { '4 spaces': '    ', tab: '\t' };

/** Every config of the shared corpus: formatting keeps its directive tree, is stable, and leaves broken files alone. */
test('formatting every corpus config keeps its directive tree, formats nothing twice, and leaves syntax errors untouched', () => {
  requireCorpus('README.md');
  const files = corpusConfigs();
  assert.ok(files.length > 1500, `the corpus must be there (${files.length} files)`);
  const problems: string[] = [];
  let formatted = 0;
  let changed = 0;
  let broken = 0;
  for (const rel of files) {
    const { text } = decodeConfig(fs.readFileSync(path.join(corpusDir, rel)));
    const input = parse(text);
    for (const [name, indent] of Object.entries(INDENTS)) {
      const r = formatText(text, { indent });
      if (input.errors.length > 0) {
        if (r.kind !== 'syntax-error') problems.push(`${rel}: has a syntax error but gave ${r.kind}`);
        else if (name === 'tab') broken++;
        continue;
      }
      if (r.kind !== 'formatted') {
        problems.push(`${rel} (${name}): ${r.kind === 'unsafe' ? r.reason : r.issue.message}`);
        continue;
      }
      const output = parse(r.text);
      if (output.errors.length > 0) problems.push(`${rel} (${name}): the output has a syntax error: ${output.errors[0].message}`);
      else if (!deepEqualQuiet(directiveTree(output.children), directiveTree(input.children))) problems.push(`${rel} (${name}): the directive tree changed`);
      const twice = formatText(r.text, { indent });
      if (twice.kind !== 'formatted' || twice.text !== r.text) problems.push(`${rel} (${name}): formatting again changes it`);
      if (name === 'tab') {
        formatted++;
        if (r.text !== text) changed++;
      }
    }
  }
  assert.deepEqual(problems, []);
  console.log(`format corpus: ${files.length} files, ${formatted} formatted (${changed} changed with tabs), ${broken} with a syntax error left untouched`);
  assert.ok(formatted > 1000 && broken > 300, 'both kinds of file must be there');
});

function deepEqualQuiet(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
