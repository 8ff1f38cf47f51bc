import * as path from 'node:path';
import type { Project } from '../service/project';
import { mayLinkFiles } from '../workspace/workspace';
import { findMainConfigs, readText } from './files';

/**
 * The files to check that form a tree of their own: no `include`, not a main config, and no main config beside or
 * above them. Each is analysed in a project of its own when its turn comes and let go after, so that checking a
 * thousand such files holds one file's tree at a time. Whether another file's tree reaches one is known only once
 * the other files' trees are built: `joinedOthers` takes those back.
 */
export function standaloneFiles(files: readonly string[], show: (p: string) => string, templateGlobs: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of files) {
    if (findMainConfigs(p).length > 0) continue;
    if (!mayLinkFiles(p, readText(p, show(p)).text, templateGlobs)) out.add(p);
  }
  return out;
}

/** The standalone files that a tree of `project` includes, or that a main config's folder holds (its project's files). */
export function joinedOthers(project: Project, alone: ReadonlySet<string>): string[] {
  const ws = project.workspace;
  const mainDirs = ws.getTrees().filter((t) => t.isMain).map((t) => path.dirname(t.rootPath) + path.sep);
  return [...alone].filter((p) => ws.instancesOf(p).length > 0 || mainDirs.some((d) => p.startsWith(d)));
}
