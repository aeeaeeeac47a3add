/**
 * Relations: which printed figure should equal the sum of which others.
 * Pure functions over one table; the checker evaluates them exactly.
 */
import { amountValue, type Cell, type Row, type Table } from '../model/types';
import { kindById } from '../model/registry';
import { labelKey, ORDINAL_CN_RE, ORDINAL_PAREN_RE, ORDINAL_ARABIC_RE } from '../syntax/text';

export type SumRule = 'sum.children' | 'sum.total' | 'sum.columns' | 'sum.balance' | 'sum.block';

/**
 * One relation: `total` (a cell of `row`) should equal the sum of `parts`.
 * Part i sits in partRows[i]; for relations across one row's columns,
 * partRows is null and every part is in `row`. Relations of one group (the
 * same rows, several columns) share a group key.
 */
export interface Relation {
  rule: SumRule;
  row: Row;
  total: Cell;
  parts: Cell[];
  partRows: Row[] | null;
  group: string;
}

export function partRow(rel: Relation, i: number): Row {
  return rel.partRows ? rel.partRows[i] : rel.row;
}

export interface Skip {
  message: 'skipped.no-total' | 'skipped.orphans' | 'skipped.header' | 'skipped.no-rows' | 'skipped.ragged';
  row?: Row;
  args: Record<string, string | number>;
}

export interface TableRelations {
  relations: Relation[];
  skips: Skip[];
}

const isData = (r: Row) => r.kind !== 'continuation' && r.kind !== 'note';

/** total row = Σ part rows, in every column both have */
function rowRelations(rule: SumRule, total: Row, parts: Row[], out: Relation[]): void {
  if (parts.length === 0) return;
  const group = `${rule}:${total.index}`;
  const columns = total.cells.length;
  for (let c = 0; c < columns; c++) {
    const tc = total.cells[c];
    if (!tc || !tc.amount) continue;
    let count = 0;
    for (let i = 0; i < parts.length; i++) if (parts[i].cells[c]?.amount) count++;
    if (count === 0) continue;
    // arrays of their exact size: a large document has hundreds of thousands of relations
    const cells: Cell[] = new Array(count);
    for (let i = 0, k = 0; i < parts.length; i++) {
      const pc = parts[i].cells[c];
      if (pc?.amount) cells[k++] = pc;
    }
    // rows are shared across columns unless some part lacks this column
    const rows = count === parts.length ? parts : parts.filter((p) => p.cells[c]?.amount);
    out.push({ rule, row: total, total: tc, parts: cells, partRows: rows, group });
  }
}

function codeTree(table: Table, rows: Row[], out: TableRelations): void {
  const orphans: Row[] = [];
  // blocks separated by unit rows (支出总表 with a unit column, several units)
  const blocks: Array<{ unit: Row | null; rows: Row[] }> = [{ unit: null, rows: [] }];
  for (const r of rows) {
    if (r.kind === 'unit') blocks.push({ unit: r, rows: [] });
    else if (r.kind === 'code') blocks[blocks.length - 1].rows.push(r);
  }
  const top: Row[] = [];
  for (const b of blocks) {
    const classes: Row[] = [];
    for (let i = 0; i < b.rows.length; i++) {
      const r = b.rows[i];
      const code = r.code!.code;
      if (r.code!.level === 1) classes.push(r);
      // children: the contiguous run of deeper rows under this code
      let children: Row[] | null = null;
      for (let j = i + 1; j < b.rows.length; j++) {
        const c = b.rows[j].code!.code;
        if (c.length <= code.length || !c.startsWith(code)) break;
        if (c.length === code.length + 2) (children ??= []).push(b.rows[j]);
      }
      if (children !== null) rowRelations('sum.children', r, children, out.relations);
      // orphan: a deeper code whose parent is not above it in this run
      if (r.code!.level > 1) {
        const parent = code.slice(0, code.length - 2);
        let found = false;
        for (let j = i - 1; j >= 0; j--) {
          const c = b.rows[j].code!.code;
          if (c === parent) {
            found = true;
            break;
          }
          if (c.length < code.length) break;
        }
        if (!found) orphans.push(r);
      }
    }
    if (b.unit) rowRelations('sum.block', b.unit, classes, out.relations);
    if (b.unit) top.push(b.unit);
    else top.push(...classes);
  }
  const totals = rows.filter((r) => r.kind === 'total');
  for (const t of totals) rowRelations('sum.total', t, top, out.relations);
  const codes = rows.filter((r) => r.kind === 'code');
  if (orphans.length > 0) {
    const first = orphans[0];
    out.skips.push({
      message: 'skipped.orphans',
      row: first,
      args: { table: table.title, count: orphans.length, first: `${first.code!.code} ${first.label}` },
    });
  }
  if (totals.length === 0 && codes.length > 0 && !rows.some((r) => r.kind === 'unit')) {
    out.skips.push({ message: 'skipped.no-total', row: codes[0], args: { table: table.title } });
  }
}

