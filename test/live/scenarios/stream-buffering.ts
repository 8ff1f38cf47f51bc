import * as assert from 'node:assert/strict';
import type { HelloMessage } from '../lab/backend';
import { connect } from '../lab/client';
import { readEventStream } from '../lab/event-stream';
import { insertAfter } from '../lab/edit';
import type { Scenario } from '../lab/scenario';

const SILENT_MS = 1_000;

// proxy_buffering applies to ordinary responses (event streams, long polls), never to an upgraded
// connection. With nginx 1.22's default HTTP/1.0 upstream requests an unchunked stream is held back
// until a buffer fills or the response ends.
export const streamBuffering: Scenario = {
  name: 'event stream behind proxy_buffering (and WebSocket beside it)',
  rule: 'proxy-buffering-stream',
  broken: `events {}
http {
    server {
        listen 127.0.0.1:8080;
        location /events {
            proxy_pass http://127.0.0.1:9001;
        }
        location /socket {
            proxy_pass http://127.0.0.1:9001;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`,
  fixed: (broken) => insertAfter(broken, 'location /events {', ['    proxy_buffering off;']),

  async expectBroken(lab) {
    await lab.start();
    const stream = await readEventStream(lab.port, `/events?streamSilentMs=${SILENT_MS}`);
    assert.ok(stream.heldBack, 'the first event arrived before the stream ended');
    await helloArrivesAtOnce(lab.url(`/socket?silentForMs=${SILENT_MS * 5}`));
    return 'event stream: first event held until the response ended; WebSocket (buffering on): message arrives at once';
  },

  async expectFixed(lab) {
    await lab.start();
    const stream = await readEventStream(lab.port, `/events?streamSilentMs=${SILENT_MS}`);
    assert.ok(!stream.heldBack, 'the first event was held until the stream ended');
    return 'event stream: first event arrives at once';
  },
};

/** The hello reaches us while the backend stays silent: nothing waits for a buffer to fill. */
async function helloArrivesAtOnce(url: string): Promise<void> {
  const session = await connect(url);
  try {
    const hello = await session.nextJson<HelloMessage>(SILENT_MS);
    assert.equal(hello.type, 'hello');
  } finally {
    session.close();
  }
}
