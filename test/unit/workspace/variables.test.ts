import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { forEachVariable } from '../../../server/src/workspace/symbols';

const found = (value: string): [string, string][] => {
  const out: [string, string][] = [];
  forEachVariable(value, (name, text) => out.push([name, text]));
  return out;
};

test('variables in a value: $name and ${name}, nothing else', () => {
  assert.deepEqual(found('$scheme://$host${request_uri}x'), [
    ['scheme', '$scheme'],
    ['host', '$host'],
    ['request_uri', '${request_uri}'],
  ]);
  assert.deepEqual(found('$$a ${b ${} $-x ${c-d} $1 ^/a$'), [
    ['a', '$a'],
    ['1', '$1'],
  ]);
});

test('a capture is one digit 1-9, as nginx reads it; $0 and ${1} are names', () => {
  assert.deepEqual(found('$1_v2 $12 $0x ${1}'), [
    ['1', '$1'],
    ['1', '$1'],
    ['0x', '$0x'],
    ['1', '${1}'],
  ]);
});

test('the scan finds what the regular expression `\\$(?:\\{(\\w+)\\}|([1-9])|(\\w+))` finds', () => {
  const regex = /\$(?:\{([A-Za-z0-9_]+)\}|([1-9])|([A-Za-z0-9_]+))/g;
  const chars = fc.constantFrom('$', '{', '}', 'a', 'Z', '0', '1', '9', '_', '-', ' ', '.', 'é');
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 40 }).map((cs) => cs.join('')), (value) => {
      const expected = [...value.matchAll(regex)].map((m): [string, string] => [m[1] ?? m[2] ?? m[3], m[0]]);
      assert.deepEqual(found(value), expected);
    }),
    { numRuns: 5000 },
  );
});
