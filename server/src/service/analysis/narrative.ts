/**
 * Figures in the narrative. The explanation parts are read into facts first
 * (amounts with their subject, shares, completion rates, changes, and the
 * 决算数 / 预算数 wording), then each fact is compared with the table cell it
 * states or with the figures its own sentence gives. Precision before
 * recall: a fact whose subject, base or unit is not certain is not checked.
 *
 * Every comparison is at the printed precision: a stated figure was rounded
 * from the exact one, so a stated value is wrong only when no value within
 * half a unit of each printed figure could give it.
 */
import { Decimal, formatScaled, log10, percentOf } from '../model/money';
import { amountValue, type Cell, type DocumentModel, type Row, type Section, type Span, type Table } from '../model/types';
import { RULES, formatMessage, type Locale, type RuleId } from '../diagnosticCodes';
import type { Finding, RelatedInfo } from './findings';
import { cellInColumn, cellYuan, leafMatching, plainLabel, rowMatching, rowName, tablesOfKind, columnName, unitFactor, unitFactorNumber } from './names';
import { documentFamily, type Family } from './identities';
import { kindById } from '../model/registry';
import { toDecimal } from '../model/money';
import { isAsciiDigit } from '../syntax/text';

/** A figure as printed in the narrative. */
export interface Figure {
  /** the exact value as printed, in its own unit */
  value: Decimal;
  /** digits after the decimal point */
  decimals: number;
  /** the printed number only (the span a fix replaces) */
  span: Span;
  /** the value as a double: close, not exact (quick comparisons with a margin only) */
  approx: number;
}

export interface AmountFact extends Figure {
  type: 'amount';
  /** 元 per unit of the figure (1, 10 000, 100 000 000) */
  factor: Decimal;
  unit: string;
  /** the clause text before the number, as read (whitespace dropped) */
  prefix: string;
  /** the subject the prefix names, when it names one (a key of SUBJECTS) */
  subject: string | null;
  /** the cell the subject names, when the document has it */
  cell?: { table: Table; row: Row; column: number };
  sentence: number;
  /** a change amount (比上年增加 C) whose sentence states both years' figures: from (the year before), to (this year), and its word */
  change?: { from: AmountFact; to: AmountFact; word: string; wordSpan: Span };
}

export interface PercentFact extends Figure {
  type: 'percent';
  /** share = part ÷ whole; completion = 决算 ÷ 预算; change = change ÷ base */
  of: 'share' | 'completion' | 'change' | 'growth';
  /** growth: the word before the percentage (增加 / 减少 …) and where it is */
  word?: { text: string; span: Span };
  part?: AmountFact;
  whole?: AmountFact;
  sentence: number;
}

export interface WordFact {
  type: 'word';
  word: string;
  span: Span;
  /** what the word compares: 决算 against 预算, a change amount's or percentage's direction */
  of: 'final-vs-budget' | 'change-amount' | 'change-percent' | 'level';
  sentence: number;
  /** final-vs-budget: the 决算 and 预算 figures the word compares, when the sentence (or the one before) states both; level: this year's (or 决算) and the base */
  final?: AmountFact;
  budget?: AmountFact;
  /** level (持平): compared with 预算数 (决算数与预算数持平) rather than with the year before */
  versusBudget?: boolean;
}

export type Fact = AmountFact | PercentFact | WordFact;

/** The narrative as sentences: text with whitespace dropped, each character's offset in the document. */
export interface Sentence {
  text: string;
  /** pieces of the text: pairs (index in text, offset in the document), in order (a plain array of small integers: one is made for each sentence, and a typed array costs far more to make) */
  map: number[];
  paragraph: number;
  /** indexes in text where digits start after a non-digit in one piece (every number starts at one of them), in order */
  digits: number[];
  /** the document offsets of its first character and after its last */
  start: number;
  end: number;
}

/** The document offset of index `i` of the sentence's text. */
function toDoc(s: Sentence, i: number): number {
  const m = s.map;
  let lo = 0;
  let hi = m.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m[mid * 2] <= i) lo = mid;
    else hi = mid - 1;
  }
  return m[lo * 2 + 1] + (i - m[lo * 2]);
}

/** The index in the sentence's text of document offset `off` (which must fall inside one of its pieces). */
function toText(s: Sentence, off: number): number {
  const m = s.map;
  let lo = 0;
  let hi = m.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m[mid * 2 + 1] <= off) lo = mid;
    else hi = mid - 1;
  }
  return m[lo * 2] + (off - m[lo * 2 + 1]);
}

const UNIT_FACTORS: Record<string, Decimal> = { 元: new Decimal(1), 万元: new Decimal(10000), 亿元: new Decimal(100000000) };

const HALF = new Decimal('0.5');

const HALVES: Decimal[] = [];
/** Half a unit of the last of `decimals` digits (made once each). */
function half(decimals: number): Decimal {
  let h = HALVES[decimals];
  if (h === undefined) {
    h = new Decimal(10).pow(-decimals).times(HALF);
    if (decimals < 32) HALVES[decimals] = h;
  }
  return h;
}

/** Lines that belong to a table, a heading, or the contents: not narrative (each ends a paragraph alike, so one mark serves all). */
function nonNarrativeLines(model: DocumentModel): Uint8Array {
  const skip = new Uint8Array(model.lines.length);
  for (const t of model.tables) for (let l = t.startLine; l <= t.endLine && l < skip.length; l++) skip[l] = 1;
  for (const e of model.contents) skip[e.line] = 1;
  const stack: Section[] = [...model.sections];
  while (stack.length > 0) {
    const s = stack.pop()!;
    skip[s.heading.line] = 1;
    for (const c of s.children) stack.push(c);
  }
  return skip;
}


/** The narrative's sentences: lines outside tables joined (blank lines do not break a paragraph; headings and numbered items do). */
export function narrativeSentences(model: DocumentModel): Sentence[] {
  const skip = nonNarrativeLines(model);
  const out: Sentence[] = [];
  const text = model.text;
  // the sentence being read: its pieces as pairs (index in its text, document offset), the first `n` of a
  // buffer kept for every sentence (copied out once per sentence); its text is built only if it is useful.
  // The state is in plain locals, not in closures: the per-character loop below reads and writes it, and
  // a variable a closure captures lives in a heap context that every access goes through.
  const map: number[] = [];
  let n = 0;
  let len = 0;
  let paragraph = 0;
  let last = 0;
  // where its runs of digits start, the first `nd` of a buffer likewise: the figures are looked for only there
  const digits: number[] = [];
  let nd = 0;
  // a sentence without a digit or 决 states no figure: it keeps its place (its index and paragraph) but not its text
  let useful = false;
  for (let l = 0; l < model.lines.length; l++) {
    if (skip[l]) {
      if (len > 0) out.push(sentenceOf(text, map, n, len, digits, nd, useful, paragraph, last));
      n = nd = len = 0;
      useful = false;
      paragraph++;
      continue;
    }
    const start = model.lines.start(l);
    const end = model.lines.end(l);
    let a = start;
    while (a < end && isWs(text.charCodeAt(a))) a++;
    if (a >= end) continue;
    if (isPageFurniture(text, a, end)) continue;
    ITEM_START_Y.lastIndex = a;
    // most lines do not start with a character a numbered item can start with: no regex for them
    if (CHAR_CLASS[text.charCodeAt(a)] & CHAR_ITEM_START && ITEM_START_Y.test(text) && ITEM_START_Y.lastIndex <= end) {
      if (len > 0) out.push(sentenceOf(text, map, n, len, digits, nd, useful, paragraph, last));
      n = nd = len = 0;
      useful = false;
      paragraph++;
    }
    // pieces between runs of spaces; a sentence ends after 。！？
    let k = a;
    while (k < end) {
      while (k < end && CHAR_CLASS[text.charCodeAt(k)] & CHAR_PIECE_BREAK) k++;
      if (k >= end) break;
      let from = k;
      while (k < end) {
        const cls = CHAR_CLASS[text.charCodeAt(k)];
        // most characters are of none of the classes below: one test passes them
        if ((cls & SCANNED_CLASSES) === 0) {
          k++;
          continue;
        }
        if (cls & CHAR_PIECE_BREAK) break;
        // a digit or 决 makes the sentence useful; a digit after a non-digit (or first in its piece) starts a run
        if (cls & (CHAR_DIGIT | CHAR_JUE)) {
          useful = true;
          if (cls & CHAR_DIGIT && (k === from || !isAsciiDigit(text.charCodeAt(k - 1)))) digits[nd++] = len + (k - from);
        }
        k++;
        if (cls & CHAR_SENTENCE_END) {
          // the piece so far ends the sentence
          map[n++] = len;
          map[n++] = from;
          len += k - from;
          last = k;
          out.push(sentenceOf(text, map, n, len, digits, nd, useful, paragraph, last));
          n = nd = len = 0;
          useful = false;
          from = k;
        }
      }
      if (k > from) {
        map[n++] = len;
        map[n++] = from;
        len += k - from;
        last = k;
      }
    }
  }
  if (len > 0) out.push(sentenceOf(text, map, n, len, digits, nd, useful, paragraph, last));
  return out;
}

/**
 * The sentence of `len` characters read into the first `n` of `map` (pairs: index in its text, document
 * offset) and the first `nd` of `digits`, ending at document offset `last`: its text is built only when
 * it is useful (holds a digit or 决).
 */
function sentenceOf(text: string, map: number[], n: number, len: number, digits: number[], nd: number, useful: boolean, paragraph: number, last: number): Sentence {
  if (!useful) return { text: '', map: NO_MAP, paragraph, digits: NO_DIGITS, start: map[1], end: last };
  let t = '';
  for (let k = 0; k < n; k += 2) {
    const to = k + 2 < n ? map[k + 1] + (map[k + 2] - map[k]) : map[k + 1] + (len - map[k]);
    t += text.slice(map[k + 1], to);
  }
  return { text: t, map: map.slice(0, n), paragraph, digits: nd > 0 ? digits.slice(0, nd) : NO_DIGITS, start: map[1], end: last };
}

const NO_MAP = [0, 0];
const NO_DIGITS: number[] = [];

/** A numbered item's start (1、 （一） 一、), read in place at lastIndex. */
const ITEM_START_Y = /(?:\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)/y;

/** Classes of a UTF-16 code unit for the narrative's scanners (bits of CHAR_CLASS). */
export const CHAR_WS = 1;
export const CHAR_PIECE_BREAK = 2;
export const CHAR_SENTENCE_END = 4;
export const CHAR_CLAUSE_BREAK = 8;
export const CHAR_FULL_WIDTH_PAREN = 16;
export const CHAR_ITEM_START = 32;
/** 0-9 */
export const CHAR_DIGIT = 64;
/** 决 (of 决算数大于预算数): with a digit, what makes a sentence worth reading */
export const CHAR_JUE = 128;
/** The classes the sentence scan acts on. */
const SCANNED_CLASSES = CHAR_PIECE_BREAK | CHAR_SENTENCE_END | CHAR_DIGIT | CHAR_JUE;

/**
 * Every code unit's classes, one byte each (64 KB, made once): the scanners below visit every
 * character of the narrative, and one load costs less than a chain of comparisons per character.
 */
export const CHAR_CLASS = charClasses();

function charClasses(): Uint8Array {
  const t = new Uint8Array(0x10000);
  const mark = (cls: number, chars: string) => {
    for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] |= cls;
  };
  // /\s/ (with the form feed and the ideographic space)
  for (let c = 9; c <= 13; c++) t[c] |= CHAR_WS;
  for (let c = 0x2000; c <= 0x200a; c++) t[c] |= CHAR_WS;
  mark(CHAR_WS, ' \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff');
  // the spaces between the pieces of a sentence: / \t\u3000\f\r/
  mark(CHAR_PIECE_BREAK, ' \t\u3000\f\r');
  mark(CHAR_SENTENCE_END, '。！？');
  // /[，,。；;：:！？、]/
  mark(CHAR_CLAUSE_BREAK, '，,。；;：:！？、');
  mark(CHAR_FULL_WIDTH_PAREN, '（）');
  // the first characters of ITEM_START_Y's matches
  mark(CHAR_ITEM_START, '0123456789（(一二三四五六七八九十');
  mark(CHAR_DIGIT, '0123456789');
  mark(CHAR_JUE, '决');
  return t;
}

/** A character of /\s/ (with the form feed and the ideographic space). */
function isWs(c: number): boolean {
  return (CHAR_CLASS[c] & CHAR_WS) !== 0;
}

