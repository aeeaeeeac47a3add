/**
 * Amount parsing in one pass over the characters: exact scaled integers,
 * never binary floating point. Formats: 1564.22 · 1,564.22 · 120 · -3.5 ·
 * full-width digits · OCR damage with spaces around separators
 * (`492. 42`, `36, 202. 77`), which is read and flagged as malformed.
 */
import type Decimal from 'decimal.js';
import { moneyFromDigits } from '../model/money';
import type { Amount } from '../model/types';

/** The longest cell read as a number: 60 digits with their separators and sign. */
const MAX_NUMBER_LENGTH = 100;

/** A parsed number is the amount of its cell (one object, no copies). */
export type ParsedNumber = Amount;

function digitOf(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

/**
 * Parse one cell (already trimmed) as a number; null when it is not one.
 * Thousands groups must have three digits; spaces are allowed only next to
 * a separator (and make the number malformed).
 */
export function parseNumber(s: string): ParsedNumber | null {
  const out = new PlainNumber();
  return parseNumberInto(s, out) ? out.value : null;
}

/** Where parseNumberInto writes a number it has read (the hot path: the line splitter's cell buffer). */
export interface NumberSink {
  setNumber(units: number, scale: number, decimals: number, malformed: boolean, big: Decimal | undefined): void;
}

/** A sink making a plain Amount object (for parseNumber). */
class PlainNumber implements NumberSink {
  value: ParsedNumber | null = null;
  setNumber(units: number, scale: number, decimals: number, malformed: boolean, big: Decimal | undefined): void {
    this.value = big === undefined ? { units, scale, decimals, malformed, empty: false } : { units, scale, big, decimals, malformed, empty: false };
  }
}

/**
 * Parse `s` into `out` without allocating; false when `s` is not a number,
 * leaving `out` unchanged.
 */
export function parseNumberInto(s: string, out: NumberSink): boolean {
  return parseNumberAt(s, 0, s.length, out);
}

/**
 * parseNumberInto for the (trimmed) cell text[from, to), read in place: the
 * hot path, where `text` is the document and `out` the splitter's buffer.
 */
export function parseNumberAt(text: string, from: number, to: number, out: NumberSink): boolean {
  return readNumberAt(text, from, to, out) !== NOT_A_NUMBER;
}

/** readNumberAt's answer for a cell that is not a number. */
export const NOT_A_NUMBER = -1;

/**
 * parseNumberAt that also tells how many plain digits the number has: its
 * length when it is ASCII digits only (no sign, separator or point; a code
 * or a code's part can be one), else 0; NOT_A_NUMBER when it is no number.
 */
export function readNumberAt(text: string, from: number, to: number, out: NumberSink): number {
  const plain = readPlainFigureAt(text, from, to, out);
  if (plain !== NOT_A_NUMBER) return plain;
  // most cells the fast path leaves are text, settled by their first character
  if (from >= to || !maybeNumberStart(text.charCodeAt(from))) return NOT_A_NUMBER;
  return parseGeneralAt(text, from, to, out) ? asciiDigitCount(text, from, to) : NOT_A_NUMBER;
}

/**
 * The fast path for the figures most cells hold (`1234`, `1,234.56`,
 * `0.00`, `-12.5`): ASCII digits, an optional hyphen-minus, thousands
 * commas in groups of three, an optional point with decimals, at most 15
 * digits. Writes to `out` exactly what parseGeneralAt writes and returns
 * the plain digits as readNumberAt does; NOT_A_NUMBER for anything else,
 * leaving `out` unchanged, so that the general reader decides (it may still
 * read the cell, as damaged or in another form).
 */
export function readPlainFigureAt(text: string, from: number, to: number, out: NumberSink): number {
  let i = from;
  const neg = text.charCodeAt(i) === 45;
  if (neg) i++;
  let units = 0;
  let count = 0;
  let group = 0; // digits since the last comma (or the start)
  let commas = 0;
  let decimals = -1; // -1: no decimal point yet
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      count++;
      if (decimals >= 0) decimals++;
      else group++;
    } else if (c === 44 && decimals < 0 && (commas === 0 ? group >= 1 && group <= 3 : group === 3)) {
      commas++;
      group = 0;
    } else if (c === 46 && decimals < 0 && group >= 1 && (commas === 0 || group === 3)) {
      decimals = 0;
    } else return NOT_A_NUMBER;
  }
  // the general reader's: no digit, a trailing separator, a short last group, more digits than a double holds exactly
  if (count === 0 || count > 15 || decimals === 0 || (commas > 0 && decimals < 0 && group !== 3)) return NOT_A_NUMBER;
  const dec = decimals < 0 ? 0 : decimals;
  out.setNumber(neg ? -units : units, dec, dec, false, undefined);
  return neg || commas > 0 || decimals > 0 ? 0 : count;
}

/** The length of text[from, to) when it is ASCII digits only, else 0. */
function asciiDigitCount(text: string, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return 0;
  }
  return to - from;
}

/**
 * The general reader behind the fast path: every form parseNumberAt
 * accepts (exported for the tests that hold the fast path to it).
 */
