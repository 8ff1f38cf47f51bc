import * as path from 'node:path';
import type { ConfigFile, Directive, Range } from '../parser/ast';
import type { BlockContext } from '../reference';
import { walkDirectives } from './contexts';
import type { FileHost } from './fileHost';
import { expandGlob, isGlob } from './glob';

/** nginx refuses nothing here, but a glob this wide or a file this large is a mistake we stop at. */
export const MAX_GLOB_FILES = 10_000;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Bounds the whole tree, so that diamonds of includes cannot multiply without end. */
export const MAX_INSTANCES = 50_000;

export type GraphProblemKind = 'include-not-found' | 'include-cycle' | 'include-limit';

export interface GraphProblem {
  kind: GraphProblemKind;
  /** The file holding the `include`. */
  path: string;
  range: Range;
  message: string;
}

/** Where a file was included: the `include` directive in the including file's instance. */
export interface IncludeSite {
  instance: FileInstance;
  directive: Directive;
}

/** A file as reached on one include path, analysed in the context of its include site. */
export interface FileInstance {
  path: string;
  file: ConfigFile;
  context: BlockContext;
  site?: IncludeSite;
  /** The files each `include` directive of this instance pulled in, in nginx's order. */
  includes: Map<Directive, FileInstance[]>;
  /** Where each directive of this file stands: its enclosing context. Shared between instances: never change it. */
  contexts: DirectiveContexts;
  /** The file's directives by name, in nginx's reading order: rules look for a few names among thousands. */
  named: ReadonlyMap<string, Directive[]>;
  tree: ConfigTree;
}

/** Where each directive of an instance stands, in reading order when iterated (a `Map` is one). */
export interface DirectiveContexts {
  get(d: Directive): BlockContext | undefined;
  has(d: Directive): boolean;
  forEach(visit: (context: BlockContext, d: Directive) => void): void;
}

/**
 * The contexts of one walk of a parse. The first walk of a parse keeps each directive's context on the directive
 * itself; a walk of the same parse in another context (a file included at two levels) keeps its own in a map.
 */
class WalkContexts implements DirectiveContexts {
  private readonly order: Directive[] = [];
  private readonly contexts: BlockContext[] = [];
  private own: Map<Directive, BlockContext> | undefined;

  add(d: Directive, context: BlockContext): void {
    this.order.push(d);
    this.contexts.push(context);
    if (d.walkOwner === undefined) {
      d.walkOwner = this;
      d.walkContext = context;
    } else (this.own ??= new Map()).set(d, context);
  }

  get(d: Directive): BlockContext | undefined {
    return d.walkOwner === this ? d.walkContext : this.own?.get(d);
  }

  has(d: Directive): boolean {
    return d.walkOwner === this || (this.own?.has(d) ?? false);
  }

  forEach(visit: (context: BlockContext, d: Directive) => void): void {
    for (let i = 0; i < this.order.length; i++) visit(this.contexts[i], this.order[i]);
  }
}

const NO_CONTEXTS: DirectiveContexts = new WalkContexts();

/** Everything reached from one main config (or one file that nothing includes). */
export interface ConfigTree {
  rootPath: string;
  /** True when the root is a real main config; false for a file that nothing includes. */
  isMain: boolean;
  /** The folder relative `include` paths start from. */
  prefix: string;
  root: FileInstance;
  instances: FileInstance[];
  problems: GraphProblem[];
  /** For a file that nothing includes: the main config of the same project, whose names it may use. */
  enclosing?: ConfigTree;
}

export interface ParsedFiles {
  /** The parsed file at `path`, or undefined when it cannot be read. Cached by the caller. */
  get(path: string): ConfigFile | undefined;
}

/**
 * What each `include` named on disk, and the real paths and sizes of the files it named, from the last tree built
 * from scratch: a rebuild after an edit that kept every file's includes (`Workspace.changed`) reads the same files,
 * without globbing and asking the disk again for each of a thousand included files. A file added or removed on disk
 * makes the workspace build every tree from scratch, with a new memo.
 */
