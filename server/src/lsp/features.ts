// Hover, completion, navigation and semantic tokens: thin LSP wiring over the pure service.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type Connection,
  type Hover as LspHover,
  type Location,
  type Position,
  type ServerCapabilities,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completions, type CompletionItem as ServiceItem } from '../service/completion';
import { effectiveConfigAt } from '../service/effectiveConfig';
import { effectiveText } from '../service/effectiveRender';
import { hover } from '../service/hover';
import { definition, documentLinks, references, workspaceSymbols } from '../service/navigation';
import { isFileUri, uriToPath, type Project } from '../service/project';
import { encodeTokens, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../service/semanticTokens';
import type { Settings } from '../rules/settings';

/** The request behind "nginx-ws: Show effective configuration": the plain text of the block at a position. */
export const EFFECTIVE_REQUEST = 'nginxWs/effectiveConfiguration';

export interface EffectiveParams {
  textDocument: { uri: string };
  position: Position;
}

export type EffectiveResult = { title: string; text: string } | { error: string };

export const featureCapabilities: ServerCapabilities = {
  hoverProvider: true,
  completionProvider: { triggerCharacters: ['$', '/', ' '] },
  definitionProvider: true,
  referencesProvider: true,
  documentLinkProvider: { resolveProvider: false },
  workspaceSymbolProvider: true,
  semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
};

type Guard = <P, R>(name: string, fallback: R, fn: (params: P) => R | Promise<R>) => (params: P) => Promise<R>;

export interface FeatureDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** The project, with every open document's text already in it. */
  project(): Project;
  settingsFor(uri: string): Promise<Settings>;
  guard: Guard;
}

const ITEM_KINDS: Record<ServiceItem['kind'], CompletionItemKind> = {
  directive: CompletionItemKind.Keyword,
  value: CompletionItemKind.Value,
  variable: CompletionItemKind.Variable,
  upstream: CompletionItemKind.Reference,
  file: CompletionItemKind.File,
  snippet: CompletionItemKind.Snippet,
};

const SYMBOL_KINDS = { server: SymbolKind.Namespace, upstream: SymbolKind.Module, location: SymbolKind.Field, map: SymbolKind.Variable } as const;

export function registerFeatures(d: FeatureDeps): void {
  const { connection, documents, guard } = d;
  /** The path of an open `file:` document; other documents (untitled) get no cross-file features. */
  const pathOf = (uri: string): string | undefined => (isFileUri(uri) && documents.get(uri) ? uriToPath(uri) : undefined);

  connection.onHover(
    guard('hover', null, async (params): Promise<LspHover | null> => {
      const p = pathOf(params.textDocument.uri);
      if (!p) return null;
      const h = await hover(d.project().workspace, p, params.position, await d.settingsFor(params.textDocument.uri));
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: h.range } : null;
    }),
  );

  connection.onRequest(
    EFFECTIVE_REQUEST,
    guard(EFFECTIVE_REQUEST, { error: 'nginx-ws: the effective configuration could not be computed; see the output channel.' }, async (params: EffectiveParams | undefined): Promise<EffectiveResult> => {
      const uri = params?.textDocument?.uri ?? '';
      const p = pathOf(uri);
      if (!p || !params?.position) return { error: 'nginx-ws: open an nginx configuration file and put the cursor in a location or server block.' };
      const c = effectiveConfigAt(d.project().workspace, p, params.position, await d.settingsFor(uri));
      return 'error' in c ? { error: `nginx-ws: ${c.error}` } : { title: c.title, text: effectiveText(c) };
    }),
  );

  connection.onCompletion(
    guard('completion', [], (params): CompletionItem[] => {
      const p = pathOf(params.textDocument.uri);
      if (!p) return [];
      const r = completions(d.project().workspace, p, params.position);
      const range = { start: r.from, end: params.position as Position };
      return r.items.map((i, n) => ({
        label: i.label,
        kind: ITEM_KINDS[i.kind],
        detail: i.detail,
        documentation: i.documentation,
        sortText: String(n).padStart(5, '0'),
        insertTextFormat: i.format === 'snippet' ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range, newText: i.insertText },
      }));
    }),
  );

  connection.onDefinition(
    guard('definition', [], (params): Location[] => {
      const p = pathOf(params.textDocument.uri);
      return p ? definition(d.project().workspace, p, params.position) : [];
    }),
  );

  connection.onReferences(
    guard('references', [], (params): Location[] => {
      const p = pathOf(params.textDocument.uri);
      return p ? references(d.project().workspace, p, params.position, params.context.includeDeclaration) : [];
    }),
  );

  connection.onDocumentLinks(
    guard('documentLink', [], (params) => {
      const p = pathOf(params.textDocument.uri);
      return p ? documentLinks(d.project().workspace, p) : [];
    }),
  );

  connection.onWorkspaceSymbol(
    guard('workspaceSymbol', [], (params) =>
      workspaceSymbols(d.project().workspace, params.query)
        .slice(0, 5000)
        .map((s) => ({ name: s.name, kind: SYMBOL_KINDS[s.kind], containerName: s.container, location: s.location })),
    ),
  );

  connection.languages.semanticTokens.on(
    guard('semanticTokens', { data: [] }, (params) => {
      const p = pathOf(params.textDocument.uri);
      const file = p ? d.project().workspace.parse(p) : undefined;
      return { data: file ? encodeTokens(semanticTokens(file)) : [] };
    }),
  );
}

/** Indexes the workspace folders with work-done progress, so a large tree shows what it is doing. */
export async function indexWithProgress(connection: Connection, project: Project): Promise<void> {
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('nginx-ws: indexing nginx configs', 0, undefined, false);
  try {
    const ws = project.workspace;
    const files = [...ws.files];
    let done = 0;
    for (const f of files) {
      ws.parse(f);
      if (++done % 100 === 0) {
        progress.report(Math.round((done / files.length) * 90), `${done}/${files.length} files`);
        // Let requests in between batches: indexing never blocks typing for long.
        await new Promise((r) => setImmediate(r));
      }
    }
    ws.getTrees();
    progress.report(100, `${files.length} files`);
  } finally {
    progress.done();
  }
}
