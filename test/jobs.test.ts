/**
 * `budget-check --jobs N`: the worker pool (server/src/cliJobs.ts) keeps the items' order whatever
 * order the threads finish in, really uses threads, and reports a failing item; the checker's
 * output (text, JSON, SARIF, the summary on stderr, the exit status) is the same for 1, 2 and 3
 * jobs, and worker threads are started for N > 1; the option is parsed and checked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultJobs, mapInWorkers } from '../server/src/cliJobs';
import { parseArgs } from '../server/src/cli';
import { ROOT, SAMPLES, SAMPLES_DIR } from './helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const WORKER = path.join(__dirname, 'fixtures', 'jobs', 'worker.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const work = require('./fixtures/jobs/work.js') as (item: string, context: { tag: string }) => { item: string; thread: number; tag: string };

describe('the worker pool', () => {
  it('returns results in the items’ order, from several threads', async () => {
    // earlier items take longer: the threads answer out of order
    const items = Array.from({ length: 12 }, (_, i) => `item${i}:${(12 - i) * 4}`);
    const results = await mapInWorkers(items, 3, WORKER, { tag: 'ctx' }, work);
    assert.deepEqual(
      results.map((r) => r.item),
      items,
    );
    assert.ok(results.every((r) => r.tag === 'ctx'), 'the context reaches the workers');
    const threads = new Set(results.map((r) => r.thread));
    assert.ok(!threads.has(0), 'nothing ran on the main thread');
    assert.equal(threads.size, 3, `three threads did the work: ${[...threads].join(', ')}`);
  });

  it('runs in this thread for one job or one item', async () => {
    const one = await mapInWorkers(['a:1', 'b:1'], 1, WORKER, { tag: 't' }, work);
    assert.deepEqual(
      one.map((r) => r.thread),
      [0, 0],
    );
    const single = await mapInWorkers(['a:1'], 4, WORKER, { tag: 't' }, work);
    assert.equal(single[0].thread, 0);
    assert.deepEqual(await mapInWorkers([], 4, WORKER, { tag: 't' }, work), []);
  });

  it('rejects with the item that failed, and stops its threads', async () => {
    await assert.rejects(mapInWorkers(['a:1', 'fail', 'c:1', 'd:1'], 2, WORKER, { tag: 't' }, work), /^Error: fail: Error: cannot do this one/);
  });
});

describe('budget-check --jobs', () => {
  let dir: string;
  before(() => {
    spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'budget-jobs-'));
    // the samples twice over, in nested folders, with a binary file and a file with a sum error among them
    for (const [k, sub] of ['a', 'b/c'].entries()) {
      mkdirSync(path.join(dir, sub), { recursive: true });
      for (const name of SAMPLES) copyFileSync(path.join(SAMPLES_DIR, `${name}.txt`), path.join(dir, sub, `${k}-${name}.txt`));
    }
    writeFileSync(path.join(dir, 'a', 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255]));
    writeFileSync(path.join(dir, 'b', 'broken.budget.txt'), '2024年测试局部门预算\n\n一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\n[201]一般公共服务支出\t10.00\n[20101]人大事务\t3.00\n[20102]政协事务\t4.00\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, '--locale', 'en', ...args], { encoding: 'utf8', timeout: 120_000 });

  for (const format of ['text', 'json', 'sarif']) {
    it(`gives the same ${format} output, summary and exit status with 1, 2 and 3 jobs`, () => {
      const one = cli(['--jobs', '1', '--format', format, dir, path.join(dir, 'missing.txt')]);
      assert.equal(one.status, 2, 'the missing file is an error');
      assert.ok(one.stdout.length > 1000);
      for (const jobs of ['2', '3']) {
        const many = cli(['--jobs', jobs, '--format', format, dir, path.join(dir, 'missing.txt')]);
        assert.equal(many.status, one.status);
        assert.equal(many.stdout, one.stdout);
        assert.equal(many.stderr, one.stderr);
      }
      if (format === 'json') {
        const paths = (JSON.parse(one.stdout) as { files: Array<{ path: string }> }).files.map((f) => path.relative(dir, f.path));
        assert.deepEqual(paths, [...paths].sort(), 'in the order of the paths');
        assert.equal(paths.length, 12);
      }
      if (format === 'sarif') {
        const run = (JSON.parse(one.stdout) as { runs: Array<{ artifacts: unknown[]; results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string; index: number } } }> }> }> }).runs[0];
        for (const r of run.results) {
          const loc = r.locations[0].physicalLocation.artifactLocation;
          assert.deepEqual(run.artifacts[loc.index], { location: { uri: loc.uri } }, 'each result points at its own artifact');
        }
      }
      if (format === 'text') assert.match(one.stderr, /12 file\(s\) checked: [1-9]\d* error\(s\)/);
    });
  }

  it('starts worker threads for N > 1 and none for 1', () => {
    const count = (jobs: string) => {
      const script = `
        const wt = require('node:worker_threads');
        let started = 0;
        const Base = wt.Worker;
        wt.Worker = class extends Base { constructor(...a) { super(...a); started++; } };
        require(${JSON.stringify(CLI)}).main(['--jobs', '${jobs}', ${JSON.stringify(dir)}], { out() {}, err() {} }).then((code) => console.log(started, code));`;
      return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 }).stdout.trim();
    };
    assert.equal(count('1'), '0 1');
    assert.equal(count('2'), '2 1');
    assert.equal(count('3'), '3 1');
  });

  it('takes -j N, --jobs N and --jobs=N, defaults to the number of cores, and refuses anything else', () => {
    const paths = ['x.txt'];
    const jobs = (argv: string[]) => {
      const o = parseArgs([...argv, ...paths]);
      assert.notEqual(o, 'help');
      return (o as { jobs: number }).jobs;
    };
    assert.equal(jobs([]), defaultJobs());
    assert.equal(defaultJobs(), os.availableParallelism());
    assert.equal(jobs(['-j', '3']), 3);
    assert.equal(jobs(['--jobs', '2']), 2);
    assert.equal(jobs(['--jobs=5']), 5);
    for (const bad of ['0', '-1', 'two', '1.5']) {
      const r = cli(['--jobs', bad, 'x.txt']);
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--jobs needs a number of threads/);
    }
    assert.match(cli(['--help']).stdout, /-j, --jobs N/);
  });
});
