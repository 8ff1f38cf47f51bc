import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nginxTestFiles } from '../../support/nginx';
import { applyFix, expectFindings, FILE, findingsOf } from '../../support/rules';
import { nginxAccepts } from './nginxAgrees';

const RULE = 'ws-sticky-upstream';

const config = (upstream: string, path = '/ws/'): string => `events {}
http {
    «upstream realtime» {
${upstream}    }
    server {
        listen 127.0.0.1:8080;
        location ${path} {
            proxy_pass http://realtime;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
}
`;

const TWO = '        server 127.0.0.1:9001;\n        server 127.0.0.1:9002;\n';
const clean = (t: string): string => t.replace(/[«»]/g, '');

describe(RULE, () => {
  test('fires on the upstream head, naming the WebSocket location and the NAT caveat of ip_hash', () => {
    expectFindings(RULE, { [FILE]: config(TWO) }, [
      'upstream "realtime" spreads WebSocket clients (location /ws/ at line 9) over 2 servers with no affinity: a reconnecting client, or the polling requests of Socket.IO, SockJS or SignalR, can reach a server that does not hold its session. ip_hash pins each client address (the first three octets of IPv4), so everyone behind one NAT or proxy shares a server',
    ]);
  });

  test('does not fire with ip_hash, hash or sticky, or with one server (backup and down not counted)', () => {
    for (const extra of ['        ip_hash;\n', '        hash $remote_addr consistent;\n', '        sticky cookie srv_id;\n']) {
      assert.deepEqual(findingsOf(RULE, { [FILE]: config(extra + TWO) }), [], extra);
    }
    assert.deepEqual(findingsOf(RULE, { [FILE]: config('        server 127.0.0.1:9001;\n        server 127.0.0.1:9002 backup;\n        server 127.0.0.1:9003 down;\n') }), []);
  });

  test('a comment in the upstream that weighs affinity is a decision and is not flagged; any other comment is not', () => {
    const weighed = '        # round robin on purpose: sessions live in Redis, so no ip_hash here\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(weighed + TWO) }), []);
    assert.equal(findingsOf(RULE, { [FILE]: config('        # chat servers\n' + TWO) }).length, 1);
    // A commented-out method is one option of a menu, not a decision.
    assert.equal(findingsOf(RULE, { [FILE]: config('        # ip_hash;   # session persistence by client address\n' + TWO) }).length, 1);
  });

  test('does not fire on an upstream only plain HTTP locations use', () => {
    const plain = clean(config(TWO)).replace(/            proxy_set_header (Upgrade|Connection).*\n/g, '').replace('/ws/', '/api/').replace(/realtime/g, 'app');
    assert.deepEqual(findingsOf(RULE, { [FILE]: plain }), []);
  });

  test('the fix adds ip_hash at the top of the upstream; nginx -t accepts it; the rule is satisfied', () => {
    const withKeepalive = `${TWO}        keepalive 8;\n`;
    const fixed = applyFix(RULE, { [FILE]: config(withKeepalive) });
    assert.equal(fixed[FILE], clean(config(`        ip_hash;\n${withKeepalive}`)));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    const verdict = nginxTestFiles({ 'nginx.conf': fixed[FILE] });
    assert.ok(verdict.ok, verdict.output);
    // ip_hash before keepalive: nginx says nothing (after it, it warns that the balancing method was redefined).
    assert.doesNotMatch(verdict.output, /redefined/);
  });

  test('the other fix adds hash $remote_addr consistent', () => {
    const fixed = applyFix(RULE, { [FILE]: config(TWO) }, FILE, {}, 1);
    assert.equal(fixed[FILE], clean(config(`        hash $remote_addr consistent;\n${TWO}`)));
    assert.deepEqual(findingsOf(RULE, fixed), []);
    nginxAccepts(fixed[FILE]);
  });

  test('least_conn is replaced, not stacked', () => {
    const fixed = applyFix(RULE, { [FILE]: config(`        least_conn;\n${TWO}`) });
    assert.equal(fixed[FILE], clean(config(`        ip_hash;\n${TWO}`)));
    nginxAccepts(fixed[FILE]);
  });

  test('with a backup server it fires without a fix, since nginx refuses backup with ip_hash', () => {
    const upstream = `${TWO}        server 127.0.0.1:9003 backup;\n`;
    const [f] = expectFindings(RULE, { [FILE]: config(upstream) }, [/nginx allows no backup server with ip_hash or hash/]);
    assert.deepEqual(f.fixes, []);
    const verdict = nginxTestFiles({ 'nginx.conf': clean(config(`        ip_hash;\n${upstream}`)) });
    assert.equal(verdict.ok, false);
    assert.match(verdict.message ?? '', /balancing method does not support parameter "backup"/);
  });

  test('the location may sit in another file; the finding stays on the upstream', () => {
    const SITE = '/etc/nginx/conf.d/app.conf';
    const main = `events {}\nhttp {\n    «upstream realtime» {\n${TWO}    }\n    include conf.d/*.conf;\n}\n`;
    const site = 'server {\n    listen 127.0.0.1:8080;\n    location /socket.io/ {\n        # nginx-ws: websocket\n        proxy_pass http://realtime;\n    }\n}\n';
    expectFindings(RULE, { [FILE]: main, [SITE]: site }, [/\(location \/socket\.io\/ at app\.conf:3\)/]);
    assert.deepEqual(findingsOf(RULE, { [FILE]: main, [SITE]: site }, SITE), []);
  });
});

describe(`${RULE}: Kubernetes NodePorts`, () => {
  test('nodes on one NodePort are one Service, whose pods kube-proxy picks: affinity is not nginx\'s to set', () => {
    const nodes = '        server 192.168.1.101:31226;\n        server 192.168.1.102:31226;\n';
    assert.deepEqual(findingsOf(RULE, { [FILE]: clean(config(nodes)) }), []);
  });

  test('the same nodes on ports outside that range, or on different ports, are still reported', () => {
    expectFindings(RULE, { [FILE]: config('        server 192.168.1.101:8080;\n        server 192.168.1.102:8080;\n') }, [/spreads WebSocket clients/]);
    expectFindings(RULE, { [FILE]: config('        server 192.168.1.101:31226;\n        server 192.168.1.102:31227;\n') }, [/spreads WebSocket clients/]);
  });
});