/** A page number or page furniture line: /^[-—－\s\d第页/共]*$/ over text[a, end). */
function isPageFurniture(text: string, a: number, end: number): boolean {
  for (let k = a; k < end; k++) {
    const c = text.charCodeAt(k);
    if (!(c === 45 || c === 0x2014 || c === 0xff0d || (c >= 48 && c <= 57) || c === 47 || c === 0x7b2c || c === 0x9875 || c === 0x5171 || isWs(c))) return false;
  }
  return true;
}

/** The span in the document of sentence characters [from, to). */
function spanOf(s: Sentence, from: number, to: number): Span {
  return { start: toDoc(s, from), end: toDoc(s, to - 1) + 1 };
}

/** Subjects a clause can name, each with the cell it means in each family. Tested on the clause before the figure, at its end. */
interface Subject {
  key: string;
  re: RegExp;
  cell: Partial<Record<Family, CellSpec>>;
}

interface CellSpec {
  kind: string;
  row: RegExp;
  side?: 'income' | 'expenditure';
  column?: RegExp;
}

/** Qualifiers between a subject and its figure: 为, 是, 安排, 决算(数)为 … (the 预算 qualifier picks the 预算数 column where there is one). */
const FILLER = '(?:支出)?(?:决算数?)?(?:为|是|共计|合计|达)?';

const SUBJECTS: Subject[] = [
  {
    key: '财政拨款收入支出总计',
    re: new RegExp(`财政拨款收入?支出?总计${FILLER}$`),
    cell: {
      'sh-final': { kind: 'fiscal-summary', side: 'income', row: /^总计$/ },
      'sh-budget': { kind: 'fiscal-summary', side: 'income', row: /^(?:收入总计|总计)$/ },
      'gd-budget': { kind: 'fiscal-summary', side: 'income', row: /^收入总计$/ },
    },
  },
  {
    key: '收入支出总计',
    re: new RegExp(`(?:^|[^拨款])收入支出总计${FILLER}$`),
    cell: { 'sh-final': { kind: 'summary', side: 'income', row: /^总计$/ } },
  },
  {
    key: '本年收入合计',
    re: new RegExp(`本年收入合计${FILLER}$`),
    cell: { 'sh-final': { kind: 'summary', side: 'income', row: /^本年收入合计$/ }, 'gd-budget': { kind: 'summary', side: 'income', row: /^本年收入合计$/ } },
  },
  {
    key: '本年支出合计',
    re: new RegExp(`本年支出合计${FILLER}$`),
    cell: { 'sh-final': { kind: 'summary', side: 'expenditure', row: /^本年支出合计$/ }, 'gd-budget': { kind: 'summary', side: 'expenditure', row: /^本年支出合计$/ } },
  },
  {
    key: '收入预算',
    re: /(?:^|本部门|本单位|\d{4}年)收入预算(?:为|是|安排)?$/,
    cell: { 'gd-budget': { kind: 'summary', side: 'income', row: /^本年收入合计$/ } },
  },
  {
    key: '支出预算',
    re: /(?:^|本部门|本单位|\d{4}年)支出预算(?:为|是|安排)?$/,
    cell: { 'gd-budget': { kind: 'summary', side: 'expenditure', row: /^本年支出合计$/ } },
  },
  {
    key: '财政拨款收入',
    re: /^(?:其中)?财政拨款收入(?:为|是)?$/,
    cell: { 'sh-final': { kind: 'income', row: /^合计$/, column: /^财政拨款收入$/ } },
  },
  {
    key: '其他收入',
    re: /^(?:其中)?其他收入(?:为|是)?$/,
    cell: { 'sh-final': { kind: 'income', row: /^合计$/, column: /^其他收入$/ } },
  },
  {
    key: '一般公共预算财政拨款基本支出',
    re: new RegExp(`一般公共预算财政拨款基本支出${FILLER}$`),
    cell: { 'sh-final': { kind: 'general-budget-function', row: /^合计$/, column: /(?:^|\/)基本支出$/ } },
  },
  {
    key: '一般公共预算财政拨款支出',
    re: new RegExp(`一般公共预算财政拨款支出${FILLER}$`),
    cell: { 'sh-final': { kind: 'general-budget-function', row: /^合计$/, column: /^合计$/ } },
  },
  {
    key: '基本支出',
    re: /^(?:其中)?基本支出(?:为|是)?$/,
    cell: { 'sh-final': { kind: 'expenditure', row: /^合计$/, column: /^基本支出$/ } },
  },
  {
    key: '项目支出',
    re: /^(?:其中)?项目支出(?:为|是)?$/,
    cell: { 'sh-final': { kind: 'expenditure', row: /^合计$/, column: /^项目支出$/ } },
  },
  {
    key: '人员经费',
    re: /^(?:其中)?人员经费(?:为|是)?$/,
    cell: { 'sh-final': { kind: 'general-budget-basic-economic', row: /^人员经费合计$/ } },
  },
  {
    key: '公用经费',
    re: /^(?:其中)?公用经费(?:为|是)?$/,
    cell: { 'sh-final': { kind: 'general-budget-basic-economic', row: /^公用经费合计$/ } },
  },
  {
    key: '机关运行经费',
    re: /机关运行经费(?:支出)?(?:预算)?(?:安排)?(?:为|是)?$/,
    cell: {
      'gd-budget': { kind: 'three-public', row: /^行政经费/, column: /^合计$/ },
      'sh-budget': { kind: 'three-public', row: /.*/, column: /机关运行经费/ },
    },
  },
  {
    key: '三公经费',
    re: /[“"]?三公[”"]?经费(?:财政拨款)?(?:支出)?(?:预算)?(?:为|是)?$/,
    cell: {
      'gd-budget': { kind: 'three-public', row: /^[“"]?三公[”"]?经费$/, column: /^合计$/ },
      'sh-budget': { kind: 'three-public', row: /.*/, column: /^合计$/ },
    },
  },
  {
    key: '因公出国（境）费',
    re: /因公出国\(境\)费用?(?:支出)?(?:预算)?(?:为|是)?$/,
    cell: {
      'gd-budget': { kind: 'three-public', row: /因公出国\(境\)/, column: /^合计$/ },
      'sh-budget': { kind: 'three-public', row: /.*/, column: /^因公出国\(境\)费$/ },
    },
  },
  {
    key: '公务接待费',
    re: /公务接待费(?:支出)?(?:预算)?(?:为|是)?$/,
    cell: {
      'gd-budget': { kind: 'three-public', row: /公务接待费/, column: /^合计$/ },
      'sh-budget': { kind: 'three-public', row: /.*/, column: /^公务接待费$/ },
    },
  },
  {
    key: '公务用车购置及运行费',
    re: /公务用车购置(?:及|和)运行(?:维护)?费(?:支出)?(?:预算)?(?:为|是)?$/,
    cell: {
      'gd-budget': { kind: 'three-public', row: /公务用车购置及运行/, column: /^合计$/ },
      'sh-budget': { kind: 'three-public', row: /.*/, column: /^公务用车购置及运行费\/小计$/ },
    },
  },
];

/** Does any subject's regex match: one pass over the clause instead of one per subject (most clauses name none). */
export const ANY_SUBJECT_RE = new RegExp(SUBJECTS.map((s) => `(?:${s.re.source})`).join('|'));

/**
 * The last characters every subject's text has: its name's last word (总计, 合计, 收入, 支出, 经费, 费,
 * 费用, (类)) or, for 三公经费财政拨款预算, 款预算, then the qualifiers a subject's regex allows after it.
 * A name ends in 预算 only after 收入, 支出 (入预算, 出预算) or 财政拨款 (款预算), so the budget figure of
 * anything else (2024年预算安排, 年初预算为) is not tested against the subjects at all.
 */
export const SUBJECT_HINT_RE = /(?:计|入|出|费|费用|款预算|类\))(?:支出)?(?:决算数?|预算)?(?:安排)?(?:为|是|共计|合计|达)?$/;
/** The characters a SUBJECT_HINT_RE match can end with: a clause ending otherwise is not tested. */
const SUBJECT_HINT_ENDS = new Set([...'计入出费用算)数排为是达'].map((c) => c.charCodeAt(0)));
/** The characters before a percentage the words that read it (占…的, 完成预算的, 增长 …) end with. */
const PERCENT_WORD_ENDS = new Set([...'占的长降加少'].map((c) => c.charCodeAt(0)));

/** A 类 row named with （类） in a sentence about 一般公共预算: the 一般公共预算 table's row. */
export const CLASS_RE = /^(?:其中)?([\u4e00-\u9fa5]{2,20}支出)[（(]类[)）](?:为|是)?$/;

function normalize(s: string): string {
  return normalizeRange(s, 0, s.length);
}

/** text[from, to) with （） as (): sliced around each parenthesis (two global replaces on the slice cost twice as much). */
export function normalizeRange(text: string, from: number, to: number): string {
  let out = '';
  let last = from;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 0xff08 || c === 0xff09) {
      out += text.slice(last, k) + (c === 0xff08 ? '(' : ')');
      last = k + 1;
    }
  }
  return last === from ? text.slice(from, to) : out + text.slice(last, to);
}

/** A number as the global /(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(亿元|万元|元|%|％)?/g matches it: where its digits (commas kept) and its fraction (after the point) end, its unit ('' for none). */
export interface NumberToken {
  start: number;
  digitsEnd: number;
  /** digitsEnd when there is no fraction */
  fracEnd: number;
  unit: string;
  end: number;
}

/**
 * The next number at or after `from`, into `t`: the match the regex above would give, read by hand
 * (no match array and no substrings for the many numbers without a unit: years, codes, list items).
 * False when no digit is left.
 */
export function nextNumber(text: string, from: number, t: NumberToken): boolean {
  const n = text.length;
  let i = from;
  while (i < n && !isAsciiDigit(text.charCodeAt(i))) i++;
  if (i >= n) return false;
  let d = i + 1;
  while (d < n && isAsciiDigit(text.charCodeAt(d))) d++;
  // one to three digits then groups of a comma and three digits (a longer run cannot be grouped)
  if (d - i <= 3) {
    while (text.charCodeAt(d) === 44 && isAsciiDigit(text.charCodeAt(d + 1)) && isAsciiDigit(text.charCodeAt(d + 2)) && isAsciiDigit(text.charCodeAt(d + 3))) d += 4;
  }
  let f = d;
  if (text.charCodeAt(d) === 46 && isAsciiDigit(text.charCodeAt(d + 1))) {
    f = d + 2;
    while (f < n && isAsciiDigit(text.charCodeAt(f))) f++;
  }
  const c = text.charCodeAt(f);
  const yuan = text.charCodeAt(f + 1) === 0x5143; /* 元 */
  t.unit = c === 0x4ebf /* 亿 */ && yuan ? '亿元' : c === 0x4e07 /* 万 */ && yuan ? '万元' : c === 0x5143 ? '元' : c === 37 ? '%' : c === 0xff05 ? '％' : '';
  t.start = i;
  t.digitsEnd = d;
  t.fracEnd = f;
  t.end = f + t.unit.length;
  return true;
}


/** The figure text[at, fracEnd) (digits to digitsEnd, then a point and the fraction, if any), read with its commas dropped. */
export function parseFigure(text: string, at: number, digitsEnd: number, fracEnd: number): { value: Decimal; decimals: number; approx: number } {
  const decimals = fracEnd > digitsEnd ? fracEnd - digitsEnd - 1 : 0;
  // its digits as one integer, the commas and the point skipped: exact while it has at most 15 digits
  let units = 0;
  let digits = 0;
  for (let k = at; k < fracEnd; k++) {
    const c = text.charCodeAt(k);
    if (isAsciiDigit(c)) {
      units = units * 10 + (c - 48);
      digits++;
    }
  }
  if (digits > 15 || decimals >= POWERS_OF_TEN.length) {
    const plain = plainFigure(text, at, fracEnd);
    return { value: new Decimal(plain), decimals, approx: Number(plain) };
  }
  // a quotient of two exact doubles is rounded once, to the double nearest the figure: Number(printed)
  return { value: figureValue(units, decimals, text, at, fracEnd), decimals, approx: units / POWERS_OF_TEN[decimals] };
}

/** 10^0 … 10^10, each exact as a double. */
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/** The figure text[at, fracEnd) as printed, its commas dropped. */
function plainFigure(text: string, at: number, fracEnd: number): string {
  const printed = text.slice(at, fracEnd);
  return printed.indexOf(',') >= 0 ? printed.replace(/,/g, '') : printed;
}

