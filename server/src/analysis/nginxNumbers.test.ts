import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxAtoi, parseNginxOffset, parseNginxSize, parseNginxTime } from './nginxNumbers';

// The limits of a 64-bit nginx: 2^63 - 1 is the largest ngx_int_t, size_t and off_t value it accepts.
const MAX = 9223372036854775807n;

describe('nginx number parsers', () => {
  test('ngx_atoi: digits only, up to 2^63 - 1', () => {
    assert.equal(nginxAtoi('0100'), 100n);
    assert.equal(nginxAtoi(String(MAX)), MAX);
    for (const bad of ['', '-1', '+1', '1 ', '1.0', '9223372036854775808']) assert.equal(nginxAtoi(bad), undefined, bad);
  });

  test('ngx_parse_size: k and m in either case, no g; the scaled value must fit', () => {
    assert.equal(parseNginxSize('16K'), 16384n);
    assert.equal(parseNginxSize('1m'), 1048576n);
    assert.equal(parseNginxSize(`${MAX / 1024n}k`), (MAX / 1024n) * 1024n);
    for (const bad of ['', 'k', '1g', '1kb', `${MAX / 1024n + 1n}k`]) assert.equal(parseNginxSize(bad), undefined, bad);
  });

  test('ngx_parse_offset also takes g', () => {
    assert.equal(parseNginxOffset('2G'), 2n * 1024n ** 3n);
    assert.equal(parseNginxOffset('1t'), undefined);
  });

  test('ngx_parse_time: units largest first, spaces between parts, a bare number is seconds', () => {
    assert.equal(parseNginxTime('1h 30m', false), 5_400_000n);
    assert.equal(parseNginxTime('1m30', false), 90_000n);
    assert.equal(parseNginxTime('1s500ms', false), 1_500n);
    assert.equal(parseNginxTime('1y1M', true), 365n * 86400n + 30n * 86400n);
    for (const bad of ['', 'ms', '30s1m', '5 1s', '1s 1s', '1.5s', '1ms1ms']) assert.equal(parseNginxTime(bad, false), undefined, bad);
  });

  test('ngx_parse_time: ms only for milliseconds, y and M only for seconds', () => {
    assert.equal(parseNginxTime('500ms', true), undefined);
    assert.equal(parseNginxTime('1y', false), undefined);
    assert.equal(parseNginxTime('1M', false), undefined);
  });

  test('ngx_parse_time: each part and the total must fit, in the unit stored', () => {
    assert.equal(parseNginxTime(String(MAX), true), MAX);
    assert.equal(parseNginxTime(String(MAX), false), undefined);
    assert.equal(parseNginxTime(`${MAX / 1000n}`, false), (MAX / 1000n) * 1000n);
    assert.equal(parseNginxTime(`${MAX}s 1`, true), undefined);
  });
});
