import { ngxAtoi } from '../analysis/nginxUrl';
import type { Directive } from '../parser/ast';
import { effective } from '../workspace/effective';
import { directivesNamed, type ConfigTree, type FileInstance } from '../workspace/graph';
import { scopeContext, scopeOf, type Placed, type Scope } from '../workspace/scope';
import { fileMemo, treeMemo } from '../workspace/treeMemo';
import { handlerRange } from './handlerSupport';
import { httpServers } from './serverBlocks';
import type { Rule } from './types';

/** The memory page of the x86-64 and arm64 Linux machines nginx runs on: the default buffer size. */
const PAGE = 4096;
const PREFIXES = ['proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;
const SETTINGS = ['buffer_size', 'buffers', 'busy_buffers_size', 'temp_file_write_size', 'max_temp_file_size'] as const;
const MERGED: ReadonlySet<string> = new Set(['server', 'location', 'if-location', 'limit_except']);

/** `ngx_parse_size`, or undefined. */
function size(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^(\d+)([kKmM]?)$/.exec(text);
  if (!m) return undefined;
  const scale = m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024;
  return Number(m[1]) * scale;
}

interface Setting {
  at?: Placed;
  value?: number;
  /** `X_buffers`: the number of buffers. */
  num?: number;
  bad: boolean;
}

function setting(scope: Scope, name: string): Setting {
  const e = effective(scope, name).directives;
  const at = e[e.length - 1];
  if (!at) return { bad: false };
  const args = at.directive.args;
  if (name.endsWith('_buffers')) {
    const num = ngxAtoi(args[0]?.value ?? '');
    const value = size(args[1]?.value);
    return { at, num, value, bad: num < 0 || value === undefined || args.length !== 2 };
  }
  const value = size(args[0]?.value);
  return { at, value, bad: value === undefined || args.length !== 1 };
}

/** The first relation `ngx_http_proxy_merge_loc_conf` (and its fastcgi, uwsgi, scgi twins) fails at a level, and the directive to blame. */
function mergeError(scope: Scope, prefix: string): { message: string; at: Placed } | undefined {
  const [bufSize, bufs, busy, tempWrite, maxTemp] = SETTINGS.map((s) => setting(scope, `${prefix}_${s}`));
  if ([bufSize, bufs, busy, tempWrite, maxTemp].some((s) => s.bad)) return undefined;
  const num = bufs.num ?? 8;
  const each = bufs.value ?? PAGE;
  if (num < 2) return bufs.at && { message: `there must be at least 2 "${prefix}_buffers"`, at: bufs.at };
  const largest = Math.max(bufSize.value ?? PAGE, each);
  const maxOf = `the maximum of the value of "${prefix}_buffer_size" and one of the "${prefix}_buffers"`;
  const busyValue = busy.value ?? 2 * largest;
  if (busyValue < largest) return busy.at && { message: `"${prefix}_busy_buffers_size" must be equal to or greater than ${maxOf}`, at: busy.at };
  if (busyValue > (num - 1) * each) {
    const blame = busy.at ?? bufs.at ?? bufSize.at;
    return blame && { message: `"${prefix}_busy_buffers_size" must be less than the size of all "${prefix}_buffers" minus one buffer`, at: blame };
  }
  if ((tempWrite.value ?? 2 * largest) < largest) {
    return tempWrite.at && { message: `"${prefix}_temp_file_write_size" must be equal to or greater than ${maxOf}`, at: tempWrite.at };
  }
  const maxTempValue = maxTemp.value ?? 1024 * 1024 * 1024;
  if (maxTempValue !== 0 && maxTempValue < largest) {
    return maxTemp.at && { message: `"${prefix}_max_temp_file_size" must be equal to zero to disable temporary files usage or must be equal to or greater than ${maxOf}`, at: maxTemp.at };
  }
  return undefined;
}

/** The modules whose buffer settings the file writes: kept while it is unchanged, as the tree is rebuilt on each edit. */
function prefixesIn(i: FileInstance): readonly string[] {
  return fileMemo(i, 'invalid-buffer-sizes:prefixes', () => PREFIXES.filter((p) => SETTINGS.some((s) => directivesNamed(i, `${p}_${s}`).length > 0)));
}

/** Every failing relation of the tree, by the directive to blame: nginx checks them when it merges each server and location. */
function treeErrors(tree: ConfigTree): ReadonlyMap<Directive, string> {
  return treeMemo(tree, 'invalid-buffer-sizes', () => {
    const out = new Map<Directive, string>();
    // With none of a module's settings anywhere, its defaults hold everywhere, and they agree.
    const used = PREFIXES.filter((p) => tree.instances.some((i) => prefixesIn(i).includes(p)));
    if (used.length === 0) return out;
    const names = used.flatMap((p) => SETTINGS.map((s) => `${p}_${s}`));
    const levels: Scope[] = [...httpServers(tree)];
    for (const instance of tree.instances) {
      for (const name of names) {
        for (const d of directivesNamed(instance, name)) {
          const scope = scopeOf(d, instance);
          const context = scopeContext(scope);
          if (context && MERGED.has(context) && scope.block) levels.push(scope);
        }
      }
    }
    const seen = new Set<Directive>();
    for (const level of levels) {
      if (!level.block || seen.has(level.block)) continue;
      seen.add(level.block);
      for (const prefix of used) {
        const e = mergeError(level, prefix);
        if (e && !out.has(e.at.directive)) out.set(e.at.directive, e.message);
      }
    }
    return out;
  });
}

export const invalidBufferSizes: Rule = {
  id: 'invalid-buffer-sizes',
  defaultSeverity: 'error',
  docs: {
    summary: '`proxy_buffer_size`, `proxy_buffers` and `proxy_busy_buffers_size` (or their fastcgi, uwsgi, scgi twins) in a relation nginx refuses.',
    why:
      'When nginx merges the settings of each server and location it checks the proxy buffers against each other: at least 2 `proxy_buffers`; `proxy_busy_buffers_size` (by default twice the larger of `proxy_buffer_size` and one buffer) at least that larger size and at most all buffers but one; `proxy_temp_file_write_size` and `proxy_max_temp_file_size` (unless 0) at least that size. The classic case is raising `proxy_buffer_size` alone for large headers: `proxy_buffer_size 16k;` makes the default busy size 32k, more than the 7 × 4k of the default `proxy_buffers 8 4k`, and `nginx -t` fails. nginx names the line where the http block ends; nginx-ws points at the setting to change.',
    fix: 'Raise `proxy_buffers` with `proxy_buffer_size` (e.g. `proxy_buffer_size 16k; proxy_buffers 8 16k;`), or set `proxy_busy_buffers_size` within the limits.',
    example: 'server {\n    location / {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_buffer_size 16k;\n    }\n}',
    evidence:
      "A tree in which at least one `proxy_`, `fastcgi_`, `uwsgi_` or `scgi_` buffer setting (`*_buffer_size`, `*_buffers`, `*_busy_buffers_size`, `*_temp_file_write_size`, `*_max_temp_file_size`) is written. Each server, and each block that writes one of them, is then checked with the values in force there (written, inherited, or nginx's defaults for a 4k page), in nginx's order: at least 2 buffers; the busy size at least the larger of the buffer size and one buffer, and at most all buffers but one; the temp file write size at least that larger size; the max temp file size 0 or at least that size. The first relation that fails is reported on the directive to change, in the file that holds it.",
    quiet:
      '- Modules with none of these settings written anywhere: their defaults agree.\n- A level where any of the values is one nginx-ws cannot read ([invalid-value](#invalid-value) reports it).\n- A relation that fails only through defaults, with no written directive to blame.',
  },
  check(ctx) {
    const errors = treeErrors(ctx.instance.tree);
    if (errors.size === 0) return;
    for (const prefix of PREFIXES) {
      for (const s of SETTINGS) {
        for (const d of directivesNamed(ctx.instance, `${prefix}_${s}`)) {
          const message = errors.get(d);
          if (message) ctx.report({ range: handlerRange(d), message });
        }
      }
    }
  },
};
