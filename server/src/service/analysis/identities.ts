/**
 * Identities between tables, as data: one table of identities per document
 * family, each naming its two sides by table kind, row and column. One small
 * engine evaluates them after the per-table checks. A side that the document
 * does not have (no such table, row or column, or only empty cells) is
 * skipped, never reported.
 *
 * Rounding: each printed figure was rounded on its own, so the two sides may
 * differ by up to one unit of the printed precision per operand; a residue
 * within that is `cross.rounding` (information), beyond it `cross.mismatch`.
 */
import { Decimal } from '../model/money';
import { amountValue, type Cell, type DocumentModel, type Row, type Side, type Table } from '../model/types';
import { RULES, formatMessage, type Locale } from '../diagnosticCodes';
import type { Finding } from './findings';
import { cellInColumn, cellYuan, columnName, leafMatching, plainLabel, rowMatching, rowName, storedCellIndex, unitExponent, unitFactor, unitFactorNumber } from './names';
import { SourceRow } from '../model/store';
import { formatDecimal, formatScaled } from '../model/money';
import { kindById } from '../model/registry';

export type Family = 'gd-budget' | 'sh-budget' | 'sh-final';

/** One cell: a table kind, a row (by plain label, on a side of a two-sided table) and a leaf column (by its path; omitted: the first leaf). */
export interface CellRef {
  kind: string;
  /** the row by its plain label; or `code`: every row of that classification code (several blocks of one code add up) */
  row?: RegExp;
  side?: Side;
  column?: RegExp;
  /** an economic-classification code (30217, 301); with `name`, only rows whose printed name matches (a local numbering reuses codes) */
  code?: string;
  name?: RegExp;
  /** a table that has no such row contributes nothing (code tables print only the codes they use); a missing table still skips the identity */
  optional?: true;
}

export type Identity =
  /** Σ left cells = Σ right cells; `atMost`: Σ left ≤ Σ right (the left is a part of what the right covers) */
  | { id: string; mode: 'cells'; left: CellRef[]; right: CellRef[]; relation?: 'atMost' }
  /**
   * Function rows of a two-sided table's expenditure side (一、一般公共服务支出 …) = the same 类 rows of a
   * code table, matched by name.
   */
  | { id: string; mode: 'class-rows'; left: { kind: string; column?: RegExp }; right: { kind: string; column?: RegExp } }
  /**
   * Every code row of one table = the same code's row of another, column by column, where the
   * document's money is all of one kind: the two tables' 合计 rows agree exactly.
   */
  | { id: string; mode: 'codes'; left: { kind: string; columns: RegExp[] }; right: { kind: string; columns: RegExp[] } };

const TOTAL = /^合计$/;
const FIRST_TOTAL_COLUMN = /^(?:合计|总计|本年收入合计|本年支出合计|收入总计|支出总计|一般公共预算支出\/小计|预算|决算数)$/;
const BASIC = /(?:^|\/)基本支出$/;
const PROJECT = /(?:^|\/)项目支出$/;

/** The identities every family shares. */
const COMMON: Identity[] = [
  {
    id: 'gbf-basic=basic-economic',
    mode: 'cells',
    left: [{ kind: 'general-budget-function', row: TOTAL, column: BASIC }],
    right: [{ kind: 'general-budget-basic-economic', row: TOTAL, column: /^(?:合计|预算|决算数)$/ }],
  },
  {
    id: 'expenditure=gbf-by-code',
    mode: 'codes',
    left: { kind: 'expenditure', columns: [FIRST_TOTAL_COLUMN, BASIC, PROJECT] },
    right: { kind: 'general-budget-function', columns: [FIRST_TOTAL_COLUMN, BASIC, PROJECT] },
  },
];

/** Economic classes of 公用经费 in a 基本支出 table: every class but 301 工资福利支出 and 303 对个人和家庭的补助. */
const PUBLIC_CLASSES = ['302', '307', '309', '310', '399'];

