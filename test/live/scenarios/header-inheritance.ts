import * as assert from 'node:assert/strict';
import type { HelloMessage } from '../lab/backend';
import { connect } from '../lab/client';
import type { Lab, Scenario } from '../lab/scenario';

async function tenantSeen(lab: Lab): Promise<string | undefined> {
  const session = await connect(lab.url('/socket'));
  const hello = await session.nextJson<HelloMessage>(2_000);
  session.close();
  const value = hello.headers['x-tenant'];
  return Array.isArray(value) ? value.join(', ') : value;
}

// proxy_set_header is inherited only by blocks that set none of their own: the whole list is replaced.
export const headerInheritance: Scenario = {
  name: 'server-level proxy_set_header hidden by the location',
  rules: ['header-inheritance'],
  broken: `events {}
http {
    server {
        listen 127.0.0.1:8080;
        proxy_set_header X-Tenant blue;
        location /socket {
            proxy_pass http://127.0.0.1:9001;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,

  async expectBroken(lab) {
    await lab.start();
    assert.equal(await tenantSeen(lab), undefined);
    return 'WebSocket backend got no X-Tenant header';
  },

  async expectFixed(lab) {
    await lab.start();
    assert.equal(await tenantSeen(lab), 'blue');
    return 'WebSocket backend got X-Tenant: blue';
  },
};
