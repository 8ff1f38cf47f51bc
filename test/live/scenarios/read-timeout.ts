import * as assert from 'node:assert/strict';
import { connect } from '../lab/client';
import { seconds } from '../lab/observe';
import { labServer, type Scenario } from '../lab/scenario';

// Times are scaled down: 2 s stands for nginx's 60 s default, 6 s for a raised timeout.
const SHORT_MS = 2_000;
const IDLE_MS = 3_500;

// An upgraded connection is closed when neither side sends anything for proxy_read_timeout;
// traffic in either direction re-arms the timer.
export const readTimeout: Scenario = {
  name: 'proxy_read_timeout shorter than the idle time',
  rules: ['ws-read-timeout'],
  broken: labServer(`location /socket {
    proxy_pass http://127.0.0.1:9001;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_read_timeout 2s;
}
`),

  async expectBroken(lab) {
    await lab.start();
    const silent = await connect(lab.url('/socket'));
    const heartbeat = await connect(lab.url('/socket?pushEveryMs=1000'));
    try {
      await silent.next(1_000); // the hello; silence starts after it
      const closedAfter = await silent.closedAfter(3 * SHORT_MS);
      assert.ok(closedAfter !== undefined, `a silent connection outlived a ${seconds(SHORT_MS)} read timeout`);
      assert.ok(closedAfter >= SHORT_MS * 0.75, `closed after ${closedAfter} ms: sooner than the read timeout`);
      assert.equal(silent.closeFrameReceived, false, 'nginx drops the TCP connection without a close frame');
      // Same config, but the backend pushes every second: the timer never fires.
      assert.equal(await heartbeat.closedAfter(IDLE_MS), undefined, 'a connection with 1 s pushes was closed');
      return `silent: closed by nginx after ${seconds(closedAfter)}, no close frame (1006); with 1 s pushes: open at ${seconds(IDLE_MS)}`;
    } finally {
      silent.close();
      heartbeat.close();
    }
  },

  async expectFixed(lab) {
    await lab.start();
    const session = await connect(lab.url(`/socket?silentForMs=${IDLE_MS}`));
    try {
      await session.next(1_000);
      const awake = await session.nextJson<{ type: string }>(IDLE_MS + 2_000);
      assert.equal(awake.type, 'awake');
      return `silent ${seconds(IDLE_MS)}: still open, the backend's next message arrived`;
    } finally {
      session.close();
    }
  },
};
