/**
 * PDF page geometry → canonical budget text. Pure functions over positioned text items (no pdf.js
 * here, so every step is testable on hand-made items):
 *
 *   items ──▶ lines (by baseline) ──▶ chunks (runs of items without a wide gap)
 *         ──▶ blocks: text lines, and tables (title, meta, header, data rows; continued over pages)
 *         ──▶ columns from the x extents of the figures; codes joined; cells of wrapped rows joined
 *         ──▶ text: page markers, tables as TAB-separated rows
 *
 * Never recursive, never spreads document-sized arrays.
 */
import { pageMarker } from '../service/syntax/pageMarks';
import type { Rule } from './rules';

/** One text item, in page coordinates with y growing downwards (y is the baseline). */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  /** advance width */
  w: number;
  /** font size (height) */
  h: number;
}

export interface PdfPage {
  /** 1-based page number */
  page: number;
  width: number;
  height: number;
  items: PdfTextItem[];
  /** ruling lines (table grids), when known */
  rules?: Rule[];
}

/** A run of items on one line without a wide gap: a cell, a word, a sentence. */
export interface Chunk {
  text: string;
  left: number;
  right: number;
}

export interface Line {
  page: number;
  y: number;
  h: number;
  chunks: Chunk[];
  /** the line's items, left to right (without the doubles of simulated bold) */
  items: PdfTextItem[];
  left: number;
  right: number;
}

/** Gap (in font sizes) above which two items on a line are in different cells. */
const CELL_GAP = 0.5;
/** Gap (in font sizes) above which a space is kept between two non-CJK items of a chunk. */
const WORD_GAP = 0.15;
/** Baselines closer than this (in font sizes) are on one line. */
const SAME_LINE = 0.45;
/** Baselines further apart than this (in font sizes) start a new row of a table. */
const ROW_GAP = 1.45;

