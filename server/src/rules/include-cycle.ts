import { graphProblemRule } from './graphProblem';

export const includeCycle = graphProblemRule('include-cycle', 'include-cycle', {
  summary: 'A file includes itself, directly or through other files.',
  why: 'nginx has no guard against include loops: it reads the same files again and again until it runs out of file descriptors or memory, and fails to start.',
  fix: 'Remove the `include` that closes the loop; usually a glob such as `*.conf` that also matches the including file.',
  example: '# conf.d/all.conf\ninclude conf.d/*.conf;',
  evidence:
    'An `include` that pulls in a file already on the chain of includes that led to it, the including file itself included (links are followed to the real path). It is reported on the `include` that closes the loop, once for each file it would loop on.',
  quiet:
    'The same file included twice side by side, or from two branches of the tree: that is no loop (a directive it repeats may still be a [duplicate-directive](#duplicate-directive)).',
});
