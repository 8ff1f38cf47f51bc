import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { app, configOfLines } from '../../../bench/generate';
import { analyzePath } from '../../../server/src/service/analyze';
import { IncrementalAnalysis } from '../../../server/src/service/incremental/analyzer';
import { resolveSettings } from '../../../server/src/service/settings';
import type { Finding } from '../../../server/src/service/types';
import { memoryHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { corpusDir, repoRoot } from '../../support/paths';
import { applyEdit, prng, randomEdit } from '../../support/randomEdits';

// The incremental analysis must say exactly what a fresh analysis of the same texts says, after every edit of a long
// random sequence: typing, deleting, whole directives and blocks coming and going, includes, maps and upstreams.

const ROOT = '/ws';
const example = (p: string): string => fs.readFileSync(path.join(repoRoot, 'examples', p), 'utf8');
const corpus = (name: string): string => fs.readFileSync(path.join(corpusDir, 'realworld', name), 'utf8');

/** A project: the examples' main config and sites, generated applications, a snippet, a second main config, real-world sites. */
function workspaceFiles(): Map<string, string> {
  const main = example('nginx.conf').replace(
    '    include conf.d/*.conf;',
    '    limit_req_zone $binary_remote_addr zone=one:10m rate=5r/s;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    include conf.d/*.conf;',
  );
  const files = new Map<string, string>([
    [`${ROOT}/nginx.conf`, main],
    [`${ROOT}/conf.d/chat.conf`, example('conf.d/chat.conf')],
    [`${ROOT}/conf.d/live-feed.conf`, example('conf.d/live-feed.conf')],
    [`${ROOT}/conf.d/apps.conf`, [1, 2, 3, 4].map((i) => app(i, '')).join('\n')],
    [`${ROOT}/snippets/ws-proxy.conf`, 'proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection $connection_upgrade;\n'],
    [`${ROOT}/big/nginx.conf`, configOfLines(260)],
    [`${ROOT}/sites/centrifugo.conf`, corpus('012-centrifugo-docs-lb.conf')],
    [`${ROOT}/sites/homeassistant.conf`, corpus('022-lsio-homeassistant-subdomain.conf')],
    // Whole real-world configs, each a project of its own: several servers, NGINX Plus, stream, rtmp, TLS.
    [`${ROOT}/orange/nginx.conf`, corpus('112-orange-nginx-conf-example.conf')],
    [`${ROOT}/plus/nginx.conf`, corpus('062-nginx-demos-random-files-plus.conf')],
    [`${ROOT}/stream/nginx.conf`, corpus('058-nginx-demos-mysql-galera-stream.conf')],
    [`${ROOT}/nextcloud/nginx.conf`, corpus('057-nextcloud-docker-fpm-with-proxy.conf')],
    [`${ROOT}/rtmp/nginx.conf`, corpus('121-longridge-nginx-rtmp.conf')],
  ]);
  return files;
}

/** A finding as plain data, its fixes worked out: what the two analyses must agree on. */
function plain(f: Finding): unknown {
  return { rule: f.rule, severity: f.severity, message: f.message, uri: f.uri, range: f.range, fixes: f.fixes };
}

function freshFindings(files: ReadonlyMap<string, string>, settings: ReturnType<typeof resolveSettings>): Map<string, unknown[]> {
  const ws = new Workspace(memoryHost(files));
  for (const p of files.keys()) ws.addFile(p);
  return new Map([...files.keys()].map((p) => [p, analyzePath(ws, p, settings).map(plain)]));
}

function runSequence(seed: number, edits: number): { stats: IncrementalAnalysis['stats']; incrementalEdits: number } {
  const rand = prng(seed);
  const files = workspaceFiles();
  const paths = [...files.keys()];
  const settings = resolveSettings({ heartbeatInterval: 30, rules: { 'ws-upgrade-any': 'warning', 'ws-connection-map': 'warning' } });
  const ws = new Workspace(memoryHost(files));
  for (const p of paths) ws.addFile(p);
  const inc = new IncrementalAnalysis();
  // The edited file last, so that `inc.last` tells how much of it was re-run.
  const analyzeAll = (edited?: string): Map<string, unknown[]> =>
    new Map([...paths.filter((p) => p !== edited), ...(edited ? [edited] : [])].map((p) => [p, analyzePath(ws, p, settings, inc.analyzeInstance).map(plain)]));
  analyzeAll();
  let incrementalEdits = 0;
  let undo: { p: string; text: string } | undefined;
  const log: string[] = [];
  for (let n = 0; n < edits; n++) {
    let p: string;
    let what: string;
    if (undo && rand() < 0.4) {
      // Back to an earlier text: most broken states are soon repaired, as in an editor.
      p = undo.p;
      files.set(p, undo.text);
      what = 'undo';
      undo = undefined;
    } else {
      // Mostly the files with many blocks, where the cache has the most to get right.
      p = rand() < 0.35 ? `${ROOT}/big/nginx.conf` : paths[Math.floor(rand() * paths.length)];
      const before = files.get(p) ?? '';
      const e = randomEdit(rand, before, n);
      files.set(p, applyEdit(before, e));
      what = e.what;
      undo = { p, text: before };
    }
    ws.changed(p);
    log.push(`${n}: ${path.relative(ROOT, p)}: ${what}`);
    const got = analyzeAll(p);
    if (inc.last && inc.last.path === p && !inc.last.whole) incrementalEdits++;
    const want = freshFindings(files, settings);
    for (const q of paths) {
      assert.deepEqual(got.get(q), want.get(q), `seed ${seed}, edit ${n}, ${q}: the incremental findings differ from a fresh analysis\n${log.slice(-8).join('\n')}\n--- text:\n${files.get(q)}`);
    }
  }
  return { stats: inc.stats, incrementalEdits };
}

/** One file analysed incrementally, edit after edit, each time against a fresh analysis. */
function stepByStep(texts: string[]): IncrementalAnalysis['last'][] {
  const p = `${ROOT}/nginx.conf`;
  const files = new Map([[p, texts[0]]]);
  const settings = resolveSettings({ heartbeatInterval: 30 });
  const ws = new Workspace(memoryHost(files));
  ws.addFile(p);
  const inc = new IncrementalAnalysis();
  const out: IncrementalAnalysis['last'][] = [];
  for (const text of texts) {
    files.set(p, text);
    ws.changed(p);
    const got = analyzePath(ws, p, settings, inc.analyzeInstance).map(plain);
    assert.deepEqual(got, freshFindings(files, settings).get(p), `after edit ${out.length}:\n${text}`);
    out.push(inc.last);
  }
  return out;
}

describe('incremental analysis', { timeout: 600_000 }, () => {
  test('a finding that names a line of its own block is worked out again when the block moves, and only then', () => {
    // ws-read-timeout says where the location's timeout comes from: `inherited from server at line N`.
    const server = (name: string) =>
      `    server {\n        listen 127.0.0.1:80;\n        server_name ${name}.test;\n        proxy_read_timeout 20s;\n        location /ws/ {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection "upgrade";\n        }\n    }\n`;
    const text = `events {}\nhttp {\n${server('a')}${server('b')}${server('c')}}\n`;
    const edited = text.replace('a.test', 'x.test');
    const moved = edited.replace('server_name b.test;', 'server_name b.test;\n');
    const [, same, below] = stepByStep([text, edited, moved]);
    assert.deepEqual([same?.rerun, same?.units], [1, 4], 'an edit inside one server re-runs that server alone (of events and three servers)');
    // The line added inside server b moves server c: its message names its own line, so it is worked out again.
    assert.equal(below?.rerun, 2);
  });


  const seeds = process.env.NGINX_WS_SEED ? [Number(process.env.NGINX_WS_SEED)] : [0x5eed, 20261203];
  for (const seed of seeds) {
    test(`equals a fresh analysis after every edit of a random sequence (seed ${seed})`, () => {
      const { stats, incrementalEdits } = runSequence(seed, Number(process.env.NGINX_WS_EDITS ?? 150));
      // The sequence must have exercised the cache, not only the whole-file path.
      assert.ok(incrementalEdits > 20, `only ${incrementalEdits} edits were analysed incrementally: ${JSON.stringify(stats)}`);
    });
  }
});
