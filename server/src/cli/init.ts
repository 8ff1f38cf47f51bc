// `nginx-ws init`: a `.nginx-ws.json` for the current folder, from what can be learnt without asking:
// the version of the nginx on PATH and the main configs in the folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nginxVersionOf, resolveBinary } from '../nginx/validate';
import { PROJECT_CONFIG_NAME } from '../service/projectConfig';
import type { InitOptions } from './args';
import { codeOf, collectFiles, InputError, looksLikeMain } from './files';

export interface InitIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
}

/** Writes the file; returns the exit status. Throws InputError when it exists (without --force) or cannot be written. */
export function runInit(o: InitOptions, io: InitIo): number {
  const target = path.join(io.cwd, PROJECT_CONFIG_NAME);
  if (!o.force && fs.existsSync(target)) throw new InputError(`${PROJECT_CONFIG_NAME} already exists here; nginx-ws init --force replaces it`);

  const content: Record<string, unknown> = {};
  const notes: string[] = [];
  const nginx = resolveBinary('nginx', io.env.PATH ?? '');
  const version = nginx.path === undefined ? undefined : nginxVersionOf(nginx.path);
  if (version?.version !== undefined) {
    content.nginxVersion = version.version;
    notes.push(`nginxVersion ${version.version} (from ${nginx.path} -v)`);
  } else {
    const why = nginx.path === undefined ? 'no nginx on PATH' : `${nginx.path} -v gave no version (${version?.error ?? '?'})`;
    notes.push(`no nginxVersion: ${why}; an unknown version counts as older than 1.29.7`);
  }

  const mains = mainConfigsIn(io.cwd);
  if (mains.length > 0) {
    content.main = mains.length === 1 ? mains[0] : mains;
    notes.push(`main ${mains.join(', ')}`);
  } else notes.push('no main config (a file with an events or http block) in this folder: add "main" when there is one');

  try {
    fs.writeFileSync(target, `${JSON.stringify(content, null, 2)}\n`);
  } catch (err) {
    throw new InputError(`cannot write ${PROJECT_CONFIG_NAME}: ${codeOf(err)}`);
  }
  io.stdout(`wrote ${PROJECT_CONFIG_NAME}: ${notes.join('; ')}\n`);
  return 0;
}

/** The main configs among the files `nginx-ws check .` would check, relative to `dir` with `/`. */
function mainConfigsIn(dir: string): string[] {
  let files: string[];
  try {
    files = collectFiles(['.'], dir);
  } catch {
    return []; // An unreadable subfolder: no guess rather than a failed init.
  }
  return files
    .filter((p) => looksLikeMain(p))
    .map((p) => path.relative(dir, p).split(path.sep).join('/'))
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function depth(rel: string): number {
  return rel.split('/').length;
}
