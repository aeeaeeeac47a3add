/**
 * Document facts: the year the document states against the years in its
 * headings, dates and comparisons (`document.year`); template placeholders
 * left in (`document.placeholder`); the explanation sections every document
 * of its family must have (`document.missing-section`); tables left empty
 * without the note that says why (`table.empty-without-note`).
 *
 * Each is precise before it is complete: a year is questioned only where the
 * sentence says which year it must be (截至 a date, 与/比 the year compared).
 */
import type { DocumentModel, Section, Span, Table } from '../model/types';
import { RULES, formatMessage, type Locale, type RuleId } from '../diagnosticCodes';
import type { Finding } from './findings';
import { documentFamily, type Family } from './identities';
import type { Coverage } from './coverage';
import { labelKey, isAsciiDigit } from '../syntax/text';
import { isRegExpSpace } from '../syntax/lines';
import { holdsFigure } from '../model/store';

const NONE: Finding['related'] = Object.freeze([]) as unknown as Finding['related'];

function push(out: Finding[], code: RuleId, span: Span, message: string, data: Record<string, unknown>): void {
  out.push({ code, severity: RULES[code].severity, span, message, related: NONE, data });
}

/** At most this many placeholders are reported (a blank template holds hundreds). */
const MAX_PLACEHOLDERS = 200;

/** `XX局`, `XXX 万元`, `XX%` (not inside a Latin word), `××`, `（单位名称）`, and 【…】 that asks for something to be filled in. */
const PLACEHOLDER_RE = /(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])|[×╳]{2,}|[（(](?:单位|部门|项目)?名称[)）]|【[^】\n]{0,20}(?:填|写|名称|XX|金额|数字|此处|请)[^】\n]{0,20}】/g;

function placeholders(model: DocumentModel, locale: Locale, out: Finding[]): void {
  // one pass of the regex over the text: searching its anchors first (【, X, Ｘ, ×, ╳, 名称) costs more,
  // as 【's search stops at every 0 of the tables
  PLACEHOLDER_RE.lastIndex = 0;
  const found: Array<{ span: Span; text: string }> = [];
  let count = 0;
  let m: RegExpExecArray | null;
  while ((m = PLACEHOLDER_RE.exec(model.text)) !== null) {
    count++;
    if (found.length < MAX_PLACEHOLDERS) found.push({ span: { start: m.index, end: m.index + m[0].length }, text: m[0] });
  }
  if (found.length === 0) return;
  // quiet: one warning on the first, with the count; each other placeholder a hint (a blank template holds hundreds)
  const [first, ...rest] = found;
  const summary =
    count > 1
      ? formatMessage('document.placeholder.summary', locale, { text: first.text, count })
      : formatMessage('document.placeholder', locale, { text: first.text });
  push(out, 'document.placeholder', first.span, summary, { text: first.text, count });
  for (const p of rest) {
    out.push({
      code: 'document.placeholder',
      severity: 'hint',
      span: p.span,
      message: formatMessage('document.placeholder', locale, { text: p.text }),
      related: NONE,
      data: { text: p.text },
    });
  }
}

/** Years the document writes in a heading or title that names its 预算 / 决算. */
const HEADING_YEAR_RE = /((?:19|20)\d{2})\s*年度?\s*(?:[^\s，。；]{0,12}?)(?:部门|单位)?(?:预算|决算)/;
/** 截至YYYY年M月: 决算 — the year itself; 预算 — the year before or the year itself. Sticky: tried by yearMatches. */
const AS_OF_RE = /截至\s*((?:19|20)\d{2})\s*年/y;
/** 与YYYY年(度)相比 / 比YYYY年(度) / 较YYYY年 / 与YYYY年预算持平: the year compared, always the one before. */
const COMPARED_RE = /(?:与|比|较|同)\s*((?:19|20)\d{2})\s*年/y;

function yearAt(model: DocumentModel, locale: Locale, out: Finding[], year: number, found: number, at: number, digits: string, expected: number, message: 'document.year' | 'document.year.compared' = 'document.year'): void {
  const start = model.text.indexOf(digits, at);
  push(out, 'document.year', { start, end: start + digits.length }, formatMessage(message, locale, { year, found, expected }), { year, found, expected });
}

