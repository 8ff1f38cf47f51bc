import * as assert from 'node:assert/strict';
import { INSTANCE_HEADER } from '../lab/backend';
import { handshake } from '../lab/client';
import type { Lab, Scenario } from '../lab/scenario';

const SESSIONS = 4;

/** Opens SESSIONS sessions one after the other and lists the instance that took each. */
async function instancesOf(lab: Lab): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const out = await handshake(lab.url('/socket'));
    assert.equal(out.status, 101, out.statusLine);
    out.session?.close();
    seen.push(out.headers[INSTANCE_HEADER] ?? '?');
  }
  return seen;
}

// Round robin spreads one client's reconnects over the instances: per-instance session state is lost.
export const stickyUpstream: Scenario = {
  name: 'several upstream servers, no stickiness',
  rules: ['ws-sticky-upstream'],
  backends: ['a', 'b'],
  broken: `events {}
http {
    upstream realtime {
        server 127.0.0.1:9001;
        server 127.0.0.1:9002;
    }
    server {
        listen 127.0.0.1:8080;
        location /socket {
            proxy_pass http://realtime;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,

  async expectBroken(lab) {
    await lab.start();
    const seen = await instancesOf(lab);
    assert.equal(new Set(seen).size, 2, `sessions landed on ${seen.join(', ')}`);
    return `${SESSIONS} sessions from one client: ${seen.join(', ')}`;
  },

  async expectFixed(lab) {
    await lab.start();
    const seen = await instancesOf(lab);
    assert.equal(new Set(seen).size, 1, `sessions landed on ${seen.join(', ')}`);
    return `${SESSIONS} sessions from one client: ${seen.join(', ')}`;
  },
};
