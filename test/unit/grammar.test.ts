import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { corpusDir, repoRoot } from '../support/paths';
import { grammarPath, loadNginxGrammar, scopesAt, tokenize, type ScopedToken } from '../support/textmate';

const grammarTestDir = path.join(repoRoot, 'test', 'grammar');

describe('grammar: vscode-tmgrammar-test cases', () => {
  it('every test/grammar/*.test.nginx passes', () => {
    const cases = fs.readdirSync(grammarTestDir).filter((f) => f.endsWith('.test.nginx'));
    assert.ok(cases.length >= 5, `expected the grammar test cases in ${grammarTestDir}, found ${cases.length}`);
    const pkgDir = path.dirname(require.resolve('vscode-tmgrammar-test/package.json'));
    const cli = path.join(pkgDir, 'dist', 'unit.js');
    const r = spawnSync(process.execPath, [cli, '--compact', 'test/grammar/*.test.nginx'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, `vscode-tmgrammar-test failed:\n${output}`);
    for (const c of cases) assert.match(output, new RegExp(`${c.replace(/\./g, '\\.')} run successfuly`), output);
  });

  it('package.json contributes this grammar for the nginx language, with Lua embedded', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { grammars?: { language: string; scopeName: string; path: string; embeddedLanguages?: Record<string, string> }[] };
    };
    const entry = pkg.contributes.grammars?.find((g) => g.language === 'nginx');
    assert.ok(entry, 'package.json has no contributes.grammars entry for nginx');
    assert.equal(entry.scopeName, 'source.nginx');
    assert.equal(path.resolve(repoRoot, entry.path), grammarPath);
    assert.equal(entry.embeddedLanguages?.['meta.embedded.block.lua'], 'lua');
    const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as { scopeName: string };
    assert.equal(grammar.scopeName, 'source.nginx');
  });
});