function years(model: DocumentModel, locale: Locale, out: Finding[]): void {
  const year = model.year;
  if (year === null) return;
  const final = model.kind === 'final-accounts';
  // headings and table titles naming this document's 预算 / 决算
  const stack: Section[] = [...model.sections];
  const headings: Array<{ title: string; start: number }> = [];
  while (stack.length > 0) {
    const s = stack.pop()!;
    headings.push({ title: s.heading.title, start: s.heading.span.start });
    for (const c of s.children) stack.push(c);
  }
  for (const t of model.tables) headings.push({ title: t.title, start: t.titleSpan.start });
  for (const h of headings) {
    const m = HEADING_YEAR_RE.exec(h.title);
    // a heading about another year on purpose (上年预算执行情况, a comparison) is not this document's year
    if (!m || /执行|上年|以前|对比|比较|相比/.test(h.title)) continue;
    const y = Number(m[1]);
    if (y === year) continue;
    const at = model.text.indexOf(m[1], h.start);
    if (at < 0 || at > h.start + 200) continue;
    yearAt(model, locale, out, year, y, at, m[1], year);
  }
  // every pattern below ends a year with 年: they are tried only where the text has one
  const marks = yearMarks(model.text);
  const starts = yearStarts(model.text, marks);
  for (const m of yearMatches(AS_OF_RE, model.text, marks, starts, 'as-of')) {
    const y = Number(m[1]);
    // a 决算 states its year's end; the year after is left alone (a date of publication is possible)
    const ok = final ? y === year || y === year + 1 : y === year || y === year - 1;
    if (!ok) yearAt(model, locale, out, year, y, m.index, m[1], final ? year : year - 1);
  }
  // a comparison with the year before is right: the regex is not tried there (most comparisons are)
  const notLastYear = (_y: number, p: number) => yearNumberAt(model.text, p) !== year - 1;
  for (const m of yearMatches(COMPARED_RE, model.text, marks, starts, 'compared', notLastYear)) {
    const y = Number(m[1]);
    // only where the sentence compares with the previous year: 相比, 增加, 减少, 持平, 预算 follow
    const after = model.text.slice(m.index + m[0].length, m.index + m[0].length + 12);
    if (!/^\s*度?\s*(?:年初)?\s*(?:相比|预算|决算|增加|减少|增长|下降|持平)/.test(after)) continue;
    // says why: “文档为 2024 年度，此处为 2024 年” alone reads as no error
    yearAt(model, locale, out, year, y, m.index, m[1], year - 1, 'document.year.compared');
  }
  relativeYears(model, year, marks, starts, locale, out);
}

/** 上年(度)（2023年） / 2023年(度)（上年）: the year before the document's; 本年(度)（2024年） / 2024年（本年）: its own. Sticky: tried by yearMatches. */
const NAMED_YEAR_RE = /(上年度?|上一年度?|本年度?)\s*[（(]\s*((?:19|20)\d{2})\s*年?度?\s*[)）]|((?:19|20)\d{2})\s*年度?\s*[（(]\s*(上年度?|上一年度?|本年度?)\s*[)）]/y;
/** 2023年(度)…比上年增加 / 与上年相比: a year's figure compared with 上年 is the document's own year's (within one clause, no other year between). Sticky: tried by yearMatches. */
const YEAR_VS_LAST_RE = /((?:19|20)\d{2})\s*年度?(?!\s*\d{1,2}\s*月)((?:(?!(?:19|20)\d{2}\s*年)[^。；;！？]){0,40}?)(?:比|较|与|同)\s*上年度?\s*(?:相比|增加|减少|增长|下降|持平|基本持平)/y;

/** Four ASCII digits of a year (19xx, 20xx) at `p`, as /(?:19|20)\d{2}/. */
function isYearAt(text: string, p: number): boolean {
  const a = text.charCodeAt(p);
  const b = text.charCodeAt(p + 1);
  return ((a === 49 && b === 57) || (a === 50 && b === 48)) && isAsciiDigit(text.charCodeAt(p + 2)) && isAsciiDigit(text.charCodeAt(p + 3));
}


