import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nginxTestFiles, requireNginx } from '../support/nginx';
import { expandSnippet } from '../support/snippetExpand';
import {
  FRONT_LISTEN,
  TLS_LISTEN,
  allSnippetFixtures,
  expandByPrefix,
  frontServer,
  httpConf,
  loadSnippets,
  prefixesOf,
  type SnippetFixture,
} from '../support/snippetFixtures';

const EXPECTED_PREFIXES = ['ws-location', 'ws-map', 'ws-upstream', 'ws-tls-server', 'ws-socketio', 'ws-nginx-conf'];
const HEARTBEAT_SECONDS = 30;

function nginxAccepts(files: Record<string, string>, label: string): void {
  const verdict = nginxTestFiles(files);
  assert.ok(verdict.ok, `nginx -t rejected ${label}: ${verdict.output}\n--- nginx.conf ---\n${files['nginx.conf']}`);
}

/** nginx time values as seconds: `5s`, `3600`, `1h`, `1m30s`. */
function seconds(value: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const m of value.matchAll(/(\d+)(ms|[smhdw])?/g)) total += Number(m[1]) * units[m[2] ?? 's'];
  return total;
}

/** The text of every `location` block in `conf` (blocks are not nested in our snippets). */
function locationBlocks(conf: string): string[] {
  return [...conf.matchAll(/^\s*location\b[^{]*\{[^}]*\}/gm)].map((m) => m[0]);
}

describe('snippet expansion', () => {
  it('uses defaults, mirrors, first choices and escapes', () => {
    assert.equal(expandSnippet('a ${1:x} b $1 c $0'), 'a x b x c ');
    assert.equal(expandSnippet('$2 then ${2:two}'), 'two then two');
    assert.equal(expandSnippet("'' ${1|close,''|};"), "'' close;");
    assert.equal(expandSnippet('\\$host \\} \\\\ $ alone'), '$host } \\ $ alone');
    assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
    assert.equal(expandSnippet(['line ${1:one}', '\tline $1']), 'line one\n\tline one');
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
  });

  it('takes typed values for tab stops and refuses what it cannot expand', () => {
    assert.equal(expandSnippet('${1:x}-$1-${2:y}', { 1: 'z' }), 'z-z-y');
    assert.throws(() => expandSnippet('${1:x}', { 3: 'nope' }), /no tab stop 3/);
    assert.throws(() => expandSnippet('$TM_FILENAME'), /variables are not supported/);
    assert.throws(() => expandSnippet('${1:unclosed'), /expected "}"/);
  });
});

