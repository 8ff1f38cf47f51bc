import * as assert from 'node:assert/strict';
import { analyzeFiles } from '../../../server/src/service/analyze';
import { defaultSettings } from '../../../server/src/service/settings';
import { nginxTestFiles } from '../../support/nginx';
import { FILE, unmark } from '../../support/rules';

/** The rules that stand for `nginx -t`'s own configuration errors. */
export const NGINX_RULES: ReadonlySet<string> = new Set(['syntax', 'unknown-directive', 'directive-context', 'directive-args', 'duplicate-directive', 'invalid-value']);

/** Our first error among those rules, as nginx would print it: `LINE: message` (a did-you-mean suffix removed). */
export function ourFirstError(text: string, file = FILE): string | undefined {
  const a = analyzeFiles(new Map([[file, text]]), file, defaultSettings);
  const f = a.findings.find((x) => NGINX_RULES.has(x.rule) && x.severity === 'error');
  return f && `${f.range.start.line + 1}: ${f.message.replace(/ \(did you mean "[^"]*"\?\)$/, '')}`;
}

/** Runs `nginx -t` on a main config (range markers removed) and asserts that our first error is nginx's. */
export function assertNginxAgrees(marked: string): void {
  const text = unmark(marked).text;
  const v = nginxTestFiles({ 'nginx.conf': text });
  const theirs = v.ok ? undefined : `${v.line}: ${v.message}`;
  assert.equal(ourFirstError(text), theirs, `nginx -t said:\n${v.output}`);
}

/**
 * Asserts that `nginx -t` accepts a main config: its text, or files keyed by path (an `/etc/nginx/` prefix is
 * dropped, so `nginx.conf` is the main file).
 */
export function nginxAccepts(config: string | Record<string, string>): void {
  const files = typeof config === 'string' ? { 'nginx.conf': config } : Object.fromEntries(Object.entries(config).map(([p, t]) => [p.replace('/etc/nginx/', ''), t]));
  const verdict = nginxTestFiles(files);
  assert.ok(verdict.ok, verdict.output);
}
