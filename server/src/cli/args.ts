// Command-line parsing for `nginx-ws`. Pure: argv in, a command or one usage error out.
import { NGINX_VERSION_RE } from '../service/settings';
import { parseNginxTime } from '../rules/nginxTime';
import { splitOption } from './option';
import { parseExplain, type ExplainOptions } from './explainArgs';
import { parseProbe, type ProbeCliOptions } from './probe';

export type Format = 'text' | 'json' | 'sarif';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
export const LEVELS = ['off', 'error', 'warning', 'information', 'hint'] as const;
export type Level = (typeof LEVELS)[number];

export interface CheckOptions {
  format: Format;
  fix: boolean;
  nginxVersion?: string;
  heartbeat?: number;
  /** In the order given; a later `--rule` for the same id wins. */
  rules: [string, Level][];
  websocketPaths: string[];
  /** Globs of files to read as templates, as the `nginxWs.templates` setting. */
  templates?: string[];
  prefix?: string;
  /** Main configs that may include the files checked, besides the nginx.conf found beside or above them. */
  mains: string[];
  paths: string[];
  /** Check the files in this output of `nginx -T` (`-`: standard input) instead of PATHs. */
  dump?: string;
}

export interface FmtOptions {
  /** Print a diff and exit 1 when a file would change, instead of writing it. */
  check: boolean;
  /** One level of indentation: spaces or a tab. */
  indent: string;
  paths: string[];
}

export interface InitOptions {
  /** Replace an existing `.nginx-ws.json`. */
  force: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'rules' }
  | { kind: 'lsp'; args: string[] }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'probe'; options: ProbeCliOptions }
  | { kind: 'fmt'; options: FmtOptions }
  | { kind: 'explain'; options: ExplainOptions }
  | { kind: 'init'; options: InitOptions }
  | { kind: 'usage-error'; message: string };


function usage(message: string, hint = 'see nginx-ws --help'): Command {
  return { kind: 'usage-error', message: `${message} (${hint})` };
}

/** `argv` without node and the script: `['check', '--format', 'json', 'conf/']`. */
export function parseArgs(argv: readonly string[], knownRules?: ReadonlySet<string>): Command {
  const [first, ...rest] = argv;
  if (first === undefined) return usage('no command given');
  if (first === '--help' || first === '-h' || first === 'help') return { kind: 'help' };
  if (first === '--version' || first === '-v' || first === '-V') return { kind: 'version' };
  if (first === 'rules') return rest.length === 0 ? { kind: 'rules' } : usage(`unexpected argument ${rest[0]} after rules`);
  if (first === 'lsp') return { kind: 'lsp', args: rest };
  if (first === 'check') return parseCheck(rest, knownRules);
  if (first === 'probe') return parseProbe(rest);
  if (first === 'fmt') return parseFmt(rest);
  if (first === 'explain') return parseExplain(rest);
  if (first === 'init') return parseInit(rest);
  if (first.startsWith('-')) return usage(`unknown option ${first}`);
  return usage(`unknown command ${first}`);
}

