// Shared helpers for the in-editor tests: locating fixtures, opening them, and bounded polling.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'nginx-ws.nginx-ws';

/** The workspace the runner opens: a fresh copy of test/e2e/fixtures. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; scripts/e2e.mjs opens a copy of test/e2e/fixtures');
  return folder.uri.fsPath;
}

export function fixturePath(rel: string): string {
  return path.join(workspaceRoot(), rel);
}

export async function openFixture(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(fixturePath(rel)));
  return vscode.window.showTextDocument(doc);
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 45_000,
  describeLast?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const last = describeLast ? `; last seen: ${describeLast()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A diagnostic's code as a plain string, whether VS Code holds it bare or with a target link. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** The diagnostics nginx-ws publishes for `uri` (other extensions' are left out). */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nginx-ws');
}

const SEVERITY_NAMES: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** `line: severity code: message`, for assertion messages and logs. */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  return `${d.range.start.line + 1}: ${SEVERITY_NAMES[d.severity]} ${codeOf(d)}: ${d.message}`;
}

export function describeDiagnostics(list: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(list.map(describeDiagnostic), null, 1);
}

/** How many times `needle` occurs in `text`. */
export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
