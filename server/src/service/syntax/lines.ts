/** Lines and cells: the lowest layer of the parser. Never throws. */
import type { LineInfo } from '../model/types';
import { parseNumber, isEmptyAmount, type ParsedNumber } from './numbers';

export function splitLines(text: string): LineInfo[] {
  const lines: LineInfo[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ start, end: i });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: n });
  return lines;
}

export interface RawCell {
  text: string;
  start: number;
  end: number;
  /** parsed when the cell is a number */
  num: ParsedNumber | null;
  /** true for '', '-', '—' */
  empty: boolean;
}

function makeCell(text: string, from: number, to: number, base: number): RawCell {
  // trim ASCII and ideographic spaces, keeping offsets exact
  let a = from;
  let b = to;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  const t = text.slice(a, b);
  const c = t.charCodeAt(0);
  // only cells starting with a digit or a minus sign can be numbers
  const maybeNumber = (c >= 48 && c <= 57) || c === 45 || (c >= 0xff10 && c <= 0xff19) || c === 0xff0d;
  const num = maybeNumber ? parseNumber(t) : null;
  return { text: t, start: base + a, end: base + b, num, empty: num === null && t.length <= 2 && isEmptyAmount(t) };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 0x3000 || c === 9 || c === 0xa0;
}

/** Cells of a tab-separated line (empty cells kept: they carry the column position). */
export function tabCells(line: string, base: number): RawCell[] {
  const cells: RawCell[] = [];
  let from = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line.charCodeAt(i) === 9) {
      cells.push(makeCell(line, from, i, base));
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
    if (cell.text.length > 0) out.push(cell);
  }
  return out;
}

/** A line that is only dashes or box drawing (table rules from converters). */
export function isRuleLine(s: string): boolean {
  return /^[\s\-—=_|+:·□\t]*$/.test(s) && /[-—=_]/.test(s);
}