function parseCheck(argv: readonly string[], knownRules: ReadonlySet<string> | undefined): Command {
  const o: CheckOptions = { format: 'text', fix: false, rules: [], websocketPaths: [], mains: [], paths: [] };
  let i = 0;
  let error: string | undefined;

  /** The option's value: `--name=value` or the next word. */
  const valueOf = (name: string, inline: string | undefined): string | undefined => {
    if (inline !== undefined) return inline;
    const v = argv[++i];
    if (v === undefined) error = `${name} needs a value`;
    return v;
  };

  for (; i < argv.length && error === undefined; i++) {
    const arg = argv[i];
    if (arg === '--') {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('-') || arg === '-') {
      o.paths.push(arg);
      continue;
    }
    const { name, inline } = splitOption(arg);
    switch (name) {
      case '--fix':
        if (inline !== undefined) return usage('--fix takes no value');
        o.fix = true;
        break;
      case '--format':
      case '-f': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        if (!(FORMATS as readonly string[]).includes(v)) return usage(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(v)}`);
        o.format = v as Format;
        break;
      }
      case '--nginx-version': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        if (!NGINX_VERSION_RE.test(v)) return usage(`--nginx-version must look like 1.25 or 1.25.3, not ${JSON.stringify(v)}`);
        o.nginxVersion = v;
        break;
      }
      case '--heartbeat': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        // Seconds as a number (`2.5`), or nginx's time syntax, as in the config it is compared with (`10s`, `1m30s`, `500ms`).
        const ms = /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) * 1000 : parseNginxTime(v.trim());
        const n = ms === undefined ? NaN : ms / 1000;
        if (v.trim() === '' || !Number.isFinite(n) || n <= 0) {
          return usage(`--heartbeat must be a positive time, in seconds (30) or nginx's syntax (30s, 1m), not ${JSON.stringify(v)}`);
        }
        o.heartbeat = n;
        break;
      }
      case '--rule': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        const at = v.lastIndexOf('=');
        const id = at === -1 ? '' : v.slice(0, at);
        const level = at === -1 ? '' : v.slice(at + 1);
        if (!id || !(LEVELS as readonly string[]).includes(level)) {
          return usage(`--rule takes RULE=LEVEL with LEVEL one of ${LEVELS.join(', ')}, not ${JSON.stringify(v)}`);
        }
        if (knownRules && !knownRules.has(id)) return usage(`unknown rule ${JSON.stringify(id)}`, 'nginx-ws rules lists them');
        o.rules.push([id, level as Level]);
        break;
      }
      case '--websocket-path': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        try {
          new RegExp(v);
        } catch {
          return usage(`--websocket-path must be a regular expression, not ${JSON.stringify(v)}`);
        }
        o.websocketPaths.push(v);
        break;
      }
      case '--template': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        if (v.trim() === '') return usage('--template needs a glob, such as deploy/*.conf');
        (o.templates ??= []).push(v);
        break;
      }
      case '--main': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        if (v === '') return usage('--main needs a file');
        o.mains.push(v);
        break;
      }
      case '--dump': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        if (v === '') return usage('--dump needs a file, or - for standard input');
        o.dump = v;
        break;
      }
      case '--prefix': {
        const v = valueOf(name, inline);
        if (v === undefined) break;
        if (v === '') return usage('--prefix needs a folder');
        o.prefix = v;
        break;
      }
      default:
        return usage(`unknown option ${name}`);
    }
  }
  if (error !== undefined) return usage(error);
  if (o.dump !== undefined) {
    if (o.paths.length > 0) return usage('--dump reads the files from the output of nginx -T: give no PATH with it');
    if (o.fix) return usage('--fix cannot change the files of a --dump');
    if (o.mains.length > 0) return usage('--dump names its main config itself (the first file): give no --main with it');
    return { kind: 'check', options: o };
  }
  if (o.paths.length === 0) return usage('check needs at least one PATH (a file or a folder)');
  return { kind: 'check', options: o };
}

function parseFmt(argv: readonly string[]): Command {
  const o: FmtOptions = { check: false, indent: '    ', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('-') || arg === '-') {
      o.paths.push(arg);
      continue;
    }
    const { name, inline } = splitOption(arg);
    if (name === '--check') {
      if (inline !== undefined) return usage('--check takes no value');
      o.check = true;
    } else if (name === '--indent') {
      const v = inline ?? argv[++i];
      if (v === undefined) return usage('--indent needs a value');
      if (v === 'tab') o.indent = '\t';
      else if (/^[1-8]$/.test(v)) o.indent = ' '.repeat(Number(v));
      else return usage(`--indent must be a number of spaces from 1 to 8, or tab, not ${JSON.stringify(v)}`);
    } else return usage(`unknown option ${name}`);
  }
  if (o.paths.length === 0) return usage('fmt needs at least one PATH (a file or a folder, or - for standard input)');
  if (o.paths.includes('-') && o.paths.length > 1) return usage('fmt - reads standard input alone: give no other PATH with it');
  return { kind: 'fmt', options: o };
}

function parseInit(argv: readonly string[]): Command {
  const o: InitOptions = { force: false };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--force') o.force = true;
    else if (arg.startsWith('-')) return usage(`unknown option ${arg.split('=')[0]}`);
    else return usage(`init writes .nginx-ws.json in the current folder and takes no PATH, got ${arg}`);
  }
  return { kind: 'init', options: o };
}

/** The CLI's options as the settings object the editor would send, for `resolveSettings`. */
export function settingsInput(o: CheckOptions): Record<string, unknown> {
  const input: Record<string, unknown> = { rules: Object.fromEntries(o.rules), websocketPaths: o.websocketPaths };
  if (o.nginxVersion !== undefined) input.nginxVersion = o.nginxVersion;
  if (o.heartbeat !== undefined) input.heartbeatInterval = o.heartbeat;
  if (o.prefix !== undefined) input.prefix = o.prefix;
  if (o.templates !== undefined) input.templates = o.templates;
  return input;
}
