/**
 * The outline: parts › sections › tables › top-level rows › their children.
 * Items carry offsets; the server turns them into LSP document symbols.
 */
import type { DocumentModel, Row, Section, Span, Table } from '../model/types';
import { firstFigure } from '../model/store';
import { rowName } from '../analysis/check';
import { rowTree, type RowNode } from './rowTree';
import { pushAll, maxOf } from '../arrays';

export type OutlineKind = 'volume' | 'part' | 'section' | 'toc' | 'table' | 'total' | 'code' | 'unit' | 'project' | 'item';

export interface OutlineItem {
  name: string;
  detail: string;
  kind: OutlineKind;
  /** everything the item covers */
  span: Span;
  /** what to reveal: the heading, title or label */
  selection: Span;
  children: OutlineItem[];
}

function lineSpan(model: DocumentModel, first: number, last: number): Span {
  const { lines } = model;
  const a = Math.max(0, Math.min(first, lines.length - 1));
  const b = Math.max(a, Math.min(last, lines.length - 1));
  return { start: lines.start(a), end: lines.end(b) };
}

function within(outer: Span, inner: Span): Span {
  const start = Math.max(outer.start, Math.min(inner.start, outer.end));
  return { start, end: Math.max(start, Math.min(inner.end, outer.end)) };
}

/** The first figure of a row, with the table's unit: “1,564.22 万元”. */
function figure(row: Row, unit: string | null): string {
  const raw = firstFigure(row);
  if (raw === null) return '';
  return unit ? `${raw} ${unit}` : raw;
}

function tableDetail(table: Table): string {
  const total = table.rows.find((r) => r.kind === 'total' && firstFigure(r) !== null);
  if (total) return `${total.label.replace(/\s+/g, '')} ${figure(total, table.unit)}`.trim();
  return table.unit ? `${table.unit}` : '';
}

function rowItemOf(model: DocumentModel, node: RowNode, unit: string | null): OutlineItem {
  const { row } = node;
  const lines = lineSpan(model, row.line, node.endLine);
  const selection = within(lines, row.code?.span ?? row.labelSpan ?? lineSpan(model, row.line, row.line));
  // the expenditure side of a two-sided table starts mid-line, after the income side
  const span = row.side === 'expenditure' ? { start: selection.start, end: lines.end } : lines;
  const kind: OutlineKind = row.kind === 'subtotal' ? 'total' : row.kind === 'continuation' || row.kind === 'note' ? 'item' : row.kind;
  return { name: rowName(row), detail: figure(row, unit), kind, span, selection, children: [] };
}

/** The outline item of a row node and its subtree, built with a stack (a tree can be as deep as a table is long). */
function rowItem(model: DocumentModel, root: RowNode, unit: string | null): OutlineItem {
  const top = rowItemOf(model, root, unit);
  const pending: [RowNode, OutlineItem][] = [[root, top]];
  while (pending.length > 0) {
    const [node, item] = pending.pop()!;
    for (const c of node.children) {
      const child = rowItemOf(model, c, unit);
      item.children.push(child);
      pending.push([c, child]);
    }
  }
  return top;
}

/** The two sides of a two-sided table (收支总表): each side's rows under its own node. */
const SIDES = [
  ['income', '收入'],
  ['expenditure', '支出'],
] as const;

function tableChildren(model: DocumentModel, table: Table, span: Span): OutlineItem[] {
  if (!table.rows.some((r) => r.side)) return rowTree(table.rows).map((n) => rowItem(model, n, table.unit));
  const out: OutlineItem[] = [];
  for (const [side, name] of SIDES) {
    const rows = table.rows.filter((r) => r.side === side);
    if (rows.length === 0) continue;
    const children = rowTree(rows).map((n) => rowItem(model, n, table.unit));
    const sideSpan = within(span, { start: children[0].span.start, end: maxOf(children.map((c) => c.span.end)) });
    out.push({ name, detail: '', kind: 'section', span: sideSpan, selection: { start: sideSpan.start, end: sideSpan.start }, children });
  }
  pushAll(out, rowTree(table.rows.filter((r) => !r.side)).map((n) => rowItem(model, n, table.unit)));
  return out;
}

function tableItem(model: DocumentModel, table: Table): OutlineItem {
  const span = lineSpan(model, table.startLine, table.endLine);
  return {
    name: table.label ? `${table.label} ${table.title}` : table.title,
    detail: tableDetail(table),
    kind: 'table',
    span,
    selection: within(span, table.titleSpan),
    children: tableChildren(model, table, span),
  };
}

const HEADING_KIND: Record<number, OutlineKind> = { 0: 'volume', 1: 'part', 2: 'section', 3: 'section' };

export function getOutline(model: DocumentModel): OutlineItem[] {
  if (model.lines.length === 0) return [];
  const tables = model.tables;
  let next = 0;
  /** tables starting before `line` that have not been placed yet */
  const takeTables = (endLine: number): OutlineItem[] => {
    const out: OutlineItem[] = [];
    while (next < tables.length && tables[next].startLine <= endLine) out.push(tableItem(model, tables[next++]));
    return out;
  };
  const sectionItem = (s: Section): OutlineItem => {
    const span = lineSpan(model, s.heading.line, s.endLine);
    const children: OutlineItem[] = [];
    for (const c of s.children) {
      // tables before this subsection belong to the section itself
      pushAll(children, takeTables(c.heading.line - 1));
      children.push(sectionItem(c));
    }
    pushAll(children, takeTables(s.endLine));
    return {
      name: s.heading.title,
      detail: '',
      kind: s.heading.title === '目录' ? 'toc' : (HEADING_KIND[s.heading.level] ?? 'section'),
      span,
      selection: within(span, s.heading.span),
      children,
    };
  };
  const out: OutlineItem[] = [];
  for (const s of model.sections) {
    pushAll(out, takeTables(s.heading.line - 1));
    out.push(sectionItem(s));
  }
  pushAll(out, takeTables(Number.MAX_SAFE_INTEGER));
  containChildren(out);
  return out;
}

/**
 * Every child inside its parent, every selection inside its item, whatever
 * the parser made of a damaged document (editors drop or misplace symbols
 * that stick out). Walked with a stack.
 */
function containChildren(roots: OutlineItem[]): void {
  const pending: OutlineItem[] = [];
  for (const r of roots) {
    r.selection = within(r.span, r.selection);
    pending.push(r);
  }
  while (pending.length > 0) {
    const parent = pending.pop()!;
    for (const c of parent.children) {
      c.span = within(parent.span, c.span);
      c.selection = within(c.span, c.selection);
      pending.push(c);
    }
  }
}
