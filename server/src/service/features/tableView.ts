/**
 * The tables as a preview shows them: each an aligned grid with its column
 * names, rows indented by code level, ✓ or ✗ on every total, the cells that
 * break a relation marked, and each cell's place in the text (for a click
 * to reveal it). The client renders them (client/src/previewHtml.ts).
 */
import type { DocumentModel, Row, Table } from '../model/types';
import type { Finding } from '../analysis/findings';
import { tableRelations } from '../analysis/relations';
import { columnName, evaluate, rowName, type Tolerance } from '../analysis/check';

/**
 * '' plain; 'ok' a total whose sums hold (or differ by rounding); 'fail' a
 * total whose sum does not hold (✗); 'bad' a cell a finding sits on (the
 * blamed cell, or the total of a failing sum no cell explains): marked.
 */
export type CellState = '' | 'ok' | 'fail' | 'bad';

export interface CellView {
  raw: string;
  start: number;
  end: number;
  state: CellState;
}

export interface RowView {
  name: string;
  /** indentation: the code level (类 0, 款 1, 项 2) or the row's nesting depth */
  level: number;
  kind: Row['kind'];
  line: number;
  cells: CellView[];
}

export interface TableView {
  index: number;
  title: string;
  unit: string | null;
  line: number;
  columns: string[];
  rows: RowView[];
}

const FAILING = new Set(['sum.cell', 'sum.children', 'sum.total', 'sum.columns', 'sum.balance', 'sum.block']);

export function getTableViews(model: DocumentModel, findings: Finding[], tolerance: Tolerance = 'auto'): TableView[] {
  // cells a finding marks (its total, or the blamed cell)
  const marked = new Set<number>();
  for (const f of findings) if (FAILING.has(f.code) && f.severity === 'error') marked.add(f.span.start);
  return model.tables.map((table) => tableView(table, marked, tolerance));
}

function tableView(table: Table, marked: Set<number>, tolerance: Tolerance): TableView {
  const verdict = new Map<number, CellState>();
  for (const rel of tableRelations(table).relations) {
    const e = evaluate(rel, tolerance);
    const k = rel.total.span.start;
    if (e && !e.withinRounding) verdict.set(k, 'fail');
    else if (!verdict.has(k)) verdict.set(k, 'ok');
  }
  const leaves = table.header.leafCount;
  const columns: string[] = [];
  for (let c = 0; c < leaves; c++) columns.push(columnName(table, c));
  const rows: RowView[] = [];
  for (const row of table.rows) {
    if (row.kind === 'continuation' || row.kind === 'note') continue;
    const cells: CellView[] = row.cells.map((c) => ({
      raw: c.raw,
      start: c.span.start,
      end: c.span.end,
      state: marked.has(c.span.start) ? 'bad' : (verdict.get(c.span.start) ?? ''),
    }));
    rows.push({ name: rowName(row), level: row.code ? row.code.level - 1 : row.depth, kind: row.kind, line: row.line, cells });
  }
  return { index: table.index, title: table.label ? `${table.label} ${table.title}` : table.title, unit: table.unit, line: table.startLine, columns, rows };
}
