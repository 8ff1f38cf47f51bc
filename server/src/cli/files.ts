import * as fs from 'node:fs';
import * as path from 'node:path';
import { isConfigPath } from '../workspace/workspace';

/** A PATH argument that could not be used: the CLI names it and exits 2. */
export class InputError extends Error {}

export function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : String(err);
}

export function cannotRead(display: string, err: unknown): InputError {
  return new InputError(`cannot read ${display}: ${codeOf(err)}`);
}

/**
 * The files to check, as absolute paths in a stable order: files named on the command line as they are,
 * folders walked for config files (the workspace's `isConfigPath`: under `sites-enabled`/`sites-available`
 * every file counts, as nginx's `include sites-enabled/*` reads them). Dependency folders and dot entries
 * are skipped (nginx's `*` glob skips dot files too). A file reached twice (a `sites-enabled` link into `sites-available`) is checked once.
 */
export function collectFiles(args: readonly string[], cwd = process.cwd(), dangling: string[] = [], limit = Infinity): string[] {
  const out: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  const add = (p: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch {
      real = p; // Dangling: keep it, so that reading it reports the problem with its name.
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    out.push(p);
  };

  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (err) {
      throw cannotRead(displayPath(dir, cwd), err);
    }
    if (seenDirs.has(real)) return; // A symlink loop, or a folder given twice.
    seenDirs.add(real);
    let entries: string[];
    try {
      entries = fs.readdirSync(dir).sort();
    } catch (err) {
      throw cannotRead(displayPath(dir, cwd), err);
    }
    for (const name of entries) {
      if (out.length >= limit) return;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = path.join(dir, name);
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        // A dangling link where nginx would read a file: the caller names it and checks the rest.
        if (isConfigPath(p)) dangling.push(p);
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && isConfigPath(p)) add(p);
    }
  };

  for (const arg of args) {
    const p = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (err) {
      throw cannotRead(arg, err);
    }
    if (st.isDirectory()) walk(p);
    else add(p);
  }
  return out;
}

/** How many folders above a file's own `findMainConfigs` looks in: `conf.d/sites/x.conf` reaches the `nginx.conf` beside `conf.d`. */
const MAIN_SEARCH_LEVELS = 3;

/**
 * The main configs in the folder of `p` and up to MAIN_SEARCH_LEVELS folders above it, nearest first: `nginx.conf`, and
 * any other `*.conf` with an `events` or `http` block at its start of line (`nginx_edge.conf`). The workspace keeps
 * those that are main configs and analyses `p` in the tree of the one that includes it.
 */
export function findMainConfigs(p: string): string[] {
  const out: string[] = [];
  let dir = path.dirname(p);
  for (let level = 0; level <= MAIN_SEARCH_LEVELS; level++) {
    for (const candidate of mainsIn(dir)) if (candidate !== p) out.push(candidate);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

/**
 * The main configs directly in a folder, read once per run: a thousand site files in one folder all look in the
 * same folders above them.
 */
const mainsByFolder = new Map<string, string[]>();

function mainsIn(dir: string): string[] {
  let found = mainsByFolder.get(dir);
  if (found) return found;
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    names = [];
  }
  found = names
    .slice(0, MAX_ENTRIES_SEEN)
    .filter((name) => name === 'nginx.conf' || name.endsWith('.conf'))
    .map((name) => path.join(dir, name))
    .filter((candidate) => looksLikeMain(candidate));
  mainsByFolder.set(dir, found);
  return found;
}

/** Forgets what folders held: for a process that checks the same folders again after they changed (tests, --fix). */
export function forgetMainConfigs(): void {
  mainsByFolder.clear();
}

/** A folder such as /etc holds hundreds of files; a main config sits among the first few hundred names. */
const MAX_ENTRIES_SEEN = 500;
const MAX_MAIN_BYTES = 1 << 20;

export function looksLikeMain(p: string, name = path.basename(p)): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (name === 'nginx.conf') return true;
    // Other *.conf files (resolv.conf in /etc) are read only to see whether nginx would take them for a main config.
    return st.size <= MAX_MAIN_BYTES && /^[ \t]*(events|http)[ \t\r\n]*\{/m.test(fs.readFileSync(p, 'utf8'));
  } catch {
    return false;
  }
}

/** How a path is shown: relative to the working folder when inside it, else absolute. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Reads a file as UTF-8; `exact` tells whether writing the text back would give the same bytes. */
export function readText(p: string, display: string): { text: string; exact: boolean } {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(p);
  } catch (err) {
    throw cannotRead(display, err);
  }
  const text = buf.toString('utf8');
  return { text, exact: Buffer.byteLength(text, 'utf8') === buf.length && Buffer.from(text, 'utf8').equals(buf) };
}

/**
 * Replaces a file's content atomically: a temporary file beside it, then a rename. A symlink is followed
 * (the link stays a link); the file keeps its mode and, where allowed, its owner.
 */
export function writeFileAtomic(target: string, text: string | Uint8Array): void {
  const real = fs.realpathSync(target);
  const st = fs.statSync(real);
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.nginx-ws-${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx', mode: st.mode & 0o7777 });
    fs.chmodSync(tmp, st.mode & 0o7777);
    try {
      fs.chownSync(tmp, st.uid, st.gid);
    } catch {
      // Only root may give a file away; a user fixing their own files keeps their ownership anyway.
    }
    fs.renameSync(tmp, real);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    throw err;
  }
}
