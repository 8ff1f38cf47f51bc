import type { Directive } from '../parser/ast';
import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

/** `ngx_hash_add_key` with NGX_HASH_WILDCARD_KEY: one `*`, as a whole first or last label, and no empty label. */
function wildcardOk(key: string): boolean {
  const stars = key.split('*').length - 1;
  if (stars > 1 || key.includes('..')) return false;
  if (key.length > 1 && key.startsWith('.')) return true;
  if (key.length > 2 && (key.startsWith('*.') || key.endsWith('.*'))) return true;
  return stars === 0;
}

function entryError(entry: Directive, hostnames: boolean): string | undefined {
  const key = entry.name;
  if (entry.args.length === 0 && (key === 'hostnames' || key === 'volatile')) return undefined;
  if (entry.args.length !== 1) return 'invalid number of the map parameters';
  if (!hostnames || key === 'default' || key === 'include' || key.startsWith('~')) return undefined;
  // A key `\*x` or `\~x` is literal: nginx strips the backslash before hashing.
  const literal = key.startsWith('\\') ? key.slice(1) : key;
  return wildcardOk(literal) ? undefined : `invalid hostname or wildcard "${key}"`;
}

export const invalidMap: Rule = {
  id: 'invalid-map',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `map` line that is not a key and a value, or, after `hostnames`, a wildcard nginx cannot hash.',
    why:
      'Each line of a `map` block is `key value`; only `hostnames` and `volatile` stand alone. A line with another number of words (often a value with a space that lacks quotes) stops `nginx -t` with `invalid number of the map parameters`. After `hostnames`, keys are host names whose wildcard must be a whole first or last label (`*.example.com`, `.example.com`, `www.example.*`): `*example.com` is `invalid hostname or wildcard "..."`.',
    fix: 'Quote a value with spaces; write the wildcard as `*.example.com`, or use a regular expression key (`~example\\.com$`).',
    example: 'map $http_host $site {\n    hostnames;\n    *example.com main;\n}',
    evidence:
      'A `map` block that reaches its handler, with a line (the first bad one is reported) that has other than one value, except `hostnames` and `volatile` alone; after `hostnames`, a key that is a wildcard nginx cannot hash (a `*` that is not a whole first or last label, two `*`, an empty label).',
    quiet:
      '- Before `hostnames`, and without it, any key.\n- After `hostnames`: `default`, `include`, regex keys (`~...`), and keys escaped with `\\`, whose backslash nginx strips.',
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['map'])) {
      let hostnames = false;
      for (const entry of d.block?.children ?? []) {
        if (entry.kind !== 'directive' || entry.block) continue;
        if (entry.name === 'hostnames' && entry.args.length === 0) hostnames = true;
        const message = entryError(entry, hostnames);
        if (!message) continue;
        ctx.report({ range: handlerRange(entry), message });
        break;
      }
    }
  },
};
