// The LSP wiring over the pure language service. Every decision about nginx lives in server/src/service;
// this file only tracks documents, settings and timers, and converts shapes. Every handler is guarded:
// bad input is logged to the client's console and answered with an empty result, never a dead server.
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigFile } from '../parser/ast';
import { parse } from '../parser/parse';
import { fixTexts, hasSyntaxError, minimalEdit, preferredFix, type Analyzer } from '../service/fixes';
import { renameFindingUris } from '../service/lazyFixes';
import { foldingRanges } from '../service/folding';
import { IncrementalAnalysis } from '../service/incremental/analyzer';
import { isFileUri, Project, standaloneAnalyzer, uriToPath } from '../service/project';
import { diskHost, rememberingHost } from '../workspace/fileHost';
import { defaultSettings } from '../service/settings';
import type { Settings } from '../rules/settings';
import { loadProjectConfig, overlaySettings, PROJECT_CONFIG_NAME, type ProjectConfigResult } from '../service/projectConfig';
import { rules } from '../rules';
import { documentSymbols } from '../service/outline';
import type { Finding } from '../service/types';
import type { PosRange } from '../rules/types';
import { packageVersion } from '../service/version';
import { featureCapabilities, indexWithProgress, registerFeatures } from './features';
import { formattingCapabilities, registerFormatting } from './formatting';
import { NginxValidation } from './nginxValidate';
import {
  FIX_ALL_KIND,
  toDiagnostic,
  toDocumentSymbol,
  toFoldingRange,
  toQuickFix,
  toSymbolInformation,
} from './convert';

/** The settings section, as in package.json `contributes.configuration`. */
export const SECTION = 'nginxWs';
export const DEFAULT_DEBOUNCE_MS = 150;
/** How long the disk's answers (included files' texts, sizes, real paths) are trusted between watched-file events. */
const DISK_MEMORY_MS = 2000;

/**
 * What one open document's last parse and analysis were, so that requests between edits reuse them.
 * `generation` counts changes anywhere in the project: another file's edit can change this one's findings.
 */
