import { ALL_CONTEXTS, familyOf, mapContext } from './contextMap';
import { RAW_DIRECTIVES, RAW_VARIABLES } from './generated/stock';
import { EXTRA_DIRECTIVES, OVERRIDES } from './overrides';
import { PLUS_MODULES } from './plus';
import { decodeArgSpec, type RawDirective } from './raw';
import { thirdPartyRows, type ThirdPartyRow } from './thirdParty';
import type { ArgSpec, BlockContext, DirectiveSpec, ThirdPartyModule, VariableSpec } from './types';

/** The reference calls the core module's page "Core functionality". */
function moduleName(raw: string): string {
  return raw === 'Core functionality' ? 'ngx_core_module' : raw;
}

/** https://nginx.org/en/docs/<module path>.html#<name> */
export function docsUrl(module: string, anchor: string): string {
  const family = familyOf(module);
  const dir = family === 'core' ? '' : `${family}/`;
  return `https://nginx.org/en/docs/${dir}${module}.html#${anchor}`;
}

/**
 * The rows of every source, by name. Specs are built from them on first lookup of a name only: a file uses a few
 * dozen names, and building all ~1100 specs up front costs ~10 ms of a cold start.
 */
interface Rows {
  stock: Map<string, RawDirective[]>;
  extra: Map<string, (typeof EXTRA_DIRECTIVES)[number][]>;
  thirdParty: Map<string, ThirdPartyRow[]>;
}

let rows: Rows | undefined;
const specCache = new Map<string, readonly DirectiveSpec[]>();

function push<T>(m: Map<string, T[]>, key: string, value: T): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

function allRows(): Rows {
  if (rows) return rows;
  const r: Rows = { stock: new Map(), extra: new Map(), thirdParty: new Map() };
  for (const row of RAW_DIRECTIVES) push(r.stock, row[0], row);
  for (const row of EXTRA_DIRECTIVES) push(r.extra, row[0], row);
  for (const row of thirdPartyRows()) push(r.thirdParty, row.name, row);
  rows = r;
  return r;
}

function stockSpec(row: RawDirective): DirectiveSpec {
  const [name, rawModule, rawContexts, isBlock, args, onOff, plus, syntax, def] = row;
  const module = moduleName(rawModule);
  const family = familyOf(module);
  const contexts = new Set<BlockContext>();
  const otherContexts: string[] = [];
  for (const word of rawContexts === '' ? [''] : rawContexts.split(',')) {
    const mapped = mapContext(word, family);
    if (mapped) for (const c of mapped) contexts.add(c);
    else otherContexts.push(word);
  }
  const override = OVERRIDES[`${module}:${name}`];
  const moduleUntil = PLUS_MODULES.get(module);
  const plusOnly = plus === 1 || (PLUS_MODULES.has(module) && moduleUntil === undefined);
  const spec: DirectiveSpec = {
    name,
    module,
    contexts: override?.contexts ?? ALL_CONTEXTS.filter((c) => contexts.has(c)),
    otherContexts,
    block: isBlock === 1,
    args: override?.args ?? decodeArgSpec(args),
    onOff: override?.onOff ?? onOff === 1,
    origin: plusOnly ? 'plus' : 'nginx',
    syntax,
    default: def,
    url: docsUrl(module, name),
  };
  const until = typeof plus === 'string' ? plus : moduleUntil;
  if (until && !plusOnly) spec.plusUntil = until;
  return spec;
}

function specsOf(name: string): readonly DirectiveSpec[] {
  const cached = specCache.get(name);
  if (cached) return cached;
  const r = allRows();
  const out: DirectiveSpec[] = [];
  for (const row of r.stock.get(name) ?? []) out.push(stockSpec(row));
  for (const [, module, contexts, args, onOff] of r.extra.get(name) ?? []) {
    out.push({ name, module, contexts, otherContexts: [], block: false, args, onOff, origin: 'nginx', syntax: [], default: '', url: docsUrl(module, name) });
  }
  for (const row of r.thirdParty.get(name) ?? []) {
    out.push({
      name,
      module: row.module.name,
      contexts: row.contexts,
      otherContexts: [],
      block: row.block,
      args: row.args,
      onOff: row.args.kind === 'flag',
      origin: 'third-party',
      syntax: [],
      default: '',
      thirdParty: row.module,
      url: row.module.url,
    });
  }
  specCache.set(name, out);
  return out;
}

/** Every command named `name`, across modules (stock, NGINX Plus, third-party); empty when nginx-ws knows none. */
export function lookupDirective(name: string): readonly DirectiveSpec[] {
  return specsOf(name);
}

const inContext = new Map<BlockContext, Map<string, readonly DirectiveSpec[]>>();

/** The commands named `name` that nginx accepts in `context`, in nginx's module order (the first one wins). */
export function specsIn(name: string, context: BlockContext): readonly DirectiveSpec[] {
  let byName = inContext.get(context);
  if (!byName) inContext.set(context, (byName = new Map()));
  let specs = byName.get(name);
  if (!specs) {
    // Unknown names are not remembered: a pasted file of garbage must not grow the map without bound.
    specs = specsOf(name).filter((s) => s.contexts.includes(context));
    if (specs.length > 0) byName.set(name, specs);
  }
  return specs;
}

/** Every directive name nginx-ws knows. */
export function directiveNames(): string[] {
  const r = allRows();
  return [...new Set([...r.stock.keys(), ...r.extra.keys(), ...r.thirdParty.keys()])];
}

