import * as assert from 'node:assert/strict';
import { httpGet } from '../lab/client';
import type { Lab, Scenario } from '../lab/scenario';

export const REQUESTS = 5;

/** Sends REQUESTS plain requests one after the other; returns how many new TCP connections the backend saw. */
export async function newConnectionsFor(lab: Lab, path: string): Promise<number> {
  const backend = lab.backends.a!;
  const before = backend.stats.tcpConnections;
  for (let i = 0; i < REQUESTS; i++) {
    const res = await httpGet(lab.port, path);
    assert.equal(res.status, 200, res.body);
  }
  return backend.stats.tcpConnections - before;
}

// `keepalive` in an upstream only keeps connections nginx was allowed to keep: HTTP/1.1 and no
// `Connection: close`, which nginx sends unless the header is cleared.
export const upstreamKeepalive: Scenario = {
  name: 'upstream keepalive without HTTP/1.1 and a cleared Connection',
  rules: ['upstream-keepalive'],
  broken: `events {}
http {
    upstream app {
        server 127.0.0.1:9001;
        keepalive 4;
    }
    server {
        listen 127.0.0.1:8080;
        location /api/ {
            proxy_pass http://app;
        }
    }
}
`,

  async expectBroken(lab) {
    await lab.start();
    const opened = await newConnectionsFor(lab, '/api/items');
    assert.equal(opened, REQUESTS, 'every request should have needed its own upstream connection');
    return `${REQUESTS} requests: ${opened} upstream TCP connections`;
  },

  async expectFixed(lab) {
    await lab.start();
    const opened = await newConnectionsFor(lab, '/api/items');
    assert.equal(opened, 1, `${opened} connections for ${REQUESTS} requests`);
    return `${REQUESTS} requests: ${opened} upstream TCP connection (reused)`;
  },
};
