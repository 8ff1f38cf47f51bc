// Packages the extension with `npm run package` and checks what the .vsix holds. The packaging runs
// in a copy of the checkout, so its production build never overwrites out/ under other tests.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const MAX_VSIX_BYTES = 2 * 1024 * 1024;
const SKIP_IN_COPY = new Set(['node_modules', '.git', '.cache', 'out', 'test-output']);

/** Entry names from a zip's central directory (a .vsix is a zip). */
function zipEntries(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `bad central directory entry ${i}`);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

interface Manifest {
  main: string;
  icon: string;
  bin: Record<string, string>;
  contributes: {
    languages?: { configuration?: string }[];
    grammars?: { path: string }[];
    snippets?: { path: string }[];
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
  ].map((p) => path.posix.normalize(p));
}

describe('npm run package', () => {
  let work = '';
  let entries: string[] = [];
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
    entries = zipEntries(fs.readFileSync(vsix)).map((e) => e.toLowerCase());
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
});
