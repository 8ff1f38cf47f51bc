import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules } from '../rules';
import { pathToUri } from '../workspace/uri';
import { fixTexts, type Analyzer } from '../service/fixes';
import { Project, uriToPath } from '../service/project';
import { findProjectConfig, overlaySettings, PROJECT_CONFIG_NAME, readProjectConfig, type ProjectConfig } from '../service/projectConfig';
import { resolveSettings } from '../service/settings';
import type { Finding } from '../service/types';
import { settingsInput, type CheckOptions } from './args';
import { codeOf, collectFiles, displayPath, findMainConfigs, forgetMainConfigs, InputError, readText, writeFileAtomic } from './files';
import { writeJson } from './format/json';
import { writeSarif } from './format/sarif';
import { writeText } from './format/text';
import type { FileReport } from './format/types';
import { packageVersion } from '../service/version';
import { parseDump, type ConfigDump } from './dump';
import { memoryHost } from '../workspace/fileHost';
import { joinedOthers, standaloneFiles } from './standalone';

export interface CheckIo {
  cwd: string;
  stdout: (s: string) => void;
  /** Notes about `--fix` go here, so that stdout stays one clean JSON or SARIF document. */
  stderr: (s: string) => void;
  /** What `--dump -` reads; standard input when absent. */
  stdin?: () => Buffer;
}

/**
 * `nginx-ws check`: the editor's analysis over files on disk. Returns the exit status: 0 clean, 1 when an
 * error-severity diagnostic remains. Throws InputError for a path it cannot read (the caller exits 2).
 */
