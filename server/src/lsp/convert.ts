// Service shapes to LSP shapes. The service speaks plain data; only this layer knows the protocol's numbers.
import {
  CodeActionKind,
  DiagnosticSeverity,
  FoldingRangeKind,
  SymbolKind,
  type CodeAction,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Fold } from '../service/folding';
import { ruleDocUrl } from '../service/ruleDocs';
import type { OutlineKind, OutlineSymbol } from '../service/outline';
import type { Finding } from '../service/types';
import type { FileEdit, Fix, Severity } from '../rules/types';

export const SOURCE = 'nginx-ws';
/** The fix-all kind: `editor.codeActionsOnSave: { "source.fixAll.nginxWs": "explicit" }` runs it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.nginxWs`;

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITIES[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: ruleDocUrl(f.rule) },
    message: f.message,
  };
}

export function toWorkspaceEdit(edits: readonly FileEdit[]): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

export function toQuickFix(f: Finding, fix: Fix): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(f)],
    isPreferred: fix.preferred,
    edit: toWorkspaceEdit(fix.edits),
  };
}

const SYMBOL_KINDS: Record<OutlineKind, SymbolKind> = {
  namespace: SymbolKind.Namespace,
  event: SymbolKind.Event,
  class: SymbolKind.Class,
  method: SymbolKind.Method,
  struct: SymbolKind.Struct,
  variable: SymbolKind.Variable,
  operator: SymbolKind.Operator,
  function: SymbolKind.Function,
  object: SymbolKind.Object,
};

export function toDocumentSymbol(s: OutlineSymbol): DocumentSymbol {
  const d: DocumentSymbol = {
    name: s.name,
    kind: SYMBOL_KINDS[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
  if (s.detail !== undefined) d.detail = s.detail;
  return d;
}

/** For clients without hierarchical symbol support: the same entries, flat, each naming its parent. */
export function toSymbolInformation(uri: string, symbols: readonly OutlineSymbol[], container?: string): SymbolInformation[] {
  return symbols.flatMap((s) => {
    const info: SymbolInformation = { name: s.name, kind: SYMBOL_KINDS[s.kind], location: { uri, range: s.range } };
    if (container !== undefined) info.containerName = container;
    return [info, ...toSymbolInformation(uri, s.children, s.name)];
  });
}

export function toFoldingRange(f: Fold): FoldingRange {
  const r: FoldingRange = { startLine: f.startLine, endLine: f.endLine };
  if (f.kind === 'comment') r.kind = FoldingRangeKind.Comment;
  return r;
}