/**
 * 人员经费 = 301 + 303 and 公用经费 = the other classes, where one 基本支出 economic table prints both a 合计
 * column and 人员经费 / 公用经费 columns (Shanghai's 一般公共预算基本支出部门预算经济分类预算表). Guangdong's
 * units table (部门预算基本支出预算表) also prints 人员经费 / 公用经费, but with its own split (a sample puts
 * 8.00 of 302 under 人员经费): not an identity there. Shanghai's 决算 prints 人员经费合计 / 公用经费合计 as
 * rows, which its own sums already check.
 */
const PERSONNEL_PUBLIC: Identity[] = [
  {
    id: 'basic-economic-personnel=301+303',
    mode: 'cells',
    left: [{ kind: 'general-budget-basic-economic', row: TOTAL, column: /^人员经费$/ }],
    right: ['301', '303'].map((code) => ({ kind: 'general-budget-basic-economic', code, column: /^合计$/, optional: true as const })),
  },
  {
    id: 'basic-economic-public=302+310',
    mode: 'cells',
    left: [{ kind: 'general-budget-basic-economic', row: TOTAL, column: /^公用经费$/ }],
    right: PUBLIC_CLASSES.map((code) => ({ kind: 'general-budget-basic-economic', code, column: /^合计$/, optional: true as const })),
  },
];

/** The “三公” parts and the economic codes that carry them (the name guards against a local numbering). */
const THREE_PUBLIC_PARTS: Array<{ part: string; column: RegExp; gdRow: RegExp; code: string; name: RegExp }> = [
  { part: 'abroad', column: /^因公出国\(境\)费$/, gdRow: /^因公出国\(境\)/, code: '30212', name: /因公出国/ },
  { part: 'reception', column: /^公务接待费$/, gdRow: /^公务接待费/, code: '30217', name: /公务接待/ },
  { part: 'car-running', column: /(?:^|\/)(?:公务用车)?运行(?:维护)?费$/, gdRow: /^公务用车运行维护费/, code: '30231', name: /公务用车运行/ },
  { part: 'car-purchase', column: /(?:^|\/)(?:公务用车)?购置费$/, gdRow: /^公务用车购置(?:费)?$/, code: '31013', name: /公务用车购置/ },
];

/**
 * Guangdong: the 三公 table's 一般公共预算 column = the code's rows of the 基本支出 and 项目支出 economic
 * tables together (both 一般公共预算; a table without the row contributes nothing, a missing table skips).
 */
const GD_THREE_PUBLIC: Identity[] = THREE_PUBLIC_PARTS.map((p) => ({
  id: `three-public-${p.part}=economic`,
  mode: 'cells',
  left: [{ kind: 'three-public', row: p.gdRow, column: /^一般公共预算$/ }],
  right: ['general-budget-basic-economic', 'general-budget-project-economic'].map((kind) => ({ kind, code: p.code, name: p.name, optional: true as const })),
}));

/**
 * Shanghai: only the 基本支出 economic table carries the codes, and the 三公 table also counts what projects
 * spend, so the basic rows are a part of it: basic row ≤ 三公 part. Likewise 机关运行经费 (the 日常公用经费
 * of 行政 and 参公 units) is a part of the 基本支出 公用经费.
 */
const SH_THREE_PUBLIC = (column: (c: RegExp) => RegExp, economic: RegExp): Identity[] =>
  THREE_PUBLIC_PARTS.map((p) => ({
    id: `three-public-${p.part}>=basic-economic`,
    mode: 'cells',
    relation: 'atMost',
    left: [{ kind: 'general-budget-basic-economic', code: p.code, name: p.name, column: economic }],
    right: [{ kind: 'three-public', row: /.*/, column: column(p.column) }],
  }));

