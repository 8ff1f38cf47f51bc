import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'proxy-connect-timeout';
/** Opt-in: a long connect timeout hints at a misread timeout, but proves nothing. */
const ON = { rules: { [RULE]: 'warning' as const } };

const config = (server: string, location: string): string => `events {}
http {
    server {
        listen 127.0.0.1:8080;
${server}        location /ws/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
${location}        }
    }
}
`;

describe(RULE, () => {
  test('is off unless a setting turns it on', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '            proxy_connect_timeout 3600s;\n') }), []);
  });

  test('fires on a value above 75s with the read timeout left at its default, on the directive', () => {
    const [f] = expectFindings(RULE, { [FILE]: config('', '            «proxy_connect_timeout 3600s;»\n') }, [
      "proxy_connect_timeout 3600s only bounds connecting to the backend (which usually cannot take longer than 75s anyway); it does not keep an idle connection open: that is proxy_read_timeout, still 60s (nginx's default) here",
    ], FILE, ON);
    assert.equal(f.severity, 'warning');
  });

  test('a long connect timeout beside a read timeout, here or inherited, is left alone', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '            proxy_connect_timeout 3600s;\n            proxy_read_timeout 3600s;\n') }, FILE, ON), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('        proxy_read_timeout 1h;\n', '            proxy_connect_timeout 3600s;\n') }, FILE, ON), []);
  });

  test('reads units: 2m and 1h fire, 75s, 75, 1m and 500ms do not', () => {
    for (const v of ['2m', '1h', '76']) assert.equal(findingsOf(RULE, { [FILE]: config('', `            proxy_connect_timeout ${v};\n`) }, FILE, ON).length, 1, v);
    for (const v of ['75s', '75', '1m', '500ms', '10s']) assert.deepEqual(findingsOf(RULE, { [FILE]: config('', `            proxy_connect_timeout ${v};\n`) }, FILE, ON), [], v);
  });

  test('fires at server level too (where the value is set)', () => {
    expectFindings(RULE, { [FILE]: config('        «proxy_connect_timeout 300;»\n', '') }, [/proxy_connect_timeout 300 only bounds/], FILE, ON);
  });

  test("does not fire on nginx's default (60s)", () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '') }, FILE, ON), []);
  });

  test('the fix makes the line the read timeout it was meant to be; nginx -t accepts it and the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '            proxy_connect_timeout 3600s;\n') }, FILE, ON);
    assert.equal(fixed[FILE], config('', '            proxy_read_timeout 3600s;\n'));
    assert.deepEqual(findingsOf(RULE, fixed, FILE, ON), []);
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE] });
    assert.ok(verdict.ok, verdict.output);
  });
});
