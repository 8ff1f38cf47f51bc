import { graphProblemRule } from './graphProblem';

export const includeNotFound = graphProblemRule('include-not-found', 'include-not-found', {
  summary: 'An `include` names a file that does not exist.',
  why: 'nginx refuses to start when a plain (non-glob) `include` path cannot be opened: `open() "…" failed (2: No such file or directory)`. Relative paths start from the folder of the main `nginx.conf` (the configuration prefix), not from the including file. A glob that matches nothing is fine.',
  fix: 'Correct the path, create the file, or use a glob (`conf.d/*.conf`) if the file is optional. Set `nginxWs.prefix` if your main config lives elsewhere.',
  example: 'http {\n    include /etc/nginx/conf.d/missing.conf;\n}',
});
