import type { Directive } from '../parser/ast';
import { handlerOf, type HandlerSpec } from '../reference/handlerTypes';
import type { BlockContext } from '../reference';
import { nginxAtoi, parseNginxOffset, parseNginxSize, parseNginxTime } from './nginxNumbers';

/**
 * What nginx's handler prints for a bad value of `d` standing in `context`, or undefined when the handler takes it
 * (or nginx-ws cannot tell). Generic slots come from nginx's source table; a few custom handlers that parse with
 * the same functions are written out below. Messages are nginx's: `"X" directive invalid value` where the handler
 * returns a string, the handler's own line where it logs one.
 */
export function invalidValue(d: Directive, context: BlockContext): string | undefined {
  const custom = CUSTOM.get(d.name)?.[context];
  let message: string | undefined;
  if (custom) message = custom(d);
  else {
    const h = handlerOf(d.name, context);
    message = h && slotError(d, h);
  }
  // Asked only of the rare refused value: nearly every directive is fine.
  return message !== undefined && d.args.some((a) => TEMPLATED.test(a.value)) ? undefined : message;
}

/**
 * A placeholder of a template language (`${web.ssl.protocols}`, `{{ .Values.port }}`): no nginx variable has a dot
 * or a space in its name, so the file is rendered before nginx reads it, and the value it gets is unknown.
 */
const TEMPLATED = /\$\{[^}]*[^\w}][^}]*\}|\{\{.*\}\}/;

const returned = (d: Directive, what: string): string => `"${d.name}" directive ${what}`;

function slotError(d: Directive, h: HandlerSpec): string | undefined {
  const args = d.args.map((a) => a.value);
  switch (h.kind) {
    case 'flag': {
      const v = args[0]?.toLowerCase();
      // directive-args reports what the reference marks on/off; this catches the rest nginx's source has.
      return v === 'on' || v === 'off' ? undefined : `invalid value "${args[0]}" in "${d.name}" directive, it must be "on" or "off"`;
    }
    case 'num': {
      const n = nginxAtoi(args[0] ?? '');
      if (n === undefined) return returned(d, 'invalid number');
      return h.bounds && boundsError(n, h.bounds);
    }
    case 'size':
      return parseNginxSize(args[0] ?? '') === undefined ? returned(d, 'invalid value') : undefined;
    case 'complex_size':
      return !hasVariable(args[0] ?? '') && parseNginxSize(args[0] ?? '') === undefined ? returned(d, 'invalid value') : undefined;
    case 'off':
      return parseNginxOffset(args[0] ?? '') === undefined ? returned(d, 'invalid value') : undefined;
    case 'msec':
    case 'sec':
      return parseNginxTime(args[0] ?? '', h.kind === 'sec') === undefined ? returned(d, 'invalid value') : undefined;
    case 'bufs': {
      const n = nginxAtoi(args[0] ?? '');
      const size = parseNginxSize(args[1] ?? '');
      return n === undefined || n === 0n || size === undefined || size === 0n ? returned(d, 'invalid value') : undefined;
    }
    case 'enum': {
      const v = args[0] ?? '';
      return h.words.some((w) => sameWord(w, v)) ? undefined : `invalid value "${v}"`;
    }
    case 'bitmask': {
      const bad = args.find((v) => !h.words.some((w) => sameWord(w, v)));
      return bad === undefined ? undefined : `invalid value "${bad}"`;
    }
    case 'access': {
      const bad = args.find((v) => !/^(user|group|all):(rw|r)$/.test(v));
      return bad === undefined ? undefined : `invalid value "${bad}"`;
    }
    default:
      return undefined;
  }
}

/** ngx_strcasecmp after an equal-length check: ASCII letters only fold. */
function sameWord(a: string, b: string): boolean {
  return a.length === b.length && a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function boundsError(n: bigint, b: { low: number; high: number }): string | undefined {
  if (b.high === -1) return n >= BigInt(b.low) ? undefined : `value must be equal to or greater than ${b.low}`;
  return n >= BigInt(b.low) && n <= BigInt(b.high) ? undefined : `value must be between ${b.low} and ${b.high}`;
}

/** nginx counts a `$` as a variable when it compiles a complex value: such a value is judged at request time. */
const hasVariable = (s: string): boolean => s.includes('$');

/** ngx_http_parse_expires, after `modified` has been taken off. */
function expiresError(d: Directive): string | undefined {
  const modified = d.args.length === 2;
  if (modified && d.args[0].value !== 'modified') return returned(d, 'invalid value');
  let v = d.args[d.args.length - 1].value;
  if (hasVariable(v)) return undefined;
  if (!modified && (v === 'epoch' || v === 'max' || v === 'off')) return undefined;
  const daily = v.startsWith('@');
  if (daily && modified) return returned(d, 'daily time cannot be used with "modified" parameter');
  if (daily || v.startsWith('+') || v.startsWith('-')) v = v.slice(1);
  const t = parseNginxTime(v, true);
  if (t === undefined) return returned(d, 'invalid value');
  if (daily && t > 86400n) return returned(d, 'daily time value must be less than 24 hours');
  return undefined;
}

type Check = (d: Directive) => string | undefined;

const keepaliveTimeout: Check = (d) =>
  parseNginxTime(d.args[0].value, false) === undefined || (d.args.length > 1 && parseNginxTime(d.args[1].value, true) === undefined)
    ? returned(d, 'invalid value')
    : undefined;

/** Custom handlers that parse their value the way the generic slots do, by name and context. */
const CUSTOM: ReadonlyMap<string, Partial<Record<BlockContext, Check>>> = new Map<string, Partial<Record<BlockContext, Check>>>([
  ['expires', { http: expiresError, server: expiresError, location: expiresError, 'if-location': expiresError }],
  [
    'keepalive',
    {
      upstream: (d) => {
        const n = nginxAtoi(d.args[0].value);
        return n === undefined || n === 0n ? `invalid value "${d.args[0].value}" in "${d.name}" directive` : undefined;
      },
    },
  ],
  ['keepalive_timeout', { http: keepaliveTimeout, server: keepaliveTimeout, location: keepaliveTimeout }],
  ['worker_connections', { events: (d) => (nginxAtoi(d.args[0].value) === undefined ? `invalid number "${d.args[0].value}"` : undefined) }],
  ['worker_processes', { main: (d) => (d.args[0].value !== 'auto' && nginxAtoi(d.args[0].value) === undefined ? returned(d, 'invalid value') : undefined) }],
]);
