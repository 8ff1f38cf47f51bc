// The incremental analysis in-process, on the editor loop's edits: how long each takes and how much of the file it re-runs.
import * as fs from 'node:fs';
import { analyzePath } from '../server/src/service/analyze';
import { IncrementalAnalysis } from '../server/src/service/incremental/analyzer';
import { defaultSettings } from '../server/src/service/settings';
import { memoryHost } from '../server/src/workspace/fileHost';
import { Workspace } from '../server/src/workspace/workspace';
import { median, quantile } from './stats';

export interface IncrementalLoop {
  lines: number;
  edits: number;
  /** Per edit: the new text's parse and include tree, then the incremental analysis. */
  p50: number;
  p95: number;
  /** Blocks (top-level units) of the file, and how many each edit re-ran (median and most). */
  units: number;
  rerunMedian: number;
  rerunMax: number;
  /** Rules that still ran over the whole file on the last edit. */
  wholeRules: number;
  /** Edits whose analysis had to start from scratch. */
  fromScratch: number;
}

/** The same one-character edits as the editor loop in lsp.ts (`3600s` ↔ `3601s`), analysed as the server does. */
export function incrementalLoop(file: string, edits: number): IncrementalLoop {
  let text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const files = new Map([[file, text]]);
  const ws = new Workspace(memoryHost(files));
  ws.addFile(file);
  const inc = new IncrementalAnalysis();
  analyzePath(ws, file, defaultSettings, inc.analyzeInstance);
  const targets = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('proxy_read_timeout 3600s;'));
  const state = new Map<number, string>();
  const times: number[] = [];
  const rerun: number[] = [];
  let fromScratch = 0;
  for (let k = 0; k < edits; k++) {
    const [line, row] = targets[(k * 7919) % targets.length];
    const col = line.indexOf('3600s') + 3;
    const next = (state.get(row) ?? '0') === '0' ? '1' : '0';
    state.set(row, next);
    lines[row] = line.slice(0, col) + next + line.slice(col + 1);
    text = lines.join('\n');
    files.set(file, text);
    const t0 = performance.now();
    ws.changed(file);
    analyzePath(ws, file, defaultSettings, inc.analyzeInstance);
    times.push(performance.now() - t0);
    rerun.push(inc.last?.rerun ?? NaN);
    if (inc.last?.whole) fromScratch++;
  }
  return {
    lines: lines.length - 1,
    edits,
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    units: inc.last?.units ?? 0,
    rerunMedian: median(rerun),
    rerunMax: Math.max(...rerun),
    wholeRules: inc.last?.wholeRules ?? 0,
    fromScratch,
  };
}
