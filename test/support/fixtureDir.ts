import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made = new Set<string>();
// Every test file runs in its own process: what it made goes with it, whether or not the test removed it.
process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Writes files (relative path → text; a value `{ link: target }` makes a symlink) into a fresh temporary folder,
 * removed when the process exits (or earlier by the caller).
 */
export function fixtureDir(files: Record<string, string | { link: string }>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-fx-'));
  made.add(dir);
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(p, content);
    else fs.symlinkSync(content.link, p);
  }
  return dir;
}
