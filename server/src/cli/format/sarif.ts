import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Rule, Severity } from '../../rules/types';
import { ruleDocUrl } from '../../service/ruleDocs';
import { writeJsonWithItems } from './jsonArray';
import type { FileReport } from './types';

/** SARIF 2.1.0 as GitHub code scanning reads it: one run, every rule described, 1-based regions, paths relative to the checkout. */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFO_URI = 'https://github.com/nginx-ws/nginx-ws';

function level(s: Severity): Sarif.ReportingConfiguration.level {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** SARIF wants URI references: forward slashes, each segment percent-encoded; relative to the checkout when inside it. */
function artifactLocation(p: string): Sarif.ArtifactLocation {
  if (path.isAbsolute(p)) return { uri: pathToFileURL(p).href };
  return { uri: p.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** Written file by file: the results come last in the log, each file's as it is reached. */
export function writeSarif(files: Iterable<FileReport>, rules: readonly Rule[], version: string, cwdUri: string, write: (s: string) => void): void {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const resultsOf = (f: FileReport): Sarif.Result[] =>
    f.findings.map((d) => {
      const result: Sarif.Result = {
        ruleId: d.rule,
        level: level(d.severity),
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(f.path),
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      };
      const i = index.get(d.rule);
      if (i !== undefined) result.ruleIndex = i;
      return result;
    });
  function* results(): Iterable<Sarif.Result> {
    for (const f of files) yield* resultsOf(f);
  }
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nginx-ws',
            version,
            semanticVersion: version,
            informationUri: INFO_URI,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.docs.summary },
              fullDescription: { text: r.docs.why },
              help: { text: r.docs.fix, markdown: r.docs.fix },
              helpUri: ruleDocUrl(r.id),
              defaultConfiguration: { level: level(r.defaultSeverity), ...(r.offByDefault ? { enabled: false } : {}) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri.endsWith('/') ? cwdUri : `${cwdUri}/` } },
        columnKind: 'utf16CodeUnits',
        results: [],
      },
    ],
  };
  writeJsonWithItems(log, 'results', results(), write);
}
