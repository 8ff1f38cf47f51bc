import { handled, handlerRange } from './handlerSupport';
import type { Rule } from './types';

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
    summary: 'A `server_name` wildcard nginx refuses: a leading `*` that is not a whole label (`*example.com`), a lone `*` or `.`.',
    why:
      'A leading wildcard must stand for whole labels: `*.example.com` (or `.example.com`, which also matches `example.com` itself). `*example.com`, `**.example.com` and a lone `*` stop `nginx -t` with `server name "..." is invalid`. A catch-all server is written `server_name _;` or, better, marked with `listen ... default_server`.',
    fix: 'Write the wildcard as `*.example.com`, or use a regular expression (`~^.*example\\.com$`).',
    example: 'server {\n    server_name *example.com;\n}',
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
  },
};
