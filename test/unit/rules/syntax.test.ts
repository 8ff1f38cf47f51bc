import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';
import { assertNginxAgrees } from './nginxAgrees';

const RULE = 'syntax';

describe(RULE, () => {
  test('the tokenizer\'s errors, worded and placed as nginx does', () => {
    const conf = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080\n    «}»\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['unexpected "}"']);
    assertNginxAgrees(conf);
  });

  test('a block directive ended by `;`: has no opening "{"', () => {
    const conf = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        «location /ws/;»\n    }\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['directive "location" has no opening "{"']);
    assertNginxAgrees(conf);
  });

  test('a simple directive followed by `{`: is not terminated by ";"', () => {
    const conf = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location / {\n            «proxy_pass http://127.0.0.1:9000 {»\n            }\n        }\n    }\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['directive "proxy_pass" is not terminated by ";"']);
    assertNginxAgrees(conf);
  });

  test('a forgotten `;` before a block: nginx names the line of the `{`', () => {
    const conf = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080\n        «location / {»\n            return 204;\n        }\n    }\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['directive "listen" is not terminated by ";"']);
    assertNginxAgrees(conf);
  });

  test('upstream members at http level are server blocks without their `{`', () => {
    const conf = 'events {}\nhttp {\n    «server 127.0.0.1:9000;»\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['directive "server" has no opening "{"']);
    assertNginxAgrees(conf);
  });

  test('no terminator verdict for a directive nginx would reject as misplaced or unknown first', () => {
    const conf = 'events {}\nhttp {\n    proxy_passs http://127.0.0.1:9000 {\n    }\n}\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }), []);
    assertNginxAgrees(conf);
  });
});
