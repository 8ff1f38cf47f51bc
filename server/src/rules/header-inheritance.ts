import type { BlockContext } from './types';
import { effective, effectiveValue } from '../workspace/effective';
import { parentScope } from '../workspace/scope';
import { blockHead } from './edits';
import { directiveText, headerName, insertionEdits, ownDirectives, planListLines } from './proxyHeaders';
import { placeLabel } from './source';
import type { Rule } from './types';
import { locationLabel } from './wsLocation';

interface ListKind {
  name: string;
  /** Block → the contexts it may stand in, where nginx allows the directive inside it. */
  blocks: Record<string, BlockContext[]>;
  /** What losing a line means, for the message. */
  effect: string;
}

const KINDS: ListKind[] = [
  {
    name: 'proxy_set_header',
    blocks: { server: ['http'], location: ['server', 'location'] },
    effect: 'requests proxied from here reach the backend without them',
  },
  {
    name: 'add_header',
    blocks: { server: ['http'], location: ['server', 'location'], if: ['location'] },
    effect: 'responses from here go out without them',
  },
];

/** The blocks any kind applies to. */
const BLOCKS: ReadonlySet<string> = new Set(KINDS.flatMap((k) => Object.keys(k.blocks)));

export const headerInheritance: Rule = {
  id: 'header-inheritance',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A block sets its own `proxy_set_header` (or `add_header`) lines and so silently loses all those of the blocks around it.',
    why:
      "nginx inherits `proxy_set_header` and `add_header` as a whole list: a `server` or `location` that writes even one line of its own gets none of the lines of `http` or `server`, whether they are written there or come from an `include` such as `proxy_params`. A WebSocket location that adds `Upgrade` and `Connection` thus stops sending the `Host`, `X-Forwarded-For` and `X-Forwarded-Proto` its server sets, and a location that adds a `Cache-Control` header stops sending the server's `Strict-Transport-Security`. nginx says nothing; the backend sees the wrong host or client address, or the browser loses a security header. With `add_header_inherit merge` (nginx 1.29.3 and later) or `off`, the inheritance of `add_header` is chosen explicitly and not flagged.",
    fix: 'Copies the lost lines, as written, into the block after its own lines.',
    example: 'server {\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n    }\n}',
  },
  check(ctx) {
    ctx.instance.contexts.forEach((where, d) => {
      if (!d.block || !BLOCKS.has(d.name)) return;
      for (const kind of KINDS) {
        if (!kind.blocks[d.name]?.includes(where)) continue;
        const scope = { block: d, instance: ctx.instance };
        const own = ownDirectives(scope, kind.name);
        if (own.length === 0) continue;
        if (kind.name === 'add_header' && ['merge', 'off'].includes(effectiveValue(scope, 'add_header_inherit') ?? 'on')) continue;
        const parent = parentScope(scope);
        const inherited = parent ? effective(parent, kind.name) : undefined;
        if (!inherited || inherited.directives.length === 0) continue;
        const ownNames = new Set(own.map((p) => headerName(p.directive)));
        const dropped = inherited.directives.filter((p) => !ownNames.has(headerName(p.directive)));
        if (dropped.length === 0) continue;

        const first = dropped[0];
        const at = placeLabel(first, ctx.instance);
        const names = dropped.map((p) => p.directive.args[0]?.value ?? '').join(', ');
        const block = d.name === 'location' ? locationLabel(d) : d.name;
        const count = dropped.length === 1 ? `the ${kind.name} line` : `the ${dropped.length} ${kind.name} lines`;
        ctx.report({
          range: blockHead(d),
          message: `${block} sets its own ${kind.name}, so nginx drops ${count} that ${inherited.from?.block?.name ?? inherited.from?.instance.context ?? 'the enclosing block'} sets (${names}, from ${at}): ${kind.effect}`,
          fixes: () => [
            { title: `Copy ${names} into this ${d.name}`, preferred: true, edits: insertionEdits(ctx.instance, [planListLines(scope, kind.name, dropped.map(directiveText))]) },
          ],
        });
      }
    });
  },
};