export class IncludeMemo {
  private readonly found = new WeakMap<Directive, Map<string, Resolution>>();
  private readonly reals = new Map<string, string>();
  private readonly sizes = new Map<string, number>();

  resolution(d: Directive, tree: ConfigTree, resolve: () => Resolution): Resolution {
    // Where an include leads depends on the tree's prefix and kind too: one file may be in several trees.
    const key = `${tree.prefix}\u0000${tree.isMain}\u0000${tree.enclosing?.rootPath ?? ''}`;
    let perTree = this.found.get(d);
    if (!perTree) this.found.set(d, (perTree = new Map()));
    let r = perTree.get(key);
    if (!r) perTree.set(key, (r = resolve()));
    return r;
  }

  realpath(host: FileHost, p: string): string {
    let r = this.reals.get(p);
    if (r === undefined) this.reals.set(p, (r = host.realpath(p) ?? p));
    return r;
  }

  /** A file's text changed: its size may have too. */
  changed(p: string): void {
    this.sizes.delete(p);
  }

  size(host: FileHost, p: string): number {
    let n = this.sizes.get(p);
    if (n === undefined) this.sizes.set(p, (n = host.stat(p)?.size ?? 0));
    return n;
  }
}

/** The files an include names, or why it names none. */
type Resolution = { targets: readonly string[] } | { problem: GraphProblemKind; message: string };

export function buildTree(
  host: FileHost,
  files: ParsedFiles,
  rootPath: string,
  rootContext: BlockContext,
  isMain: boolean,
  prefix = path.dirname(rootPath),
  enclosing?: ConfigTree,
  memo: IncludeMemo = new IncludeMemo(),
): ConfigTree | undefined {
  const file = files.get(rootPath);
  if (!file) return undefined;
  const tree: ConfigTree = { rootPath, isMain, prefix, root: undefined as unknown as FileInstance, instances: [], problems: [], enclosing };
  tree.root = newInstance(tree, rootPath, file, rootContext, undefined);
  const pending: FileInstance[] = [tree.root];
  while (pending.length > 0) {
    const inst = pending.shift() as FileInstance;
    walkInstance(host, files, inst, pending, memo);
  }
  return tree;
}

function newInstance(tree: ConfigTree, p: string, file: ConfigFile, context: BlockContext, site: IncludeSite | undefined): FileInstance {
  const inst: FileInstance = { path: p, file, context, site, includes: new Map(), contexts: NO_CONTEXTS, named: new Map(), tree };
  tree.instances.push(inst);
  return inst;
}

interface Walked {
  contexts: WalkContexts;
  named: Map<string, Directive[]>;
}

/**
 * Where each directive of a parse stands, and its directives by name, per context of the file's top level: the same
 * for every instance of the file in that context, and for every rebuild of its tree while the file is unchanged (a
 * keystroke in one of a thousand included files walks that one file, not the thousand). Read-only once made.
 */
const walks = new WeakMap<ConfigFile, Map<BlockContext, Walked>>();

function walked(file: ConfigFile, context: BlockContext): Walked {
  let perFile = walks.get(file);
  if (!perFile) walks.set(file, (perFile = new Map()));
  let w = perFile.get(context);
  if (!w) {
    const made: Walked = { contexts: new WalkContexts(), named: new Map() };
    walkDirectives(file, context, (s, ctx) => {
      made.contexts.add(s, ctx);
      const list = made.named.get(s.name);
      if (list) list.push(s);
      else made.named.set(s.name, [s]);
    });
    perFile.set(context, (w = made));
  }
  return w;
}

function walkInstance(host: FileHost, files: ParsedFiles, inst: FileInstance, pending: FileInstance[], memo: IncludeMemo): void {
  const w = walked(inst.file, inst.context);
  inst.contexts = w.contexts;
  inst.named = w.named;
  for (const d of w.named.get('include') ?? []) {
    const ctx = w.contexts.get(d);
    if (ctx !== undefined && d.args.length === 1 && !d.block) inst.includes.set(d, resolveInclude(host, files, inst, d, ctx, pending, memo));
  }
}

