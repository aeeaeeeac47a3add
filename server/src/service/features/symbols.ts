/**
 * The outline: parts › sections › tables › 类 (› 款 with `divisions`), blocks
 * labelled by their unit. Items carry offsets; the server turns them into
 * LSP document symbols, one symbol kind per level.
 */
import type { DocumentModel, Row, Section, Span, Table } from '../model/types';
import { firstFigure } from '../model/store';
import { rowName } from '../analysis/check';
import { pushAll } from '../arrays';
import { formatMessage, type Locale } from '../diagnosticCodes';
import type { Finding } from '../analysis/findings';
import { checkedFigures } from './narrativeFigures';

export type OutlineKind = 'volume' | 'part' | 'section' | 'toc' | 'table' | 'class' | 'division' | 'unit';

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

/** A table's detail: its total with the unit (“合计 1,564.22 万元”), or nothing (never a lone unit). */
function tableDetail(table: Table): string {
  const total = table.rows.find((r) => r.kind === 'total' && firstFigure(r) !== null);
  if (total) return `${total.label.replace(/\s+/g, '')} ${figure(total, table.unit)}`.trim();
  return '';
}

/** Which rows the outline shows under a table. */
export interface OutlineOptions {
  /** show the 款 rows under their 类 (`budget.outline.divisions`); default: 类 only */
  divisions?: boolean;
  /** the language of the details the outline adds (figures checked in a narrative section) */
  locale?: Locale;
  /** the document's findings: a narrative section's detail counts the figures that differ from the tables */
  findings?: readonly Finding[];
}

/** The findings of a narrative figure that differs from its table. */
const TEXT_FINDINGS = new Set(['text.amount', 'text.change', 'text.percent', 'text.wording']);

