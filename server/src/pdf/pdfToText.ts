/**
 * PDF bytes → canonical budget text, with Mozilla's pdf.js (`pdfjs-dist`, legacy build: plain
 * JavaScript, no native code, no network). pdf.js is imported only when a PDF is read, so the
 * language server and the text checks never load it.
 *
 * Bad input never throws anything but a PdfReadError with a reason (`no-text`, `encrypted`,
 * `damaged`, `too-large`, `timeout`), and the time spent is bounded.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { canonicalText, type PdfPage, type PdfTextItem } from './geometry';
import { extractRules, type OpsTable, type Rule } from './rules';

export type PdfFailure = 'no-text' | 'encrypted' | 'damaged' | 'too-large' | 'timeout' | 'no-reader';

export class PdfReadError extends Error {
  constructor(
    readonly reason: PdfFailure,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'PdfReadError';
  }
}

export interface PdfToTextOptions {
  /** the source's file name for the header line */
  source?: string;
  /** pages read at most (default 1000); a longer document is refused as too large */
  maxPages?: number;
  /** bytes read at most (default 200 MB) */
  maxBytes?: number;
  /** the whole read ends after this many milliseconds (default 60 s) */
  timeoutMs?: number;
}

export interface PdfText {
  text: string;
  pages: number;
  /** pages with no text (scanned or blank) */
  emptyPages: number[];
}

// ---------------------------------------------------------------------------------------------
// loading pdf.js lazily

/* The parts of pdf.js used here (typed locally: the package's types are ES modules). */
interface PdfjsTextItem {
  str: string;
  width: number;
  height: number;
  transform: number[];
}
interface PdfjsPage {
  getViewport(p: { scale: number }): { width: number; height: number; transform: number[] };
  getTextContent(): Promise<{ items: (PdfjsTextItem | { type: string })[] }>;
  getOperatorList(): Promise<{ fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> }>;
  cleanup(): void;
}
interface PdfjsDocument {
  numPages: number;
  getPage(n: number): Promise<PdfjsPage>;
  destroy(): Promise<void>;
}
interface PdfjsLoadingTask {
  promise: Promise<PdfjsDocument>;
  destroy(): Promise<void>;
}
interface Pdfjs {
  getDocument(src: Record<string, unknown>): PdfjsLoadingTask;
  Util: { transform(a: number[], b: number[]): number[] };
  OPS: OpsTable;
}

let loading: Promise<{ pdfjs: Pdfjs; assets: string | null }> | null = null;

/**
 * The folder that holds pdf.js in this build: beside the bundle (dist/pdfjs/, see esbuild.js) or in
 * node_modules (tests, tsx).
 */
function pdfjsFolder(): { lib: string; worker: string; assets: string | null } {
  const bundled = path.join(__dirname, 'pdfjs');
  if (existsSync(path.join(bundled, 'pdf.mjs')))
    return { lib: path.join(bundled, 'pdf.mjs'), worker: path.join(bundled, 'pdf.worker.mjs'), assets: bundled };
  // not bundled: resolved from node_modules at run time
  const resolve = require.resolve;
  const pkg = path.dirname(resolve('pdfjs-dist/package.json'));
  return { lib: path.join(pkg, 'legacy/build/pdf.mjs'), worker: path.join(pkg, 'legacy/build/pdf.worker.mjs'), assets: pkg };
}

/** A real dynamic import (esbuild and tsc would turn `import()` into `require()` in CommonJS). */
const importModule = new Function('u', 'return import(u)') as (url: string) => Promise<Record<string, unknown>>;

export function loadPdfjs(): Promise<{ pdfjs: Pdfjs; assets: string | null }> {
  if (!loading) {
    loading = (async () => {
      const where = pdfjsFolder();
      // the worker's code runs in this thread (no worker thread is started): pdf.js looks for it here
      const worker = await importModule(pathToFileURL(where.worker).href);
      (globalThis as Record<string, unknown>).pdfjsWorker = worker;
      const pdfjs = (await importModule(pathToFileURL(where.lib).href)) as unknown as Pdfjs;
      return { pdfjs, assets: where.assets };
    })();
    loading.catch(() => (loading = null));
  }
  return loading;
}

/** Is pdf.js loaded in this process? (The language server must not load it for text documents.) */
export function pdfjsLoaded(): boolean {
  return (globalThis as Record<string, unknown>).pdfjsWorker !== undefined;
}

// ---------------------------------------------------------------------------------------------

/** Does the buffer start like a PDF (`%PDF-` within its first KB)? */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** An item that is a figure (1,234.56, 0.00, 12345): pages with a few are pages with tables. */
const FIGURE_RE = /^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

function classify(err: unknown): PdfReadError {
  if (err instanceof PdfReadError) return err;
  const e = err as { name?: string; message?: string };
  const msg = String(e?.message ?? err);
  if (e?.name === 'PasswordException' || /password/i.test(msg)) return new PdfReadError('encrypted', msg);
  return new PdfReadError('damaged', msg);
}