/** Guangdong 部门预算 (the samples' family): 收支总体情况表 … 项目支出预算表. */
const GD_BUDGET: Identity[] = [
  {
    id: 'summary-income=income',
    mode: 'cells',
    left: [{ kind: 'summary', side: 'income', row: /^本年收入合计$/ }],
    right: [{ kind: 'income', row: TOTAL, column: /^合计$/ }],
  },
  {
    id: 'summary-expenditure=expenditure',
    mode: 'cells',
    left: [{ kind: 'summary', side: 'expenditure', row: /^本年支出合计$/ }],
    right: [{ kind: 'expenditure', row: TOTAL, column: /^合计$/ }],
  },
  { id: 'summary-functions=expenditure-classes', mode: 'class-rows', left: { kind: 'summary' }, right: { kind: 'expenditure', column: /^合计$/ } },
  {
    id: 'fiscal-general=gbf',
    mode: 'cells',
    left: [{ kind: 'fiscal-summary', side: 'income', row: /^一般公共预算$/ }],
    right: [{ kind: 'general-budget-function', row: TOTAL, column: FIRST_TOTAL_COLUMN }],
  },
  {
    id: 'gbf-project=project-economic',
    mode: 'cells',
    left: [{ kind: 'general-budget-function', row: TOTAL, column: PROJECT }],
    right: [{ kind: 'general-budget-project-economic', row: TOTAL, column: /^预算$/ }],
  },
  {
    id: 'expenditure-basic=basic-units',
    mode: 'cells',
    left: [{ kind: 'expenditure', row: TOTAL, column: BASIC }],
    right: [{ kind: 'basic-expenditure', row: TOTAL, column: /^总计$/ }],
  },
  {
    id: 'expenditure-project=project-units',
    mode: 'cells',
    left: [{ kind: 'expenditure', row: TOTAL, column: PROJECT }],
    right: [{ kind: 'project-expenditure', row: TOTAL, column: /^总计$/ }],
  },
  ...GD_THREE_PUBLIC,
  ...COMMON,
];

/** Shanghai 部门 / 单位预算: 财务收支预算总表 … “三公”经费和机关运行经费预算表. */
const SH_BUDGET: Identity[] = [
  {
    id: 'summary-income=income',
    mode: 'cells',
    left: [{ kind: 'summary', side: 'income', row: /^(?:收入总计|本年收入合计)$/ }],
    right: [{ kind: 'income', row: TOTAL, column: /^(?:合计|本年支出合计|本年收入合计|收入总计|支出总计)$/ }],
  },
  {
    id: 'summary-expenditure=expenditure',
    mode: 'cells',
    left: [{ kind: 'summary', side: 'expenditure', row: /^(?:支出总计|本年支出合计)$/ }],
    right: [{ kind: 'expenditure', row: TOTAL, column: /^(?:合计|本年支出合计|本年收入合计|收入总计|支出总计)$/ }],
  },
  { id: 'summary-functions=expenditure-classes', mode: 'class-rows', left: { kind: 'summary' }, right: { kind: 'expenditure', column: /^(?:合计|本年支出合计|本年收入合计|收入总计|支出总计)$/ } },
  {
    id: 'fiscal-general=gbf',
    mode: 'cells',
    left: [{ kind: 'fiscal-summary', side: 'income', row: /^一般公共预算(?:财政拨款)?$/ }],
    right: [{ kind: 'general-budget-function', row: TOTAL, column: FIRST_TOTAL_COLUMN }],
  },
  ...PERSONNEL_PUBLIC,
  // a unit's 财务收支预算总表 splits its 基本支出 into 人员经费 / 公用经费 for all funds: the 一般公共预算 part is no larger
  ...(['人员经费', '公用经费'] as const).map(
    (name): Identity => ({
      id: `basic-economic-${name === '人员经费' ? 'personnel' : 'public'}<=summary`,
      mode: 'cells',
      relation: 'atMost',
      left: [{ kind: 'general-budget-basic-economic', row: TOTAL, column: new RegExp(`^${name}$`) }],
      right: [{ kind: 'summary', side: 'expenditure', row: /^(?:支出总计|本年支出合计)$/, column: new RegExp(`(?:^|/)${name}$`) }],
    }),
  ),
  ...SH_THREE_PUBLIC((c) => c, /^合计$/),
  {
    id: 'office-running<=basic-public',
    mode: 'cells',
    relation: 'atMost',
    left: [{ kind: 'three-public', row: /.*/, column: /^机关运行经费/ }],
    right: [{ kind: 'general-budget-basic-economic', row: TOTAL, column: /^公用经费$/ }],
  },
  ...COMMON,
];

