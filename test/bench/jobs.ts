/**
 * Batch benchmark of `budget-check --jobs N` (npm run bench:jobs): 1,000 documents — the five
 * samples copied round-robin into a temporary folder — checked by the built dist/cli.js with
 * 1 and 2 worker threads (and more when the machine has the cores). Each setting is run several
 * times and the fastest wall time kept (the others are other processes' noise); the outputs of
 * all settings must be identical. Prints documents per second, per second per core (per job),
 * the speed-up over one job, and (on Linux) the CPU time the checker used, all threads together,
 * with documents per CPU-second: on a busy machine that is the steadier measure of throughput
 * per core, since wall time then depends on what else runs.
 *
 *   npx tsx test/bench/jobs.ts [--docs 1000] [--runs 3] [--jobs 1,2]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLES = ['huizhou-2023', 'jiangmen-jianghai-2024', 'qingyuan-qingxin-2023', 'shaoguan-2024', 'shenzhen-2024'];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** CPU seconds used by this process's finished children (Linux: /proc/self/stat cutime + cstime, at 100 ticks/s); null elsewhere. */
function childCpuSeconds(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields from the 3rd (state): cutime and cstime are the 16th and 17th of the whole line
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const docs = Number(option('docs', '1000'));
const runs = Number(option('runs', '3'));
const cores = os.availableParallelism();
const jobList = option('jobs', cores > 2 ? `1,2,${cores}` : '1,2')
  .split(',')
  .map(Number);

const dir = mkdtempSync(path.join(os.tmpdir(), 'budget-bench-jobs-'));
try {
  let bytes = 0;
  for (let i = 0; i < docs; i++) {
    const name = SAMPLES[i % SAMPLES.length];
    const sub = path.join(dir, String(Math.floor(i / 100)).padStart(2, '0'));
    if (i % 100 === 0) mkdirSync(sub);
    const to = path.join(sub, `${String(i).padStart(4, '0')}-${name}.txt`);
    copyFileSync(path.join(ROOT, 'samples', `${name}.txt`), to);
    bytes += statSync(to).size;
  }
  console.log(`${docs} documents, ${(bytes / 1e6).toFixed(1)} MB; ${cores} cores (os.availableParallelism); node ${process.version}; best of ${runs} runs`);

  let reference: string | undefined;
  const rows: Array<{ jobs: number; ms: number; cpu: number | null }> = [];
  for (const jobs of jobList) {
    let best = Infinity;
    let cpu: number | null = null;
    for (let r = 0; r < runs; r++) {
      const cpuBefore = childCpuSeconds();
      const started = process.hrtime.bigint();
      const out = spawnSync(process.execPath, [CLI, '--jobs', String(jobs), '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuAfter = childCpuSeconds();
      if (cpuBefore !== null && cpuAfter !== null) cpu = Math.min(cpu ?? Infinity, cpuAfter - cpuBefore);
      if (out.status !== 0 && out.status !== 1) throw new Error(`budget-check failed (${out.status}): ${out.stderr}`);
      if (reference === undefined) reference = out.stdout;
      else if (out.stdout !== reference) throw new Error(`--jobs ${jobs} gave a different output`);
      best = Math.min(best, ms);
    }
    rows.push({ jobs, ms: best, cpu });
  }

  const base = rows.find((r) => r.jobs === 1)?.ms ?? rows[0].ms;
  console.log('');
  const load = os.loadavg()[0];
  console.log(`load average (1 min) at the end: ${load.toFixed(1)} on ${cores} cores`);
  console.log('');
  console.log('| jobs | wall time | documents/s | documents/s per job | speed-up | CPU time (all threads) | documents per CPU-second |');
  console.log('|---|---|---|---|---|---|---|');
  for (const { jobs, ms, cpu } of rows) {
    const rate = docs / (ms / 1000);
    const cpuCells = cpu === null ? '– | –' : `${cpu.toFixed(2)} s | ${(docs / cpu).toFixed(0)}`;
    console.log(`| ${jobs} | ${(ms / 1000).toFixed(2)} s | ${rate.toFixed(0)} | ${(rate / jobs).toFixed(0)} | ${(base / ms).toFixed(2)}× | ${cpuCells} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