/**
 * The Decimal of a figure, by its digits as an integer and its count of decimals, remembered
 * (bounded): a narrative states the same figures again and again, and the server reads a document
 * again after every edit. Decimals are immutable: one value serves every fact that states it.
 */
function figureValue(units: number, decimals: number, text: string, at: number, fracEnd: number): Decimal {
  const known = (FIGURE_VALUES[decimals] ??= new Map());
  let v = known.get(units);
  if (v === undefined) {
    if (figureValues >= FIGURE_VALUES_MAX) {
      for (const m of FIGURE_VALUES) m?.clear();
      figureValues = 0;
    }
    v = new Decimal(plainFigure(text, at, fracEnd));
    known.set(units, v);
    figureValues++;
  }
  return v;
}
/** The remembered values: FIGURE_VALUES[decimals] maps a figure's digits as an integer to its value. */
const FIGURE_VALUES: Array<Map<number, Decimal> | undefined> = [];
let figureValues = 0;
const FIGURE_VALUES_MAX = 5000;

/** /[\d.]/ */
function isDigitOrPoint(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}

/** The clause text before position `i` of the sentence (to the last clause break), with （） as (). */
function clauseBefore(text: string, i: number): string {
  let a = i;
  // （ or ） seen on the way: only such a clause is normalised (most are not, and a replace costs more than the scan)
  let parens = 0;
  while (a > 0) {
    const cls = CHAR_CLASS[text.charCodeAt(a - 1)];
    if (cls & CHAR_CLAUSE_BREAK) break;
    parens |= cls;
    a--;
  }
  return parens & CHAR_FULL_WIDTH_PAREN ? normalizeRange(text, a, i) : text.slice(a, i);
}

interface Context {
  model: DocumentModel;
  family: Family;
  year: number | null;
  /** cells already looked up, by spec (and 类 rows by name) */
  cells?: Map<CellSpec | string, AmountFact['cell'] | null>;
  /** the 一般公共预算 function table's 类 rows by name (normalised plain label), made at the first 类 look-up */
  classRows?: Map<string, Row[]>;
  /** tableFigure's exact answers, by fact */
  tableFigures?: Map<AmountFact, TableFigure | null>;
}

function resolveCell(ctx: Context, spec: CellSpec | undefined): AmountFact['cell'] | undefined {
  if (!spec) return undefined;
  const memo = (ctx.cells ??= new Map());
  const known = memo.get(spec);
  if (known !== undefined) return known ?? undefined;
  const found = findCell(ctx, spec);
  memo.set(spec, found ?? null);
  return found;
}

function findCell(ctx: Context, spec: CellSpec): AmountFact['cell'] | undefined {
  const tables = tablesOfKind(ctx.model, spec.kind);
  if (tables.length !== 1) return undefined;
  const table = tables[0];
  const row = rowMatching(table, spec.row, spec.side);
  if (!row) return undefined;
  const column = spec.column ? leafMatching(table, spec.column, spec.side) : 0;
  if (column < 0) return undefined;
  const cell = cellInColumn(row, column);
  if (!cell || !hasYuan(table, cell)) return undefined;
  return { table, row, column };
}

/** cellYuan(table, cell) !== null, without computing the value: a look-up asks only whether the cell has one. */
export function hasYuan(table: Table, cell: Cell): boolean {
  return amountValue(cell.amount) !== null && unitFactor(table.unit) !== null;
}

/** A year in the clause other than the document's, or 上年: the figure is another year's. */
function otherYear(ctx: Context, prefix: string): boolean {
  // every word below but 执行数 holds 年
  if (prefix.indexOf('年') < 0 && prefix.indexOf('执行数') < 0) return false;
  if (/上年|上一年|去年|以前年度|年初结转|执行数/.test(prefix)) return true;
  if (ctx.year === null) return false;
  // each match of /(\d{4})年/g is the four digits right before a 年: read in place (no match array, no slices)
  for (let k = prefix.indexOf('年'); k >= 0; k = prefix.indexOf('年', k + 1)) {
    const year = yearBefore(prefix, k);
    if (year >= 0 && year !== ctx.year) return true;
  }
  return false;
}

/** The year the four digits right before index `k` of `text` write, or −1 where they are not four digits. */
export function yearBefore(text: string, k: number): number {
  if (k < 4) return -1;
  let year = 0;
  for (let j = k - 4; j < k; j++) {
    const c = text.charCodeAt(j);
    if (!isAsciiDigit(c)) return -1;
    year = year * 10 + (c - 48);
  }
  return year;
}

function classCell(ctx: Context, name: string, sentence: string): AmountFact['cell'] | undefined {
  if (!sentence.includes('一般公共预算')) return undefined;
  const memo = (ctx.cells ??= new Map());
  const known = memo.get(`类:${name}`);
  if (known !== undefined) return known ?? undefined;
  const found = findClassCell(ctx, name);
  memo.set(`类:${name}`, found ?? null);
  return found;
}

function findClassCell(ctx: Context, name: string): AmountFact['cell'] | undefined {
  const tables = tablesOfKind(ctx.model, 'general-budget-function');
  if (tables.length !== 1) return undefined;
  const table = tables[0];
  // each name looked up is one get, not a pass over the table's rows
  if (!ctx.classRows) {
    ctx.classRows = new Map();
    for (const r of table.rows) {
      if (!r.code || r.code.level !== 1) continue;
      const key = normalize(plainLabel(r.label));
      const list = ctx.classRows.get(key);
      if (list) list.push(r);
      else ctx.classRows.set(key, [r]);
    }
  }
  const matches = ctx.classRows.get(name);
  if (!matches || matches.length !== 1) return undefined;
  const row = matches[0];
  const cell = cellInColumn(row, 0);
  if (!cell || !hasYuan(table, cell)) return undefined;
  return { table, row, column: 0 };
}

const FINAL_VS_BUDGET_RE = /决算数?(大于|小于|等于|高于|低于)(?:年初)?预算数?/;

/** Read the facts of the narrative. */
export function narrativeFacts(model: DocumentModel): { facts: Fact[]; sentences: Sentence[] } {
  const family = documentFamily(model);
  const sentences = narrativeSentences(model);
  const facts: Fact[] = [];
  if (family === null) return { facts, sentences };
  const ctx: Context = { model, family, year: model.year };
  const num: NumberToken = { start: 0, digitsEnd: 0, fracEnd: 0, unit: '', end: 0 };
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    const text = s.text;
    // words (before the figures: a sentence of words only can hold one): 决算数大于/小于/等于预算数, 持平
    const wm = text.indexOf('决') >= 0 ? FINAL_VS_BUDGET_RE.exec(text) : null;
    if (wm) {
      const at = wm.index + wm[0].indexOf(wm[1]);
      facts.push({ type: 'word', word: wm[1], span: spanOf(s, at, at + wm[1].length), of: 'final-vs-budget', sentence: si });
    }
    levelWords(s, si, facts);
    // figures are amounts (元) and percentages: a sentence with neither states none
    // the units seen: the change words below are looked for only in a sentence with an amount and a percentage
    let amounts = false;
    let percents = false;
    const runs = s.digits;
    let r = 0;
    for (let from = 0; ; from = num.end) {
      // the next number starts at `from` (a digit right after the last number's end) or else at the
      // first run of digits after it: the characters between are not visited again
      if (!isAsciiDigit(text.charCodeAt(from))) {
        while (r < runs.length && runs[r] < from) r++;
        if (r === runs.length) break;
        from = runs[r];
      }
      nextNumber(text, from, num);
      const unit = num.unit;
      if (!unit) continue;
      const percent = unit === '%' || unit === '％';
      if (percent) percents = true;
      else amounts = true;
      const at = num.start;
      // a digit right before is part of another token (a code, a date)
      if (at > 0 && isDigitOrPoint(text.charCodeAt(at - 1))) continue;
      // a percentage without one of the words below before it is not read: skipped before the regexes
      if (percent && !PERCENT_WORD_ENDS.has(text.charCodeAt(at - 1))) continue;
      const { value, decimals, approx } = parseFigure(text, at, num.digitsEnd, num.fracEnd);
      const numEnd = num.fracEnd;
      const span = spanOf(s, at, numEnd);
      if (percent) {
        // the words below hold no （）: the text is read as printed
        const before = text.slice(Math.max(0, at - 16), at);
        let of: PercentFact['of'] | null = null;
        if (/占(?:[^，。；%]{0,16}的)?$/.test(before)) of = 'share';
        else if (/完成(?:年初)?预算的$/.test(before)) of = 'completion';
        else if (/(?:增长|下降|增加|减少)$/.test(before)) of = 'change';
        if (of) {
          const fact: PercentFact = { type: 'percent', of, value, decimals, approx, span, sentence: si };
          const gw = /(?:比|较)(?:上年|\d{4}年)(?:当年)?预算执行数(增加|减少|增长|下降)$/.exec(before);
          if (of === 'change' && gw) {
            fact.of = 'growth';
            fact.word = { text: gw[1], span: spanOf(s, at - gw[1].length, at) };
          }
          facts.push(fact);
        }
        continue;
      }
      const prefix = clauseBefore(text, at);
      let subject: string | null = null;
      let cell: AmountFact['cell'];
      // every subject ends in one of these (before its 为 / 是 …): a prefix without one names none
      if (prefix.length > 1 && SUBJECT_HINT_ENDS.has(prefix.charCodeAt(prefix.length - 1)) && SUBJECT_HINT_RE.test(prefix.slice(-14)) && !otherYear(ctx, prefix)) {
        const cm = prefix.includes('类') ? prefix.match(CLASS_RE) : null;
        if (cm) {
          subject = cm[1];
          cell = classCell(ctx, cm[1], text.slice(0, at));
        } else if (ANY_SUBJECT_RE.test(prefix)) {
          for (const sub of SUBJECTS) {
            if (sub.re.test(prefix)) {
              subject = sub.key;
              cell = resolveCell(ctx, sub.cell[family]);
              break;
            }
          }
        }
      }
      facts.push({ type: 'amount', value, decimals, approx, span, factor: UNIT_FACTORS[unit], unit, prefix, subject, cell, sentence: si });
    }
    // a match holds an amount and a percentage: each is a token with its unit (a digit right before a unit always ends one)
    if (!amounts || !percents) continue;
    const cw = /(增加|减少)(\d[\d,]*(?:\.\d+)?)(?:亿元|万元|元)[，,](增长|下降|增加|减少)(\d[\d,]*(?:\.\d+)?)[%％]/g;
    let c: RegExpExecArray | null;
    while ((c = cw.exec(text)) !== null) {
      facts.push({ type: 'word', word: c[1], span: spanOf(s, c.index, c.index + 2), of: 'change-amount', sentence: si });
      const at = c.index + c[0].lastIndexOf(c[3] + c[4]);
      facts.push({ type: 'word', word: c[3], span: spanOf(s, at, at + 2), of: 'change-percent', sentence: si });
    }
  }
  linkPercents(facts, sentences);
  // amounts by sentence: every look-up of the two below stays inside one or two sentences
  const amounts = amountsBySentence(facts);
  linkFigures(ctx, facts, sentences, amounts);
  linkLevels(ctx, facts, sentences, amounts);
  return { facts, sentences };
}

/** 比上年 / 比2025年预算执行数 增加 C: a change amount. */
const CHANGE_PREFIX_RE = /(?:比|较)(?:上年|上年度|\d{4}年度?)(?:当年)?(?:预算执行数|年初预算|预算|决算)?(增加|减少)$/;
/** Does the clause end in 增加 or 减少: /(?:增加|减少)$/, read from its last two characters. */
export function endsInChange(prefix: string): boolean {
  const n = prefix.length;
  if (n < 2) return false;
  const last = prefix.charCodeAt(n - 1);
  const before = prefix.charCodeAt(n - 2);
  // 增加 is U+589E U+52A0, 减少 is U+51CF U+5C11
  return (before === 0x589e && last === 0x52a0) || (before === 0x51cf && last === 0x5c11);
}

/** The year before's figure: 2025年当年预算执行数为 A, 上年预算为 A. */
const PREVIOUS_RE = /(?:执行数|上年(?:度)?(?:预算|决算)?数?)为$/;
/** This year's figure: 2026年预算安排 B, 本年预算为 B. */
const CURRENT_RE = /(?:预算安排|本年(?:预算|决算)数?为)$/;
/** The figures a 决算/预算 comparison or a completion rate reads: 预算数为 A, 决算数为 B. */
const BUDGET_FIGURE_RE = /预算数?为$/;
const FINAL_FIGURE_RE = /决算数?为$/;
/** The figures a growth rate reads: 2025年当年预算执行数为 A, 2026年预算安排 B. */
const EXECUTED_FIGURE_RE = /执行数为$/;
const PLANNED_FIGURE_RE = /预算安排$/;

