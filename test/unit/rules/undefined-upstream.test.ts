import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'undefined-upstream';

const config = (upstreams: string, pass: string): string => `events {}
http {
${upstreams}    server {
        listen 127.0.0.1:8080;
        location / {
            ${pass}
        }
    }
}
`;

const APP = '    upstream app_servers {\n        server 127.0.0.1:9000;\n    }\n';

describe(RULE, () => {
  test('a host name without an upstream block is resolved by DNS at start-up: nothing to say', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('', 'proxy_pass http://chat-front/;') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(APP, 'proxy_pass http://chat-front/;') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(APP, 'proxy_pass http://web;') }), []);
  });

  test('a name one or two edits from a defined upstream names it', () => {
    expectFindings(RULE, { [FILE]: config(APP, 'proxy_pass «http://app_server»;') }, [
      'no upstream "app_server" is defined, so nginx resolves it as a host name at start-up, but upstream "app_servers" is: did you mean "app_servers"?',
    ]);
    assert.equal(findingsOf(RULE, { [FILE]: config(APP, 'proxy_pass http://apps_srvers/;') }).length, 1);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(APP, 'proxy_pass http://api_router/;') }), []);
  });

  test('short names allow only one edit', () => {
    const api = '    upstream api {\n        server 127.0.0.1:9000;\n    }\n';
    assert.equal(findingsOf(RULE, { [FILE]: config(api, 'proxy_pass http://apo;') }).length, 1);
    assert.equal(findingsOf(RULE, { [FILE]: config(api, 'proxy_pass http://app;') }).length, 1);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(api, 'proxy_pass http://web;') }), []);
  });

  test('nginx compares upstream names without case: a name in another case is the upstream', () => {
    const text = config(APP, 'proxy_pass http://App_Servers;');
    nginxAccepts(text);
    assert.deepEqual(findingsOf(RULE, { [FILE]: text }), []);
  });

  test('the fix writes the close upstream, and nginx -t accepts the result', () => {
    const fixed = applyFix(RULE, { [FILE]: config(APP, 'proxy_pass http://app_server/;') });
    assert.equal(fixed[FILE], config(APP, 'proxy_pass http://app_servers/;'));
    nginxAccepts(fixed[FILE] ?? '');
  });
});
