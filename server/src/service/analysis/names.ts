/**
 * Names of rows and columns as findings print them, and the look-ups of a
 * table's rows and leaf columns that the checks across tables and text share.
 * Its own module so that check.ts, identities.ts and narrative.ts can all use
 * it without importing one another.
 */
import { Decimal } from '../model/money';
import { amountValue, type Cell, type DocumentModel, type Row, type Table, type ColumnNode } from '../model/types';
import { toDecimal } from '../model/money';
import { printedName } from '../catalog/dictionary';
import { labelKey } from '../syntax/text';
import { ownCopy } from '../strings';
import { SourceRow } from '../model/store';

export function rowName(row: Row): string {
  const label = printedName(row);
  if (row.code) return `${row.code.code} ${label}`.trim();
  return label || `#${row.index + 1}`;
}

/** A column's name: its path in the header tree (on a two-sided table, the tree of the row's side). */
export function columnName(table: Table, column: number, side?: Row['side']): string {
  const path = tableLeafPaths(table, side)[column];
  return path ?? `#${column + 1}`;
}

/**
 * What the look-ups have read of one table, each part made on first use: one record per table (and
 * one WeakMap look-up per call) rather than a WeakMap per kind of look-up, whose entries cost more
 * to make and find than the look-ups themselves on a small table.
 */
interface TableLookups {
  /** leafPaths by side ('' for none): never mutated */
  leafPaths: Map<string, string[]>;
  /** leafKeyPaths by side ('' for none) */
  leafKeyPaths: Map<string, Array<string | undefined>>;
  /** plainLabel of the rows, by row index, filled as rowMatching reads them (the checks look rows up by name again and again) */
  plainLabels: Array<string | undefined> | null;
  /** rowsHolding by character */
  rowsHolding: Map<string, number[]>;
}
const LOOKUPS = new WeakMap<Table, TableLookups>();

function lookupsOf(table: Table): TableLookups {
  let l = LOOKUPS.get(table);
  if (l === undefined) LOOKUPS.set(table, (l = { leafPaths: new Map(), leafKeyPaths: new Map(), plainLabels: null, rowsHolding: new Map() }));
  return l;
}

/** leafPaths, made once per table and side (findings name a column each, the look-ups match them): never mutated. */
function tableLeafPaths(table: Table, side?: Row['side']): string[] {
  const bySide = lookupsOf(table).leafPaths;
  const at = side ?? '';
  let paths = bySide.get(at);
  if (!paths) bySide.set(at, (paths = leafPaths(table, side)));
  return paths;
}

/** Each leaf's path in the header tree ('财政拨款/一般公共预算'), by leaf index. */
export function leafPaths(table: Table, side?: Row['side']): string[] {
  return pathsOf(leafTree(table, side), (label) => label);
}

function leafTree(table: Table, side?: Row['side']): ColumnNode[] {
  return side && table.header.sides ? table.header.sides[side] : table.header.columns;
}

/** Each leaf's labels, each through `name`, joined by '/', by leaf index (no entry where no leaf has the index). */
function pathsOf(tree: ColumnNode[], name: (label: string) => string): string[] {
  const out: string[] = [];
  // an explicit stack instead of recursion (trees are shallow, but the house rule holds);
  // each level carries the path of the group it lists (null at the top)
  const stack: Array<{ nodes: ColumnNode[]; i: number; path: string | null }> = [{ nodes: tree, i: 0, path: null }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.nodes.length) {
      stack.pop();
      continue;
    }
    const n = top.nodes[top.i++];
    const path = top.path === null ? name(n.label) : `${top.path}/${name(n.label)}`;
    if (n.leaf !== undefined) out[n.leaf] = path;
    else stack.push({ nodes: n.children, i: 0, path });
  }
  return out;
}

/** A label as the look-ups compare it: labelKey without an ordinal (一、 （二） 1.) or 其中：. */
export function plainLabel(label: string): string {
  let plain = PLAIN_LABELS.get(label);
  if (plain === undefined) {
    if (PLAIN_LABELS.size >= PLAIN_LABELS_MAX) PLAIN_LABELS.clear();
    plain = ownCopy(plainLabelOf(label));
    PLAIN_LABELS.set(ownCopy(label), plain);
  }
  return plain;
}

