import * as assert from 'node:assert/strict';
import { connect } from '../lab/client';
import type { Scenario } from '../lab/scenario';
import { REQUESTS, newConnectionsFor } from './upstream-keepalive';

// The usual map sends `Connection: close` with every plain request, which defeats upstream keepalive
// on a location shared by the app and its socket; mapping '' to an empty value keeps both working.
export const upgradeMapKeepalive: Scenario = {
  name: 'upgrade map that closes plain requests, with upstream keepalive',
  rules: ['upstream-keepalive'],
  broken: `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    upstream app {
        server 127.0.0.1:9001;
        keepalive 4;
    }
    server {
        listen 127.0.0.1:8080;
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,

  async expectBroken(lab) {
    await lab.start();
    const opened = await newConnectionsFor(lab, '/api/items');
    assert.equal(opened, REQUESTS);
    (await connect(lab.url('/socket'))).close();
    return `${REQUESTS} plain requests: ${opened} upstream TCP connections; WebSocket 101`;
  },

  async expectFixed(lab) {
    await lab.start();
    const opened = await newConnectionsFor(lab, '/api/items');
    assert.equal(opened, 1);
    (await connect(lab.url('/socket'))).close();
    return `${REQUESTS} plain requests: ${opened} upstream TCP connection; WebSocket 101`;
  },
};
