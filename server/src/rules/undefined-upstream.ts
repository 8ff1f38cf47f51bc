import type { Rule } from './types';

export const undefinedUpstream: Rule = {
  id: 'undefined-upstream',
  defaultSeverity: 'hint',
  docs: {
    summary: '`proxy_pass http://name` names neither an `upstream` block nor anything that looks like a host.',
    why: 'A bare word such as `backend` is looked up as an upstream first and then resolved as a host name when nginx starts; when neither exists nginx fails with `host not found in upstream "backend"`. Usually the `upstream` block is misspelled or lives in a file that is not included.',
    fix: 'Define `upstream name { server ...; }` at `http` level, or correct the name.',
    example: 'location / {\n    proxy_pass http://app_servers;\n}',
  },
  check(ctx) {
    for (const use of ctx.symbols.usesIn(ctx.instance)) {
      if (use.kind !== 'upstream') continue;
      if (ctx.symbols.byName('upstream', use.name).length > 0) continue;
      // Dotted names, IP literals, localhost and unix sockets are hosts, not upstream names.
      if (/[.:\[]/.test(use.name) || use.name === 'localhost' || use.name.startsWith('unix')) continue;
      const arg = use.directive.args[0]?.value ?? '';
      // `name:port` is how Docker and Kubernetes services are addressed: a host.
      if (new RegExp(`//${use.name}:\\d`).test(arg)) continue;
      ctx.report({ range: use.range, message: `no upstream "${use.name}" is defined, and it does not look like a host name` });
    }
  },
};
