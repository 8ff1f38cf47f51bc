import * as path from 'node:path';
import type { FileHost } from './fileHost';

/** nginx treats an include path as a glob when it holds any of these. */
export function isGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** One path segment's pattern as a RegExp, with glob(3) rules: `*`, `?`, `[...]`, `[!...]`; a leading dot must match literally. */
function segmentRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        let body = seg.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else if (c === '\\' && i + 1 < seg.length) {
      re += '\\' + seg[++i];
    } else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

export interface GlobResult {
  paths: string[];
  /** Set when expansion stopped at the limit. */
  truncated: boolean;
}

/** Expands an absolute glob pattern the way glob(3) does for nginx: sorted byte-wise, hidden files only by an explicit dot. */
export function expandGlob(host: FileHost, pattern: string, limit: number): GlobResult {
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let current = [parts[0] === '' ? '/' : parts[0]];
  let truncated = false;
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i];
    const next: string[] = [];
    for (const dir of current) {
      if (!isGlob(seg)) {
        next.push(path.join(dir, seg));
        continue;
      }
      const re = segmentRegExp(seg);
      const names = host.list(dir) ?? [];
      for (const name of names) {
        if (name.startsWith('.') && !seg.startsWith('.')) continue;
        if (re.test(name)) next.push(path.join(dir, name));
        if (next.length > limit) {
          truncated = true;
          break;
        }
      }
      if (truncated) break;
    }
    current = next;
    if (truncated) break;
  }
  const paths = current.filter((p) => host.stat(p) !== undefined);
  paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { paths: paths.slice(0, limit), truncated };
}
