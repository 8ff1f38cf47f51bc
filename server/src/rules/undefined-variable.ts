import type { Directive } from '../parser/ast';
import type { FileEdit, Fix } from '../service/types';
import type { FileInstance } from '../workspace/graph';
import { isBuiltinVariable } from '../reference';
import { effectiveValue } from '../workspace/effective';
import { scopeOf } from '../workspace/scope';
import { insertAtBlockStart, insertAtFileTop } from './edits';
import type { Rule, RuleContext } from './types';

/** The map that derives the `Connection` header from the client's `Upgrade` header. */
export function connectionUpgradeMap(keepalive: boolean): string[] {
  return ['map $http_upgrade $connection_upgrade {', '    default upgrade;', `    ''      ${keepalive ? "''" : 'close'};`, '}'];
}

export const undefinedVariable: Rule = {
  id: 'undefined-variable',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `$variable` that nothing defines: nginx refuses the whole config with `unknown "name" variable`.',
    why:
      'nginx resolves every variable name when it loads the configuration. A name that is neither built in (`$host`, `$http_upgrade`, ...) nor defined by `map`, `geo`, `set`, `split_clients` or a named regex capture anywhere in the config stops `nginx -t`. The usual WebSocket case is `$connection_upgrade`, copied from a guide without the `map` that defines it.',
    fix: 'For `$connection_upgrade`, adds `map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }` at the top of the `http` block (or `\'\'` instead of `close` when the location proxies to an upstream with `keepalive`, so idle connections stay reusable).',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n}',
  },
  check(ctx) {
    for (const use of ctx.symbols.uses) {
      if (use.kind !== 'variable' || use.instance !== ctx.instance) continue;
      if (isBuiltinVariable(use.name) || ctx.symbols.byName('variable', use.name).length > 0) continue;
      const fixes = use.name === 'connection_upgrade' ? mapFix(ctx, use.directive) : [];
      ctx.report({ range: use.range, message: `unknown "${use.name}" variable`, fixes });
    }
  },
};

/** Where the `map` goes: the top of the `http` block in the tree's main config, or the top of a file already in `http` context. */
function mapFix(ctx: RuleContext, use: Directive): Fix[] {
  const keepalive = usesKeepaliveUpstream(ctx, use);
  const lines = connectionUpgradeMap(keepalive);
  const edit = mapEdit(ctx.instance, lines);
  if (!edit) return [];
  const why = keepalive ? " (empty, not close, for requests without Upgrade: the upstream uses keepalive)" : '';
  return [{ title: `Define $connection_upgrade with a map at http level${why}`, preferred: true, edits: [edit] }];
}

function mapEdit(instance: FileInstance, lines: string[]): FileEdit | undefined {
  for (const inst of instance.tree.instances) {
    for (const [d, c] of inst.contexts) if (d.name === 'http' && c === 'main' && d.block) return insertAtBlockStart(inst, d, lines);
  }
  const root = instance.tree.root;
  return root.context === 'http' ? insertAtFileTop(root, root.file, lines) : undefined;
}

function usesKeepaliveUpstream(ctx: RuleContext, use: Directive): boolean {
  const pass = use.name === 'proxy_pass' ? use.args[0]?.value : effectiveValue(scopeOf(use, ctx.instance), 'proxy_pass');
  const name = pass && /^https?:\/\/([^/:$]+)/.exec(pass)?.[1];
  if (!name) return false;
  return ctx.symbols.byName('upstream', name).some((u) => u.directive.block?.children.some((c) => c.kind === 'directive' && c.name === 'keepalive'));
}
