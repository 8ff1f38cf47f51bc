import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
}

/** What the workspace model needs from a file system: the LSP server layers open documents over the disk. */
export interface FileHost {
  /** The file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
  stat(path: string): FileStat | undefined;
  /** Entry names of a folder (not sorted), or undefined. */
  list(path: string): string[] | undefined;
  /** The path with symbolic links resolved, or undefined when it dangles or loops. */
  realpath(path: string): string | undefined;
}

export const diskHost: FileHost = {
  read(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  stat(path) {
    try {
      const s = fs.statSync(path);
      return { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size };
    } catch {
      return undefined;
    }
  },
  list(path) {
    try {
      return fs.readdirSync(path);
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      return fs.realpathSync(path);
    } catch {
      return undefined;
    }
  },
};

/** A host whose open documents (by path) shadow the disk. */
export function overlayHost(base: FileHost, open: ReadonlyMap<string, string>): FileHost {
  return {
    read: (p) => open.get(p) ?? base.read(p),
    stat: (p) => {
      const t = open.get(p);
      return t !== undefined ? { isFile: true, isDirectory: false, size: t.length } : base.stat(p);
    },
    list: (p) => base.list(p),
    realpath: (p) => (open.has(p) ? p : base.realpath(p)),
  };
}

/** Files held in memory (tests, the CLI's stdin, a single document): folders are implied by the paths. */
export function memoryHost(files: ReadonlyMap<string, string>): FileHost {
  const dirs = new Map<string, Set<string>>();
  for (const f of files.keys()) {
    let child = f;
    for (let dir = path.dirname(f); ; dir = path.dirname(dir)) {
      const set = dirs.get(dir) ?? new Set<string>();
      set.add(path.basename(child));
      dirs.set(dir, set);
      if (dir === path.dirname(dir)) break;
      child = dir;
    }
  }
  return {
    read: (p) => files.get(p),
    stat: (p) => {
      const t = files.get(p);
      if (t !== undefined) return { isFile: true, isDirectory: false, size: t.length };
      return dirs.has(p) ? { isFile: false, isDirectory: true, size: 0 } : undefined;
    },
    list: (p) => (dirs.has(p) ? [...(dirs.get(p) as Set<string>)] : undefined),
    realpath: (p) => (files.has(p) || dirs.has(p) ? p : undefined),
  };
}

/** A host that remembers the disk's answers for a while, and forgets them all on demand. */
export interface RememberingHost extends FileHost {
  forget(): void;
}

/**
 * Remembers what `base` answered for `ttlMs`. A keystroke in one file of a large include tree rebuilds the tree,
 * and asking the disk again about every included file (its text, its size, its real path) on each one was most
 * of the editor's work. Watched-file events make the server forget at once; a change the editor does not report
 * (an include outside the workspace, `proxy_params`) is seen at most `ttlMs` later.
 */
export function rememberingHost(base: FileHost, ttlMs: number, now: () => number = () => performance.now()): RememberingHost {
  const remembering = <T>(get: (p: string) => T): { ask: (p: string) => T; forget: () => void } => {
    const answers = new Map<string, { at: number; value: T }>();
    const ask = (p: string): T => {
      const t = now();
      const hit = answers.get(p);
      if (hit && t - hit.at < ttlMs) return hit.value;
      const value = get(p);
      answers.set(p, { at: t, value });
      return value;
    };
    return { ask, forget: () => answers.clear() };
  };
  const read = remembering((p) => base.read(p));
  const stat = remembering((p) => base.stat(p));
  const list = remembering((p) => base.list(p));
  const realpath = remembering((p) => base.realpath(p));
  return {
    read: read.ask,
    stat: stat.ask,
    list: list.ask,
    realpath: realpath.ask,
    forget: () => [read, stat, list, realpath].forEach((r) => r.forget()),
  };
}