function resolveInclude(
  host: FileHost,
  files: ParsedFiles,
  inst: FileInstance,
  d: Directive,
  ctx: BlockContext,
  pending: FileInstance[],
  memo: IncludeMemo,
): FileInstance[] {
  const tree = inst.tree;
  const arg = d.args[0];
  const problem = (kind: GraphProblemKind, message: string): FileInstance[] => {
    tree.problems.push({ kind, path: inst.path, range: arg.range, message });
    return [];
  };
  const found = memo.resolution(d, tree, () => includeTargets(host, tree, arg.value));
  if ('problem' in found) return problem(found.problem, found.message);
  const targets = found.targets;

  const out: FileInstance[] = [];
  for (const target of targets) {
    const real = memo.realpath(host, target);
    if (onIncludeChain(inst, real, host, memo)) {
      problem('include-cycle', `"${arg.value}" includes ${target === inst.path ? 'itself' : `"${target}", which is already being included on this path`}: nginx would recurse until it runs out of files`);
      continue;
    }
    if (memo.size(host, target) > MAX_FILE_BYTES) {
      problem('include-limit', `"${target}" is larger than 5 MB; nginx-ws does not analyse it`);
      continue;
    }
    if (tree.instances.length >= MAX_INSTANCES) {
      problem('include-limit', `the include tree exceeds ${MAX_INSTANCES} files; nginx-ws stops here`);
      break;
    }
    const file = files.get(target);
    if (!file) {
      problem('include-not-found', `open() "${target}" failed (13: Permission denied)`);
      continue;
    }
    const child = newInstance(tree, target, file, ctx, { instance: inst, directive: d });
    out.push(child);
    pending.push(child);
  }
  return out;
}

/** The files an include's path names on disk, in nginx's order; none for a file that lives elsewhere (see below). */
function includeTargets(host: FileHost, tree: ConfigTree, value: string): Resolution {
  const written = path.isAbsolute(value) ? value : path.join(tree.prefix, value);
  const full = path.isAbsolute(value) ? rebased(host, tree, written) : besideInConfFolder(host, tree, value, written);
  if (isGlob(full)) {
    const r = expandGlob(host, full, MAX_GLOB_FILES);
    if (r.truncated) return { problem: 'include-limit', message: `"${value}" matches more than ${MAX_GLOB_FILES} files; nginx-ws stops here` };
    return { targets: r.paths.filter((p) => host.stat(p)?.isFile) };
  }
  const st = host.stat(full);
  if (!st && (livesElsewhere(tree, value, full) || renderedFromTemplate(host, tree, full))) return { targets: [] };
  if (!st) return { problem: 'include-not-found', message: `open() "${full}" failed (2: No such file or directory)` };
  if (!st.isFile) return { problem: 'include-not-found', message: `"${full}" is not a file` };
  return { targets: [full] };
}

/**
 * An absolute include of the server's own folders (`/etc/nginx/conf.d/*.conf`) in a checkout of that folder: when
 * the path does not exist here but its tail does under the main config's folder, the checkout is what it names.
 * A path that exists is nginx's, whatever the checkout holds.
 */
function rebased(host: FileHost, tree: ConfigTree, full: string): string {
  if (!tree.isMain || exists(host, full)) return full;
  const parts = full.split('/').filter((p) => p !== '');
  // Only below a folder that is an nginx conf root by name: /etc/nginx, /usr/local/nginx/conf, /config/nginx.
  for (let i = 1; i < parts.length; i++) {
    if (!CONF_ROOT_NAMES.has(parts[i - 1])) continue;
    const candidate = path.join(tree.prefix, ...parts.slice(i));
    if (exists(host, candidate)) return candidate;
  }
  return full;
}

const CONF_ROOT_NAMES = new Set(['nginx', 'conf']);

