import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeArgSpec, encodeArgSpec } from '../../../server/src/reference/raw';
import { argSpecFromSyntax, isOnOffSyntax } from '../../../server/src/reference/syntaxArgs';
import type { ArgSpec } from '../../../server/src/reference/types';

const take = (...counts: number[]): ArgSpec => ({ kind: 'take', counts });

describe('argument counts from the reference syntax lines', () => {
  const cases: [string[], ArgSpec][] = [
    [['*`uri`*'], take(1)],
    [['*`path`* [*`level1`* [*`level2`* [*`level3`*]]]'], take(1, 2, 3, 4)],
    [['*`timeout`* [*`header_timeout`*]'], take(1, 2)],
    // Pieces glued together are one word, however many brackets they hold.
    [['*`address`*[:*`port`*] [`weight`=*`n`*]'], take(1, 2)],
    [['`gzip[=]`'], take(1)],
    // Alternatives bind looser than sequences.
    [['*`address`* [`transparent`] | `off`'], take(1, 2)],
    [['`on`|`off` | *`number`*'], take(1)],
    // `...` repeats the word before it: unbounded counts become NGX_CONF_1MORE / 2MORE.
    [['*`file`* ... *`uri`*'], { kind: 'more', min: 2 }],
    [['`none` | *`browser`* ...'], { kind: 'more', min: 1 }],
    [['*`code`* ... [`=`[*`response`*]] *`uri`*'], { kind: 'more', min: 2 }],
    // The block marker is no argument; `if`'s parenthesised condition is one word in the syntax.
    [[' `{...}`'], take(0)],
    [['*`name`* `{...}`'], take(1)],
    [[''], take(0)],
    // Several syntax lines: the union.
    [['*`code`* [*`text`*]', '*`code`* *`URL`*', '*`URL`*'], take(1, 2)],
    // More than seven optional words is beyond NGX_CONF_TAKE7: nginx declares those 1MORE.
    [['*`a`* [`b`] [`c`] [`d`] [`e`] [`f`] [`g`] [`h`]'], { kind: 'more', min: 1 }],
    // Backticked text may hold a space.
    [['*`address`* [`transparent `] | `off`'], take(1, 2)],
    [['`on` | `off`'], { kind: 'flag' }],
  ];
  for (const [lines, want] of cases) {
    test(JSON.stringify(lines), () => assert.deepEqual(argSpecFromSyntax(lines), want));
  }

  test('on/off syntax is recognised only when it is exactly on|off', () => {
    assert.equal(isOnOffSyntax(['`on` | `off`']), true);
    assert.equal(isOnOffSyntax(['`on`|`off`']), true);
    assert.equal(isOnOffSyntax(['`on` | `off` | `leaf`']), false);
    assert.equal(isOnOffSyntax([]), false);
  });

  test('the compact encoding of the generated table round-trips', () => {
    for (const a of [take(0), take(1, 2, 3), { kind: 'more', min: 1 }, { kind: 'more', min: 2 }, { kind: 'any' }, { kind: 'flag' }] as ArgSpec[]) {
      assert.deepEqual(decodeArgSpec(encodeArgSpec(a)), a);
    }
  });
});