/** Shanghai 部门决算: 收入支出决算总表 … 国有资本经营预算财政拨款收入支出决算表. */
const SH_FINAL: Identity[] = [
  {
    id: 'summary-income=income',
    mode: 'cells',
    left: [{ kind: 'summary', side: 'income', row: /^本年收入合计$/ }],
    right: [{ kind: 'income', row: TOTAL, column: /^本年收入合计$/ }],
  },
  {
    id: 'summary-expenditure=expenditure',
    mode: 'cells',
    left: [{ kind: 'summary', side: 'expenditure', row: /^本年支出合计$/ }],
    right: [{ kind: 'expenditure', row: TOTAL, column: /^本年支出合计$/ }],
  },
  { id: 'summary-functions=expenditure-classes', mode: 'class-rows', left: { kind: 'summary' }, right: { kind: 'expenditure', column: /^本年支出合计$/ } },
  {
    id: 'fiscal-general=gbf',
    mode: 'cells',
    left: [{ kind: 'fiscal-summary', side: 'expenditure', row: /^本年支出合计$/, column: /^一般公共预算/ }],
    right: [{ kind: 'general-budget-function', row: TOTAL, column: /^合计$/ }],
  },
  {
    id: 'gbf-basic=personnel+public',
    mode: 'cells',
    left: [{ kind: 'general-budget-function', row: TOTAL, column: BASIC }],
    right: [
      { kind: 'general-budget-basic-economic', row: /^人员经费合计$/ },
      { kind: 'general-budget-basic-economic', row: /^公用经费合计$/ },
    ],
  },
  // the 决算数 column of each part (合计/预算数 · 因公出国(境)费/决算数 …)
  ...SH_THREE_PUBLIC((c) => new RegExp(`${c.source.replace(/\$$/, '').replace(/^\^/, '(?:^|/)')}/决算数$`), /^决算数$/),
  ...COMMON,
];

export const IDENTITIES: Record<Family, Identity[]> = { 'gd-budget': GD_BUDGET, 'sh-budget': SH_BUDGET, 'sh-final': SH_FINAL };

const SHANGHAI_TITLE_RE = /功能分类(?:预算|决算)表$|财务收支预算总表$|部门收入预算总表$|经济分类预算表$/;

/** The document's family: 决算 are read as Shanghai's; a budget is Shanghai's when its head or its table titles say so. */
export function documentFamily(model: DocumentModel): Family | null {
  if (model.kind === 'final-accounts') return 'sh-final';
  if (model.kind !== 'budget') return null;
  const head = model.text.slice(0, 400);
  if (head.includes('上海')) return 'sh-budget';
  for (const t of model.tables) if (SHANGHAI_TITLE_RE.test(t.title.replace(/\s+/g, ''))) return 'sh-budget';
  return 'gd-budget';
}

/** The budget tables of each kind (tablesOfKind for every kind at once): made once per check, the identities ask for kinds again and again. */
type TablesByKind = Map<string, Table[]>;
const NO_TABLES: Table[] = [];

function tablesByKind(model: DocumentModel): TablesByKind {
  const index: TablesByKind = new Map();
  for (const t of model.tables) {
    if (t.inText || t.unread !== null) continue;
    const list = index.get(t.kind);
    if (list) list.push(t);
    else index.set(t.kind, [t]);
  }
  return index;
}

interface Operand {
  table: Table;
  row: Row;
  cell: Cell;
  column: number;
}

