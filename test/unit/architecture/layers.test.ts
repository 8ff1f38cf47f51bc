// The folders of server/src form one line of layers: a module imports only layers below its own, never one above
// and never a sibling on its level. Cycles between layers are what this forbids: they made every layer load every
// other and left no order to read the code in.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { repoRoot } from '../../support/paths';

/**
 * Bottom first. Layers on one level are siblings: each may import the levels below, none imports the others.
 * - reference: nginx's tables (directives, contexts, variables); imports nothing.
 * - parser: text to syntax tree (a template's `${var}` is told from nginx's variables by the reference).
 * - workspace: the tree of files nginx loads (includes, contexts, scopes, symbols).
 * - analysis: how nginx reads values and directives, on that tree.
 * - rules: the checks, their findings and fixes, and the settings they read.
 * - service: the language service (analyse, hover, completion, ...).
 * - format, nginx, probe: features of their own beside the service.
 * - cli, lsp: the two front ends.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['reference'],
  ['parser'],
  ['workspace'],
  ['analysis'],
  ['rules'],
  ['service'],
  ['format', 'nginx', 'probe'],
  ['cli', 'lsp'],
];

const srcDir = path.join(repoRoot, 'server', 'src');

interface Source {
  /** Relative to server/src, with forward slashes. */
  file: string;
  text: string;
}

interface Import {
  specifier: string;
  line: number;
}

/** Every module specifier of a file: imports and `import type`, `export ... from`, `import()` calls and types. */
function importsOf(src: Source): Import[] {
  const sf = ts.createSourceFile(src.file, src.text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (lit: ts.Node): void => {
    if (ts.isStringLiteralLike(lit)) found.push({ specifier: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1 });
  };
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) add(n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) add(n.moduleReference.expression);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) add(n.argument.literal);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments.length > 0) add(n.arguments[0]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** The level of a layer in LAYERS, or undefined for a folder the list does not name. */
function levelOf(layer: string): number | undefined {
  const i = LAYERS.findIndex((level) => level.includes(layer));
  return i < 0 ? undefined : i;
}

/** One line per import that breaks the order: `file:line imports 'specifier' (layer -> layer): why`. */
function violations(sources: readonly Source[]): string[] {
  const out: string[] = [];
  for (const src of sources) {
    const from = src.file.split('/')[0];
    const fromLevel = levelOf(from);
    if (!src.file.includes('/') || fromLevel === undefined) {
      out.push(`${src.file}: not in a layer that the list in this test names`);
      continue;
    }
    for (const imp of importsOf(src)) {
      if (!imp.specifier.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(src.file), imp.specifier));
      const to = target.split('/')[0];
      if (to === from) continue;
      const where = `${src.file}:${imp.line} imports '${imp.specifier}' (${from} -> ${to})`;
      const toLevel = levelOf(to);
      if (to === '..' || toLevel === undefined) out.push(`${where}: outside the layers`);
      else if (toLevel > fromLevel) out.push(`${where}: a layer above its own`);
      else if (toLevel === fromLevel) out.push(`${where}: a sibling layer`);
    }
  }
  return out;
}

function readSources(): Source[] {
  return (fs.readdirSync(srcDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f.split(path.sep).join('/'), text: fs.readFileSync(path.join(srcDir, f), 'utf8') }))
    .sort((a, b) => (a.file < b.file ? -1 : 1));
}

describe('layers of server/src', () => {
  it('names every folder of server/src exactly once', () => {
    const folders = fs.readdirSync(srcDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const listed = LAYERS.flat();
    assert.deepEqual([...listed].sort(), [...new Set(listed)].sort(), 'a layer is listed twice');
    assert.deepEqual(folders.sort(), [...listed].sort());
  });

  it('catches type imports, re-exports and sibling imports, and lets imports from below pass', () => {
    const found = violations([
      { file: 'reference/a.ts', text: "import type { BlockContext } from '../rules/types';" },
      { file: 'rules/b.ts', text: "export { pathToUri } from '../service/analyze';\nimport { x } from './c';" },
      { file: 'lsp/c.ts', text: "import { packageVersion } from '../cli/version';\nimport { y } from '../parser/ast';" },
      { file: 'cli/format/d.ts', text: "const t: import('../../service/types').Severity = 'hint';" },
    ]);
    assert.deepEqual(found, [
      "reference/a.ts:1 imports '../rules/types' (reference -> rules): a layer above its own",
      "rules/b.ts:1 imports '../service/analyze' (rules -> service): a layer above its own",
      "lsp/c.ts:1 imports '../cli/version' (lsp -> cli): a sibling layer",
    ]);
  });

  it('has no module importing a layer above its own or a sibling layer', () => {
    const sources = readSources();
    assert.ok(sources.length > 100, `only ${sources.length} files found under ${srcDir}`);
    const upward = sources.flatMap(importsOf).filter((i) => i.specifier.startsWith('../')).length;
    assert.ok(upward > 100, `only ${upward} imports out of a module's folder found: the scan is broken`);
    const found = violations(sources);
    assert.equal(found.length, 0, `${found.length} imports break the layer order:\n${found.join('\n')}`);
  });
});
