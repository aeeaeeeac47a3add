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
import { leafPaths } from '../analysis/names';

/** The sides' names in a two-sided table's column headers, as these documents print them. */
const SIDE_NAME = { income: '收入', expenditure: '支出' } as const;

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
  const sides = table.header.sides;
  const columns: string[] = [];
  // two-sided tables (收入 | 支出 side by side, each side its own columns): the 收入 rows, then the 支出
  // rows, each side's figures under its own columns (收入/预算, 支出/合计 …), the other side's left empty
  const income = sides ? leafPaths(table, 'income') : [];
  if (sides) {
    for (const p of income) columns.push(`${SIDE_NAME.income}/${p}`);
    for (const p of leafPaths(table, 'expenditure')) columns.push(`${SIDE_NAME.expenditure}/${p}`);
  } else for (let c = 0; c < table.header.leafCount; c++) columns.push(columnName(table, c));
  const rows: RowView[] = [];
  const shown = table.rows.filter((row) => row.kind !== 'continuation' && row.kind !== 'note');
  const ordered = sides ? [...shown.filter((r) => r.side !== 'expenditure'), ...shown.filter((r) => r.side === 'expenditure')] : shown;
  for (const row of ordered) {
    const cells: CellView[] = row.cells.map((c) => ({
      raw: c.raw,
      start: c.span.start,
      end: c.span.end,
      state: marked.has(c.span.start) ? 'bad' : (verdict.get(c.span.start) ?? ''),
    }));
    if (sides && row.side === 'expenditure' && cells.length > 0) {
      const at = cells[0].start;
      cells.unshift(...income.map((): CellView => ({ raw: '', start: at, end: at, state: '' })));
    }
    rows.push({ name: rowName(row), level: row.code ? row.code.level - 1 : row.depth, kind: row.kind, line: row.line, cells });
  }
  return { index: table.index, title: table.label ? `${table.label} ${table.title}` : table.title, unit: table.unit, line: table.startLine, columns, rows };
}
