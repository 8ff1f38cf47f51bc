import * as assert from 'node:assert/strict';
import { handshake, reportOf } from '../lab/client';
import { describeAnswer } from '../lab/observe';
import { labServer, upgradesOnce, type Scenario } from '../lab/scenario';

// Upgrade is hop-by-hop: nginx drops the client's unless the location sets it again.
export const upgradeHeader: Scenario = {
  name: 'Upgrade header not forwarded',
  rules: ['ws-upgrade-header'],
  broken: labServer(`location /socket {
    proxy_pass http://127.0.0.1:9001;
    proxy_http_version 1.1;
    proxy_set_header Connection "upgrade";
}
`),

  async expectBroken(lab) {
    await lab.start();
    const out = await handshake(lab.url('/socket'));
    assert.notEqual(out.status, 101);
    assert.equal(reportOf(out)?.upgrade, null, 'the backend got no Upgrade header');
    assert.equal(lab.backends.a!.stats.upgradeRequests, 0, 'the backend saw no upgrade request');
    return describeAnswer(out);
  },

  expectFixed: upgradesOnce,
};