/** The operands a reference names: one cell, or every row of a code; null when the identity must be skipped. */
function resolveAll(kinds: TablesByKind, ref: CellRef): Operand[] | null {
  if (ref.code === undefined) {
    const o = resolve(kinds, ref);
    return o ? [o] : null;
  }
  const tables = kinds.get(ref.kind) ?? NO_TABLES;
  if (tables.length !== 1) return null;
  const table = tables[0];
  const column = ref.column ? leafMatching(table, ref.column, ref.side) : 0;
  if (column < 0) return null;
  const out: Operand[] = [];
  // the code's rows in row order: a scan per code (a dozen codes of a table of some seventy rows)
  // costs less than an index of every code made first
  for (const row of table.rows) {
    if (!row.code || row.code.scheme !== 'economic' || row.code.code !== ref.code) continue;
    if (ref.name && !ref.name.test(plainLabel(row.label))) continue;
    const cell = cellInColumn(row, column);
    if (cell) out.push({ table, row, cell, column });
  }
  return out.length > 0 || ref.optional ? out : null;
}

function resolve(kinds: TablesByKind, ref: CellRef): Operand | null {
  const tables = kinds.get(ref.kind) ?? NO_TABLES;
  // two tables of one kind: which one is meant cannot be told
  if (tables.length !== 1 || !ref.row) return null;
  const table = tables[0];
  const row = rowMatching(table, ref.row, ref.side);
  if (!row) return null;
  const column = ref.column ? leafMatching(table, ref.column, ref.side) : 0;
  if (column < 0) return null;
  const cell = cellInColumn(row, column) ?? row.cells[column];
  if (!cell || (cell.column !== undefined && cell.column !== column)) return null;
  return { table, row, cell, column };
}

function describe(op: Operand, locale: Locale): string {
  const kind = kindById(op.table.kind).name[locale];
  const leaves = op.row.side && op.table.header.sides ? op.table.header.sides[op.row.side] : op.table.header.columns;
  const many = leaves.length > 1 || (leaves[0] && leaves[0].children.length > 0);
  const col = many ? `「${columnName(op.table, op.column, op.row.side)}」` : '';
  return `${kind} ${rowName(op.row)}${col}`;
}

/** Compare Σ left with Σ right; push a finding when they differ. Operands with no figure make the identity skip. */
/** Identities evaluated (both sides present), by id: for tests and tools. */
let trace: string[] | null = null;

/**
 * The common case of a comparison of one cell each side, settled without a Decimal (or an
 * Operand) made: the same unit, and an empty cell (the identity is skipped) or equal scaled
 * integers (it holds). False when compare must do the work.
 */
function settledAtOnce(id: string, lt: Table, lc: Cell, rt: Table, rc: Cell): boolean {
  if (lt.unit !== rt.unit || lt.unit === null) return false;
  const a = amountValue(lc.amount);
  const b = amountValue(rc.amount);
  if (!a || !b) return true;
  if (a.big || b.big) return false;
  const scale = Math.max(a.scale, b.scale);
  if (a.units * 10 ** (scale - a.scale) !== b.units * 10 ** (scale - b.scale)) return false;
  trace?.push(id);
  return true;
}

/** A comparison's sums in 元 as exact integers at `scale` decimals, as compare needs them. */
interface ScaledSums {
  left: number;
  right: number;
  /** one unit of each figure's last printed digit, in 元, summed: the rounding tolerance */
  tolerance: number;
  scale: number;
  /** the printed places of the figure with the coarsest last digit (the first such) */
  decimals: number;
  leftHas: boolean;
  rightHas: boolean;
}

/**
 * Σ left and Σ right in 元 as scaled integers (at the finest scale and printed places among the
 * figures), with the tolerance; null when Decimals must decide (a figure, a sum or a tolerance beyond
 * the safe range, or a table's unit unknown). The same sums as cellYuan's Decimals, exactly.
 */
