import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';
import { expectAccepted, expectNginxError, inHttp } from './handlerJudge';

const RULE = 'invalid-listen';
const srv = (...listens: string[]) => inHttp(listens.map((l) => `    server {\n        ${l}\n    }`).join('\n'));

describe(RULE, () => {
  test('ports outside 1-65535 and addresses nginx cannot read', () => {
    expectNginxError(RULE, srv('listen «70000»;'), 'invalid port in "70000" of the "listen" directive');
    expectNginxError(RULE, srv('listen «127.0.0.1:0» default_server;'), 'invalid port in "127.0.0.1:0" of the "listen" directive');
    expectNginxError(RULE, srv('listen «127.0.0.1:»;'), 'invalid port in "127.0.0.1:" of the "listen" directive');
    expectNginxError(RULE, srv('listen «[::1:8080»;'), 'invalid host in "[::1:8080" of the "listen" directive');
    expectNginxError(RULE, srv('listen «127.0.0.1:8080/ws»;'), 'invalid host in "127.0.0.1:8080/ws" of the "listen" directive');
  });

  test('socket option values', () => {
    expectNginxError(RULE, srv('listen 8080 «backlog=0»;'), 'invalid backlog "backlog=0"');
    expectNginxError(RULE, srv('listen 8080 «rcvbuf=8x»;'), 'invalid rcvbuf "rcvbuf=8x"');
    expectNginxError(RULE, srv('listen 8080 «sndbuf=»;'), 'invalid sndbuf "sndbuf="');
    expectNginxError(RULE, srv('listen 8080 «fastopen=on»;'), 'invalid fastopen "fastopen=on"');
    expectNginxError(RULE, srv('listen [::]:8080 «ipv6only=onn»;'), 'invalid ipv6only flags "onn"');
    expectNginxError(RULE, srv('listen 8080 «so_keepalive=1m:x:3»;'), 'invalid so_keepalive value: "1m:x:3"');
    expectNginxError(RULE, srv('listen 8080 «so_keepalive=::»;'), 'invalid so_keepalive value: "::"');
  });

  test('the same address twice in one server: 8080, *:8080 and 0.0.0.0:8080 are one', () => {
    expectNginxError(RULE, srv('listen 8080;\n        «listen *:8080;»'), 'a duplicate listen 0.0.0.0:8080');
    expectNginxError(RULE, srv('listen 127.0.0.1;\n        «listen 127.0.0.1:80 default_server;»'), 'a duplicate listen 127.0.0.1:80');
  });

  test('socket options on two listens of one address, in different servers', () => {
    expectNginxError(RULE, srv('listen 8080 reuseport;', '«listen 0.0.0.0:8080 backlog=511;»'), 'duplicate listen options for 0.0.0.0:8080');
    expectNginxError(RULE, srv('listen [::]:8443 bind;', '«listen [::]:8443 deferred;»'), 'duplicate listen options for [::]:8443');
  });

  test('what nginx accepts', () => {
    expectAccepted(
      RULE,
      srv(
        'listen 8080 reuseport backlog=511 rcvbuf=64k sndbuf=1m fastopen=0 so_keepalive=30m::10 deferred;\n        listen [::]:8080 ipv6only=on;\n        listen 127.0.0.1:8081 default_server;',
        'listen 8080;\n        listen 127.0.0.1:8081;\n        listen unix:/tmp/nginx-ws-test.sock;',
        'listen 8082 so_keepalive=on;\n        listen 8083 so_keepalive=:10s:;',
      ),
    );
  });

  test('a quic listen is a UDP socket of its own (our side: Debian\'s nginx 1.22.1 has no quic)', () => {
    assert.deepEqual(
      findingsOf(RULE, { [FILE]: srv('listen 8443 ssl reuseport;\n        listen 8443 quic reuseport;\n        ssl_certificate /etc/ssl/a.pem;') }).map((f) => f.message),
      [],
    );
    expectFindings(RULE, { [FILE]: srv('listen 8443 quic;\n        «listen 8443 quic;»') }, ['a duplicate listen 0.0.0.0:8443']);
  });


  test('a TLS address whose default server has no certificate', () => {
    const NO_CERT = 'no "ssl_certificate" is defined for the "listen ... ssl" directive';
    expectNginxError(RULE, inHttp('    «server {»\n        listen 127.0.0.1:8443 ssl;\n    }'), NO_CERT);
    // The first server of the address is its default, even without ssl on its own listen.
    expectNginxError(RULE, inHttp('    «server {»\n        listen 127.0.0.1:8443;\n    }\n    server {\n        listen 127.0.0.1:8443 ssl;\n        ssl_reject_handshake on;\n    }'), NO_CERT);
    // A default server that rejects handshakes puts the others to the test.
    expectNginxError(
      RULE,
      inHttp('    «server {»\n        listen 127.0.0.1:8443 ssl;\n    }\n    server {\n        listen 127.0.0.1:8443 ssl default_server;\n        ssl_reject_handshake on;\n    }'),
      NO_CERT,
    );
  });

  test('certificates inherited from http, handshakes rejected, no TLS at all', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: inHttp('    ssl_certificate /etc/ssl/a.pem;\n    ssl_certificate_key /etc/ssl/a.key;\n    server {\n        listen 8443 ssl;\n    }') }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: inHttp('    server {\n        listen 8443 ssl;\n        ssl_certificate_by_lua_block {\n            certificate.call()\n        }\n    }') }), []);
    expectAccepted(RULE, inHttp('    server {\n        listen 127.0.0.1:8443 ssl;\n        ssl_reject_handshake on;\n    }\n    server {\n        listen 127.0.0.1:8444;\n    }'));
  });

  test('not judged when an include is missing: the certificate may be in it', () => {
    const conf = inHttp('    server {\n        listen 8443 ssl;\n        include snippets/tls.conf;\n    }');
    assert.deepEqual(findingsOf(RULE, { [FILE]: conf }).map((f) => f.message), []);
  });
});
