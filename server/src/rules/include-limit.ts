import { graphProblemRule } from './graphProblem';

export const includeLimit = graphProblemRule('include-limit', 'include-limit', {
  summary: 'An `include` pulls in more than 10,000 files, or a file over 5 MB.',
  why: 'Such an include is almost always a mistake (a glob over the wrong folder), and analysing it would stall the editor. nginx-ws stops at the limit and says so.',
  fix: 'Narrow the glob to the folder and extension you mean.',
  example: 'http {\n    include /var/*;\n}',
  evidence:
    'An `include` whose glob matches more than 10,000 files, a matched file larger than 5 MB, or an include tree that grows past 50,000 file instances. nginx-ws stops reading at that point, so what lies beyond is not checked.',
  quiet:
    'Everything below those limits. nginx itself has no such limits, which is why this is a warning and not an error.',
}, 'warning');