/** How many of the sorted offsets lie in [start, end). */
function countIn(sorted: readonly number[], start: number, end: number): number {
  const first = (x: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return first(end) - first(start);
}

/**
 * A narrative section's detail: how many figures its sentences state that
 * are checked against the tables, and how many of them differ (“3 个数字与表核对，1 处与表不一致”).
 */
function narrativeDetail(span: Span, figures: readonly number[], differing: readonly number[], locale: Locale): string {
  const checked = countIn(figures, span.start, span.end);
  if (checked === 0) return '';
  const differ = countIn(differing, span.start, span.end);
  const say = (id: string, n: number) => formatMessage(n === 1 ? `${id}.one` : id, locale, { count: n });
  const parts = [say('outline.narrative.checked', checked)];
  if (differ > 0) parts.push(say('outline.narrative.differ', differ));
  return parts.join(locale === 'en' ? ', ' : '，');
}

/** Outline depth of a row: units 0, 类 1, 款 2; other rows are not shown. */
function depthOf(row: Row, divisions: boolean): number {
  if (row.kind === 'unit' && row.depth === 0) return 0;
  if (row.kind !== 'code' || !row.code || row.side) return -1;
  if (row.code.level === 1) return 1;
  if (row.code.level === 2 && divisions) return 2;
  return -1;
}

/**
 * The rows of a table in the outline: its blocks by unit (支出总表 per 单位),
 * their 类 rows, and the 款 under each 类 when asked for. Totals are the
 * table's detail; items, projects and 项 stay out (a budget has hundreds).
 */
function tableChildren(model: DocumentModel, table: Table, span: Span, options: OutlineOptions, unitName: string): OutlineItem[] {
  const divisions = options.divisions === true;
  const shown: Array<{ row: Row; depth: number }> = [];
  for (const row of table.rows) {
    const depth = depthOf(row, divisions);
    if (depth >= 0) shown.push({ row, depth });
  }
  // Go to Symbol shows a 类 with its container, the table; the detail adds the table's label (表5)
  // and, in a repeated block, its unit, when it has them
  const where = [table.label, unitName].filter(Boolean).join(' ');
  const out: OutlineItem[] = [];
  // the open item at each depth: a 款 goes under the 类 above it, a 类 under the unit above it
  const open: Array<OutlineItem | null> = [null, null, null];
  // the line of the next item at each item's depth or above (one pass with a stack: tables can have 100,000s of rows)
  const next = new Array<number>(shown.length).fill(-1);
  const waiting: number[] = [];
  for (let i = 0; i < shown.length; i++) {
    while (waiting.length > 0 && shown[i].depth <= shown[waiting[waiting.length - 1]].depth) next[waiting.pop()!] = shown[i].row.line;
    waiting.push(i);
  }
  for (let i = 0; i < shown.length; i++) {
    const { row, depth } = shown[i];
    // an item runs to the line before the next item at its depth or above
    const endLine = next[i] < 0 ? table.endLine : Math.max(row.line, next[i] - 1);
    const lines = within(span, lineSpan(model, row.line, endLine));
    const selection = within(lines, row.code?.span ?? row.labelSpan ?? lineSpan(model, row.line, row.line));
    const value = figure(row, table.unit);
    const item: OutlineItem = {
      name: rowName(row),
      // a unit block names its unit already: its detail keeps the table's label alone
      detail: ((w) => (w ? (value ? `${w} · ${value}` : w) : value))(depth === 0 ? table.label : where),
      kind: depth === 0 ? 'unit' : depth === 1 ? 'class' : 'division',
      span: lines,
      selection,
      children: [],
    };
    let parent: OutlineItem | null = null;
    for (let d = depth - 1; d >= 0 && parent === null; d--) parent = open[d];
    // a 款 whose 类 is not the one above it stands on its own
    if (parent && depth === 2 && parent.kind === 'class' && !item.name.startsWith(parent.name.slice(0, 3))) parent = open[0];
    (parent ? parent.children : out).push(item);
    open[depth] = item;
    for (let d = depth + 1; d < open.length; d++) open[d] = null;
  }
  return out;
}

function tableItem(model: DocumentModel, table: Table, options: OutlineOptions, unitName: string): OutlineItem {
  const span = lineSpan(model, table.startLine, table.endLine);
  const name = table.label ? `${table.label} ${table.title}` : table.title;
  return {
    // a repeated block names its unit: two 支出总表 of two units are told apart (and found by Go to Symbol)
    name: unitName ? `${name} · ${unitName}` : name,
    detail: tableDetail(table),
    kind: 'table',
    span,
    selection: within(span, table.titleSpan),
    children: tableChildren(model, table, span, options, unitName),
  };
}

/** A table's line naming its unit: 单位名称：… (部门名称, 预算单位, 编制单位, 部门), before its first row. */
const UNIT_NAME_RE = /^[ \t\u3000]*(?:预算单位名称|单位名称|部门名称|预算单位|编制单位|部门)[ \t\u3000]*[:：][ \t\u3000]*(\S.*)$/;
/** where the unit's name ends on that line: a wide gap, a tab, or the money unit (单位：万元) */
const NAME_END_RE = /[ \u3000]{2,}|\t|(?:金额)?单位[ \t\u3000]*[:：]/;

/** The unit a table belongs to: its 单位名称 line, else its one unit block; '' when it names none. */
function unitOf(model: DocumentModel, table: Table): string {
  const firstRow = table.rows.length > 0 ? table.rows[0].line : table.endLine + 1;
  // the title, the unit line and the header come first: a few lines at most are read
  for (let line = table.startLine; line < firstRow && line <= table.endLine && line < table.startLine + 12; line++) {
    const m = UNIT_NAME_RE.exec(model.text.slice(model.lines.start(line), model.lines.end(line)));
    if (!m) continue;
    const name = m[1].split(NAME_END_RE)[0].trim();
    if (name && !/^(万元|千元|亿元|元)$/.test(name)) return name;
  }
  const units = table.rows.filter((r) => r.kind === 'unit' && r.depth === 0);
  return units.length === 1 ? rowName(units[0]) : '';
}

/**
 * The label of each table printed more than once (a document that bundles
 * several units repeats their tables): its unit's name, or its place among the
 * tables of that title (“#2”) when it names none.
 */
function repeatedBlockLabels(model: DocumentModel): Map<Table, string> {
  const byTitle = new Map<string, Table[]>();
  for (const t of model.tables) {
    const key = t.title.replace(/\s+/g, '');
    const same = byTitle.get(key);
    if (same) same.push(t);
    else byTitle.set(key, [t]);
  }
  const labels = new Map<Table, string>();
  for (const same of byTitle.values()) {
    if (same.length < 2) continue;
    const units = same.map((t) => unitOf(model, t));
    same.forEach((t, i) => labels.set(t, units[i] || `#${i + 1}`));
  }
  return labels;
}

const HEADING_KIND: Record<number, OutlineKind> = { 0: 'volume', 1: 'part', 2: 'section', 3: 'section' };

export function getOutline(model: DocumentModel, options: OutlineOptions = {}): OutlineItem[] {
  if (model.lines.length === 0) return [];
  const tables = model.tables;
  const blocks = repeatedBlockLabels(model);
  const locale = options.locale ?? 'zh-CN';
  const figures = checkedFigures(model);
  const differing = figures.length === 0 ? [] : (options.findings ?? []).filter((f) => TEXT_FINDINGS.has(f.code)).map((f) => f.span.start).sort((a, b) => a - b);
  let next = 0;
  /** tables starting before `line` that have not been placed yet */
  const takeTables = (endLine: number): OutlineItem[] => {
    const out: OutlineItem[] = [];
    while (next < tables.length && tables[next].startLine <= endLine) {
      const table = tables[next++];
      out.push(tableItem(model, table, options, blocks.get(table) ?? ''));
    }
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
      detail: s.heading.title === '目录' ? '' : narrativeDetail(span, figures, differing, locale),
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
