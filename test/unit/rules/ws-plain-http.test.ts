import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'ws-plain-http';

const wsLocation = (head = 'location /ws/'): string => `        ${head} {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
`;

/** Another server of the config that terminates TLS itself: the evidence that TLS is nginx's job here. */
const TLS_ELSEWHERE = '    server {\n        listen 443 ssl;\n        server_name admin.acme.dev;\n    }\n';

const config = (servers: string, others = TLS_ELSEWHERE): string => `events {}
http {
${servers}${others}}
`;

const server = (listen: string, body: string, name = 'chat.acme.dev'): string => `    server {
        ${listen}
        server_name ${name};
${body}    }
`;

const redirect = (name = 'chat.acme.dev'): string => server('listen 80;', '        return 301 https://$host$request_uri;\n', name);

describe(RULE, () => {
  test('fires on a WebSocket location of a server that only listens on plain HTTP, on the location head', () => {
    expectFindings(RULE, { [FILE]: config(server('listen 80;', wsLocation('«location /ws/»'))) }, [/only reachable over plain HTTP.*ws-tls-server/]);
  });

  test('a server without any listen takes *:80 and is flagged too', () => {
    expectFindings(RULE, { [FILE]: config(server('', wsLocation('«location /ws/»'))) }, [/plain HTTP/]);
  });

  test('no evidence of clients on the internet, no finding: private, local and example names, IP addresses, no name', () => {
    for (const name of ['localhost', 'dev.local', 'nas.home', 'grafana.lan', 'app.internal', 'chat.example.com', '192.168.1.10', '_']) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 80;', wsLocation(), name)) }), [], name);
    }
  });

  test('a TLS terminator in front shows in the config: real_ip_header, proxy_protocol, a forwarded scheme passed on', () => {
    for (const extra of ['        real_ip_header X-Forwarded-For;\n        set_real_ip_from 10.0.0.0/8;\n', '        set_real_ip_from 172.16.0.0/12;\n']) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 80;', extra + wsLocation())) }), [], extra);
    }
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 80 proxy_protocol;', wsLocation())) }), []);
    const scheme = wsLocation().replace('proxy_http_version 1.1;', 'proxy_http_version 1.1;\n            proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;');
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 80;', scheme)) }), []);
  });

  test('a listen line from an include that cannot be read may be ssl: no finding', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('include /nonexistent/listen.conf;', wsLocation())) }), []);
  });

  test('does not fire when the server has a TLS listener (ssl or quic)', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 443 ssl;', wsLocation())) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 443 quic reuseport;', wsLocation())) }), []);
  });

  test('does not fire when a server of the same name redirects plain HTTP to https', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(redirect() + server('listen 8080;', wsLocation())) }), []);
  });

  test('a redirect for another name does not count', () => {
    const files = { [FILE]: config(redirect('www.acme.dev') + server('listen 8080;', wsLocation('«location /ws/»'))) };
    expectFindings(RULE, files, [/plain HTTP/]);
  });

  test('does not fire when another server of the same name has TLS', () => {
    const tls = server('listen 443 ssl;', '        location / {\n            return 204;\n        }\n');
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(tls + server('listen 80;', wsLocation())) }), []);
  });

  test('does not fire for a server that only listens on loopback or a unix socket (TLS ends in front of it)', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 127.0.0.1:8080;', wsLocation())) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen unix:/run/app.sock;', wsLocation())) }), []);
  });

  test('follows the location into an included file and its server in nginx.conf', () => {
    const main = config(server('listen 80;', '        include ws.conf;\n'));
    const inc = wsLocation('«location /ws/»').replace(/^ {8}/gm, '');
    expectFindings(RULE, { [FILE]: main, '/etc/nginx/ws.conf': inc }, [/plain HTTP/], '/etc/nginx/ws.conf');
  });

  test('a plain HTTP location that is not a WebSocket proxy is not flagged', () => {
    const plain = '        location /api/ {\n            proxy_pass http://127.0.0.1:9000;\n        }\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 80;', plain)) }), []);
  });

  test('a suppression comment above the location silences it', () => {
    const body = '        # nginx-ws-disable-next-line ws-plain-http\n' + wsLocation();
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 80;', body)) }), []);
  });

  test('offers no automatic fix (a certificate is needed)', () => {
    const [f] = findingsOf(RULE, { [FILE]: config(server('listen 80;', wsLocation())) });
    assert.deepEqual(f.fixes, []);
    assert.equal(f.severity, 'information');
  });

  test('a location that proxies WebSocket both directly and in an `if` is reported once, on the location', () => {
    const body = `        «location /ws/» {
            proxy_pass http://127.0.0.1:9000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            if ($arg_v = 2) {
                proxy_pass http://127.0.0.1:9001;
            }
        }
`;
    expectFindings(RULE, { [FILE]: config(server('listen 80;', body)) }, [/plain HTTP/]);
  });
});

describe(`${RULE}: a whole config without TLS`, () => {
  test('where no server of a complete config speaks TLS, TLS is done in front of nginx or not at all: no finding', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(server('listen 80;', wsLocation()), '') }), []);
  });

  test('a site file checked alone cannot show that, and is still told', () => {
    const site = server('listen 80;', wsLocation('«location /ws/»'));
    expectFindings(RULE, { '/srv/sites/chat.conf': site }, [/only reachable over plain HTTP/], '/srv/sites/chat.conf');
  });
});