/** The year whose four ASCII digits start at `p` (as Number of them). */
export function yearNumberAt(text: string, p: number): number {
  let n = 0;
  for (let i = p; i < p + 4; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/** The offsets of every 年 in the text, in order: the year patterns are tried only at these (one search of the text for all of them). */
export function yearMarks(text: string): number[] {
  const out: number[] = [];
  for (let y = text.indexOf('年'); y >= 0; y = text.indexOf('年', y + 1)) out.push(y);
  return out;
}

/**
 * For each of `marks`, where the year before it starts (`(?:19|20)\d{2}`, then spaces, then the 年), or -1: read once for the four searches.
 * A plain array: a document holds a few hundred 年, and making a typed array cost more than filling it.
 */
export function yearStarts(text: string, marks: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < marks.length; i++) {
    let q = marks[i];
    while (q > 0 && isRegExpSpace(text.charCodeAt(q - 1))) q--;
    out.push(q >= 4 && isYearAt(text, q - 4) ? q - 4 : -1);
  }
  return out;
}

/**
 * The matches of a sticky regex whose every match begins with a year (`(?:19|20)\d{2}\s*年`), with
 * 'relative' also with 上年 / 上一年 / 本年, with 'compared' with 与 / 比 / 较 / 同 and spaces before
 * such a year, with 'as-of' with 截至 and spaces before it: the matches the same regex made global
 * finds, in the same order, but tried only where such a start is (found from `marks`, the text's
 * 年, and `years`, their yearStarts) instead of at every position of the text. `accept` (for 'year', 'relative' and 'compared') turns down the year
 * starting at `p` and ending at the 年 `y` before the regex is tried with it (not at 上 or 本); it is asked
 * about the 年 in order. A match turned down for 'compared' is one the caller skips: the next match
 * starts after its 年 either way (与, spaces and a year hold no 年).
 */
function* yearMatches(re: RegExp, text: string, marks: readonly number[], years: readonly number[], starts: 'year' | 'relative' | 'compared' | 'as-of', accept?: (y: number, p: number) => boolean): Generator<RegExpExecArray> {
  const tryAt = (p: number): RegExpExecArray | null => {
    re.lastIndex = p;
    return re.exec(text);
  };
  // where the last match ended: every match holds its 年, so the next one is at a later 年
  let from = 0;
  for (let i = 0; i < marks.length; i++) {
    const y = marks[i];
    if (y < from) continue;
    // the starts this 年 can end, left to right: a year before it (spaces between), 上一, 上 or 本
    const p = years[i];
    let m: RegExpExecArray | null = null;
    if (starts === 'compared' || starts === 'as-of') {
      if (p < 0) continue;
      let r = p;
      while (r > 0 && isRegExpSpace(text.charCodeAt(r - 1))) r--;
      const c = text.charCodeAt(r - 1);
      if (starts === 'compared') m = r - 1 >= from && (c === 0x4e0e /* 与 */ || c === 0x6bd4 /* 比 */ || c === 0x8f83 /* 较 */ || c === 0x540c) /* 同 */ && (accept === undefined || accept(y, p)) ? tryAt(r - 1) : null;
      else m = r - 2 >= from && c === 0x81f3 /* 至 */ && text.charCodeAt(r - 2) === 0x622a /* 截 */ ? tryAt(r - 2) : null;
    } else {
      // (p is -1 where no year stands before the 年)
      m = p >= from && (accept === undefined || accept(y, p)) ? tryAt(p) : null;
      if (!m && starts === 'relative') {
        const c = text.charCodeAt(y - 1);
        m = y - 2 >= from && c === 0x4e00 /* 一 */ && text.charCodeAt(y - 2) === 0x4e0a /* 上 */ ? tryAt(y - 2) : null;
        if (!m) m = y - 1 >= from && (c === 0x4e0a /* 上 */ || c === 0x672c) /* 本 */ ? tryAt(y - 1) : null;
      }
    }
    if (m) {
      yield m;
      from = m.index + m[0].length;
    }
  }
}

/**
 * For YEAR_VS_LAST_RE: can a year ending at 年 `y` be compared with 上年, its 比 / 较 / 与 / 同 at most
 * 42 after `y` (度, 40 characters), then spaces, then 上年? Only the first 上年 two or more after `y`
 * need be looked at: a later one is further off. Asked about `y` in order (a cursor moves forward).
 */
export function lastYearFilter(text: string, marks: readonly number[]): (y: number) => boolean {
  const lastYears: number[] = [];
  for (const y of marks) if (y > 0 && text.charCodeAt(y - 1) === 0x4e0a /* 上 */) lastYears.push(y - 1);
  let k = 0;
  return (y: number): boolean => {
    while (k < lastYears.length && lastYears[k] < y + 2) k++;
    if (k === lastYears.length) return false;
    let w = lastYears[k];
    while (w > y + 1 && isRegExpSpace(text.charCodeAt(w - 1))) w--;
    return w - 1 <= y + 42;
  };
}

/**
 * For NAMED_YEAR_RE at a year: does the 年 at `y` have an opening bracket after it (度 and
 * spaces between allowed), as `年度?\s*[（(]`? Without one, only its 上年 / 本年 forms can match.
 */
export function bracketAfterYear(text: string, y: number): boolean {
  let q = y + 1;
  if (text.charCodeAt(q) === 0x5ea6 /* 度 */) q++;
  while (q < text.length && isRegExpSpace(text.charCodeAt(q))) q++;
  const c = text.charCodeAt(q);
  return c === 0xff08 /* （ */ || c === 0x28 /* ( */;
}

/** 上年 / 本年 named with a year: 上年 is the year before the document's (预算 and 决算 alike), 本年 its year. */
function relativeYears(model: DocumentModel, year: number, marks: readonly number[], starts: readonly number[], locale: Locale, out: Finding[]): void {
  const text = model.text;
  // at a year, NAMED_YEAR_RE needs a bracket after its 年: the regex is tried only where one follows
  for (const m of yearMatches(NAMED_YEAR_RE, text, marks, starts, 'relative', (y) => bracketAfterYear(text, y))) {
    const word = m[1] ?? m[4];
    const digits = m[2] ?? m[3];
    const expected = word.startsWith('本') ? year : year - 1;
    if (Number(digits) !== expected) yearAt(model, locale, out, year, Number(digits), m.index, digits, expected);
  }
  // a year is compared with 上年 only where a 上年 follows within a clause: most years are not tried
  for (const m of yearMatches(YEAR_VS_LAST_RE, text, marks, starts, 'year', lastYearFilter(text, marks))) {
    const y = Number(m[1]);
    // 上年 of the year stated is the year before it: the statement is about the document's year
    if (y === year || /上年|以前|执行/.test(m[2])) continue;
    // 截至2023年底 / 2023年末: a date (a budget's assets at the end of the year before), not the year compared
    if (/^\s*(?:底|末)/.test(m[2]) || /截[至止]\s*$/.test(model.text.slice(Math.max(0, m.index - 4), m.index))) continue;
    yearAt(model, locale, out, year, y, m.index, m[1], year);
  }
}

const UNIT_RE = /单位\s*[:：]?\s*(万元|千元|亿元|元)/;
/** A unit stated for the whole document (下列各表以元为单位, 金额单位：万元 outside a table). */
const DOCUMENT_UNIT_RE = /(?:以|按)\s*(?:万元|千元|亿元|元)\s*为\s*(?:金额)?\s*单位|金额单位\s*[:：为]?\s*(?:万元|千元|亿元|元)|单位\s*[:：]\s*(?:万元|千元|亿元|元)/;
/** A column header that names its unit: 预算数（万元）. */
const HEADER_UNIT_RE = /[（(](?:万元|千元|亿元|元)[)）]/;

/**
 * One unit per table (`table.unit`). Two units stated for one table (a continuation page's unit line
 * differs from the first page's) is certain and a warning: its figures cannot be read with certainty.
 * A table with figures and no unit anywhere (not above it, not in its header, not for the whole document)
 * is information, said once for the document: its sums are checked, but its figures are not compared
 * with other tables or the text, since the scale is not known. Figures whose size suggests another unit
 * than the stated one are not judged: a small department's 元 and a large one's 万元 look alike.
 */
function units(model: DocumentModel, locale: Locale, out: Finding[]): void {
  const none: Table[] = [];
  for (const t of model.tables) {
    if (t.unit !== null) {
      for (const l of t.repeatedLines) {
        const start = model.lines.start(l);
        const line = model.text.slice(start, model.lines.end(l));
        const u = UNIT_RE.exec(line);
        if (!u || u[1] === t.unit) continue;
        const at = start + u.index + u[0].length - u[1].length;
        push(out, 'table.unit', { start: at, end: at + u[1].length }, formatMessage('table.unit.two', locale, { table: t.title.replace(/\s+/g, ''), first: t.unit, second: u[1], line: l + 1 }), { table: t.index, units: [t.unit, u[1]] });
        break;
      }
      continue;
    }
    if (t.inText || !t.rows.some(holdsFigure)) continue;
    if (t.header.lines.some((l) => HEADER_UNIT_RE.test(model.text.slice(model.lines.start(l), model.lines.end(l))))) continue;
    none.push(t);
  }
  if (none.length === 0 || DOCUMENT_UNIT_RE.test(outsideTables(model))) return;
  const [first, ...rest] = none;
  const args = { table: first.title.replace(/\s+/g, ''), count: none.length };
  out.push({
    code: 'table.unit',
    severity: 'information',
    span: first.titleSpan,
    message: formatMessage(none.length > 1 ? 'table.unit.none.many' : 'table.unit.none', locale, args),
    related: rest.map((t) => ({ span: t.titleSpan, message: formatMessage('table.unit.none', locale, { table: t.title.replace(/\s+/g, '') }) })),
    data: { tables: none.map((t) => t.index) },
  });
}

interface Required {
  zh: string;
  en: string;
  re: RegExp;
}

const COMMON: Required[] = [
  { zh: '“三公”经费情况说明', en: '“three public” expenses', re: /三公/ },
  { zh: '机关运行经费情况', en: 'office running expenses (机关运行经费)', re: /机关运行经费|行政经费/ },
  { zh: '政府采购情况', en: 'government procurement (政府采购)', re: /政府采购/ },
  { zh: '国有资产占有使用情况', en: 'state-owned assets (国有资产)', re: /国有资产|固定资产/ },
  { zh: '绩效目标或绩效评价情况', en: 'performance targets or evaluation (绩效)', re: /绩效/ },
];

const FUNCTIONS: Required = { zh: '主要职能', en: 'main functions (主要职能)', re: /主要职能|主要职责|部门职责|职能职责/ };
const ORGANISATION: Required = { zh: '机构设置（单位构成）', en: 'organisation (机构设置 / 单位构成)', re: /机构设置|单位构成|机构情况|部门构成/ };
const GLOSSARY: Required = { zh: '名词解释', en: 'glossary (名词解释)', re: /名词解释/ };

export const REQUIRED_SECTIONS: Record<Family, Required[]> = {
  'gd-budget': [FUNCTIONS, ORGANISATION, { zh: '收支总体情况（收支增减变化）', en: 'income and expenditure overview', re: /收支.{0,4}总体情况|收支增减变化|预算情况说明/ }, ...COMMON, GLOSSARY],
  'sh-budget': [FUNCTIONS, ORGANISATION, { zh: '预算编制说明（收支总体情况）', en: 'budget explanation (预算编制说明)', re: /预算编制说明|收支.{0,4}总体情况/ }, ...COMMON, GLOSSARY],
  'sh-final': [FUNCTIONS, ORGANISATION, { zh: '收入支出决算总体情况说明', en: 'overview of final income and expenditure', re: /收入支出决算总体情况|收支决算总体情况/ }, ...COMMON, GLOSSARY],
};

/** The text outside the budget tables, as one key (width folded, spaces dropped). */
function narrativeKey(model: DocumentModel): string {
  const skip = new Uint8Array(model.lines.length);
  for (const t of model.tables) if (!t.inText) for (let l = t.startLine; l <= t.endLine && l < skip.length; l++) skip[l] = 1;
  const parts: string[] = [];
  for (let l = 0; l < model.lines.length; l++) if (!skip[l]) parts.push(labelKey(model.text, model.lines.start(l), model.lines.end(l)));
  return parts.join('\n');
}

/** The text outside the budget tables, as printed: the slices between the tables' line ranges, joined by line breaks. */
function outsideTables(model: DocumentModel): string {
  return outsideTableParts(model).join('\n');
}

/** The slices of the text between the budget tables' line ranges, in order. */
function outsideTableParts(model: DocumentModel): string[] {
  const parts: string[] = [];
  let from = 0;
  const tables = model.tables.filter((t) => !t.inText).sort((a, b) => a.startLine - b.startLine);
  for (const t of tables) {
    const start = model.lines.start(t.startLine);
    if (start > from) parts.push(model.text.slice(from, start));
    const last = Math.min(t.endLine, model.lines.length - 1);
    from = Math.max(from, model.lines.end(last));
  }
  parts.push(model.text.slice(from));
  return parts;
}

function sections(model: DocumentModel, family: Family, locale: Locale, anchor: Span, out: Finding[]): void {
  // a document with only tables (an export of the tables part) is not asked for its explanations
  if (model.sections.length === 0) return;
  // the keywords are found in the raw text almost always; the folded text only for those that are not.
  // No keyword holds a line break: each is looked for in the slices themselves, not in one string
  // joining them (a copy of most of the document)
  const raw = outsideTableParts(model);
  const pending = REQUIRED_SECTIONS[family].filter((r) => !raw.some((part) => r.re.test(part)));
  if (pending.length === 0) return;
  const key = narrativeKey(model);
  for (const r of pending) {
    if (r.re.test(key)) continue;
    push(out, 'document.missing-section', anchor, formatMessage('document.missing-section', locale, { section: r.zh, sectionEn: r.en }), { section: r.zh });
  }
}

function emptyTables(coverage: Coverage, locale: Locale, out: Finding[]): void {
  for (const s of coverage.tables) {
    const t = s.table;
    if (s.reason !== 'no-figures') continue;
    push(out, 'table.empty-without-note', t.titleSpan, formatMessage('table.empty-without-note', locale, { table: t.title }), { table: t.index });
  }
}

/**
 * The same wrong year written again and again (a paragraph that compares every figure with “2024年预算”
 * in a 2024 budget) is one slip: a warning on the first, with the count, and a hint on each other, as
 * placeholders are reported. Different wrong years, or the same year where different years are meant,
 * stay separate warnings.
 */
function quietRepeatedYears(found: Finding[], locale: Locale, out: Finding[]): void {
  const keyOf = (f: Finding) => {
    const d = f.data as { found?: number; expected?: number } | undefined;
    return `${d?.found}>${d?.expected}`;
  };
  const groups = new Map<string, Finding[]>();
  for (const f of found) {
    const key = keyOf(f);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  // each group's first finding, found once per group (a long document repeats a year thousands of times)
  const firsts = new Map<string, Finding>();
  for (const [key, list] of groups) firsts.set(key, list.reduce((a, b) => (b.span.start < a.span.start ? b : a)));
  for (const f of found) {
    const key = keyOf(f);
    const list = groups.get(key)!;
    if (list.length === 1) {
      out.push(f);
      continue;
    }
    const first = firsts.get(key);
    out.push(f === first ? { ...f, message: f.message + formatMessage('document.year.more', locale, { count: list.length }), data: { ...f.data, count: list.length } } : { ...f, severity: 'hint' });
  }
}

/** The document-level checks; the coverage gives each table's status and where document findings go (its first line). */
export function checkDocumentFacts(model: DocumentModel, locale: Locale, coverage: Coverage, out: Finding[]): void {
  placeholders(model, locale, out);
  const yearFindings: Finding[] = [];
  years(model, locale, yearFindings);
  quietRepeatedYears(yearFindings, locale, out);
  const family = documentFamily(model);
  if (family !== null) sections(model, family, locale, coverage.anchor, out);
  emptyTables(coverage, locale, out);
  units(model, locale, out);
}