function scaledSums(left: Operand[], right: Operand[]): ScaledSums | null {
  let scale = 0;
  for (let i = 0; i < left.length + right.length; i++) {
    const o = i < left.length ? left[i] : right[i - left.length];
    const a = amountValue(o.cell.amount);
    if (!a) continue;
    if (a.big || unitFactorNumber(o.table.unit) === null) return null;
    scale = Math.max(scale, a.scale, a.decimals);
  }
  const sums: ScaledSums = { left: 0, right: 0, tolerance: 0, scale, decimals: 0, leftHas: false, rightHas: false };
  let coarsest = 0;
  for (let i = 0; i < left.length + right.length; i++) {
    const o = i < left.length ? left[i] : right[i - left.length];
    const a = amountValue(o.cell.amount);
    if (!a) continue;
    const f = unitFactorNumber(o.table.unit)!;
    const v = a.units * f * 10 ** (scale - a.scale);
    const unit = f * 10 ** (scale - a.decimals);
    if (!Number.isSafeInteger(v) || !Number.isSafeInteger(unit)) return null;
    if (i < left.length) {
      sums.left += v;
      sums.leftHas = true;
    } else {
      sums.right += v;
      sums.rightHas = true;
    }
    sums.tolerance += unit;
    if (unit > coarsest) {
      coarsest = unit;
      sums.decimals = a.decimals;
    }
    if (!Number.isSafeInteger(sums.left) || !Number.isSafeInteger(sums.right) || !Number.isSafeInteger(sums.tolerance)) return null;
  }
  return sums;
}

/**
 * settledAtOnce for leaf columns x of row ra and y of row rb, read straight from the cell store
 * when both are parsed rows of one store: no cell objects made. True when settled (a cell missing
 * or empty, or the figures equal); false when the cells must be found and compared.
 */
function storedSettled(id: string, ta: Table, ra: Row, x: number, tb: Table, rb: Row, y: number): boolean {
  if (!(ra instanceof SourceRow) || !(rb instanceof SourceRow) || ra.store !== rb.store || ta.unit !== tb.unit || ta.unit === null) return false;
  const i = storedCellIndex(ra, x);
  const j = storedCellIndex(rb, y);
  if (i < 0 || j < 0 || !ra.store.isNumber(i) || !ra.store.isNumber(j)) return true;
  if (ra.store.scaledDifference([i, j], 2) !== 0) return false;
  trace?.push(id);
  return true;
}

function compare(id: string, left: Operand[], right: Operand[], locale: Locale, out: Finding[], relation?: 'atMost'): void {
  if (left.length === 1 && right.length === 1 && settledAtOnce(id, left[0].table, left[0].cell, right[0].table, right[0].cell)) return;
  // the sums of several cells, or across units, in scaled integers: Decimals only beyond the safe range
  const sums = scaledSums(left, right);
  const shift = unitExponent(left[0].table.unit) ?? 0;
  if (sums !== null && Number.isSafeInteger(sums.left - sums.right)) {
    // each side needs a figure: an empty side is a side the document leaves out
    if (!sums.leftHas || !sums.rightHas) return;
    trace?.push(id);
    const diff = sums.left - sums.right;
    // equal, or a part no larger than what covers it: it holds
    if (diff === 0 || (relation === 'atMost' && diff < 0)) return;
    // shown in the left table's unit
    const decimals = Math.max(0, sums.decimals);
    const show = (v: number) => formatScaled(v, sums.scale + shift, decimals);
    mismatch(id, left, right, locale, out, relation, { left: show(sums.left), right: show(sums.right), difference: (diff > 0 ? '+' : '') + show(diff), rounding: Math.abs(diff) <= sums.tolerance });
    return;
  }
  let l = new Decimal(0);
  let r = new Decimal(0);
  let tolerance = new Decimal(0);
  let minUnit: Decimal | null = null;
  let minDecimals = 0;
  let figures = 0;
  let leftHas = false;
  let rightHas = false;
  const all = [...left, ...right];
  for (let i = 0; i < all.length; i++) {
    const v = cellYuan(all[i].table, all[i].cell);
    if (v === null) continue;
    figures++;
    if (i < left.length) {
      l = l.plus(v.value);
      leftHas = true;
    } else {
      r = r.plus(v.value);
      rightHas = true;
    }
    tolerance = tolerance.plus(v.unit);
    if (minUnit === null || v.unit.gt(minUnit)) {
      minUnit = v.unit;
      minDecimals = v.decimals;
    }
  }
  if (!leftHas || !rightHas || figures === 0) return;
  trace?.push(id);
  const diff = l.minus(r);
  if (diff.isZero()) return;
  if (relation === 'atMost' && diff.isNegative()) return;
  const f = unitFactor(left[0].table.unit) ?? new Decimal(1);
  const decimals = Math.max(0, minDecimals);
  const show = (d: Decimal) => formatDecimal(d.div(f), decimals);
  mismatch(id, left, right, locale, out, relation, { left: show(l), right: show(r), difference: (diff.isPositive() ? '+' : '') + show(diff), rounding: diff.abs().lte(tolerance) });
}

