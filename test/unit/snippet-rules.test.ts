/**
 * Our own rules agree with our snippets: every snippet, placed in the realistic complete configuration that
 * test/support/snippetFixtures.ts builds for it (the one nginx -t accepts in snippets.test.ts), raises no finding
 * of warning or error severity. Information and hints are allowed and listed in the test's diagnostics.
 * The snippets' descriptions also recommend combinations (Socket.IO behind the sticky keepalive upstream, with
 * the map's '' choice); those are checked as the descriptions tell a user to write them.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFiles } from '../../server/src/service/analyze';
import { defaultSettings } from '../../server/src/service/settings';
import type { Finding } from '../../server/src/service/types';
import { allSnippetFixtures, expandByPrefix, frontServer, httpConf } from '../support/snippetFixtures';

/** Where a user keeps the config; relative paths in fixtures (the TLS certificates) resolve from here. */
const PREFIX = '/etc/nginx';
const MAIN = path.join(PREFIX, 'nginx.conf');

function analyze(files: Record<string, string>): Finding[] {
  const map = new Map(Object.entries(files).map(([rel, text]) => [path.join(PREFIX, rel), text]));
  return analyzeFiles(map, MAIN, defaultSettings).findings;
}

const serious = (f: Finding): boolean => f.severity === 'error' || f.severity === 'warning';
const show = (f: Finding): string => `${f.severity} ${f.rule} at ${path.basename(new URL(f.uri).pathname)}:${f.range.start.line + 1}: ${f.message}`;

describe('snippets raise no warning or error from our rules', () => {
  const fixtures = allSnippetFixtures();

  it('covers every snippet in snippets/nginx.json', () => {
    assert.deepEqual(
      fixtures.map((f) => f.prefix).sort(),
      ['ws-location', 'ws-map', 'ws-nginx-conf', 'ws-socketio', 'ws-tls-server', 'ws-upstream'],
    );
  });

  for (const fixture of fixtures) {
    it(`${fixture.prefix} (${fixture.name})`, (t) => {
      const findings = analyze(fixture.files);
      for (const f of findings.filter((x) => !serious(x))) t.diagnostic(show(f));
      assert.deepEqual(findings.filter(serious).map(show), [], `--- nginx.conf ---\n${fixture.files['nginx.conf']}`);
    });
  }

  it("Socket.IO behind the sticky keepalive upstream, with the map's '' choice as ws-map's description says", () => {
    const conf = httpConf([
      expandByPrefix('ws-map', { 1: "''" }),
      expandByPrefix('ws-upstream'),
      frontServer([expandByPrefix('ws-socketio', { 2: 'ws_backend' })]),
    ]);
    assert.match(conf, /keepalive \d+;/);
    assert.deepEqual(analyze({ 'nginx.conf': conf }).filter(serious).map(show), []);
  });
});

describe('the same analysis does flag what the snippets avoid (controls)', () => {
  it('a ws-location fixture without proxy_http_version 1.1 gets ws-http-version', () => {
    const location = expandByPrefix('ws-location');
    const withoutVersion = location.replace(/^\tproxy_http_version 1\.1;\n/m, '');
    assert.notEqual(withoutVersion, location, 'the snippet no longer has a proxy_http_version line to remove');
    const conf = httpConf([expandByPrefix('ws-map'), frontServer([withoutVersion])]);
    assert.deepEqual([...new Set(analyze({ 'nginx.conf': conf }).filter(serious).map((f) => f.rule))], ['ws-http-version']);
  });

  it("Socket.IO behind the keepalive upstream with the map's default close gets upstream-keepalive, as ws-map's description warns", () => {
    const conf = httpConf([
      expandByPrefix('ws-map'),
      expandByPrefix('ws-upstream'),
      frontServer([expandByPrefix('ws-socketio', { 2: 'ws_backend' })]),
    ]);
    assert.deepEqual([...new Set(analyze({ 'nginx.conf': conf }).filter(serious).map((f) => f.rule))], ['upstream-keepalive']);
  });
});
