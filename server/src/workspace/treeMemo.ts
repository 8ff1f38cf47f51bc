import type { ConfigTree, FileInstance } from './graph';

const memos = new WeakMap<ConfigTree, Map<string, unknown>>();

/**
 * A value computed once per include tree: rules that look across the whole tree (every `server`, every WebSocket
 * location) would otherwise redo that scan for each of the tree's files. A tree is replaced whenever anything it
 * depends on changes (`Workspace.changed`), so the memo never outlives what it describes. `key` must name everything the value depends on besides the tree.
 */
export function treeMemo<T>(tree: ConfigTree, key: string, compute: () => T): T {
  let m = memos.get(tree);
  if (!m) memos.set(tree, (m = new Map()));
  if (!m.has(key)) m.set(key, compute());
  return m.get(key) as T;
}

const fileMemos = new WeakMap<object, Map<string, unknown>>();

/**
 * A value computed once per walk of a file (its parse in one context): what one file adds to a tree-wide scan. It
 * outlives rebuilds of the tree while the file is unchanged, so a keystroke in one of a thousand included files
 * rescans that one. `compute` may read the instance's own directives and their contexts, never its place in the tree.
 */
export function fileMemo<T>(instance: FileInstance, key: string, compute: () => T): T {
  let m = fileMemos.get(instance.named);
  if (!m) fileMemos.set(instance.named, (m = new Map()));
  if (!m.has(key)) m.set(key, compute());
  return m.get(key) as T;
}
