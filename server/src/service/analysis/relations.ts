/**
 * Relations: which printed figure should equal the sum of which others.
 * Pure functions over one table. One walker (walkRelations) finds them: the
 * checker evaluates each as it is found, without keeping it; tableRelations
 * collects them as Relation objects for hovers and quick fixes.
 */
import { type Cell, type Row, type Table } from '../model/types';
import { SourceRow, StoredCell, holdsFigure } from '../model/store';
import { kindById } from '../model/registry';
import { labelKey, ORDINAL_CN_RE, ORDINAL_PAREN_RE, ORDINAL_ARABIC_RE } from '../syntax/text';
import { pushAll, maxOf } from '../arrays';

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
  message: 'skipped.no-total' | 'skipped.orphans' | 'skipped.header' | 'skipped.no-rows' | 'skipped.ragged' | 'skipped.unread';
  row?: Row;
  args: Record<string, string | number>;
}

export interface TableRelations {
  relations: Relation[];
  skips: Skip[];
}

/**
 * A relation as the walker hands it out: one scratch object, overwritten for
 * the next relation (a large document has hundreds of thousands, and most
 * hold), so nothing is allocated per relation. `parts` and `partRows` hold
 * `count` entries (the arrays may be longer). The cells of parsed rows are
 * scratch views as well (see cellAt), valid during the visit only;
 * `relationOf` makes the Relation to keep, with the rows' own cells. The
 * group key is made only on demand (see groupKey).
 */
export interface RelationDraft {
  rule: SumRule;
  row: Row;
  total: Cell;
  parts: Cell[];
  /** null for relations across one row's columns */
  partRows: Row[] | null;
  count: number;
  /** the total's leaf column for relations across columns (part of their group key), else -1 */
  groupColumn: number;
  /** '' or the suffix that sets a group apart from another of the same total row */
  groupSuffix: '' | ':subtotals' | ':equal';
}

export type RelationVisitor = (draft: RelationDraft) => void;

/** The key shared by the relations of one group (the same rows, several columns). */
function groupKey(d: RelationDraft): string {
  return d.groupColumn >= 0 ? `${d.rule}:${d.row.index}:${d.groupColumn}` : `${d.rule}:${d.row.index}${d.groupSuffix}`;
}

/** The draft as a Relation of its own (arrays of their exact size), holding the rows' own cells. */
export function relationOf(d: RelationDraft): Relation {
  const parts: Cell[] = new Array(d.count);
  for (let i = 0; i < d.count; i++) parts[i] = ownCell(d.partRows === null ? d.row : d.partRows[i], d.parts[i]);
  return {
    rule: d.rule,
    row: d.row,
    total: ownCell(d.row, d.total),
    parts,
    partRows: d.partRows === null ? null : d.partRows.slice(0, d.count),
    group: groupKey(d),
  };
}

/** A draft's cell as the cell object of its row (the one row.cells holds), in place of a scratch view. */
function ownCell(row: Row, cell: Cell): Cell {
  return cell instanceof StoredCell && row instanceof SourceRow ? row.cell(cell.index - row.cellFrom) : cell;
}

/** One walk over a table: the visitor, the draft it is handed, and the skips found. */
interface Walk {
  visit: RelationVisitor;
  draft: RelationDraft;
  /** the draft's partRows for relations between rows */
  rowsBuffer: Row[];
  /** scratch views of stored cells: 0 for the draft's total, 1 + i for its part i */
  views: StoredCell[];
  skips: Skip[];
  /** hand out only the relations that do not hold (see walkRelations) */
  skipHolding: boolean;
}

/** Number of amount cells (leaf columns) of a row. */
function cellCount(row: Row): number {
  return row instanceof SourceRow ? row.cellCount : row.cells.length;
}

/**
 * The amount cell of `row` at leaf column `c`, or undefined. For a parsed
 * row (cells in a CellStore) this is the walk's scratch view `slot`, so no
 * cell object is made; other rows hand out their own cells.
 */
function cellAt(w: Walk, row: Row, c: number, slot: number): Cell | undefined {
  if (row instanceof SourceRow) {
    // every stored cell is an amount cell (a number or an empty one)
    if (c >= row.cellCount) return undefined;
    const view = (w.views[slot] ??= new StoredCell(row.store, 0));
    return view.moveTo(row.store, row.cellFrom + c);
  }
  const cell = row.cells[c];
  return cell?.amount ? cell : undefined;
}

/** The draft's total before its first relation. */
const BLANK_CELL: Cell = { raw: '', span: { start: 0, end: 0 } };

const isData = (r: Row) => r.kind !== 'continuation' && r.kind !== 'note';

