import type { BlockContext } from './types';
import { RAW_HANDLERS } from './generated/handlers';

/**
 * The kind of a command's handler in nginx's source: one of the generic `ngx_conf_set_*_slot` functions, whose
 * checks nginx-ws repeats once per kind, or `custom` for a handler of the module's own.
 */
export type HandlerKind =
  | 'flag'
  | 'num'
  | 'size'
  | 'off'
  | 'msec'
  | 'sec'
  | 'str'
  | 'str_array'
  | 'keyval'
  | 'bufs'
  | 'enum'
  | 'bitmask'
  | 'path'
  | 'access'
  | 'complex'
  | 'complex_size'
  | 'custom';

/** A row of the generated table: [name, contexts, kind, field, words?, low?, high?] (see generated/handlers.ts). */
type RawHandler = readonly string[];

export interface HandlerSpec {
  kind: HandlerKind;
  /** The conf field a slot handler writes (`struct.member`); empty for custom handlers. */
  field: string;
  /** The words of an enum or bitmask slot, as nginx spells them (compared ignoring case). */
  words: readonly string[];
  /** Bounds of a num slot checked by `ngx_conf_check_num_bounds` (high -1: no upper bound). */
  bounds?: { low: number; high: number };
}

let byName: Map<string, RawHandler[]> | undefined;
const cache = new Map<BlockContext, Map<string, HandlerSpec | null>>();

function rows(name: string): readonly RawHandler[] {
  if (!byName) {
    byName = new Map();
    for (const line of RAW_HANDLERS.split('\n')) {
      const r = line.split('\t');
      const list = byName.get(r[0]);
      if (list) list.push(r);
      else byName.set(r[0], [r]);
    }
  }
  return byName.get(name) ?? [];
}

function specOf(r: RawHandler): HandlerSpec {
  const spec: HandlerSpec = { kind: r[2] as HandlerKind, field: r[3] ?? '', words: r[4] ? r[4].split(' ') : [] };
  if (r[5] !== undefined && r[6] !== undefined) spec.bounds = { low: Number(r[5]), high: Number(r[6]) };
  return spec;
}

/**
 * The handler nginx's own source gives `name` in `context`, or undefined when nginx has no such command there (a
 * third-party or NGINX Plus directive) or two commands of one name could both take it (then nginx-ws cannot tell).
 */
export function handlerOf(name: string, context: BlockContext): HandlerSpec | undefined {
  let inContext = cache.get(context);
  if (!inContext) cache.set(context, (inContext = new Map()));
  const hit = inContext.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const all = rows(name);
  const here = all.filter((r) => r[1].split(',').includes(context));
  const spec = here.length === 1 ? specOf(here[0]) : undefined;
  // Only names nginx has are remembered: unknown words must not grow the cache without bound.
  if (all.length > 0) inContext.set(name, spec ?? null);
  return spec;
}
