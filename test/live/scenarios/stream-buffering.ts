import * as assert from 'node:assert/strict';
import type { HelloMessage } from '../lab/backend';
import { connect } from '../lab/client';
import { readEventStream } from '../lab/event-stream';
import type { Lab, Scenario } from '../lab/scenario';

const SILENT_MS = 1_000;

/** The SockJS streaming fallback on the WebSocket's own location: `chunked` as Node sends it to HTTP/1.1, or close-delimited. */
async function streamHeldBack(lab: Lab, chunked: boolean): Promise<boolean> {
  const query = `streamSilentMs=${SILENT_MS}${chunked ? '' : '&streamChunked=0'}`;
  return (await readEventStream(lab.port, `/sockjs/123/abc/xhr_streaming?${query}`)).heldBack;
}

/** The hello reaches us while the backend stays silent: nothing waits for a buffer to fill. */
async function helloArrivesAtOnce(lab: Lab): Promise<void> {
  const session = await connect(lab.url(`/sockjs/123/abc/websocket?silentForMs=${SILENT_MS * 5}`));
  try {
    const hello = await session.nextJson<HelloMessage>(SILENT_MS);
    assert.equal(hello.type, 'hello');
  } finally {
    session.close();
  }
}

// A SockJS endpoint: the WebSocket and, on the same location, its streaming fallbacks (xhr-streaming,
// EventSource), which are ordinary long responses. proxy_buffering never applies to the upgraded
// connection; on nginx 1.22 it holds back a stream the backend sends without chunked encoding.
export const streamBuffering: Scenario = {
  name: 'SockJS streaming fallback behind proxy_buffering (WebSocket beside it)',
  rules: ['ws-buffering'],
  broken: `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    server {
        listen 127.0.0.1:8080;
        location /sockjs/ {
            proxy_pass http://127.0.0.1:9001;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
    }
}
`,

  async expectBroken(lab) {
    await lab.start();
    assert.ok(await streamHeldBack(lab, false), 'the close-delimited stream\'s first event arrived before the stream ended');
    assert.ok(!(await streamHeldBack(lab, true)), 'the chunked stream\'s first event was held until the stream ended');
    await helloArrivesAtOnce(lab);
    return 'close-delimited stream: first event held until the response ended; chunked stream: passes at once; WebSocket: message arrives at once';
  },

  async expectFixed(lab) {
    await lab.start();
    assert.ok(!(await streamHeldBack(lab, false)), 'the close-delimited stream\'s first event was held until the stream ended');
    await helloArrivesAtOnce(lab);
    return 'close-delimited stream: first event arrives at once; WebSocket: message arrives at once';
  },
};