/** Two sides that differ, as compare wrote them: within the tolerance (`cross.rounding`) or not (`cross.mismatch`). */
function mismatch(id: string, left: Operand[], right: Operand[], locale: Locale, out: Finding[], relation: 'atMost' | undefined, values: { left: string; right: string; difference: string; rounding: boolean }): void {
  const rule = values.rounding ? 'cross.rounding' : 'cross.mismatch';
  const args = {
    left: left.map((o) => describe(o, locale)).join(' + '),
    right: right.map((o) => describe(o, locale)).join(' + '),
    leftValue: values.left,
    rightValue: values.right,
    difference: values.difference,
  };
  out.push({
    code: rule,
    severity: RULES[rule].severity,
    span: left[0].cell.span,
    message: formatMessage(relation === 'atMost' ? `${rule}.atMost` : rule, locale, args),
    related: [...left.slice(1), ...right].map((o) => ({
      span: o.cell.span,
      message: formatMessage('related.part', locale, { row: describe(o, locale), value: o.cell.raw || '0' }),
    })),
    data: { identity: id, left: args.leftValue, right: args.rightValue, difference: args.difference, tables: [left[0].table.index, right[0].table.index], leftCount: left.length },
  });
}

/** 一、一般公共服务支出 → 一般公共服务支出 (the name a 类 row prints). */
function functionName(label: string): string {
  return plainLabel(label);
}

function classRows(kinds: TablesByKind, id: string, left: { kind: string; column?: RegExp }, right: { kind: string; column?: RegExp }, locale: Locale, out: Finding[]): void {
  const lt = kinds.get(left.kind) ?? NO_TABLES;
  const rt = kinds.get(right.kind) ?? NO_TABLES;
  if (lt.length !== 1 || rt.length !== 1) return;
  const lcol = left.column ? leafMatching(lt[0], left.column, 'expenditure') : 0;
  const rcol = right.column ? leafMatching(rt[0], right.column) : 0;
  if (lcol < 0 || rcol < 0) return;
  const classes = new Map<string, Row>();
  for (const r of rt[0].rows) if (r.code && r.code.level === 1 && r.code.scheme === 'function') classes.set(functionName(r.label), r);
  if (classes.size === 0) return;
  for (const r of lt[0].rows) {
    if (r.side !== 'expenditure' || r.kind !== 'item' || r.depth !== 0) continue;
    const target = classes.get(functionName(r.label));
    if (!target) continue;
    const lc = cellInColumn(r, lcol);
    const rc = cellInColumn(target, rcol);
    if (!lc || !rc || settledAtOnce(id, lt[0], lc, rt[0], rc)) continue;
    compare(id, [{ table: lt[0], row: r, cell: lc, column: lcol }], [{ table: rt[0], row: target, cell: rc, column: rcol }], locale, out);
  }
}

/** Do two cells hold the same amount in 元 (both figures, of known units)? Scaled integers when they suffice. */
function sameYuan(ta: Table, ca: Cell | undefined, tb: Table, cb: Cell | undefined): boolean {
  const x = ca && amountValue(ca.amount);
  const y = cb && amountValue(cb.amount);
  const fx = unitFactorNumber(ta.unit);
  const fy = unitFactorNumber(tb.unit);
  if (!x || !y || fx === null || fy === null) return false;
  if (!x.big && !y.big) {
    const scale = Math.max(x.scale, y.scale);
    const u = x.units * fx * 10 ** (scale - x.scale);
    const v = y.units * fy * 10 ** (scale - y.scale);
    if (Number.isSafeInteger(u) && Number.isSafeInteger(v)) return u === v;
  }
  return cellYuan(ta, ca)!.value.eq(cellYuan(tb, cb)!.value);
}

