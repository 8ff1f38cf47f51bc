import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseArgs, type CheckOptions } from '../../../server/src/cli/args';
import { runCheck } from '../../../server/src/cli/check';
import { parseDump } from '../../../server/src/cli/dump';
import { rules } from '../../../server/src/rules';
import { requireCorpus } from '../../support/corpus';
import { NGINX, requireNginx } from '../../support/nginx';
import { corpusDir } from '../../support/paths';
import { binNginxWs, ensureBuilt } from '../lsp/built';
import { nginxWs, suiteTrees } from './run';

const MAIN = `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    include conf.d/*.conf;
}
`;
/** The map lives in nginx.conf; the location forgets Upgrade and HTTP/1.1. */
const SITE = `server {
    listen 127.0.0.1:8080;
    location /socket/ {
        proxy_pass http://127.0.0.1:9000;
        proxy_set_header Connection $connection_upgrade;
    }
}
`;

/** `nginx -T` on `main` in `prefix`: what it prints on stdout. */
function nginxDump(prefix: string, main: string): string {
  requireNginx();
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const r = spawnSync(NGINX, ['-T', '-q', '-p', `${prefix}/`, '-c', path.join(prefix, main), '-e', 'stderr', '-g', `pid ${prefix}/nginx.pid;`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}


/** `check` in-process: its exit status and what it printed. */
/** The accepted corpus layouts are clean: one of our own, with WebSocket mistakes in an included file, has findings. */
const WITH_FINDINGS = '(a layout with findings)';
const LAYOUT_WITH_FINDINGS: Record<string, string> = {
  'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        include ws.conf;\n    }\n}\n',
  'ws.conf': 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection "upgrade";\n    proxy_read_timeout 5s;\n}\n',
};

const EVERY_RULE: CheckOptions['rules'] = rules.map((r) => [r.id, r.defaultSeverity]);

function check(paths: string[], cwd: string, dump?: string): { status: number; out: string } {
  let out = '';
  const io = { cwd, stdout: (s: string) => (out += s), stderr: (s: string) => (out += s), stdin: () => Buffer.from(dump ?? '') };
  // Every rule on, opt-in ones too: the comparison needs findings to compare, and the accepted layouts have few.
  const options: CheckOptions = { format: 'json', fix: false, rules: EVERY_RULE, websocketPaths: [], mains: [], paths };
  if (dump !== undefined) options.dump = '-';
  const status = runCheck(options, io);
  return { status, out };
}

/** How many files a text-format check of these paths reads. */
function filesChecked(paths: string[], cwd: string): number {
  let out = '';
  runCheck({ format: 'text', fix: false, rules: [], websocketPaths: [], mains: [], paths }, { cwd, stdout: (s: string) => (out += s), stderr: () => undefined });
  return Number(/(\d+) files? checked/.exec(out)?.[1] ?? 0);
}

describe('nginx-ws check --dump (the output of nginx -T)', { timeout: 300_000 }, () => {
  const tree = suiteTrees();

  test("nginx -T | nginx-ws check --dump - reports the included file's problems at its own path and line", () => {
    const dir = tree({ 'nginx.conf': MAIN, 'conf.d/ws.conf': SITE });
    const dump = nginxDump(dir, 'nginx.conf');
    ensureBuilt();
    const r = spawnSync(process.execPath, [binNginxWs, 'check', '--dump', '-'], { cwd: os.tmpdir(), input: dump, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const site = path.relative(os.tmpdir(), path.join(dir, 'conf.d', 'ws.conf'));
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes(`${site}:3:5 error ws-upgrade-header this WebSocket location does not forward the client's Upgrade header (the proxy_set_header lines in force here, set here, have no Upgrade), so the backend never sees a handshake: add proxy_set_header Upgrade $http_upgrade;`), r.stdout);
    assert.ok(!lines.some((l) => l.includes('undefined-variable')), 'the map in nginx.conf defines $connection_upgrade');
    assert.equal(lines.at(-1), '2 problems (2 errors, 0 warnings), 2 files checked');
    // The same as checking the files themselves.
    assert.equal(r.stdout, nginxWs(['check', path.join(dir, 'nginx.conf')], os.tmpdir()).stdout);
  });

  test('--dump FILE needs nothing but the dump: the config may be gone from this machine', () => {
    const dir = tree({ 'nginx.conf': MAIN, 'conf.d/ws.conf': SITE });
    const saved = tree({ 'dump.txt': nginxDump(dir, 'nginx.conf') });
    const before = check([path.join(dir, 'nginx.conf')], '/').out;
    fs.rmSync(dir, { recursive: true, force: true });
    const r = nginxWs(['check', '--format', 'json', '--dump', 'dump.txt'], saved);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(JSON.stringify(JSON.parse(r.stdout)), JSON.stringify(JSON.parse(before.replace(/"path": "tmp\//g, `"path": "/tmp/`))));
  });

  test('the dumps of the corpus configs nginx accepts give the findings their files give', () => {
    requireCorpus('README.md');
    const manifest = fs.readFileSync(path.join(corpusDir, 'realworld', 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
    const entries: [string, string][] = [['valid/h5bp', 'nginx.conf'], ['valid/nginx-conf', 'nginx.conf'], [WITH_FINDINGS, 'nginx.conf']];
    for (const line of manifest) {
      const [file, , , , , kind, verdict] = line.split('\t');
      const m = /^(.*)\/ \(entry: (.*)\)$/.exec(file);
      if (kind === 'multi' && verdict === 'ok' && m) entries.push([`realworld/${m[1]}`, m[2]]);
    }
    assert.ok(entries.length >= 10, `the corpus's accepted layouts (${entries.length})`);
    const differ: string[] = [];
    const fromCheckout: string[] = [];
    let files = 0;
    let findings = 0;
    for (const [rel, main] of entries) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-dump-'));
      try {
        if (rel !== WITH_FINDINGS) fs.cpSync(path.join(corpusDir, rel), dir, { recursive: true });
        else for (const [name, text] of Object.entries(LAYOUT_WITH_FINDINGS)) fs.writeFileSync(path.join(dir, name), text);
        // As the corpus's judge did: a user of the source machine, or a second pid, would stop nginx at once.
        for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
          const p = path.join(dir, f);
          if (fs.statSync(p).isFile()) fs.writeFileSync(p, fs.readFileSync(p, 'latin1').replace(/^([ \t]*)(user|pid)([ \t])/gm, '$1#$2$3'), 'latin1');
        }
        const dump = nginxDump(dir, main);
        const dumped = parseDump(dump)?.files.size ?? 0;
        files += dumped;
        const fromDump = check([], dir, dump);
        const fromFiles = check([path.join(dir, main)], dir);
        // `include /etc/nginx/conf.d/*.conf` matches nothing on this machine, so nginx -T holds the main config alone,
        // while a check of the checkout reads its conf.d/ as the server would: those layouts cannot agree.
        const checked = filesChecked([path.join(dir, main)], dir);
        if (checked > dumped) {
          fromCheckout.push(rel);
          continue;
        }
        findings += (fromDump.out.match(/"rule":/g) ?? []).length;
        if (fromDump.out !== fromFiles.out || fromDump.status !== fromFiles.status) differ.push(rel);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    assert.deepEqual(differ, []);
    // Setting layouts apart must leave real comparisons: h5bp, nginx-conf and the layouts with relative includes.
    assert.ok(entries.length - fromCheckout.length >= 3, `only ${entries.length - fromCheckout.length} layouts compared`);
    console.log(`--dump: ${entries.length} accepted layouts, ${files} files, ${findings} findings, the same as from the files; ${fromCheckout.length} layouts read their absolute includes from the checkout, which nginx here cannot`);
    assert.ok(files > entries.length && findings > 0, 'the dumps must hold included files and findings');
  });

  test('bad input: no dump inside, or a PATH beside --dump', () => {
    const dir = tree({ 'notes.txt': 'hello\n' });
    const r = nginxWs(['check', '--dump', 'notes.txt'], dir);
    assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', 'nginx-ws: notes.txt holds no "# configuration file PATH:" line: --dump reads the output of nginx -T\n']);
    assert.equal(parseArgs(['check', '--dump', '-', 'x.conf']).kind, 'usage-error');
    assert.equal(parseArgs(['check', '--dump', '-', '--fix']).kind, 'usage-error');
  });
});

describe('parseDump', () => {
  test("a file's bytes run from its header line to the line feed nginx adds before the next one", () => {
    const text = [
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok',
      '# configuration file /etc/nginx/nginx.conf:',
      'events {}',
      'http { include conf.d/*.conf; }',
      '',
      '# configuration file /etc/nginx/conf.d/a.conf:',
      'server { listen 80; } # no line feed at the end',
      '# configuration file /etc/nginx/conf.d/b.conf:',
      '# configuration file lines with a relative path are a comment',
      '',
      '',
    ].join('\n');
    const d = parseDump(text);
    assert.equal(d?.main, '/etc/nginx/nginx.conf');
    assert.deepEqual([...(d?.files ?? [])], [
      ['/etc/nginx/nginx.conf', 'events {}\nhttp { include conf.d/*.conf; }\n'],
      ['/etc/nginx/conf.d/a.conf', 'server { listen 80; } # no line feed at the end'],
      ['/etc/nginx/conf.d/b.conf', '# configuration file lines with a relative path are a comment\n'],
    ]);
    assert.equal(parseDump('events {}\n'), undefined);
    const windows = parseDump('# configuration file C:\\nginx\\conf\\nginx.conf:\r\nevents {}\r\n\r\n');
    assert.deepEqual([...(windows?.files ?? [])], [['C:\\nginx\\conf\\nginx.conf', 'events {}\r\n']]);
  });
});

