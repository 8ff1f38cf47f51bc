import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The version in nginx-ws's package.json, found by walking up from this module: out/cli.js and out/server.js
 * sit one level below it, the sources three. Reading it at run time keeps it out of the type-checked sources.
 */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  cached = '0.0.0';
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'nginx-ws' && 'version' in pkg) {
        cached = String(pkg.version);
        break;
      }
    } catch {
      // No package.json here, or not ours: keep walking up.
    }
    dir = path.dirname(dir);
  }
  return cached;
}
