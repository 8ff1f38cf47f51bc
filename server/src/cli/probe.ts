// `nginx-ws probe URL`: one real WebSocket handshake against a running server, the upgraded connection
// watched for a while, and the likely cause of what went wrong, named by our rule ids.
import type { ProbeOptions, ProbeResult } from '../probe';
import { splitOption } from './option';

/** Just above nginx's 60 s default proxy_read_timeout, so that a connection it drops at 60 s is seen. */
export const DEFAULT_PROBE_TIMEOUT_SECONDS = 65;

export interface ProbeCliOptions {
  url: string;
  timeoutSeconds: number;
  json: boolean;
  /** wss:// with a certificate that is not trusted (self-signed): accept it. */
  insecure: boolean;
  /** Extra request headers, in the order given; a later one with the same name wins. */
  headers: [string, string][];
}

export type ProbeCommand = { kind: 'probe'; options: ProbeCliOptions } | { kind: 'usage-error'; message: string };

function usage(message: string): ProbeCommand {
  return { kind: 'usage-error', message: `${message} (see nginx-ws --help)` };
}

/** An HTTP header name: an RFC 9110 token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `argv` after `probe`. Pure. */
export function parseProbe(argv: readonly string[]): ProbeCommand | { kind: 'help' } {
  const o: ProbeCliOptions = { url: '', timeoutSeconds: DEFAULT_PROBE_TIMEOUT_SECONDS, json: false, insecure: false, headers: [] };
  const urls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      urls.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('-')) {
      urls.push(arg);
      continue;
    }
    const { name, inline } = splitOption(arg);
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--json':
      case '--insecure':
        if (inline !== undefined) return usage(`${name} takes no value`);
        if (name === '--json') o.json = true;
        else o.insecure = true;
        break;
      case '--timeout': {
        const v = value();
        if (v === undefined) return usage('--timeout needs a value');
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n) || n <= 0) return usage(`--timeout must be a positive number of seconds, not ${JSON.stringify(v)}`);
        o.timeoutSeconds = n;
        break;
      }
      case '--header':
      case '-H': {
        const v = value();
        if (v === undefined) return usage(`${name} needs a value`);
        const colon = v.indexOf(':');
        const header = colon === -1 ? '' : v.slice(0, colon).trim();
        const headerValue = colon === -1 ? '' : v.slice(colon + 1).trim();
        if (!TOKEN.test(header) || /[\r\n]/.test(headerValue)) return usage(`--header takes 'Name: value', not ${JSON.stringify(v)}`);
        o.headers.push([header, headerValue]);
        break;
      }
      default:
        return usage(`unknown option ${name}`);
    }
  }
  if (urls.length !== 1) return usage(urls.length === 0 ? 'probe needs a URL (ws://host/path or wss://host/path)' : `probe takes one URL, got ${urls.length}`);
  let url: URL;
  try {
    url = new URL(urls[0]!);
  } catch {
    return usage(`not a URL: ${JSON.stringify(urls[0])}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return usage(`probe needs a ws:// or wss:// URL, not ${url.protocol}//`);
  o.url = urls[0]!;
  return { kind: 'probe', options: o };
}

export interface ProbeIo {
  stdout(s: string): void;
  /** A terminal: the watch shows a countdown on one line, rewritten each second. */
  isTTY?: boolean;
}

/** The probe's options for these CLI options. */
export function probeOptions(o: ProbeCliOptions): ProbeOptions {
  const headers: Record<string, string> = {};
  for (const [name, value] of o.headers) {
    // Replace a standard header of the same name whatever its case: the request must not carry it twice.
    const standard = ['Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version'].find((h) => h.toLowerCase() === name.toLowerCase());
    headers[standard ?? name] = value;
  }
  return { timeoutMs: Math.round(o.timeoutSeconds * 1000), headers, ...(o.insecure ? { rejectUnauthorized: false } : {}) };
}

/** Runs the probe and prints it. Exit status: 0 for a 101 that stayed open for the whole watch, 1 otherwise. */
export async function runProbe(o: ProbeCliOptions, io: ProbeIo): Promise<number> {
  const { probe, formatProbe, formatHead } = await import('../probe');
  if (o.json) {
    const result: ProbeResult = await probe(o.url, probeOptions(o));
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }
  // The watch lasts a minute by default: what is known is shown at once, and a terminal sees the time left.
  let headShown = false;
  const countdown = io.isTTY ? new Countdown(io.stdout) : undefined;
  let result: ProbeResult;
  try {
    result = await probe(o.url, {
      ...probeOptions(o),
      onResponse: (head) => {
        headShown = true;
        io.stdout(`${formatHead(o.url, head)}\n`);
      },
      onWatch: (watchMs) => countdown?.start(watchMs),
    });
  } finally {
    countdown?.stop();
  }
  io.stdout(`${formatProbe(result, headShown)}\n`);
  return result.ok ? 0 : 1;
}

/** One line, `watching the connection: 42 s left`, rewritten in place each second; erased when it stops. */
class Countdown {
  private timer: NodeJS.Timeout | undefined;
  private width = 0;

  constructor(private readonly write: (s: string) => void) {}

  start(watchMs: number): void {
    const end = Date.now() + watchMs;
    const show = (): void => {
      const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      this.line(`watching the connection: ${left} s left (Ctrl-C stops)`);
    };
    show();
    this.timer = setInterval(show, 1000);
    this.timer.unref();
  }

  private line(text: string): void {
    this.write(`\r${text.padEnd(this.width)}`);
    this.width = text.length;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.width > 0) this.write(`\r${' '.repeat(this.width)}\r`);
    this.width = 0;
  }
}