/** total row = Σ part rows, in every column both have */
function rowRelations(rule: SumRule, total: Row, parts: Row[], w: Walk, suffix: RelationDraft['groupSuffix'] = ''): void {
  if (parts.length === 0) return;
  const d = w.draft;
  const partRows = (d.partRows = w.rowsBuffer);
  const columns = cellCount(total);
  // rows of one store: the relations that hold are found there, without cell views
  const stored = w.skipHolding && total instanceof SourceRow && parts.every((p) => p instanceof SourceRow && p.store === total.store);
  for (let c = 0; c < columns; c++) {
    // (a relation without parts, or one the store cannot tell, is handed out)
    if (stored && (total as SourceRow).store.columnDifference((total as SourceRow).cellFrom + c, parts as SourceRow[], c) === 0) continue;
    const tc = cellAt(w, total, c, 0);
    if (tc === undefined) continue;
    let count = 0;
    for (let i = 0; i < parts.length; i++) {
      const pc = cellAt(w, parts[i], c, count + 1);
      if (pc !== undefined) {
        d.parts[count] = pc;
        partRows[count++] = parts[i];
      }
    }
    if (count === 0) continue;
    d.rule = rule;
    d.row = total;
    d.total = tc;
    d.count = count;
    d.groupColumn = -1;
    d.groupSuffix = suffix;
    w.visit(d);
  }
}

/** Code rows of a table of two panels (column groups side by side) form two trees, each with its own total. */
function codeTrees(table: Table, rows: Row[], w: Walk): void {
  if (!rows.some((r) => r.group)) {
    codeTree(table, rows, w);
    return;
  }
  const groups = new Map<number, Row[]>();
  for (const r of rows) {
    const g = r.group ?? 0;
    const list = groups.get(g);
    if (list) list.push(r);
    else groups.set(g, [r]);
  }
  for (const list of groups.values()) codeTree(table, list, w);
}

function codeTree(table: Table, rows: Row[], w: Walk): void {
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
    const rowsOf = b.rows;
    // the codes read once (the stacks below compare them again and again)
    const blockCodes: string[] = [];
    for (const r of rowsOf) blockCodes.push(r.code!.code);
    const codeOf = (i: number) => blockCodes[i];
    // One pass with two stacks of row indexes, not a scan forward and back from every row.
    // `open`: the rows whose run of deeper rows under their code goes on (codes ever longer);
    // a row's children are the rows two digits longer in its run.
    // `shorter`: the nearest rows with ever shorter codes; a deeper code's parent must be the
    // last of them that is shorter than it, else the row is an orphan.
    const children: Array<Row[] | undefined> = new Array(rowsOf.length);
    const open: number[] = [];
    const shorter: number[] = [];
    for (let i = 0; i < rowsOf.length; i++) {
      const r = rowsOf[i];
      const code = codeOf(i);
      if (r.code!.level === 1) classes.push(r);
      while (open.length > 0) {
        const above = codeOf(open[open.length - 1]);
        if (code.length > above.length && code.startsWith(above)) break;
        open.pop();
      }
      for (let k = open.length - 1; k >= 0 && codeOf(open[k]).length >= code.length - 2; k--) {
        if (codeOf(open[k]).length === code.length - 2) (children[open[k]] ??= []).push(r);
      }
      open.push(i);
      while (shorter.length > 0 && codeOf(shorter[shorter.length - 1]).length >= code.length) shorter.pop();
      if (r.code!.level > 1 && (shorter.length === 0 || !isParentCode(codeOf(shorter[shorter.length - 1]), code))) orphans.push(r);
      shorter.push(i);
    }
    // the sums of children in row order, as the rows come
    for (let i = 0; i < rowsOf.length; i++) {
      const list = children[i];
      if (list !== undefined) rowRelations('sum.children', rowsOf[i], list, w);
    }
    if (b.unit) rowRelations('sum.block', b.unit, classes, w);
    if (b.unit) top.push(b.unit);
    else pushAll(top, classes);
  }
  const totals = rows.filter((r) => r.kind === 'total');
  for (const t of totals) rowRelations('sum.total', t, top, w);
  const codes = rows.filter((r) => r.kind === 'code');
  if (orphans.length > 0) {
    const first = orphans[0];
    w.skips.push({
      message: 'skipped.orphans',
      row: first,
      args: { table: table.title, count: orphans.length, first: `${first.code!.code} ${first.label}` },
    });
  }
  if (totals.length === 0 && codes.length > 0 && !rows.some((r) => r.kind === 'unit')) {
    w.skips.push({ message: 'skipped.no-total', row: codes[0], args: { table: table.title } });
  }
}

/** Is `parent` the code `code` less its last two digits (code.slice(0, -2), without making that string)? */
export function isParentCode(parent: string, code: string): boolean {
  return parent.length === code.length - 2 && code.startsWith(parent);
}

