import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'stub-status-exposed';

/** `listen 8080` is reachable from outside; nginx -t binds it on loopback instead (the address does not change validity). */
const config = (http: string, server: string, location: string, listen = 'listen 8080;'): string => `events {}
http {
${http}    server {
        ${listen}
${server}        «location /nginx_status» {
            stub_status;
${location}        }
    }
}
`;

const clean = (t: string): string => t.replace(/[«»]/g, '');

function nginxAccepts(text: string): void {
  const verdict = nginxTestFiles({ 'nginx.conf': text.replace('listen 8080;', 'listen 127.0.0.1:8080;') });
  assert.ok(verdict.ok, verdict.output);
}

describe(RULE, () => {
  test('fires on stub_status with no allow/deny and no authentication, on the location head', () => {
    const [f] = expectFindings(RULE, { [FILE]: config('', '', '') }, ['stub_status is open to every client: add allow/deny (or authentication) so only your monitoring can read it']);
    assert.equal(f.severity, 'warning');
  });

  test('does not fire with allow/deny in the location, or inherited from server or http', () => {
    const rules = 'allow 127.0.0.1;\ndeny all;\n';
    const at = (n: number): string => rules.replace(/^/gm, ' '.repeat(n)).replace(/ +$/, '');
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', at(12)) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', at(8), '') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(at(4), '', '') }), []);
  });

  test('does not fire behind auth_basic or auth_request, here or inherited, nor for an internal location', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', '            auth_basic "status";\n            auth_basic_user_file htpasswd;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '        auth_basic "site";\n        auth_basic_user_file htpasswd;\n', '') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', '            auth_request /auth;\n') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', '            internal;\n') }), []);
  });

  test('auth_basic off inherits nothing', () => {
    const files = { [FILE]: config('', '        auth_basic "site";\n        auth_basic_user_file htpasswd;\n', '            auth_basic off;\n') };
    expectFindings(RULE, files, [/open to every client/]);
  });

  test('does not fire when the server only listens on loopback', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', '', '', 'listen 127.0.0.1:8080;') }), []);
  });

  test('allow rules without a deny still let everybody in', () => {
    expectFindings(RULE, { [FILE]: config('', '', '            allow 10.0.0.0/8;\n') }, [/`allow` rule has no `deny` after it/]);
  });

  test('a location with its own rules replaces the server list', () => {
    expectFindings(RULE, { [FILE]: config('', '        allow 10.0.0.0/8;\n        deny all;\n', '            allow 192.168.0.0/16;\n') }, [/no `deny`/]);
  });

  test('the fix allows only local requests; nginx -t accepts it and the rule is satisfied', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '', '') });
    assert.equal(fixed[FILE], clean(config('', '', '')).replace('stub_status;\n', 'stub_status;\n            allow 127.0.0.1;\n            allow ::1;\n            deny all;\n'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('the fix for an allow-only list adds deny all after the last allow', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '', '            allow 10.0.0.0/8;\n            allow 192.168.0.0/16;\n') });
    assert.equal(fixed[FILE], clean(config('', '', '            allow 10.0.0.0/8;\n            allow 192.168.0.0/16;\n            deny all;\n')));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('the fix for an allow-only list inherited from server completes that list', () => {
    const fixed = applyFix(RULE, { [FILE]: config('', '        allow 10.0.0.0/8;\n', '') });
    assert.equal(fixed[FILE], clean(config('', '        allow 10.0.0.0/8;\n        deny all;\n', '')));
    nginxAccepts(fixed[FILE]);
  });
});

describe(`${RULE}: guards other than allow/deny`, () => {
  test('an if that answers 404 to clients a map marks is a guard', () => {
    const http = '    map $remote_addr $hide_status { default 1; 127.0.0.1 0; }\n';
    const text = config(http, '', '            if ($hide_status) {\n                return 404;\n            }\n');
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(text) }), []);
    nginxAccepts(clean(text));
  });

  test('an if that only redirects is not', () => {
    expectFindings(RULE, { [FILE]: config('', '', '            if ($scheme = http) {\n                return 301 https://$host$request_uri;\n            }\n') }, [/open to every client/]);
  });

  test('an include that is not in view may hold the allow list: nothing is claimed', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config('', '', '            include allowlist-not-here.conf;\n')) }), []);
  });
});
