/**
 * Look-ups by position shared by the checks and the editor features: the line
 * an offset is on, and the table a line belongs to. Binary searches over the
 * document's lines and its tables (both in document order).
 */
import type { LineTable, Table } from './types';

/** The line holding `offset` (the last line that starts at or before it). */
export function lineOfOffset(lines: LineTable, offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.start(mid) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The table whose lines include `line` (tables are in document order and do not overlap). */
export function tableOfLine(tables: readonly Table[], line: number): Table | null {
  let lo = 0;
  let hi = tables.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tables[mid];
    if (line < t.startLine) hi = mid - 1;
    else if (line > t.endLine) lo = mid + 1;
    else return t;
  }
  return null;
}
