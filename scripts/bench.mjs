// `npm run bench`: measures nginx-ws against `nginx -t` on generated inputs and writes docs/benchmark.md.
//
// Usage: node scripts/bench.mjs [--runs N] [--edits N] [--no-build] [--no-lsp] [--package] [--keep] [--out FILE]
//   --runs N     repetitions per measurement; medians are reported (default 7)
//   --edits N    one-character edits in the editor loop (default 50)
//   --no-build   use out/ as it is (default: run the build first, so that out/ matches the sources)
//   --no-lsp     skip the language server measurements
//   --no-profile skip the CPU profile of the analysis
//   --package    run `npm run package` first, to measure a fresh .vsix
//   --keep       keep the generated inputs (their folder is printed)
//   --out FILE   where to write the report (default docs/benchmark.md; `-` for none)
//   --apps N     size of the large config in upstream+server pairs (default 2000; smaller for a quick try)
//   --many A,B   numbers of broken files (1,000 invalid values each) for check's memory (default 250,1000)
//   --soak N     edits in the language server's memory soak (default 10000)
//
// The measuring code is bench/*.ts, bundled here with esbuild the way scripts/build.mjs bundles the product, and
// run in child processes: each measurement starts from a fresh heap and measures the code that ships.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { nodeBundle } from './bundle.mjs';
import { manyFindings, measureCheck } from '../bench/memory.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const RUNS = Math.max(1, Number(option('--runs', '7')));
// Fewer runs at 2x and up: each is slower, and the medians are steady enough.
const SCALE_RUNS = Math.max(3, Math.ceil(RUNS / 2));
const EDITS = Math.max(5, Number(option('--edits', '50')));
const OUT = option('--out', 'docs/benchmark.md');
const NGINX = '/usr/sbin/nginx';
const HAND_WRITTEN = '<!-- written by hand below: npm run bench keeps it -->';

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall time of a whole process, `runs` times after one warm-up (which fills the page cache). */
function timeProcess(cmd, args, okStatuses, runs = RUNS) {
  const times = [];
  let last;
  for (let i = 0; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    last = run(cmd, args);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!okStatuses.includes(last.status)) {
      fail(`${cmd} ${args.join(' ')} exited with ${last.status}:\n${last.stdout}${last.stderr}`);
    }
    if (i > 0) times.push(ms);
  }
  return { runs: times, median: median(times), status: last.status, stdout: last.stdout, stderr: last.stderr };
}

