// Our own analysis and quick fixes on a scenario's config: what the editor would flag, and the text it
// would produce when the user takes the preferred fixes.
import { analyzeText } from '../../../server/src/service/analyze';
import { applyFixesOnce, fixTexts, preferredFix } from '../../../server/src/service/fixes';
import { resolveSettings } from '../../../server/src/service/settings';
import type { Settings } from '../../../server/src/rules/settings';
import type { Finding } from '../../../server/src/service/types';

/**
 * The lab runs Debian's nginx 1.22.1. Times are scaled down 30 to 1 (2 s stands for nginx's 60 s default
 * proxy_read_timeout), so the heartbeat setting is a 30 s heartbeat scaled the same way: 1 s. The opt-in
 * ws-connection-map is on: its scenario shows what it guards against.
 */
export const LAB_SETTINGS: Settings = resolveSettings({ nginxVersion: '1.22.1', heartbeatInterval: 1, rules: { 'ws-connection-map': 'warning' } });

/** Where the config is analysed: one file, as a main nginx.conf. */
const URI = 'file:///etc/nginx/nginx.conf';

/** Passes of fix-then-reanalyse before we give up: two fixes undoing each other must not loop forever. */
const MAX_PASSES = 10;

export function findingsOf(config: string): Finding[] {
  return analyzeText(URI, config, LAB_SETTINGS).findings;
}

/** `ws-http-version (error)`. */
export const describeFinding = (f: Finding): string => `${f.rule} (${f.severity})`;

export interface QuickFixOutcome {
  config: string;
  /** Titles of the fixes taken, in order (repeated titles once). */
  titles: string[];
  passes: number;
}

/**
 * Takes the preferred fix of the first finding of `rule`, re-analyses, and repeats until `rule` no longer fires.
 * Throws when the rule offers no preferred fix, when a fix breaks the syntax, or when the bound is hit.
 */
export function applyRuleFixes(config: string, rule: string): QuickFixOutcome {
  let text = config;
  const titles: string[] = [];
  for (let pass = 0; ; pass++) {
    const findings = findingsOf(text);
    const syntax = findings.find((f) => f.rule === 'syntax');
    if (syntax) throw new Error(`the ${rule} fix produced a syntax error: ${syntax.message}\n${text}`);
    const finding = findings.find((f) => f.rule === rule);
    if (!finding) return { config: text, titles, passes: pass };
    if (pass >= MAX_PASSES) throw new Error(`${rule} still fires after ${MAX_PASSES} passes of its own fix:\n${text}`);
    const fix = preferredFix(finding);
    if (!fix || fix.edits.length === 0) throw new Error(`${rule} offers no preferred fix for: ${finding.message}`);
    // The engine's own single pass, given just this finding: the edits land exactly as "fix all" would place them.
    const edited = applyFixesOnce(new Map([[URI, text]]), [finding]).texts.get(URI) ?? text;
    if (edited === text) throw new Error(`${rule}'s fix "${fix.title}" changes nothing`);
    text = edited;
    if (!titles.includes(fix.title)) titles.push(fix.title);
  }
}

/** Every preferred fix of every rule, through the fix engine, as `nginx-ws check --fix` and "fix all" do. */
export function applyAllFixes(config: string): QuickFixOutcome & { fixedRules: string[]; left: Finding[] } {
  const before = findingsOf(config);
  const outcome = fixTexts(new Map([[URI, config]]), (texts) => new Map([[URI, findingsOf(texts.get(URI) ?? '')]]), {
    maxPasses: MAX_PASSES,
  });
  if (outcome.syntaxErrors.length > 0 || outcome.reverted.length > 0) {
    throw new Error(`fix all: the config has or would get a syntax error (${[...outcome.syntaxErrors, ...outcome.reverted].join(', ')})`);
  }
  const text = outcome.texts.get(URI) ?? config;
  const left = findingsOf(text);
  const fixedRules = [...new Set(before.filter((f) => preferredFix(f)).map((f) => f.rule))].filter((r) => !left.some((f) => f.rule === r));
  return { config: text, titles: fixedRules, passes: outcome.passes, fixedRules, left };
}
