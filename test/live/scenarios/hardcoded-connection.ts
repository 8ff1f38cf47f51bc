import * as assert from 'node:assert/strict';
import { connect, httpGet } from '../lab/client';
import { labServer, type Scenario } from '../lab/scenario';

// One location for the app and its socket: a fixed "upgrade" is sent with every plain request too.
export const hardcodedConnection: Scenario = {
  name: 'Connection "upgrade" hard-coded where plain HTTP also passes',
  rules: ['ws-connection-map'],
  broken: labServer(`location / {
    proxy_pass http://127.0.0.1:9001;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}
`),

  async expectBroken(lab) {
    await lab.start();
    const plain = await httpGet(lab.port, '/api/items');
    assert.equal(plain.report?.connection, 'upgrade');
    (await connect(lab.url('/socket'))).close();
    return 'plain GET reaches the backend with Connection: upgrade; WebSocket 101';
  },

  async expectFixed(lab) {
    await lab.start();
    const plain = await httpGet(lab.port, '/api/items');
    assert.equal(plain.report?.connection, 'close');
    (await connect(lab.url('/socket'))).close();
    return 'plain GET reaches the backend with Connection: close; WebSocket 101';
  },
};
