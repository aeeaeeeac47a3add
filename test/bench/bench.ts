/**
 * Benchmark: full analysis (read the file, parse + check) against a raw baseline that only
 * reads the file, splits it into lines and pulls every number out with a regex; beside it the
 * analysis alone (parse + check of the text already read, as the server gets it from the editor).
 *
 *   npm run bench        (builds dist/bench.js, runs it with --expose-gc)
 *
 * Inputs: every sample in samples/, every text of the real corpus in ../shared/corpus when it is
 * there (both conversions), and a ≥10 MB concatenation of them all. Targets are informational: always exits 0.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBudgetService, parseCatalog } from '../../server/src/service';
import { catalogDirectory, readCatalogFiles } from '../../server/src/catalogFiles';

/**
 * How an input is timed: `warmups` untimed runs of each measured function, then `rounds` rounds,
 * each timing `perRound` runs of every function in turn (raw, full, analysis), so a slow spell of
 * the shared machine falls on all three columns alike instead of on whichever ran then; the
 * median is taken over all of a function's timed runs.
 */
interface Plan {
  warmups: number;
  rounds: number;
  perRound: number;
}
/** Samples are small: warm the JIT as a long-running language server is warm; 5 × 11 = 55 timed runs. */
const SMALL: Plan = { warmups: 200, rounds: 5, perRound: 11 };
/** The ~10 MB input takes about a second a run: 7 timed runs. */
const LARGE: Plan = { warmups: 2, rounds: 7, perRound: 1 };
const BIG_BYTES = 10 * 1024 * 1024;
const NUMBER = /\d[\d,]*(?:\.\d+)?/g;

/**
 * The catalogue's first read and parse, measured before anything else warms
 * the code up: what the first document of a server or CLI process pays.
 */
const catalogCold = (() => {
  const t0 = performance.now();
  const catalog = parseCatalog(readCatalogFiles() ?? {});
  return { ms: performance.now() - t0, entries: catalog.all().length };
})();

/** As the server and the CLI make it: with the classification catalogue (its code checks are part of the analysis). */
const service = createBudgetService({ catalogFiles: readCatalogFiles });
/** Results are folded into this so no work can be optimised away. */
let sink = 0;

interface Input {
  name: string;
  file: string;
  bytes: number;
}

interface Stats {
  median: number;
  min: number;
}

interface Row {
  input: Input;
  raw: Stats;
  full: Stats;
  /** parse + check of the text already in memory (no file read) */
  analysis: Stats;
  findings: number;
}

/** The repository root: the nearest ancestor of this file holding a package.json (works from dist/ and test/bench/). */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

function raw(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/);
  let count = 0;
  for (const line of lines) {
    for (const m of line.matchAll(NUMBER)) count += m[0].length;
  }
  sink += count + lines.length;
}

function full(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  const { findings } = service.analyze(text);
  sink += findings.length;
  return findings.length;
}

/** The analysis alone: the text is read once, outside the timing. */
function analysisOf(text: string): void {
  sink += service.analyze(text).findings.length;
}

/** Times each function of `fns` by `plan` (see Plan), interleaved; one Stats per function. */
function measureInterleaved(fns: Array<() => void>, plan: Plan): Stats[] {
  // start every measurement from a collected heap, so one input's garbage is not billed to the next
  settledHeap();
  for (const fn of fns) for (let i = 0; i < plan.warmups; i++) fn();
  const times: number[][] = fns.map(() => []);
  for (let r = 0; r < plan.rounds; r++) {
    fns.forEach((fn, k) => {
      for (let i = 0; i < plan.perRound; i++) {
        const t0 = performance.now();
        fn();
        times[k].push(performance.now() - t0);
      }
    });
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return { median: t[Math.floor(t.length / 2)], min: t[0] };
  });
}