interface CacheEntry {
  version: number;
  file: ConfigFile;
  analyzed?: { settings: Settings; generation: number; findings: Finding[] };
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ nginxWs: {...} }` (what the VS Code client sends) or the section itself (what other editors often send). */
function sectionOf(v: unknown): unknown {
  if (isRecord(v) && isRecord(v[SECTION])) return v[SECTION];
  return v;
}

function intersects(a: PosRange, b: PosRange): boolean {
  const before = (x: PosRange['start'], y: PosRange['start']): boolean =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Whether a request restricted to `only` kinds wants actions of `kind` (kinds are dotted hierarchies). */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.length === 0 || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, CacheEntry>();
  const timers = new Map<string, NodeJS.Timeout>();
  const justOpened = new Set<string>();
  /** Per-document settings from `workspace/configuration`, fetched once until the configuration changes. */
  const configCache = new Map<string, Promise<Settings>>();

  let debounceMs = DEFAULT_DEBOUNCE_MS;
  /** From initializationOptions, replaced by pushed `didChangeConfiguration` settings when the client cannot be asked. */
  let globalSettings: Settings = defaultSettings;
  /** What `globalSettings` was resolved from: the settings the client set, which override the project file. */
  let globalRaw: Record<string, unknown> = {};
  /** `.nginx-ws.json` per folder of a document, read once until the file changes on disk. */
  const projectConfigs = new Map<string, ProjectConfigResult | undefined>();
  /** Project files whose problem the user was told about, so that it is said once, not per document. */
  const reportedConfigErrors = new Set<string>();
  const knownRules = new Set(rules.map((r) => r.id));
  let pullConfiguration = false;
  let registerConfigurationChange = false;
  let hierarchicalSymbols = false;
  let foldingLimit: number | undefined;
  /** Workspace folders, scanned for configs on the first analysis rather than during the handshake. */
  let folders: string[] = [];
  let project: Project | undefined;
  let generation = 0;
  /** Open `file:` documents by path, to give findings and edits the client's own spelling of each URI. */
  const openPaths = new Map<string, string>();

  const log = (message: string): void => {
    try {
      connection.console.error(message);
    } catch {
      // The connection itself is gone; nothing left to tell.
    }
  };

  /** Wraps a request handler: an exception is logged and answered with `fallback`. */
  function guard<P, R>(name: string, fallback: R, fn: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await fn(params);
      } catch (err) {
        log(`nginx-ws: ${name} failed: ${describe(err)}`);
        return fallback;
      }
    };
  }

  /** Wraps a notification handler. */
  function guardVoid<P>(name: string, fn: (params: P) => void | Promise<void>): (params: P) => void {
    return (params: P) => {
      try {
        const r = fn(params);
        if (r instanceof Promise) r.catch((err: unknown) => log(`nginx-ws: ${name} failed: ${describe(err)}`));
      } catch (err) {
        log(`nginx-ws: ${name} failed: ${describe(err)}`);
      }
    };
  }

  /** `nginx -t` from the editor and `nginxVersion: "auto"`: the only code that may start a process (server/src/nginx). */
  const nginx = new NginxValidation({
    connection,
    documents,
    project: getProject,
    openUri: (p) => openPaths.get(p),
    settingsFor,
    republish: (uri) => schedule(uri, 0),
    log,
  });
  const resolveSettings = (raw: unknown): Settings => nginx.resolveSettings(raw);

  /**
   * The nearest `.nginx-ws.json` above a document (above the first workspace folder for other URIs). A bad
   * file is logged and shown once, and the document is checked with the editor's settings alone.
   */
  function projectSettingsFor(uri: string): Record<string, unknown> {
    const dir = isFileUri(uri) ? path.dirname(uriToPath(uri)) : folders[0];
    if (dir === undefined) return {};
    let r = projectConfigs.get(dir);
    if (!projectConfigs.has(dir)) {
      r = loadProjectConfig(dir, knownRules);
      projectConfigs.set(dir, r);
      if (r?.config && r.config.mains.length > 0) {
        const p = getProject();
        for (const m of r.config.mains) p.addFile(m);
        touched();
      }
    }
    if (r?.error) {
      const message = `nginx-ws: ${r.error.path}: ${r.error.reason}; its settings are not used until it is fixed`;
      if (!reportedConfigErrors.has(message)) {
        reportedConfigErrors.add(message);
        log(message);
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
      }
      return {};
    }
    return r?.config.settings ?? {};
  }

  function settingsFor(uri: string): Promise<Settings> {
    let p = configCache.get(uri);
    if (!p) {
      const withFile = (raw: Record<string, unknown>): Settings => resolveSettings(overlaySettings(projectSettingsFor(uri), raw));
      p = !pullConfiguration
        ? Promise.resolve(withFile(globalRaw))
        : connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }).then(
            (v: unknown) => withFile(isRecord(v) ? v : globalRaw),
            (err: unknown) => {
              log(`nginx-ws: workspace/configuration failed, using the initial settings: ${describe(err)}`);
              return withFile(globalRaw);
            },
          );
      configCache.set(uri, p);
    }
    return p;
  }

  function parsed(doc: TextDocument): CacheEntry {
    let e = cache.get(doc.uri);
    if (!e || e.version !== doc.version) {
      // The project holds the same text for an open file: share its parse rather than parse every version twice.
      const shared = isFileUri(doc.uri) && project ? project.parse(uriToPath(doc.uri)) : undefined;
      e = { version: doc.version, file: shared && shared.text === doc.getText() ? shared : parse(doc.getText()) };
      cache.set(doc.uri, e);
    }
    return e;
  }

  function getProject(): Project {
    if (!project) {
      project = new Project(rememberingHost(diskHost, DISK_MEMORY_MS), globalSettings.prefix);
      // A keystroke re-runs the rules on the blocks it changed, not on the whole file.
      project.incremental = new IncrementalAnalysis();
      for (const f of folders) project.addFolder(f);
      for (const d of documents.all()) if (isFileUri(d.uri)) project.setText(uriToPath(d.uri), d.getText());
    }
    return project;
  }

  /** A finding's URIs as the client spells them (the service derives them from paths). */
  function clientUris(f: Finding): Finding {
    const rename = (uri: string): string => (isFileUri(uri) ? (openPaths.get(uriToPath(uri)) ?? uri) : uri);
    return renameFindingUris(f, rename);
  }

  /** Analyses texts given by client URI: `file:` ones within the project, others each on its own. */
  function analyzerFor(uri: string, settings: Settings): Analyzer {
    if (!isFileUri(uri)) return standaloneAnalyzer(settings);
    const p = getProject();
    p.setPrefix(settings.prefix);
    const inner = p.analyzer(settings);
    return (texts) => {
      const out = new Map<string, Finding[]>();
      for (const [u, list] of inner(texts)) out.set(u, list.map(clientUris));
      return out;
    };
  }

  function findingsFor(doc: TextDocument, settings: Settings): Finding[] {
    const e = parsed(doc);
    const a = e.analyzed;
    if (!a || a.settings !== settings || a.generation !== generation) {
      const findings = analyzerFor(doc.uri, settings)(new Map([[doc.uri, doc.getText()]])).get(doc.uri) ?? [];
      e.analyzed = { settings, generation, findings };
    }
    return e.analyzed?.findings ?? [];
  }

  async function validate(uri: string): Promise<void> {
    const settings = await settingsFor(uri);
    // The document may have closed while the settings were fetched: its empty publish has been sent already.
    const doc = documents.get(uri);
    if (!doc) return;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = [...findingsFor(doc, settings).map(toDiagnostic), ...nginx.diagnosticsFor(uri)];
    } catch (err) {
      // A failing rule must not leave the previous version's diagnostics standing as if they were current.
      log(`nginx-ws: analysing ${uri} failed: ${describe(err)}`);
      diagnostics = [];
    }
    await connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  }

  /** Other open documents that share a config tree with `uri`: an edit here can change their findings. */
  function openDependents(uri: string): string[] {
    if (!isFileUri(uri) || !project) return [];
    const out: string[] = [];
    for (const p of project.dependents(uriToPath(uri))) {
      const other = openPaths.get(p);
      if (other !== undefined && other !== uri && !timers.has(other)) out.push(other);
    }
    return out;
  }

  function schedule(uri: string, delay: number, withDependents = false): void {
    const pending = timers.get(uri);
    if (pending) clearTimeout(pending);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        const failed = (err: unknown): void => log(`nginx-ws: publishing diagnostics for ${uri} failed: ${describe(err)}`);
        validate(uri)
          .then(() => {
            if (withDependents) for (const other of openDependents(uri)) schedule(other, 0);
          })
          .catch(failed);
      }, delay),
    );
  }

  /** The project's content changed: every cached analysis is stale. */
  function touched(): void {
    generation++;
  }

  function revalidateAll(): void {
    for (const d of documents.all()) schedule(d.uri, 0);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    try {
      const caps = params.capabilities;
      pullConfiguration = caps.workspace?.configuration === true;
      registerConfigurationChange = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
      hierarchicalSymbols = caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
      foldingLimit = caps.textDocument?.foldingRange?.rangeLimit;
      const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
      folders = roots.filter(isFileUri).map(uriToPath);
      const init: unknown = params.initializationOptions;
      nginx.initialize(init);
      const section = sectionOf(init);
      globalRaw = isRecord(section) ? section : {};
      globalSettings = resolveSettings(globalRaw);
      // Tests set this to 0 so that every change publishes at once; editors keep the default.
      if (isRecord(init) && typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    } catch (err) {
      log(`nginx-ws: reading the initialize parameters failed, using defaults: ${describe(err)}`);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        documentSymbolProvider: { label: 'nginx' },
        foldingRangeProvider: true,
        ...featureCapabilities,
        ...formattingCapabilities,
      },
      serverInfo: { name: 'nginx-ws', version: packageVersion() },
    };
  });

  connection.onInitialized(
    guardVoid('initialized', async () => {
      if (pullConfiguration && registerConfigurationChange) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
      }
      if (folders.length > 0) {
        await indexWithProgress(connection, getProject());
        revalidateAll();
      }
    }),
  );

  connection.onDidChangeConfiguration(
    guardVoid('didChangeConfiguration', (params) => {
      if (!pullConfiguration) {
        const s = sectionOf(params.settings);
        if (isRecord(s)) {
          globalRaw = s;
          globalSettings = resolveSettings(s);
        }
      }
      configCache.clear();
      touched();
      revalidateAll();
    }),
  );

  // Includes and templates may change under an open config; re-checking open documents is cheap.
  connection.onDidChangeWatchedFiles(
    guardVoid('didChangeWatchedFiles', (params) => {
      const isProjectConfig = (uri: string): boolean => isFileUri(uri) && path.basename(uriToPath(uri)) === PROJECT_CONFIG_NAME;
      if (params.changes.some((c) => isProjectConfig(c.uri))) {
        projectConfigs.clear();
        reportedConfigErrors.clear();
        configCache.clear();
      }
      if (project) {
        for (const c of params.changes) {
          if (!isFileUri(c.uri) || isProjectConfig(c.uri)) continue;
          // FileChangeType.Deleted is 3.
          if (c.type === 3) project.removedFromDisk(uriToPath(c.uri));
          else project.changedOnDisk(uriToPath(c.uri));
        }
      }
      touched();
      revalidateAll();
    }),
  );

  documents.onDidOpen(
    guardVoid('didOpen', (e) => {
      justOpened.add(e.document.uri);
      if (isFileUri(e.document.uri)) openPaths.set(uriToPath(e.document.uri), e.document.uri);
    }),
  );
  documents.onDidChangeContent(
    guardVoid('didChange', (e) => {
      const uri = e.document.uri;
      if (isFileUri(uri) && project) project.setText(uriToPath(uri), e.document.getText());
      touched();
      // An opened document is checked at once; edits wait until typing pauses. Either way, open documents
      // in the same config tree are re-checked after it.
      const opened = justOpened.delete(uri);
      schedule(uri, opened ? 0 : debounceMs, true);
    }),
  );
  documents.onDidClose(
    guardVoid('didClose', async (e) => {
      const uri = e.document.uri;
      const pending = timers.get(uri);
      if (pending) clearTimeout(pending);
      timers.delete(uri);
      justOpened.delete(uri);
      cache.delete(uri);
      configCache.delete(uri);
      nginx.closed(uri);
      if (isFileUri(uri)) {
        const p = uriToPath(uri);
        openPaths.delete(p);
        // What was open may differ from the disk: trees that include it see the disk again.
        const dependents = openDependents(uri);
        project?.clearText(p);
        touched();
        for (const other of dependents) schedule(other, 0);
      }
      await connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );

  connection.onDocumentSymbol(
    guard('documentSymbol', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const symbols = documentSymbols(parsed(doc).file);
      return hierarchicalSymbols ? symbols.map(toDocumentSymbol) : toSymbolInformation(doc.uri, symbols);
    }),
  );

  connection.onFoldingRanges(
    guard('foldingRange', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const folds = foldingRanges(parsed(doc).file).map(toFoldingRange);
      return foldingLimit !== undefined ? folds.slice(0, foldingLimit) : folds;
    }),
  );

  connection.onCodeAction(guard('codeAction', [], (params: CodeActionParams) => codeActions(params)));

  async function codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    if (!documents.get(uri)) return [];
    const settings = await settingsFor(uri);
    const doc = documents.get(uri);
    if (!doc) return [];
    const findings = findingsFor(doc, settings);
    const only = params.context.only;
    const actions: CodeAction[] = [];

    if (wants(only, CodeActionKind.QuickFix)) {
      for (const f of findings) {
        if (!intersects(f.range, params.range)) continue;
        for (const fix of f.fixes) actions.push(toQuickFix(f, fix));
      }
    }

    if (wants(only, FIX_ALL_KIND) && !hasSyntaxError(findings) && findings.some((f) => preferredFix(f))) {
      const before = doc.getText();
      let outcome;
      try {
        outcome = fixTexts(new Map([[uri, before]]), analyzerFor(uri, settings));
      } finally {
        // The fix loop analysed candidate texts in the project; the document's own text is the truth.
        if (isFileUri(uri)) getProject().setText(uriToPath(uri), before);
      }
      const after = outcome.texts.get(uri);
      if (after !== undefined) {
        const m = minimalEdit(before, after);
        const edit: TextEdit = { range: { start: doc.positionAt(m.start), end: doc.positionAt(m.end) }, newText: m.newText };
        actions.push({
          title: 'Fix all auto-fixable nginx-ws problems',
          kind: FIX_ALL_KIND,
          diagnostics: findings.filter((f) => preferredFix(f)).map(toDiagnostic),
          edit: { changes: { [uri]: [edit] } },
        });
      }
    }
    return actions;
  }

  registerFeatures({ connection, documents, project: getProject, settingsFor, guard });
  registerFormatting(connection, documents, guard);
  nginx.register(guard);

  documents.listen(connection);
  connection.listen();
}
