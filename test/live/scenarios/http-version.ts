import * as assert from 'node:assert/strict';
import type { HelloMessage } from '../lab/backend';
import { connect, handshake } from '../lab/client';
import { describeAnswer } from '../lab/observe';
import { labServer, type Scenario } from '../lab/scenario';

// nginx before 1.29.7 talks HTTP/1.0 to upstreams unless told otherwise. nginx 1.22 still relays a
// 101 if the backend sends one, so the symptom depends on the backend: RFC-strict servers refuse.
export const httpVersion: Scenario = {
  name: 'upgrade headers set, proxy_http_version left at 1.0',
  rules: ['ws-http-version'],
  broken: labServer(`location /socket {
    proxy_pass http://127.0.0.1:9001;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}
`),

  async expectBroken(lab) {
    await lab.start();
    const strict = await handshake(lab.url('/socket?requireHttp11=1'));
    assert.equal(strict.status, 400, `strict backend: ${strict.statusLine}`);
    assert.equal(strict.headers['x-backend-instance'], 'a', 'the 400 comes from the backend, not nginx');
    // `ws` alone does not check the version: the upgrade goes through, over an HTTP/1.0 request.
    const lenient = await connect(lab.url('/socket'));
    const hello = await lenient.nextJson<HelloMessage>(2_000);
    lenient.close();
    assert.equal(hello.httpVersion, '1.0');
    return `RFC-strict backend: ${describeAnswer(strict)}; ws's default: 101 over an HTTP/1.0 request`;
  },

  async expectFixed(lab) {
    await lab.start();
    const strict = await connect(lab.url('/socket?requireHttp11=1'));
    const hello = await strict.nextJson<HelloMessage>(2_000);
    strict.close();
    assert.equal(hello.httpVersion, '1.1');
    return 'RFC-strict backend: 101 over HTTP/1.1';
  },
};
