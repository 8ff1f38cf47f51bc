import * as path from 'node:path';
import { inferRootContext } from './inferContext';
import type { ConfigFile } from '../parser/ast';
import type { BlockContext } from '../reference';
import { parseConfigOrTemplate } from '../parser/template';
import type { FileHost } from './fileHost';
import { buildTree, IncludeMemo, MAX_FILE_BYTES, type ConfigTree, type FileInstance } from './graph';
import { collectSymbols, mergedDefinitions, withFallback, type Symbols } from './symbols';

/** Names under which nginx configs live; other files in a folder are not ours. */
export function isConfigPath(p: string): boolean {
  const base = path.basename(p);
  if (base === 'nginx.conf' || /\.(conf|nginx|conf\.template)$/.test(base)) return true;
  // Templates of configs: `site.conf.j2`, ingress-nginx's `nginx.tmpl`.
  if (/\.conf\.(j2|jinja|tmpl|gotmpl|erb|etlua)$|^nginx[^/]*\.(tmpl|j2|jinja|erb|etlua)$/.test(base)) return true;
  return /(^|\/)(sites-enabled|sites-available)\//.test(p);
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.cache', 'out']);
const MAX_DISCOVERED = 20_000;

/**
 * What of a file decides the include trees: whether it is a main config, the context it would have alone, and each
 * `include` with the blocks around it. Edits that keep this leave every tree's set of files and contexts as it was.
 */
function treeShape(p: string, file: ConfigFile): string {
  let shape = shapes.get(file);
  if (shape === undefined) shapes.set(file, (shape = computeShape(p, file)));
  return shape;
}

/** A parse belongs to one path: its shape is worked out once, not again when the next edit compares with it. */
const shapes = new WeakMap<ConfigFile, string>();

function computeShape(p: string, file: ConfigFile): string {
  return [String(looksMain(p, file)), inferRootContext(file), ...includesOf(file)].join('\n');
}

/** Each `include` of a file with the names of the blocks around it, in reading order. */
function includesOf(file: ConfigFile): string[] {
  const out: string[] = [];
  // The names of the blocks around the current one; joined only where an include stands, which is rare.
  const where: string[] = [];
  const visit = (list: ConfigFile['children']): void => {
    for (const s of list) {
      if (s.kind !== 'directive') continue;
      if (s.name === 'include') out.push(`${where.join('>')}|${s.args.map((a) => a.value).join(' ')}|${s.block ? '{' : ''}`);
      if (s.block && !s.block.rawBody && s.block.children.length > 0) {
        where.push(s.name);
        visit(s.block.children);
        where.pop();
      }
    }
  };
  visit(file.children);
  return out;
}

/**
 * Whether a file, read on its own, could make or join a tree with other files: it looks like a main config, or it
 * has an `include`. A file that does neither is a tree of its own unless another file includes it or encloses it.
 */
export function mayLinkFiles(p: string, text: string, templateGlobs: readonly string[]): boolean {
  const file = parseAsWorkspace(p, text, templateGlobs);
  if (looksMain(p, file)) return true;
  // nginx reads no escapes in a directive's name: a file without these letters has no include.
  return text.includes('include') && includesOf(file).length > 0;
}

/** A file's parse as the workspace reads it: a template by the globs, nothing of a file over the size limit. */
function parseAsWorkspace(p: string, text: string, templateGlobs: readonly string[]): ConfigFile {
  return parseConfigOrTemplate(text.length > MAX_FILE_BYTES ? '' : text, p, templateGlobs);
}

/** A file whose top level says it is a main config. */
function looksMain(p: string, file: ConfigFile): boolean {
  if (path.basename(p) === 'nginx.conf') return true;
  const top = file.children.filter((c) => c.kind === 'directive').map((d) => d.name);
  if (!top.some((n) => /^(http|events|stream|worker_processes)$/.test(n))) return false;
  // A guide's `events {}` beside its `server {}` with no `http` around it: snippets for several levels, not one config.
  return top.includes('http') || !top.some((n) => /^(server|upstream|map|location)$/.test(n));
}

/** A file that nothing includes sits in a folder like `conf.d/`: its includes start from the folder above. */
function folderPrefix(p: string): string {
  const dir = path.dirname(p);
  return /^(conf\.d|sites-enabled|sites-available|snippets)$/.test(path.basename(dir)) ? path.dirname(dir) : dir;
}

/**
 * The main config of the project a file sits in: the nearest one whose folder holds it. Several in that folder
 * (a folder of unrelated example configs) name no project, unless one of them is `nginx.conf`.
 */
function enclosingTree(p: string, mains: ConfigTree[]): ConfigTree | undefined {
  let nearest: ConfigTree[] = [];
  let depth = -1;
  for (const t of mains) {
    const dir = path.dirname(t.rootPath) + path.sep;
    if (!p.startsWith(dir)) continue;
    if (dir.length > depth) [nearest, depth] = [[t], dir.length];
    else if (dir.length === depth) nearest.push(t);
  }
  if (nearest.length === 1) return nearest[0];
  return nearest.find((t) => path.basename(t.rootPath) === 'nginx.conf');
}

/**
 * The workspace model: every config file, the trees of includes hanging from the main configs, and the
 * files nothing includes. Parses are cached by text; trees are rebuilt only where a changed file sits.
 */
export class Workspace {
  private readonly parsed = new Map<string, { text: string; file: ConfigFile }>();
  private readonly known = new Set<string>();
  private trees: ConfigTree[] | undefined;
  /** From the last build of every tree: rebuilds after an edit read the same includes. */
  private includeMemo = new IncludeMemo();
  private readonly symbolCache = new WeakMap<ConfigTree, Symbols>();
  private templateGlobs: readonly string[] = [];

  constructor(
    readonly host: FileHost,
    private readonly prefix?: string,
    /** Forces the context of a file that nothing includes (tests, `# nginx-ws: context=` is the user's way). */
    private readonly forcedContext?: (p: string) => BlockContext | undefined,
  ) {}

  /** Adds every config file under `dir` (bounded; skips dependency and dot folders). */
  addFolder(dir: string): void {
    const stack = [dir];
    while (stack.length > 0 && this.known.size < MAX_DISCOVERED) {
      const d = stack.pop() as string;
      for (const name of (this.host.list(d) ?? []).sort()) {
        if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
        const p = path.join(d, name);
        const st = this.host.stat(p);
        if (st?.isDirectory) stack.push(p);
        else if (st?.isFile && isConfigPath(p)) this.known.add(p);
      }
    }
    this.trees = undefined;
  }

  addFile(p: string): void {
    this.known.add(p);
    this.trees = undefined;
  }

  /**
   * The file's content changed (in the editor or on disk). When its includes, their places and its main-ness are
   * as before, only the trees that hold it are rebuilt; otherwise what reaches what may differ, and all are.
   */
  changed(p: string): void {
    const before = this.parsed.get(p)?.file;
    this.parsed.delete(p);
    if (!this.known.has(p)) {
      if (isConfigPath(p)) this.known.add(p);
      this.trees = undefined;
      return;
    }
    if (!this.trees || !before) return this.invalidate();
    const after = this.parse(p);
    if (!after || treeShape(p, before) !== treeShape(p, after)) return this.invalidate();
    this.includeMemo.changed(p);
    this.rebuildTreesHolding(p);
  }

  private invalidate(): void {
    this.trees = undefined;
  }

  /**
   * Replaces the trees that hold `p`, and the trees of files nothing includes that see one of them: everything cached
   * per tree or per instance (symbols, rule memos, WebSocket proxies) then starts afresh with the new objects.
   */
  private rebuildTreesHolding(p: string): void {
    // A new list, not the old one changed: what is cached per list of trees (instancesOf) then starts afresh.
    const trees = [...(this.trees as ConfigTree[])];
    const files = { get: (f: string) => this.parse(f) };
    const replaced = new Map<ConfigTree, ConfigTree>();
    for (let i = 0; i < trees.length; i++) {
      const old = trees[i];
      const enclosing = old.enclosing && replaced.get(old.enclosing);
      if (!enclosing && !old.instances.some((inst) => inst.path === p)) continue;
      const fresh = buildTree(this.host, files, old.rootPath, old.root.context, old.isMain, old.prefix, old.enclosing && (replaced.get(old.enclosing) ?? old.enclosing), this.includeMemo);
      if (!fresh) return this.invalidate();
      fresh.enclosing = enclosing ?? old.enclosing;
      replaced.set(old, fresh);
      trees[i] = fresh;
    }
    this.trees = trees;
  }

  removed(p: string): void {
    this.parsed.delete(p);
    this.known.delete(p);
    this.trees = undefined;
  }

  get files(): ReadonlySet<string> {
    return this.known;
  }

  /** The parse of a file, cached while its text is unchanged. */
  parse(p: string): ConfigFile | undefined {
    const text = this.host.read(p);
    if (text === undefined) return undefined;
    const hit = this.parsed.get(p);
    if (hit && hit.text === text) return hit.file;
    const file = parseAsWorkspace(p, text, this.templateGlobs);
    this.parsed.set(p, { text, file });
    return file;
  }

  /** The `nginxWs.templates` globs: files they name are read as templates. A change re-reads every file. */
  setTemplateGlobs(globs: readonly string[]): void {
    if (globs.length === this.templateGlobs.length && globs.every((g, i) => g === this.templateGlobs[i])) return;
    this.templateGlobs = [...globs];
    this.parsed.clear();
    this.trees = undefined;
  }

  getTrees(): ConfigTree[] {
    if (!this.trees) this.trees = this.buildTrees();
    return this.trees;
  }

  /** Every instance of a file: once per include path that reaches it, or once on its own. */
  instancesOf(p: string): FileInstance[] {
    const trees = this.getTrees();
    // Indexed per list of trees: checking each of a thousand files must not scan every tree each time.
    if (this.indexedTrees !== trees) {
      const byPath = new Map<string, FileInstance[]>();
      for (const t of trees) {
        for (const i of t.instances) {
          const list = byPath.get(i.path);
          if (list) list.push(i);
          else byPath.set(i.path, [i]);
        }
      }
      this.instancesByPath = byPath;
      this.indexedTrees = trees;
    }
    return [...(this.instancesByPath.get(p) ?? [])];
  }

  private instancesByPath = new Map<string, FileInstance[]>();
  private indexedTrees: ConfigTree[] | undefined;

  /**
   * Names defined and used in a tree. A file that nothing includes also sees the names of its project: those of the
   * main config, then those of the project's other such files (a sites-available file that includes the maps a
   * snippet uses, linked into sites-enabled only on the server).
   */
  symbols(tree: ConfigTree): Symbols {
    let s = this.symbolCache.get(tree);
    if (!s) {
      s = this.ownSymbols(tree);
      if (tree.enclosing) {
        const enclosing = tree.enclosing;
        // Looked up at each call: the project's other files change without this tree being rebuilt.
        const project: Symbols = { definitions: [], uses: [], usesIn: () => [], byName: (kind, name) => this.projectSymbols(enclosing).byName(kind, name) };
        s = withFallback(s, withFallback(this.symbols(enclosing), project));
      }
      this.symbolCache.set(tree, s);
    }
    return s;
  }

  private readonly ownSymbolCache = new WeakMap<ConfigTree, Symbols>();

  /** A tree's own names, once per tree: an edit rebuilds one tree, and the project index reuses the others'. */
  private ownSymbols(tree: ConfigTree): Symbols {
    let s = this.ownSymbolCache.get(tree);
    if (!s) this.ownSymbolCache.set(tree, (s = collectSymbols(tree)));
    return s;
  }

  private readonly projectCache = new Map<ConfigTree, Symbols>();
  private projectCacheTrees: ConfigTree[] | undefined;

  /** The definitions of every file of a main config's project that the main config does not include, in one index. */
  private projectSymbols(main: ConfigTree): Symbols {
    const trees = this.getTrees();
    if (this.projectCacheTrees !== trees) {
      this.projectCache.clear();
      this.projectCacheTrees = trees;
    }
    let s = this.projectCache.get(main);
    if (!s) {
      const members = trees.filter((t) => t.enclosing === main);
      s = mergedDefinitions(members.map((t) => this.ownSymbols(t)));
      this.projectCache.set(main, s);
    }
    return s;
  }

  /** Paths of the files whose analysis depends on `p` (every file in a tree that holds it). */
  dependents(p: string): Set<string> {
    const out = new Set<string>([p]);
    for (const tree of new Set(this.instancesOf(p).map((i) => i.tree))) for (const i of tree.instances) out.add(i.path);
    return out;
  }

  private buildTrees(): ConfigTree[] {
    const files = { get: (p: string) => this.parse(p) };
    const memo = (this.includeMemo = new IncludeMemo());
    const mains = [...this.known].filter((p) => {
      const f = this.parse(p);
      return f !== undefined && !this.forcedContext?.(p) && looksMain(p, f);
    });
    const mainTrees = new Map<string, ConfigTree>();
    for (const m of mains) {
      const t = buildTree(this.host, files, m, 'main', true, this.prefix, undefined, memo);
      if (t) mainTrees.set(m, t);
    }
    // A main-looking file that another main config includes is part of that tree, not a root of its own.
    const includedElsewhere = new Set<string>();
    for (const t of mainTrees.values()) for (const i of t.instances) if (i.site) includedElsewhere.add(i.path);
    const trees = [...mainTrees.values()].filter((t) => !includedElsewhere.has(t.rootPath));
    const mainRoots = [...trees];
    const reached = new Set<string>();
    for (const t of trees) for (const i of t.instances) reached.add(i.path);
    for (const p of [...this.known].sort()) {
      if (reached.has(p)) continue;
      const f = this.parse(p);
      if (!f) continue;
      const ctx = this.forcedContext?.(p) ?? inferRootContext(f);
      const enclosing = enclosingTree(p, mainRoots);
      const t = buildTree(this.host, files, p, ctx, false, this.prefix ?? enclosing?.prefix ?? folderPrefix(p), enclosing, memo);
      if (t) {
        trees.push(t);
        for (const i of t.instances) reached.add(i.path);
      }
    }
    return trees;
  }
}
