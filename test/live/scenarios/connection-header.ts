import * as assert from 'node:assert/strict';
import { handshake, reportOf } from '../lab/client';
import { describeAnswer } from '../lab/observe';
import { labServer, upgradesOnce, type Scenario } from '../lab/scenario';

// Without its own Connection header nginx sends `Connection: close`, which is no upgrade request.
export const connectionHeader: Scenario = {
  name: 'Connection header not set',
  rules: ['ws-connection-header'],
  broken: labServer(`location /socket {
    proxy_pass http://127.0.0.1:9001;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
}
`),

  async expectBroken(lab) {
    await lab.start();
    const out = await handshake(lab.url('/socket'));
    assert.notEqual(out.status, 101);
    const report = reportOf(out);
    assert.equal(report?.upgrade, 'websocket');
    assert.equal(report?.connection, 'close');
    assert.equal(lab.backends.a!.stats.upgradeRequests, 0, 'the backend saw no upgrade request');
    return describeAnswer(out);
  },

  expectFixed: upgradesOnce,
};