/** Blocks: units › categories › items, projects; depth set by the parser. */
function blocks(rows: Row[], w: Walk): void {
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
  for (const [parent, children] of childrenOf) rowRelations('sum.block', parent, children, w);
  const subtotals = rows.filter((r) => r.kind === 'subtotal');
  const bodyKeys = subtotals.length > 0 ? body.map((r) => labelKey(r.label)) : [];
  for (const s of subtotals) {
    const name = labelKey(s.label).replace(/合计$/, '');
    const members = body.filter((_, i) => bodyKeys[i] === name);
    rowRelations('sum.block', s, members, w);
  }
  for (const t of rows.filter((r) => r.kind === 'total')) {
    rowRelations('sum.total', t, top, w);
    if (subtotals.length > 0) rowRelations('sum.total', t, subtotals, w, ':subtotals');
  }
}

/** Two-sided summary tables: items → 本年合计 → 总计, both sides equal. */
function twoSided(rows: Row[], w: Walk): void {
  const totals: Partial<Record<'income' | 'expenditure', Row>> = {};
  for (const side of ['income', 'expenditure'] as const) {
    const list = rows.filter((r) => r.side === side && isData(r));
    const yearIdx = list.findIndex((r) => r.kind === 'total' && /^本年(收入|支出)合计/.test(labelKey(r.label)));
    const grandIdx = list.findIndex((r) => r.kind === 'total' && /^(收入|支出)?总计$/.test(labelKey(r.label)));
    const segA = list.slice(0, yearIdx >= 0 ? yearIdx : grandIdx >= 0 ? grandIdx : list.length);
    const segB = yearIdx >= 0 && grandIdx > yearIdx ? list.slice(yearIdx + 1, grandIdx) : [];
    const topA = topLevel(segA, w, false);
    const topB = topLevel(segB, w, true);
    if (yearIdx >= 0) rowRelations('sum.balance', list[yearIdx], topA, w);
    if (grandIdx >= 0) {
      const parts = yearIdx >= 0 ? [list[yearIdx], ...topB] : topA;
      rowRelations('sum.balance', list[grandIdx], parts, w);
      totals[side] = list[grandIdx];
    }
  }
  if (totals.income && totals.expenditure) rowRelations('sum.balance', totals.income, [totals.expenditure], w, ':equal');
}

/**
 * The top-level items of a segment, with their sub-items checked against
 * them: “1.” items under a “一、” item; and after 本年合计, the ordinal items
 * under an unnumbered line (年初财政拨款结转和结余 › 一、二、三).
 */
function topLevel(seg: Row[], w: Walk, afterYear: boolean): Row[] {
  // item labels are trimmed already; ordinals are tested on the label itself, once per row
  // (the loops below ask about a row again and again)
  const cn = seg.map((r) => ORDINAL_CN_RE.test(r.label));
  const arabic = seg.map((r) => ORDINAL_ARABIC_RE.test(r.label));
  const plain = seg.map((_, i) => !cn[i] && !arabic[i]);
  const hasCn = cn.includes(true);
  // unnumbered lines with numbered ones below them: those lines are the tops
  const plainParents = afterYear && hasCn && plain.some((p, i) => p && i + 1 < seg.length && cn[i + 1]);
  const isTop = (i: number) => (plainParents ? plain[i] : hasCn ? cn[i] : !arabic[i]);
  const isSub = (i: number) => (plainParents ? !plain[i] : arabic[i]);
  const tops: Row[] = [];
  for (let i = 0; i < seg.length; i++) {
    if (!isTop(i)) continue;
    tops.push(seg[i]);
    const subs: Row[] = [];
    let mixed = false;
    for (let j = i + 1; j < seg.length && !isTop(j); j++) {
      if (isSub(j)) subs.push(seg[j]);
      else mixed = true;
    }
    if (subs.length > 0 && !mixed) rowRelations('sum.balance', seg[i], subs, w);
  }
  return tops;
}

/** “三公” breakdown rows: 三公 = (一)+(二)+(三); (二) = 1.+2. */
function threePublic(rows: Row[], w: Walk): void {
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
      rowRelations('sum.block', data[i], b, w);
    } else if (!ORDINAL_ARABIC_RE.test(keys[i])) break;
  }
  rowRelations('sum.block', data[s], a, w);
}

/**
 * Were a table's column sums left unchecked because its header matched none of its kind's column
 * variants? One amount column has no column sum to check: nothing is left unchecked then.
 */
export function columnsUnread(table: Table): boolean {
  return table.header.leafCount > 1 && table.header.source === 'none' && kindById(table.kind).variants.length > 0;
}

