/**
 * The seed articles (../shared/seeds, read in place) as a specification: their correct WebSocket configurations
 * must pass the WebSocket and security rules, and each mistake they describe, put alone into a correct
 * configuration, must be caught by exactly the rule meant for it.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ruleById } from '../../../server/src/rules';
import { analyzeFiles } from '../../../server/src/service/analyze';
import { resolveSettings } from '../../../server/src/service/settings';

/**
 * The articles' applications heartbeat every 30 s, as they say, which the read timeout mistake needs said; and they
 * teach the Connection map, which nginx-ws checks only when asked to.
 */
const SEED_SETTINGS = resolveSettings({ heartbeatInterval: 30, rules: { 'ws-connection-map': 'warning' } });
import type { Finding } from '../../../server/src/service/types';
import { configAfter, inHttp, inServer, removeLine, replaceOnce, seedText } from '../../support/seeds';

const FILE = '/etc/nginx/nginx.conf';

/** The rules this suite is about: every `ws-*` rule, and the proxy and TLS rules next to them. */
const OTHER_RULES = new Set([
  'undefined-variable',
  'header-inheritance',
  'upstream-keepalive',
  'proxy-ssl-verify',
  'proxy-connect-timeout',
  'stub-status-exposed',
  'worker-fd-limit',
  'ssl-legacy-protocols',
]);
const ofInterest = (f: Finding): boolean => f.rule.startsWith('ws-') || OTHER_RULES.has(f.rule);

function findings(text: string): Finding[] {
  return analyzeFiles(new Map([[FILE, text]]), FILE, SEED_SETTINGS).findings.filter(ofInterest);
}

/** Rule ids that fire, any severity, sorted. */
function ids(text: string): string[] {
  return [...new Set(findings(text).map((f) => f.rule))].sort();
}

/** Rule ids that fire at warning or error, sorted. */
function serious(text: string): string[] {
  return [...new Set(findings(text).filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.rule))].sort();
}

const s000 = seedText('000');
const s001 = seedText('001');
const s002 = seedText('002');
const s003 = seedText('003');

/** 000: the complete configuration (two upstreams, the port-80 redirect and the TLS server). */
const full000 = inHttp(configAfter(s000, 'Full Configuration Example'));
/** 000: the restricted status location of the verification steps. */
const stub000 = configAfter(s000, 'Confirm Active Connections via Stub Status');
/** 001: the basic configuration, a complete http block. */
const basic001 = `events {}\n${configAfter(s001, 'Basic Reverse')}`;
/** 001: the production configuration uses $connection_upgrade from the map of section 3, which we put at the top of its http. */
const map001 = configAfter(s001, 'Upgrade Header Handling');
const production001 = replaceOnce(`events {}\n${configAfter(s001, 'Full Production Configuration')}`, 'http {\n', `http {\n${map001}`);
/** 001: the main-context tuning of section 10, around the basic configuration's http block. */
const tuned001 = configAfter(s001, 'Kernel Tuning for High Concurrency') + configAfter(s001, 'Basic Reverse');
/** 002: the resolution, a complete http block with the map. */
const resolution002 = `events {}\n${configAfter(s002, 'Resolution #')}`;
/** 003: Fix 1, 2 (a location, put in a port-80 server), 3 (TLS plus redirect) and 5 (sticky upstream). */
const fix1003 = inHttp(configAfter(s003, 'Fix 1: Add the Required Upgrade Headers'));
const fix2003 = inServer(configAfter(s003, 'Fix 2: Increase Proxy Timeouts'));
const fix3003 = inHttp(configAfter(s003, 'Fix 3: Configure wss://'));
const fix5003 = inHttp(configAfter(s003, 'Fix 5: Fix nginx Load Balancing with WebSockets'));
/** 003: the Pro Tip after Fix 1, a map and a `location /` on one line, serving plain HTTP and WebSocket alike. */
const proTip003 = inHttp(configAfter(s003, 'Pro Tip'));