export function parseGeneralAt(text: string, from: number, to: number, out: NumberSink): boolean {
  return parseStrictAt(text, from, to, out) || parseDamagedAt(text, from, to, out);
}

/**
 * Amounts damaged by typing or conversion, read as malformed (never as text,
 * where they would join a row's name): a second decimal point (`194.15.15`,
 * typed over a half-selected `184.15`) is read up to it (194.15); misplaced
 * thousands separators (`1,2345.6`) are dropped (12345.6). Only digits,
 * `,` and `.`, with a decimal point and two decimals before a second one;
 * dates (`2024.01.15`) are left alone. One pass, no regular expression.
 */
function parseDamagedAt(text: string, from: number, to: number, out: NumberSink): boolean {
  if (to - from > 40) return false;
  let i = from;
  let neg = false;
  if (text.charCodeAt(i) === 45 || text.charCodeAt(i) === 0xff0d) {
    neg = true;
    i++;
  }
  if (i >= to || digitOf(text.charCodeAt(i)) < 0 || digitOf(text.charCodeAt(to - 1)) < 0) return false;
  let points = 0;
  let firstPoint = -1;
  let secondPoint = -1;
  let commas = 0;
  let intDigits = 0;
  for (let k = i; k < to; k++) {
    const c = text.charCodeAt(k);
    if (digitOf(c) >= 0) {
      if (points === 0) intDigits++;
      continue;
    }
    if (c === 46 || c === 0xff0e) {
      points++;
      if (points === 1) firstPoint = k;
      else if (points === 2) secondPoint = k;
      continue;
    }
    if (c === 44 || c === 0xff0c) {
      if (points > 0) return false;
      commas++;
      continue;
    }
    return false;
  }
  if (points === 0) return false;
  if (points > 1) {
    // 194.15.15: two decimals, then the tail of what was typed over
    if (secondPoint - firstPoint !== 3 || points > 2) return false;
    // 2024.01.15 is a date
    if (commas === 0 && intDigits === 4 && (text.startsWith('19', i) || text.startsWith('20', i))) return false;
  } else if (commas === 0) return false; // a plain number: the strict reader's
  const end = points > 1 ? secondPoint : to;
  let units = 0;
  let digits = '';
  let decimals = 0;
  let count = 0;
  for (let k = i; k < end; k++) {
    const d = digitOf(text.charCodeAt(k));
    if (d < 0) continue;
    units = units * 10 + d;
    digits += String.fromCharCode(48 + d);
    count++;
    if (k > firstPoint) decimals++;
  }
  if (count <= 15) out.setNumber(neg ? -units : units, decimals, decimals, true, undefined);
  else {
    const m = moneyFromDigits(digits, decimals, neg);
    out.setNumber(m.units, m.scale, decimals, true, m.big);
  }
  return true;
}

function parseStrictAt(text: string, from: number, to: number, out: NumberSink): boolean {
  const n = to - from;
  if (n <= 0 || n > MAX_NUMBER_LENGTH) return false;
  let i = from;
  let neg = false;
  const c0 = text.charCodeAt(from);
  if (isOpenParen(c0)) {
    // (5.00) / （5.00）: a negative amount, as accountants print it; the
    // figure inside must have a decimal point or a thousands separator, so
    // that (1) and (12), numbering, stay text
    if (n < 3 || !isCloseParen(text.charCodeAt(to - 1))) return false;
    let a = from + 1;
    let b = to - 1;
    while (a < b && isSpaceCode(text.charCodeAt(a))) a++;
    while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
    if (a >= b || digitOf(text.charCodeAt(a)) < 0) return false;
    let separated = false;
    for (let k = a; k < b; k++) {
      const c = text.charCodeAt(k);
      if (c === 46 || c === 0xff0e || c === 44 || c === 0xff0c) separated = true;
    }
    if (!separated) return false;
    return parseDigits(text, a, b, true, out);
  }
  if (isMinusSign(c0)) {
    neg = true;
    i++;
    // `- 1.00`: a sign set apart from its figure (read, with a hint)
    while (i < to && isSpaceCode(text.charCodeAt(i))) i++;
  }
  if (i >= to || digitOf(text.charCodeAt(i)) < 0) return false;
  return parseDigits(text, i, to, neg, out);
}