describe('snippets/nginx.json', () => {
  const snippets = loadSnippets();

  it('offers the WebSocket snippets, each with a description', () => {
    const prefixes = Object.values(snippets).flatMap(prefixesOf);
    assert.deepEqual([...prefixes].sort(), [...EXPECTED_PREFIXES].sort());
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.description && s.description.length > 40, `${name} needs a description`);
      assert.ok(Array.isArray(s.body) && s.body.length > 0, `${name} needs a body`);
      const text = expandSnippet(s.body);
      assert.doesNotMatch(text, /\$\{|\\\$/, `${name} leaves snippet syntax behind:\n${text}`);
      assert.doesNotMatch(text, / +$/m, `${name} leaves trailing spaces`);
    }
  });

  it('points only at loopback or private addresses, or at upstreams defined by the snippets', () => {
    const all = Object.values(snippets).map((s) => expandSnippet(s.body)).join('\n');
    const upstreams = new Set([...all.matchAll(/^\s*upstream\s+(\S+)/gm)].map((m) => m[1]));
    for (const m of all.matchAll(/\b(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b/g)) {
      const [a, b] = [Number(m[1]), Number(m[2])];
      const privateOrLoopback = a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
      assert.ok(privateOrLoopback, `${m[0]} is neither loopback nor private`);
    }
    const targets = [...all.matchAll(/proxy_pass\s+https?:\/\/([^/;:\s]+)/g)].map((m) => m[1]);
    assert.ok(targets.length >= 5);
    for (const host of targets) {
      assert.ok(/^\d+\.\d+\.\d+\.\d+$/.test(host) || upstreams.has(host), `proxy_pass to ${host} would need DNS`);
    }
    for (const own of [FRONT_LISTEN, TLS_LISTEN]) {
      assert.ok(!all.includes(`proxy_pass http://${own}`), `a snippet default would proxy the fixture's ${own} to itself`);
    }
  });

  it('writes every WebSocket location with HTTP/1.1, upgrade headers and heartbeat-safe timeouts', () => {
    const locations = Object.values(snippets)
      .flatMap((s) => locationBlocks(expandSnippet(s.body)))
      .filter((l) => /proxy_set_header\s+Upgrade/.test(l));
    assert.ok(locations.length >= 4, `found only ${locations.length} WebSocket locations`);
    for (const l of locations) {
      assert.match(l, /proxy_http_version 1\.1;/);
      assert.match(l, /proxy_set_header Upgrade \$http_upgrade;/);
      assert.match(l, /proxy_set_header Connection \$connection_upgrade;/);
      for (const h of ['Host \\$host', 'X-Real-IP \\$remote_addr', 'X-Forwarded-For \\$proxy_add_x_forwarded_for', 'X-Forwarded-Proto \\$scheme']) {
        assert.match(l, new RegExp(`proxy_set_header ${h};`));
      }
      for (const d of ['proxy_read_timeout', 'proxy_send_timeout']) {
        const v = new RegExp(`${d} (\\S+);`).exec(l)?.[1];
        assert.ok(v, `${d} missing in:\n${l}`);
        assert.ok(seconds(v) >= 3600 && seconds(v) > 10 * HEARTBEAT_SECONDS, `${d} ${v} is too short`);
      }
      const connect = /proxy_connect_timeout (\S+);/.exec(l)?.[1];
      assert.ok(connect && seconds(connect) <= 10, `proxy_connect_timeout should be short, got ${connect}`);
    }
  });

  it('keeps buffering on for plain WebSockets and turns it off for Socket.IO long-polling', () => {
    assert.doesNotMatch(expandByPrefix('ws-location'), /proxy_buffering/);
    const socketio = expandByPrefix('ws-socketio');
    assert.match(socketio, /^location \/socket\.io\/ \{/);
    assert.match(socketio, /proxy_buffering off;/);
  });

  it('makes the map, the sticky upstream and the TLS pair as described', () => {
    assert.match(expandByPrefix('ws-map'), /^map \$http_upgrade \$connection_upgrade \{\n\tdefault upgrade;\n\t'' close;\n\}$/);
    const upstream = expandByPrefix('ws-upstream');
    assert.match(upstream, /ip_hash;/);
    assert.equal([...upstream.matchAll(/^\tserver /gm)].length, 2);
    assert.match(upstream, /keepalive \d+;/);
    const tls = expandByPrefix('ws-tls-server');
    assert.match(tls, /return 301 https:\/\/\$host\$request_uri;/);
    assert.match(tls, /listen 443 ssl;/);
    assert.match(tls, /location \/ \{/);
    assert.equal(locationBlocks(tls).filter((l) => l.includes('Upgrade')).length, 1);
    const conf = expandByPrefix('ws-nginx-conf');
    for (const block of ['events', 'http', 'map', 'upstream', 'server', 'location']) {
      assert.match(conf, new RegExp(`^\\s*${block}\\b[^;]*\\{`, 'm'), `ws-nginx-conf lacks ${block}`);
    }
  });
});

describe("snippets accepted by Debian's nginx -t", () => {
  requireNginx();
  const fixtures: SnippetFixture[] = allSnippetFixtures();

  for (const fixture of fixtures) {
    it(`${fixture.prefix}: the expanded snippet in a complete config passes nginx -t`, () => {
      const unindented = (text: string) => text.replace(/^\t+/gm, '');
      assert.ok(unindented(fixture.files['nginx.conf']).includes(unindented(fixture.expanded)), 'the fixture must contain the snippet itself');
      nginxAccepts(fixture.files, fixture.prefix);
    });
  }

  it("ws-map: the keepalive-friendly '' choice passes nginx -t too", () => {
    const map = expandByPrefix('ws-map', { 1: "''" });
    assert.match(map, /'' '';/);
    nginxAccepts({ 'nginx.conf': httpConf([map, frontServer([expandByPrefix('ws-location')])]) }, "ws-map with ''");
  });
});
