import type { Rule } from '../rules/types';

/** Where each rule's documentation lives; diagnostics, SARIF and the CLI link here. */
export const RULES_DOC_URL = 'https://github.com/nginx-ws/nginx-ws/blob/main/docs/rules.md';

/** docs/rules.md gives each rule a heading equal to its id, so the id is also the anchor. */
export function ruleDocUrl(ruleId: string): string {
  return `${RULES_DOC_URL}#${ruleId}`;
}

/** The anchor GitHub derives from a heading's text: lower case, spaces to `-`, other punctuation dropped. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const SEVERITY_WORDS: Record<Rule['defaultSeverity'], string> = {
  error: 'error',
  warning: 'warning',
  information: 'information',
  hint: 'hint',
};

/** What the "Fires when" and "Stays quiet when" lists of every rule take for granted. */
const READING_SECTIONS: readonly string[] = [
  '## Reading a rule\'s section',
  '',
  'Each section lists what in the config makes its rule fire and what it leaves alone on purpose. Two phrases recur:',
  'a directive **reaches its handler** when nginx would run the directive\'s own code: its name is known, it is allowed',
  'where it stands, it has the right terminator and an argument count it takes (otherwise an earlier rule reports it);',
  'a value **in force** is the one nginx uses there, written in the block, inherited from the blocks around it (across',
  '`include`s), or nginx\'s default. Some things hold for every rule:',
  '',
  '- A file that several `include`s reach is checked once per include site, each in its own context; a finding made',
  '  twice is shown once.',
  '- In a template, a finding on a tag or on a directive that a tag helps write is dropped, and so is one that depends',
  '  on what a block holds when a tag inside that block stands for whole directives; the rest come without fixes',
  '  ([template](#template)).',
  '- A ModSecurity rules file (one that nothing includes and whose first directive is a `Sec...` one or `Include`) is',
  '  not checked.',
  '- A finding may carry a lower severity than its rule\'s default where the config in view cannot show the failure',
  '  for certain (a file checked apart from the config that includes it), and its message says why. A level you set for',
  '  the rule still applies.',
  '- `# nginx-ws-disable-next-line RULE` above a line, or `# nginx-ws-disable RULE` in a file, silences a rule there.',
];

/** A fence that the example itself cannot close. */
function fence(text: string): string {
  let ticks = '```';
  while (text.includes(ticks)) ticks += '`';
  return `${ticks}nginx\n${text.replace(/\n+$/, '')}\n${ticks}`;
}

/** docs/rules.md, from the registry: one section per rule, headed by its id. */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: string[] = [
    '<!-- Generated from the rule registry (server/src/rules) by `node scripts/gen-rule-docs.mjs`. Do not edit by hand. -->',
    '',
    '# nginx-ws rules',
    '',
    'Every diagnostic names its rule and links to its section here. Change a rule\'s severity, or turn it off,',
    'with the `nginxWs.rules` setting in the editor (`{ "<rule-id>": "off" }`) or with',
    '`nginx-ws check --rule <rule-id>=off` on the command line. Levels: `error`, `warning`, `information`, `hint`, `off`.',
    '',
    'The `ws-*` rules check a location (or an `if` in one) that has a `proxy_pass` and evidence that it proxies WebSocket:',
    'the `proxy_set_header` lines in force there carry `Upgrade`, or a `Connection` value with `upgrade`; a',
    '`# nginx-ws: websocket` comment on the line before the location or inside it; the `websocketPaths` setting naming',
    'its path; or a `try_files` / `error_page` that hands its requests to a named location with such evidence. Words in a',
    'path or an upstream name are not evidence: `/github/`, `/billing/subscriptions/` or `/hub/negotiate` are plain',
    'HTTP, and these rules stay quiet on them. A proxied location whose path has a whole segment `ws`, `wss`,',
    '`websocket`, `socket.io`, `sockjs` or `cable` but no evidence gets one hint, [ws-path-only](#ws-path-only), and nothing else.',
    '',
    '## Severity policy',
    '',
    'A finding is a claim about your nginx, and its severity says which kind:',
    '',
    '- **error**: `nginx -t` fails on it (the message is nginx\'s own where nginx has one), or, for a WebSocket rule, a',
    '  failure the live lab shows on a real nginx (the handshake refused, the connection closed).',
    '- **warning**: the config loads, but misbehaves: a header lost, a timeout that cuts healthy connections.',
    '- **information** / **hint**: advice, given only where the config shows it applies.',
    '',
    'A rule speaks on evidence in the config (the effective headers, the tree that includes the file, the nginx version',
    'you set), never on names. When the config cannot tell, as in a fragment read without its main config, it says',
    'less: each section below says what makes its rule fire and when it stays quiet. Two kinds of line are notes, not',
    'findings: `main-config` (printed by `nginx-ws check`) and [template](#template) say how a file was read. A few rules are',
    '**off by default** because whether they matter depends on something the config does not show (the backend\'s',
    'software); turn them on with `nginxWs.rules`.',
    '',
    '| Rule | Default | Summary |',
    '| --- | --- | --- |',
    ...sorted.map((r) => `| [${r.id}](#${githubAnchor(r.id)}) | ${r.offByDefault ? 'off' : SEVERITY_WORDS[r.defaultSeverity]} | ${r.docs.summary.replace(/\|/g, '\\|')} |`),
    '',
    ...READING_SECTIONS,
    '',
  ];
  for (const r of sorted) {
    out.push(
      `## ${r.id}`,
      '',
      r.docs.summary,
      '',
      r.offByDefault ? `Off by default; when turned on, its severity is **${SEVERITY_WORDS[r.defaultSeverity]}**.` : `Default severity: **${SEVERITY_WORDS[r.defaultSeverity]}**.`,
      '',
      '### Why',
      '',
      r.docs.why,
      '',
      '### Fires when',
      '',
      r.docs.evidence,
      '',
      '### Stays quiet when',
      '',
      r.docs.quiet,
      '',
      '### Fix',
      '',
      r.docs.fix,
      '',
      '### Example',
      '',
      fence(r.docs.example),
      '',
    );
  }
  return out.join('\n');
}
