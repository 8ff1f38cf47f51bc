import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-map';
const map = (body: string) => inHttp(`    map $http_host $site {\n        default main;\n${body}\n    }\n    server {\n        listen 127.0.0.1:8080;\n        return 200 $site;\n    }`);

describe(RULE, () => {
  test('a line that is not a key and a value', () => {
    expectNginxError(RULE, map('        «example.test blue site;»'), 'invalid number of the map parameters');
    expectNginxError(RULE, map('        «example.test;»'), 'invalid number of the map parameters');
  });

  test('after hostnames, a wildcard that is not a whole label', () => {
    expectNginxError(RULE, map('        hostnames;\n        «*example.test other;»'), 'invalid hostname or wildcard "*example.test"');
    expectNginxError(RULE, map('        hostnames;\n        «a..example.test other;»'), 'invalid hostname or wildcard "a..example.test"');
  });

  test('what nginx accepts', () => {
    expectAccepted(RULE, map('        hostnames;\n        volatile;\n        *.example.test a;\n        .example.org b;\n        www.example.* c;\n        ~^api\\. d;\n        "blue site" "e f";'));
    expectAccepted(RULE, map('        *example.test other;'));
  });
});
