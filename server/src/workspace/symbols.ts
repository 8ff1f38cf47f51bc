import type { Arg, ConfigFile, Directive, Range } from '../parser/ast';
import { innerRange } from '../parser/sourceRange';
import { thirdPartyModuleOf, type BlockContext } from '../reference';
import type { ConfigTree, FileInstance } from './graph';

/** A name defined somewhere in a tree, with where. */
export interface Definition {
  name: string;
  kind: 'upstream' | 'variable' | 'zone' | 'named-location' | 'certificate';
  /** The directive that defines it (`upstream`, `map`, `set`, `limit_conn_zone`, ...). */
  directive: Directive;
  /** The exact range of the name. */
  range: Range;
  instance: FileInstance;
}

/** A use of a name, with where; `variable` uses carry the name without `$`. */
export interface Use {
  name: string;
  kind: Definition['kind'];
  directive: Directive;
  range: Range;
  instance: FileInstance;
}

export interface Symbols {
  definitions: Definition[];
  uses: Use[];
  /** The uses written in one file instance: rules check each file of a tree, and a tree may hold thousands. */
  usesIn(instance: FileInstance): readonly Use[];
  byName(kind: Definition['kind'], name: string): Definition[];
}

/** Own symbols, with definitions looked up in `outer` too (uses stay the file's own). */
export function withFallback(own: Symbols, outer: Symbols): Symbols {
  return {
    definitions: own.definitions,
    uses: own.uses,
    usesIn: own.usesIn,
    byName: (kind, name) => {
      const mine = own.byName(kind, name);
      return mine.length > 0 ? mine : outer.byName(kind, name);
    },
  };
}

/** The definitions of several trees as one index; no uses (they stay each file's own). */
export function mergedDefinitions(list: readonly Symbols[]): Symbols {
  const index = new Map<string, Definition[]>();
  for (const sym of list) {
    for (const d of sym.definitions) {
      const key = `${d.kind}:${keyOf(d.kind, d.name)}`;
      const at = index.get(key);
      if (at) at.push(d);
      else index.set(key, [d]);
    }
  }
  return { definitions: [], uses: [], usesIn: () => [], byName: (kind, name) => index.get(`${kind}:${keyOf(kind, name)}`) ?? [] };
}

/** Letters, digits and underscores: what nginx variable names are made of. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * Each `$name` and `${name}` in a value, in order, with the text that names it. A scan rather than a regular
 * expression: every argument of every directive goes through here. Like nginx's script compiler, `$` and a digit
 * 1-9 is a capture of that one digit (`$12` is capture 1 then `2`); `$0` and `${1}` are names.
 */
