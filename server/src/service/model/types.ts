/**
 * The document model: what the parser builds from budget text once per version.
 * Every position is a 0-based UTF-16 offset into the document text; LSP ranges
 * are made only at the edge (see features/positions.ts).
 */
import type { Money } from './money';

export type DocumentKind = 'budget' | 'final-accounts' | 'unknown';

export interface Span {
  start: number;
  end: number;
}

export interface Heading {
  /**
   * 0 = volume (一、文字部分 / 二、表格部分), 1 = part (第一部分),
   * 2 = section (一、…), 3 = subsection (（一）…)
   */
  level: 0 | 1 | 2 | 3;
  title: string;
  /** line index (0-based) of the heading */
  line: number;
  span: Span;
}

export interface Section {
  heading: Heading;
  /** first and last line (inclusive) covered by this part/section */
  startLine: number;
  endLine: number;
  children: Section[];
}

export type RowKind =
  | 'total' // 合计 / 总计 / 本年收入合计 …
  | 'subtotal' // 小计, X合计 inside a table
  | 'code' // a classification-code row
  | 'item' // a named item without code (收支总表 lines, 三公 breakdown …)
  | 'unit' // a unit / department block header (资金使用单位)
  | 'project' // a project row in a project table
  | 'note' // a note row (rare inside tables)
  | 'continuation'; // a line that continues the text cells of the row before

/**
 * An amount cell's exact value: the Money itself (scaled integer, see
 * money.ts) plus how it was printed. A parsed number cell is its own amount
 * (see StoredCell in store.ts); every empty cell ('', '-', '—', read as
 * zero) shares EMPTY_AMOUNT.
 */
export interface Amount extends Money {
  /** digits printed after the decimal point (2 for 1,564.22; 0 for 120) */
  decimals: number;
  /** true when OCR damage had to be repaired (`492. 42`, `36, 202. 77`) */
  malformed: boolean;
  /** an empty cell */
  empty: boolean;
}

export const EMPTY_AMOUNT: Readonly<Amount> = Object.freeze({ units: 0, scale: 0, decimals: 0, malformed: false, empty: true });

/** The value of an amount cell, or null for an empty one. */
export function amountValue(a: Amount | undefined): Amount | null {
  return a !== undefined && !a.empty ? a : null;
}

export interface Cell {
  raw: string;
  span: Span;
  /** set when the cell is an amount (or an empty amount cell) */
  amount?: Amount;
  /** index of the leaf column this cell belongs to (amount cells only) */
  column?: number;
}

export type CodeScheme = 'function' | 'economic' | 'gov-economic';

export interface CodeRef {
  code: string;
  /** 1 = 类, 2 = 款, 3 = 项 */
  level: 1 | 2 | 3;
  scheme: CodeScheme;
  span: Span;
  /** written as [201], 201, or split 201 03 01 */
  style: 'bare' | 'bracketed' | 'split';
}

/** A code as the parser makes it: its own span (start/end are fields), so a code costs one object. */
export class SourceCode implements CodeRef {
  constructor(
    public code: string,
    public level: 1 | 2 | 3,
    public scheme: CodeScheme,
    public start: number,
    public end: number,
    public style: CodeRef['style'],
  ) {}
  get span(): Span {
    return this;
  }
}

export type Side = 'income' | 'expenditure';

export interface Row {
  index: number;
  kind: RowKind;
  /** first line of the row (0-based) and last line (wrapped rows span several) */
  line: number;
  endLine: number;
  label: string;
  labelSpan: Span | null;
  code?: CodeRef;
  /** for unit/project/item rows: nesting depth inside the table's row tree (0 = top) */
  depth: number;
  /** amount cells in column order (index = leaf column) */
  cells: Cell[];
  /** trailing text cells (绩效目标 …), with continuation lines joined */
  texts: Cell[];
  /** two-sided tables: which side the row belongs to */
  side?: Side;
  /** tables of two column groups side by side (a left and a right panel): 1 for the right one */
  group?: number;
  /** index of the row this continuation line belongs to */
  owner?: number;
}

export interface ColumnNode {
  label: string;
  /** leaf index for leaves; undefined for group nodes */
  leaf?: number;
  children: ColumnNode[];
  /** a group whose columns are not addends of any total (政府采购 …) */
  noSum?: boolean;
}

export interface TableHeader {
  /** raw header lines as found (first page) */
  lines: number[];
  /** the column tree (amount columns only); for two-sided tables one tree per side */
  columns: ColumnNode[];
  sides?: { income: ColumnNode[]; expenditure: ColumnNode[] };
  /** two-sided tables whose sides have columns of their own: each side's column relations */
  sideRelations?: { income: ColumnRelation[]; expenditure: ColumnRelation[] };
  /** how the tree was obtained */
  source: 'text' | 'registry' | 'none';
  /** number of amount columns in the tree */
  leafCount: number;
  /** column relations: total leaf = Σ part leaves, with the rule that checks them */
  relations: ColumnRelation[];
}

export interface ColumnRelation {
  total: number;
  parts: number[];
  rule: 'sum.columns' | 'sum.block';
}

export interface Table {
  index: number;
  title: string;
  titleSpan: Span;
  label: string | null; // 表1, 表 3 …
  kind: string; // registry id, or 'generic'
  /** lines covered (inclusive), across page breaks */
  startLine: number;
  endLine: number;
  unit: string | null; // 万元 / 元
  header: TableHeader;
  rows: Row[];
  /** inside a narrative part rather than the tables part */
  inText: boolean;
  /** lines of repeated titles / unit lines / headers on continuation pages */
  repeatedLines: number[];
  /** 注： lines attached to the table */
  notes: number[];
  /** why the table's checks could not run on what was read (its columns or cells not readable), or null */
  unread: string | null;
}

/**
 * The lines of a document: offsets held in typed arrays (a 10 MB document
 * has hundreds of thousands of lines; one object each would cost more than
 * the text). `end` excludes the line break.
 */
export interface LineTable {
  readonly length: number;
  start(line: number): number;
  end(line: number): number;
  /** the line as an object (allocates; for tools and tests) */
  at(line: number): LineInfo;
}

export interface LineInfo {
  start: number;
  end: number; // exclusive, without the line break
}

export interface ParseProblem {
  code: string; // e.g. number.malformed, table.unreadable-line
  span: Span;
  args: Record<string, string | number>;
}

/** An entry of the table of contents (目录) that names a budget table. */
export interface ContentsEntry {
  /** the entry as printed, without its numbering and leaders */
  title: string;
  /** the table kind it names */
  kind: string;
  line: number;
  span: Span;
}

export interface DocumentModel {
  text: string;
  lines: LineTable;
  kind: DocumentKind;
  title: string | null;
  year: number | null;
  sections: Section[];
  tables: Table[];
  /** the tables the table of contents lists */
  contents: ContentsEntry[];
  problems: ParseProblem[];
}
