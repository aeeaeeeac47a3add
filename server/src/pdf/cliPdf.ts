/**
 * The command line's PDF branch: read the PDFs among the files first (pdf.js is asynchronous and
 * loaded only here), then the checker handles their canonical text like any text file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatMessage, type Locale } from '../service/diagnosticCodes';
import { pageAtOffset } from '../service/syntax/pageMarks';
import type { PdfFailure } from './pdfToText';

export type PdfRead = { text: string } | { failure: PdfFailure; detail: string };

export function isPdfPath(file: string): boolean {
  return /\.pdf$/i.test(file);
}

/** Read every PDF among `files` into its canonical text (or why it could not be read). */
export async function readPdfs(files: string[], errors: string[]): Promise<Map<string, PdfRead>> {
  const out = new Map<string, PdfRead>();
  const pdfs = files.filter(isPdfPath);
  if (pdfs.length === 0) return out;
  const { pdfToText, PdfReadError } = await import('./pdfToText');
  for (const file of pdfs) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      errors.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    try {
      const r = await pdfToText(bytes, { source: path.basename(file) });
      out.set(file, { text: r.text });
    } catch (err) {
      if (err instanceof PdfReadError) out.set(file, { failure: err.reason, detail: err.message.replace(/^[a-z-]+: /, '') });
      else out.set(file, { failure: 'damaged', detail: String((err as Error)?.message ?? err) });
    }
  }
  return out;
}

/** The message of a PDF that could not be read: its rule and text. */
export function pdfFailureMessage(r: { failure: PdfFailure; detail: string }, locale: Locale): { code: 'document.pdf-no-text' | 'document.pdf-unreadable'; message: string } {
  if (r.failure === 'no-text') return { code: 'document.pdf-no-text', message: formatMessage('document.pdf-no-text', locale, {}) };
  const reason = formatMessage(`pdf.reason.${r.failure}`, locale, { detail: r.detail.slice(0, 200) });
  return { code: 'document.pdf-unreadable', message: formatMessage('document.pdf-unreadable', locale, { reason }) };
}

/** The page of an offset in a PDF's canonical text, as a suffix for a message (`（第 3 页）`), or ''. */
export function pageSuffix(text: string, offset: number, locale: Locale): string {
  const page = pageAtOffset(text, offset);
  return page === null ? '' : formatMessage('pdf.page', locale, { page });
}

/** `--to-text`: the canonical text of each PDF on standard output. Returns the exit status. */
export function writeTexts(files: string[], pdfs: Map<string, PdfRead>, locale: Locale, io: { out: (s: string) => void; err: (s: string) => void }): number {
  let status = 0;
  const pdfFiles = files.filter(isPdfPath);
  if (pdfFiles.length === 0) {
    io.err(`budget-check: ${locale === 'zh-CN' ? '--to-text 需要 PDF 文件' : '--to-text needs PDF files'}\n`);
    return 2;
  }
  // other files (the .txt of a folder) have no text to print: they are skipped
  for (const file of pdfFiles) {
    const r = pdfs.get(file);
    if (!r) status = 2;
    else if ('text' in r) io.out(r.text);
    else {
      io.err(`budget-check: ${file}: ${pdfFailureMessage(r, locale).message}\n`);
      status = Math.max(status, 1);
    }
  }
  return status;
}