function childJson(args) {
  const r = run(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) fail(`node ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

// --- build and bundle -------------------------------------------------------------------------------------
// A fresh machine has no nginx: install Debian's, as the tests do (idempotent).
if (!fs.existsSync(NGINX) && run('bash', ['scripts/setup/nginx.sh'], { stdio: 'inherit' }).status !== 0) fail(`Debian's nginx is missing at ${NGINX} and scripts/setup/nginx.sh could not install it`);
if (!flag('--no-build')) {
  const b = run(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) fail('the build failed');
}
if (flag('--package')) {
  const p = run('npm', ['run', 'package'], { stdio: 'inherit' });
  if (p.status !== 0) fail('npm run package failed');
}
const cli = path.join(root, 'bin', 'nginx-ws');
const serverJs = path.join(root, 'out', 'server.js');
if (!fs.existsSync(path.join(root, 'out', 'cli.js'))) fail('out/cli.js is missing: the build did not produce the CLI');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-bench-'));
const benchJs = path.join(tmp, 'bench.js');
await esbuild.build({ ...nodeBundle, entryPoints: ['bench/main.ts'], outfile: benchJs });

// --- inputs -----------------------------------------------------------------------------------------------
const inputs = path.join(tmp, 'inputs');
fs.mkdirSync(inputs);
const gen = childJson([benchJs, 'generate', inputs, option('--apps', '2000')]);
const large = gen.large[0];
console.log(`bench: inputs in ${inputs}: ${large.lines} lines / ${(large.bytes / 1e6).toFixed(2)} MB, 2x and 4x, a ${gen.workspace.files}-file workspace, a ${gen.editFile.lines}-line file`);

const loadBefore = os.loadavg();
const startedAt = new Date();

// --- nginx -t, the reference ------------------------------------------------------------------------------
const nginxT = (conf) => timeProcess(NGINX, ['-t', '-q', '-p', `${inputs}/`, '-c', conf, '-e', 'stderr'], [0]);
console.log('bench: nginx -t ...');
const nginx = nginxT(large.path);
const nginxScaling = gen.large.map((l, i) => (i === 0 ? nginx : nginxT(l.path)));
const wsNginx = timeProcess(NGINX, ['-t', '-q', '-p', `${gen.workspace.root}/`, '-c', path.join(gen.workspace.root, 'nginx.conf'), '-e', 'stderr'], [0]);

// --- the CLI ----------------------------------------------------------------------------------------------
console.log('bench: nginx-ws check ...');
// Exit 1 means an error-severity finding: a normal outcome. 2 is a failure.
const check = timeProcess(process.execPath, [cli, 'check', '--format', 'json', large.path], [0, 1]);
const checkLines = (check.stdout.match(/"rule":/g) ?? []).length;
const wsCheck = timeProcess(process.execPath, [cli, 'check', gen.workspace.root], [0, 1]);
// The large config as a tree of 1 to 8 included files: check's growth up to 8x, under the per-file limit.
const treeChecks = gen.trees.map((t) => timeProcess(process.execPath, [cli, 'check', '--format', 'json', t.main], [0, 1], SCALE_RUNS));

// --- memory of check --------------------------------------------------------------------------------------
// Peak RSS of the whole process: on the large config, and on many broken files (a million findings at the most),
// whose report is streamed: the peak should not grow with the number of files.
const MANY = (option('--many', '250,1000')).split(',').map(Number).filter((n) => n > 0);
console.log(`bench: check's memory (large config; ${MANY.join(' and ')} broken files of 1,000 invalid values) ...`);
const cliJs = path.join(root, 'out', 'cli.js');
const checkMemory = measureCheck(cliJs, ['check', '--format', 'json', large.path]);
const many = MANY.map((n) => manyFindings(cliJs, n));

// --- in-process -------------------------------------------------------------------------------------------
console.log('bench: parse and analysis in-process ...');
const inproc = childJson(['--expose-gc', benchJs, 'inprocess', inputs, String(RUNS)]);

// --- incremental analysis, in-process -----------------------------------------------------------------------
console.log('bench: incremental re-analysis in-process ...');
const incremental = childJson([benchJs, 'incremental', inputs, String(EDITS)]);

// --- where the analysis spends its time --------------------------------------------------------------------
let profile;
if (!flag('--no-profile')) {
  console.log('bench: profiling the analysis ...');
  const dir = path.join(tmp, 'profile');
  const r = run(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, benchJs, 'profile', inputs, '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) fail(`profiling failed:\n${r.stderr}`);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file) profile = summarizeProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), fs.readFileSync(benchJs, 'utf8'));
}

/**
 * Self time per function and per source module. The bundle marks each module with a `// path/to/module.ts`
 * comment line; a function belongs to the last marker above its line.
 */
function summarizeProfile(prof, bundle) {
  const markers = [];
  bundle.split('\n').forEach((line, i) => {
    const m = /^\/\/ ((?:server|bench|node_modules)\/\S+)$/.exec(line);
    if (m) markers.push([i, m[1].replace(/^node_modules\/([^/]+)\/.*$/, 'node_modules/$1')]);
  });
  const moduleAt = (line) => {
    let lo = 0;
    let hi = markers.length - 1;
    let best = '(bundle prelude)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (markers[mid][0] <= line) {
        best = markers[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const fns = new Map();
  const mods = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    if (cf.functionName === '(idle)' || cf.functionName === '(program)') continue;
    total += us;
    const inBundle = cf.url.endsWith('bench.js');
    const mod = inBundle ? moduleAt(cf.lineNumber) : cf.functionName.startsWith('(') ? cf.functionName : 'node internals';
    const fn = mod === cf.functionName ? mod : `\`${cf.functionName || '(anonymous)'}\` (${mod})`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    mods.set(mod, (mods.get(mod) ?? 0) + us);
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => ({ name: k, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, functions: top(fns, 12), modules: top(mods, 12) };
}

// --- the language server ----------------------------------------------------------------------------------
let lsp;
let debounce = NaN;
const serverSrc = fs.existsSync('server/src/lsp/server.ts') ? fs.readFileSync('server/src/lsp/server.ts', 'utf8') : '';
const dm = /DEFAULT_DEBOUNCE_MS\s*=\s*(\d+)/.exec(serverSrc);
if (dm) debounce = Number(dm[1]);
if (!flag('--no-lsp') && fs.existsSync(serverJs)) {
  console.log('bench: language server over stdio ...');
  lsp = childJson([benchJs, 'lsp', inputs, serverJs, String(Math.max(3, Math.min(RUNS, 7))), String(EDITS), String(debounce), option('--soak', '10000')]);
}

// --- package ----------------------------------------------------------------------------------------------
const vsix = fs.existsSync('out') ? fs.readdirSync('out').filter((f) => f.endsWith('.vsix')).map((f) => path.join('out', f)) : [];
const vsixInfo = vsix.map((f) => ({ file: f, bytes: fs.statSync(f).size, mtime: fs.statSync(f).mtime }));

const loadAfter = os.loadavg();

// --- report -----------------------------------------------------------------------------------------------
const ms = (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');
/** A sample's median, with its number of runs when a time budget cut it short. */
const med = (sample, wanted) => (sample ? `${ms(sample.median)} ms${sample.runs.length < wanted ? ` (${sample.runs.length} run${sample.runs.length === 1 ? '' : 's'})` : ''}` : 'skipped');
const ratio = (v) => (Number.isFinite(v) ? `${(v / nginx.median).toFixed(2)}x` : '');
const yes = (b) => (b === undefined ? 'n/a' : b ? 'met' : '**not met**');
const s1 = inproc.scaling[0];
const s2 = inproc.scaling[1];
const s4 = inproc.scaling[2];
const s8 = inproc.scaling[3];
const scale = (a, b) => (a && b ? b.median / a.median : NaN);
const worst = (...xs) => Math.max(...xs.filter(Number.isFinite));
const parseScale = worst(scale(s1.parse, s2.parse), scale(s2.parse, s4.parse), scale(s4.parse, s8?.parse));
const analysisScale = worst(scale(s1.analysis, s2.analysis), scale(s2.analysis, s4.analysis));
const steps = (xs) => xs.slice(1).map((x, i) => scale(xs[i], x));
const treeCheckScale = worst(...steps(treeChecks));
const treeAnalysisScale = worst(...steps(inproc.treeScaling.map((t) => t.analysis)));

const rows = [
  ['`nginx -t` on the large config (reference)', `${ms(nginx.median)} ms`, '1.00x', '', ''],
  ['`nginx-ws check --format json` on the same file (whole process)', `${ms(check.median)} ms`, ratio(check.median), '≤ 0.5x `nginx -t`', yes(check.median <= 0.5 * nginx.median)],
  ['parse, in-process', `${ms(inproc.parse.median)} ms = ${inproc.parse.mbPerSecond.toFixed(1)} MB/s`, ratio(inproc.parse.median), '≥ 200 MB/s', yes(inproc.parse.mbPerSecond >= 200)],
  ['parse, then read every node (the tree makes its objects when first read), in-process', `${ms(inproc.parseAndWalk.median)} ms = ${inproc.parseAndWalk.mbPerSecond.toFixed(1)} MB/s`, ratio(inproc.parseAndWalk.median), '', ''],
  ['full analysis (`analyzeText`, every rule), in-process', med(inproc.analysis, RUNS), ratio(inproc.analysis.median), '≤ 60 ms', yes(inproc.analysis.median <= 60)],
  ['scaling of parse, worst of 1x→2x, 2x→4x and 4x→8x', `${parseScale.toFixed(2)}x per 2x input`, '', '≤ 2.1x', yes(parseScale <= 2.1)],
  ['scaling of analysis, worst of 1x→2x and 2x→4x', `${analysisScale.toFixed(2)}x per 2x input${s4.analysis ? '' : ' (4x skipped)'}`, '', '≤ 2.1x', yes(analysisScale <= 2.1)],
  ['scaling of `check --format json` (whole process) on the large config as a tree of 1, 2, 4, 8 files, worst step', `${treeCheckScale.toFixed(2)}x per 2x input`, '', '≤ 2.1x', yes(treeCheckScale <= 2.1)],
  ['scaling of analysis (index and analyse every file) on that tree, worst step up to 8x', `${treeAnalysisScale.toFixed(2)}x per 2x input`, '', '≤ 2.1x', yes(treeAnalysisScale <= 2.1)],
  [`index ${inproc.index.files} files (discover, parse, include trees)`, med(inproc.index, RUNS), ratio(inproc.index.median), '', ''],
  [`index ${inproc.indexAndAnalyze.files} files and analyse every one`, med(inproc.indexAndAnalyze, RUNS), ratio(inproc.indexAndAnalyze.median), '< 2 s', yes(inproc.indexAndAnalyze.median < 2000)],
  [`\`nginx-ws check\` on the ${gen.workspace.files}-file workspace (whole process)`, `${ms(wsCheck.median)} ms`, `${(wsCheck.median / wsNginx.median).toFixed(2)}x its \`nginx -t\` (${ms(wsNginx.median)} ms)`, '', ''],
];
rows.push(['`nginx-ws check --format json` on the large config: peak RSS (whole process)', `${checkMemory.peakMb.toFixed(0)} MB`, '', '≤ 100 MB', yes(checkMemory.peakMb <= 100)]);
for (const m of many) {
  rows.push([`\`nginx-ws check --format json\` on ${m.files} broken files (${(m.bytes / 1e6).toFixed(0)} MB, ${m.findings.toLocaleString('en')} findings): time, peak RSS`, `${(m.ms / 1000).toFixed(1)} s, ${m.peakMb.toFixed(0)} MB`, '', '', '']);
}
if (many.length > 1) {
  const growth = many[many.length - 1].peakMb / many[0].peakMb;
  rows.push([`peak RSS of check, ${many[many.length - 1].files} vs ${many[0].files} broken files`, `${growth.toFixed(2)}x for ${(many[many.length - 1].files / many[0].files).toFixed(0)}x the files`, '', 'flat (≤ 1.2x)', yes(growth <= 1.2)]);
}
if (lsp) {
  rows.push(
    ['language server: spawn to `initialize` result', `${ms(lsp.initialize.median)} ms`, ratio(lsp.initialize.median), '', ''],
    [
      `language server: \`didChange\` → \`publishDiagnostics\`, ${lsp.edit.edits} incremental one-character edits in a ${lsp.edit.lines}-line file (debounce 0)`,
      `p50 ${ms(lsp.edit.p50)} ms, p95 ${ms(lsp.edit.p95)} ms (max ${ms(lsp.edit.max)}); without the first 10 edits, while the JIT warms up: p95 ${ms(lsp.edit.p95Warm)} ms`,
      ratio(lsp.edit.p95),
      'p95 ≤ 16 ms',
      yes(lsp.edit.p95 <= 16),
    ],
    [
      `language server: \`didChange\` → \`publishDiagnostics\`, ${lsp.largeEdit.edits} incremental one-character edits in the ${lsp.largeEdit.lines}-line large config (debounce 0)`,
      `p50 ${ms(lsp.largeEdit.p50)} ms, p95 ${ms(lsp.largeEdit.p95)} ms (max ${ms(lsp.largeEdit.max)}); without the first 10 edits: p95 ${ms(lsp.largeEdit.p95Warm)} ms`,
      ratio(lsp.largeEdit.p95),
      'p95 ≤ 50 ms',
      yes(lsp.largeEdit.p95 <= 50),
    ],
    [`language server: didOpen → diagnostics, ${gen.workspace.files}-file workspace main config`, `${ms(lsp.workspaceOpenToDiagnosticsMs)} ms`, ratio(lsp.workspaceOpenToDiagnosticsMs), '', ''],
    [
      `language server: \`didChange\` → \`publishDiagnostics\`, ${lsp.workspaceEdit.edits} one-character edits in one file of the ${gen.workspace.files}-file workspace (debounce 0)`,
      `p50 ${ms(lsp.workspaceEdit.p50)} ms, p95 ${ms(lsp.workspaceEdit.p95)} ms (max ${ms(lsp.workspaceEdit.max)})`,
      ratio(lsp.workspaceEdit.p95),
      '',
      '',
    ],
    // The issue's memory target is the server's after indexing the 1,000 files; the editing peak is shown beside it.
    [
      `language server: peak RSS (VmHWM) after indexing the ${gen.workspace.files}-file workspace and opening its main config`,
      `${lsp.peakRssMb.workspace.toFixed(0)} MB`,
      '',
      '< 150 MB',
      yes(lsp.peakRssMb.workspace < 150),
    ],
    [`language server: peak RSS (VmHWM) over the ${lsp.edit.edits} edits of the ${lsp.edit.lines}-line file`, `${lsp.peakRssMb.edit.toFixed(0)} MB`, '', '', ''],
    [`language server: peak RSS (VmHWM) over the ${lsp.largeEdit.edits} edits of the ${lsp.largeEdit.lines}-line large config`, `${lsp.largeEdit.peakRssMb.toFixed(0)} MB`, '', '', ''],
    [
      `language server: soak of ${lsp.soak.edits.toLocaleString('en')} edits in one file of the ${gen.workspace.files}-file workspace (${lsp.soak.seconds.toFixed(0)} s): RSS at the start, every tenth, and peak`,
      `${lsp.soak.rssMb.map((v) => v.toFixed(0)).join(' → ')} MB; peak ${lsp.soak.peakRssMb.toFixed(0)} MB`,
      '',
      '≤ 150 MB, flat',
      yes(lsp.soak.peakRssMb <= 150 && lsp.soak.rssMb[lsp.soak.rssMb.length - 1] <= 1.2 * lsp.soak.rssMb[1]),
    ],
  );
} else {
  rows.push(['language server', 'not measured (out/server.js missing or --no-lsp)', '', '', 'n/a']);
}
for (const [label, r] of [['file', incremental.edit], ['large config', incremental.large]]) {
  rows.push([
    `incremental re-analysis in-process (parse, include tree, rules), the same ${r.edits} edits in the ${r.lines}-line ${label}`,
    `p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms; blocks re-run per edit: ${r.rerunMedian} of ${r.units} (at most ${r.rerunMax}), ${r.wholeRules} rules over the whole file, ${r.fromScratch} edits from scratch`,
    ratio(r.p95),
    '',
    '',
  ]);
}
for (const v of vsixInfo) rows.push([`package size (${v.file}, built ${v.mtime.toISOString().slice(0, 16).replace('T', ' ')})`, `${(v.bytes / 1024).toFixed(0)} KB`, '', '', '']);
if (vsixInfo.length === 0) rows.push(['package size', 'no out/*.vsix (run with --package)', '', '', '']);

const table = [
  '| measurement | result (median) | vs `nginx -t` | target | |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');

const scalingTable = [
  '| input | size | `nginx -t` | parse | analysis |',
  '|---|---|---|---|---|',
  ...inproc.scaling.map(
    (s, i) =>
      `| ${s.factor}x (${s.factor * large.apps} apps, ${s.lines} lines) | ${(s.bytes / 1e6).toFixed(2)} MB | ${nginxScaling[i] ? `${ms(nginxScaling[i].median)} ms` : 'not run'} | ${med(s.parse, i === 0 ? RUNS : SCALE_RUNS)} | ${s.analysis ? med(s.analysis, i === 0 ? RUNS : SCALE_RUNS) : s.parseOnly ? 'not run (over the workspace file limit; parse only)' : 'skipped (the previous size took over 20 s)'} |`,
  ),
].join('\n');

const treeTable = [
  '| tree | files | size | `check --format json` (whole process) | analysis in-process (index, analyse every file) | findings |',
  '|---|---|---|---|---|---|',
  ...gen.trees.map((t, i) => {
    const a = inproc.treeScaling[i];
    return `| ${t.factor}x | ${t.files} | ${(t.bytes / 1e6).toFixed(2)} MB | ${med(treeChecks[i], SCALE_RUNS)} | ${a?.analysis ? med(a.analysis, SCALE_RUNS) : 'skipped (the previous size took over 20 s)'} | ${a?.findings ?? ''} |`;
  }),
].join('\n');

const cpus = os.cpus();
const nginxVersion = run(NGINX, ['-v']).stderr.trim().replace(/^nginx version: /, '');
const machine = [
  `- date: ${startedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`,
  `- machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
  `- Node ${process.version}, ${nginxVersion} (Debian's, the reference), nginx-ws ${JSON.parse(fs.readFileSync('package.json', 'utf8')).version}`,
  `- load average before / after: ${loadBefore.map((l) => l.toFixed(1)).join(' ')} / ${loadAfter.map((l) => l.toFixed(1)).join(' ')}`,
  `- ${RUNS} runs per measurement after a warm-up (five for the 1x parse rows; ${SCALE_RUNS} runs at 2x, 4x and 8x; analysis there without warm-up), medians; the index rows include the first, cold run; a measurement stops repeating after 30 s (its run count is shown)`,
].join('\n');

const notes = [
  `- Inputs (bench/generate.ts): one nginx.conf with ${large.apps} upstreams and ${large.apps} \`server\` blocks, each with a plain, a WebSocket and a regex location (${large.lines} lines, ${(large.bytes / 1e6).toFixed(2)} MB, ${inproc.large.directives} directives); loopback and private addresses, one \`listen\` and unique \`server_name\`s, so \`nginx -t\` resolves nothing. Every tenth WebSocket location lacks \`proxy_http_version 1.1\`: the analysis reports ${inproc.large.findings} findings, \`check\` prints ${checkLines} (exit ${check.status}).`,
  `- The workspace: \`nginx.conf\` including \`conf.d/*.conf\`, ${gen.workspace.files - 1} files of one application each.`,
  `- In-process numbers run the bundled service (esbuild, as shipped) in a fresh Node process with default V8 flags (and --expose-gc: the heap is collected before each timed run).`,
  lsp
    ? `- Editor loop: the server is started with \`initializationOptions.debounceMs: 0\`, so the latency is the server's own work; an editor with the default settings waits a further ${debounce} ms of debounce after the last keystroke before this work starts. didOpen → first diagnostics of the ${lsp.edit.lines}-line file: ${ms(lsp.edit.openToDiagnosticsMs)} ms.`
    : '- The language server was not measured.',
  `- Incremental analysis (server/src/service/incremental/): the server keeps the findings of block-local rules per top-level block (each \`server\`, \`upstream\`, \`map\` at http level, \`events\`) and re-runs them only for blocks whose text changed, while the tree-wide facts they read (definitions, the statements around the blocks, other files, settings) are the same; the rules that compare blocks run over the whole file. Each editor-loop edit changes one \`proxy_read_timeout\` of one server: the in-process rows count the blocks it re-ran.`,
  '- `vs nginx -t` divides by the median of `nginx -t` on the large config; it is a scale, not a target, except for `check`.',
].join('\n');

const profileSection = profile
  ? [
      `Self time while analysing the large config 4 times (one warm-up, three measured; ${ms(profile.totalMs)} ms of CPU in all), from \`node --cpu-prof\` on the bundle:`,
      '',
      '| module | self time | share |',
      '|---|---|---|',
      ...profile.modules.map((m) => `| ${m.name} | ${ms(m.ms)} ms | ${(m.share * 100).toFixed(1)}% |`),
      '',
      '| function (module) | self time | share |',
      '|---|---|---|',
      ...profile.functions.map((f) => `| ${f.name} | ${ms(f.ms)} ms | ${(f.share * 100).toFixed(1)}% |`),
    ].join('\n')
  : 'Not profiled (--no-profile).';

const report = `# Benchmark

Latest results of \`npm run bench\` (scripts/bench.mjs). Regenerate with \`npm run bench\`; the numbers below are
from the run described under Machine. Timings on a shared or loaded machine vary by tens of percent: compare
ratios and medians from one run, not single numbers across runs.

${table}

## Scaling (1x, 2x, 4x the large config; 8x for the parse)

${scalingTable}

The same applications as a tree, \`nginx.conf\` including one file of the large config's applications per factor
(each file stays under the workspace's 5 MB per-file limit, so the analysis runs at 8x too):

${treeTable}

## Where the analysis spends its time

${profileSection}

## Machine

${machine}

## Notes

${notes}
`;

console.log(`\n${table}\n\n${scalingTable}\n\n${treeTable}\n\n${profileSection}\n\n${machine}\n`);
if (OUT !== '-') {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  // What follows the marker is written by hand (profiles of earlier runs, analyses): a new run keeps it.
  const previous = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  const at = previous.indexOf(HAND_WRITTEN);
  fs.writeFileSync(OUT, at >= 0 ? `${report.trimEnd()}\n\n${previous.slice(at)}` : report);
  console.log(`bench: wrote ${OUT}`);
}
fs.writeFileSync(path.join(tmp, 'results.json'), JSON.stringify({ nginx, nginxScaling, check, checkMemory, many, wsCheck, wsNginx, inproc, incremental, lsp, vsixInfo, profile }, null, 2));
if (flag('--keep')) console.log(`bench: inputs and raw results kept in ${tmp}`);
else fs.rmSync(tmp, { recursive: true, force: true });
