/**
 * Table of contents (目录): each entry links to the part, section or table
 * it names, for document links and go to definition.
 */
import type { DocumentModel, Heading, Section, Span } from '../model/types';
import { labelKey } from '../syntax/text';
import { pageMarkerSpans, pdfSourceName } from '../syntax/pageMarks';

export interface TocLink {
  /** the entry's text on its line */
  span: Span;
  /** where it leads: the heading or table title */
  target: Span;
  targetLine: number;
}

/** List marks, ordinals and page numbers around an entry: `- 一、收支总体情况表 ……… 12`. */
const LEAD = /^(?:[-*•#]+\s*)?(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])?\s*/;
const PART = /^第[一二三四五六七八九十\d]+部分/;

/** Leaders and white space around them are the chars of `[\s.·…。\-—]`. */
const isLeader = (c: string) => c === '.' || c === '·' || c === '…' || c === '。' || c === '-' || c === '—' || /\s/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * Where the leaders and page number at the end of an entry begin (`……… 12`):
 * one backward scan (a regular expression for it, tried at every start,
 * took seconds on a line padded with spaces).
 */
function trailStart(s: string): number {
  let i = s.length;
  while (i > 0 && /\s/.test(s[i - 1])) i--;
  while (i > 0 && isDigit(s[i - 1])) i--;
  while (i > 0 && isLeader(s[i - 1])) i--;
  return i;
}

function flatten(sections: Section[], out: Heading[]): Heading[] {
  for (const s of sections) {
    out.push(s.heading);
    flatten(s.children, out);
  }
  return out;
}

/** A table title the entry ends like (单位整体支出绩效目标表 ~ 某某局整体支出绩效目标表): six or more characters in common. */
function bySuffix<T extends { key: string }>(targets: T[], key: string): T | undefined {
  let best: T | undefined;
  let bestLength = 5;
  for (const t of targets) {
    let n = 0;
    while (n < key.length && n < t.key.length && key[key.length - 1 - n] === t.key[t.key.length - 1 - n]) n++;
    if (n > bestLength) {
      best = t;
      bestLength = n;
    }
  }
  return best;
}

export function getTocLinks(model: DocumentModel): TocLink[] {
  const toc = model.sections.find((s) => s.heading.title === '目录');
  if (!toc) return [];
  const { text, lines } = model;
  const headings = flatten(model.sections, []).filter((h) => h.line > toc.endLine);
  const targets: Array<{ key: string; part: string | null; span: Span; line: number }> = [
    ...headings.map((h) => ({ key: labelKey(h.title.replace(LEAD, '')), part: PART.exec(labelKey(h.title))?.[0] ?? null, span: h.span, line: h.line })),
    ...model.tables.filter((t) => t.startLine > toc.endLine).map((t) => ({ key: labelKey(t.title), part: null, span: t.titleSpan, line: t.startLine })),
  ];
  const out: TocLink[] = [];
  for (let i = toc.heading.line + 1; i <= toc.endLine && i < lines.length; i++) {
    const start = lines.start(i);
    const line = text.slice(start, lines.end(i));
    const lead = LEAD.exec(line)?.[0].length ?? 0;
    const rest = line.slice(lead);
    const body = rest.slice(0, trailStart(rest));
    if (body.trim().length < 2) continue;
    const key = labelKey(body);
    const part = PART.exec(key)?.[0] ?? null;
    const target =
      targets.find((t) => t.key === key) ??
      (part ? targets.find((t) => t.part === part) : undefined) ??
      targets.find((t) => key.length >= 4 && (t.key.includes(key) || (t.key.length >= 4 && key.includes(t.key)))) ??
      bySuffix(targets, key);
    if (!target) continue;
    const from = start + lead + (body.length - body.trimStart().length);
    out.push({ span: { start: from, end: start + lead + body.trimEnd().length }, target: target.span, targetLine: target.line });
  }
  return out;
}

export interface PageLink {
  /** the page marker (`〔第 3 页〕`) */
  span: Span;
  page: number;
  /** the source PDF's file name, from the text's header line */
  source: string;
}

/**
 * The page markers of a text made from a PDF, each a link to its page of the source PDF (named by
 * the text's header line). A text without that header gets none: its markers name no file.
 */
export function getPageLinks(model: DocumentModel): PageLink[] {
  const source = pdfSourceName(model.text);
  if (!source) return [];
  return pageMarkerSpans(model.text).map((m) => ({ span: { start: m.start, end: m.end }, page: m.page, source }));
}

/**
 * The link target of a page of the source PDF beside the document `documentUri`: the PDF's URI
 * with `#page=N` (PDF viewers' open parameter). Null when the document has no folder (untitled).
 */
export function pdfPageTarget(documentUri: string, source: string, page: number): string | null {
  if (/^untitled:/i.test(documentUri)) return null;
  const slash = documentUri.lastIndexOf('/');
  const q = documentUri.search(/[?#]/);
  if (slash < 0 || (q >= 0 && q < slash) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(documentUri)) return null;
  return `${documentUri.slice(0, slash + 1)}${encodeURIComponent(source)}#page=${page}`;
}
