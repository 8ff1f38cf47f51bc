import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../server/src/service/analyze';
import { seedsDir } from '../../support/paths';

/**
 * The complete configurations printed in two of the seed articles, read in place: the lines from the first directive
 * after a heading to the last line of the config, which ends where a line at top level is neither a directive nor a
 * comment (the article's prose resumes).
 */
function configAfter(seedPrefix: string, heading: RegExp): string {
  const file = fs.readdirSync(seedsDir).find((f) => f.startsWith(seedPrefix));
  assert.ok(file, `no seed ${seedPrefix}*`);
  const lines = fs.readFileSync(path.join(seedsDir, file), 'utf8').split('\n');
  const at = lines.findIndex((l) => heading.test(l));
  assert.ok(at >= 0, `no heading ${heading} in ${file}`);
  const directive = /^\s*[a-z_0-9]+(\s.*)?[{;]\s*$/;
  const out: string[] = [];
  let depth = 0;
  for (const line of lines.slice(at + 1)) {
    if (out.length === 0 && !directive.test(line)) continue;
    if (depth === 0 && out.length > 0 && !directive.test(line) && !/^\s*(#.*)?$/.test(line)) break;
    out.push(line);
    for (const ch of line) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The rules of nginx's own verdicts and of module requirements. */
const OURS = new Set(['syntax', 'unknown-directive', 'directive-context', 'directive-args', 'needs-module']);

describe('seed configurations', () => {
  test('000, a conf.d file of upstreams and servers: http context, no error', () => {
    const text = configAfter('000_', /^Full Configuration Example/);
    assert.match(text, /^upstream ws_backend \{/);
    assert.ok(text.split('\n').length > 40, 'the whole config was extracted');
    const a = analyzeText('file:///etc/nginx/conf.d/seed-000.conf', text);
    assert.deepEqual(a.findings.filter((f) => OURS.has(f.rule)).map((f) => `${f.rule} ${f.range.start.line + 1}: ${f.message}`), []);
  });

  test('001, a full production config: limit_conn_zone after the http block, health checks of a compiled-in module left alone', () => {
    const text = configAfter('001_', /^4\. Full Production Configuration/);
    assert.match(text, /^http \{/);
    const a = analyzeText('file:///etc/nginx/nginx.conf', text);
    const mine = a.findings.filter((f) => OURS.has(f.rule));
    const context = mine.filter((f) => f.rule === 'directive-context');
    assert.deepEqual(context.map((f) => f.message), ['"limit_conn_zone" directive is not allowed here']);
    assert.match(text.split('\n')[context[0].range.start.line], /^limit_conn_zone /);
    // The upstream check module is compiled in where it is used: nothing in the config says the build lacks it.
    assert.ok(/^\s+check_http_send /m.test(text));
    assert.deepEqual(mine.filter((f) => f.rule === 'unknown-directive' || f.rule === 'needs-module'), [], 'no typo or module verdicts');
  });
});
