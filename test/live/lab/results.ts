// Collects what each scenario side observed and prints it as one table at the end of the run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { testOutputDir } from '../../support/paths';

interface Row {
  scenario: string;
  rule: string;
  broken: string;
  fixed: string;
}

const rows = new Map<string, Row>();

export function record(scenario: string, rule: string, side: 'broken' | 'fixed', observed: string): void {
  const row = rows.get(scenario) ?? { scenario, rule, broken: '(not run)', fixed: '(not run)' };
  row[side] = observed;
  rows.set(scenario, row);
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function resultsTable(): string {
  const lines = [
    '| scenario | rule | broken: observed | fixed: observed |',
    '| --- | --- | --- | --- |',
    ...[...rows.values()].map((r) => `| ${cell(r.scenario)} | ${r.rule} | ${cell(r.broken)} | ${cell(r.fixed)} |`),
  ];
  return lines.join('\n');
}

/** Prints the table and writes it to test-output/live-results.md. */
export function writeResults(title: string, file = 'live-results.md'): void {
  if (rows.size === 0) return;
  const text = `# ${title}\n\n${resultsTable()}\n`;
  fs.mkdirSync(testOutputDir, { recursive: true });
  fs.writeFileSync(path.join(testOutputDir, file), text);
  process.stdout.write(`\n${text}\n`);
}
