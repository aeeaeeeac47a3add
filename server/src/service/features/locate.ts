/** What sits at an offset: the table, row and cell under the cursor. Shared by hover, definition and code actions. */
import type { Cell, DocumentModel, Row, Span, Table } from '../model/types';
import { lineOfOffset } from './positions';
import { tableOfLine } from '../model/lookup';

export interface Located {
  table: Table;
  row: Row | null;
  /** the amount cell under the offset, if any */
  cell: Cell | null;
  line: number;
}

export function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

export function intersects(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The table whose lines include `line` (tables are in document order and do not overlap). */
export function tableAtLine(model: DocumentModel, line: number): Table | null {
  return tableOfLine(model.tables, line);
}

/**
 * The data rows covering `line`, in order: usually one; two on a line of a
 * two-sided table (income and expenditure). A continuation line gives its owner.
 */
export function rowsAtLine(table: Table, line: number): Row[] {
  const rows = table.rows;
  let lo = 0;
  let hi = rows.length - 1;
  let hit = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid];
    if (line < r.line) hi = mid - 1;
    else if (line > r.endLine) lo = mid + 1;
    else {
      hit = mid;
      break;
    }
  }
  if (hit < 0) return [];
  let first = hit;
  while (first > 0 && rows[first - 1].line <= line && rows[first - 1].endLine >= line) first--;
  const out: Row[] = [];
  for (let i = first; i < rows.length && rows[i].line <= line; i++) {
    const r = rows[i];
    if (r.endLine < line) continue;
    const owner = r.kind === 'continuation' && r.owner !== undefined ? rows[r.owner] : r;
    if (owner && !out.includes(owner)) out.push(owner);
  }
  return out;
}

export function locate(model: DocumentModel, offset: number): Located | null {
  if (model.lines.length === 0) return null;
  const line = lineOfOffset(model.lines, offset);
  const table = tableAtLine(model, line);
  if (!table) return null;
  const rows = rowsAtLine(table, line);
  for (const row of rows) {
    for (const c of row.cells) {
      if (c.raw !== '' && contains(c.span, offset)) return { table, row, cell: c, line };
    }
  }
  // no cell: the row whose code or label is under the offset, else the first
  const row = rows.find((r) => (r.code && contains(r.code.span, offset)) || (r.labelSpan && contains(r.labelSpan, offset))) ?? rows[0] ?? null;
  return { table, row, cell: null, line };
}

/** The cell at exactly this span in a table (findings point at cells by span). */
export function cellAt(table: Table, span: Span): { row: Row; cell: Cell } | null {
  for (const row of table.rows) {
    for (const cell of row.cells) {
      if (cell.span.start === span.start && cell.span.end === span.end) return { row, cell };
    }
  }
  return null;
}