/** plainLabel of the labels seen lately (pure in the label; the checks ask for the same rows' again and again). Keys and values are own copies: a label sliced from a document must not keep the document alive. */
const PLAIN_LABELS = new Map<string, string>();
const PLAIN_LABELS_MAX = 20000;

function plainLabelOf(label: string): string {
  return labelKey(label)
    .replace(/^其中[:：]?/, '')
    .replace(/^(?:[一二三四五六七八九十]{1,3}[、.．]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.．、](?!\d))/, '')
    .replace(/\((?:类|款|项)\)$/, '');
}

/** The leaf whose path (labels joined by '/', keys folded) matches `re`; -1 when none or several. */
export function leafMatching(table: Table, re: RegExp, side?: Row['side']): number {
  const keys = leafKeyPaths(table, side);
  let found = -1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === undefined) continue;
    if (re.test(key)) {
      if (found >= 0) return -1;
      found = i;
    }
  }
  return found;
}

/** leafPaths with each label through labelKey, by leaf index (undefined where leafPaths has none); once per table and side. */
function leafKeyPaths(table: Table, side?: Row['side']): Array<string | undefined> {
  const bySide = lookupsOf(table).leafKeyPaths;
  const at = side ?? '';
  let keys = bySide.get(at);
  if (!keys) {
    // each label's pieces between '/' through labelKey: the leaf's path split at every '/', as leafMatching reads it
    keys = pathsOf(leafTree(table, side), (label) => (label.includes('/') ? label.split('/').map((p) => labelKey(p)).join('/') : labelKey(label)));
    bySide.set(at, keys);
  }
  return keys;
}

/** The first row matching `re` (on its plain label) on the given side; a row of a note or continuation never. */
export function rowMatching(table: Table, re: RegExp, side?: Row['side']): Row | undefined {
  const rows = table.rows;
  const lookups = lookupsOf(table);
  const plain = (lookups.plainLabels ??= new Array<string | undefined>(rows.length));
  const matches = (i: number): boolean => {
    const r = rows[i];
    if (r.kind === 'note' || r.kind === 'continuation') return false;
    if (side && r.side !== side) return false;
    return re.test((plain[i] ??= plainLabel(r.label)));
  };
  // a label without the character every match holds cannot match: only the rows holding it are tried
  const needs = neededChar(re);
  if (needs !== '') {
    for (const i of rowsHolding(table, lookups, needs)) if (matches(i)) return rows[i];
    return undefined;
  }
  for (let i = 0; i < rows.length; i++) if (matches(i)) return rows[i];
  return undefined;
}

/** The indexes of a table's rows whose label holds the character `c`, in order: once per table and character (most look-ups need 计). */
function rowsHolding(table: Table, lookups: TableLookups, c: string): number[] {
  const byChar = lookups.rowsHolding;
  let list = byChar.get(c);
  if (!list) {
    list = [];
    const rows = table.rows;
    for (let i = 0; i < rows.length; i++) if (rows[i].label.indexOf(c) >= 0) list.push(i);
    byChar.set(c, list);
  }
  return list;
}

/**
 * A Chinese character that every match of `re` holds, or '' when none is known: read from a
 * pattern of literal alternatives (^合计$, ^(?:收入总计|本年收入合计)$, 公务接待费), the last
 * character of the first alternative that every other one holds too. A plain label keeps a
 * label's Chinese characters as they are (labelKey folds only ASCII forms), so a label without
 * it has no plain label that matches. Once per pattern.
 */
export function neededChar(re: RegExp): string {
  let c = NEEDED_CHARS.get(re);
  // a global or sticky pattern's test moves its lastIndex: every row is tried, as before
  if (c === undefined) NEEDED_CHARS.set(re, (c = re.global || re.sticky ? '' : neededCharOf(re.source)));
  return c;
}
const NEEDED_CHARS = new WeakMap<RegExp, string>();