/** Blocks: units › categories › items, projects; depth set by the parser. */
function blocks(rows: Row[], out: TableRelations): void {
  const body = rows.filter((r) => r.kind !== 'total' && r.kind !== 'subtotal');
  const childrenOf = new Map<Row, Row[]>();
  const stack: Row[] = [];
  const top: Row[] = [];
  for (const r of body) {
    while (stack.length > 0 && stack[stack.length - 1].depth >= r.depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent && parent.depth === r.depth - 1) {
      const list = childrenOf.get(parent) ?? [];
      list.push(r);
      childrenOf.set(parent, list);
    } else if (!parent) top.push(r);
    stack.push(r);
  }
  for (const [parent, children] of childrenOf) rowRelations('sum.block', parent, children, out.relations);
  const subtotals = rows.filter((r) => r.kind === 'subtotal');
  const bodyKeys = subtotals.length > 0 ? body.map((r) => labelKey(r.label)) : [];
  for (const s of subtotals) {
    const name = labelKey(s.label).replace(/合计$/, '');
    const members = body.filter((_, i) => bodyKeys[i] === name);
    rowRelations('sum.block', s, members, out.relations);
  }
  for (const t of rows.filter((r) => r.kind === 'total')) {
    rowRelations('sum.total', t, top, out.relations);
    if (subtotals.length > 0) {
      const rel: Relation[] = [];
      rowRelations('sum.total', t, subtotals, rel);
      for (const x of rel) x.group += ':subtotals';
      out.relations.push(...rel);
    }
  }
}

/** Two-sided summary tables: items → 本年合计 → 总计, both sides equal. */
function twoSided(rows: Row[], out: TableRelations): void {
  const totals: Partial<Record<'income' | 'expenditure', Row>> = {};
  for (const side of ['income', 'expenditure'] as const) {
    const list = rows.filter((r) => r.side === side && isData(r));
    const yearIdx = list.findIndex((r) => r.kind === 'total' && /^本年(收入|支出)合计/.test(labelKey(r.label)));
    const grandIdx = list.findIndex((r) => r.kind === 'total' && /^(收入|支出)总计$/.test(labelKey(r.label)));
    const segA = list.slice(0, yearIdx >= 0 ? yearIdx : grandIdx >= 0 ? grandIdx : list.length);
    const segB = yearIdx >= 0 && grandIdx > yearIdx ? list.slice(yearIdx + 1, grandIdx) : [];
    const topA = topLevel(segA, out);
    const topB = topLevel(segB, out);
    if (yearIdx >= 0) rowRelations('sum.balance', list[yearIdx], topA, out.relations);
    if (grandIdx >= 0) {
      const parts = yearIdx >= 0 ? [list[yearIdx], ...topB] : topA;
      rowRelations('sum.balance', list[grandIdx], parts, out.relations);
      totals[side] = list[grandIdx];
    }
  }
  if (totals.income && totals.expenditure) {
    const rel: Relation[] = [];
    rowRelations('sum.balance', totals.income, [totals.expenditure], rel);
    for (const x of rel) x.group += ':equal';
    out.relations.push(...rel);
  }
}

/** The top-level items of a segment, with “1.” sub-items checked against their parent. */
function topLevel(seg: Row[], out: TableRelations): Row[] {
  // item labels are trimmed already; ordinals are tested on the label itself
  const keys = seg.map((r) => r.label);
  const hasCn = keys.some((k) => ORDINAL_CN_RE.test(k));
  const isTop = (k: string) => (hasCn ? ORDINAL_CN_RE.test(k) : !ORDINAL_ARABIC_RE.test(k));
  const tops: Row[] = [];
  for (let i = 0; i < seg.length; i++) {
    if (!isTop(keys[i])) continue;
    tops.push(seg[i]);
    const subs: Row[] = [];
    let mixed = false;
    for (let j = i + 1; j < seg.length && !isTop(keys[j]); j++) {
      if (ORDINAL_ARABIC_RE.test(keys[j])) subs.push(seg[j]);
      else mixed = true;
    }
    if (subs.length > 0 && !mixed) rowRelations('sum.balance', seg[i], subs, out.relations);
  }
  return tops;
}

