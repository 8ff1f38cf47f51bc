// Collects what each scenario showed and prints it as one table at the end of the run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { testOutputDir } from '../../support/paths';

export type Column = 'flagged' | 'broken' | 'fixed';

interface Row {
  scenario: string;
  rules: string;
  flagged: string;
  broken: string;
  fixed: string;
}

const rows = new Map<string, Row>();

export function record(scenario: string, rules: string[], column: Column, observed: string): void {
  const row = rows.get(scenario) ?? { scenario, rules: rules.join(', '), flagged: '(not run)', broken: '(not run)', fixed: '(not run)' };
  row[column] = observed;
  rows.set(scenario, row);
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function resultsTable(): string {
  const lines = [
    '| scenario | rule | broken: flagged by | broken: observed | fixed by our quick fix: observed |',
    '| --- | --- | --- | --- | --- |',
    ...[...rows.values()].map((r) => `| ${[r.scenario, r.rules, r.flagged, r.broken, r.fixed].map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Prints the table and writes it to test-output/live-results.md. */
export function writeResults(title: string, notes: string, file = 'live-results.md'): void {
  if (rows.size === 0) return;
  const text = `# ${title}\n\n${notes}\n\n${resultsTable()}\n`;
  fs.mkdirSync(testOutputDir, { recursive: true });
  fs.writeFileSync(path.join(testOutputDir, file), text);
  process.stdout.write(`\n${text}\n`);
}
