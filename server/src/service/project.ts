import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigFile } from '../parser/ast';
import { diskHost, overlayHost, type FileHost, type RememberingHost } from '../workspace/fileHost';
import { Workspace } from '../workspace/workspace';
import { analyzePath, analyzeText } from './analyze';
import type { IncrementalAnalysis } from './incremental/analyzer';
import type { Analyzer } from './fixes';
import { renameFindingUris } from './lazyFixes';
import type { Settings } from '../rules/settings';
import type { Finding } from './types';

/**
 * A workspace of config files as the editor and the CLI see it: files on disk, with texts held in memory
 * (open documents, fixes not yet written) shadowing them. Every analysis of a `file:` document goes
 * through here, so that includes, upstreams and variables defined in other files count the same way
 * in the editor, in `nginx-ws check` and in `--fix`.
 */
export class Project {
  private readonly texts = new Map<string, string>();
  private readonly host: FileHost;
  private ws: Workspace;
  private readonly folders: string[] = [];
  private readonly files = new Set<string>();
  /** Set by the language server: each analysis then re-runs only what an edit can have changed. */
  incremental: IncrementalAnalysis | undefined;

  constructor(
    private readonly base: FileHost | RememberingHost = diskHost,
    private prefix?: string,
  ) {
    this.host = overlayHost(base, this.texts);
    this.ws = new Workspace(this.host, prefix);
  }

  /** The workspace model, for navigation, hovers and completion. */
  get workspace(): Workspace {
    return this.ws;
  }

  /** The prefix relative includes start from changed: every tree must be rebuilt. */
  setPrefix(prefix: string | undefined): void {
    if (prefix === this.prefix) return;
    this.prefix = prefix;
    this.ws = new Workspace(this.host, prefix);
    for (const f of this.folders) this.ws.addFolder(f);
    for (const f of this.files) this.ws.addFile(f);
  }

  addFolder(dir: string): void {
    const d = path.resolve(dir);
    this.folders.push(d);
    this.ws.addFolder(d);
  }

  addFile(p: string): void {
    const f = path.resolve(p);
    if (this.files.has(f)) return;
    this.files.add(f);
    this.ws.addFile(f);
  }

  /** Holds `text` for `p` in memory, over what the disk says. */
  setText(p: string, text: string): void {
    const f = path.resolve(p);
    if (this.texts.get(f) === text) return;
    this.texts.set(f, text);
    this.addFile(f);
    this.ws.changed(f);
  }

  /** Drops the in-memory text: the disk is the truth again. */
  clearText(p: string): void {
    const f = path.resolve(p);
    if (!this.texts.delete(f)) return;
    // The editor may have saved it a moment ago: read the disk afresh.
    this.forgetDisk();
    this.ws.changed(f);
  }

  /** The file changed on disk (or was created). */
  changedOnDisk(p: string): void {
    this.forgetDisk();
    this.ws.changed(path.resolve(p));
  }

  removedFromDisk(p: string): void {
    this.forgetDisk();
    const f = path.resolve(p);
    if (this.texts.has(f)) this.ws.changed(f);
    else {
      this.files.delete(f);
      this.ws.removed(f);
    }
  }

  private forgetDisk(): void {
    if ('forget' in this.base) this.base.forget();
  }

  parse(p: string): ConfigFile | undefined {
    return this.ws.parse(path.resolve(p));
  }

  analyze(p: string, settings: Settings): Finding[] {
    const f = path.resolve(p);
    this.ws.setTemplateGlobs(settings.templates);
    this.addFile(f);
    return analyzePath(this.ws, f, settings, this.incremental?.analyzeInstance);
  }

  /** Files whose findings may change when `p` does (those sharing a config tree with it). */
  dependents(p: string): Set<string> {
    return this.ws.dependents(path.resolve(p));
  }

  /**
   * An analyzer for the fix engine: each pass's texts go into memory over the disk, then every file is
   * analysed within the workspace. Texts are left in place: the caller owns the project for that run.
   */
  analyzer(settings: Settings): Analyzer {
    return (texts) => {
      for (const [uri, text] of texts) this.setText(uriToPath(uri), text);
      const out = new Map<string, Finding[]>();
      for (const uri of texts.keys()) out.set(uri, this.analyze(uriToPath(uri), settings));
      return out;
    };
  }
}

const paths = new Map<string, string>();

/** `file://` URIs to paths; anything else is not a file the project can hold. Cached: every finding asks. */
export function uriToPath(uri: string): string {
  let p = paths.get(uri);
  if (p === undefined) {
    p = fileURLToPath(uri);
    if (paths.size > 50_000) paths.clear();
    paths.set(uri, p);
  }
  return p;
}

export function isFileUri(uri: string): boolean {
  return uri.startsWith('file://');
}

/**
 * An analyzer for texts that are no file (an untitled editor): each is analysed alone. The service names
 * such a text by a made-up path; findings and their edits are renamed back to the caller's URI.
 */
export function standaloneAnalyzer(settings: Settings): Analyzer {
  return (texts) => {
    const out = new Map<string, Finding[]>();
    for (const [uri, text] of texts) out.set(uri, renameUri(analyzeText(uri, text, settings).findings, uri));
    return out;
  };
}

function renameUri(findings: Finding[], uri: string): Finding[] {
  const own = new Set(findings.map((f) => f.uri));
  const rename = (u: string): string => (own.has(u) ? uri : u);
  return findings.map((f) => renameFindingUris(f, rename));
}
