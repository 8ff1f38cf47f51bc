import type { ArgSpec } from './types';

/**
 * A row of the generated table: [name, module, contexts (the reference's words, comma-separated), isBlock,
 * args (encoded, see `decodeArgSpec`), onOff, plus (1: NGINX Plus only; a version: Plus only before it; 0),
 * syntax lines (Markdown), default].
 */
export type RawDirective = readonly [string, string, string, 0 | 1, string, 0 | 1, 0 | 1 | string, readonly string[], string];

/** A row of the generated variable table: [name without `$`, module]. */
export type RawVariable = readonly [string, string];

/** A compact spelling for the generated table: `any`, `flag`, `1+`, `2+`, or the allowed counts as digits (`12`). */
export function encodeArgSpec(a: ArgSpec): string {
  switch (a.kind) {
    case 'any':
    case 'flag':
      return a.kind;
    case 'more':
      return `${a.min}+`;
    case 'take':
      return a.counts.join('');
  }
}

export function decodeArgSpec(s: string): ArgSpec {
  if (s === 'any' || s === 'flag') return { kind: s };
  if (s === '1+' || s === '2+') return { kind: 'more', min: s === '1+' ? 1 : 2 };
  return { kind: 'take', counts: [...s].map(Number) };
}
