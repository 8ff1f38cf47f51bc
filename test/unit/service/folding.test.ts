import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../../../server/src/parser/parse';
import { foldingRanges } from '../../../server/src/service/folding';

describe('foldingRanges', () => {
  test('blocks fold from the `{` line to the line above `}`; runs of whole-line comments fold', () => {
    const text = [
      '# Upstream for the chat service.', // 0
      '# Keep in sync with the compose file.', // 1
      'http {', // 2
      '    server {', // 3
      '        listen 80; # one trailing comment', // 4
      '        # alone', // 5
      '        location /ws/ {', // 6
      '            proxy_pass http://app;', // 7
      '        }', // 8
      '        location / { return 200; }', // 9
      '    }', // 10
      '}', // 11
    ].join('\n');
    assert.deepEqual(foldingRanges(parse(text)), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 2, endLine: 10 },
      { startLine: 3, endLine: 9 },
      { startLine: 6, endLine: 7 },
    ]);
  });

  test('a trailing comment does not join a run of comment lines', () => {
    const folds = foldingRanges(parse('listen 80; # a\n# b\n'));
    assert.deepEqual(folds, []);
  });

  test('a block cut off by the end of the file folds to its last line', () => {
    assert.deepEqual(foldingRanges(parse('http {\n  server {\n    listen 80;\n')), [
      { startLine: 0, endLine: 3 },
      { startLine: 1, endLine: 3 },
    ]);
  });
});