function columnRelations(table: Table, rows: Row[], w: Walk): void {
  const h = table.header;
  if (columnsUnread(table)) {
    w.skips.push({ message: 'skipped.header', args: { table: table.title, found: h.leafCount } });
    return;
  }
  if (h.sideRelations) {
    // each side of a summary table has columns of its own
    for (const side of ['income', 'expenditure'] as const) {
      const list = h.sideRelations[side];
      if (list.length === 0) continue;
      const leafCount = maxOf(list.map((rel) => maxOf(rel.parts, rel.total))) + 1;
      rowColumnRelations(table, rows.filter((r) => r.side === side), list, leafCount, w);
    }
    return;
  }
  if (h.relations.length === 0) return;
  rowColumnRelations(table, rows, h.relations, h.leafCount, w);
}

function rowColumnRelations(table: Table, rows: Row[], relations: Table['header']['relations'], leafCount: number, w: Walk): void {
  const h = { relations, leafCount };
  let raggedReported = false;
  for (const r of rows) {
    if (!isData(r)) continue;
    const cells = cellCount(r);
    if (cells === 0) continue;
    if (cells !== h.leafCount) {
      if (!raggedReported && holdsFigure(r)) {
        w.skips.push({ message: 'skipped.ragged', row: r, args: { table: table.title, line: r.line + 1, found: cells, expected: h.leafCount } });
        raggedReported = true;
      }
      continue;
    }
    for (const rel of h.relations) {
      if (w.skipHolding && r instanceof SourceRow && rel.total < r.cellCount && r.store.rowDifference(r, rel.total, rel.parts) === 0) continue;
      const total = cellAt(w, r, rel.total, 0);
      if (total === undefined) continue;
      const d = w.draft;
      let count = 0;
      for (let i = 0; i < rel.parts.length; i++) {
        const c = cellAt(w, r, rel.parts[i], count + 1);
        if (c !== undefined) d.parts[count++] = c;
      }
      if (count === 0) continue;
      d.rule = rel.rule;
      d.row = r;
      d.total = total;
      d.partRows = null;
      d.count = count;
      d.groupColumn = rel.total;
      d.groupSuffix = '';
      w.visit(d);
    }
  }
}

/** An unknown table of named rows: a 合计 row sums the rows below it. */
function genericTotals(rows: Row[], w: Walk): void {
  const totals = rows.filter((r) => r.kind === 'total');
  const items = rows.filter((r) => r.kind === 'item' || r.kind === 'project' || r.kind === 'unit');
  if (totals.length !== 1 || items.length === 0) return;
  // only when the items are one flat list (no nested ordinals or sub-items)
  if (items.some((r) => r.depth !== 0)) return;
  rowRelations('sum.total', totals[0], items.filter((r) => r.index > totals[0].index), w);
}

/**
 * Hand every relation of the table to `visit`, in order (the draft is reused:
 * see RelationDraft); returns the checks that had to be skipped. With
 * `skipHolding`, relations of parsed rows found to hold exactly (scaled
 * integers read from the store) are left out: the checker needs only the others.
 */
export function walkRelations(table: Table, visit: RelationVisitor, skipHolding = false): Skip[] {
  const rows = table.rows.filter(isData);
  const kind = kindById(table.kind);
  if (table.unread) return [{ message: 'skipped.unread', args: { table: table.title, reason: table.unread } }];
  if (rows.length === 0) return kind.rows !== 'generic' ? [{ message: 'skipped.no-rows', args: { table: table.title } }] : [];
  // the draft's first values are placeholders: every relation sets them all
  const draft: RelationDraft = { rule: 'sum.total', row: rows[0], total: BLANK_CELL, parts: [], partRows: null, count: 0, groupColumn: -1, groupSuffix: '' };
  const w: Walk = { visit, draft, rowsBuffer: [], views: [], skips: [], skipHolding };
  switch (kind.rows) {
    case 'two-sided':
      twoSided(rows, w);
      break;
    case 'blocks-basic':
    case 'blocks-project':
      blocks(rows, w);
      break;
    case 'three-public':
      threePublic(rows, w);
      break;
    case 'code-tree':
      if (rows.some((r) => r.code)) codeTrees(table, rows, w);
      break;
    case 'generic':
      if (rows.some((r) => r.code)) codeTrees(table, rows, w);
      else genericTotals(rows, w);
      break;
  }
  columnRelations(table, rows, w);
  return w.skips;
}

/** Every relation of the table, each a Relation of its own, and the skipped checks. */
export function tableRelations(table: Table): TableRelations {
  const relations: Relation[] = [];
  const skips = walkRelations(table, (d) => relations.push(relationOf(d)));
  return { relations, skips };
}