describe('seed articles: extraction', () => {
  test('finds each configuration whole, and nothing of the prose around it', () => {
    assert.match(full000, /upstream ws_backend \{[\s\S]*upstream app_backend[\s\S]*return 301 https[\s\S]*location \/ws\/ \{[\s\S]*proxy_cache off;\n\s*\}\n\s*\}\n\}\n$/);
    assert.match(stub000, /^location \/nginx_status \{\nstub_status;\nallow 127\.0\.0\.1;\ndeny all;\n\}\n$/);
    assert.match(production001, /check_http_send "GET \/health HTTP\/1\.0\n\n";/);
    assert.match(production001, /\}\nlimit_conn_zone \$binary_remote_addr zone=ws_conn:10m;\n$/);
    assert.match(tuned001, /^worker_processes auto;\nworker_rlimit_nofile 200000;\nevents \{/);
    assert.match(resolution002, /map \$http_upgrade \$connection_upgrade[\s\S]*proxy_buffering off; # stream frames, don't buffer\n\}\n\}\n\}\n$/);
    assert.doesNotMatch(fix1003, /critical settings/);
    assert.match(fix3003, /# Redirect HTTP to HTTPS\n\s*server \{/);
    assert.doesNotMatch(fix5003, /ip_hash ensures/);
    assert.match(proTip003, /^events \{\}\nhttp \{\n {4}map \$http_upgrade \$connection_upgrade \{ default upgrade; '' close; \} server \{ location \/ \{[^\n]*\} \}\n\}\n$/);
    for (const text of [full000, basic001, production001, resolution002, fix1003, fix2003, fix3003, fix5003, proTip003]) {
      assert.deepEqual(
        analyzeFiles(new Map([[FILE, text]]), FILE, SEED_SETTINGS).findings.filter((f) => f.rule === 'syntax'),
        [],
      );
    }
  });
});

interface Correct {
  name: string;
  text: string;
  /** Warning-or-worse findings of the rules of interest that the article's config is meant to get, with why. */
  intended: Record<string, string>;
}

const correct: Correct[] = [
  {
    name: '000: full configuration',
    text: full000,
    intended: {
      'upstream-keepalive': 'its `location /` proxies to app_backend (keepalive 32) with HTTP/1.0 and Connection: close, so the idle connections are never reused',
    },
  },
  {
    name: '001: basic configuration',
    text: basic001,
    intended: {
      'ws-sticky-upstream': 'the basic upstream spreads clients over two servers without affinity; the article adds ip_hash only in its production config and section 8',
    },
  },
  // Its third-party `check` directives and the limit_conn_zone outside http are caught by other rules, not these.
  { name: '001: production configuration (with the map of section 3)', text: production001, intended: {} },
  { name: '002: resolution', text: resolution002, intended: {} },
  {
    name: '003: Fix 1',
    text: fix1003,
    intended: {
      'ws-read-timeout': 'Fix 1 is only the handshake; it keeps the 60 s default read timeout, which the article itself raises in Fix 2',
    },
  },
  { name: '003: Fix 2', text: fix2003, intended: {} },
  { name: '003: Fix 3', text: fix3003, intended: {} },
  { name: '003: Fix 5', text: fix5003, intended: {} },
  {
    name: '003: Pro Tip (map and location /)',
    text: proTip003,
    intended: { 'ws-read-timeout': 'the tip is only about the Connection header and keeps the 60 s default read timeout' },
  },
];

describe('seed articles: the correct configurations', () => {
  for (const c of correct) {
    test(`${c.name}: no warning or error from the WebSocket and security rules${Object.keys(c.intended).length ? ' except ' + Object.keys(c.intended).join(', ') : ''}`, () => {
      assert.deepEqual(serious(c.text), Object.keys(c.intended).sort(), findings(c.text).map((f) => `${f.rule}: ${f.message}`).join('\n'));
    });
  }
});

interface Variant {
  mistake: string;
  rule: string;
  base: string;
  make(base: string): string;
}

/** The TLS server of Fix 3 made plain, and its redirect server gone: WebSocket over ws:// only. */
function plainOnly(text: string): string {
  // Another server keeps its TLS: the evidence that TLS is nginx's job here (a config with no TLS server at all may
  // sit behind a tunnel or load balancer that does it, which the config cannot show).
  const tlsElsewhere = '    server {\n    listen 443 ssl;\n    server_name admin.example.com;\n    ssl_certificate /etc/letsencrypt/live/example.com/fullchain.pem;\n    ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;\n    return 204;\n    }\n';
  const plain = replaceOnce(replaceOnce(text, /# Redirect HTTP to HTTPS\n\s*server \{[^}]*\}\n/, ''), 'listen 443 ssl;', 'listen 80;');
  // The articles' placeholder domain is reserved for examples: a real public name is what makes clear text a leak.
  return plain.replace(/\}\s*$/, `${tlsElsewhere}}\n`).replace(/(server_name [^;]*)example\.com/g, '$1acme.dev');
}

/** 002 with its location renamed to Socket.IO's path, which also carries HTTP long-polling. */
const socketIo002 = replaceOnce(resolution002, 'location /ws/ {', 'location /socket.io/ {');
/** 002 with its location renamed to SockJS's path, whose fallbacks (xhr-streaming, EventSource) stream one long response. */
const sockJs002 = replaceOnce(resolution002, 'location /ws/ {', 'location /sockjs/ {');
/** 000 with the status location of its verification steps in the TLS server. */
const withStub000 = replaceOnce(full000, '# Standard HTTP application', `${stub000}# Standard HTTP application`);
/** 000 with its `location /` fit for app_backend's keepalive (HTTP/1.1, Connection cleared), as 002's comment requires. */
const keepalive000 = replaceOnce(full000, 'proxy_pass http://app_backend;\n', 'proxy_pass http://app_backend;\nproxy_http_version 1.1;\nproxy_set_header Connection "";\n');
/** 000 as its last section advises for a TLS backend: https, verified against the internal CA. */
const httpsBackend000 = replaceOnce(
  full000,
  'proxy_pass http://ws_backend;',
  'proxy_pass https://ws_backend;\nproxy_ssl_verify on;\nproxy_ssl_trusted_certificate /etc/nginx/ssl/internal-ca.pem;\nproxy_ssl_name ws.internal;',
);

const variants: Variant[] = [
  { mistake: 'proxy_http_version 1.1 left out', rule: 'ws-http-version', base: fix3003, make: (t) => removeLine(t, 'proxy_http_version 1.1;') },
  { mistake: 'the Upgrade header left out', rule: 'ws-upgrade-header', base: fix3003, make: (t) => removeLine(t, 'proxy_set_header Upgrade $http_upgrade;') },
  { mistake: 'the Connection header left out', rule: 'ws-connection-header', base: fix3003, make: (t) => removeLine(t, 'proxy_set_header Connection "upgrade";') },
  // Behind a load balancer (set_real_ip_from), the hop that may rewrite the client's Connection header.
  { mistake: 'Connection passed through as $http_connection', rule: 'ws-connection-passthrough', base: fix3003, make: (t) => replaceOnce(t, 'Connection "upgrade";', 'Connection $http_connection;\nset_real_ip_from 10.0.0.0/8;') },
  { mistake: 'the map removed while $connection_upgrade is used', rule: 'undefined-variable', base: resolution002, make: (t) => replaceOnce(t, /map \$http_upgrade \$connection_upgrade \{[^}]*\}\n/, '') },
  {
    mistake: 'a fixed "upgrade" in a location that also serves plain HTTP',
    rule: 'ws-connection-map',
    base: proTip003,
    make: (t) => replaceOnce(t, 'Connection $connection_upgrade;', 'Connection "upgrade";'),
  },
  { mistake: 'the read timeout left at its 60 s default', rule: 'ws-read-timeout', base: fix3003, make: (t) => removeLine(t, 'proxy_read_timeout 3600s;') },
  { mistake: 'a send timeout shorter than the heartbeat', rule: 'ws-send-timeout', base: fix3003, make: (t) => replaceOnce(t, 'proxy_send_timeout 3600s;', 'proxy_send_timeout 10s;') },
  {
    mistake: 'a keepalive upstream proxied with HTTP/1.0 and Connection: close (nginx\'s defaults)',
    rule: 'upstream-keepalive',
    base: keepalive000,
    // The mistake is the article's own `location /`: the variant is 000 exactly as written.
    make: () => full000,
  },
  { mistake: 'ip_hash removed from a two-server upstream', rule: 'ws-sticky-upstream', base: full000, make: (t) => removeLine(t, 'ip_hash;') },
  {
    mistake: 'a server-level proxy_set_header that the location drops',
    rule: 'header-inheritance',
    base: fix3003,
    make: (t) => replaceOnce(t, 'ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;\n', 'ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;\nproxy_set_header X-Request-ID $request_id;\n'),
  },
  // Not Socket.IO: its fallback is long-polling, complete responses that buffering does not hold back (ws-buffering
  // measured this and leaves Socket.IO alone; see the test below). SockJS falls back to streaming, which it delays.
  { mistake: 'proxy_buffering on in a SockJS location', rule: 'ws-buffering', base: sockJs002, make: (t) => replaceOnce(t, 'proxy_buffering off;', 'proxy_buffering on;') },
  // Left out, not written `off`: an explicit off towards a private network is taken as a choice (self-signed LAN certificates).
  { mistake: 'proxy_ssl_verify left at its default (off) with an https backend', rule: 'proxy-ssl-verify', base: httpsBackend000, make: (t) => removeLine(t, 'proxy_ssl_verify on;') },
  { mistake: 'ssl_protocols with TLSv1 and TLSv1.1', rule: 'ssl-legacy-protocols', base: full000, make: (t) => replaceOnce(t, 'ssl_protocols TLSv1.2 TLSv1.3;', 'ssl_protocols TLSv1 TLSv1.1 TLSv1.2;') },
  { mistake: 'stub_status without allow/deny', rule: 'stub-status-exposed', base: withStub000, make: (t) => removeLine(removeLine(t, 'allow 127.0.0.1;'), 'deny all;') },
  { mistake: 'worker_rlimit_nofile no higher than worker_connections', rule: 'worker-fd-limit', base: tuned001, make: (t) => replaceOnce(t, 'worker_rlimit_nofile 200000;', 'worker_rlimit_nofile 65535;') },
  // Not 'X-Forwarded-Proto not passed': in a one-location config nothing shows the backend reads it, and
  // ws-forwarded-headers speaks only when the server passes the header elsewhere (its own tests show that).
  { mistake: 'WebSocket served over plain HTTP only (no TLS listener, no redirect) while nginx does TLS for another server', rule: 'ws-plain-http', base: fix3003, make: plainOnly },
];

describe('seed articles: each documented mistake alone is caught by exactly its rule', () => {
  for (const v of variants) {
    // A rule that another helper has not landed yet is reported as skipped, and runs as soon as it is registered.
    const pending = ruleById(v.rule) ? false : `rule ${v.rule} is not registered yet`;
    test(`${v.mistake}: ${v.rule}`, { skip: pending }, () => {
      const before = ids(v.base);
      const variant = v.make(v.base);
      assert.notEqual(variant, v.base);
      const after = ids(variant);
      const added = after.filter((id) => !before.includes(id));
      const removed = before.filter((id) => !after.includes(id));
      const detail = findings(variant).map((f) => `${f.rule}: ${f.message}`).join('\n');
      assert.deepEqual({ added, removed }, { added: [v.rule], removed: [] }, detail);
    });
  }
});

describe('seed articles: claims the rules deliberately do not follow', () => {
  test('proxy_buffering on in a Socket.IO location changes nothing: upgraded connections are never buffered, and polling responses are complete', () => {
    assert.deepEqual(ids(replaceOnce(socketIo002, 'proxy_buffering off;', 'proxy_buffering on;')), ids(socketIo002));
  });

  test('http2 on the TLS listen changes nothing: browsers open WebSockets on a separate HTTP/1.1 connection', () => {
    assert.deepEqual(ids(replaceOnce(fix3003, 'listen 443 ssl;', 'listen 443 ssl http2;')), ids(fix3003));
  });
});