const AMOUNT_RE = /^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const CODE_RE = /^(?:\d{3}|\d{5}|\d{7}|\[\d{3,7}\])$/;
const CJK_RE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
const TITLE_RE = /表$/;
const META_RE = /单位[:：]|^(编制|部门|单位|预算单位|填报)(单位|部门|名称)?[:：]/;
const NOTE_RE = /^(注|说明|备注)\d*[:：]/;
const PAGE_NUMBER_RE = /^(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/;

export function isAmount(s: string): boolean {
  return AMOUNT_RE.test(s);
}

function isCjk(c: string): boolean {
  return CJK_RE.test(c);
}

/** Group a page's items into lines, top to bottom, each with its chunks left to right. */
export function pageLines(p: PdfPage): Line[] {
  const items = p.items.filter((it) => it.str.trim().length > 0 && it.h > 0 && Number.isFinite(it.x) && Number.isFinite(it.y));
  items.sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: PdfTextItem[][] = [];
  let cur: PdfTextItem[] = [];
  let curY = 0;
  let curH = 0;
  for (const it of items) {
    if (cur.length > 0 && Math.abs(it.y - curY) <= SAME_LINE * Math.max(Math.min(it.h, curH), 1)) {
      cur.push(it);
      continue;
    }
    if (cur.length > 0) groups.push(cur);
    cur = [it];
    curY = it.y;
    curH = it.h;
  }
  if (cur.length > 0) groups.push(cur);
  const lines: Line[] = [];
  for (const g of groups) {
    g.sort((a, b) => a.x - b.x);
    const chunks: Chunk[] = [];
    const kept: PdfTextItem[] = [];
    let h = 0;
    let ySum = 0;
    let c: Chunk | null = null;
    let prev: PdfTextItem | null = null;
    for (const it of g) {
      h = Math.max(h, it.h);
      ySum += it.y;
      const str = tidy(it.str);
      // text drawn twice a hair apart (simulated bold): keep one
      if (prev && prev.str === it.str && Math.abs(prev.x - it.x) < 0.5 * it.h) continue;
      kept.push(it);
      const gap = c ? it.x - c.right : 0;
      if (c && gap <= CELL_GAP * it.h) {
        const a = c.text.charAt(c.text.length - 1);
        const b = str.charAt(0);
        if (gap > WORD_GAP * it.h && !isCjk(a) && !isCjk(b)) c.text += ' ';
        c.text += str;
        c.right = Math.max(c.right, it.x + it.w);
      } else {
        c = { text: str, left: it.x, right: it.x + Math.max(it.w, 0) };
        chunks.push(c);
      }
      prev = it;
    }
    lines.push({ page: p.page, y: ySum / g.length, h: h || 1, chunks, items: kept, left: chunks[0].left, right: chunks[chunks.length - 1].right });
  }
  return lines;
}

function lineText(l: Line): string {
  return l.chunks.map((c) => c.text).join(' ');
}

/** The page numbers and the running headers and footers repeated on many pages. */
export function dropFurniture(pages: { page: PdfPage; lines: Line[] }[]): void {
  const edgeKey = (p: PdfPage, l: Line): string | null => {
    const top = l.y < p.height * 0.1;
    const bottom = l.y > p.height * 0.9;
    return top || bottom ? `${top ? 't' : 'b'}|${lineText(l).replace(/\d+/g, '#')}` : null;
  };
  const counts = new Map<string, number>();
  for (const { page, lines } of pages)
    for (const l of lines) {
      const k = edgeKey(page, l);
      if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  const repeated = Math.max(3, Math.ceil(pages.length / 2));
  for (const entry of pages) {
    entry.lines = entry.lines.filter((l) => {
      const k = edgeKey(entry.page, l);
      if (k === null) return true;
      if (l.chunks.length === 1 && PAGE_NUMBER_RE.test(l.chunks[0].text.replace(/\s+/g, ' ').trim())) return false;
      return (counts.get(k) ?? 0) < repeated;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// tables

interface LeadCode {
  code: string;
  /** chunks taken by the code */
  count: number;
}

/** Leading chunks that make a classification code: 201 | 06 | 01, 20106, 2010601, [30101]. */
function leadCode(chunks: Chunk[]): LeadCode | null {
  if (chunks.length === 0) return null;
  const t = (i: number) => (i < chunks.length ? chunks[i].text : '');
  const a = t(0);
  // a code cell with its name in the same chunk: "2010601 行政运行" stays one cell
  if (/^\d{3}$/.test(a) && /^\d{2}$/.test(t(1))) {
    // 201 | 06 | 01 name …; a third pair of digits followed by a figure is that figure (201 | 06 | 12 | 34)
    if (/^\d{2}$/.test(t(2)) && !isAmount(t(3))) return { code: a + t(1) + t(2), count: 3 };
    return { code: a + t(1), count: 2 };
  }
  if (CODE_RE.test(a)) {
    // a whole number of 3, 5 or 7 digits followed by another figure is an amount, not a code
    if (chunks.length > 1 && isAmount(t(1))) return null;
    return { code: a.replace(/[[\]]/g, ''), count: 1 };
  }
  return null;
}

interface Interval {
  left: number;
  right: number;
}

/** A table being assembled: its lines on one or more pages. */
interface TableBlock {
  title: Line | null;
  meta: Line[];
  header: Line[];
  /** data lines (rows and the pieces of wrapped cells), in reading order, with the page breaks */
  body: Line[];
}

type Block = { kind: 'text'; line: Line } | { kind: 'table'; table: TableBlock } | { kind: 'page'; page: number };

function isProse(l: Line, textWidth: number): boolean {
  const t = lineText(l);
  if (/[。；]$/.test(t)) return true;
  return l.chunks.length === 1 && l.right - l.left > textWidth * 0.6 && /[，。；]/.test(t);
}

function isTitle(l: Line): boolean {
  if (l.chunks.length > 2) return false;
  const t = lineText(l).replace(/\s+/g, '');
  return t.length >= 4 && t.length <= 60 && TITLE_RE.test(t) && !/[。，；]/.test(t);
}

function isMeta(l: Line): boolean {
  return META_RE.test(l.chunks[0].text) || (l.chunks.length <= 3 && l.chunks.some((c) => /^单位[:：]/.test(c.text)));
}

/** A row of a table: figures beside a label, or a code with its name. */
function isDataLine(l: Line): boolean {
  const code = leadCode(l.chunks);
  if (code && code.count < l.chunks.length) return true;
  if (l.chunks.length < 2) return false;
  return l.chunks.some((c, i) => i > 0 && isAmount(c.text)) || (isAmount(l.chunks[0].text) && l.chunks.length >= 2);
}

function sameText(a: Line, b: Line): boolean {
  return lineText(a).replace(/\s+/g, '') === lineText(b).replace(/\s+/g, '');
}

/** Split the pages' lines into text lines, page breaks and tables (continued tables joined). */
export function blocks(pages: { page: PdfPage; lines: Line[] }[]): Block[] {
  const out: Block[] = [];
  let open: TableBlock | null = null;
  /** the open table's state on this page: 'head' until its first row, then 'body' */
  let state: 'head' | 'body' = 'head';
  for (const { page, lines } of pages) {
    out.push({ kind: 'page', page: page.page });
    const textWidth = Math.max(1, page.width * 0.8);
    let pageStart = true;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (open && pageStart) {
        // a new page: the open table goes on when the page starts with its title, header or rows
        const t: TableBlock = open;
        if ((t.title && sameText(l, t.title)) || t.meta.some((m) => sameText(m, l)) || t.header.some((h) => sameText(h, l))) continue;
        if (isDataLine(l) || (l.chunks.length >= 2 && !isMeta(l) && !isTitle(l))) {
          // a repeated header line that wraps differently: lines with no figures before the first row
          if (!isDataLine(l) && t.header.length > 0 && state === 'body') {
            const firstData = lines.findIndex((x, k) => k >= i && isDataLine(x));
            if (firstData > i && firstData - i <= t.header.length + 1) {
              i = firstData - 1;
              pageStart = false;
              continue;
            }
          }
          pageStart = false;
          t.body.push(l);
          state = 'body';
          continue;
        }
        if (state === 'body' && !isTitle(l) && !isMeta(l) && !isProse(l, textWidth)) {
          // rows whose first lines hold no figures (a wrapped name on the right half): a row follows soon
          let k = i + 1;
          while (k < lines.length && k - i <= 12 && !isDataLine(lines[k]) && !isTitle(lines[k]) && !isProse(lines[k], textWidth)) k++;
          if (k < lines.length && k - i <= 12 && isDataLine(lines[k])) {
            pageStart = false;
            t.body.push(l);
            continue;
          }
        }
        open = null;
      }
      pageStart = false;
      if (isTitle(l)) {
        open = { title: l, meta: [], header: [], body: [] };
        state = 'head';
        out.push({ kind: 'table', table: open });
        continue;
      }
      if (open) {
        const t: TableBlock = open;
        if (NOTE_RE.test(l.chunks[0].text) || isProse(l, textWidth)) {
          open = null;
          out.push({ kind: 'text', line: l });
          continue;
        }
        if (state === 'head') {
          if (isMeta(l) && t.header.length === 0) t.meta.push(l);
          else if (isDataLine(l) || l.chunks.every((c) => isAmount(c.text) && /\.\d/.test(c.text))) {
            // a row, or a figure of the first row standing above its label (vertically centred)
            state = 'body';
            t.body.push(l);
          } else t.header.push(l);
          continue;
        }
        // the body: rows and wrapped cells; a long gap or a lone line far from the rows ends it
        const last = t.body[t.body.length - 1];
        if (last && last.page === l.page && l.y - last.y > 4 * Math.max(l.h, last.h) && !isDataLine(l)) {
          open = null;
          out.push({ kind: 'text', line: l });
          continue;
        }
        t.body.push(l);
        continue;
      }
      // a table without a title: a row of figures after lines of several cells
      if (isDataLine(l) && l.chunks.length >= 3) {
        const header: Line[] = [];
        while (out.length > 0) {
          const b = out[out.length - 1];
          if (b.kind !== 'text' || b.line.page !== l.page || b.line.chunks.length < 2 || isMeta(b.line) || header.length >= 4) break;
          header.unshift(b.line);
          out.pop();
        }
        open = { title: null, meta: [], header, body: [l] };
        state = 'body';
        out.push({ kind: 'table', table: open });
        continue;
      }
      out.push({ kind: 'text', line: l });
    }
  }
  return out;
}

/** The columns of a table from its rows: figures' extents merged; text between them. */
function tableColumns(t: TableBlock): { amounts: Interval[]; hasCode: boolean } {
  const spans: Interval[] = [];
  let hasCode = false;
  for (const l of t.body) {
    const code = leadCode(l.chunks);
    if (code) hasCode = true;
    for (let i = code ? code.count : 0; i < l.chunks.length; i++) {
      const c = l.chunks[i];
      if (isAmount(c.text)) spans.push({ left: c.left, right: c.right });
    }
  }
  spans.sort((a, b) => a.left - b.left);
  const merged: Interval[] = [];
  for (const s of spans) {
    const m = merged[merged.length - 1];
    if (m && s.left <= m.right + 0.5) m.right = Math.max(m.right, s.right);
    else merged.push({ left: s.left, right: s.right });
  }
  return { amounts: merged, hasCode };
}

/**
 * A table without figures (an empty table, a blank template): its columns from the header line
 * with the most cells, less its first (the label column).
 */
function headerColumns(t: TableBlock): Interval[] {
  let best: Line | null = null;
  for (const h of t.header) if (!best || h.chunks.length > best.chunks.length) best = h;
  if (!best || best.chunks.length < 2) return [];
  return best.chunks.slice(1).map((c) => ({ left: c.left, right: c.right }));
}

/** Which output cell a chunk goes to: amount column k is cell 2k+1, the text slot before it 2k. */
function slotOf(c: Chunk, amounts: Interval[]): number {
  const mid = (c.left + c.right) / 2;
  for (let k = 0; k < amounts.length; k++) {
    const a = amounts[k];
    if (c.right > a.left + 0.5 && c.left < a.right - 0.5 && mid >= a.left - 2 && mid <= a.right + 2) return 2 * k + 1;
    if (mid < a.left) return 2 * k;
  }
  return 2 * amounts.length;
}

function joinCell(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  return isCjk(a.charAt(a.length - 1)) || isCjk(b.charAt(0)) ? a + b : `${a} ${b}`;
}

interface Row {
  code: string;
  cells: string[];
  page: number;
  lastY: number;
  h: number;
  hasAmount: boolean;
}

/** The table as TAB-separated lines: header, then rows (page markers where its pages break). */
function renderTable(t: TableBlock, out: string[], pageState: { page: number }, pages: Map<number, PdfPage>): void {
  if (renderGridTable(t, out, pageState, pages)) return;
  const cols0 = tableColumns(t);
  const hasCode = cols0.hasCode;
  let amounts = cols0.amounts;
  const fromHeader = amounts.length === 0;
  if (fromHeader) amounts = headerColumns(t);
  const width = 2 * amounts.length + 1;
  const used = new Array<boolean>(width).fill(false);
  used[0] = hasCode || fromHeader;
  for (let k = 0; k < amounts.length; k++) used[2 * k + 1] = true;
  const rows: Row[] = [];
  let cur: Row | null = null;
  for (const l of t.body) {
    const code = leadCode(l.chunks);
    const cells = new Array<string>(width).fill('');
    let hasAmount = false;
    for (let i = code ? code.count : 0; i < l.chunks.length; i++) {
      const c = l.chunks[i];
      const s = slotOf(c, amounts);
      cells[s] = joinCell(cells[s], c.text);
      if (s % 2 === 1 && isAmount(c.text)) hasAmount = true;
    }
    const newRow =
      cur === null ||
      cur.page !== l.page ||
      l.y - cur.lastY > ROW_GAP * Math.max(l.h, cur.h) ||
      (code !== null && cur.code !== '') ||
      cells.some((c, k) => k % 2 === 1 && c !== '' && (cur as Row).cells[k] !== '') ||
      (code !== null && cur.hasAmount && !hasAmount);
    if (newRow) {
      cur = { code: code?.code ?? '', cells, page: l.page, lastY: l.y, h: l.h, hasAmount };
      rows.push(cur);
    } else {
      const r = cur as Row;
      if (code) r.code = code.code;
      for (let k = 0; k < width; k++) r.cells[k] = joinCell(r.cells[k], cells[k]);
      r.hasAmount = r.hasAmount || hasAmount;
      r.lastY = l.y;
    }
  }
  for (const r of rows) for (let k = 0; k < width; k += 2) if (r.cells[k] !== '') used[k] = true;
  const cols: number[] = [];
  for (let k = 0; k < width; k++) if (used[k]) cols.push(k);
  const render = (code: string, cells: string[]): string => {
    const parts: string[] = hasCode ? [code] : [];
    for (const k of cols) parts.push(cells[k]);
    return parts.join('\t').replace(/ +$/, '');
  };
  if (t.title) out.push(lineText(t.title).replace(/\s+/g, ' '));
  for (const m of t.meta) out.push(m.chunks.map((c) => c.text).join('\t'));
  for (const h of t.header) {
    const cells = new Array<string>(width).fill('');
    for (const c of h.chunks) {
      const s = slotOf(c, amounts);
      // a header cell over a gap between columns: the nearest used column to its left
      let k = s;
      while (k > 0 && !used[k]) k--;
      cells[k] = joinCell(cells[k], c.text);
    }
    out.push(render('', cells));
  }
  for (const r of rows) {
    if (r.page !== pageState.page) {
      out.push(pageMarker(r.page));
      pageState.page = r.page;
    }
    out.push(render(r.code, r.cells));
  }
}

export interface CanonicalOptions {
  /** the source file's name, shown in the header line */
  source: string;
  pageCount: number;
}

/** The canonical budget text of a document's pages. */
export function canonicalText(pages: PdfPage[], opts: CanonicalOptions): string {
  const withLines = pages.map((page) => ({ page, lines: pageLines(page) }));
  dropFurniture(withLines);
  const out: string[] = [`〔来源：${opts.source.replace(/[〔〕\r\n]/g, '')}，PDF 共 ${opts.pageCount} 页〕`];
  const pageState = { page: 0 };
  const byNumber = new Map(pages.map((p) => [p.page, p] as const));
  for (const b of blocks(withLines)) {
    if (b.kind === 'page') {
      // a table continued over pages has written the markers of its pages already: never a marker twice or back
      if (b.page > pageState.page) {
        out.push(pageMarker(b.page));
        pageState.page = b.page;
      }
    } else if (b.kind === 'text') {
      if (b.line.page !== pageState.page) {
        out.push(pageMarker(b.line.page));
        pageState.page = b.line.page;
      }
      out.push(textLine(b.line));
    } else renderTable(b.table, out, pageState, byNumber);
  }
  return out.join('\n') + '\n';
}

/** A text line: its chunks separated by one space, or by a tab where they stand far apart. */
function textLine(l: Line): string {
  let s = '';
  for (let i = 0; i < l.chunks.length; i++) {
    const c = l.chunks[i];
    if (i > 0) s += c.left - l.chunks[i - 1].right > 2 * l.h ? '\t' : ' ';
    s += c.text;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// tables drawn with a grid: columns between the vertical rules, rows between the horizontal ones

interface Grid {
  /** column boundaries, left to right */
  xs: number[];
  /** row boundaries, top to bottom (empty: rows found from the text) */
  ys: number[];
}

/** Positions (sorted) of clustered values, each with the total length its segments cover. */
function clusterRules(values: { at: number; from: number; to: number }[], tol: number): { at: number; spans: [number, number][] }[] {
  values.sort((a, b) => a.at - b.at);
  const out: { at: number; spans: [number, number][]; n: number; sum: number }[] = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && v.at - last.sum / last.n <= tol) {
      last.spans.push([v.from, v.to]);
      last.n++;
      last.sum += v.at;
    } else out.push({ at: v.at, spans: [[v.from, v.to]], n: 1, sum: v.at });
  }
  return out.map((c) => ({ at: c.sum / c.n, spans: c.spans }));
}

/** Length of [from, to] covered by the union of `spans`. */
function covered(spans: [number, number][], from: number, to: number): number {
  const clipped = spans
    .map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((p, q) => p[0] - q[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of clipped) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** The grid under a table's lines on one page, or null when the page draws none there. */
function gridFor(page: PdfPage, body: Line[], lines: Line[]): Grid | null {
  if (!page.rules || page.rules.length === 0 || body.length === 0) return null;
  let top = Infinity;
  let bottom = -Infinity;
  let left = Infinity;
  let right = -Infinity;
  for (const l of body) {
    top = Math.min(top, l.y - l.h);
    bottom = Math.max(bottom, l.y);
  }
  for (const l of lines) {
    left = Math.min(left, l.left);
    right = Math.max(right, l.right);
  }
  const height = Math.max(bottom - top, 1);
  const verticals = clusterRules(
    page.rules.filter((r) => r.x1 === r.x2 && r.y2 > top && r.y1 < bottom).map((r) => ({ at: r.x1, from: r.y1, to: r.y2 })),
    2,
  ).filter((c) => covered(c.spans, top, bottom) >= 0.5 * height);
  if (verticals.length < 3) return null;
  const xs = verticals.map((c) => c.at);
  // the grid must hold the text
  if (xs[0] > left + 2 || xs[xs.length - 1] < right - 2) return null;
  const width = xs[xs.length - 1] - xs[0];
  const horizontals = clusterRules(
    page.rules.filter((r) => r.y1 === r.y2 && r.y1 > top - 40 && r.y1 < bottom + 40).map((r) => ({ at: r.y1, from: r.x1, to: r.x2 })),
    1.5,
  ).filter((c) => covered(c.spans, xs[0], xs[xs.length - 1]) >= 0.3 * width);
  const ys = horizontals.map((c) => c.at);
  return { xs, ys: ys.length >= 3 ? ys : [] };
}

/** An item's text: spaces collapsed, none between CJK characters (letter-spaced names). */
function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]) (?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])/g, '$1');
}

function indexIn(bounds: number[], v: number): number {
  let i = 0;
  while (i + 1 < bounds.length - 1 && v >= bounds[i + 1]) i++;
  return i;
}

interface GridRow {
  page: number;
  band: number;
  lastY: number;
  h: number;
  cells: string[];
}

/** Lines → rows of cells by the grid (rows by band, or by the text when the grid has no rows). */
function gridRows(lines: Line[], grid: Grid, cols: number): GridRow[] {
  const rows: GridRow[] = [];
  let cur: GridRow | null = null;
  for (const l of lines) {
    const cells = new Array<string>(cols).fill('');
    const ends = new Array<number>(cols).fill(-Infinity);
    for (const it of l.items) {
      const c = indexIn(grid.xs, it.x + it.w / 2);
      const str = tidy(it.str);
      // pieces of one word or number drawn apart (2 | 2001, 0. | 00): no space between them
      cells[c] = it.x - ends[c] <= WORD_GAP * it.h ? cells[c] + str : joinCell(cells[c], str);
      ends[c] = it.x + it.w;
    }
    const band = grid.ys.length > 0 ? indexIn(grid.ys, l.y - 0.35 * l.h) + (l.y - 0.35 * l.h < grid.ys[0] ? -1 : 0) : -1;
    let same = false;
    if (cur && cur.page === l.page) {
      if (grid.ys.length > 0) same = band === cur.band;
      else {
        const row = cur;
        const clash = cells.some((x, k) => isAmount(x) && row.cells[k] !== '');
        same = l.y - cur.lastY <= ROW_GAP * Math.max(l.h, cur.h) && !clash && !(leadCode(l.chunks) && cur.cells.some((x) => /^\d{3}/.test(x)));
      }
    }
    if (same && cur) {
      for (let k = 0; k < cols; k++) cur.cells[k] = joinCell(cur.cells[k], cells[k]);
      cur.lastY = l.y;
    } else {
      cur = { page: l.page, band, lastY: l.y, h: l.h, cells };
      rows.push(cur);
    }
  }
  return rows;
}

const CODE_HEAD = /^\d{3}$|^\d{5}$|^\d{7}$/;

/**
 * Runs of code columns (类 | 款 | 项, or one code column), each followed by a text column: the
 * first column of each run, and how many columns it spans.
 */
function codeRuns(rows: GridRow[], cols: number): { from: number; count: number }[] {
  const digitsOnly = (c: number, re: RegExp): boolean => {
    let seen = 0;
    for (const r of rows) {
      const v = r.cells[c];
      if (v === '') continue;
      if (!re.test(v)) {
        // a total's label spread over the code columns
        if (/\d/.test(v)) return false;
        continue;
      }
      seen++;
    }
    return seen > 0;
  };
  // a 类 (or whole code) column: digits only, nearly all of them a code's head (a damaged `7` among them)
  const headColumn = (c: number): boolean => {
    let digits = 0;
    let heads = 0;
    for (const r of rows) {
      const v = r.cells[c];
      if (v === '') continue;
      if (/^\d{1,7}$/.test(v)) {
        digits++;
        if (CODE_HEAD.test(v)) heads++;
      } else if (/\d/.test(v)) return false;
    }
    return digits > 0 && heads >= digits * 0.8;
  };
  const textual = (c: number): boolean => rows.some((r) => r.cells[c] !== '' && !isAmount(r.cells[c]));
  const runs: { from: number; count: number }[] = [];
  for (let c = 0; c < cols - 1; c++) {
    if (!headColumn(c)) continue;
    let count = 1;
    // 款 and 项 columns (some documents drop their leading zero: 301 | 2; a column may be empty)
    const empty = (k: number) => rows.every((r) => r.cells[k] === '');
    while (c + count < cols - 1 && count < 3 && (digitsOnly(c + count, /^\d{1,2}$/) || (empty(c + count) && !textual(c + count)))) count++;
    // the name column: the first one after the code that holds anything
    let name = c + count;
    while (name < cols && empty(name)) name++;
    if (name >= cols || !textual(name)) continue;
    runs.push({ from: c, count });
    c += count - 1;
  }
  return runs;
}

/** The 类 and 款 of the rows above, for split codes that do not repeat them or print them damaged. */
interface CodeContext {
  lei: string;
  kuan: string;
}

/**
 * A split code's parts → the code: a 款 or 项 printed without its leading zero (301 | 2), a 类 not
 * repeated or damaged (`7 | 11 | 02` under 210 | 11) taken from the rows above, as the text
 * reader does. Null when the parts do not make a code.
 */
function splitCode(parts: string[], ctx: CodeContext): string | null {
  let [lei, kuan = '', xiang = ''] = parts;
  if (kuan.length === 1) kuan = '0' + kuan;
  if (xiang.length === 1) xiang = '0' + xiang;
  if (lei.length > 0 && lei.length !== 3 && lei.length !== 5 && lei.length !== 7) {
    if (!ctx.lei || (!kuan && !xiang)) return null;
    lei = ctx.lei;
  }
  if (!lei) lei = ctx.lei;
  if (!lei) return null;
  if (xiang && !kuan) kuan = ctx.kuan;
  if (lei.length === 3) {
    ctx.lei = lei;
    if (kuan) ctx.kuan = kuan;
  }
  return lei + kuan + xiang;
}

/** Cells → output cells: code runs joined (text in them moved to the name beside them); empty columns dropped. */
function shapeRow(cells: string[], runs: { from: number; count: number }[], keep: boolean[], header: boolean, blankLead = false, ctx: CodeContext = { lei: '', kuan: '' }): string {
  const out: string[] = blankLead ? [''] : [];
  let c = 0;
  let carry = '';
  let r = 0;
  while (c < cells.length) {
    const run = r < runs.length && runs[r].from === c ? runs[r] : null;
    if (run) {
      const parts = cells.slice(c, c + run.count);
      const joined = parts.join('');
      if (header) out.push(joined);
      else if (/^\d*$/.test(joined)) out.push(joined === '' ? '' : (splitCode(parts, ctx) ?? parts.join(' ')));
      else {
        out.push(parts.filter((p) => /^\d+$/.test(p)).join(''));
        carry = parts.filter((p) => !/^\d+$/.test(p)).join('');
        // the code columns' own labels (类 款 项) read on the first row's line: not part of its name
        if (/^[类款项]+$/.test(carry)) carry = '';
      }
      c += run.count;
      r++;
      continue;
    }
    if (keep[c]) {
      out.push(carry ? joinCell(carry, cells[c]) : cells[c]);
      carry = '';
    }
    c++;
  }
  return out.join('\t').replace(/ +$/, '');
}

/** A table on a grid, when every page of it has one with the same columns. */
function renderGridTable(t: TableBlock, out: string[], pageState: { page: number }, pages: Map<number, PdfPage>): boolean {
  const byPage = new Map<number, Line[]>();
  for (const l of t.body) {
    let a = byPage.get(l.page);
    if (!a) byPage.set(l.page, (a = []));
    a.push(l);
  }
  if (byPage.size === 0) return false;
  const grids = new Map<number, Grid>();
  let first: Grid | null = null;
  for (const [n, lines] of byPage) {
    const page = pages.get(n);
    const g = page ? gridFor(page, lines, n === t.body[0].page ? t.header.concat(lines) : lines) : null;
    if (!first) {
      // the table's first page sets its columns
      if (!g) return false;
      first = g;
      grids.set(n, g);
    } else if (g && g.xs.length === first.xs.length && g.xs.every((x, i) => Math.abs(x - first!.xs[i]) < 6)) grids.set(n, g);
    // a continuation page whose grid differs (a part of its rows on the page): the first page's columns
    else grids.set(n, { xs: first.xs, ys: g ? g.ys : [] });
  }
  if (!first) return false;
  const cols = first.xs.length - 1;
  const header = gridRows(t.header, first, cols);
  const rows: GridRow[] = [];
  for (const [n, lines] of byPage) for (const r of gridRows(lines, grids.get(n)!, cols)) rows.push(r);
  const runs = codeRuns(rows, cols);
  const keep = new Array<boolean>(cols).fill(false);
  for (const r of rows) for (let c = 0; c < cols; c++) if (r.cells[c] !== '') keep[c] = true;
  for (const r of header) for (let c = 0; c < cols; c++) if (r.cells[c] !== '') keep[c] = true;
  if (t.title) out.push(lineText(t.title).replace(/\s+/g, ' '));
  for (const m of t.meta) out.push(m.chunks.map((c) => c.text).join('\t'));
  // panels side by side (基本支出: 301/303 on the left, 302/310 on the right): one after the other
  const panelStarts = runs.length >= 2 && runs[0].from > 0 ? [] : runs.length >= 2 ? runs.map((r) => r.from) : [0];
  if (panelStarts.length === 0) panelStarts.push(0);
  const panels = panelStarts.map((from, i) => ({ from, to: i + 1 < panelStarts.length ? panelStarts[i + 1] : cols }));
  const slice = (cells: string[], p: { from: number; to: number }) => cells.slice(p.from, p.to);
  const panelRuns = (p: { from: number; to: number }) => runs.filter((r) => r.from >= p.from && r.from < p.to).map((r) => ({ from: r.from - p.from, count: r.count }));
  // a table whose first column holds figures (三公 tables): an empty label column before it
  const firstKept = keep.indexOf(true);
  const blankLead =
    firstKept >= 0 &&
    !runs.some((r) => r.from === firstKept) &&
    rows.some((r) => isAmount(r.cells[firstKept]) && /\.\d/.test(r.cells[firstKept])) &&
    rows.every((r) => r.cells[firstKept] === '' || isAmount(r.cells[firstKept]));
  for (const h of header) out.push(shapeRow(slice(h.cells, panels[0]), panelRuns(panels[0]), keep.slice(panels[0].from, panels[0].to), true, blankLead));
  for (const p of panels) {
    const pr = panelRuns(p);
    const pk = keep.slice(p.from, p.to);
    const ctx: CodeContext = { lei: '', kuan: '' };
    for (const r of rows) {
      const cells = slice(r.cells, p);
      if (cells.every((c) => c === '')) continue;
      if (r.page !== pageState.page) {
        out.push(pageMarker(r.page));
        pageState.page = r.page;
      }
      out.push(shapeRow(cells, pr, pk, false, blankLead, ctx));
    }
  }
  return true;
}
