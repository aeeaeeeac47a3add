/**
 * PDF bytes → canonical budget text, with Mozilla's pdf.js (`pdfjs-dist`, legacy build: plain
 * JavaScript, no native code, no network). pdf.js is imported only when a PDF is read, so the
 * language server and the text checks never load it.
 *
 * Bad input never throws anything but a PdfReadError with a reason (`no-text`, `encrypted`,
 * `damaged`, `too-large`, `timeout`), and the time spent is bounded.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

/**
 * The built-ins whose methods pdf.js's legacy build (core-js) may replace with JavaScript versions
 * where it finds the native one lacking in an edge case: Array.prototype.push (for arrays whose
 * length is read-only) and JSON.parse (for its `source` argument) among them. The replacements
 * are slow (push alone took a sixth of a PDF's read) and would slow down everything else in the
 * process (the language server, the extension host): the native methods are put back after pdf.js
 * is loaded. Methods the runtime lacks (Set.prototype.union, Promise.withResolvers …) are kept.
 */
function builtins(): object[] {
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype) as object;
  return [Array, Array.prototype, ArrayBuffer.prototype, Promise, Promise.prototype, Set.prototype, Map, Map.prototype, Object, JSON, Math, String.prototype, typedArray, Object.getPrototypeOf(typedArray) as object, Uint8Array, Uint8Array.prototype, globalThis];
}

type Snapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

function snapshotBuiltins(): Snapshot {
  const out: Snapshot = new Map();
  for (const o of builtins()) {
    const props = new Map<PropertyKey, PropertyDescriptor>();
    for (const k of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, k);
      if (d && typeof d.value === 'function') props.set(k, d);
    }
    out.set(o, props);
  }
  return out;
}

/** Put back the native methods replaced since the snapshot; the names of those put back. */
export function restoreBuiltins(before: Snapshot): string[] {
  const restored: string[] = [];
  for (const [o, props] of before)
    for (const [k, d] of props) {
      const now = Object.getOwnPropertyDescriptor(o, k);
      if (now && now.value !== d.value && now.configurable) {
        Object.defineProperty(o, k, d);
        restored.push(String(k));
      }
    }
  return restored;
}

/**
 * pdf.js for the text layer only: a font whose text the PDF maps to Unicode itself (a ToUnicode
 * map that is not the identity) is not parsed. Its program serves to draw glyphs, which we never
 * do, and parsing it is most of a PDF's read: a full embedded Chinese TrueType font took 0.6 s and
 * 200 MB on a corpus PDF. The characters and their widths come from the PDF's own maps and /W
 * arrays either way (the corpus texts are the same). Fonts without such a map are parsed as
 * before (their program may be what maps glyphs to characters). Null when the worker's source
 * does not look as expected (another pdf.js version): it is then loaded unchanged.
 */
export function textOnlyWorker(source: string): string | null {
  const ctor = /class Font ?\{\s*constructor\((\w+), ?(\w+), ?(\w+)\) ?\{/.exec(source);
  if (!ctor) return null;
  const [, , file, props] = ctor;
  const noFile = new RegExp(`if ?\\(!${file} ?\\|\\| ?${file}\\.isEmpty\\) ?\\{`, 'g');
  noFile.lastIndex = ctor.index;
  const m = noFile.exec(source);
  // the test must be within the constructor, shortly after its start
  if (!m || m.index - ctor.index > 6000) return null;
  const skip = `${props}.hasIncludedToUnicodeMap && ${props}.toUnicode && ${props}.toUnicode.firstChar === undefined`;
  return `${source.slice(0, m.index)}if (!${file} || ${file}.isEmpty || (${skip})) {${source.slice(m.index + m[0].length)}`;
}

/**
 * The patched worker as a file in a folder of its own in the temp folder (private to this user, a
 * random name: no other user's file is ever loaded as code), or null when it cannot be written
 * (the worker is then loaded unchanged). The folder is removed once the module is loaded.
 */
function patchedFile(source: string): { file: string; dispose(): void } | null {
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'budget-pdfjs-'));
    const file = path.join(dir, 'pdf.worker.mjs');
    writeFileSync(file, source, { mode: 0o600 });
    return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch {
    return null;
  }
}

/** Whether the loaded pdf.js skips the fonts' programs (textOnlyWorker) (for tests and the benchmark). */
export let fontProgramsSkipped = false;

/** The native methods pdf.js's polyfills had replaced and that were put back (for tests). */
export let restoredBuiltins: string[] = [];

export function loadPdfjs(): Promise<{ pdfjs: Pdfjs; assets: string | null }> {
  if (!loading) {
    loading = (async () => {
      const where = pdfjsFolder();
      const before = snapshotBuiltins();
      try {
        // the worker's code runs in this thread (no worker thread is started): pdf.js looks for it here
        const patched = textOnlyWorker(readFileSync(where.worker, 'utf8'));
        const copy = patched !== null ? patchedFile(patched) : null;
        fontProgramsSkipped = copy !== null;
        let worker: Record<string, unknown>;
        try {
          worker = await importModule(pathToFileURL(copy?.file ?? where.worker).href);
        } finally {
          copy?.dispose();
        }
        (globalThis as Record<string, unknown>).pdfjsWorker = worker;
        const pdfjs = (await importModule(pathToFileURL(where.lib).href)) as unknown as Pdfjs;
        return { pdfjs, assets: where.assets };
      } finally {
        restoredBuiltins = restoreBuiltins(before);
      }
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
    // no standardFontDataUrl: the text layer needs no font programs for fonts the PDF does not embed
    // (their widths and encodings are known to pdf.js without them); loading one (a Foxit or Liberation
    // font for a non-embedded 宋体) cost 100 MB and 0.2 s on a corpus PDF for the same text
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
