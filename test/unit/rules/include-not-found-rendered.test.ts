import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf } from '../../support/rules';

const RULE = 'include-not-found';
const MAIN = '/srv/app/conf/nginx.conf';
const main = 'events {}\nhttp {\n    server {\n        include listen.conf;\n    }\n}\n';

describe(`${RULE}: files rendered at start-up`, () => {
  test('a missing include that a template beside the config renders is no finding', () => {
    assert.deepEqual(findingsOf(RULE, { [MAIN]: main, '/srv/app/templates/listen.gotmpl': 'listen {{ .Port }};\n' }, MAIN), []);
    assert.deepEqual(findingsOf(RULE, { [MAIN]: main, '/srv/app/conf/listen.conf.template': 'listen ${PORT};\n' }, MAIN), []);
  });

  test('without such a template it is still reported', () => {
    assert.equal(findingsOf(RULE, { [MAIN]: main, '/srv/app/templates/other.gotmpl': 'x;\n' }, MAIN).length, 1);
  });
});