/** Real configurations: nginx's own, h5bp's multi-file layout, crossplane's lexer cases, nginx's test suite. */
function corpusFiles(): string[] {
  const valid = path.join(corpusDir, 'valid');
  const h5bp = fs
    .readdirSync(path.join(valid, 'h5bp'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.conf') || f.endsWith('mime.types'))
    .map((f) => path.join(valid, 'h5bp', f));
  const crossplane = [
    'simple',
    'with-comments',
    'messy',
    'comments-between-args',
    'quoted-right-brace',
    'lua-block-simple',
    'lua-block-larger',
    'lua-block-tricky',
    'empty-value-map',
    'russian-text',
  ].map((c) => path.join(corpusDir, 'crossplane', c, 'nginx.conf'));
  const tests = fs
    .readdirSync(path.join(valid, 'nginx-tests'))
    .filter((f) => f.endsWith('.conf'))
    .map((f) => path.join(valid, 'nginx-tests', f));
  const files = [path.join(valid, 'nginx-conf', 'nginx.conf'), ...h5bp, ...crossplane, ...tests];
  for (const f of files) if (!fs.existsSync(f)) throw new Error(`corpus file missing: ${f}`);
  return files;
}

const has = (t: ScopedToken, prefix: string) => t.scopes.some((s) => s.startsWith(prefix));
/** Contexts where `$` or a quote is not nginx syntax: comments, regexes, map keys, embedded Lua. */
const opaque = (t: ScopedToken) =>
  has(t, 'comment.') || has(t, 'string.regexp') || t.scopes.some((s) => s.endsWith('.key.nginx')) || has(t, 'meta.embedded.block.lua');

function tokenAt(line: ScopedToken[], column: number): ScopedToken {
  let offset = 0;
  for (const t of line) {
    offset += t.text.length;
    if (column < offset) return t;
  }
  throw new Error(`column ${column} is past the end of the line`);
}

describe('grammar: real configurations', () => {
  it('tokenizes the corpus with balanced blocks and scopes comments, strings and variables', async () => {
    const grammar = await loadNginxGrammar();
    const files = corpusFiles();
    assert.ok(files.length > 400, `expected the whole corpus, found ${files.length} files`);
    const counts = { comments: 0, strings: 0, variables: 0 };
    const problems: string[] = [];
    for (const file of files) {
      const rel = path.relative(corpusDir, file);
      const text = fs.readFileSync(file, 'utf8');
      const source = text.split(/\r?\n/);
      const lines = tokenize(grammar, `${text}\n`);
      // An extra empty line at the end is tokenized at top level only if every block was closed.
      const tail = lines[lines.length - 1][0]?.scopes ?? [];
      if (tail.join(' ') !== 'source.nginx') problems.push(`${rel}: file ends inside ${tail.join(' ')}`);

      source.forEach((src, i) => {
        const line = lines[i];
        const where = `${rel}:${i + 1}`;
        const hash = /^\s*#/.exec(src);
        if (hash) {
          const first = tokenAt(line, hash[0].length - 1);
          if (has(first, 'meta.embedded.block.lua') || has(first, 'string.quoted')) return;
          counts.comments++;
          if (!has(first, 'comment.line.number-sign.nginx')) problems.push(`${where}: comment not scoped: ${first.scopes.join(' ')}`);
          return;
        }
        for (const m of src.matchAll(/\$(?:\{[A-Za-z0-9_]+\}|[A-Za-z0-9_]+)/g)) {
          const t = tokenAt(line, m.index);
          if (opaque(t)) continue;
          counts.variables++;
          if (!has(t, 'variable.other.nginx')) problems.push(`${where}: ${m[0]} not a variable: ${t.scopes.join(' ')}`);
        }
        for (const m of src.matchAll(/(?<![^\s;{}])["']/g)) {
          const t = tokenAt(line, m.index);
          if (opaque(t)) continue;
          counts.strings++;
          if (!has(t, 'string.') && !has(t, 'punctuation.definition.string')) {
            problems.push(`${where}: quote not scoped as a string: ${t.scopes.join(' ')}`);
          }
        }
      });
    }
    assert.deepEqual(problems.slice(0, 20), []);
    // The checks above must have had something to check.
    assert.ok(counts.comments > 500, `only ${counts.comments} comment lines checked`);
    assert.ok(counts.variables > 500, `only ${counts.variables} variables checked`);
    assert.ok(counts.strings > 200, `only ${counts.strings} quotes checked`);
  });

  it('scopes sample lines of nginx.conf and h5bp as expected', async () => {
    const grammar = await loadNginxGrammar();
    const sample = (rel: string, needle: RegExp) => {
      const text = fs.readFileSync(path.join(corpusDir, 'valid', rel), 'utf8');
      const lines = tokenize(grammar, text);
      const i = text.split(/\r?\n/).findIndex((l) => needle.test(l));
      if (i < 0) throw new Error(`${rel} no longer has a line matching ${needle}`);
      return lines[i];
    };
    const logFormat = sample('nginx-conf/nginx.conf', /^\s*#log_format/);
    assert.ok(scopesAt(logFormat, 'log_format').includes('comment.line.number-sign.nginx'));

    const listen = sample('nginx-conf/nginx.conf', /^\s*listen\s+80;/);
    assert.ok(scopesAt(listen, 'listen').includes('keyword.other.directive.nginx'));
    assert.ok(scopesAt(listen, '80').includes('constant.numeric.nginx'));

    const location = sample('nginx-conf/nginx.conf', /^\s*location\s+\/\s*\{/);
    assert.ok(scopesAt(location, 'location').includes('storage.type.block.nginx'));

    const h5bpLog = sample('h5bp/nginx.conf', /\$remote_addr/);
    assert.ok(scopesAt(h5bpLog, 'remote_addr').includes('variable.other.nginx'));
    assert.ok(scopesAt(h5bpLog, 'remote_addr').some((s) => s.startsWith('string.quoted')));
  });
});
