/**
 * The marks that the PDF reader writes into its canonical text: a header line naming the source
 * (`〔来源：x.pdf，PDF 共 23 页〕`) and a marker where each page begins (`〔第 3 页〕`). They are page
 * furniture: the scanner skips them (a page marker counts as a page break) and never reads them
 * as titles, headings or data.
 */

/** `〔第 3 页〕` */
export function pageMarker(page: number): string {
  return `〔第 ${page} 页〕`;
}

const PAGE_MARK_RE = /^〔第 ?(\d{1,5}) ?页〕$/;
const SOURCE_MARK_RE = /^〔来源：[^〕]*〕$/;
/** the source header's file name: `〔来源：x.pdf，PDF 共 23 页〕` */
const SOURCE_NAME_RE = /^〔来源：([^〕\r\n]+?)，PDF 共 \d+ 页〕$/;

/** The page number of a page-marker line (trimmed text), or 0. */
export function pageMarkNumber(line: string): number {
  const m = PAGE_MARK_RE.exec(line);
  return m ? Number(m[1]) : 0;
}

/** Is text[start, end) (trimmed) a page marker or the source header? Cheap: tests the first character first. */
export function isPageFurnitureMark(text: string, start: number, end: number): boolean {
  let a = start;
  let b = end;
  while (a < b && (text.charCodeAt(a) <= 32 || text.charCodeAt(a) === 0x3000)) a++;
  if (text.charCodeAt(a) !== 0x3014 /* 〔 */) return false;
  while (b > a && (text.charCodeAt(b - 1) <= 32 || text.charCodeAt(b - 1) === 0x3000)) b--;
  if (text.charCodeAt(b - 1) !== 0x3015 /* 〕 */ || b - a > 300) return false;
  const s = text.slice(a, b);
  return PAGE_MARK_RE.test(s) || SOURCE_MARK_RE.test(s);
}

/**
 * The page of an offset in a text with page markers: the number of the last marker before it,
 * or null when the text has none. One pass over the text before the offset.
 */
export function pageAtOffset(text: string, offset: number): number | null {
  let i = text.lastIndexOf('〔第', Math.min(offset, text.length));
  while (i >= 0) {
    if (i === 0 || text.charCodeAt(i - 1) === 10) {
      const eol = text.indexOf('\n', i);
      const n = pageMarkNumber(text.slice(i, eol < 0 ? text.length : eol).trim());
      if (n > 0) return n;
    }
    i = i === 0 ? -1 : text.lastIndexOf('〔第', i - 1);
  }
  return null;
}

/**
 * The source PDF's file name from the header the PDF reader writes on the text's first line, or
 * null when the text has none (a text not made by the reader: its page markers name no file).
 */
export function pdfSourceName(text: string): string | null {
  const eol = text.indexOf('\n');
  const first = (eol < 0 ? text : text.slice(0, eol)).replace(/^\uFEFF/, '').trim();
  const m = SOURCE_NAME_RE.exec(first);
  const name = m ? m[1].trim() : '';
  // a file name, not a path (the reader writes the name only; a path would point elsewhere)
  return name !== '' && !/[\\/]/.test(name) ? name : null;
}

/** Each page-marker line: its span (the marker's text, trimmed) and its page number. */
export function pageMarkerSpans(text: string): { start: number; end: number; page: number }[] {
  const out: { start: number; end: number; page: number }[] = [];
  let i = text.indexOf('〔第');
  while (i >= 0) {
    let a = i;
    while (a > 0 && (text.charCodeAt(a - 1) === 32 || text.charCodeAt(a - 1) === 9 || text.charCodeAt(a - 1) === 0x3000)) a--;
    if (a === 0 || text.charCodeAt(a - 1) === 10) {
      let eol = text.indexOf('\n', i);
      if (eol < 0) eol = text.length;
      const raw = text.slice(i, eol);
      const trimmed = raw.trimEnd();
      const page = pageMarkNumber(trimmed);
      if (page > 0) out.push({ start: i, end: i + trimmed.length, page });
      i = text.indexOf('〔第', eol);
    } else i = text.indexOf('〔第', i + 2);
  }
  return out;
}
