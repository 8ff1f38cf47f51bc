import { distance } from '../reference/suggest';
import { replaceRange } from './edits';
import type { Definition, Symbols } from '../workspace/symbols';
import type { Rule } from './types';

interface Upstreams {
  list: Definition[];
  /** Lower-cased, as nginx compares them. */
  names: ReadonlySet<string>;
}

// Once per tree's symbols, not per file: each of a thousand files would otherwise list the tree's thousand upstreams.
const upstreamsOf = new WeakMap<Symbols, Upstreams>();

function upstreams(symbols: Symbols): Upstreams {
  let u = upstreamsOf.get(symbols);
  if (!u) {
    const list = symbols.definitions.filter((d) => d.kind === 'upstream');
    upstreamsOf.set(symbols, (u = { list, names: new Set(list.map((d) => d.name.toLowerCase())) }));
  }
  return u;
}

/** Edits allowed between a host name and an upstream for the name to be a typo of it: 1, or 2 from 6 characters. */
function typoLimit(name: string): number {
  return name.length >= 6 ? 2 : 1;
}

export const undefinedUpstream: Rule = {
  id: 'undefined-upstream',
  defaultSeverity: 'hint',
  docs: {
    summary: '`proxy_pass http://name` names no `upstream` block, but one with a very similar name is defined: probably a typo.',
    why: "A name in `proxy_pass` is looked up as an `upstream` block first, and otherwise resolved as a host name by DNS when nginx starts. A name without an upstream block is therefore usually a host, such as a Docker Compose or Kubernetes service (`http://app/`), and says nothing wrong. But when an upstream with a name one or two edits away is defined (`backend` and `backnd`), the upstream was most likely meant: its servers, balancing and keepalive are then silently bypassed, or nginx fails at start-up with `host not found in upstream`. nginx compares upstream names without regard to case, so `Backend` is `backend`.",
    fix: 'Replaces the name with that of the close upstream.',
    example: 'upstream app_servers {\n    server 127.0.0.1:9000;\n}\nserver {\n    location / {\n        proxy_pass http://app_server;\n    }\n}',
    evidence:
      'A `proxy_pass` or `grpc_pass` to `http://NAME`, `https://NAME`, `grpc://NAME` or `grpcs://NAME` (no port, no variable) where no `upstream NAME` is defined, but an upstream of the same tree is one edit away from NAME (two edits for names of six characters or more), letter case aside.',
    quiet:
      '- A tree without any `upstream` block.\n- A name with no upstream close to it: it is taken to be a host name (a Docker Compose or Kubernetes service, say), which nginx resolves by DNS.\n- An address with a port or a variable, and a name that an upstream defines exactly (letter case aside), in the tree or, for a file that nothing includes, in its project.\n- A template that no config includes as it stands.',
  },
  check(ctx) {
    const defined = upstreams(ctx.symbols);
    if (defined.list.length === 0) return;
    for (const use of ctx.symbols.usesIn(ctx.instance)) {
      if (use.kind !== 'upstream') continue;
      const name = use.name.toLowerCase();
      if (ctx.symbols.byName('upstream', use.name).length > 0 || defined.names.has(name)) continue;
      const limit = typoLimit(name);
      let best: { name: string; d: number } | undefined;
      for (const u of defined.list) {
        const d = distance(name, u.name.toLowerCase(), limit);
        if (d <= limit && (!best || d < best.d || (d === best.d && u.name < best.name))) best = { name: u.name, d };
      }
      if (!best) continue;
      const close = best.name;
      const arg = use.directive.args[0];
      ctx.report({
        range: use.range,
        message: `no upstream "${use.name}" is defined, so nginx resolves it as a host name at start-up, but upstream "${close}" is: did you mean "${close}"?`,
        fixes: arg && arg.raw.includes(`//${use.name}`) ? [{ title: `Use upstream "${close}"`, preferred: true, edits: [replaceRange(use.instance, arg.range, arg.raw.replace(`//${use.name}`, `//${close}`))] }] : [],
      });
    }
  },
};
