import { includedOutOfView, OUT_OF_VIEW_NOTE } from './source';
import type { Rule } from './types';

export const undefinedZone: Rule = {
  id: 'undefined-zone',
  defaultSeverity: 'error',
  docs: {
    summary: '`limit_conn` or `limit_req` names a shared memory zone that no `limit_conn_zone` / `limit_req_zone` defines.',
    why: 'nginx creates the zone on first mention with no size, then refuses to start: `zero size shared memory zone "name"`. The message names no file or line, so the typo is hard to find by hand.',
    fix: 'Define the zone at `http` level (`limit_conn_zone $binary_remote_addr zone=name:10m;`) or correct the name.',
    example: 'location /ws/ {\n    limit_conn ws_clients 100;\n    proxy_pass http://127.0.0.1:9000;\n}',
    evidence:
      "`limit_conn NAME ...` or `limit_req zone=NAME ...` where no `limit_conn_zone` or `limit_req_zone` with `zone=NAME:size` is found. Names are compared exactly, letter case included, and are looked up as variables are (see [undefined-variable](#undefined-variable)): the whole tree, or for a file that nothing includes its own includes, then its project's main config and other files. In a file that nothing includes but whose project has a main config, the finding is a warning that says the config that really includes the file may define the zone.",
    quiet:
      '- A zone defined by either directive satisfies both: a `limit_req` that names a `limit_conn_zone` zone is not reported.\n- A template that no config includes as it stands.',
  },
  check(ctx) {
    const out = includedOutOfView(ctx.instance);
    for (const use of ctx.symbols.usesIn(ctx.instance)) {
      if (use.kind !== 'zone') continue;
      if (ctx.symbols.byName('zone', use.name).length > 0) continue;
      const definer = use.directive.name === 'limit_req' ? 'limit_req_zone' : 'limit_conn_zone';
      ctx.report({
        range: use.range,
        message: `no "${definer}" defines zone "${use.name}": nginx fails with zero size shared memory zone "${use.name}"${out ? `; ${OUT_OF_VIEW_NOTE}` : ''}`,
        ...(out ? { severity: 'warning' as const } : {}),
      });
    }
  },
};
