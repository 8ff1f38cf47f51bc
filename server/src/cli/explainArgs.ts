// `nginx-ws explain FILE:LINE [options]`: parsed apart from check so that `explain` loads only what it needs.
import { NGINX_VERSION_RE } from '../service/settings';
import { splitOption } from './option';

export interface ExplainOptions {
  file: string;
  /** 1-based, as editors and nginx count. */
  line: number;
  nginxVersion?: string;
  prefix?: string;
  mains: string[];
}


export type ExplainCommand = { kind: 'explain'; options: ExplainOptions } | { kind: 'usage-error'; message: string };

const usage = (message: string): ExplainCommand => ({ kind: 'usage-error', message: `${message} (see nginx-ws --help)` });

export function parseExplain(argv: readonly string[]): ExplainCommand | { kind: 'help' } {
  const o: Omit<ExplainOptions, 'file' | 'line'> = { mains: [] };
  const targets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('-')) {
      targets.push(arg);
      continue;
    }
    const { name, inline } = splitOption(arg);
    const v = inline ?? argv[++i];
    if (name !== '--nginx-version' && name !== '--prefix' && name !== '--main') return usage(`unknown option ${name}`);
    if (v === undefined || v === '') return usage(`${name} needs a value`);
    if (name === '--nginx-version') {
      if (!NGINX_VERSION_RE.test(v)) return usage(`--nginx-version must look like 1.25 or 1.25.3, not ${JSON.stringify(v)}`);
      o.nginxVersion = v;
    } else if (name === '--prefix') o.prefix = v;
    else o.mains.push(v);
  }
  if (targets.length !== 1) return usage('explain takes one FILE:LINE, e.g. conf.d/chat.conf:12');
  const m = /^(.+):(\d+)$/.exec(targets[0]);
  if (!m || Number(m[2]) < 1) return usage(`explain takes FILE:LINE with a line number from 1, not ${JSON.stringify(targets[0])}`);
  return { kind: 'explain', options: { ...o, file: m[1], line: Number(m[2]) } };
}
