import { pathToFileURL } from 'node:url';

const uris = new Map<string, string>();

/** `file://` URI of a path; cached, since every finding and edit of a file asks for it. */
export function pathToUri(p: string): string {
  let u = uris.get(p);
  if (u === undefined) {
    u = pathToFileURL(p).href;
    if (uris.size > 50_000) uris.clear();
    uris.set(p, u);
  }
  return u;
}
