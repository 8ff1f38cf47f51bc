import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectFindings, FILE, findingsOf } from '../../support/rules';

const RULE = 'ws-read-timeout';

const proxy = (path: string, extra = ''): string => `        location ${path} {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
${extra}        }
`;

const config = (locations: string): string => `events {}
http {
    server {
        listen 127.0.0.1:8080;
${locations}    }
}
`;

const message = (value: string, interval: string, target = '3600s'): string =>
  `proxy_read_timeout is ${value}: nginx closes a WebSocket connection after that long without traffic, and that is no more than twice the ${interval}, so one late heartbeat drops a healthy connection: set ${target}`;

describe(`${RULE}: the heartbeat of a framework the config shows`, () => {
  test("Socket.IO's /socket.io/ pings every 25s: the 60s default is enough, 50s is not", () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(proxy('/socket.io/')) }), []);
    const text = config(proxy('/socket.io/', '            «proxy_read_timeout 50s;»\n'));
    expectFindings(RULE, { [FILE]: text }, [message('50s (set here)', "Socket.IO's 25s heartbeat interval")]);
  });

  test('a regex location for Socket.IO counts too', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(proxy('~ ^/socket\\.io/')) }), []);
  });

  test("SignalR's /signalr keeps alive every 15s: the 60s default is enough, 30s is not", () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(proxy('/signalr')) }), []);
    const text = config(proxy('/signalr', '            «proxy_read_timeout 30s;»\n'));
    expectFindings(RULE, { [FILE]: text }, [message('30s (set here)', "SignalR's 15s heartbeat interval")]);
  });

  test('a hub path beside a location for its negotiate request is SignalR', () => {
    const locations = proxy('/notifications/hub/negotiate') + proxy('/notifications/hub');
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(locations) }), []);
  });

  test('a hub path alone is no evidence of SignalR: its heartbeat is unknown, so nothing until one is named', () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(proxy('/chathub')) }), []);
    const text = config(proxy('/chathub').replace('location /chathub', '«location /chathub»'));
    expectFindings(RULE, { [FILE]: text }, [message("60s (nginx's default)", '30s heartbeat interval')], FILE, { heartbeatInterval: 30 });
  });

  test("Grafana Live's /api/live/ and Centrifugo's /connection/websocket ping every 25s", () => {
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(proxy('/api/live/')) }), []);
    assert.deepEqual(findingsOf(RULE, { [FILE]: config(proxy('/connection/websocket')) }), []);
    const text = config(proxy('/api/live/', '            «proxy_read_timeout 40s;»\n'));
    expectFindings(RULE, { [FILE]: text }, [message('40s (set here)', "Grafana Live's 25s heartbeat interval")]);
  });

  test('a heartbeat interval the user set wins over the framework', () => {
    const text = config(proxy('/socket.io/').replace('location /socket.io/', '«location /socket.io/»'));
    expectFindings(RULE, { [FILE]: text }, [message("60s (nginx's default)", '40s heartbeat interval')], FILE, { heartbeatInterval: 40 });
  });
});
