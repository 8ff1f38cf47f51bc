/**
 * The files in the output of `nginx -T`: nginx prints, for each file it read (once each, in the order it opened
 * them, so the main config first), a line `# configuration file PATH:`, the file's bytes as they are, and a line
 * feed. Anything before the first such line (nginx's "syntax is ok" lines, when stderr was piped too) is not a file.
 */
export interface ConfigDump {
  /** Path to text, in nginx's order. */
  files: Map<string, string>;
  main: string;
}

/** nginx prints the full path; requiring one keeps a comment that merely looks like a header inside its file. */
const HEADER = /^# configuration file ((?:\/|[A-Za-z]:[\\/]).*):\r?$/gm;

export function parseDump(text: string): ConfigDump | undefined {
  const heads: { path: string; start: number; bodyStart: number }[] = [];
  for (const m of text.matchAll(HEADER)) {
    const nl = text.indexOf('\n', m.index);
    heads.push({ path: m[1], start: m.index, bodyStart: nl === -1 ? text.length : nl + 1 });
  }
  if (heads.length === 0) return undefined;
  const files = new Map<string, string>();
  heads.forEach((h, i) => {
    const end = i + 1 < heads.length ? heads[i + 1].start : text.length;
    let body = text.slice(h.bodyStart, end);
    // The line break nginx adds after each file (CRLF where its header line has one: nginx on Windows).
    const crlf = text.charCodeAt(h.bodyStart - 2) === 13;
    if (crlf && body.endsWith('\r\n')) body = body.slice(0, -2);
    else if (body.endsWith('\n')) body = body.slice(0, -1);
    if (!files.has(h.path)) files.set(h.path, body);
  });
  return { files, main: heads[0].path };
}