/**
 * A repository that keeps nginx.conf at its root and the rest in `nginx/` (copied to /etc/nginx by its image):
 * a relative include missing beside the main config but present under such a folder is read from there.
 */
function besideInConfFolder(host: FileHost, tree: ConfigTree, rel: string, full: string): string {
  if (exists(host, full)) return full;
  for (const dir of CONF_ROOT_NAMES) {
    const candidate = path.join(tree.prefix, dir, rel);
    if (exists(host, candidate)) return candidate;
  }
  return full;
}

function exists(host: FileHost, p: string): boolean {
  return isGlob(p) ? expandGlob(host, p, 1000).paths.length > 0 : host.stat(p) !== undefined;
}

const TEMPLATE_SUFFIXES = ['.gotmpl', '.tmpl', '.tpl', '.j2', '.jinja', '.erb', '.template'];

/**
 * A missing include that a template beside the config renders at start-up: `listen.conf` from
 * `templates/listen.gotmpl` or `listen.conf.template`. The file exists only in the running container.
 */
function renderedFromTemplate(host: FileHost, tree: ConfigTree, full: string): boolean {
  const stem = path.basename(full).replace(/\.conf$/, '');
  const wanted = new Set(TEMPLATE_SUFFIXES.flatMap((suffix) => [stem + suffix, `${stem}.conf${suffix}`]));
  const dirs = [path.dirname(full), tree.prefix, path.join(tree.prefix, 'templates'), path.join(path.dirname(tree.prefix), 'templates')];
  // One listing per folder, not a stat per name and suffix: this runs on every rebuild of a tree with a missing include.
  return dirs.some((dir) => (host.list(dir) ?? []).some((name) => wanted.has(name)));
}

/** Files that nginx's packages install beside nginx.conf: a checkout of a site's config seldom carries them. */
const PACKAGED = new Set([
  'mime.types', 'fastcgi_params', 'fastcgi.conf', 'proxy_params', 'scgi_params', 'uwsgi_params', 'koi-utf', 'koi-win', 'win-utf',
  'snippets/fastcgi-php.conf', 'snippets/snakeoil.conf',
]);

/**
 * A missing include that the files at hand cannot judge: a path outside the tree's folder (it lives on the server,
 * such as /etc/letsencrypt/options-ssl-nginx.conf or a container's /config/nginx/...), a file the nginx package
 * installs, or a relative path in a file with no main config in its project (its prefix is unknown). nginx on the
 * server may well find it; saying it fails would be a guess.
 */
function livesElsewhere(tree: ConfigTree, written: string, full: string): boolean {
  const rel = path.relative(tree.prefix, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return true;
  if (PACKAGED.has(rel.split(path.sep).join('/')) || PACKAGED.has(path.basename(full))) return true;
  return !tree.isMain && tree.enclosing === undefined && !path.isAbsolute(written);
}

const NONE: readonly Directive[] = [];

/** The instance's directives named `name`, in nginx's reading order. */
export function directivesNamed(inst: FileInstance, name: string): readonly Directive[] {
  return inst.named.get(name) ?? NONE;
}

function onIncludeChain(inst: FileInstance, real: string, host: FileHost, memo: IncludeMemo): boolean {
  for (let i: FileInstance | undefined = inst; i; i = i.site?.instance) {
    if (memo.realpath(host, i.path) === real) return true;
  }
  return false;
}

/** Per walk (shared by the instances of one file in one context): its directives that open a block. */
const blockLists = new WeakMap<DirectiveContexts, readonly Directive[]>();

/**
 * The instance's directives that have a block, in nginx's reading order: rules that look at locations, servers and
 * `if`s read these instead of every directive of the file.
 */
export function blockDirectives(inst: FileInstance): readonly Directive[] {
  let list = blockLists.get(inst.contexts);
  if (!list) {
    const made: Directive[] = [];
    inst.contexts.forEach((_, d) => {
      if (d.block) made.push(d);
    });
    blockLists.set(inst.contexts, (list = made));
  }
  return list;
}
