// Packages the extension with `npm run package` and checks what the .vsix holds. The packaging runs
// in a copy of the checkout, so its production build never overwrites out/ under other tests.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const MAX_VSIX_BYTES = 2 * 1024 * 1024;
const SKIP_IN_COPY = new Set(['node_modules', '.git', '.cache', 'out', 'test-output']);

interface ZipEntry {
  name: string;
  data: () => Buffer;
}

/** The entries of a zip (a .vsix is one), read from its central directory. */
function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLen);
    const data = () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(start, start + size);
      return method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    };
    entries.push({ name, data });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

interface Manifest {
  main: string;
  icon: string;
  bin: Record<string, string>;
  contributes: {
    languages?: { configuration?: string }[];
    grammars?: { path: string }[];
    snippets?: { path: string }[];
    jsonValidation?: { url: string }[];
  };
}

/** Every file the manifest points at, as a path inside the package's extension/ folder. */
function referencedFiles(m: Manifest): string[] {
  const c = m.contributes;
  return [
    m.main,
    m.icon,
    ...Object.values(m.bin),
    ...(c.languages ?? []).flatMap((l) => (l.configuration ? [l.configuration] : [])),
    ...(c.grammars ?? []).map((g) => g.path),
    ...(c.snippets ?? []).map((s) => s.path),
    ...(c.jsonValidation ?? []).map((j) => j.url),
  ].map((p) => path.posix.normalize(p));
}

describe('npm run package', () => {
  let work = '';
  let entries: string[] = [];
  let unpacked = '';
  let vsixSize = 0;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-package-'));
    fs.cpSync(repoRoot, work, {
      recursive: true,
      filter: (src) => !SKIP_IN_COPY.has(path.relative(repoRoot, src).split(path.sep)[0] ?? ''),
    });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(work, 'node_modules'));
    const r = spawnSync('npm', ['run', 'package'], { cwd: work, encoding: 'utf8', timeout: 180_000 });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
    const vsix = path.join(work, 'out', 'nginx-ws.vsix');
    assert.ok(fs.existsSync(vsix), `no ${vsix} after npm run package`);
    vsixSize = fs.statSync(vsix).size;
    const zip = readZip(fs.readFileSync(vsix));
    entries = zip.map((e) => e.name.toLowerCase());
    // Unpacked next to nothing else: no node_modules, no sources, as it lands in an editor.
    unpacked = path.join(work, 'unpacked');
    for (const e of zip) {
      if (e.name.endsWith('/')) continue;
      const dest = path.join(unpacked, e.name);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, e.data());
    }
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('stays under 2 MB', () => {
    assert.ok(vsixSize < MAX_VSIX_BYTES, `the vsix is ${vsixSize} bytes`);
  });

  it('ships the bundles, the files the manifest names, and the docs', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    const wanted = [
      'package.json',
      'out/client.js',
      'out/server.js',
      'out/cli.js',
      'readme.md',
      'changelog.md',
      'license.txt',
      ...referencedFiles(manifest),
    ];
    const missing = [...new Set(wanted)].filter((f) => !entries.includes(`extension/${f.toLowerCase()}`));
    assert.deepEqual(missing, [], `missing from the vsix; it holds:\n${entries.join('\n')}`);
  });

  it('leaves out sources, tests, source maps and dependencies', () => {
    const unwanted = entries.filter((e) =>
      /(\.ts|\.map|\.tsbuildinfo)$|(^|\/)(node_modules|test|scripts|examples|client|server|\.cache|\.vscode)\//.test(
        e.replace(/^extension\//, ''),
      ),
    );
    assert.deepEqual(unwanted, []);
  });

  it('holds every file its bundles load at run time', () => {
    const outDir = path.join(unpacked, 'extension', 'out');
    const missing: string[] = [];
    for (const bundle of ['client.js', 'server.js', 'cli.js']) {
      const text = fs.readFileSync(path.join(outDir, bundle), 'utf8');
      for (const m of text.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const target = m[1] ?? '';
        if (!fs.existsSync(path.resolve(outDir, target))) missing.push(`${bundle} -> ${target}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('runs its CLI from the package alone', () => {
    const conf = path.join(work, 'check', 'nginx.conf');
    fs.mkdirSync(path.dirname(conf), { recursive: true });
    // A WebSocket location that leaves nginx on HTTP/1.0 upstream: the package must flag it.
    fs.writeFileSync(
      conf,
      'events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n    location /ws {\n' +
        '      proxy_pass http://127.0.0.1:9000;\n      proxy_set_header Upgrade $http_upgrade;\n' +
        '      proxy_set_header Connection "upgrade";\n    }\n  }\n}\n',
    );
    const cli = path.join(unpacked, 'extension', 'bin', 'nginx-ws');
    const r = spawnSync(process.execPath, [cli, 'check', conf], { cwd: path.dirname(conf), encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, `exit ${r.status}\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /ws-http-version/);
  });

  it('starts its language server from the package alone', async () => {
    const server = spawn(process.execPath, [path.join(unpacked, 'extension', 'out', 'server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      const reply = new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no initialize reply in 30 s; got ${JSON.stringify(out)}`)), 30_000);
        server.stdout.setEncoding('utf8');
        server.stdout.on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('"capabilities"')) {
            clearTimeout(timer);
            resolve(out);
          }
        });
        server.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the server exited with ${code} before answering initialize`));
        });
      });
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { processId: null, rootUri: null, capabilities: {} },
      });
      server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      assert.match(await reply, /"id":1/);
    } finally {
      server.kill();
    }
  });
});
