// What `nginx -t` and `nginx -v` print, read as data. Pure: no process, no file system.
//
// With `-e stderr`, nginx logs each message on one line, either through its error log
//   2026/11/21 06:05:28 [emerg] 23363#23363: unknown directive "proxy_passs" in /etc/nginx/conf.d/x.conf:4
// or, before the log is open, straight to stderr
//   nginx: [alert] could not open error log file: open() "/x.log" failed (2: No such file or directory)
// A message about a place in the config ends with ` in FILE:LINE` (FILE as nginx resolved it, absolute);
// others (`unknown "foo" variable`, `open() "/run/nginx.pid" failed`) name no place.

export type NginxLevel = 'emerg' | 'alert' | 'crit' | 'error' | 'warn' | 'notice' | 'info' | 'debug';

export interface NginxMessage {
  level: NginxLevel;
  severity: 'error' | 'warning' | 'information';
  /** The message without its ` in FILE:LINE` tail. */
  message: string;
  file?: string;
  /** 1-based, as nginx counts. */
  line?: number;
}

const LINE = /^(?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d |nginx: )\[(emerg|alert|crit|error|warn|notice|info|debug)\] (?:\d+#\d+: )?(?:\*\d+ )?(.*)$/;

function severityOf(level: NginxLevel): NginxMessage['severity'] {
  if (level === 'warn') return 'warning';
  if (level === 'notice' || level === 'info' || level === 'debug') return 'information';
  return 'error';
}

/**
 * Splits ` in FILE:LINE` off a message. nginx prints absolute file names, so the tail starts at ` in /`.
 * A message may itself contain ` in /` (it quotes the config's arguments: `open() "/a in /b" failed`), so
 * every ` in /` followed by the `FILE:LINE` shape is a candidate: the first whose file `isFile` knows (when
 * given), else the last, since nginx puts the place at the very end.
 */
function splitPlace(text: string, isFile?: (p: string) => boolean): Pick<NginxMessage, 'message' | 'file' | 'line'> {
  const candidates: { message: string; file: string; line: number }[] = [];
  for (let at = text.indexOf(' in /'); at >= 0; at = text.indexOf(' in /', at + 1)) {
    const m = /^(\/.*):(\d+)$/.exec(text.slice(at + 4));
    if (m?.[1] && m[2]) candidates.push({ message: text.slice(0, at), file: m[1], line: Number(m[2]) });
  }
  const chosen = (isFile && candidates.find((c) => isFile(c.file))) ?? candidates[candidates.length - 1];
  return chosen ?? { message: text };
}

/** Every log line of nginx's output, in order; other lines (`... test failed`, `syntax is ok`) are not messages. */
export function parseNginxOutput(output: string, isFile?: (p: string) => boolean): NginxMessage[] {
  const out: NginxMessage[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const m = LINE.exec(raw);
    if (!m?.[1] || m[2] === undefined) continue;
    const level = m[1] as NginxLevel;
    out.push({ level, severity: severityOf(level), ...splitPlace(m[2], isFile) });
  }
  return out;
}

/** `nginx version: nginx/1.22.1` (also freenginx/..., openresty/1.21.4.1 → 1.21.4) on stderr of `nginx -v`. */
export function parseNginxVersion(output: string): string | undefined {
  return /nginx version: [A-Za-z-]*\/(\d+\.\d+\.\d+)/.exec(output)?.[1];
}

/** Where a message goes: its own file and line, or the root config's first line when it names no place. */
export interface PlacedMessage {
  path: string;
  /** 0-based. */
  line: number;
  severity: NginxMessage['severity'];
  message: string;
}

export function placeMessages(messages: readonly NginxMessage[], rootPath: string): PlacedMessage[] {
  return messages.map((m) =>
    m.file !== undefined && m.line !== undefined && m.line >= 1
      ? { path: m.file, line: m.line - 1, severity: m.severity, message: m.message }
      : { path: rootPath, line: 0, severity: m.severity, message: m.message },
  );
}
