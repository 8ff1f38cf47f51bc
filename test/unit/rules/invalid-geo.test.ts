import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-geo';
const geo = (body: string) => inHttp(`    geo $internal {\n        default 0;\n${body}\n    }\n    server {\n        listen 127.0.0.1:8080;\n        return 200 $internal;\n    }`);

describe(RULE, () => {
  test('networks nginx cannot read', () => {
    expectNginxError(RULE, geo('        «10.0.0.0/33 1;»'), 'invalid network "10.0.0.0/33"');
    expectNginxError(RULE, geo('        «10.0.0.256/24 1;»'), 'invalid network "10.0.0.256/24"');
    expectNginxError(RULE, geo('        «office 1;»'), 'invalid network "office"');
    expectNginxError(RULE, geo('        «255.255.255.255/32 1;»'), 'invalid network "255.255.255.255/32"');
    expectNginxError(RULE, geo('        «::1/129 1;»'), 'invalid network "::1/129"');
    expectNginxError(RULE, geo('        «proxy 10.0.0.0/40;»'), 'invalid network "10.0.0.0/40"');
  });

  test('ranges, and the number of words', () => {
    expectNginxError(RULE, geo('        «10.0.0.0/8 1 2;»'), 'invalid number of the geo parameters');
    expectNginxError(RULE, geo('        «10.0.0.1-10.0.0.5 1;»'), 'invalid network "10.0.0.1-10.0.0.5"');
    expectNginxError(RULE, geo('        ranges;\n        «10.0.0.9-10.0.0.1 1;»').replace('default 0;\n        ranges;', 'ranges;\n        default 0;'), 'invalid range "10.0.0.9-10.0.0.1"');
  });

  test('what nginx accepts', () => {
    expectAccepted(RULE, geo('        10.0.0.0/8 1;\n        192.168.1.1 1;\n        255.255.255.255 1;\n        2001:db8::/32 1;\n        ::1 1;\n        proxy 127.0.0.1;\n        delete 10.1.0.0/16;'));
  });
});