/** The digits, separators and point of text[i, to) (no sign), read into `out`. */
function parseDigits(text: string, i: number, to: number, neg: boolean, out: NumberSink): boolean {
  const from = i;
  // the value as an integer of all digits, exact while it has at most 15 digits
  let units = 0;
  let count = 0;
  let group = 0; // digits since the last comma
  let commas = 0;
  let decimals = -1; // -1: no decimal point yet
  let malformed = false;
  let lastWasSep = false;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    const d = digitOf(c);
    if (d >= 0) {
      units = units * 10 + d;
      count++;
      if (decimals >= 0) decimals++;
      else group++;
      lastWasSep = false;
      continue;
    }
    if (c === 32 || c === 0x3000) {
      // a space is only tolerated right after or right before a separator
      const next = i + 1 < to ? text.charCodeAt(i + 1) : NaN;
      if (!lastWasSep && next !== 44 && next !== 46 && next !== 0xff0c && next !== 0xff0e && next !== 32) return false;
      malformed = true;
      continue;
    }
    if ((c === 44 || c === 0xff0c || c === 0xff0e || c === 46) && lastWasSep) return false;
    if (c === 44 || c === 0xff0c) {
      if (decimals >= 0) return false;
      if (commas === 0) {
        if (group < 1 || group > 3) return false;
      } else if (group !== 3) return false;
      commas++;
      group = 0;
      lastWasSep = true;
      continue;
    }
    if (c === 46 || c === 0xff0e) {
      if (decimals >= 0) return false;
      if (commas > 0 && group !== 3) return false;
      decimals = 0;
      lastWasSep = true;
      continue;
    }
    return false;
  }
  if (lastWasSep) return false;
  if (commas > 0 && decimals < 0 && group !== 3) return false;
  const dec = decimals < 0 ? 0 : decimals;
  if (decimals === 0) return false;
  if (count <= 15) {
    out.setNumber(neg ? -units : units, dec, dec, malformed, undefined);
    return true;
  }
  // more digits than a double holds exactly: keep them as a decimal
  let digits = '';
  for (let k = from; k < to; k++) {
    const d = digitOf(text.charCodeAt(k));
    if (d >= 0) digits += String.fromCharCode(48 + d);
  }
  const m = moneyFromDigits(digits, dec, neg);
  out.setNumber(m.units, m.scale, dec, malformed, m.big);
  return true;
}

/**
 * Signs a negative amount is printed with: - (hyphen-minus), － (full
 * width), − (U+2212 minus), ‐ (U+2010 hyphen), – (U+2013 en dash) and △
 * (a decrease, in Chinese finance tables). A sign alone is not a number (a
 * lone - is an empty cell); — (em dash) is never a sign.
 */
export function isMinusSign(c: number): boolean {
  return c === 45 || c === 0xff0d || c === 0x2212 || c === 0x2010 || c === 0x2013 || c === 0x25b3;
}

function isOpenParen(c: number): boolean {
  return c === 40 || c === 0xff08;
}

function isCloseParen(c: number): boolean {
  return c === 41 || c === 0xff09;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 0x3000;
}

/** Can a cell starting with this character be a number (a digit, a sign or an opening bracket)? */
export function maybeNumberStart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19) || isMinusSign(c) || isOpenParen(c);
}

/**
 * How a document prints negative amounts: the sign or brackets, and
 * whether the sign is set apart by a space. `-` is the default.
 */
export type NegativeStyle = '-' | '－' | '−' | '‐' | '–' | '△' | '- ' | '()' | '（）';

/** The negative style of a number's raw text, or null when it is not negative. */
export function negativeStyleOf(raw: string): NegativeStyle | null {
  const s = raw.trim();
  if (s.length < 2) return null;
  const c = s.charAt(0);
  if (c === '(') return '()';
  if (c === '（') return '（）';
  if (!isMinusSign(s.charCodeAt(0))) return null;
  if (c === '-' && isSpaceCode(s.charCodeAt(1))) return '- ';
  return c as NegativeStyle;
}

/**
 * Does text[at] start a sign set apart from its figure by one space
 * (`- 1.00`, `－ 5.00`), the way some converters print a negative amount?
 */
export function isSignedFigureAt(text: string, at: number, end: number): boolean {
  return at + 2 < end && isMinusSign(text.charCodeAt(at)) && text.charCodeAt(at + 1) === 32 && digitOf(text.charCodeAt(at + 2)) >= 0;
}

/** Is a number printed in a negative form a reader could take otherwise (`- 1.00`, `△5.00`)? */
export function isAmbiguousNegative(text: string, from: number, to: number): boolean {
  if (to - from < 2) return false;
  const c = text.charCodeAt(from);
  if (c === 0x25b3) return true;
  return isMinusSign(c) && isSpaceCode(text.charCodeAt(from + 1));
}

/** A positive figure (digits, separators, point) written in a negative style. */
export function withNegativeStyle(figure: string, style: NegativeStyle): string {
  switch (style) {
    case '()':
      return `(${figure})`;
    case '（）':
      return `（${figure}）`;
    default:
      return style + figure;
  }
}

const EMPTY = new Set(['', '-', '--', '—', '——', '－', '―', '/']);

export function isEmptyAmount(raw: string): boolean {
  return EMPTY.has(raw);
}

/** isEmptyAmount for the (trimmed) cell text[from, to), without copying it. */
export function isEmptyAmountAt(text: string, from: number, to: number): boolean {
  const n = to - from;
  if (n === 0) return true;
  if (n > 2) return false;
  const a = text.charCodeAt(from);
  if (n === 1) return a === 45 /* - */ || a === 0x2014 /* — */ || a === 0xff0d /* － */ || a === 0x2015 /* ― */ || a === 47 /* / */;
  // '--' and '——'
  return (a === 45 || a === 0x2014) && text.charCodeAt(from + 1) === a;
}

