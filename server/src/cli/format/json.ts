import { mapped, writeJsonWithItems } from './jsonArray';
import type { FileReport, ShowUri } from './types';

/**
 * `{"files":[{"path","diagnostics":[{"rule","severity","message","range","fixes"}]}]}`; ranges are 0-based
 * UTF-16 positions as in LSP, so that tools can hand them to an editor unchanged. Written file by file.
 */
export function writeJson(files: Iterable<FileReport>, show: ShowUri, write: (s: string) => void): void {
  writeJsonWithItems({ files: [] }, 'files', mapped(files, (f) => jsonFile(f, show)), write);
}

function jsonFile(f: FileReport, show: ShowUri): object {
  return {
    path: f.path,
    diagnostics: f.findings.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      range: d.range,
      fixes: d.fixes.map((fix) => ({
        title: fix.title,
        preferred: fix.preferred,
        edits: fix.edits.map((e) => ({ path: show(e.uri), range: e.range, newText: e.newText })),
      })),
    })),
  };
}