/** pdf.js's getDocument parameters: no fonts loaded for display, no eval, no network. */
function documentParams(bytes: Uint8Array, assets: string | null): Record<string, unknown> {
  return {
    // pdf.js takes the buffer over (transfers it): give it a copy
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
    ...(assets && existsSync(path.join(assets, 'cmaps')) ? { cMapUrl: path.join(assets, 'cmaps') + path.sep, cMapPacked: true } : {}),
    ...(assets && existsSync(path.join(assets, 'standard_fonts')) ? { standardFontDataUrl: path.join(assets, 'standard_fonts') + path.sep } : {}),
  };
}

/**
 * The plain text of a PDF's first page (items joined, no geometry), to tell a budget PDF from
 * another one cheaply; '' for a PDF that cannot be read or has no text there. Never throws.
 */
export async function pdfFirstPageText(bytes: Uint8Array, timeoutMs = 5_000): Promise<string> {
  if (!looksLikePdf(bytes)) return '';
  let task: PdfjsLoadingTask | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const { pdfjs, assets } = await loadPdfjs();
    task = pdfjs.getDocument(documentParams(bytes, assets));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      timer.unref?.();
    });
    const doc = await Promise.race([task.promise, timeout]);
    if (doc.numPages < 1) return '';
    const page = await Promise.race([doc.getPage(1), timeout]);
    const content = await Promise.race([page.getTextContent(), timeout]);
    return content.items.map((it) => ('str' in it ? (it as PdfjsTextItem).str : '')).join('');
  } catch {
    return '';
  } finally {
    clearTimeout(timer);
    await task?.destroy().catch(() => undefined);
  }
}

/** Read a PDF's text layer into the canonical budget text. */
export async function pdfToText(bytes: Uint8Array, opts: PdfToTextOptions = {}): Promise<PdfText> {
  const maxPages = opts.maxPages ?? 1000;
  const maxBytes = opts.maxBytes ?? 200 * 1024 * 1024;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  if (bytes.length > maxBytes) throw new PdfReadError('too-large', `${bytes.length} bytes`);
  if (!looksLikePdf(bytes)) throw new PdfReadError('damaged', 'not a PDF file');
  let loaded: Awaited<ReturnType<typeof loadPdfjs>>;
  try {
    loaded = await loadPdfjs();
  } catch (err) {
    throw new PdfReadError('no-reader', String((err as Error)?.message ?? err).split('\n')[0]);
  }
  const { pdfjs, assets } = loaded;
  const started = Date.now();
  const task = pdfjs.getDocument(documentParams(bytes, assets));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfReadError('timeout', `more than ${timeoutMs} ms`)), timeoutMs);
    timer.unref?.();
  });
  let doc: PdfjsDocument | null = null;
  try {
    doc = await Promise.race([task.promise, timeout]);
    if (doc.numPages > maxPages) throw new PdfReadError('too-large', `${doc.numPages} pages (at most ${maxPages})`);
    const pages: PdfPage[] = [];
    const emptyPages: number[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      if (Date.now() - started > timeoutMs) throw new PdfReadError('timeout', `more than ${timeoutMs} ms`);
      const page = await Promise.race([doc.getPage(n), timeout]);
      const vp = page.getViewport({ scale: 1 });
      const content = await Promise.race([page.getTextContent(), timeout]);
      const items: PdfTextItem[] = [];
      for (const raw of content.items) {
        if (!('str' in raw)) continue;
        const it = raw as PdfjsTextItem;
        if (it.str.trim() === '') continue;
        const m = pdfjs.Util.transform(vp.transform, it.transform);
        // horizontal text only (rotated items are stamps, watermarks, vertical labels)
        if (Math.abs(m[1]) > Math.abs(m[0]) * 0.1 || m[0] <= 0) continue;
        const size = Math.hypot(m[2], m[3]);
        const scale = Math.hypot(it.transform[0], it.transform[1]) || 1;
        items.push({ str: it.str, x: m[4], y: m[5], w: (it.width * Math.hypot(m[0], m[1])) / scale, h: size });
        chars += it.str.trim().length;
      }
      if (items.length === 0) emptyPages.push(n);
      // the ruling lines, for the tables' grids: only on pages with figures (building the operator
      // list decodes the page's images, which text pages of photos would pay for nothing)
      let rules: Rule[] = [];
      let figures = 0;
      for (const it of items) if (FIGURE_RE.test(it.str.trim())) figures++;
      if (figures >= 3) {
        const ops = await Promise.race([page.getOperatorList(), timeout]);
        rules = extractRules(ops.fnArray, ops.argsArray, pdfjs.OPS, vp.transform);
      }
      pages.push({ page: n, width: vp.width, height: vp.height, items, rules });
      page.cleanup();
    }
    if (chars < 20) throw new PdfReadError('no-text', `${doc.numPages} page(s), ${chars} characters of text`);
    const text = canonicalText(pages, { source: opts.source ?? 'document.pdf', pageCount: doc.numPages });
    return { text, pages: doc.numPages, emptyPages };
  } catch (err) {
    throw classify(err);
  } finally {
    clearTimeout(timer);
    if (doc) await doc.destroy().catch(() => undefined);
    else await task.destroy().catch(() => undefined);
  }
}
