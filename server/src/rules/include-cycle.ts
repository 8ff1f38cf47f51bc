import { graphProblemRule } from './graphProblem';

export const includeCycle = graphProblemRule('include-cycle', 'include-cycle', {
  summary: 'A file includes itself, directly or through other files.',
  why: 'nginx has no guard against include loops: it reads the same files again and again until it runs out of file descriptors or memory, and fails to start.',
  fix: 'Remove the `include` that closes the loop; usually a glob such as `*.conf` that also matches the including file.',
  example: '# conf.d/all.conf\ninclude conf.d/*.conf;',
});
