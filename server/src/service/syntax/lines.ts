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
  if (maybeNumber && parseNumberInto(t, cell)) cell.setNumber();
  else if (t.length <= 2 && isEmptyAmount(t)) cell.amount = EMPTY_AMOUNT;
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
 * Tokens of a space-separated line. Ideographic spaces (indentation inside
 * names) do not separate; OCR-broken numbers (`492. 42`) are joined again.
 */
export function spaceTokens(line: string, base: number): RawCell[] {
  const out: RawCell[] = [];
  const re = /[^ \t]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    let end = m.index + m[0].length;
    // rejoin "492." + "42" and "36," + "202."…
    while (/^-?\d[\d,]*[.,]$/.test(line.slice(m.index, end))) {
      const next = /^ +(\d[\d,.]*)/.exec(line.slice(end));
      if (!next) break;
      end += next[0].length;
      re.lastIndex = end;
    }
    const cell = makeCell(line, m.index, end, base);
    if (cell.raw.length > 0) out.push(cell);
  }
  return out;
}

/** A line that is only dashes or box drawing (table rules from converters). */
export function isRuleLine(s: string): boolean {
  return /^[\s\-—=_|+:·□\t]*$/.test(s) && /[-—=_]/.test(s);
}
