import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatNginxTime, parseNginxTime } from '../../../server/src/rules/nginxTime';
import { nginxTestFiles } from '../../support/nginx';

/** Value → milliseconds, or undefined where nginx says "invalid value". */
const CASES: [string, number | undefined][] = [
  ['60', 60_000],
  ['60s', 60_000],
  ['500ms', 500],
  ['1s500ms', 1_500],
  ['2m', 120_000],
  ['1h30m', 5_400_000],
  ['1h 30m', 5_400_000],
  ['1h30', 3_630_000],
  ['7d', 604_800_000],
  ['2w', 1_209_600_000],
  ['0', 0],
  ['30m1h', undefined],
  ['1.5s', undefined],
  ['1M', undefined],
  ['1y', undefined],
  ['10x', undefined],
  ['s', undefined],
  ['', undefined],
  ['1m1m', undefined],
];

describe('nginx time values', () => {
  test('parse as ngx_parse_time does for millisecond directives', () => {
    for (const [text, ms] of CASES) assert.equal(parseNginxTime(text), ms, text);
  });

  test('seconds directives allow y and M but not ms', () => {
    assert.equal(parseNginxTime('1y', 'sec'), 365 * 86400);
    assert.equal(parseNginxTime('1M2d', 'sec'), 32 * 86400);
    assert.equal(parseNginxTime('500ms', 'sec'), undefined);
  });

  test("Debian's nginx -t agrees on which proxy_read_timeout values are valid", () => {
    for (const [text, ms] of CASES.filter(([t]) => t !== '')) {
      const conf = `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_read_timeout "${text}";\n        }\n    }\n}\n`;
      const verdict = nginxTestFiles({ 'nginx.conf': conf });
      assert.equal(verdict.ok, ms !== undefined, `${text}: ${verdict.output}`);
    }
  });

  test('format for messages', () => {
    assert.equal(formatNginxTime(60_000), '60s');
    assert.equal(formatNginxTime(90_500), '90500ms');
    assert.equal(formatNginxTime(0), '0s');
  });
});
