// `nginx -t` from the editor: the request behind "nginx-ws: Validate with nginx -t", the optional check on save,
// and `nginxWs.nginxVersion: "auto"`. Runs only the binary `nginxWs.nginxPath` names, and only when the client
// says the workspace is trusted (initializationOptions `trusted: true`); without both, nothing is started.
// nginx's messages become diagnostics of their own (source `nginx -t`), merged into each document's publish.
import { DiagnosticSeverity, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { placeMessages, type PlacedMessage } from '../nginx/output';
import { declaresPid, NGINX_TIMEOUT_MS, nginxVersionOf, resolveBinary, testConfig, type TestOutcome } from '../nginx/validate';
import { isFileUri, uriToPath, type Project } from '../service/project';
import { pathToUri } from '../workspace/uri';
import { resolveSettings as resolveBaseSettings } from '../service/settings';
import type { Settings } from '../rules/settings';
import type { ConfigTree } from '../workspace/graph';

export const VALIDATE_REQUEST = 'nginxWs/validateWithNginx';
export const NGINX_SOURCE = 'nginx -t';
export const NGINX_CODE = 'nginx-t';
/** At most this many main configs are tested by one request. */
const MAX_ROOTS = 8;

export interface ValidateParams {
  /** The document to validate: nginx -t runs on the main config(s) of its tree. Absent: every main config. */
  uri?: string | null;
}

export interface ValidateResult {
  /** Whether nginx was started at all. */
  ran: boolean;
  /** Every main config tested passed `nginx -t`. */
  ok: boolean;
  /** One sentence for the user: why nothing ran, or what nginx said. */
  message: string;
  /** The main configs tested (absolute paths). */
  roots: string[];
  errors: number;
  warnings: number;
}

interface NginxOptions {
  nginxPath?: string;
  validateOnSave: boolean;
  autoVersion: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readOptions(raw: unknown): NginxOptions {
  const o = isRecord(raw) ? raw : {};
  const nginxPath = typeof o.nginxPath === 'string' && o.nginxPath.trim() !== '' ? o.nginxPath.trim() : undefined;
  return { nginxPath, validateOnSave: o.validateOnSave === true, autoVersion: o.nginxVersion === 'auto' };
}

const SEVERITY: Record<PlacedMessage['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

type Guard = <P, R>(name: string, fallback: R, fn: (params: P) => R | Promise<R>) => (params: P) => Promise<R>;

export interface NginxValidationDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** The project, with every open document's text already in it. */
  project(): Project;
  /** The open document's URI for a path, as the client spells it. */
  openUri(p: string): string | undefined;
  settingsFor(uri: string): Promise<Settings>;
  /** Publishes an open document's diagnostics again (the server merges `diagnosticsFor` into them). */
  republish(uri: string): void;
  log(message: string): void;
}

function refusal(message: string): ValidateResult {
  return { ran: false, ok: false, message, roots: [], errors: 0, warnings: 0 };
}

/** The main configs whose trees hold `p` (usually one: the nginx.conf that includes it, or `p` itself). */
function mainTreesHolding(project: Project, p: string): ConfigTree[] {
  return project.workspace.getTrees().filter((t) => t.isMain && t.instances.some((i) => i.path === p));
}

export class NginxValidation {
  private trusted = false;
  /** What each resolved Settings object was resolved from: the settings the rest of the server passes around. */
  private readonly options = new WeakMap<Settings, NginxOptions>();
  /** nginx's last messages per main config tested. */
  private readonly results = new Map<string, PlacedMessage[]>();
  /** Runs started per main config: a run that a newer one overtook is dropped. */
  private readonly runs = new Map<string, number>();
  private readonly logged = new Set<string>();

  constructor(private readonly deps: NginxValidationDeps) {}

  /** Reads `trusted` from the initialize request's initializationOptions; anything but `true` is untrusted. */
  initialize(initializationOptions: unknown): void {
    this.trusted = isRecord(initializationOptions) && initializationOptions.trusted === true;
  }

  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.deps.log(message);
  }

  /**
   * `resolveSettings` plus what this module reads: `nginxPath`, `validateOnSave`, and `nginxVersion: "auto"`,
   * which asks the binary (`nginx -v`, once per binary) in a trusted workspace.
   */
  resolveSettings(raw: unknown): Settings {
    const settings = resolveBaseSettings(raw);
    const o = readOptions(raw);
    if (o.autoVersion) {
      const v = this.detectVersion(o.nginxPath);
      if (v !== undefined) settings.nginxVersion = v;
    }
    this.options.set(settings, o);
    return settings;
  }

  private detectVersion(nginxPath: string | undefined): string | undefined {
    if (nginxPath === undefined) {
      this.logOnce('nginx-ws: nginxWs.nginxVersion is "auto" but nginxWs.nginxPath is not set: the nginx version stays unknown (older than 1.29.7 is assumed)');
      return undefined;
    }
    if (!this.trusted) {
      this.logOnce('nginx-ws: nginxWs.nginxVersion is "auto" but the workspace is not trusted: nginx is not run, the version stays unknown');
      return undefined;
    }
    const bin = resolveBinary(nginxPath);
    if (!bin.path) {
      this.logOnce(`nginx-ws: nginxWs.nginxVersion "auto": ${bin.error ?? 'no binary'}`);
      return undefined;
    }
    const r = nginxVersionOf(bin.path);
    if (r.fresh) {
      this.deps.log(
        r.version !== undefined
          ? `nginx-ws: nginxWs.nginxVersion "auto": ${bin.path} is nginx ${r.version}`
          : `nginx-ws: nginxWs.nginxVersion "auto": could not read the version of ${bin.path}: ${r.error ?? 'unknown error'}`,
      );
    }
    return r.version;
  }

  private diagnosticsForPath(p: string): Diagnostic[] {
    const placed: PlacedMessage[] = [];
    const seen = new Set<string>();
    for (const list of this.results.values()) {
      for (const m of list) {
        const key = `${m.line}|${m.severity}|${m.message}`;
        if (m.path !== p || seen.has(key)) continue;
        seen.add(key);
        placed.push(m);
      }
    }
    if (placed.length === 0) return [];
    // The project's host reads an open document's text, the disk otherwise.
    const lines = this.deps.project().workspace.host.read(p)?.split('\n');
    return placed.map((m) => {
      const text = lines?.[m.line];
      const end = text === undefined ? 0 : text.endsWith('\r') ? text.length - 1 : text.length;
      return {
        range: { start: { line: m.line, character: 0 }, end: { line: m.line, character: end } },
        severity: SEVERITY[m.severity],
        source: NGINX_SOURCE,
        code: NGINX_CODE,
        message: m.message,
      };
    });
  }

  /** nginx's diagnostics for a document, to publish with ours. */
  diagnosticsFor(uri: string): Diagnostic[] {
    return isFileUri(uri) ? this.diagnosticsForPath(uriToPath(uri)) : [];
  }

  /** The document closed: its nginx diagnostics go with it (the server publishes an empty list). */
  closed(uri: string): void {
    if (!isFileUri(uri)) return;
    const p = uriToPath(uri);
    for (const [root, list] of this.results) this.results.set(root, list.filter((m) => m.path !== p));
  }

  /** Replaces a root's results and publishes every file whose nginx diagnostics may have changed. */
  private store(root: string, placed: PlacedMessage[]): void {
    const affected = new Set<string>([...(this.results.get(root) ?? []), ...placed].map((m) => m.path));
    this.results.set(root, placed);
    for (const p of affected) {
      const uri = this.deps.openUri(p);
      if (uri !== undefined) this.deps.republish(uri);
      else {
        // A file nginx named that is not open: its diagnostics are nginx's alone.
        this.deps.connection.sendDiagnostics({ uri: pathToUri(p), diagnostics: this.diagnosticsForPath(p) }).catch((err: unknown) => {
          this.deps.log(`nginx-ws: publishing nginx -t diagnostics for ${p} failed: ${String(err)}`);
        });
      }
    }
  }

  /** What one `nginx -t` run means as messages on lines. */
  private placed(outcome: TestOutcome, root: string, nginxPath: string): PlacedMessage[] {
    const at = (message: string): PlacedMessage => ({ path: root, line: 0, severity: 'error', message });
    if (outcome.error !== undefined) return [at(`nginx -t could not run ${nginxPath}: ${outcome.error}`)];
    if (outcome.timedOut) return [at(`nginx -t did not finish within ${NGINX_TIMEOUT_MS / 1000} s and was stopped`)];
    const placed = placeMessages(outcome.messages, root);
    if (!outcome.ok && !placed.some((m) => m.severity === 'error')) {
      const tail = outcome.output.trim().split('\n').slice(-3).join(' ').slice(0, 500);
      placed.push(at(`nginx -t failed (exit status ${String(outcome.exitCode)})${tail ? `: ${tail}` : ''}`));
    }
    return placed;
  }

  /** Runs `nginx -t` for a document's main config(s), or for every main config; refuses without a path or trust. */
  async validate(params: ValidateParams): Promise<ValidateResult> {
    if (!this.trusted) {
      return refusal('The workspace is not trusted: nginx-ws does not run nginx in it. Trust the workspace to validate with nginx -t.');
    }
    const uri = typeof params.uri === 'string' && params.uri !== '' ? params.uri : undefined;
    const project = this.deps.project();
    let trees: ConfigTree[];
    let settingsUri: string;
    if (uri !== undefined) {
      settingsUri = uri;
      trees = [];
    } else {
      trees = project.workspace.getTrees().filter((t) => t.isMain);
      const first = trees[0];
      if (!first) return refusal('No main config (nginx.conf, or a file with events or http) in the workspace: nothing to validate.');
      settingsUri = pathToUri(first.rootPath);
    }
    const settings = await this.deps.settingsFor(settingsUri);
    const o = this.options.get(settings);
    if (o?.nginxPath === undefined) {
      return refusal('nginxWs.nginxPath is not set: nginx-ws runs no nginx. Set it to your nginx binary to validate with nginx -t.');
    }
    if (uri !== undefined && !isFileUri(uri)) return refusal('nginx -t reads files from disk: save this document to a file first.');
    const bin = resolveBinary(o.nginxPath);
    if (!bin.path) return refusal(bin.error ?? 'nginxWs.nginxPath names no binary');
    if (uri !== undefined) {
      // The trees may be stale by the prefix the settings give: rebuild them under it.
      project.setPrefix(settings.prefix);
      trees = mainTreesHolding(project, uriToPath(uri));
      if (trees.length === 0) {
        return refusal(`No main config includes ${uriToPath(uri)}: nginx -t needs the nginx.conf (or another file with events or http) that includes it, in the workspace.`);
      }
    }

    const roots = [...new Set(trees.map((t) => t.rootPath))].slice(0, MAX_ROOTS);
    const result: ValidateResult = { ran: true, ok: true, message: '', roots, errors: 0, warnings: 0 };
    const failures: string[] = [];
    for (const root of roots) {
      const tree = trees.find((t) => t.rootPath === root);
      if (!tree) continue;
      const seq = (this.runs.get(root) ?? 0) + 1;
      this.runs.set(root, seq);
      const known = project.workspace.files;
      const outcome = await testConfig({ nginxPath: bin.path, root, hasPid: declaresPid(tree), isFile: (p) => known.has(p) });
      const placed = this.placed(outcome, root, bin.path);
      const errors = placed.filter((m) => m.severity === 'error');
      result.errors += errors.length;
      result.warnings += placed.filter((m) => m.severity === 'warning').length;
      if (!outcome.ok) {
        result.ok = false;
        failures.push(`${root}: ${errors[0]?.message ?? 'failed'}`);
      }
      if (this.runs.get(root) === seq) this.store(root, placed);
    }
    const warned = result.warnings > 0 ? `, with ${result.warnings} warning${result.warnings === 1 ? '' : 's'}` : '';
    result.message = result.ok
      ? `nginx -t: ${roots.length === 1 ? `${roots[0] ?? ''} is ok` : `${roots.length} configurations are ok`}${warned}`
      : `nginx -t failed (${result.errors} error${result.errors === 1 ? '' : 's'}${warned}): ${failures.join('; ')}`;
    return result;
  }

  /** The on-save check, when `nginxWs.validateOnSave` is on. */
  private async saved(uri: string): Promise<void> {
    const o = this.options.get(await this.deps.settingsFor(uri));
    if (!o?.validateOnSave || o.nginxPath === undefined) return;
    if (!this.trusted) {
      this.logOnce('nginx-ws: nginxWs.validateOnSave is on but the workspace is not trusted: nginx is not run');
      return;
    }
    const r = await this.validate({ uri });
    if (!r.ran) this.logOnce(`nginx-ws: validate on save: ${r.message}`);
  }

  register(guard: Guard): void {
    const { connection, documents } = this.deps;
    connection.onRequest(
      VALIDATE_REQUEST,
      guard(VALIDATE_REQUEST, refusal('nginx-ws: validating with nginx failed; see the output channel.'), (params: ValidateParams | undefined) =>
        this.validate(params ?? {}),
      ),
    );
    documents.onDidSave((e) => {
      this.saved(e.document.uri).catch((err: unknown) => this.deps.log(`nginx-ws: validate on save failed: ${String(err)}`));
    });
  }
}
