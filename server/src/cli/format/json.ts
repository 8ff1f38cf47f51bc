import type { FileReport, ShowUri } from './types';

/**
 * `{"files":[{"path","diagnostics":[{"rule","severity","message","range","fixes"}]}]}`; ranges are 0-based
 * UTF-16 positions as in LSP, so that tools can hand them to an editor unchanged.
 */
export function formatJson(files: readonly FileReport[], show: ShowUri): string {
  const out = {
    files: files.map((f) => ({
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
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
