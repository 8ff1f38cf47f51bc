import type { Arg, Directive } from '../parser/ast';
import { directivesNamed, type ConfigTree } from '../workspace/graph';
import { fileMemo, treeMemo } from '../workspace/treeMemo';
import { handled, handlerRange } from './handlerSupport';
import { allListens } from './invalid-listen';
import { httpServers, serverDirectives } from './serverBlocks';
import type { Rule } from './types';

/** `ngx_hash_add_key` with NGX_HASH_WILDCARD_KEY: one `*`, as a whole first or last label; no empty label. */
export function hashableName(name: string): boolean {
  let stars = 0;
  for (let i = name.indexOf('*'); i >= 0; i = name.indexOf('*', i + 1)) stars++;
  if (stars > 1 || name.includes('..') || name.includes('\0')) return false;
  if (name.length > 1 && name.startsWith('.')) return true;
  if (name.length > 2 && (name.startsWith('*.') || name.endsWith('.*'))) return true;
  return stars === 0;
}

/**
 * The names nginx fails on when it builds the server names hash of an address, which it does when the address has
 * more than one server. Only a server with a single such address is judged: nginx names the address it met first.
 */
function unhashable(tree: ConfigTree): ReadonlyMap<Arg, string> {
  return treeMemo(tree, 'invalid-server-name:hash', () => {
    const out = new Map<Arg, string>();
    // Most trees hold no name that could fail to hash: then the addresses need not be worked out.
    if (!tree.instances.some((i) => fileMemo(i, 'invalid-server-name:unhashable', () => directivesNamed(i, 'server_name').some((d) => d.args.some(unhashableArg))))) return out;
    const byAddress = new Map<string, Set<Directive>>();
    const addressesOf = new Map<Directive, string[]>();
    const add = (server: Directive, address: string) => {
      let set = byAddress.get(address);
      if (!set) byAddress.set(address, (set = new Set()));
      set.add(server);
      const list = addressesOf.get(server) ?? [];
      if (!list.includes(address)) list.push(address);
      addressesOf.set(server, list);
    };
    for (const e of allListens(tree)) if (!e.udp) add(e.server, e.address);
    const servers = httpServers(tree);
    for (const s of servers) {
      if (!s.block) continue;
      const listens = serverDirectives(s, 'listen');
      if (listens.length === 0) add(s.block, '0.0.0.0:80');
      else if (listens.length !== (addressesOf.get(s.block)?.length ?? 0)) addressesOf.delete(s.block);
    }
    for (const s of servers) {
      if (!s.block) continue;
      const shared = (addressesOf.get(s.block) ?? []).filter((a) => (byAddress.get(a)?.size ?? 0) > 1);
      if (shared.length !== 1) continue;
      for (const p of serverDirectives(s, 'server_name')) {
        for (const a of p.directive.args) {
          if (unhashableArg(a)) out.set(a, `invalid server name or wildcard "${a.value.toLowerCase()}" on ${shared[0]}`);
        }
      }
    }
    return out;
  });
}

/** A name that nginx accepts as written but cannot put in a server names hash. */
function unhashableArg(a: Arg): boolean {
  const name = a.value.toLowerCase();
  return !(name === '' || name.startsWith('~') || name === '$hostname' || invalidName(a.value) || hashableName(name));
}

/** `ngx_http_core_server_name`: a `*` only as a whole first label (`*.example.com`), a `.` only before a name. */
function invalidName(name: string): string | undefined {
  if ((name.startsWith('*') && (name.length < 3 || name[1] !== '.')) || (name.startsWith('.') && name.length < 2)) {
    return `server name "${name}" is invalid`;
  }
  if (name === '~') return `empty regex in server name "${name}"`;
  return undefined;
}

export const invalidServerName: Rule = {
  id: 'invalid-server-name',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `server_name` wildcard nginx refuses: a `*` that is not a whole first or last label (`*example.com`, `www.*.example.com`), a lone `*` or `.`, an empty label.',
    why:
      'A leading wildcard must stand for whole labels: `*.example.com` (or `.example.com`, which also matches `example.com` itself). `*example.com`, `**.example.com` and a lone `*` stop `nginx -t` with `server name "..." is invalid`. Other wildcards (`www.*.example.com`, `example.*.*`, `a..b`) fail when nginx builds the names hash of an address that several servers share: `invalid server name or wildcard "..." on 0.0.0.0:80`. A catch-all server is written `server_name _;` or, better, marked with `listen ... default_server`.',
    fix: 'Write the wildcard as `*.example.com`, or use a regular expression (`~^.*example\\.com$`).',
    example: 'server {\n    server_name *example.com;\n}',
    evidence:
      "A `server_name` in an http server that reaches its handler, and:\n- a name that nginx refuses as written: one starting with `*` but not `*.` (or shorter than three characters), a lone `.`, a lone `~` (empty regex); the first such name of the line is reported;\n- or a wildcard nginx cannot hash (`www.*.example.com`, two `*`, an empty label such as `a..b`), in a server that shares exactly one address with another server. Addresses are taken from the tree's `listen` lines with literal addresses (`*:80` for a server without any), and only for servers whose every `listen` has one.",
    quiet:
      '- Regex names (`~...`), `$hostname`, and the empty name.\n- An unhashable wildcard in a server that has an address to itself (nginx builds no names hash then), shares several addresses, or has a `listen` with a host name.',
  },
  check(ctx) {
    for (const { d } of handled(ctx, ['server_name'], ['server'])) {
      for (const a of d.args) {
        const message = invalidName(a.value);
        if (!message) continue;
        ctx.report({ range: handlerRange(d, a), message });
        break;
      }
    }
    const bad = unhashable(ctx.instance.tree);
    if (bad.size === 0) return;
    for (const { d } of handled(ctx, ['server_name'], ['server'])) {
      const a = d.args.find((x) => bad.has(x));
      if (a) ctx.report({ range: handlerRange(d, a), message: bad.get(a) ?? '' });
    }
  },
};
