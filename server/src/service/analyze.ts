import type { ConfigFile, Range } from '../parser/ast';
import { parse } from '../parser/parse';
import { rules } from '../rules';
import type { BlockContext, Report } from '../rules/types';
import type { Settings } from './settings';
import { defaultSettings } from './settings';
import type { Finding, PosRange } from './types';

export interface Analysis {
  uri: string;
  file: ConfigFile;
  findings: Finding[];
}

export function toPosRange(r: Range): PosRange {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** Parses and analyses one document with every enabled rule. Never throws on any input. */
export function analyzeText(uri: string, text: string, settings: Settings = defaultSettings, rootContext: BlockContext = 'main'): Analysis {
  const file = parse(text);
  return { uri, file, findings: analyzeFile(uri, file, settings, rootContext) };
}

export function analyzeFile(uri: string, file: ConfigFile, settings: Settings = defaultSettings, rootContext: BlockContext = 'main'): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const level = settings.rules[rule.id] ?? rule.defaultSeverity;
    if (level === 'off') continue;
    const report = (r: Report): void => {
      findings.push({ rule: rule.id, severity: level, message: r.message, uri, range: toPosRange(r.range), fixes: r.fixes ?? [] });
    };
    rule.check({ uri, file, rootContext, report });
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return findings;
}
