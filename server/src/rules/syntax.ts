import type { Rule } from './types';

/** nginx's own syntax errors, with nginx's wording and line. */
export const syntax: Rule = {
  id: 'syntax',
  defaultSeverity: 'error',
  docs: {
    summary: 'The file does not parse: nginx would refuse to load it.',
    why: 'nginx stops at the first syntax error and keeps running the previous configuration on reload, or fails to start. The message is worded exactly as `nginx -t` words it, on the line nginx names.',
    fix: 'Add the missing `;`, `{` or `}`, or close the quote. Later errors in the same file may be consequences of the first.',
    example: 'server {\n    listen 127.0.0.1:8080\n    server_name app.internal;\n}',
  },
  check(ctx) {
    for (const e of ctx.file.errors) ctx.report({ range: e.range, message: e.message });
  },
};