export function runCheck(o: CheckOptions, io: CheckIo): number {
  // Folders are read afresh for each run: a caller may check again after files changed.
  forgetMainConfigs();
  const dump = o.dump === undefined ? undefined : readDump(o.dump, io);
  const config = projectConfigFor(o, io.cwd);
  // The flags override the file: a --rule per rule id, any other flag as a whole.
  const flags = settingsInput(o);
  if (o.websocketPaths.length === 0) delete flags.websocketPaths;
  const given = overlaySettings(config?.settings ?? {}, flags);
  // nginx reads a dump's relative includes from its main config's folder, unless -p said otherwise.
  const prefixGiven = o.prefix !== undefined || typeof given.prefix === 'string';
  const prefix = o.prefix !== undefined ? path.resolve(io.cwd, o.prefix) : typeof given.prefix === 'string' ? given.prefix : dump ? path.dirname(dump.main) : undefined;
  const input = resolveSettings({ ...given, prefix });
  const mains = o.mains.length > 0 ? o.mains.map((m) => ({ path: path.resolve(io.cwd, m), shown: m })) : (config?.mains ?? []).map((m) => ({ path: m, shown: displayPath(m, io.cwd) }));
  const dangling: string[] = [];
  const files = dump ? [...dump.files.keys()] : collectFiles(o.paths, io.cwd, dangling);
  const show = (p: string): string => displayPath(p, io.cwd);
  // nginx fails on a dangling link that an include reads; the rest of the folder is still worth checking.
  for (const p of dangling) io.stderr(`nginx-ws: cannot read ${show(p)}: dangling link to ${linkTarget(p)}\n`);
  if (files.length === 0 && dangling.length === 0) throw new InputError(`no nginx configuration files in ${o.paths.join(' ')}`);

  // A dump is the whole config: its files, and nothing from this machine's disk.
  const project = new Project(dump ? memoryHost(dump.files) : undefined, input.prefix);
  const texts = new Map<string, string>();
  const exact = new Map<string, boolean>();
  const read = (p: string): void => {
    const r = dump ? { text: dump.files.get(p) ?? '', exact: false } : readText(p, show(p));
    // The analysis reads exactly what was read here, whatever happens on disk meanwhile.
    project.setText(p, r.text);
    texts.set(pathToUri(p), r.text);
    exact.set(p, r.exact);
  };
  // A fix pass reads every file at once, and a dump is in memory already: neither has files to let go.
  const alone = o.fix || dump ? new Set<string>() : standaloneFiles(files, show, input.templates);
  const linked = files.filter((p) => !alone.has(p));
  for (const p of linked) read(p);
  // A file is analysed inside the tree of the main config that includes it, as nginx reads it.
  if (!dump) addProjectsAround(project, linked, walkedFolders(o.paths, io.cwd), io.cwd);
  for (const m of mains) {
    readText(m.path, m.shown); // An unreadable main config is bad input, named as given.
    project.addFile(m.path);
  }
  for (const p of joinedOthers(project, alone)) {
    alone.delete(p);
    read(p);
  }
  // A main config named here stands for its whole tree, as `nginx -t -c` reads it.
  const named = new Set(files);
  for (const tree of project.workspace.getTrees()) {
    if (!tree.isMain || !named.has(tree.rootPath)) continue;
    for (const inst of tree.instances) {
      if (named.has(inst.path)) continue;
      named.add(inst.path);
      files.push(inst.path);
      read(inst.path);
    }
  }

  // A standalone file: read when its turn comes, in a project of its own that goes with its findings.
  const projectOfOne = (p: string): Project => {
    const own = new Project(undefined, input.prefix);
    own.setText(p, readText(p, show(p)).text);
    return own;
  };
  // A rule that throws is a bug in nginx-ws, not bad input; the one line it ends with names the file.
  const analyzeFile = (p: string): Finding[] => {
    const home = alone.has(p) ? projectOfOne(p) : project;
    try {
      return withoutMainConfig(home, p, home.analyze(p, input), prefixGiven);
    } catch (err) {
      throw new Error(`while checking ${show(p)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  };
  const analyzer: Analyzer = (set) => {
    for (const [uri, text] of set) project.setText(uriToPath(uri), text);
    return new Map([...set.keys()].map((uri) => [uri, analyzeFile(uriToPath(uri))]));
  };

  let findings = new Map<string, Finding[]>();
  if (o.fix) {
    // A file that would not round-trip through UTF-8 is left alone: rewriting it would change more than the fix.
    const fixable = new Map([...texts].filter(([uri]) => exact.get(uriToPath(uri)) === true));
    for (const [uri] of texts) if (!fixable.has(uri)) io.stderr(`nginx-ws: ${show(uriToPath(uri))} is not valid UTF-8; not fixed\n`);
    const outcome = fixTexts(fixable, analyzer);
    for (const uri of outcome.syntaxErrors) io.stderr(`nginx-ws: ${show(uriToPath(uri))} has a syntax error; not fixed\n`);
    for (const uri of outcome.reverted) io.stderr(`nginx-ws: fixing ${show(uriToPath(uri))} would break its syntax; not fixed\n`);
    for (const [uri, text] of outcome.texts) {
      const p = uriToPath(uri);
      try {
        writeFileAtomic(p, text);
      } catch (err) {
        throw new InputError(`cannot write ${show(p)}: ${codeOf(err)}`);
      }
      io.stderr(`nginx-ws: fixed ${show(p)}\n`);
    }
    findings = outcome.findings;
  }
  // File by file, in the order shown: each file's findings are analysed, written and let go, so that memory and
  // the longest string stay those of one file however many are checked.
  const order = files.map((p) => ({ p, shown: show(p) })).sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
  let anyError = false;
  function* reports(): Iterable<FileReport> {
    for (const { p, shown } of order) {
      const uri = pathToUri(p);
      const list = sortFindings(findings.get(uri) ?? analyzeFile(p));
      findings.delete(uri);
      if (list.some((f) => f.severity === 'error')) anyError = true;
      yield { path: shown, findings: list };
    }
  }
  const showUri = (uri: string): string => (uri.startsWith('file://') ? show(uriToPath(uri)) : uri);

  switch (o.format) {
    case 'text':
      writeText(reports(), io.stdout);
      break;
    case 'json':
      writeJson(reports(), showUri, io.stdout);
      break;
    case 'sarif':
      writeSarif(reports(), rules, packageVersion(), pathToFileURL(io.cwd).href, io.stdout);
      break;
  }
  return dangling.length > 0 || anyError ? 1 : 0;
}

/**
 * The `.nginx-ws.json` nearest above the PATHs (above the working folder for --dump). PATHs under different
 * project files would need different settings in one run: that is refused rather than guessed.
 */
function projectConfigFor(o: CheckOptions, cwd: string): ProjectConfig | undefined {
  const dirs = o.dump !== undefined ? [cwd] : o.paths.map((arg) => folderOf(path.resolve(cwd, arg)));
  const found = new Map<string, string>();
  for (const [i, d] of dirs.entries()) {
    const p = findProjectConfig(d);
    if (p !== undefined && !found.has(p)) found.set(p, o.paths[i] ?? '.');
  }
  if (found.size === 0) return undefined;
  const show = (p: string): string => displayPath(p, cwd);
  if (found.size > 1) {
    const list = [...found].map(([p, arg]) => `${arg} uses ${show(p)}`).join(', ');
    throw new InputError(`the PATHs have different ${PROJECT_CONFIG_NAME} files (${list}): check them in separate runs`);
  }
  const [file] = [...found.keys()] as [string];
  const r = readProjectConfig(file, new Set(rules.map((r) => r.id)));
  if (r.error) throw new InputError(`${show(r.error.path)}: ${r.error.reason}`);
  return r.config;
}

function folderOf(p: string): string {
  try {
    return fs.statSync(p).isDirectory() ? p : path.dirname(p);
  } catch {
    return path.dirname(p); // Unreadable: collectFiles names it.
  }
}

/** The files of an `nginx -T` output, read from a file or (`-`) standard input. */
function readDump(name: string, io: CheckIo): ConfigDump {
  let text: string;
  if (name === '-') {
    try {
      text = (io.stdin ?? (() => fs.readFileSync(0)))().toString('utf8');
    } catch (err) {
      throw new InputError(`cannot read standard input: ${codeOf(err)}`);
    }
  } else text = readText(path.resolve(io.cwd, name), name).text;
  const dump = parseDump(text);
  if (!dump) {
    const what = name === '-' ? 'standard input' : name;
    throw new InputError(`${what} holds no "# configuration file PATH:" line: --dump reads the output of nginx -T`);
  }
  return dump;
}

function linkTarget(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return '?';
  }
}

/** Findings about names a main config may define, or about paths relative to its prefix: unknowable without it. */
const NEEDS_MAIN = new Set(['undefined-variable', 'undefined-zone', 'undefined-upstream']);

/**
 * A file that no main config includes (none found beside or above it) cannot know the maps, zones and upstreams
 * defined elsewhere: those are not reported, and one information finding at the top says how to name the main config.
 */
function withoutMainConfig(project: Project, p: string, list: Finding[], prefixGiven: boolean): Finding[] {
  const instances = project.workspace.instancesOf(path.resolve(p));
  if (instances.length === 0 || instances.some((i) => i.tree.isMain || i.tree.enclosing !== undefined)) return list;
  const uri = pathToUri(p);
  const kept = list.filter((f) => !NEEDS_MAIN.has(f.rule) && (prefixGiven || f.rule !== 'include-not-found'));
  const note: Finding = {
    rule: 'main-config',
    severity: 'information',
    message:
      'checked without its main config: no nginx.conf that includes it was found beside it or in the 3 folders above, so names defined elsewhere (map, upstream, zones) and relative includes are not checked. Name the main config that includes it with --main FILE',
    uri,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fixes: [],
  };
  return [note, ...kept];
}

function sortFindings(list: Finding[]): Finding[] {
  return [...list].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/**
 * The main configs above each file and, for a file that none of their trees includes, the other files of their
 * folders: a site that the main config does not include may still include the file (`sites-available/shop`
 * including `snippets/cache.conf`). Read as a check of the whole folder reads them, so a file gets the same
 * findings either way; only the files named are reported.
 */
function addProjectsAround(project: Project, files: readonly string[], walked: readonly string[], cwd: string): void {
  const folders = new Set<string>();
  for (const p of files) for (const m of findMainConfigs(p)) {
    project.addFile(m);
    folders.add(path.dirname(m));
  }
  if (folders.size === 0) return;
  const inMainTree = new Set(project.workspace.getTrees().flatMap((t) => (t.isMain ? t.instances.map((i) => i.path) : [])));
  if (files.every((p) => inMainTree.has(path.resolve(p)))) return;
  for (const dir of folders) {
    // A folder named on the command line was read whole already.
    if (walked.some((w) => dir === w || dir.startsWith(w + path.sep))) continue;
    let around: string[];
    try {
      // Bounded: a main config in a home folder must not make one file's check read the whole disk.
      around = collectFiles([dir], cwd, [], AROUND_LIMIT);
    } catch {
      continue; // An unreadable folder beside the main config is not the checked file's problem.
    }
    for (const q of around) project.addFile(q);
  }
}

const AROUND_LIMIT = 2000;

/** The folders among the paths named: collectFiles read every config file below them. */
function walkedFolders(paths: readonly string[], cwd: string): string[] {
  return paths.map((p) => path.resolve(cwd, p)).filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true);
}