/** The last item of `list` that `test` accepts (Array.prototype.findLast, which ES2022 lacks), without a reversed copy. */
function findLast<T>(list: readonly T[], test: (x: T) => boolean): T | undefined {
  for (let k = list.length - 1; k >= 0; k--) if (test(list[k])) return list[k];
  return undefined;
}

const NO_AMOUNTS: readonly AmountFact[] = [];

/** The amounts of each sentence, in order: bySentence(si). */
function amountsBySentence(facts: Fact[]): (si: number) => readonly AmountFact[] {
  const bySentence: AmountFact[][] = [];
  for (const f of facts) if (f.type === 'amount') (bySentence[f.sentence] ??= []).push(f);
  return (si) => bySentence[si] ?? NO_AMOUNTS;
}

/** This year's figure for each change percentage (its whole), and the figures each 决算/预算 word compares. */
function linkFigures(ctx: Context, facts: Fact[], sentences: Sentence[], inS: (si: number) => readonly AmountFact[]): void {
  const current = (p: PercentFact): AmountFact | undefined => {
    // the change's subject, when it names one (收入支出总计增加 …), else the last amount before it in its sentence
    const change = p.part!;
    const subjectText = change.prefix.replace(/(?:比|较|与)?(?:上年|上年度|\d{4}年度?)?(?:相比)?(?:增加|减少)$/, '');
    const inSentence = inS(p.sentence).filter((a) => a.span.start < change.span.start && a !== change && !endsInChange(a.prefix));
    const sameSubject = (a: AmountFact) => subjectText.length >= 2 && a.prefix.endsWith(subjectText);
    if (subjectText.length >= 2) {
      // named: the latest amount with that subject in this sentence or the one before (same paragraph)
      const prev = [...(p.sentence > 0 && sentences[p.sentence - 1].paragraph === sentences[p.sentence].paragraph ? inS(p.sentence - 1) : []), ...inS(p.sentence)].filter((a) => a.span.start < change.span.start && sameSubject(a));
      return prev.length === 1 ? prev[0] : undefined;
    }
    const last = inSentence[inSentence.length - 1];
    if (!last || otherYear(ctx, last.prefix) || !last.subject) return undefined;
    return last;
  };
  for (const f of facts) {
    // every match ends with 增加 or 减少: the regex only where the clause does
    const cm = f.type === 'amount' && endsInChange(f.prefix) ? CHANGE_PREFIX_RE.exec(f.prefix) : null;
    if (f.type === 'amount' && cm) {
      const before = inS(f.sentence).filter((a) => a.span.start < f.span.start);
      const to = before[before.length - 1];
      const from = before[before.length - 2];
      if (to && from && PREVIOUS_RE.test(from.prefix) && CURRENT_RE.test(to.prefix) && !otherYear(ctx, to.prefix.replace(/\d{4}年/, ''))) {
        const s = sentences[f.sentence];
        const i = toText(s, f.span.start);
        f.change = { from, to, word: cm[1], wordSpan: spanOf(s, i - cm[1].length, i) };
      }
    }
    const wholeName = f.type === 'percent' ? (f as PercentFact & { wholeName?: string }).wholeName : undefined;
    if (f.type === 'percent' && f.of === 'share' && f.part && wholeName && f.whole) {
      // 占本年支出合计的 …: the whole is the table's figure; without it the share is not checked
      const sub = SUBJECTS.find((x) => x.re.test(wholeName));
      const cell = sub ? resolveCell(ctx, sub.cell[ctx.family]) : undefined;
      if (cell) f.whole.cell = cell;
      else f.part = undefined;
    } else if (f.type === 'percent' && f.of === 'change' && f.part) {
      const c = current(f);
      if (c) f.whole = c;
      else f.part = undefined;
    } else if (f.type === 'word' && f.of === 'final-vs-budget') {
      const candidates = (si: number) => inS(si).filter((a) => a.span.start < f.span.start);
      let list = candidates(f.sentence);
      let budget = findLast(list, (a) => BUDGET_FIGURE_RE.test(a.prefix));
      let final = findLast(list, (a) => FINAL_FIGURE_RE.test(a.prefix));
      if ((!budget || !final) && f.sentence > 0 && sentences[f.sentence - 1].paragraph === sentences[f.sentence].paragraph) {
        list = candidates(f.sentence - 1);
        budget = list.find((a) => BUDGET_FIGURE_RE.test(a.prefix));
        final = list.find((a) => FINAL_FIGURE_RE.test(a.prefix));
      }
      if (budget && final && budget.span.start < final.span.start) {
        f.budget = budget;
        f.final = final;
      }
    }
  }
}

/** The subject prefix of a share's whole that the sentence names but does not state (its figure is the table's). */
const TABLE_WHOLE = 'whole:';
const MARKER_RE = /其中|主要用于|包括|分别为/;
const MARKERS_G = /其中|主要用于|包括|分别为/g;

/** Tie each percentage to the figures it was computed from (in its own sentence); those it cannot be tied to with certainty keep no part. */
function linkPercents(facts: Fact[], sentences: Sentence[]): void {
  // a sentence's facts are consecutive (they are read sentence by sentence): only those of a sentence with a percentage are gathered
  for (let i = 0, j = 0; i < facts.length; i = j) {
    const si = facts[i].sentence;
    let percents = false;
    for (j = i; j < facts.length && facts[j].sentence === si; j++) if (facts[j].type === 'percent') percents = true;
    if (!percents) continue;
    const list = facts.slice(i, j);
    const s = sentences[si];
    // the text as printed: the patterns below hold no （）, and the one name read from it is normalised
    const norm = s.text;
    const amounts = list.filter((f): f is AmountFact => f.type === 'amount');
    const startOf = (f: Fact) => toText(s, f.span.start);
    for (const p of list) {
      if (p.type !== 'percent') continue;
      const pAt = startOf(p);
      const before = amounts.filter((a) => startOf(a) < pAt);
      if (before.length === 0) continue;
      if (p.of === 'share') {
        const part = before[before.length - 1];
        // the part must be in the clause just before the percentage (nothing but a comma between)
        const between = norm.slice(toText(s, part.span.end - 1) + 1, pAt);
        if (!/^(?:亿元|万元|元)[，,]?占(?:[^，。；%]{0,16}的)?$/.test(between)) continue;
        const explicitWhole = /占([^，。；%]{1,16})的$/.exec(between);
        if (explicitWhole) {
          // the whole is named (占本年支出合计的): its figure must be stated earlier in the sentence or resolved from the table
          p.part = part;
          const wholeName = normalize(explicitWhole[1]);
          p.whole = { ...part, subject: `${TABLE_WHOLE}${wholeName}` } as AmountFact;
          p.whole.cell = undefined;
          (p as PercentFact & { wholeName?: string }).wholeName = wholeName;
          continue;
        }
        // the whole: the figure stated before 其中 / 主要用于 in the sentence
        const first = before[0];
        if (first === part) continue;
        const afterFirst = norm.slice(toText(s, first.span.end - 1) + 1, startOf(before[1]));
        if (!MARKER_RE.test(afterFirst)) continue;
        // a second 其中 / 主要用于 before the part opens a nested list, whose whole is not the first figure
        const upToPart = norm.slice(toText(s, first.span.end - 1) + 1, startOf(part));
        if ((upToPart.match(MARKERS_G) ?? []).length !== 1) continue;
        // a part in another unit than its whole is kept: the figures are compared in 元
        p.part = part;
        p.whole = first;
      } else if (p.of === 'completion') {
        const budget = findLast(before, (a) => BUDGET_FIGURE_RE.test(a.prefix));
        const final = findLast(before, (a) => FINAL_FIGURE_RE.test(a.prefix));
        if (!budget || !final) continue;
        if (startOf(budget) > startOf(final)) continue;
        p.part = final;
        p.whole = budget;
      } else if (p.of === 'growth') {
        // 2025年当年预算执行数为 A，2026年预算安排 B，比2025年预算执行数增加 X%: X = (B − A) ÷ A
        const prev = findLast(before, (a) => EXECUTED_FIGURE_RE.test(a.prefix));
        const cur = findLast(before, (a) => PLANNED_FIGURE_RE.test(a.prefix));
        if (!prev || !cur || startOf(prev) > startOf(cur)) continue;
        // between this year's figure and the percentage only change amounts (比…增加 C 万元)
        if (before.slice(before.indexOf(cur) + 1).some((a) => !CHANGE_PREFIX_RE.test(a.prefix))) continue;
        p.part = cur;
        p.whole = prev;
      } else {
        // change: the change amount stated just before (增加 X 万元，增长 Y%)
        const change = before[before.length - 1];
        const between = norm.slice(toText(s, change.span.end - 1) + 1, pAt);
        if (!/^(?:亿元|万元|元)[，,](?:增长|下降|增加|减少)$/.test(between)) continue;
        if (!endsInChange(change.prefix)) continue;
        p.part = change;
      }
    }
  }
}

interface Settings {
  locale: Locale;
  out: Finding[];
}

/** A percentage found wrong: the range [lo, hi] its figures allow, and its exact value with how it is computed (each made for the finding only). */
interface WrongPercent {
  p: PercentFact;
  bounds: () => [Decimal, Decimal];
  explain: () => { exact: () => Decimal; basis: string };
  /** the range and the exact value by doubles, when the doubles found it wrong (their error then bounded: see formatApprox) */
  rough?: { lo: number; hi: number; exact: number };
}

function push(st: Settings, code: RuleId, span: Span, args: Record<string, string | number>, related: RelatedInfo[], data: Record<string, unknown>, message: string = code): void {
  st.out.push({ code, severity: RULES[code].severity, span, message: formatMessage(message, st.locale, args), related, data });
}

/** A figure's value at a number of decimals, as the documents print it (half up). */
export function format(d: Decimal, decimals: number): string {
  return d.toFixed(decimals, Decimal.ROUND_HALF_UP);
}

/**
 * How a change's percentage is computed, for the reader: the change over the year before's figure,
 * written with the figures printed when they share a unit (`129.41 ÷ (1546.22 − 129.41)`), else with
 * the base's value in the change's unit.
 */
export function changeBasis(change: AmountFact, current: AmountFact, increase: boolean): string {
  const c = format(change.value, change.decimals);
  if (current.factor.eq(change.factor)) return `${c} ÷ (${format(current.value, current.decimals)} ${increase ? '−' : '+'} ${c})`;
  const base = current.value.times(current.factor).plus(change.value.times(change.factor).times(increase ? -1 : 1));
  return `${c} ÷ ${format(base.div(change.factor), change.decimals)}`;
}

/** The cell a fact is tied to. */
function cellAt(cell: NonNullable<AmountFact['cell']>): Cell | undefined {
  return cellInColumn(cell.row, cell.column);
}

/**
 * cellYuan by doubles: the cell's value and half a unit of its last printed digit, in 元 (close, not
 * exact: only ever compared with a margin); null for an empty cell, a value beyond the safe integers,
 * or an unknown unit.
 */
export function cellApprox(table: Table, cell: Cell | undefined): { value: number; half: number } | null {
  const a = cell && cell.amount && !cell.amount.empty && !cell.amount.big ? cell.amount : null;
  const factor = a ? unitFactorNumber(table.unit) : null;
  if (!a || factor === null) return null;
  return { value: (a.units / 10 ** a.scale) * factor, half: halfApprox(a.decimals) * factor };
}

function cellInfo(_ctx: Context, cell: NonNullable<AmountFact['cell']>, locale: Locale): { where: string; value: Decimal; unit: Decimal; span: Span; raw: string } {
  const c = cellAt(cell)!;
  const v = cellYuan(cell.table, c)!;
  const leaves = cell.row.side && cell.table.header.sides ? cell.table.header.sides[cell.row.side] : cell.table.header.columns;
  const many = leaves.length > 1 || (leaves[0] !== undefined && leaves[0].children.length > 0);
  const col = many ? `「${columnName(cell.table, cell.column, cell.row.side)}」` : '';
  return { where: `${kindById(cell.table.kind).name[locale]} ${rowName(cell.row)}${col}`.trim(), value: v.value, unit: v.unit, span: c.span, raw: c.raw };
}

