/**
 * `budget-check --jobs N`: the files of one run shared among N worker threads.
 *
 * The main thread hands out file paths (two in flight per worker, so that a worker never waits
 * for its next file and one big file does not hold up a queue); each worker runs the same bundle,
 * which answers with the file's share of the output (plain data). Results are put back in the
 * order of the paths, so the output does not depend on which worker finished first. With one job,
 * or one file, no thread is started.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import os from 'node:os';

const TAG = 'budget-check-worker';
/** Paths handed to a worker before it has answered. */
const IN_FLIGHT = 2;

/** The default number of jobs: the cores Node may use. */
export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : Math.max(1, os.cpus().length);
}

type Reply<T> = { index: number; value: T } | { index: number; error: string };

/**
 * In a worker started by mapInWorkers: answer the main thread's paths with `work` and return
 * true. Anywhere else (the main thread, another kind of worker) do nothing and return false.
 */
export function serveWorker<C, T>(work: (item: string, context: C) => T): boolean {
  const data = workerData as { tag?: string; context?: C } | null;
  if (isMainThread || !parentPort || data?.tag !== TAG) return false;
  const port = parentPort;
  const context = data.context as C;
  port.on('message', (msg: { index: number; item: string }) => {
    let reply: Reply<T>;
    try {
      reply = { index: msg.index, value: work(msg.item, context) };
    } catch (err) {
      reply = { index: msg.index, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(reply);
  });
  return true;
}

/**
 * `work(item, context)` for every item, in `jobs` worker threads that run `script` (a module that
 * calls serveWorker with the same `work`); the results in the items' order. `context` must be
 * plain data (it is copied to each worker).
 */
export async function mapInWorkers<C, T>(items: readonly string[], jobs: number, script: string, context: C, work: (item: string, context: C) => T): Promise<T[]> {
  const results = new Array<T>(items.length);
  const threads = Math.min(Math.max(1, Math.floor(jobs)), items.length);
  if (threads <= 1) {
    for (let i = 0; i < items.length; i++) results[i] = work(items[i], context);
    return results;
  }
  await new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const feed = (w: Worker) => {
      if (next >= items.length) return;
      const index = next++;
      w.postMessage({ index, item: items[index] });
    };
    for (let k = 0; k < threads; k++) {
      const w = new Worker(script, { workerData: { tag: TAG, context } });
      workers.push(w);
      w.on('message', (reply: Reply<T>) => {
        if ('error' in reply) return finish(new Error(`${items[reply.index]}: ${reply.error}`));
        results[reply.index] = reply.value;
        if (++done === items.length) finish();
        else feed(w);
      });
      w.on('error', (err) => finish(err));
      w.on('exit', (code) => finish(settled ? undefined : new Error(`a worker thread stopped early (exit code ${code})`)));
      for (let j = 0; j < IN_FLIGHT; j++) feed(w);
    }
  });
  return results;
}
