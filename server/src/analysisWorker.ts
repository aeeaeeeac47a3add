/**
 * Large documents are analysed off the server's thread, so the server keeps
 * answering while a long analysis runs (a 9 MB document takes seconds).
 *
 * One worker thread per large open document holds that document's latest
 * analysis and answers its requests (./requests.ts: the same code the server
 * runs for small documents). The worker is the same bundle as the server
 * (dist/server.js started as a worker: main.ts calls runAnalysisWorker), so
 * the package gains no file.
 *
 * Stale work is dropped: a newer version of the document (or new settings)
 * while the worker is still analysing an older one ends that worker (an
 * analysis cannot be interrupted otherwise) and starts a fresh one. Requests
 * waiting on the ended analysis, and answers computed for a version that is no
 * longer the document's, are refused with ContentModified, as the LSP asks;
 * requests on a document whose analysis is under way wait for it.
 */
import { parentPort, Worker } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { answer, type Method, type ParamsOf, type RequestContext, type ResultOf } from './requests';
import { createBudgetService, type CheckOptions, type Locale } from './service';
import type { Settings } from './settings';
import { readCatalogFiles } from './catalogFiles';

/** What the worker needs to analyse one version of a document. */
export interface AnalysisJob {
  uri: string;
  version: number;
  text: string;
  settings: Settings;
  locale: Locale;
  options: CheckOptions;
}

type ToWorker = { type: 'analyze'; job: AnalysisJob } | { type: 'call'; id: number; method: Method; params: unknown };
/**
 * Answers travel as JSON text: a string crosses threads almost for free, and
 * parsing it costs the server's thread a third of what rebuilding a cloned
 * object graph does (36,000 diagnostics: about 80 ms against 250 ms).
 */
type FromWorker =
  | { type: 'analyzed'; version: number; diagnostics: string }
  | { type: 'result'; id: number; result: string }
  | { type: 'failed'; id?: number; message: string }
  | { type: 'log'; message: string };

/** The worker's side: analyse what the server sends, answer its calls on the latest analysis. */
export function runAnalysisWorker(): void {
  const port = parentPort;
  if (!port) return;
  const post = (m: FromWorker) => port.postMessage(m);
  const service = createBudgetService({ catalogFiles: readCatalogFiles, log: (message) => post({ type: 'log', message }) });
  let context: RequestContext | undefined;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'analyze') {
      const { job } = m;
      try {
        const document = TextDocument.create(job.uri, 'budget', job.version, job.text);
        const analysis = service.analyze(job.text, job.options);
        context = { service, document, analysis, settings: job.settings, locale: job.locale };
        post({ type: 'analyzed', version: job.version, diagnostics: JSON.stringify(answer('diagnostics', context, null)) });
      } catch (err) {
        context = undefined;
        post({ type: 'failed', message: describe(err) });
      }
      return;
    }
    try {
      if (!context) throw new Error('no analysis');
      post({ type: 'result', id: m.id, result: JSON.stringify(answer(m.method, context, m.params as never)) ?? 'null' });
    } catch (err) {
      post({ type: 'failed', id: m.id, message: describe(err) });
    }
  });
}

const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** Why a call's answer is not given: the version it was for was superseded, or the worker failed. */
export class Superseded extends Error {}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** The server's side: one large document's worker and the version it holds. */
export class AnalysisThread {
  private worker: Worker;
  private nextId = 1;
  private calls = new Map<number, Pending>();
  /** the analysis the worker holds or is making */
  private current: { version: number; key: string; done: Promise<ResultOf<'diagnostics'>>; settle: Pending; finished: boolean } | undefined;
  private stopped = false;
  private ended = false;

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    // stdout: true keeps anything the worker prints off the server's stdout (the LSP stream)
    const worker = new Worker(this.script, { stdout: true });
    worker.stdout.resume();
    worker.unref();
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (err) => this.log(`analysis worker failed: ${describe(err)}`));
    worker.on('exit', () => {
      if (this.worker !== worker || this.ended) return;
      this.stopped = true;
      this.fail(new Superseded('the analysis worker stopped'));
    });
    return worker;
  }

  private receive(m: FromWorker): void {
    if (m.type === 'log') return this.log(m.message);
    if (m.type === 'analyzed' || (m.type === 'failed' && m.id === undefined)) {
      const c = this.current;
      if (!c) return;
      c.finished = true;
      if (m.type === 'analyzed') c.settle.resolve(JSON.parse(m.diagnostics));
      else {
        this.current = undefined;
        c.settle.reject(new Error(m.message));
      }
      return;
    }
    const id = m.id ?? -1;
    const call = this.calls.get(id);
    this.calls.delete(id);
    if (m.type === 'result') call?.resolve(JSON.parse(m.result));
    else call?.reject(new Error(m.message));
  }

  /** Ends every call and the analysis under way (their version is gone, or the worker is). */
  private fail(err: Error): void {
    const calls = [...this.calls.values()];
    this.calls.clear();
    const c = this.current;
    if (c && !c.finished) this.current = undefined;
    for (const call of calls) call.reject(err);
    if (c && !c.finished) c.settle.reject(err);
  }

  /** True while the worker analyses another version, or with other settings, than these. */
  busyWithOther(version: number, key: string): boolean {
    const c = this.current;
    return c !== undefined && !c.finished && (c.version !== version || c.key !== key);
  }

  /**
   * The diagnostics of this version: from the analysis held or under way, else
   * from a new one. An analysis of another version still under way is stale:
   * its worker is ended and a fresh one started.
   */
  analyze(version: number, key: string, job: () => AnalysisJob): Promise<ResultOf<'diagnostics'>> {
    const c = this.current;
    if (c && c.version === version && c.key === key && !this.stopped) return c.done;
    if (this.stopped || (c && !c.finished)) this.restart();
    let settle!: Pending;
    const done = new Promise<ResultOf<'diagnostics'>>((resolve, reject) => (settle = { resolve: resolve as (v: unknown) => void, reject }));
    done.catch(() => undefined); // a superseded analysis may have no one waiting
    this.current = { version, key, done, settle, finished: false };
    this.post({ type: 'analyze', job: job() });
    return done;
  }

  /** Answers a request on the analysis the worker holds (queued behind one under way). */
  call<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'call', id, method, params });
    });
  }

  /** Drops stale work: ends the worker (and what waits on it) and starts a fresh one. */
  restart(): void {
    const old = this.worker;
    this.worker = this.spawn();
    this.stopped = false;
    void old.terminate();
    this.fail(new Superseded('a newer version of the document is being analysed'));
    this.current = undefined;
  }

  dispose(): void {
    if (this.ended) return;
    this.ended = true;
    this.fail(new Superseded('the document was closed'));
    void this.worker.terminate();
  }

  private post(m: ToWorker): void {
    if (!this.ended) this.worker.postMessage(m);
  }
}