/** A pattern's literal alternatives: ^ and $ at its ends, one group around them, no other syntax. */
const LITERAL_ALTERNATIVES_RE = /^\^?(?:\((?:\?:)?([^\\()[\]{}.*+?^$]+)\)|([^\\()[\]{}.*+?^$|]+))\$?$/;

function neededCharOf(source: string): string {
  const m = LITERAL_ALTERNATIVES_RE.exec(source);
  if (!m) return '';
  const alternatives = (m[1] ?? m[2]).split('|');
  const first = alternatives[0];
  for (let i = first.length - 1; i >= 0; i--) {
    const c = first[i];
    if (c >= '\u4e00' && c <= '\u9fff' && alternatives.every((a) => a.includes(c))) return c;
  }
  return '';
}

/** One unit in 元 as a power of ten: 万元 = 10^4 元. */
const YUAN_EXPONENT: Record<string, number> = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 };
/** How many 元 one unit is, as an exact integer. */
const YUAN_PER_UNIT: Record<string, number> = Object.fromEntries(Object.entries(YUAN_EXPONENT).map(([u, k]) => [u, 10 ** k]));
const FACTORS: Record<string, Decimal> = Object.fromEntries(Object.entries(YUAN_PER_UNIT).map(([u, n]) => [u, new Decimal(n)]));

/** How many 元 one unit of the table is (shared constants: Decimals are immutable). */
export function unitFactor(unit: string | null): Decimal | null {
  return unit === null ? null : (FACTORS[unit] ?? null);
}

/** unitFactor as an integer (for sums in scaled integers), or null. */
export function unitFactorNumber(unit: string | null): number | null {
  return unit === null ? null : (YUAN_PER_UNIT[unit] ?? null);
}

/** unitFactor as the power of ten it is (万元: 4), or null. */
export function unitExponent(unit: string | null): number | null {
  return unit === null ? null : (YUAN_EXPONENT[unit] ?? null);
}

/** One unit of the last printed digit, in 元, by unit, then decimals (made once each). */
const UNITS = new Map<string, Decimal[]>();
function lastDigit(unit: string, f: Decimal, decimals: number): Decimal {
  let byDecimals = UNITS.get(unit);
  if (byDecimals === undefined) UNITS.set(unit, (byDecimals = []));
  return (byDecimals[decimals] ??= new Decimal(10).pow(-decimals).times(f));
}

/** A cell's value in 元 with the half unit of its printed precision (in 元), or null for an empty cell or unknown unit. */
export function cellYuan(table: Table, cell: Cell | undefined): { value: Decimal; unit: Decimal; decimals: number } | null {
  if (!cell) return null;
  const a = amountValue(cell.amount);
  if (!a) return null;
  const f = unitFactor(table.unit);
  if (!f) return null;
  return { value: toDecimal(a).times(f), unit: lastDigit(table.unit!, f, a.decimals), decimals: a.decimals };
}

/**
 * The row's first amount cell in leaf column `column` (row.cells.find by column), or undefined.
 * A parsed row's columns are read from its store, so only the cell found is made an object.
 */
export function cellInColumn(row: Row, column: number): Cell | undefined {
  if (row instanceof SourceRow) {
    const i = storedCellIndex(row, column);
    return i < 0 ? undefined : row.cell(i - row.cellFrom);
  }
  return row.cells.find((c) => c.column === column);
}

/** The store index of a parsed row's first amount cell in leaf column `column`, or -1. */
export function storedCellIndex(row: SourceRow, column: number): number {
  const { store, cellFrom, cellCount } = row;
  for (let i = cellFrom; i < cellFrom + cellCount; i++) if (store.column(i) === column) return i;
  return -1;
}

/** The budget tables of a kind (not those in the narrative), in document order. */
export function tablesOfKind(model: DocumentModel, kind: string): Table[] {
  return model.tables.filter((t) => t.kind === kind && !t.inText && t.unread === null);
}