let byContext: Map<BlockContext, DirectiveSpec[]> | undefined;

/** Everything that may stand in `context`: for completion. */
export function directivesFor(context: BlockContext): readonly DirectiveSpec[] {
  if (!byContext) {
    const m = new Map<BlockContext, DirectiveSpec[]>(ALL_CONTEXTS.map((c) => [c, []]));
    for (const name of directiveNames()) for (const s of specsOf(name)) for (const c of s.contexts) m.get(c)?.push(s);
    byContext = m;
  }
  return byContext.get(context) ?? [];
}

/** Whether `name` opens a block (in `context` if given, else in any context). */
export function isBlockDirective(name: string, context?: BlockContext): boolean {
  const specs = context ? specsIn(name, context) : specsOf(name);
  return specs.some((s) => s.block);
}

/** The third-party module a directive comes from, when stock nginx (and NGINX Plus) has no directive of that name. */
export function thirdPartyModuleOf(name: string): ThirdPartyModule | undefined {
  const specs = specsOf(name);
  if (specs.some((s) => s.origin !== 'third-party')) return undefined;
  return allRows().thirdParty.get(name)?.[0]?.module;
}

/** Variables nginx has that the reference does not list (modules documented elsewhere on their pages). */
const EXTRA_VARIABLES: readonly (readonly [string, string])[] = [
  // Third-party modules' variables, from their source (ipscrub: ngx_ipscrub_module.c).
  ['remote_addr_ipscrub', 'ipscrub'],
  ['ancient_browser', 'ngx_http_browser_module'],
  ['modern_browser', 'ngx_http_browser_module'],
  ['msie', 'ngx_http_browser_module'],
  ['tcpinfo_rtt', 'ngx_http_core_module'],
  ['tcpinfo_rttvar', 'ngx_http_core_module'],
  ['tcpinfo_snd_cwnd', 'ngx_http_core_module'],
  ['geoip_country_code', 'ngx_http_geoip_module'],
  ['geoip_country_code3', 'ngx_http_geoip_module'],
  ['geoip_country_name', 'ngx_http_geoip_module'],
  ['geoip_area_code', 'ngx_http_geoip_module'],
  ['geoip_city_continent_code', 'ngx_http_geoip_module'],
  ['geoip_city_country_code', 'ngx_http_geoip_module'],
  ['geoip_city_country_code3', 'ngx_http_geoip_module'],
  ['geoip_city_country_name', 'ngx_http_geoip_module'],
  ['geoip_dma_code', 'ngx_http_geoip_module'],
  ['geoip_latitude', 'ngx_http_geoip_module'],
  ['geoip_longitude', 'ngx_http_geoip_module'],
  ['geoip_region', 'ngx_http_geoip_module'],
  ['geoip_region_name', 'ngx_http_geoip_module'],
  ['geoip_city', 'ngx_http_geoip_module'],
  ['geoip_postal_code', 'ngx_http_geoip_module'],
  ['geoip_org', 'ngx_http_geoip_module'],
  ['upstream_cache_key', 'ngx_http_upstream_module'],
];

interface VariableTables {
  exact: Map<string, VariableSpec>;
  /** Longest first, so that `$upstream_http_x` is an `upstream_http_` header and not an `http_` one. */
  prefixes: VariableSpec[];
}

let variableTables: VariableTables | undefined;

function varTables(): VariableTables {
  if (variableTables) return variableTables;
  const exact = new Map<string, VariableSpec>();
  const prefixes: VariableSpec[] = [];
  for (const [rawName, rawModule] of [...RAW_VARIABLES, ...EXTRA_VARIABLES]) {
    const module = moduleName(rawModule);
    const prefix = rawName.endsWith('_NAME');
    const name = prefix ? rawName.slice(0, -'NAME'.length) : rawName;
    const v: VariableSpec = { name, prefix, module, url: docsUrl(module, `var_${name}`) };
    if (prefix) {
      if (!prefixes.some((p) => p.name === name)) prefixes.push(v);
    } else if (!exact.has(name)) {
      exact.set(name, v);
    }
  }
  prefixes.sort((a, b) => b.name.length - a.name.length);
  variableTables = { exact, prefixes };
  return variableTables;
}

/** A built-in variable by name (with or without `$`): exact names first, then prefix forms such as `http_`. */
export function lookupVariable(name: string): VariableSpec | undefined {
  const n = name.startsWith('$') ? name.slice(1) : name;
  const t = varTables();
  return t.exact.get(n) ?? t.prefixes.find((p) => n.startsWith(p.name));
}

/** nginx's own variables and regex captures (`$1`..`$9`): what needs no `set`, `map` or `geo`. */
export function isBuiltinVariable(name: string): boolean {
  const n = name.startsWith('$') ? name.slice(1) : name;
  return /^[0-9]+$/.test(n) || lookupVariable(n) !== undefined;
}

/** All exact variable names and prefix forms. */
export function variables(): readonly VariableSpec[] {
  const t = varTables();
  return [...t.exact.values(), ...t.prefixes];
}

/** Whether nginx accepts `n` arguments for this spec, as `ngx_conf_handler` counts them. */
export function argsAccepted(args: ArgSpec, n: number): boolean {
  switch (args.kind) {
    case 'any':
      return true;
    case 'flag':
      return n === 1;
    case 'more':
      return n >= args.min;
    case 'take':
      // NGX_CONF_MAX_ARGS is 8 words, the name included.
      return n <= 7 && args.counts.includes(n);
  }
}
