// Document and range formatting: thin LSP wiring over the pure formatter.
import type { Connection, FormattingOptions, ServerCapabilities, TextDocuments, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { editsInRange, formatText, indentUnit, type OffsetEdit } from '../format/format';

export const formattingCapabilities: ServerCapabilities = {
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
};

type Guard = <P, R>(name: string, fallback: R, fn: (params: P) => R | Promise<R>) => (params: P) => Promise<R>;

/** The edits that format `doc` (within `range`, offsets, when given); none for a file with a syntax error. */
function formattingEdits(
  connection: Connection,
  doc: TextDocument,
  options: FormattingOptions,
  range?: { start: number; end: number },
): TextEdit[] {
  const r = formatText(doc.getText(), { indent: indentUnit(options.insertSpaces, options.tabSize) });
  // The formatter's own check refused its output: a bug of ours, worth a line in the log.
  if (r.kind === 'unsafe') connection.console.warn(`nginx-ws: not formatting ${doc.uri}: ${r.reason}`);
  if (r.kind !== 'formatted') return [];
  const edits: OffsetEdit[] = range ? editsInRange(r.edits, range.start, range.end) : r.edits;
  return edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText }));
}

export function registerFormatting(connection: Connection, documents: TextDocuments<TextDocument>, guard: Guard): void {
  connection.onDocumentFormatting(
    guard('formatting', [], (params): TextEdit[] => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? formattingEdits(connection, doc, params.options) : [];
    }),
  );
  connection.onDocumentRangeFormatting(
    guard('rangeFormatting', [], (params): TextEdit[] => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      return formattingEdits(connection, doc, params.options, { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) });
    }),
  );
}
