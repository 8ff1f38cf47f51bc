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

  test('a cascade inside one block is one finding: the first, which nginx reports', () => {
    // Each `location` below lost its `;` on the same line: nginx stops at the first; the others follow from the same block.
    const conf = 'events {}\nhttp {\n    server {\n        «location /a/;»\n        location /b/;\n        location /c/;\n        location /d/;\n    }\n}\n';
    expectFindings(RULE, { [FILE]: conf }, ['directive "location" has no opening "{"']);
    assertNginxAgrees(conf);
  });

  test('errors in later top-level blocks are independent, and shown up to three', () => {
    const block = (n: number): string => `http {\n    server {\n        «location /${n}/;»\n        location /${n}b/;\n    }\n}\n`;
    const conf = `events {}\n${[1, 2, 3].map(block).join('')}${block(4).replace(/[«»]/g, '')}`;
    expectFindings(RULE, { [FILE]: conf }, [1, 2, 3].map(() => 'directive "location" has no opening "{"'));
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