/** The range a printed figure can come from: value ± half a unit of its precision, in 元 for amounts. */
function range(f: Figure, factor: Decimal = new Decimal(1)): [Decimal, Decimal] {
  const h = half(f.decimals).times(factor);
  const v = f.value.times(factor);
  return [v.minus(h), v.plus(h)];
}

/** The table's figure for a fact, in the fact's unit at the table's precision. */
interface TableFigure {
  info: ReturnType<typeof cellInfo>;
  decimals: number;
}

/** The table's figure for `f` when it differs from the printed one (checkAmount's finding), in `f`'s unit at the table's precision; else null. */
function tableFigure(ctx: Context, st: Settings, f: AmountFact): TableFigure | null {
  if (!f.cell || !f.subject) return null;
  const c = cellAt(f.cell);
  // doubles first: a figure clearly within its tolerance of the cell's agrees without exact arithmetic
  // (both tests below only ever return null, so their order changes nothing but the cost)
  const cellA = cellApprox(f.cell.table, c);
  // and a figure clearly beyond its tolerance differs without the exact tests below (each could only say it agrees)
  let differs = false;
  if (cellA) {
    const statedA = approx(f, f.factor);
    const tol = halfApprox(f.decimals) * factorApprox(f.factor) + cellA.half;
    const m = 1e-9 * (1 + Math.abs(statedA) + Math.abs(cellA.value) + tol);
    if (Math.abs(statedA - cellA.value) < tol - m) return null;
    differs = Math.abs(statedA - cellA.value) > tol + m;
  }
  // the exact answer once per fact: checkAmount asks, then a wrong percentage's probes and blameRestated ask again
  const memo = (ctx.tableFigures ??= new Map());
  let known = memo.get(f);
  if (known === undefined) memo.set(f, (known = exactTableFigure(ctx, st, f, f.cell, c, differs)));
  return known;
}

/** tableFigure by exact arithmetic (unless the doubles found that it `differs`): `c` is the cell `cell` names. */
function exactTableFigure(ctx: Context, st: Settings, f: AmountFact, cell: NonNullable<AmountFact['cell']>, c: Cell | undefined, differs: boolean): TableFigure | null {
  if (!differs) {
    // the figure as printed in the table, in the same unit
    if (c && cell.table.unit === f.unit && c.amount && !c.amount.empty && !c.amount.big && c.amount.decimals === f.decimals && toDecimal(c.amount).eq(f.value)) return null;
    // the cell's value only: where it is (cellInfo's names) is wanted for a finding alone
    const v = cellYuan(cell.table, c)!;
    const stated = f.value.times(f.factor);
    const tolerance = half(f.decimals).times(f.factor).plus(v.unit.times(HALF));
    if (stated.minus(v.value).abs().lte(tolerance)) return null;
  }
  const info = cellInfo(ctx, cell, st.locale);
  return { info, decimals: Math.max(f.decimals, Math.max(0, -roundedLog10(info.unit, f.factor))) };
}

function checkAmount(ctx: Context, st: Settings, f: AmountFact): void {
  const differs = tableFigure(ctx, st, f);
  if (!differs || !f.cell || !f.subject) return;
  const { info, decimals: tableDecimals } = differs;
  const expected = `${format(info.value.div(f.factor), tableDecimals)}${f.unit}`;
  push(
    st,
    'text.amount',
    { start: f.span.start, end: f.span.end + f.unit.length },
    // the figure as printed (1,546.22, not 1546.22): the reader finds it in the sentence
    { subject: f.subject, stated: `${ctx.model.text.slice(f.span.start, f.span.end)}${f.unit}`, expected, where: info.where },
    [{ span: info.span, message: formatMessage('related.table', st.locale, { where: info.where, value: info.raw }) }],
    {
      subject: f.subject,
      stated: f.value.toString(),
      expected: info.value.div(f.factor).toString(),
      table: f.cell.table.index,
      row: f.cell.row.index,
      column: f.cell.column,
      fix: { start: f.span.start, end: f.span.end, text: format(info.value.div(f.factor), tableDecimals) },
    },
  );
}

/** round(log10(unit ÷ factor)): by doubles unless the logarithm is near a half, then exactly. */
function roundedLog10(unit: Decimal, factor: Decimal): number {
  const l = Math.log10(unit.toNumber() / factorApprox(factor));
  if (Number.isFinite(l) && Math.abs(Math.abs(l - Math.trunc(l)) - 0.5) > 1e-6) return Math.round(l);
  return log10(unit.div(factor)).round().toNumber();
}

function relatedOf(ctx: Context, st: Settings, facts: AmountFact[]): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (const a of facts) {
    if (a.cell) {
      const info = cellInfo(ctx, a.cell, st.locale);
      out.push({ span: info.span, message: formatMessage('related.table', st.locale, { where: info.where, value: info.raw }) });
    }
    // a whole named by the sentence (占本年支出合计的) is only the table's figure: it has no text of its own
    if (a.subject?.startsWith(TABLE_WHOLE)) continue;
    out.push({ span: { start: a.span.start, end: a.span.end + a.unit.length }, message: formatMessage('related.text', st.locale, { what: `${a.subject ?? a.prefix} ${format(a.value, a.decimals)}${a.unit}` }) });
  }
  return out;
}

/** A figure's value (times `factor`) as a double: close, not exact; only ever used with a margin (see `clearlyWithin`). */
function approx(f: Figure, factor: Decimal | null = null): number {
  return factor === null ? f.approx : f.approx * factorApprox(factor);
}

/** A unit factor as a double (1, 10 000, 100 000 000 are exact). */
function factorApprox(factor: Decimal): number {
  return factor === UNIT_FACTORS['万元'] ? 10000 : factor === UNIT_FACTORS['元'] ? 1 : factor === UNIT_FACTORS['亿元'] ? 100000000 : factor.toNumber();
}

/** Half a unit of the last of `decimals` digits, as a double. */
function halfApprox(decimals: number): number {
  return decimals < HALF_APPROX.length ? HALF_APPROX[decimals] : 0.5 * 10 ** -decimals;
}
/** halfApprox of 0 … 31 decimals, computed once each by the same expression (a power costs more than a load). */
const HALF_APPROX = Array.from({ length: 32 }, (_, d) => 0.5 * 10 ** -d);

/**
 * Does some value in [sl, sh] certainly meet [lo, hi]: by more than any
 * rounding of doubles could move the bounds. When this says no, the exact
 * computation decides.
 */
function clearlyWithin(sl: number, sh: number, lo: number, hi: number): boolean {
  const m = 1e-9 * (1 + Math.abs(sl) + Math.abs(sh) + Math.abs(lo) + Math.abs(hi));
  return Number.isFinite(lo) && Number.isFinite(hi) && sh - lo > m && hi - sl > m;
}

/** The printed percentage's range [sl, sh] as doubles. */
function percentApprox(p: PercentFact): [number, number] {
  const v = approx(p);
  const h = halfApprox(p.decimals);
  return [v - h, v + h];
}

/**
 * A percentage is judged on the figures its sentence prints; when one of them differs from its table
 * cell (text.amount's finding on it) and the table's figure makes the percentage right, that figure
 * is the one misprint: the percentage is not blamed as well. `wordFacts`: the words of the
 * percentage's sentence; `headlineOf`: its paragraph's headline figure (asked only for a wrong growth rate).
 */
function checkPercent(ctx: Context, st: Settings, p: PercentFact, wordFacts: WordFact[], headlineOf: () => AmountFact | undefined): void {
  if (!p.part) return;
  // its text.percent finding is built only once it is kept (the wording findings judgePercent may push
  // instead go to `st.out` as they are: a percentage is found wrong only after its words are judged right)
  const wrong = judgePercent(ctx, st, p, wordFacts);
  if (!wrong) return;
  for (const key of ['part', 'whole'] as const) {
    const fact = p[key];
    const differs = fact && tableFigure(ctx, st, fact);
    if (!fact || !differs) continue;
    const value = differs.info.value.div(fact.factor);
    const asTable: AmountFact = { ...fact, value, decimals: differs.decimals, approx: value.toNumber() };
    if (!wouldReport(ctx, st, { ...p, [key]: asTable }, wordFacts)) return;
  }
  const headline = p.of === 'growth' ? headlineOf() : undefined;
  if (headline && blameRestated(ctx, st, p, wordFacts, headline)) return;
  pushPercent(ctx, st, wrong);
}

/**
 * An item's paragraph states its amount H first (a cell it is tied to agrees), then restates this
 * year's figure: 上年执行数 A，本年预算安排 B，比上年增加 p%. When p follows from H and A but not from B,
 * B is the odd one out: `text.amount` on B (H as its fix, never preferred), not the percentage.
 */
function blameRestated(ctx: Context, st: Settings, p: PercentFact, wordFacts: WordFact[], headline: AmountFact): boolean {
  const cur = p.part!;
  if (headline === cur || headline.span.start >= cur.span.start || tableFigure(ctx, st, headline)) return false;
  if (headline.value.times(headline.factor).eq(cur.value.times(cur.factor))) return false;
  const asHeadline: AmountFact = { ...cur, value: headline.value, decimals: headline.decimals, factor: headline.factor, unit: headline.unit, approx: headline.approx };
  if (wouldReport(ctx, st, { ...p, part: asHeadline }, wordFacts)) return false;
  const text = ctx.model.text;
  const printed = text.slice(cur.span.start, cur.span.end);
  const headlinePrinted = text.slice(headline.span.start, headline.span.end);
  const percent = `${p.word?.text ?? ''}${text.slice(p.span.start, p.span.end)}%`;
  push(
    st,
    'text.amount',
    { start: cur.span.start, end: cur.span.end + cur.unit.length },
    { subject: cur.prefix.replace(/(?:为|是)$/, ''), stated: `${printed}${cur.unit}`, expected: `${headlinePrinted}${headline.unit}`, percent },
    relatedOfText(st, [headline]).concat([{ span: p.span, message: formatMessage('related.text', st.locale, { what: percent }) }]),
    // the fix writes H as printed when both are in one unit; across units there is no certain text
    { subject: cur.prefix, stated: cur.value.toString(), expected: headline.value.toString(), ...(cur.factor.eq(headline.factor) ? { fix: { start: cur.span.start, end: cur.span.end, text: headlinePrinted } } : {}) },
    'text.amount.restated',
  );
  return true;
}

/** Would judgePercent report anything on `p`: judged aside, its findings dropped (a text.percent one is not even built). */
function wouldReport(ctx: Context, st: Settings, p: PercentFact, wordFacts: WordFact[]): boolean {
  const probe: Settings = { locale: st.locale, out: [] };
  return judgePercent(ctx, probe, p, wordFacts) !== null || probe.out.length > 0;
}

/**
 * Judge a percentage on its figures: the range the figures allow when it is wrong (pushPercent makes
 * the finding), else null. A word that contradicts the figures is reported to `st` here instead.
 */
