import { isModSecurityRulesFile } from '../analysis/foreignFile';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigFile, Range } from '../parser/ast';
import { rules } from '../rules';
import type { Position, PosRange, Report, Rule, RuleContext, Severity } from '../rules/types';
import type { BlockContext } from '../reference';
import { memoryHost } from '../workspace/fileHost';
import type { FileInstance } from '../workspace/graph';
import { pathToUri } from '../workspace/uri';
import { Workspace } from '../workspace/workspace';
import type { Settings } from '../rules/settings';
import { defaultSettings } from './settings';
import { withLazyFixes } from './lazyFixes';
import { applySuppressions } from './suppressions';
import { templateFindings } from './templateFindings';
import type { Finding } from './types';

export interface Analysis {
  uri: string;
  file: ConfigFile;
  findings: Finding[];
}

export function toPosRange(r: Range): PosRange {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** The cursor `p` is inside `r` or touches either end of it. */
export function rangeContains(r: Range | PosRange, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/**
 * Analyses one file of a workspace: once per include path that reaches it, each in its own context,
 * merging identical findings. Never throws on any input.
 */
export function analyzePath(ws: Workspace, p: string, settings: Settings = defaultSettings, analyze: InstanceAnalyzer = analyzeInstance): Finding[] {
  const instances = ws.instancesOf(p);
  if (instances.length === 1) return sortFindings(analyze(ws, instances[0], settings));
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const inst of instances) {
    for (const f of analyze(ws, inst, settings)) {
      const key = `${f.rule}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  }
  return sortFindings(findings);
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** What analyses one instance of a file: every rule from scratch, or the language server's incremental cache. */
export type InstanceAnalyzer = (ws: Workspace, instance: FileInstance, settings: Settings) => Finding[];

/** The severity a rule reports with under these settings; `off` when it does not run. */
export function ruleLevel(rule: Rule, settings: Settings): Severity | 'off' {
  return settings.rules[rule.id] ?? (rule.offByDefault ? 'off' : rule.defaultSeverity);
}

/** Runs one rule, adding its findings to `out`; a rule that throws is logged, and what it found before stays. Returns false then. */
export function runRule(rule: Rule, level: Severity, ctx: Omit<RuleContext, 'report'>, out: Finding[]): boolean {
  const uri = ctx.uri;
  // A level the user chose wins over the one a finding asks for.
  const chosen = ctx.settings.rules[rule.id] !== undefined;
  const report = (r: Report): void => {
    const fixes = r.fixes;
    const severity = chosen || r.severity === undefined ? level : r.severity;
    const range = toPosRange(r.range);
    out.push(
      typeof fixes === 'function'
        ? withLazyFixes({ rule: rule.id, severity, message: r.message, uri, range }, fixes)
        : { rule: rule.id, severity, message: r.message, uri, range, fixes: fixes ?? [] },
    );
  };
  try {
    rule.check({ ...ctx, report });
    return true;
  } catch (err) {
    // One broken rule must not take every other finding of the file with it.
    console.error(`nginx-ws: rule ${rule.id} failed on ${ctx.instance.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return false;
  }
}

/** The steps after the rules: what a template's tags hide, then the file's `nginx-ws-disable` comments. */
export function finishFindings(instance: FileInstance, findings: Finding[]): Finding[] {
  return applySuppressions(instance.file, templateFindings(instance.file, findings, {
      includedAsIs: instance.tree.isMain || instance.tree.rootPath !== instance.path,
      mainContext: instance.context === 'main',
    }));
}

export function analyzeInstance(ws: Workspace, instance: FileInstance, settings: Settings): Finding[] {
  const uri = pathToUri(instance.path);
  const findings: Finding[] = [];
  const symbols = ws.symbols(instance.tree);
  if (isModSecurityRulesFile(instance)) return findings;
  const ctx = { uri, file: instance.file, rootContext: instance.context, settings, instance, symbols };
  for (const rule of rules) {
    const level = ruleLevel(rule, settings);
    if (level !== 'off') runRule(rule, level, ctx, findings);
  }
  return finishFindings(instance, findings);
}

/**
 * Analyses a single text as the only file at `uri` (a `file://` URI or a path). Rule tests and the LSP's unsaved
 * documents go through here; it shares every step with workspace analysis. `rootContext` forces the context of the
 * file's top level, which is otherwise inferred (a main config, or `http` for a file of `server` blocks...).
 */
export function analyzeText(uri: string, text: string, settings: Settings = defaultSettings, rootContext?: BlockContext): Analysis {
  const p = uri.startsWith('file://') ? fileURLToPath(uri) : path.resolve('/virtual', uri);
  return analyzeFiles(new Map([[p, text]]), p, settings, rootContext);
}

/** Analyses `target` within an in-memory set of files (path → text): whole-config fixtures in tests. */
export function analyzeFiles(
  files: ReadonlyMap<string, string>,
  target: string,
  settings: Settings = defaultSettings,
  rootContext?: BlockContext,
): Analysis {
  const ws = new Workspace(memoryHost(files), settings.prefix, rootContext && ((p) => (p === target ? rootContext : undefined)));
  ws.setTemplateGlobs(settings.templates);
  for (const p of files.keys()) ws.addFile(path.resolve(p));
  const file = ws.parse(target) ?? { kind: 'file', text: '', children: [], errors: [], range: emptyRange() };
  return { uri: pathToUri(target), file, findings: analyzePath(ws, target, settings) };
}

function emptyRange(): Range {
  const z = { offset: 0, line: 0, character: 0 };
  return { start: z, end: z };
}
