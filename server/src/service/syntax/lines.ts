/** Lines and cells: the lowest layer of the parser. Never throws. */
import { EMPTY_AMOUNT, SourceCell, type Amount, type Cell, type LineInfo, type LineTable } from '../model/types';
import { parseNumberInto, isEmptyAmount } from './numbers';

class Lines implements LineTable {
  constructor(
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    readonly length: number,
  ) {}
  start(line: number): number {
    return this.starts[line];
  }
  end(line: number): number {
    return this.ends[line];
  }
  at(line: number): LineInfo {
    return { start: this.starts[line], end: this.ends[line] };
  }
}

export function splitLines(text: string): LineTable {
  const n = text.length;
  if (text.indexOf('\r') < 0) {
    // the common case: '\n' only, found by the engine's native search
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Uint32Array(count);
    const ends = new Uint32Array(count);
    let k = 0;
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      starts[k] = start;
      ends[k++] = i;
      start = i + 1;
    }
    starts[k] = start;
    ends[k] = n;
    return new Lines(starts, ends, count);
  }
  // '\r\n', lone '\r' and '\n', mixed
  let count = 1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  let k = 0;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      starts[k] = start;
      ends[k++] = i;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  starts[k] = start;
  ends[k] = n;
  return new Lines(starts, ends, count);
}

/**
 * A cell as the line splitter finds it: already the model's Cell (raw text,
 * span, and for numbers or empty cells their amount), so table building adds
 * a column index instead of copying.
 */
export type RawCell = Cell;

/** The number in a cell, or null (empty cells are not numbers). */
export function numOf(c: Cell): Amount | null {
  return c.amount !== undefined && !c.amount.empty ? c.amount : null;
}

export function isEmptyCell(c: Cell): boolean {
  return c.amount === EMPTY_AMOUNT;
}

/**
 * Short cell texts repeat endlessly (0.00, 1.00, codes): keep one copy each.
 * Bounded, so a hostile input cannot grow it without limit.
 */
const INTERNED = new Map<string, string>();
function intern(s: string): string {
  if (s.length > 8) return s;
  const known = INTERNED.get(s);
  if (known !== undefined) return known;
  if (INTERNED.size < 20000) INTERNED.set(s, s);
  return s;
}

function makeCell(text: string, from: number, to: number, base: number): RawCell {
  // trim ASCII and ideographic spaces, keeping offsets exact
  let a = from;
  let b = to;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  const t = intern(text.slice(a, b));
  const c = t.charCodeAt(0);
  // only cells starting with a digit or a minus sign can be numbers
  const maybeNumber = (c >= 48 && c <= 57) || c === 45 || (c >= 0xff10 && c <= 0xff19) || c === 0xff0d;
  const cell = new SourceCell(t, base + a, base + b);
  // a number writes itself into the cell; '', '-', '—' … make an empty amount cell
  const isNumber = maybeNumber && parseNumberInto(t, cell);
  if (!isNumber && t.length <= 2 && isEmptyAmount(t)) cell.amount = EMPTY_AMOUNT;
  return cell;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 0x3000 || c === 9 || c === 0xa0;
}

/**
 * Cells of the tab-separated line text[start, end) (empty cells kept: they
 * carry the column position). Works on the document text, without copying the line.
 */
export function tabCells(text: string, start: number, end: number): RawCell[] {
  const cells: RawCell[] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i === end || text.charCodeAt(i) === 9) {
      cells.push(makeCell(text, from, i, 0));
      from = i + 1;
    }
  }
  return cells;
}

/**
 * Tokens of the space-separated line text[start, end). Ideographic spaces
 * (indentation inside names) do not separate; OCR-broken numbers (`492. 42`)
 * are joined again. Works on the document text, without copying the line.
 */
export function spaceTokens(text: string, start: number, end: number): RawCell[] {
  const out: RawCell[] = [];
  let i = start;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    const from = i;
    while (i < end && (c = text.charCodeAt(i)) !== 32 && c !== 9) i++;
    let to = i;
    // rejoin "492." + "42" and "36," + "202."…: spaces, then a digit and digits, commas, points
    while (isOpenNumber(text, from, to)) {
      let j = to;
      while (j < end && text.charCodeAt(j) === 32) j++;
      if (j === to || j >= end || !isDigit(text.charCodeAt(j))) break;
      while (j < end && (isDigit((c = text.charCodeAt(j))) || c === 44 || c === 46)) j++;
      to = j;
    }
    i = to;
    const cell = makeCell(text, from, to, 0);
    if (cell.raw.length > 0) out.push(cell);
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Is text[from, to) a number broken after a separator (-?\d[\d,]*[.,])? */
function isOpenNumber(text: string, from: number, to: number): boolean {
  let k = from;
  if (text.charCodeAt(k) === 45) k++;
  if (k >= to - 1 || !isDigit(text.charCodeAt(k))) return false;
  const last = text.charCodeAt(to - 1);
  if (last !== 46 && last !== 44) return false;
  for (k++; k < to - 1; k++) {
    const c = text.charCodeAt(k);
    if (!isDigit(c) && c !== 44) return false;
  }
  return true;
}

/** A line that is only dashes or box drawing (table rules from converters). */
export function isRuleLine(s: string): boolean {
  return /^[\s\-—=_|+:·□\t]*$/.test(s) && /[-—=_]/.test(s);
}

/** isRuleLine for text[start, end), without copying the line unless it may be one. */
export function isRuleRange(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // most lines fail at once: their first character is neither a rule character nor a space
    if (!RULE_CHARS.has(c) && !isRegExpSpace(c)) return false;
  }
  return isRuleLine(text.slice(start, end));
}

const RULE_CHARS = new Set('-—=_|+:·□'.split('').map((c) => c.charCodeAt(0)));

/** The characters of the RegExp class \s (those String.prototype.trim removes). */
export function isRegExpSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}
