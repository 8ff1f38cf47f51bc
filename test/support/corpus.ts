import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir } from './paths';

/** Fails with one line naming what is missing, instead of a bare ENOENT deep inside a test. */
export function requireCorpus(rel: string): string {
  const p = path.join(corpusDir, rel);
  if (!fs.existsSync(p)) {
    throw new Error(`the conformance corpus is missing: ${p} (the shared/ folder beside the checkout holds it)`);
  }
  return p;
}
