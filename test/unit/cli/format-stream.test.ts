// The reports are written in pieces, file by file; joined, the pieces are the document JSON.stringify prints.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rules } from '../../../server/src/rules';
import { writeJson } from '../../../server/src/cli/format/json';
import { writeSarif } from '../../../server/src/cli/format/sarif';
import { writeText } from '../../../server/src/cli/format/text';
import type { FileReport } from '../../../server/src/cli/format/types';
import type { Finding } from '../../../server/src/service/types';

const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });

function finding(rule: string, severity: Finding['severity'], message: string, line: number): Finding {
  return { rule, severity, message, uri: 'file:///w/a.conf', range: range(line, 4, 9), fixes: [] };
}

const REPORTS: FileReport[] = [
  {
    path: 'a.conf',
    findings: [
      finding('syntax', 'error', 'unexpected "}" in a.conf:3', 2),
      {
        ...finding('ws-http-version', 'warning', 'a "quoted" message,\nover two lines: é 😀 \\ \t', 5),
        fixes: [{ title: 'Add proxy_http_version 1.1', preferred: true, edits: [{ uri: 'file:///w/a.conf', range: range(5, 0, 0), newText: '    proxy_http_version 1.1;\n' }] }],
      },
    ],
  },
  { path: 'clean.conf', findings: [] },
  { path: 'sub dir/b.conf', findings: [finding('ws-read-timeout', 'information', '"results": [] in a message', 0)] },
];

function pieces(write: (out: (s: string) => void) => void): string[] {
  const out: string[] = [];
  write((s) => out.push(s));
  return out;
}

const show = (uri: string): string => uri.replace('file:///w/', '');

describe('reports written file by file', () => {
  test('json: the pieces join into JSON.stringify(document, null, 2), one piece per file', () => {
    const out = pieces((w) => writeJson(REPORTS, show, w));
    const whole = {
      files: REPORTS.map((f) => ({
        path: f.path,
        diagnostics: f.findings.map((d) => ({
          rule: d.rule,
          severity: d.severity,
          message: d.message,
          range: d.range,
          fixes: d.fixes.map((x) => ({ title: x.title, preferred: x.preferred, edits: x.edits.map((e) => ({ path: show(e.uri), range: e.range, newText: e.newText })) })),
        })),
      })),
    };
    assert.equal(out.join(''), `${JSON.stringify(whole, null, 2)}\n`);
    // The head, one piece per file, the close and the tail.
    assert.equal(out.length, REPORTS.length + 3);
  });

  test('json: no files is the empty array, as JSON.stringify prints it', () => {
    assert.equal(pieces((w) => writeJson([], show, w)).join(''), '{\n  "files": []\n}\n');
  });

  test('sarif: the pieces join into the whole log with every result, in file order', () => {
    const joined = pieces((w) => writeSarif(REPORTS, rules, '9.9.9', 'file:///w', w)).join('');
    const log = JSON.parse(joined) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    assert.deepEqual(
      log.runs[0].results.map((r) => r.ruleId),
      ['syntax', 'ws-http-version', 'ws-read-timeout'],
    );
    assert.equal(joined, `${JSON.stringify(log, null, 2)}\n`);
    const empty = pieces((w) => writeSarif([], rules, '9.9.9', 'file:///w', w)).join('');
    assert.match(empty, /\n      "results": \[\]\n    \}\n  \]\n\}\n$/);
  });

  test('text: a line per finding, then the summary counting every file', () => {
    assert.equal(
      pieces((w) => writeText(REPORTS, w)).join(''),
      'a.conf:3:5 error syntax unexpected "}" in a.conf:3\n' +
        'a.conf:6:5 warning ws-http-version a "quoted" message, over two lines: é 😀 \\ \t\n' +
        'sub dir/b.conf:1:5 information ws-read-timeout "results": [] in a message\n' +
        '3 problems (1 error, 1 warning, 1 information), 3 files checked\n',
    );
    assert.equal(pieces((w) => writeText([], w)).join(''), 'no problems, 0 files checked\n');
  });
});
