import { graphProblemRule } from './graphProblem';

export const includeNotFound = graphProblemRule('include-not-found', 'include-not-found', {
  summary: 'An `include` names a file that does not exist.',
  why: 'nginx refuses to start when a plain (non-glob) `include` path cannot be opened: `open() "…" failed (2: No such file or directory)`. Relative paths start from the folder of the main `nginx.conf` (the configuration prefix), not from the including file. A glob that matches nothing is fine. It stays quiet where the files at hand cannot tell: a path outside the folder of the main config (it lives on the server, like `/etc/letsencrypt/...`), a file the nginx package installs (`mime.types`, `fastcgi_params`, `proxy_params`, `snippets/fastcgi-php.conf`...), and a relative path in a file with no main config anywhere in its project, whose prefix is unknown.',
  fix: 'Correct the path, create the file, or use a glob (`conf.d/*.conf`) if the file is optional. Set `nginxWs.prefix` if your main config lives elsewhere.',
  example: 'http {\n    include /etc/nginx/conf.d/missing.conf;\n}',
});