function measure(fn: () => void, plan: Plan): Stats {
  return measureInterleaved([fn], plan)[0];
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function settledHeap(): number {
  if (gc) {
    gc();
    gc();
  }
  return heapNow();
}

interface Memory {
  chars: number;
  bytes: number;
  /** heap growth right after analysis, garbage included (a lower bound of the peak) */
  afterAnalysis: number;
  /** heap growth still held by the result after a full GC */
  retained: number;
}

function measureMemory(input: Input): Memory {
  const text = fs.readFileSync(input.file, 'utf8');
  const before = settledHeap();
  const analysis = service.analyze(text);
  const afterAnalysis = heapNow() - before;
  const retained = settledHeap() - before;
  sink += analysis.findings.length + analysis.model.tables.length; // keeps the result alive until here
  return { chars: text.length, bytes: input.bytes, afterAnalysis, retained };
}

const ms = (n: number): string => n.toFixed(n < 10 ? 3 : 1);
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(2)} MB`;
const size = (n: number): string => (n >= 1024 * 1024 ? mb(n) : `${(n / 1024).toFixed(1)} KB`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * A 支出功能分类 table of `n` top-level rows (each 1.00, the 合计 their sum):
 * analysed, outlined, folded and hovered once, timed. Every step must
 * finish, and the table must hold (no finding but the catalogue's).
 */
function millionRows(n: number): { rows: number; chars: number; steps: [string, number, string][] } {
  const parts: string[] = [
    '2024年\n测试局部门预算\n表5\n一般公共预算支出情况表（按功能分类科目）\n单位：万元\n',
    '功能科目名称\t一般公共预算支出\t\t\n\t小计\t其中：基本支出\t项目支出\n',
    `合计\t${n}.00\t${n}.00\t0.00\n`,
  ];
  const row = '[201]一般公共服务支出\t1.00\t1.00\t0.00\n';
  const text = parts.join('') + row.repeat(n) + '注：无。\n';
  const steps: [string, number, string][] = [];
  settledHeap();
  let t0 = performance.now();
  const { model, findings } = service.analyze(text);
  const failed = findings.filter((f) => /RangeError|call stack/.test(f.message)).length;
  steps.push(['analyze (parse + check)', performance.now() - t0, `${model.tables[0]?.rows.length ?? 0} rows, ${findings.length} findings${failed ? `, ${failed} FAILED` : ''}`]);
  t0 = performance.now();
  const outline = service.outline(model);
  steps.push(['outline', performance.now() - t0, `${outline.length} top items`]);
  t0 = performance.now();
  const folds = service.foldingRanges(model);
  steps.push(['folding ranges', performance.now() - t0, `${folds.length} ranges`]);
  t0 = performance.now();
  const hover = service.hover(model, text.lastIndexOf('[201]') + 1, { locale: 'en' });
  steps.push(['hover (last row)', performance.now() - t0, hover ? 'ok' : 'none']);
  sink += findings.length + outline.length + folds.length;
  return { rows: n, chars: text.length, steps };
}

function main(): void {
  const root = repoRoot();
  const samplesDir = path.resolve(root, 'samples');
  if (!fs.existsSync(samplesDir)) {
    console.error(`bench: samples not found at ${samplesDir}`);
    process.exit(1);
  }
  const samples: Input[] = fs
    .readdirSync(samplesDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const file = path.join(samplesDir, f);
      return { name: f, file, bytes: fs.statSync(file).size };
    });
  if (samples.length === 0) {
    console.error(`bench: no *.txt samples in ${samplesDir}`);
    process.exit(1);
  }
  const corpusDir = path.resolve(root, '..', 'shared', 'corpus');
  if (fs.existsSync(corpusDir)) {
    for (const f of fs.readdirSync(corpusDir).filter((x) => x.endsWith('.txt') && x !== 'README.txt').sort()) {
      const file = path.join(corpusDir, f);
      samples.push({ name: `corpus/${f}`, file, bytes: fs.statSync(file).size });
    }
  } else console.log(`(corpus not found at ${corpusDir}: samples only)\n`);

  // ≥10 MB input: the samples concatenated, repeated.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-bench-'));
  try {
    const unit = samples.map((s) => fs.readFileSync(s.file, 'utf8')).join('\n');
    const unitBytes = Buffer.byteLength(unit, 'utf8');
    const copies = Math.ceil(BIG_BYTES / unitBytes);
    const bigFile = path.join(tmp, 'all-samples-x' + copies + '.txt');
    fs.writeFileSync(bigFile, Array.from({ length: copies }, () => unit).join('\n'));
    const big: Input = { name: `all samples ×${copies}`, file: bigFile, bytes: fs.statSync(bigFile).size };

    console.log(
      `Node ${process.version}; samples: ${SMALL.warmups} warm-ups + median of ${SMALL.rounds} × ${SMALL.perRound} runs; ` +
        `10 MB input: ${LARGE.warmups} warm-ups + median of ${LARGE.rounds} × ${LARGE.perRound} runs; ` +
        `raw, full and analysis timed in turn, round by round; times in ms\n`,
    );

    const rows: Row[] = [...samples, big].map((input) => {
      const plan = input === big ? LARGE : SMALL;
      let findings = 0;
      const text = fs.readFileSync(input.file, 'utf8');
      const [rawStats, fullStats, analysisStats] = measureInterleaved(
        [
          () => raw(input.file),
          () => {
            findings = full(input.file);
          },
          () => analysisOf(text),
        ],
        plan,
      );
      return { input, raw: rawStats, full: fullStats, analysis: analysisStats, findings };
    });

    const memory = measureMemory(big);

    console.log(
      table(
        ['input', 'size', 'raw med', 'raw min', 'full med', 'full min', 'full/raw', 'analysis med', 'findings'],
        rows.map((r) => [
          r.input.name,
          size(r.input.bytes),
          ms(r.raw.median),
          ms(r.raw.min),
          ms(r.full.median),
          ms(r.full.min),
          `${(r.full.median / r.raw.median).toFixed(2)}×`,
          ms(r.analysis.median),
          String(r.findings),
        ]),
      ),
    );

    const utf16 = 2 * memory.chars;
    const peak = Math.max(memory.afterAnalysis, memory.retained);
    console.log(`\nMemory, full analysis of ${big.name}${gc ? '' : ' (run with --expose-gc for stable numbers)'}:`);
    console.log(
      table(
        ['measure', 'heap growth', '× UTF-16 text', '× file bytes'],
        [
          ['input', `${mb(utf16)} UTF-16`, '1.00×', `${mb(memory.bytes)} file`],
          ['after analysis (no GC)', mb(memory.afterAnalysis), `${(memory.afterAnalysis / utf16).toFixed(2)}×`, `${(memory.afterAnalysis / memory.bytes).toFixed(2)}×`],
          ['retained (after GC)', mb(memory.retained), `${(memory.retained / utf16).toFixed(2)}×`, `${(memory.retained / memory.bytes).toFixed(2)}×`],
        ],
      ),
    );

    // one table of 1,000,000 top-level rows: no recursion or spread over rows (issue 14)
    const million = millionRows(1_000_000);
    console.log(`\nOne table of ${million.rows.toLocaleString('en')} rows (${mb(million.chars)} of text), one run each:`);
    console.log(
      table(
        ['step', 'ms', 'result'],
        million.steps.map(([step, t, result]) => [step, ms(t), result]),
      ),
    );

    const dir = catalogDirectory();
    const files = dir ? fs.readdirSync(dir).filter((f) => f.endsWith('.tsv')) : [];
    const dataBytes = files.reduce((n, f) => n + fs.statSync(path.join(dir!, f)).size, 0);
    const warm = measure(() => {
      sink += parseCatalog(readCatalogFiles() ?? {}).all().length;
    }, { warmups: 3, rounds: 1, perRound: 11 });
    const bundle = path.join(repoRoot(), 'dist', 'server.js');
    console.log(`\nClassification catalogue (read when the first document needs it, not at start-up):`);
    console.log(
      table(
        ['measure', 'value'],
        [
          ['data files (outside the bundles)', `${files.length} files, ${size(dataBytes)}, ${catalogCold.entries} entries`],
          ['dist/server.js (unchanged by the data)', fs.existsSync(bundle) ? size(fs.statSync(bundle).size) : 'not built'],
          ['first read + parse in a process', `${ms(catalogCold.ms)} ms`],
          ['read + parse, warm (median)', `${ms(warm.median)} ms`],
        ],
      ),
    );

    const bigRow = rows[rows.length - 1];
    const sampleRows = rows.slice(0, -1);
    const slowest = sampleRows.reduce((a, b) => (b.full.median > a.full.median ? b : a));
    const over = sampleRows.filter((r) => r.full.median >= 2);
    const slowestAnalysis = sampleRows.reduce((a, b) => (b.analysis.median > a.analysis.median ? b : a));
    const ratio = bigRow.full.median / bigRow.raw.median;
    const targets: [string, string, boolean][] = [
      [`full ≤ 3× raw (${big.name})`, `${ratio.toFixed(2)}×`, ratio <= 3],
      ['full < 2 ms per document (slowest median)', `${ms(slowest.full.median)} ms (${slowest.input.name})`, slowest.full.median < 2],
      ['analysis alone < 2 ms per document (slowest median)', `${ms(slowestAnalysis.analysis.median)} ms (${slowestAnalysis.input.name})`, slowestAnalysis.analysis.median < 2],
      ['documents with a median of 2 ms or more', over.length === 0 ? `none of ${sampleRows.length}` : `${over.length} of ${sampleRows.length}: ${over.map((r) => r.input.name.replace(/^corpus\//, '').replace(/\.txt$/, '')).join(', ')}`, over.length === 0],
      ['peak memory < 10× input (UTF-16)', `${(peak / utf16).toFixed(2)}×`, peak < 10 * utf16],
    ];
    console.log('\nTargets (informational):');
    console.log(table(['target', 'measured', 'result'], targets.map(([t, m, ok]) => [t, m, ok ? 'PASS' : 'FAIL'])));
    if (sink === -1) console.log(''); // consume the sink
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
