import { describe, test } from 'node:test';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-limit-req';
const zone = (z: string, limit = 'limit_req zone=perip;') => inHttp(`    ${z}\n    server {\n        listen 127.0.0.1:8080;\n        ${limit}\n    }`);
const GOOD = 'limit_req_zone $binary_remote_addr zone=perip:10m rate=10r/s;';

describe(RULE, () => {
  test('rates other than Nr/s and Nr/m', () => {
    expectNginxError(RULE, zone('limit_req_zone $binary_remote_addr zone=perip:10m «rate=100r/h»;'), 'invalid rate "rate=100r/h"');
    expectNginxError(RULE, zone('limit_req_zone $binary_remote_addr zone=perip:10m «rate=10/s»;'), 'invalid rate "rate=10/s"');
    expectNginxError(RULE, zone('limit_req_zone $binary_remote_addr zone=perip:10m «rate=0r/m»;'), 'invalid rate "rate=0r/m"');
  });

  test('zones without a size, too small, or without a name', () => {
    expectNginxError(RULE, zone('limit_req_zone $binary_remote_addr «zone=perip» rate=1r/s;'), 'invalid zone size "zone=perip"');
    expectNginxError(RULE, zone('limit_req_zone $binary_remote_addr «zone=perip:16k» rate=1r/s;'), 'zone "zone=perip:16k" is too small');
    expectNginxError(RULE, zone('«limit_req_zone $binary_remote_addr zone=:10m rate=1r/s;»'), '"limit_req_zone" must have "zone" parameter');
  });

  test('limit_req: burst and delay above 0, a zone', () => {
    expectNginxError(RULE, zone(GOOD, 'limit_req zone=perip «burst=0»;'), 'invalid burst value "burst=0"');
    expectNginxError(RULE, zone(GOOD, 'limit_req zone=perip burst=20 «delay=x»;'), 'invalid delay value "delay=x"');
    expectNginxError(RULE, zone(GOOD, 'limit_req zone=perip burst=20 «no_delay»;'), 'invalid parameter "no_delay"');
    expectNginxError(RULE, zone(GOOD, '«limit_req burst=20;»'), '"limit_req" must have "zone" parameter');
  });

  test('what nginx accepts', () => {
    expectAccepted(RULE, zone('limit_req_zone $binary_remote_addr zone=perip:32k rate=30r/m;\n    limit_req_zone $server_name zone=perserver:1m rate=5;', 'limit_req zone=perip burst=10 nodelay;\n        limit_req zone=perserver burst=5 delay=2;'));
  });
});
