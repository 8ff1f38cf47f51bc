import type { Directive } from '../parser/ast';
import { effective, type Effective } from '../workspace/effective';
import type { FileInstance } from '../workspace/graph';
import type { Scope } from '../workspace/scope';
import { sourceText } from './source';

/** Units in nginx's order, largest first, with their length in seconds (`M` is 30 days, `y` 365). */
const UNITS: [string, number][] = [
  ['y', 365 * 86400],
  ['M', 30 * 86400],
  ['w', 7 * 86400],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * Parses a time the way nginx's ngx_parse_time does and returns milliseconds, or undefined where nginx says
 * "invalid value". Parts must come largest unit first (`1h30m`, `1h 30m`); a trailing bare number is seconds
 * (`1h30` is 1h30s). `kind: 'msec'` is for directives stored in milliseconds (all proxy_*_timeout): there `ms`
 * is allowed and `y`/`M` are not.
 */
export function parseNginxTime(text: string, kind: 'msec' | 'sec' = 'msec'): number | undefined {
  const isSec = kind === 'sec';
  // Steps: 0 start, 1 y, 2 M, 3 w, 4 d, 5 h, 6 m, 7 s, 8 ms, 9 after a bare number and a space.
  let step = isSec ? 0 : 2;
  let value = 0;
  let total = 0;
  let valid = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i++];
    if (ch >= '0' && ch <= '9') {
      value = value * 10 + Number(ch);
      valid = true;
      continue;
    }
    let next: number;
    let seconds: number;
    if (ch === 'm' && text[i] === 's') {
      if (isSec || step >= 8) return undefined;
      i++;
      total += value;
      value = 0;
      step = 8;
      while (text[i] === ' ') i++;
      continue;
    }
    if (ch === ' ') {
      if (step >= 7) return undefined;
      next = 9;
      seconds = 1;
    } else {
      const u = UNITS.findIndex(([name]) => name === ch);
      if (u < 0) return undefined;
      next = u + 1;
      seconds = UNITS[u][1];
      if (next === 1 ? step > 0 : step >= next) return undefined;
    }
    step = next;
    total += value * seconds * (isSec ? 1 : 1000);
    value = 0;
    while (text[i] === ' ') i++;
  }
  if (!valid) return undefined;
  total += value * (isSec ? 1 : 1000);
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Milliseconds for messages, as nginx's documentation writes defaults: `60s`, `500ms`. */
export function formatNginxTime(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** An effective time setting: its value in milliseconds, the directive that sets it (if any) and where it comes from. */
export interface EffectiveTime {
  ms: number;
  eff: Effective;
  directive?: Directive;
  instance?: FileInstance;
  /** For messages: `60s (nginx's default)`, `30s (inherited from server at line 9)`. */
  described: string;
}

/** The value nginx uses for a time directive in `scope`; undefined when the written value does not parse (nginx -t says so). */
export function effectiveTime(scope: Scope, name: string, defaultMs: number, from: FileInstance): EffectiveTime | undefined {
  const eff = effective(scope, name);
  const placed = eff.directives[0];
  if (!placed) return { ms: defaultMs, eff, described: `${formatNginxTime(defaultMs)} (nginx's default)` };
  const raw = placed.directive.args[0]?.value;
  const ms = raw === undefined ? undefined : parseNginxTime(raw);
  if (ms === undefined) return undefined;
  return { ms, eff, directive: placed.directive, instance: placed.instance, described: `${raw} (${sourceText(eff, from)})` };
}