function judgePercent(ctx: Context, st: Settings, p: PercentFact, wordFacts: WordFact[]): WrongPercent | null {
  if (!p.part) return null;
  // the range of the percentage the figures allow, exactly
  let bounds: () => [Decimal, Decimal];
  // the exact percentage and how it is computed: wanted for a finding only
  let explain: () => { exact: () => Decimal; basis: string };
  // the doubles put the printed percentage's range clearly apart from the one the figures allow (by more
  // than any rounding of doubles could move the bounds, as clearlyWithin): the exact comparison would find
  // it wrong too, so it is not made. Each test below is made under the conditions of its clearlyWithin
  // test, which make the exact path reach that comparison: a base certainly above zero, and (growth) a
  // word that certainly agrees with the figures' direction.
  let apart = false;
  let rough: WrongPercent['rough'];
  // doubles first: most percentages are right by a margin no rounding of doubles can cross
  const [psl, psh] = percentApprox(p);
  const pf = factorApprox(p.part.factor);
  const pv = approx(p.part, p.part.factor);
  const phf = halfApprox(p.part.decimals) * pf;
  const [pfl, pfh] = [pv - phf, pv + phf];
  if (p.of === 'growth' && p.whole && p.word) {
    const prev = p.whole;
    const av = approx(prev, prev.factor);
    const ahf = halfApprox(prev.decimals) * factorApprox(prev.factor);
    const [afl, afh] = [av - ahf, av + ahf];
    const diff = pv - av;
    const up = p.word.text === '增加' || p.word.text === '增长';
    const m = 1e-9 * (1 + Math.abs(pv) + Math.abs(av));
    // no wording finding: the sign clearly agrees with the word, or the difference is clearly within the figures' rounding
    const wordOk = (up ? diff > m : diff < -m) || Math.abs(diff) < phf + ahf - m;
    const x = pfl - afh;
    const y = pfh - afl;
    if (wordOk && afl > m && Math.abs(x) > m && Math.abs(y) > m) {
      const dMin = x < 0 !== y < 0 ? 0 : Math.min(Math.abs(x), Math.abs(y));
      const dMax = Math.max(Math.abs(x), Math.abs(y));
      if (clearlyWithin(psl, psh, (dMin / afh) * 100, (dMax / afl) * 100)) return null;
      apart = clearlyApart(psl, psh, (dMin / afh) * 100, (dMax / afl) * 100);
      if (apart) rough = { lo: (dMin / afh) * 100, hi: (dMax / afl) * 100, exact: (Math.abs(diff) / av) * 100 };
    }
  } else if ((p.of === 'share' || p.of === 'completion') && p.whole) {
    // the whole as printed, or (占本年支出合计的) the table's figure, as the exact case below reads it
    const named = (p as PercentFact & { wholeName?: string }).wholeName !== undefined;
    const cellA = named && p.whole.cell ? cellApprox(p.whole.cell.table, cellAt(p.whole.cell)) : null;
    if (!named || cellA) {
      const wv = cellA ? cellA.value : approx(p.whole, p.whole.factor);
      const whf = cellA ? cellA.half : halfApprox(p.whole.decimals) * factorApprox(p.whole.factor);
      const [wfl, wfh] = [wv - whf, wv + whf];
      if (wfl > 1e-9 * (1 + Math.abs(wv))) {
        if (clearlyWithin(psl, psh, (pfl / wfh) * 100, (pfh / wfl) * 100)) return null;
        apart = clearlyApart(psl, psh, (pfl / wfh) * 100, (pfh / wfl) * 100);
        if (apart) rough = { lo: (pfl / wfh) * 100, hi: (pfh / wfl) * 100, exact: (pv / wv) * 100 };
      }
    }
  }
  // then exactly, the common case: the printed figures themselves give the printed percentage (not
  // where the ranges are apart: the quotient of the printed figures lies in the figures' range)
  if (!apart && p.whole && (p.of === 'share' || p.of === 'completion') && !(p as PercentFact & { wholeName?: string }).wholeName) {
    // not where the quotient by doubles is clearly more than half a unit off the printed percentage: it cannot round to it
    const quotient = (pv / approx(p.whole, p.whole.factor)) * 100;
    const w = clearlyApart(psl, psh, quotient, quotient) ? null : p.whole.value.times(p.whole.factor);
    if (w && !w.isZero()) {
      const num = p.part.value.times(p.part.factor);
      if (format(percentOf(num, w), p.decimals) === format(p.value, p.decimals)) return null;
    }
  }
  // the part's range [pl, ph] is computed in each case below only once it is needed: most return before
  if (p.of === 'growth') {
    const prev = p.whole!;
    const cur = p.part;
    const diff = (): Decimal => cur.value.times(cur.factor).minus(prev.value.times(prev.factor));
    const up = p.word!.text === '增加' || p.word!.text === '增长';
    // where the doubles found it apart, their conditions settle the two tests below: a base above zero, and a word that agrees
    if (!apart && range(prev, prev.factor)[0].lte(0)) return null;
    const change = apart ? null : diff();
    // the word against the sign (beyond the figures' rounding)
    if (change && !change.isZero() && change.isPositive() !== up && change.abs().gt(half(cur.decimals).times(cur.factor).plus(half(prev.decimals).times(prev.factor)))) {
      // the percentage and the word agree with each other once one figure loses a stray digit: the figure is wrong, not the word
      const witness = { text: `${p.word!.text}${format(p.value, p.decimals)}%`, span: { start: p.span.start, end: p.span.end + 1 } };
      const fit: Fit = { exact: (way, c, hc, a, ha) => growthFits(c, hc, a, ha, p, way), rough: (way, c, hc, a, ha) => growthMayFit(c, hc, a, ha, p, way) };
      if (blameFigure(ctx, st, cur, prev, fit, up, witness)) return null;
      const expected = change.isPositive() ? (p.word!.text === '减少' ? '增加' : '增长') : p.word!.text === '增加' ? '减少' : '下降';
      const detailZh = `${format(cur.value, cur.decimals)}${cur.unit}${change.isPositive() ? '大于' : '小于'}${format(prev.value, prev.decimals)}${prev.unit}`;
      push(st, 'text.wording', p.word!.span, { stated: p.word!.text, expected, detail: detailZh, detailEn: `put ${format(cur.value, cur.decimals)} ${change.isPositive() ? 'above' : 'below'} ${format(prev.value, prev.decimals)}` }, relatedOfText(st, [cur, prev]), {
        stated: p.word!.text,
        expected,
        fix: { start: p.word!.span.start, end: p.word!.span.end, text: expected },
      });
      return null;
    }
    // |B − A| ÷ A, its range from the figures' half units
    bounds = () => {
      const [al, ah] = range(prev, prev.factor);
      const [pl, ph] = range(cur, cur.factor);
      const dl = pl.minus(ah).abs();
      const dh = ph.minus(al).abs();
      const dMin = pl.minus(ah).isNegative() !== ph.minus(al).isNegative() ? new Decimal(0) : Decimal.min(dl, dh);
      const dMax = Decimal.max(dl, dh);
      return [percentOf(dMin, ah), percentOf(dMax, al)];
    };
    explain = () => ({
      exact: () => percentOf((change ?? diff()).abs(), prev.value.times(prev.factor)),
      basis: `|${format(cur.value, cur.decimals)} − ${format(prev.value, prev.decimals)}| ÷ ${format(prev.value, prev.decimals)}`,
    });
  } else if (p.of === 'change') {
    // the base is this year's figure minus the change (增加) or plus it (减少); this year's is the figure the sentence stated before
    // the words of this change: the last 增加/减少 before its amount, the last 增长/下降 before the percentage
    const word = findLast(wordFacts, (w) => w.of === 'change-amount' && w.span.end <= p.part!.span.start);
    if (!word) return null;
    const pword = findLast(wordFacts, (w) => w.of === 'change-percent' && w.span.end <= p.span.start && w.span.start > word.span.start);
    // words that disagree are text.wording's finding; the percentage is not judged on a direction in doubt
    if (pword && (pword.word === '增长' || pword.word === '增加') !== (word.word === '增加')) return null;
    const current = p.whole;
    if (!current) return null;
    const sign = word.word === '增加' ? -1 : 1;
    {
      const cv = approx(current, current.factor);
      const chf = halfApprox(current.decimals) * factorApprox(current.factor);
      const bLo = sign < 0 ? cv - chf - pfh : cv - chf + pfl;
      const bHi = sign < 0 ? cv + chf - pfl : cv + chf + pfh;
      if (bLo > 1e-9 * (1 + Math.abs(cv) + Math.abs(pv))) {
        if (clearlyWithin(psl, psh, (pfl / bHi) * 100, (pfh / bLo) * 100)) return null;
        apart = clearlyApart(psl, psh, (pfl / bHi) * 100, (pfh / bLo) * 100);
        if (apart) rough = { lo: (pfl / bHi) * 100, hi: (pfh / bLo) * 100, exact: (pv / (cv + sign * pv)) * 100 };
      }
    }
    const [pl, ph] = range(p.part, p.part.factor);
    const [cl, ch] = range(current, current.factor);
    const baseLo = sign < 0 ? cl.minus(ph) : cl.plus(pl);
    const baseHi = sign < 0 ? ch.minus(pl) : ch.plus(ph);
    if (baseLo.lte(0)) return null;
    bounds = () => [percentOf(pl, baseHi), percentOf(ph, baseLo)];
    const part = p.part;
    explain = () => ({
      exact: () => percentOf(part.value.times(part.factor), current.value.times(current.factor).plus(part.value.times(part.factor).times(sign))),
      basis: changeBasis(part, current, sign < 0),
    });
  } else {
    const whole = p.whole;
    if (!whole) return null;
    const part = p.part;
    const wholeName = (p as PercentFact & { wholeName?: string }).wholeName;
    // 占本年支出合计的 …: the whole from the table
    const cell = whole.cell;
    if (wholeName && !cell) return null;
    // the whole in 元 and half a unit of its last digit (of the table's cell for a named whole: its value
    // only, where it is being wanted for a finding alone)
    const wholeYuan = (): { value: Decimal; half: Decimal } => {
      if (!wholeName) return { value: whole.value.times(whole.factor), half: half(whole.decimals).times(whole.factor) };
      const info = cellYuan(cell!.table, cellAt(cell!))!;
      return { value: info.value, half: info.unit.times(HALF) };
    };
    // where the doubles found it apart, their conditions settle that the whole is above zero
    if (!apart) {
      const w = wholeYuan();
      if (w.value.minus(w.half).lte(0)) return null;
    }
    bounds = () => {
      const w = wholeYuan();
      const [pl, ph] = range(part, part.factor);
      return [percentOf(pl, w.value.plus(w.half)), percentOf(ph, w.value.minus(w.half))];
    };
    explain = () => {
      const w = wholeYuan();
      const wText = wholeName ? format(w.value.div(part.factor), part.decimals) : format(whole.value, whole.decimals);
      return { exact: () => percentOf(part.value.times(part.factor), w.value), basis: `${format(part.value, part.decimals)} ÷ ${wText}` };
    };
  }
  if (apart) return { p, bounds, explain, rough };
  const [lo, hi] = bounds();
  const [sl, sh] = range(p);
  // consistent when some value the figures allow rounds to the printed percentage
  if (sh.gte(lo) && sl.lte(hi)) return null;
  return { p, bounds: () => [lo, hi], explain };
}

/** text.percent on a percentage found wrong. */
function pushPercent(ctx: Context, st: Settings, { p, bounds, explain, rough }: WrongPercent): void {
  const part = p.part!;
  const { exact, basis } = explain();
  // the percentage the figures give, and (below) whether the fix is certain: by doubles where they settle the rounding
  const expected = (rough ? formatApprox(rough.exact, p.decimals) : null) ?? format(exact(), p.decimals);
  // the fix is certain when every value the figures allow prints alike: by doubles where they settle both ends' rounding
  const loText = rough ? formatApprox(rough.lo, p.decimals) : null;
  const hiText = rough ? formatApprox(rough.hi, p.decimals) : null;
  let certain: boolean;
  if (loText !== null && hiText !== null) certain = loText === hiText;
  else {
    const [lo, hi] = bounds();
    certain = format(lo, p.decimals) === format(hi, p.decimals);
  }
  const related = relatedOf(ctx, st, p.whole && p.whole !== part ? [part, p.whole] : [part]);
  push(st, 'text.percent', { start: p.span.start, end: p.span.end + 1 }, { stated: format(p.value, p.decimals), expected, basis }, related, {
    of: p.of,
    stated: p.value.toString(),
    expected,
    fix: certain ? { start: p.span.start, end: p.span.end, text: expected } : undefined,
  });
}

/**
 * format(exact, decimals) for a non-negative exact value known only as the double `x`, within
 * 1e-6 × (1 + x) of it; null where that is not enough to tell (the value near a half unit, or too
 * large for exact integers). judgePercent's doubles are far closer than that where it keeps them
 * (rough, set only under the conditions of its clearlyApart tests): each base is then at least 1e-9
 * of the figures, so a few roundings of the figures (2^-52 of them each) move a quotient by well
 * under 1e-6 of itself, and a quotient near zero by under 1e-12 at most.
 */
export function formatApprox(x: number, decimals: number): string | null {
  if (!(x >= 0) || decimals > 10) return null;
  const scale = POWERS_OF_TEN[decimals];
  const scaled = x * scale;
  if (!(scaled < 1e15)) return null;
  const margin = 1e-6 * (1 + x) * scale;
  const units = Math.round(scaled);
  // the exact value rounds (half up) to `units` unless it may reach the half unit on either side
  if (scaled - (units - 0.5) <= margin || units + 0.5 - scaled <= margin) return null;
  return formatScaled(units, decimals, decimals);
}

