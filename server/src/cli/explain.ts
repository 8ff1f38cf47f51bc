import * as path from 'node:path';
import { effectiveConfigAt } from '../service/effectiveConfig';
import { effectiveText } from '../service/effectiveRender';
import { Project } from '../service/project';
import { resolveSettings } from '../service/settings';
import type { ExplainOptions } from './explainArgs';
import { displayPath, findMainConfigs, forgetMainConfigs, InputError, readText } from './files';

export interface ExplainIo {
  cwd: string;
  stdout: (s: string) => void;
}

/**
 * `nginx-ws explain FILE:LINE`: the effective configuration of the location or server around that line, read in
 * the tree of the main config that includes the file, as the editor's command shows it. Throws InputError (exit 2)
 * for an unreadable file or a line outside any location or server.
 */
export function runExplain(o: ExplainOptions, io: ExplainIo): number {
  forgetMainConfigs();
  const p = path.resolve(io.cwd, o.file);
  const { text } = readText(p, o.file);
  const project = new Project(undefined, o.prefix === undefined ? undefined : path.resolve(io.cwd, o.prefix));
  project.setText(p, text);
  for (const m of findMainConfigs(p)) project.addFile(m);
  for (const m of o.mains) {
    const main = path.resolve(io.cwd, m);
    readText(main, m);
    project.addFile(main);
  }
  const settings = resolveSettings({ nginxVersion: o.nginxVersion });
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (o.line > lines) throw new InputError(`${displayPath(p, io.cwd)} has ${lines} line${lines === 1 ? '' : 's'}, not ${o.line}`);
  const c = effectiveConfigAt(project.workspace, p, { line: o.line - 1, character: 0 }, settings);
  if ('error' in c) throw new InputError(c.error.replace(path.basename(p), displayPath(p, io.cwd)));
  io.stdout(effectiveText(c, io.cwd));
  return 0;
}
