/**
 * nginx's `ngx_parse_url` (src/core/ngx_inet.c, as in 1.22), for the checks a config can be judged on without a
 * resolver: the address forms `unix:PATH`, `[IPv6]:PORT` and `HOST:PORT`, the port numbers, and where a URI part
 * starts. Host names are never resolved, so `host not found` is never an answer here.
 */
export interface NginxUrl {
  /** nginx's `u->err` (`invalid port`, `no host`, ...), when parsing fails. */
  err?: string;
  host: string;
  /** The port written, if any. */
  port?: number;
  /** The URI part, `/x` or `?a` (or after `unix:PATH:`), empty when there is none. */
  uri: string;
  unix: boolean;
}

export interface UrlOptions {
  /** `listen`: a bare number is a port, a port may be a range, and no URI part is allowed. */
  listen?: boolean;
  /** `proxy_pass`: a URI part may follow the address. */
  uriPart?: boolean;
}

/** `ngx_atoi`: decimal digits only, no sign; -1 for anything else or an overflow. */
export function ngxAtoi(s: string): number {
  if (s.length === 0 || !/^\d+$/.test(s)) return -1;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : -1;
}

const validPort = (n: number): boolean => n >= 1 && n <= 65535;

export function parseNginxUrl(url: string, opts: UrlOptions = {}): NginxUrl {
  if (url.length >= 5 && url.slice(0, 5).toLowerCase() === 'unix:') return parseUnix(url, opts);
  if (url.startsWith('[')) return parseInet6(url, opts);
  return parseInet(url, opts);
}

function parseUnix(url: string, opts: UrlOptions): NginxUrl {
  let path = url.slice(5);
  let uri = '';
  if (opts.uriPart) {
    const colon = path.indexOf(':');
    if (colon >= 0) {
      uri = path.slice(colon + 1);
      path = path.slice(0, colon);
    }
  }
  if (path.length === 0) return { err: 'no path in the unix domain socket', host: '', uri, unix: true };
  // sun_path holds 108 bytes with the terminating NUL.
  if (Buffer.byteLength(path) + 1 > 108) return { err: 'too long path in the unix domain socket', host: path, uri, unix: true };
  return { host: path, uri, unix: true };
}

/** The port text of a listen (`80`, or `8000-8010`), or of any other address. */
function portOf(text: string, listen: boolean): { err?: string; port?: number } {
  let first = text;
  let last: number | undefined;
  const dash = listen ? text.indexOf('-') : -1;
  if (dash >= 0) {
    last = ngxAtoi(text.slice(dash + 1));
    if (!validPort(last)) return { err: 'invalid port' };
    first = text.slice(0, dash);
  }
  const n = ngxAtoi(first);
  if (!validPort(n)) return { err: 'invalid port' };
  if (last !== undefined && n > last) return { err: 'invalid port range' };
  return { port: n };
}

function parseInet6(url: string, opts: UrlOptions): NginxUrl {
  const close = url.indexOf(']');
  if (close < 0) return { err: 'invalid host', host: '', uri: '', unix: false };
  let last = url.length;
  let uri = '';
  const slash = url.indexOf('/', close + 1);
  if (slash >= 0) {
    if (opts.listen || !opts.uriPart) return { err: 'invalid host', host: '', uri: '', unix: false };
    uri = url.slice(slash);
    last = slash;
  }
  let port: number | undefined;
  if (close + 1 < last) {
    if (url[close + 1] !== ':') return { err: 'invalid host', host: '', uri, unix: false };
    const p = portOf(url.slice(close + 2, last), opts.listen === true);
    if (p.err) return { err: p.err, host: '', uri, unix: false };
    port = p.port;
  }
  const host = url.slice(1, close);
  if (host.length === 0) return { err: 'no host', host, uri, unix: false };
  if (!isIpv6(host)) return { err: 'invalid IPv6 address', host, uri, unix: false };
  return { host: `[${host}]`, port, uri, unix: false };
}

/** A loose `ngx_inet6_addr`: hex groups, at most one `::`, an optional dotted IPv4 tail. */
export function isIpv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g.includes('.')) {
      if (i !== groups.length - 1 || parseIpv4(g) === undefined) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

/** `ngx_inet_addr`: four decimal parts of at most 255, or undefined. */
export function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseInet(url: string, opts: UrlOptions): NginxUrl {
  let last = url.length;
  let colon = url.indexOf(':');
  let uriAt = url.indexOf('/');
  const args = url.indexOf('?');
  if (args >= 0 && (uriAt < 0 || args < uriAt)) uriAt = args;
  let uri = '';
  if (uriAt >= 0) {
    if (opts.listen || !opts.uriPart) return { err: 'invalid host', host: '', uri: '', unix: false };
    uri = url.slice(uriAt);
    last = uriAt;
    if (uriAt < colon) colon = -1;
  }
  let port: number | undefined;
  if (colon >= 0) {
    const p = portOf(url.slice(colon + 1, last), opts.listen === true);
    if (p.err) return { err: p.err, host: '', uri, unix: false };
    port = p.port;
    last = colon;
  } else if (uriAt < 0 && opts.listen) {
    // A listen of digits alone is a port (`listen 8080;`, `listen 8000-8010;`).
    const dash = url.indexOf('-');
    const head = dash >= 0 ? url.slice(0, dash) : url;
    const tail = dash >= 0 ? ngxAtoi(url.slice(dash + 1)) : undefined;
    if (tail === undefined || tail !== -1) {
      const n = ngxAtoi(head);
      if (n !== -1) {
        if (tail !== undefined && !validPort(tail)) return { err: 'invalid port', host: '', uri, unix: false };
        if (!validPort(n)) return { err: 'invalid port', host: '', uri, unix: false };
        if (tail !== undefined && n > tail) return { err: 'invalid port range', host: '', uri, unix: false };
        return { host: '*', port: n, uri, unix: false };
      }
    }
  }
  const host = url.slice(0, last);
  if (host.length === 0) return { err: 'no host', host, uri, unix: false };
  return { host, port, uri, unix: false };
}