export function forEachVariable(value: string, visit: (name: string, text: string) => void): void {
  for (let i = value.indexOf('$'); i >= 0; i = value.indexOf('$', i + 1)) {
    const braced = value.charCodeAt(i + 1) === 123;
    const from = braced ? i + 2 : i + 1;
    let j = from;
    const c = value.charCodeAt(from);
    if (!braced && c >= 49 && c <= 57) {
      visit(value[from], value.slice(i, from + 1));
      i = from;
      continue;
    }
    while (j < value.length && isNameChar(value.charCodeAt(j))) j++;
    if (j === from || (braced && value.charCodeAt(j) !== 125)) continue;
    const end = braced ? j + 1 : j;
    visit(value.slice(from, j), value.slice(i, end));
    i = end - 1;
  }
}
/** Named captures in a PCRE: `(?<name>`, `(?P<name>`, `(?'name'`. */
const NAMED_CAPTURE = /\(\?P?(?:<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/g;

const DEFINING_ARG: Record<string, number> = {
  set: 0,
  perl_set: 0,
  js_set: 0,
  js_var: 0,
  set_by_lua: 0,
  set_by_lua_block: 0,
  set_by_lua_file: 0,
  auth_request_set: 0,
  map: 1,
  split_clients: 1,
};
/** The same, as a map: a directive's name is looked up for every naming directive, and a map takes any string. */
const DEFINING_INDEX: ReadonlyMap<string, number> = new Map(Object.entries(DEFINING_ARG));

export function collectSymbols(tree: ConfigTree): Symbols {
  const definitions: Definition[] = [];
  const uses: Use[] = [];
  for (const inst of tree.instances) {
    const own = fileSymbols(inst);
    for (const d of own.definitions) definitions.push(d.instance === inst ? d : { ...d, instance: inst });
    for (const u of own.uses) uses.push(u.instance === inst ? u : { ...u, instance: inst });
  }
  // By kind, then name: rules ask for every proxy_pass and variable, and a joined key was a string made per question.
  const index = new Map<Definition['kind'], Map<string, Definition[]>>();
  for (const def of definitions) {
    let byName = index.get(def.kind);
    if (!byName) index.set(def.kind, (byName = new Map()));
    const key = keyOf(def.kind, def.name);
    const list = byName.get(key);
    if (list) list.push(def);
    else byName.set(key, [def]);
  }
  let byInstance: Map<FileInstance, Use[]> | undefined;
  const usesIn = (instance: FileInstance): readonly Use[] => {
    if (!byInstance) {
      byInstance = new Map();
      for (const u of uses) {
        const list = byInstance.get(u.instance);
        if (list) list.push(u);
        else byInstance.set(u.instance, [u]);
      }
    }
    return byInstance.get(instance) ?? [];
  };
  return { definitions, uses, usesIn, byName: (kind, name) => index.get(kind)?.get(keyOf(kind, name)) ?? [] };
}

/** nginx lowercases variable names (`ngx_http_add_variable`, `ngx_http_get_variable_index`): `$MyVar` is `$myvar`. */
function keyOf(kind: Definition['kind'], name: string): string {
  return kind === 'variable' ? name.toLowerCase() : name;
}

/**
 * The names a file defines and uses, per context of its top level: the same for every instance of the file in that
 * context and for every rebuild of its tree while it is unchanged, so that a keystroke in one of a thousand included
 * files scans that one file. The entries name the instance they were first found through.
 */
const perFile = new WeakMap<ConfigFile, Map<BlockContext, { definitions: Definition[]; uses: Use[] }>>();

function fileSymbols(inst: FileInstance): { definitions: Definition[]; uses: Use[] } {
  let byContext = perFile.get(inst.file);
  if (!byContext) perFile.set(inst.file, (byContext = new Map()));
  let own = byContext.get(inst.context);
  if (!own) {
    const found = { definitions: [] as Definition[], uses: [] as Use[] };
    inst.contexts.forEach((ctx, d) => collectDirective(inst, d, ctx, found.definitions, found.uses));
    byContext.set(inst.context, (own = found));
  }
  return own;
}

/** Directives that define or use a name other than through `$variables` in their arguments. */
const NAMING: ReadonlySet<string> = new Set([
  ...Object.keys(DEFINING_ARG), 'geo', 'upstream', 'limit_conn_zone', 'limit_req_zone', 'location', 'rewrite', 'server_name',
  'if', 'try_files', 'error_page', 'limit_conn', 'limit_req', 'proxy_pass', 'grpc_pass',
]);

function collectDirective(inst: FileInstance, d: Directive, ctx: BlockContext, defs: Definition[], uses: Use[]): void {
  // Most directives name nothing: their only uses are the `$variables` of their arguments.
  const p = d.parent;
  if (NAMING.has(d.name) || (p.kind === 'directive' && (p.name === 'map' || p.name === 'geoip2'))) collectNames(inst, d, ctx, defs, uses);
  // A `$` anywhere is rare enough to look for before choosing which arguments hold variables.
  if (anyDollar(d.args)) collectVariableUses(inst, d, uses);
  // Data blocks are not walked as contexts, yet nginx compiles map values and geoip2 names variables.
  if ((d.name === 'map' || d.name === 'geoip2') && d.block && !d.block.rawBody) {
    for (const c of d.block.children) if (c.kind === 'directive') collectDirective(inst, c, ctx, defs, uses);
  }
}

function anyDollar(args: readonly Arg[]): boolean {
  for (let i = 0; i < args.length; i++) if (args[i].value.includes('$')) return true;
  return false;
}

function collectNames(inst: FileInstance, d: Directive, ctx: BlockContext, defs: Definition[], uses: Use[]): void {
  const name = d.name;
  const args = d.args;
  const p = d.parent;
  const defIdx = DEFINING_INDEX.get(name);
  if (defIdx !== undefined && args[defIdx]?.value.startsWith('$')) {
    defs.push({ name: args[defIdx].value.slice(1), kind: 'variable', directive: d, range: args[defIdx].range, instance: inst });
  }
  if (p.kind === 'directive' && p.name === 'geoip2' && name.startsWith('$') && name.length > 1) {
    defs.push({ name: name.slice(1), kind: 'variable', directive: d, range: d.nameRange, instance: inst });
  }
  if (name === 'geo' && args.length > 0) {
    const v = args[args.length - 1];
    if (v.value.startsWith('$')) defs.push({ name: v.value.slice(1), kind: 'variable', directive: d, range: v.range, instance: inst });
  }
  if (name === 'upstream' && args[0] && d.block) defs.push({ name: args[0].value, kind: 'upstream', directive: d, range: args[0].range, instance: inst });
  if ((name === 'limit_conn_zone' || name === 'limit_req_zone') && ctx !== 'stream-server') {
    for (const a of args) {
      const m = /^zone=([^:]+)/.exec(a.value);
      if (m) defs.push({ name: m[1], kind: 'zone', directive: d, range: a.range, instance: inst });
    }
  }
  if (name === 'location' && args[0]?.value.startsWith('@')) defs.push({ name: args[0].value, kind: 'named-location', directive: d, range: args[0].range, instance: inst });

  for (const a of regexArgs(d)) {
    // matchAll copies its RegExp on every call: look for what every named capture starts with first.
    if (a.value.includes('(?')) {
      for (const m of a.value.matchAll(NAMED_CAPTURE)) defs.push({ name: m[1] ?? m[2], kind: 'variable', directive: d, range: a.range, instance: inst });
    }
  }

  if ((name === 'try_files' || name === 'error_page') && args[args.length - 1]?.value.startsWith('@')) {
    const a = args[args.length - 1];
    uses.push({ name: a.value, kind: 'named-location', directive: d, range: a.range, instance: inst });
  }
  if (name === 'limit_conn' && args[0]) uses.push({ name: args[0].value, kind: 'zone', directive: d, range: args[0].range, instance: inst });
  if (name === 'limit_req') {
    for (const a of args) {
      const m = /^zone=(.+)$/.exec(a.value);
      if (m) uses.push({ name: m[1], kind: 'zone', directive: d, range: a.range, instance: inst });
    }
  }
  if ((name === 'proxy_pass' || name === 'grpc_pass') && args[0]) {
    const m = /^(?:https?|grpcs?):\/\/([^/:$?]+)(?=$|\/)/.exec(args[0].value);
    if (m) uses.push({ name: m[1], kind: 'upstream', directive: d, range: args[0].range, instance: inst });
  }
}

function collectVariableUses(inst: FileInstance, d: Directive, uses: Use[]): void {
  for (const a of variableArgs(d)) {
    if (!a.value.includes('$')) continue;
    forEachVariable(a.value, (name, text) => {
      // `$1`..`$9` are regex captures, not variables: nginx resolves no name for them.
      if (text.length === 2 && name.length === 1 && name >= '1' && name <= '9') return;
      uses.push({ name, kind: 'variable', directive: d, range: subRange(a, text), instance: inst });
    });
  }
}

const NONE: readonly Arg[] = [];

/** Directives whose arguments nginx never compiles as scripts: a `$` there is text (each checked with `nginx -t`). */
const TEXT_ONLY: ReadonlySet<string> = new Set([
  'error_log', 'include', 'default_type',
  ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((m) => `${m}_temp_path`),
  ...['proxy', 'fastcgi', 'uwsgi', 'scgi'].map((m) => `${m}_cache_path`),
  'ssl_trusted_certificate', 'ssl_client_certificate', 'ssl_crl', 'ssl_dhparam',
]);

/**
 * Modules whose arguments give `$` a meaning of their own: naxsi scores (`$SQL`), Lua's `$prefix` in
 * `lua_package_path`, ModSecurity rules. nginx resolves no variable there.
 */
const OWN_DOLLAR_MODULES: ReadonlySet<string> = new Set(['naxsi', 'ngx_http_lua_module', 'ngx_stream_lua_module', 'ModSecurity-nginx']);

/** Arguments that nginx reads as regular expressions: a `$` there is an anchor, not a variable. */
function regexArgs(d: Directive): readonly Arg[] {
  switch (d.name) {
    case 'location':
      return d.args.length === 2 && /^~\*?$/.test(d.args[0].value) ? [d.args[1]] : [];
    case 'rewrite':
      return d.args.slice(0, 1);
    case 'server_name':
      return d.args.filter((a) => a.value.startsWith('~'));
    case 'if': {
      const i = d.args.findIndex((a) => /^!?~\*?$/.test(a.value));
      return i >= 0 && d.args[i + 1] ? [d.args[i + 1]] : [];
    }
    default:
      return d.parent.kind === 'directive' && d.parent.name === 'map' ? mapKeyRegex(d) : NONE;
  }
}

/** In a `map` body, a key starting with `~` is a regular expression. */
function mapKeyRegex(d: Directive): Arg[] {
  const p = d.parent;
  if (p.kind !== 'directive' || p.name !== 'map') return [];
  return d.name.startsWith('~') ? [{ ...nameAsArg(d), value: d.name }] : [];
}

function nameAsArg(d: Directive): Arg {
  return { kind: 'arg', value: d.name, raw: d.name, quote: d.nameQuote, range: d.nameRange, parent: d };
}

/** Arguments where nginx compiles `$name` into a variable lookup (and so fails on an unknown name). */
function variableArgs(d: Directive): Arg[] {
  const p = d.parent;
  if (p.kind === 'directive' && p.block?.rawBody) return [];
  if (p.kind === 'directive' && (p.name === 'geo' || p.name === 'split_clients' || p.name === 'types' || p.name === 'charset_map')) return [];
  if (p.kind === 'directive' && p.name === 'map') return d.args;
  if (p.kind === 'directive' && p.name === 'geoip2') return d.args.filter((a) => a.value.startsWith('source='));
  if (d.block?.rawBody || TEXT_ONLY.has(d.name)) return [];
  const module = thirdPartyModuleOf(d.name);
  if (module && OWN_DOLLAR_MODULES.has(module.name)) return [];
  switch (d.name) {
    case 'map':
    case 'split_clients':
      return d.args.slice(0, 1);
    case 'geo':
      return d.args.length === 2 ? d.args.slice(0, 1) : [];
    case 'location':
    case 'server_name':
    case 'listen':
    case 'set_by_lua':
    case 'set_by_lua_file':
    case 'perl':
    case 'perl_set':
    case 'js_set':
    case 'include':
      return [];
    case 'set':
    case 'auth_request_set':
    case 'js_var':
      return d.args.slice(1);
    case 'rewrite':
      return d.args.slice(1, 2);
    case 'if': {
      const skip = new Set(regexArgs(d));
      return d.args.filter((a) => !skip.has(a));
    }
    default:
      return d.args;
  }
}

/** The range of `text` inside an argument's source, when it stands there verbatim and on one line; else the argument's. */
function subRange(a: Arg, text: string): Range {
  const i = a.raw.indexOf(text);
  if (i < 0 || a.raw.includes('\n') || a.raw.includes('\r')) return a.range;
  return innerRange(a.range, i, i + text.length);
}
