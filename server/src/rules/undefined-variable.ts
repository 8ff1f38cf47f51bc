import type { Directive } from '../parser/ast';
import { isBuiltinVariable } from '../reference';
import { effectiveValue } from '../workspace/effective';
import { scopeOf } from '../workspace/scope';
import { ensureConnectionMap, keepaliveOf } from './connectionMap';
import { includedOutOfView, OUT_OF_VIEW_NOTE } from './source';
import type { Fix, Rule, RuleContext } from './types';

export const undefinedVariable: Rule = {
  id: 'undefined-variable',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `$variable` that nothing defines: nginx refuses the whole config with `unknown "name" variable`.',
    why:
      'nginx resolves every variable name when it loads the configuration. A name that is neither built in (`$host`, `$http_upgrade`, ...) nor defined by `map`, `geo`, `set`, `split_clients`, a module (`js_set`, `js_var`, `perl_set`, `set_by_lua*`, `geoip2`) or a named regex capture anywhere in the config stops `nginx -t`. Names are case-insensitive (`$Host` is `$host`); `$1` to `$9` are regex captures (`$12` is capture 1 then `2`), while `$0` and `${1}` are names nginx does not know. Directives that nginx never reads variables in (`error_log`, `include`, `*_temp_path`, ...) hold a `$` as plain text. The usual WebSocket case is `$connection_upgrade`, copied from a guide without the `map` that defines it.',
    fix: 'For `$connection_upgrade`, adds `map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }` at the top of the `http` block (or `\'\'` instead of `close` when the location proxies to an upstream with `keepalive`, so idle connections stay reusable).',
    example: 'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n}',
    evidence:
      "A `$name` or `${name}` in an argument where nginx compiles variables, whose name (lower-cased, as nginx compares it) is neither built in (exact names such as `$host`, and families such as `$http_*`, `$arg_*`, `$cookie_*`) nor defined anywhere nginx-ws looks. Definitions come from `set`, `map`, `geo`, `split_clients`, `auth_request_set`, `js_set`, `js_var`, `perl_set`, `set_by_lua*`, `geoip2` blocks, and named captures in the regexes of `location`, `rewrite`, `server_name`, `if` and `map` keys. They are looked up in the whole tree of the file's main config; for a file that nothing includes, in the files it includes, then in its project's main config (the nearest one in a folder above it), then in the project's other files that nothing includes. Such a file's finding is a warning that says the config that really includes the file may define the name. With no main config in view at all, only the file and what it includes count, so a snippet read on its own that uses `$connection_upgrade` is reported as an error. `$0` and `${1}` are names, and are reported unless defined.",
    quiet:
      "- `$1` to `$9`: regex captures, not names.\n- Arguments where nginx takes `$` as text: `error_log`, `include`, `default_type`, the `*_temp_path` and `*_cache_path` directives, `ssl_trusted_certificate`, `ssl_client_certificate`, `ssl_crl`, `ssl_dhparam`; the arguments of `location`, `server_name`, `listen`, `perl`; regular expressions (`rewrite`'s pattern, `if`'s regex, `map` keys with `~`); the name a definer defines; the bodies of `geo`, `split_clients`, `types`, `charset_map` and Lua blocks.\n- Directives of modules that give `$` their own meaning: naxsi, the Lua modules, ModSecurity.\n- A template that no config includes as it stands: it is rendered to a file whose surroundings are unknown.",
  },
  check(ctx) {
    for (const use of ctx.symbols.usesIn(ctx.instance)) {
      if (use.kind !== 'variable') continue;
      // nginx lowercases names, and says so in its message. Captures are not uses; a name of digits (`$0`, `${1}`) is a name.
      const name = use.name.toLowerCase();
      if ((!/^[0-9]/.test(name) && isBuiltinVariable(name)) || ctx.symbols.byName('variable', name).length > 0) continue;
      const fixes = name === 'connection_upgrade' ? mapFix(ctx, use.directive) : [];
      if (includedOutOfView(ctx.instance)) ctx.report({ range: use.range, message: `unknown "${name}" variable: ${OUT_OF_VIEW_NOTE}`, fixes, severity: 'warning' });
      else ctx.report({ range: use.range, message: `unknown "${name}" variable`, fixes });
    }
  },
};

/** Where the `map` goes: the top of the `http` block in the tree's main config, or the top of a file already in `http` context. */
function mapFix(ctx: RuleContext, use: Directive): Fix[] {
  const keepalive = usesKeepaliveUpstream(ctx, use);
  // The variable is undefined here, so this is the map itself.
  const edits = ensureConnectionMap(ctx, keepalive);
  if (!edits) return [];
  const why = keepalive ? " (empty, not close, for requests without Upgrade: the upstream uses keepalive)" : '';
  return [{ title: `Define $connection_upgrade with a map at http level${why}`, preferred: true, edits }];
}

function usesKeepaliveUpstream(ctx: RuleContext, use: Directive): boolean {
  const pass = use.name === 'proxy_pass' ? use.args[0]?.value : effectiveValue(scopeOf(use, ctx.instance), 'proxy_pass');
  const name = pass && /^https?:\/\/([^/:$]+)/.exec(pass)?.[1];
  if (!name) return false;
  return ctx.symbols.byName('upstream', name).some((u) => keepaliveOf(u) !== undefined);
}