/** “三公” breakdown rows: 三公 = (一)+(二)+(三); (二) = 1.+2. */
function threePublic(rows: Row[], out: TableRelations): void {
  const data = rows.filter(isData);
  const keys = data.map((r) => labelKey(r.label));
  const s = keys.findIndex((k) => /三公经费/.test(k) && !/^其中/.test(k));
  if (s < 0) return;
  const a: Row[] = [];
  for (let i = s + 1; i < data.length; i++) {
    if (ORDINAL_PAREN_RE.test(keys[i])) {
      a.push(data[i]);
      const b: Row[] = [];
      for (let j = i + 1; j < data.length && ORDINAL_ARABIC_RE.test(keys[j]); j++) b.push(data[j]);
      rowRelations('sum.block', data[i], b, out.relations);
    } else if (!ORDINAL_ARABIC_RE.test(keys[i])) break;
  }
  rowRelations('sum.block', data[s], a, out.relations);
}

function columnRelations(table: Table, rows: Row[], out: TableRelations): void {
  const h = table.header;
  const kind = kindById(table.kind);
  if (h.leafCount > 0 && h.source === 'none' && kind.variants.length > 0) {
    out.skips.push({ message: 'skipped.header', args: { table: table.title, found: h.leafCount } });
    return;
  }
  if (h.relations.length === 0) return;
  let raggedReported = false;
  for (const r of rows) {
    if (!isData(r) || r.cells.length === 0) continue;
    if (r.cells.length !== h.leafCount) {
      if (!raggedReported && r.cells.some((c) => amountValue(c.amount) !== null)) {
        out.skips.push({ message: 'skipped.ragged', row: r, args: { table: table.title, line: r.line + 1, found: r.cells.length, expected: h.leafCount } });
        raggedReported = true;
      }
      continue;
    }
    for (const rel of h.relations) {
      const total = r.cells[rel.total];
      if (!total?.amount) continue;
      let count = 0;
      for (let i = 0; i < rel.parts.length; i++) if (r.cells[rel.parts[i]]?.amount) count++;
      if (count === 0) continue;
      const parts: Cell[] = new Array(count);
      for (let i = 0, k = 0; i < rel.parts.length; i++) {
        const c = r.cells[rel.parts[i]];
        if (c?.amount) parts[k++] = c;
      }
      out.relations.push({ rule: rel.rule, row: r, total, parts, partRows: null, group: `${rel.rule}:${r.index}:${rel.total}` });
    }
  }
}

/** An unknown table of named rows: a 合计 row sums the rows below it. */
function genericTotals(rows: Row[], out: TableRelations): void {
  const totals = rows.filter((r) => r.kind === 'total');
  const items = rows.filter((r) => r.kind === 'item' || r.kind === 'project' || r.kind === 'unit');
  if (totals.length !== 1 || items.length === 0) return;
  // only when the items are one flat list (no nested ordinals or sub-items)
  if (items.some((r) => r.depth !== 0)) return;
  rowRelations('sum.total', totals[0], items.filter((r) => r.index > totals[0].index), out.relations);
}

export function tableRelations(table: Table): TableRelations {
  const out: TableRelations = { relations: [], skips: [] };
  const rows = table.rows.filter(isData);
  const kind = kindById(table.kind);
  if (rows.length === 0) {
    if (kind.rows !== 'generic') out.skips.push({ message: 'skipped.no-rows', args: { table: table.title } });
    return out;
  }
  switch (kind.rows) {
    case 'two-sided':
      twoSided(rows, out);
      break;
    case 'blocks-basic':
    case 'blocks-project':
      blocks(rows, out);
      break;
    case 'three-public':
      threePublic(rows, out);
      break;
    case 'code-tree':
      if (rows.some((r) => r.code)) codeTree(table, rows, out);
      break;
    case 'generic':
      if (rows.some((r) => r.code)) codeTree(table, rows, out);
      else genericTotals(rows, out);
      break;
  }
  columnRelations(table, rows, out);
  return out;
}