/** Whether the growth from `prev` to `cur` (values in 元, each ± `halfPrev` / `halfCur`) can be printed as `p` in the direction `up`. */
function growthFits(cur: Decimal, halfCur: Decimal, prev: Decimal, halfPrev: Decimal, p: PercentFact, up: boolean): boolean {
  const diff = cur.minus(prev);
  if (diff.isZero() || diff.isPositive() !== up) return false;
  const al = prev.minus(halfPrev);
  const ah = prev.plus(halfPrev);
  if (al.lte(0)) return false;
  const pl = cur.minus(halfCur);
  const ph = cur.plus(halfCur);
  const dl = pl.minus(ah).abs();
  const dh = ph.minus(al).abs();
  const dMin = pl.minus(ah).isNegative() !== ph.minus(al).isNegative() ? new Decimal(0) : Decimal.min(dl, dh);
  const lo = percentOf(dMin, ah);
  const hi = percentOf(Decimal.max(dl, dh), al);
  const [sl, sh] = range(p);
  return sh.gte(lo) && sl.lte(hi);
}

/** growthFits by doubles: false only where growthFits is certainly false (each test by a margin no rounding of doubles can cross). */
export function growthMayFit(cur: number, halfCur: number, prev: number, halfPrev: number, p: PercentFact, up: boolean): boolean {
  const m = 1e-9 * (1 + Math.abs(cur) + Math.abs(prev) + halfCur + halfPrev);
  const diff = cur - prev;
  if (up ? diff < -m : diff > m) return false;
  const al = prev - halfPrev;
  const ah = prev + halfPrev;
  if (al < -m) return false;
  // a base at zero: the quotients below are not to be trusted
  if (al <= m) return true;
  const x = cur - halfCur - ah;
  const y = cur + halfCur - al;
  const dMin = x < 0 !== y < 0 ? 0 : Math.min(Math.abs(x), Math.abs(y));
  const dMax = Math.max(Math.abs(x), Math.abs(y));
  const [sl, sh] = percentApprox(p);
  return !clearlyApart(sl, sh, (dMin / ah) * 100, (dMax / al) * 100);
}

/** Do [sl, sh] and [lo, hi] certainly not meet: by more than any rounding of doubles could move the bounds. */
export function clearlyApart(sl: number, sh: number, lo: number, hi: number): boolean {
  const m = 1e-9 * (1 + Math.abs(sl) + Math.abs(sh) + Math.abs(lo) + Math.abs(hi));
  return Number.isFinite(lo) && Number.isFinite(hi) && (sh < lo - m || sl > hi + m);
}

/** The figures one keystroke away from `printed` (a digit dropped or changed), as printed text without grouping. */
function oneEditAway(printed: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < printed.length; i++) {
    const ch = printed[i];
    if (ch < '0' || ch > '9') continue;
    out.push(printed.slice(0, i) + printed.slice(i + 1));
    for (let d = 0; d <= 9; d++) if (String(d) !== ch) out.push(printed.slice(0, i) + d + printed.slice(i + 1));
  }
  // a number starts with a digit other than 0 unless it is 0.x; a dropped digit may leave a lone point
  return out.filter((c) => /^(?:[1-9]\d*|0)(?:\.\d+)?$/.test(c));
}

/** How this year's and the year before's figures (in 元, each ± its half unit) fit the sentence's own figure in a direction: exactly, and by doubles (false only where exact is certainly false). */
interface Fit {
  exact: (up: boolean, cur: Decimal, halfCur: Decimal, prev: Decimal, halfPrev: Decimal) => boolean;
  rough: (up: boolean, cur: number, halfCur: number, prev: number, halfPrev: number) => boolean;
}

/**
 * 上年 A，本年 B，增加 p% (or 增加 C万元): the word contradicts A → B, but the sentence's own
 * percentage or change amount, in the word's direction, follows exactly from A or B with one digit
 * dropped or changed, and from no other such figure. Then the figure is the typo: `text.amount` on it,
 * with the corrected figure as the fix, and no word is blamed. False when no single correction explains
 * the sentence (the word is then judged as usual).
 */
function blameFigure(
  ctx: Context,
  st: Settings,
  cur: AmountFact,
  prev: AmountFact,
  fit: Fit,
  up: boolean,
  witness: { text: string; span: Span },
): boolean {
  const found: Array<{ fact: AmountFact; text: string }> = [];
  const hc = half(cur.decimals).times(cur.factor);
  const hp = half(prev.decimals).times(prev.factor);
  // the other word explains the printed figures as well: the word is the one wrong thing
  const curYuan = cur.value.times(cur.factor);
  const prevYuan = prev.value.times(prev.factor);
  // doubles rule most figures out before the exact test (the edited figures below are mostly far off)
  const cf = factorApprox(cur.factor);
  const pf = factorApprox(prev.factor);
  const curA = approx(cur, cur.factor);
  const hcA = halfApprox(cur.decimals) * cf;
  const prevA = approx(prev, prev.factor);
  const hpA = halfApprox(prev.decimals) * pf;
  if (fit.rough(!up, curA, hcA, prevA, hpA) && fit.exact(!up, curYuan, hc, prevYuan, hp)) return false;
  const fits = (c: Decimal, h: Decimal, a: Decimal, ha: Decimal) => fit.exact(up, c, h, a, ha);
  // a figure that differs from its table cell, whose table value makes the sentence agree: checkAmount
  // blames that figure (text.amount, the table's value as the fix); the word is not blamed as well
  for (const fact of [cur, prev]) {
    if (!fact.cell) continue;
    const v = cellYuan(fact.cell.table, cellAt(fact.cell))!;
    const h = v.unit.times(HALF);
    if (fact === cur ? fits(v.value, h, prevYuan, hp) : fits(curYuan, hc, v.value, h)) return true;
  }
  for (const c of oneEditAway(format(prev.value, prev.decimals))) {
    if (!fit.rough(up, curA, hcA, Number(c) * pf, halfApprox(decimalsOf(c)) * pf)) continue;
    if (fits(curYuan, hc, new Decimal(c).times(prev.factor), half(decimalsOf(c)).times(prev.factor))) found.push({ fact: prev, text: c });
    if (found.length > 1) return false;
  }
  for (const c of oneEditAway(format(cur.value, cur.decimals))) {
    if (!fit.rough(up, Number(c) * cf, halfApprox(decimalsOf(c)) * cf, prevA, hpA)) continue;
    if (fits(new Decimal(c).times(cur.factor), half(decimalsOf(c)).times(cur.factor), prevYuan, hp)) found.push({ fact: cur, text: c });
    if (found.length > 1) return false;
  }
  if (found.length !== 1) return false;
  const { fact, text } = found[0];
  const span = { start: fact.span.start, end: fact.span.end + fact.unit.length };
  // a sentence with both a change amount and a percentage explains the figure twice: one finding
  if (st.out.some((f) => f.code === 'text.amount' && f.span.start === span.start && f.span.end === span.end)) return true;
  const printed = ctx.model.text.slice(fact.span.start, fact.span.end);
  const fixText = printed.includes(',') ? groupThousands(text) : text;
  push(
    st,
    'text.amount',
    span,
    { subject: fact.prefix.replace(/(?:为|是)$/, ''), stated: `${printed}${fact.unit}`, expected: `${fixText}${fact.unit}`, basis: witness.text },
    relatedOfText(st, [fact === cur ? prev : cur]).concat([{ span: witness.span, message: formatMessage('related.text', st.locale, { what: witness.text }) }]),
    { subject: fact.prefix, stated: fact.value.toString(), expected: text, fix: { start: fact.span.start, end: fact.span.end, text: fixText } },
    'text.amount.sentence',
  );
  return true;
}

function decimalsOf(printed: string): number {
  const dot = printed.indexOf('.');
  return dot < 0 ? 0 : printed.length - dot - 1;
}

function groupThousands(printed: string): string {
  const [int, frac] = printed.split('.');
  return int.replace(/\B(?=(\d{3})+$)/g, ',') + (frac !== undefined ? `.${frac}` : '');
}

/**
 * 持平 / 基本持平: the change below which 基本持平 (roughly level) is right, as a share of the base. One
 * percent: a change the document itself would print as 0.xx% and call small; a change of 1% or more is
 * printed as a percentage of its own elsewhere in these documents (增长1.01%), so calling it 持平 hides it.
 * The comparison is at the printed precision: 基本持平 is questioned only when every value the printed
 * figures allow gives a change above this.
 */
export const LEVEL_SHARE = new Decimal('0.01');
const LEVEL_SHARE_APPROX = LEVEL_SHARE.toNumber();

/** 与上年(度) / 与2023年预算执行数 / 决算数与(年初)预算数 … (基本)持平 (the comparison named within a few characters of the word). */
const LEVEL_RE = /(?:与|同|较|比)((?:上年|上一年|\d{4}年)[^，。；,;]{0,12}?|(?:年初)?预算数?)(?:相比)?(?:基本|大体)?持平/g;

/** The 持平 words of sentence `si`: a fact each, linked to the figures it compares by linkLevels. */
function levelWords(s: Sentence, si: number, facts: Fact[]): void {
  const text = s.text;
  if (!text.includes('持平')) return;
  LEVEL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LEVEL_RE.exec(text)) !== null) {
    const basic = /(?:基本|大体)持平$/.test(m[0]);
    const len = basic ? 4 : 2;
    const at = m.index + m[0].length - len;
    // the comparison against 预算 is told apart from the one against the year before by the text before the word
    facts.push({ type: 'word', word: m[0].slice(-len), span: spanOf(s, at, at + len), of: 'level', sentence: si, versusBudget: /^(?:年初)?预算数?$/.test(m[1]) });
  }
}

/**
 * The two figures a 持平 compares: the two amounts right before it in its sentence (no other amount
 * between), the year before's (…执行数为 A, 上年…为 A) then this year's (…预算安排 B, 本年…为 B), or
 * 预算数为 A then 决算数为 B. Otherwise the word is not checked.
 */
function linkLevels(ctx: Context, facts: Fact[], sentences: Sentence[], inS: (si: number) => readonly AmountFact[]): void {
  for (const w of facts) {
    if (w.type !== 'word' || w.of !== 'level') continue;
    let before: readonly AmountFact[] = inS(w.sentence).filter((a) => a.span.start < w.span.start);
    // a sentence of its own (决算数与预算数持平的主要原因 …): the figures of the sentence before, in its paragraph
    if (before.length === 0 && w.sentence > 0 && sentences[w.sentence - 1].paragraph === sentences[w.sentence].paragraph) before = inS(w.sentence - 1);
    if (before.length < 2) continue;
    const from = before[before.length - 2];
    const to = before[before.length - 1];
    const ok = w.versusBudget
      ? BUDGET_FIGURE_RE.test(from.prefix) && FINAL_FIGURE_RE.test(to.prefix)
      : PREVIOUS_RE.test(from.prefix) && CURRENT_RE.test(to.prefix) && !otherYear(ctx, to.prefix.replace(/\d{4}年/, ''));
    if (!ok) continue;
    w.budget = from;
    w.final = to;
  }
}

/** 持平 where the figures changed, or 基本持平 where they changed by more than LEVEL_SHARE of the base. */
function checkLevel(st: Settings, w: WordFact): void {
  const base = w.budget;
  const now = w.final;
  if (!base || !now) return;
  // doubles first: a change clearly within the figures' rounding, or (基本持平) clearly under LEVEL_SHARE of the base, is right
  {
    const aA = approx(base, base.factor);
    const bA = approx(now, now.factor);
    const halfBase = halfApprox(base.decimals) * factorApprox(base.factor);
    const tol = halfBase + halfApprox(now.decimals) * factorApprox(now.factor);
    const m = 1e-9 * (1 + Math.abs(aA) + Math.abs(bA) + tol);
    if (Math.abs(bA - aA) < tol - m) return;
    if (w.word !== '持平' && Math.max(Math.abs(bA - aA) - tol, 0) < (aA + halfBase) * LEVEL_SHARE_APPROX - m) return;
  }
  const a = base.value.times(base.factor);
  const b = now.value.times(now.factor);
  const diff = b.minus(a);
  const tolerance = half(base.decimals).times(base.factor).plus(half(now.decimals).times(now.factor));
  // the smallest change the printed figures allow, against the largest base
  const least = Decimal.max(diff.abs().minus(tolerance), new Decimal(0));
  const flat = least.isZero();
  const small = least.lte(a.plus(half(base.decimals).times(base.factor)).times(LEVEL_SHARE));
  const basic = w.word !== '持平';
  if (flat || (basic && small)) return;
  const direction = w.versusBudget ? (diff.isPositive() ? '大于' : '小于') : diff.isPositive() ? '增加' : '减少';
  const expected = !basic && small ? '基本持平' : direction;
  const share = a.isZero() ? '' : `（${format(percentOf(diff.abs(), a), 2)}%）`;
  const shareEn = a.isZero() ? '' : ` (${format(percentOf(diff.abs(), a), 2)}%)`;
  const detail = `${format(now.value, now.decimals)}${now.unit}比${format(base.value, base.decimals)}${base.unit}${diff.isPositive() ? '多' : '少'}${format(diff.abs().div(now.factor), now.decimals)}${now.unit}${share}`;
  const detailEn = `put ${format(now.value, now.decimals)} ${diff.isPositive() ? 'above' : 'below'} ${format(base.value, base.decimals)} by ${format(diff.abs().div(now.factor), now.decimals)}${now.unit}${shareEn}`;
  push(st, 'text.wording', w.span, { stated: w.word, expected, detail, detailEn }, relatedOfText(st, [now, base]), {
    stated: w.word,
    expected,
    // 持平 → 基本持平 reads right in place; 增加 / 大于 would need the sentence rewritten
    fix: expected === '基本持平' ? { start: w.span.start, end: w.span.end, text: expected } : undefined,
  });
}

