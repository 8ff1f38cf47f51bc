// The real-world templates (Go, Jinja, etlua, envsubst...), checked as a user would check them: each is read as the
// config it renders to, so it gets at most 3 errors, and each remaining one is listed in the test's output.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCheck } from '../../../server/src/cli/check';
import { requireCorpus } from '../../support/corpus';
import { corpusDir } from '../../support/paths';

const realworld = path.join(corpusDir, 'realworld');
const MAX_ERRORS = 3;

/** Entries that must be read as templates: one per language the corpus has. */
const MUST_BE_TEMPLATES = [
  '107-ingress-nginx-nginx-tmpl.conf',
  '135-btcpayserver-nginx-tmpl.conf',
  '053-jitsi-docker-meet-tpl.conf',
  '154-synapse-workers-nginx-j2.conf',
  '113-lua-resty-auto-ssl-spec-etlua.conf',
  '126-synapse-docker-template.conf',
  '034-carbonio-mail-template.conf',
  '073-mailinabox-server-tpl.conf',
];

const TAGGISH = /\{\{|\{%|<%|\$\{?[A-Z][A-Z0-9_]*|\$\{[^}\n]*\./;

interface Entry {
  paths: string[];
  kind: string;
}

function entries(): Entry[] {
  const lines = fs.readFileSync(path.join(realworld, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const cols = l.split('\t');
    const m = /^(.*)\/ \(entry: (.*)\)$/.exec(cols[0]);
    return { paths: m ? [m[1], `${m[1]}/${m[2]}`] : [cols[0]], kind: cols[5] };
  });
}

/** Whether any file of the entry has something that looks like a tag: only those are worth checking here. */
function mayHoldTemplates(entry: Entry): boolean {
  const walk = (p: string): boolean => {
    const st = fs.statSync(p);
    if (st.isDirectory()) return fs.readdirSync(p).some((n) => walk(path.join(p, n)));
    return TAGGISH.test(fs.readFileSync(p, 'utf8'));
  };
  return entry.kind === 'template' || walk(path.join(realworld, entry.paths[0]));
}

interface JsonReport {
  files: { path: string; diagnostics: { rule: string; severity: string; message: string; range: { start: { line: number } } }[] }[];
}

test('real-world templates: at most 3 errors per template file', { timeout: 120_000 }, (t) => {
  requireCorpus('realworld/MANIFEST.tsv');
  const templates = new Set<string>();
  const remaining: string[] = [];
  const tooMany: string[] = [];
  for (const entry of entries().filter(mayHoldTemplates)) {
    let json = '';
    runCheck(
      { format: 'json', fix: false, rules: [], websocketPaths: [], mains: [], paths: entry.paths },
      { cwd: realworld, stdout: (s) => (json += s), stderr: () => undefined },
    );
    for (const f of (JSON.parse(json) as JsonReport).files) {
      const isTemplate = f.diagnostics.some((d) => d.rule === 'template') || (entry.kind === 'template' && f.path === entry.paths[0]);
      if (!isTemplate) continue;
      templates.add(f.path);
      const errors = f.diagnostics.filter((d) => d.severity === 'error');
      for (const e of errors) remaining.push(`${f.path}:${e.range.start.line + 1} ${e.rule} ${e.message}`);
      if (errors.length > MAX_ERRORS) tooMany.push(`${f.path}: ${errors.length} errors`);
    }
  }
  t.diagnostic(`${templates.size} template files, ${remaining.length} errors left:\n${remaining.join('\n')}`);
  for (const p of MUST_BE_TEMPLATES) assert.ok(templates.has(p), `${p} is read as a template`);
  assert.deepEqual(tooMany, []);
});
