import * as fs from 'node:fs';
import { decodeConfig, encodeConfig, type ConfigEncoding } from '../format/bytes';
import { formatText } from '../format/format';
import { unifiedDiff } from '../format/unifiedDiff';
import type { FmtOptions } from './args';
import { cannotRead, collectFiles, displayPath, InputError, writeFileAtomic } from './files';

export interface FmtIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** What `fmt -` reads; standard input when absent. */
  stdin?: () => Buffer;
  /** Where `fmt -` writes its bytes; `stdout` (as UTF-8) when absent. */
  stdoutBytes?: (b: Buffer) => void;
}

/**
 * `nginx-ws fmt`: formats files in place, or with `--check` prints what would change as a unified diff. Returns
 * the exit status: 0 when every file is (now) formatted, 1 when `--check` found a change or a file could not be
 * formatted (a syntax error: it is left as it is). Throws InputError for a path it cannot read (the caller exits 2).
 */
export function runFmt(o: FmtOptions, io: FmtIo): number {
  if (o.paths[0] === '-') return formatStdin(o, io);
  const dangling: string[] = [];
  const files = collectFiles(o.paths, io.cwd, dangling);
  const show = (p: string): string => displayPath(p, io.cwd);
  for (const p of dangling) io.stderr(`nginx-ws: cannot read ${show(p)}: dangling link\n`);
  if (files.length === 0) throw new InputError(`no nginx configuration files in ${o.paths.join(' ')}`);

  // Every file is read before any is written: an unreadable one stops the run with nothing changed.
  const inputs: { p: string; text: string; encoding: ConfigEncoding }[] = [];
  for (const p of files) {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(p);
    } catch (err) {
      throw cannotRead(show(p), err);
    }
    inputs.push({ p, ...decodeConfig(buf) });
  }

  let status = dangling.length > 0 ? 1 : 0;
  for (const { p, text, encoding } of inputs) {
    const r = formatText(text, { indent: o.indent });
    if (r.kind === 'syntax-error') {
      const at = r.issue.range.start;
      io.stderr(`${show(p)}:${at.line + 1}:${at.character + 1}: not formatted, syntax error: ${r.issue.message}\n`);
      status = 1;
      continue;
    }
    if (r.kind === 'unsafe') {
      io.stderr(`${show(p)}: not formatted: ${r.reason} (a bug in nginx-ws; the file is unchanged)\n`);
      status = 1;
      continue;
    }
    if (r.text === text) continue;
    if (o.check) {
      io.stdout(unifiedDiff(show(p), text, r.text));
      status = 1;
      continue;
    }
    try {
      writeFileAtomic(p, encodeConfig(r.text, encoding));
    } catch (err) {
      throw new InputError(`cannot write ${show(p)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    io.stdout(`formatted ${show(p)}\n`);
  }
  return status;
}

/**
 * `fmt -`, for editors that format through a pipe: the formatted text on stdout (with `--check`, the diff).
 * A text with a syntax error comes back unchanged, with the error on stderr and status 1.
 */
function formatStdin(o: FmtOptions, io: FmtIo): number {
  let buf: Buffer;
  try {
    buf = (io.stdin ?? (() => fs.readFileSync(0)))();
  } catch (err) {
    throw cannotRead('standard input', err);
  }
  const { text, encoding } = decodeConfig(buf);
  const r = formatText(text, { indent: o.indent });
  const write = io.stdoutBytes ?? ((b: Buffer) => io.stdout(b.toString(encoding)));
  if (r.kind !== 'formatted') {
    if (r.kind === 'syntax-error') {
      const at = r.issue.range.start;
      io.stderr(`<stdin>:${at.line + 1}:${at.character + 1}: not formatted, syntax error: ${r.issue.message}\n`);
    } else io.stderr(`<stdin>: not formatted: ${r.reason} (a bug in nginx-ws; the text is unchanged)\n`);
    if (!o.check) write(buf);
    return 1;
  }
  if (o.check) {
    io.stdout(unifiedDiff('<stdin>', text, r.text));
    return r.text === text ? 0 : 1;
  }
  write(encodeConfig(r.text, encoding));
  return 0;
}