/**
 * 比上年增加0万元 / 减少0.00%: a direction for a change of zero — 持平 is meant. Not reported where the
 * sentence says 持平 or 无增减 itself (a template's 增加0万元 … 与上年持平，无增减变化 tells the reader).
 */
function checkZeroChanges(st: Settings, facts: Fact[], sentences: Sentence[]): void {
  let reported = -1;
  for (const f of facts) {
    if (f.type === 'word' || !f.value.isZero()) continue;
    if (f.type === 'percent' && f.of !== 'change' && f.of !== 'growth') continue;
    const s = sentences[f.sentence];
    const i = toText(s, f.span.start);
    // the word right before the zero: 比上年增加0万元, 增长0%, 比2025年预算执行数增加0.00%
    const word = f.type === 'amount' ? CHANGE_PREFIX_RE.exec(f.prefix)?.[1] : /(?:增加|减少|增长|下降)$/.exec(s.text.slice(Math.max(0, i - 2), i))?.[0];
    // one statement (增加0万元，增长0%) is one finding
    if (!word || reported === f.sentence || /持平|无增减|没有变化|无变化/.test(s.text)) continue;
    reported = f.sentence;
    const span = spanOf(s, i - word.length, i);
    const zero = `${format(f.value, f.decimals)}${f.type === 'amount' ? f.unit : '%'}`;
    push(st, 'text.wording', span, { stated: word, expected: '持平', detail: `的增减为 ${zero}`, detailEn: `give a change of ${zero}` }, [], { stated: word, expected: '持平' });
  }
}

function checkFinalVsBudget(st: Settings, w: WordFact): void {
  const final = w.final;
  const budget = w.budget;
  if (!final || !budget) return;
  const said = w.word === '高于' ? '大于' : w.word === '低于' ? '小于' : w.word;
  // doubles first: figures clearly apart in the direction said need no exact comparison
  const yA = approx(final, final.factor);
  const zA = approx(budget, budget.factor);
  const m = 1e-9 * (1 + Math.abs(yA) + Math.abs(zA));
  if ((said === '大于' && yA - zA > m) || (said === '小于' && zA - yA > m)) return;
  const y = final.value.times(final.factor);
  const z = budget.value.times(budget.factor);
  const cmp = y.comparedTo(z);
  const want = cmp > 0 ? '大于' : cmp < 0 ? '小于' : '等于';
  if (said === want) return;
  const expected = w.word === '高于' || w.word === '低于' ? (cmp > 0 ? '高于' : cmp < 0 ? '低于' : '等于') : want;
  const detailZh = `决算 ${format(final.value, final.decimals)}${final.unit}${want}预算 ${format(budget.value, budget.decimals)}${budget.unit}`;
  const detailEn = `put 决算 ${format(final.value, final.decimals)}${final.unit} ${cmp > 0 ? 'above' : cmp < 0 ? 'below' : 'equal to'} 预算 ${format(budget.value, budget.decimals)}${budget.unit}`;
  push(st, 'text.wording', w.span, { stated: w.word, expected, detail: detailZh, detailEn }, relatedOfText(st, [final, budget]), { stated: w.word, expected, fix: { start: w.span.start, end: w.span.end, text: expected } });
}


function relatedOfText(st: Settings, list: AmountFact[]): RelatedInfo[] {
  return list.map((a) => ({ span: { start: a.span.start, end: a.span.end + a.unit.length }, message: formatMessage('related.text', st.locale, { what: `${a.prefix} ${format(a.value, a.decimals)}${a.unit}` }) }));
}

/** 增加 X 万元，下降 Y%: the two words disagree. Which one is wrong: the one the percentage does not fit. */
function checkChangeWords(st: Settings, amountWord: WordFact, percentWord: WordFact, p: PercentFact | undefined): void {
  const up = (w: string) => w === '增加' || w === '增长';
  if (up(amountWord.word) === up(percentWord.word)) return;
  let wrong = percentWord;
  let expected = up(amountWord.word) ? '增长' : '下降';
  if (p && p.part) {
    const current = p.whole;
    if (current) {
      const fits = (increase: boolean) => {
        const base = current.value.times(current.factor).plus(p.part!.value.times(p.part!.factor).times(increase ? -1 : 1));
        if (base.lte(0)) return false;
        const r = percentOf(p.part!.value.times(p.part!.factor), base);
        return format(r, p.decimals) === format(p.value, p.decimals);
      };
      if (fits(up(percentWord.word)) && !fits(up(amountWord.word))) {
        wrong = amountWord;
        expected = up(percentWord.word) ? '增加' : '减少';
      }
    }
  }
  const detail = `「${amountWord.word}」与「${percentWord.word}」方向相反`;
  push(st, 'text.wording', wrong.span, { stated: wrong.word, expected, detail, detailEn: `say “${amountWord.word}” and “${percentWord.word}”, opposite directions` }, [{ span: (wrong === amountWord ? percentWord : amountWord).span, message: formatMessage('related.text', st.locale, { what: (wrong === amountWord ? percentWord : amountWord).word }) }], {
    stated: wrong.word,
    expected,
    fix: { start: wrong.span.start, end: wrong.span.end, text: expected },
  });
}

/** 比上年增加 C where the sentence states both years: C = this year − the year before, and the word its sign. */
/** Whether the change from `prev` to `cur` (values in 元, each ± its half unit) can be printed as the amount `f` in the direction `up`. */
function changeFits(cur: Decimal, halfCur: Decimal, prev: Decimal, halfPrev: Decimal, f: AmountFact, up: boolean): boolean {
  const diff = cur.minus(prev);
  if (diff.isZero() || diff.isPositive() !== up) return false;
  return f.value.times(f.factor).minus(diff.abs()).abs().lte(halfCur.plus(halfPrev).plus(half(f.decimals).times(f.factor)));
}

/** changeFits by doubles: false only where changeFits is certainly false. */
export function changeMayFit(cur: number, halfCur: number, prev: number, halfPrev: number, f: AmountFact, up: boolean): boolean {
  const stated = approx(f, f.factor);
  const tolerance = halfCur + halfPrev + halfApprox(f.decimals) * factorApprox(f.factor);
  const m = 1e-9 * (1 + Math.abs(cur) + Math.abs(prev) + Math.abs(stated) + tolerance);
  const diff = cur - prev;
  if (up ? diff < -m : diff > m) return false;
  return Math.abs(stated - Math.abs(diff)) <= tolerance + m;
}

function checkChange(st: Settings, f: AmountFact, ctx: Context): void {
  const c = f.change;
  if (!c) return;
  const diff = c.to.value.times(c.to.factor).minus(c.from.value.times(c.from.factor));
  const tolerance = half(c.to.decimals).times(c.to.factor).plus(half(c.from.decimals).times(c.from.factor)).plus(half(f.decimals).times(f.factor));
  const up = c.word === '增加';
  const related = relatedOfText(st, [c.to, c.from]);
  if (!diff.isZero() && diff.isPositive() !== up && diff.abs().gt(tolerance)) {
    const witness = { text: `${c.word}${format(f.value, f.decimals)}${f.unit}`, span: { start: f.span.start, end: f.span.end + f.unit.length } };
    const fit: Fit = { exact: (way, b, hb, a, ha) => changeFits(b, hb, a, ha, f, way), rough: (way, b, hb, a, ha) => changeMayFit(b, hb, a, ha, f, way) };
    if (blameFigure(ctx, st, c.to, c.from, fit, up, witness)) return;
    const expected = up ? '减少' : '增加';
    const detail = `${format(c.to.value, c.to.decimals)}${c.to.unit}${diff.isPositive() ? '大于' : '小于'}${format(c.from.value, c.from.decimals)}${c.from.unit}`;
    push(st, 'text.wording', c.wordSpan, { stated: c.word, expected, detail, detailEn: `put ${format(c.to.value, c.to.decimals)} ${diff.isPositive() ? 'above' : 'below'} ${format(c.from.value, c.from.decimals)}` }, related, {
      stated: c.word,
      expected,
      fix: { start: c.wordSpan.start, end: c.wordSpan.end, text: expected },
    });
    return;
  }
  const stated = f.value.times(f.factor);
  if (stated.minus(diff.abs()).abs().lte(tolerance)) return;
  const expected = format(diff.abs().div(f.factor), f.decimals);
  push(
    st,
    'text.change',
    { start: f.span.start, end: f.span.end + f.unit.length },
    { stated: `${format(f.value, f.decimals)}${f.unit}`, expected: `${expected}${f.unit}`, basis: `|${format(c.to.value, c.to.decimals)} − ${format(c.from.value, c.from.decimals)}|` },
    related,
    { stated: f.value.toString(), expected, fix: { start: f.span.start, end: f.span.end, text: expected } },
  );
}

const NO_WORDS: WordFact[] = [];

/** Documents longer than this (UTF-16 code units) are not read for narrative facts. */
export const NARRATIVE_MAX_CHARS = 2_000_000;

/** Check the narrative's figures; findings are pushed to `out`. */
export function checkNarrative(model: DocumentModel, locale: Locale, out: Finding[]): void {
  const family = documentFamily(model);
  if (family === null) return;
  // one department's explanation is tens of kilobytes; text beyond this is many documents run together
  // (an export, a concatenation), whose sentences cannot be tied to one set of tables anyway
  if (model.text.length > NARRATIVE_MAX_CHARS) return;
  const ctx: Context = { model, family, year: model.year };
  const { facts, sentences } = narrativeFacts(model);
  const st: Settings = { locale, out };
  try {
    const words = facts.filter((f): f is WordFact => f.type === 'word');
    const wordsBySentence = new Map<number, WordFact[]>();
    for (const w of words) {
      const list = wordsBySentence.get(w.sentence);
      if (list) list.push(w);
      else wordsBySentence.set(w.sentence, [w]);
    }
    // a paragraph's first amount, when it is this year's (not a year before's, not a change): an item's
    // headline figure, wanted only for a growth rate found wrong (blameRestated), so looked for then
    const headlineOf = (paragraph: number): AmountFact | undefined => {
      const f = facts.find((x): x is AmountFact => x.type === 'amount' && sentences[x.sentence].paragraph === paragraph);
      return f && !(PREVIOUS_RE.test(f.prefix) || CHANGE_PREFIX_RE.test(f.prefix) || /执行数|上年|结转/.test(f.prefix)) ? f : undefined;
    };
    const changePercents = new Map<number, PercentFact[]>();
    for (const f of facts) {
      if (f.type === 'amount') {
        checkAmount(ctx, st, f);
        checkChange(st, f, ctx);
      } else if (f.type === 'percent') {
        checkPercent(ctx, st, f, wordsBySentence.get(f.sentence) ?? NO_WORDS, () => headlineOf(sentences[f.sentence].paragraph));
        if (f.of === 'change') {
          const list = changePercents.get(f.sentence);
          if (list) list.push(f);
          else changePercents.set(f.sentence, [f]);
        }
      } else if (f.of === 'final-vs-budget') checkFinalVsBudget(st, f);
      else if (f.of === 'level') checkLevel(st, f);
    }
    checkZeroChanges(st, facts, sentences);
    for (let i = 0; i + 1 < words.length; i++) {
      const a = words[i];
      const b = words[i + 1];
      if (a.of !== 'change-amount' || b.of !== 'change-percent') continue;
      const p = (changePercents.get(b.sentence) ?? []).find((f) => f.span.start > b.span.start);
      checkChangeWords(st, a, b, p);
    }
  } finally {
    // nothing to release
  }
}
