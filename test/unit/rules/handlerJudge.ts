import * as assert from 'node:assert/strict';
import type { Settings } from '../../../server/src/rules/settings';
import { nginxTestFiles } from '../../support/nginx';
import { expectFindings, FILE, findingsOf, unmark } from '../../support/rules';

/** A config with `http { ... }` around the text (and `events {}` before it), as nginx -t needs. */
export const inHttp = (body: string): string => `events {}\nhttp {\n${body}\n}\n`;

/**
 * Asserts that the rule reports exactly one finding, at the marked range, with nginx's message, and that Debian's
 * nginx -t fails on the same config with that very message on the finding's line.
 */
export function expectNginxError(rule: string, marked: string, message: string, settings: Partial<Settings> = {}): void {
  const [found] = expectFindings(rule, { [FILE]: marked }, [message], FILE, settings);
  const v = nginxTestFiles({ 'nginx.conf': unmark(marked).text });
  assert.equal(v.ok, false, `nginx -t accepted:\n${unmark(marked).text}`);
  assert.equal(v.message, message, v.output);
  assert.equal(v.line, found.range.start.line + 1, v.output);
}

/** Asserts that nginx -t accepts the config and that the rule says nothing about it. */
export function expectAccepted(rule: string, text: string, settings: Partial<Settings> = {}): void {
  const v = nginxTestFiles({ 'nginx.conf': text });
  assert.ok(v.ok, v.output);
  assert.deepEqual(
    findingsOf(rule, { [FILE]: text }, FILE, settings).map((f) => f.message),
    [],
  );
}

/** Like expectNginxError, for checks nginx makes when it merges levels: it names the end of the http block, not the setting. */
export function expectNginxMergeError(rule: string, marked: string, message: string, settings: Partial<Settings> = {}): void {
  expectFindings(rule, { [FILE]: marked }, [message], FILE, settings);
  const v = nginxTestFiles({ 'nginx.conf': unmark(marked).text });
  assert.equal(v.ok, false, `nginx -t accepted:\n${unmark(marked).text}`);
  assert.equal(v.message, message, v.output);
}
