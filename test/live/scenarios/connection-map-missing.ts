import * as assert from 'node:assert/strict';
import { connect } from '../lab/client';
import { labServer, type Scenario } from '../lab/scenario';

// $connection_upgrade is no built-in variable: it exists only where a map defines it.
export const connectionMapMissing: Scenario = {
  name: '$connection_upgrade used without its map',
  rules: ['undefined-variable'],
  nginxRefusesBroken: true,
  broken: labServer(`location /socket {
    proxy_pass http://127.0.0.1:9001;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
}
`),

  async expectBroken(lab) {
    const verdict = lab.test();
    assert.equal(verdict.ok, false, 'nginx -t accepted an undefined variable');
    assert.equal(verdict.message, 'unknown "connection_upgrade" variable');
    return `nginx -t fails: ${verdict.message}`;
  },

  async expectFixed(lab) {
    const verdict = lab.test();
    assert.equal(verdict.ok, true, verdict.output);
    await lab.start();
    (await connect(lab.url('/socket'))).close();
    return 'nginx -t passes; WebSocket 101';
  },
};