function totalRow(table: Table): Row | undefined {
  return rowMatching(table, TOTAL);
}

function codes(kinds: TablesByKind, id: string, left: { kind: string; columns: RegExp[] }, right: { kind: string; columns: RegExp[] }, locale: Locale, out: Finding[]): void {
  const lt = kinds.get(left.kind) ?? NO_TABLES;
  const rt = kinds.get(right.kind) ?? NO_TABLES;
  if (lt.length !== 1 || rt.length !== 1) return;
  const a = lt[0];
  const b = rt[0];
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < left.columns.length; i++) {
    const x = leafMatching(a, left.columns[i]);
    const y = leafMatching(b, right.columns[i]);
    if (x >= 0 && y >= 0) pairs.push([x, y]);
  }
  if (pairs.length === 0) return;
  // all money is of the right table's kind only when the two tables' totals agree exactly
  const ta = totalRow(a);
  const tb = totalRow(b);
  if (!ta || !tb) return;
  if (!sameYuan(a, cellInColumn(ta, pairs[0][0]), b, cellInColumn(tb, pairs[0][1]))) return;
  // each function code's row in b; null for a code b prints twice (which row is meant cannot be told)
  // and, once compared, for a code a prints again (each code is compared once)
  const byCode = new Map<string, Row | null>();
  for (const r of b.rows) {
    if (!r.code || r.code.scheme !== 'function') continue;
    byCode.set(r.code.code, byCode.has(r.code.code) ? null : r);
  }
  for (const r of a.rows) {
    if (!r.code || r.code.scheme !== 'function') continue;
    const other = byCode.get(r.code.code);
    if (!other) continue;
    byCode.set(r.code.code, null);
    for (const [x, y] of pairs) {
      if (storedSettled(id, a, r, x, b, other, y)) continue;
      const lc = cellInColumn(r, x);
      const rc = cellInColumn(other, y);
      if (!lc || !rc || settledAtOnce(id, a, lc, b, rc)) continue;
      compare(id, [{ table: a, row: r, cell: lc, column: x }], [{ table: b, row: other, cell: rc, column: y }], locale, out);
    }
  }
}

/** Evaluate the family's identities; findings are pushed to `out`. */
export function checkIdentities(model: DocumentModel, locale: Locale, out: Finding[], family: Family | null = documentFamily(model)): void {
  if (family === null) return;
  checkFamily(model, locale, out, family);
}

/** The ids of the identities that could be evaluated on `model` (both sides present), one per comparison. */
export function evaluatedIdentities(model: DocumentModel): string[] {
  const family = documentFamily(model);
  trace = [];
  try {
    if (family !== null) checkFamily(model, 'en', [], family);
    return trace;
  } finally {
    trace = null;
  }
}

function checkFamily(model: DocumentModel, locale: Locale, out: Finding[], family: Family): void {
  const kinds = tablesByKind(model);
  for (const idn of IDENTITIES[family]) {
    if (idn.mode === 'cells') {
      const left: Operand[] = [];
      const right: Operand[] = [];
      let missing = false;
      for (const ref of idn.left) {
        const o = resolveAll(kinds, ref);
        if (o) left.push(...o);
        else missing = true;
      }
      for (const ref of idn.right) {
        const o = resolveAll(kinds, ref);
        if (o) right.push(...o);
        else missing = true;
      }
      if (missing || left.length === 0 || right.length === 0) continue;
      compare(idn.id, left, right, locale, out, idn.relation);
    } else if (idn.mode === 'class-rows') classRows(kinds, idn.id, idn.left, idn.right, locale, out);
    else codes(kinds, idn.id, idn.left, idn.right, locale, out);
  }
}
