import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-split-clients';
const split = (body: string) => inHttp(`    split_clients "\${remote_addr}" $variant {\n${body}\n    }\n    server {\n        listen 127.0.0.1:8080;\n        return 200 $variant;\n    }`);

describe(RULE, () => {
  test('a share that is not a positive percentage', () => {
    expectNginxError(RULE, split('        «50 a;»\n        * b;'), 'invalid percent value "50"');
    expectNginxError(RULE, split('        «0% a;»\n        * b;'), 'invalid percent value "0%"');
    expectNginxError(RULE, split('        «12.345% a;»\n        * b;'), 'invalid percent value "12.345%"');
  });

  test('shares over 100%, reported on the closing brace as nginx does', () => {
    expectNginxError(RULE, split('        60% a;\n        50% b;\n    «}»').replace('\n    }\n    server', '\n    server'), 'percent total is greater than 100%');
    expectNginxError(RULE, split('        * a;\n        0.01% b;\n    «}»').replace('\n    }\n    server', '\n    server'), 'percent total is greater than 100%');
  });

  test('what nginx accepts', () => {
    expectAccepted(RULE, split('        33.33% a;\n        33.33% b;\n        .5% c;\n        * d;'));
    expectAccepted(RULE, split('        100% a;'));
  });
});
