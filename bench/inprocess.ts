// In-process measurements of the language service itself: parse, full analysis, scaling, workspace indexing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigFile, Statement } from '../server/src/parser/ast';
import { parse } from '../server/src/parser/parse';
import { analyzePath, analyzeText } from '../server/src/service/analyze';
import { defaultSettings } from '../server/src/service/settings';
import { diskHost } from '../server/src/workspace/fileHost';
import { Workspace } from '../server/src/workspace/workspace';
import { median, timeRuns } from './stats';

const SLOW_MS = 20_000;
const PARSE_WARMUP = 5;

export interface Sample {
  runs: number[];
  median: number;
}

export interface InProcessResults {
  large: { bytes: number; lines: number; directives: number; findings: number };
  parse: Sample & { mbPerSecond: number };
  /** The parse, then every node made: the tree's objects are made when first read (parser/nodes.ts). */
  parseAndWalk: Sample & { mbPerSecond: number };
  analysis: Sample;
  /**
   * Analysis at a factor is skipped (`analysis` undefined) once the previous one took longer than SLOW_MS, and at
   * 8x, which only the parse is measured at (`parseOnly`).
   */
  scaling: { factor: number; bytes: number; lines: number; parse: Sample; analysis?: Sample; parseOnly?: true }[];
  /** Index and analyse every file of the large config as a tree of 1, 2, 4 and 8 files (`trees` of the inputs). */
  treeScaling: { factor: number; files: number; findings: number; analysis?: Sample }[];
  index: Sample & { files: number };
  indexAndAnalyze: Sample & { files: number; findings: number };
}

function sample(runs: number[]): Sample {
  return { runs: runs.map((r) => Math.round(r * 100) / 100), median: median(runs) };
}

function lineCount(text: string): number {
  return text.split('\n').length - 1;
}

function countDirectives(text: string): number {
  let n = 0;
  const work = [parse(text).children];
  while (work.length > 0) {
    for (const s of work.pop() ?? []) {
      if (s.kind !== 'directive') continue;
      n++;
      if (s.block) work.push(s.block.children);
    }
  }
  return n;
}

/** Reads every node of the tree, so that each is made: statement lists, arguments and their values, blocks. */
function walkEveryNode(file: ConfigFile): number {
  let n = 0;
  const work: Statement[][] = [file.children];
  for (let list = work.pop(); list; list = work.pop()) {
    for (const s of list) {
      n++;
      if (s.kind !== 'directive') continue;
      for (const a of s.args) n += a.value.length;
      if (s.block) work.push(s.block.children);
    }
  }
  return n;
}

/** A fresh workspace over the folder: discover, parse every file, build the include trees (what the server's indexing does). */
function index(root: string): Workspace {
  const ws = new Workspace(diskHost);
  ws.addFolder(root);
  for (const f of ws.files) ws.parse(f);
  ws.getTrees();
  return ws;
}

/** Index a folder and analyse every file of it, as the server does on opening a workspace. */
function indexAndAnalyze(root: string): { files: number; findings: number } {
  const ws = index(root);
  let findings = 0;
  for (const f of ws.files) findings += analyzePath(ws, f, defaultSettings).length;
  return { files: ws.files.size, findings };
}

export function runInProcess(dir: string, runs: number): InProcessResults {
  const factors = [1, 2, 4, 8];
  const largePaths = factors.map((k) => path.join(dir, `large-${k}x.conf`));
  const texts = largePaths.map((p) => fs.readFileSync(p, 'utf8'));
  const uris = largePaths.map((p) => `file://${p}`);
  const text = texts[0];

  // Five warm-up parses, not one: a parse takes a few milliseconds, and the optimising compiler (on a second thread)
  // has not finished with the scanner after one; the cold parse is in the `check` row's time.
  const parseRuns = timeRuns(runs, () => parse(text), PARSE_WARMUP);
  // Fewer runs at 2x and up: each is slower, and the medians are steady enough. The parses at every size come
  // one after the other, so that they are timed alike (not each after an analysis that filled the heap).
  const scaleRuns = Math.max(3, Math.ceil(runs / 2));
  const parseScaling = texts.map((t, i) => (i === 0 ? parseRuns : timeRuns(scaleRuns, () => parse(t))));
  const walkRuns = timeRuns(runs, () => walkEveryNode(parse(text)), PARSE_WARMUP);
  const analysisRuns = timeRuns(runs, () => analyzeText(uris[0], text));
  const findings = analyzeText(uris[0], text).findings.length;

  // A super-linear analysis would take many minutes at 4x: it stops at the first factor slower than SLOW_MS.
  const scaling: InProcessResults['scaling'] = [];
  let analysisSlow = false;
  texts.forEach((t, i) => {
    const parseOnly = factors[i] > 4;
    const analysis = i === 0 ? sample(analysisRuns) : analysisSlow || parseOnly ? undefined : sample(timeRuns(scaleRuns, () => analyzeText(uris[i], t), 0));
    if (analysis && analysis.median > SLOW_MS) analysisSlow = true;
    scaling.push({ factor: factors[i], bytes: t.length, lines: lineCount(t), parse: sample(parseScaling[i]), analysis, ...(parseOnly ? { parseOnly: true as const } : {}) });
  });

  const treeScaling: InProcessResults['treeScaling'] = [];
  let treeSlow = false;
  for (const factor of factors) {
    const root = path.join(dir, `tree-${factor}x`);
    let last = { files: 0, findings: 0 };
    // One warm-up at 1x only, as for the single file's scaling; each size is timed alike after it.
    const analysis = treeSlow ? undefined : sample(timeRuns(scaleRuns, () => (last = indexAndAnalyze(root)), factor === 1 ? 1 : 0));
    if (analysis && analysis.median > SLOW_MS) treeSlow = true;
    treeScaling.push({ factor, ...last, analysis });
  }

  const root = path.join(dir, 'workspace');
  // Cold: the first run is the one an editor waits for; the JIT warms up over the following ones.
  const indexRuns = timeRuns(runs, () => index(root), 0);
  let full = { files: 0, findings: 0 };
  const fullRuns = timeRuns(runs, () => (full = indexAndAnalyze(root)), 0);

  const p = sample(parseRuns);
  const w = sample(walkRuns);
  return {
    large: { bytes: text.length, lines: lineCount(text), directives: countDirectives(text), findings },
    parse: { ...p, mbPerSecond: text.length / 1e6 / (p.median / 1000) },
    parseAndWalk: { ...w, mbPerSecond: text.length / 1e6 / (w.median / 1000) },
    analysis: sample(analysisRuns),
    scaling,
    treeScaling,
    index: { ...sample(indexRuns), files: full.files },
    indexAndAnalyze: { ...sample(fullRuns), ...full },
  };
}

/** Analyses the large config `runs` times after a warm-up (the caller runs this under --cpu-prof). */
export function profileAnalysis(dir: string, runs: number): void {
  const p = path.join(dir, 'large-1x.conf');
  const text = fs.readFileSync(p, 'utf8');
  timeRuns(runs, () => analyzeText(`file://${p}`, text), 1, 60_000);
}
