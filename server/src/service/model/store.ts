/**
 * Amount cells held column-wise, and the rows that point into them.
 *
 * A 10 MB document has a quarter of a million amount cells. As one object
 * each they were the largest part of the model, and every one of them
 * survived the young generation, so the garbage collector copied each one
 * (twice) while the document was parsed. Here they are a few typed arrays
 * per document (CellStore); a row knows the range of its cells in the store
 * (SourceRow), and Cell objects (StoredCell) are made only when a feature
 * asks a row for its cells, each once. Text cells (绩效目标 …) are few and
 * stay objects (TextCell).
 */
import type Decimal from 'decimal.js';
import { EMPTY_AMOUNT, amountValue, type Amount, type Cell, type CodeRef, type Row, type RowKind, type Side, type Span } from './types';

/**
 * A text cell of a row (绩效目标 …): its own span (start/end are fields), and
 * its text, which grows when continuation lines are joined to it.
 */
export class TextCell implements Cell {
  constructor(
    public raw: string,
    public start: number,
    public end: number,
  ) {}
  get span(): Span {
    return this;
  }
}

// A stored cell's info, one small integer: state | malformed | big | scale | decimals | column
const NUMBER = 1; // else an empty amount cell ('', '-', '—' …: read as zero)
const MALFORMED = 1 << 1;
const HAS_BIG = 1 << 2;
const SCALE_SHIFT = 3; // 6 bits: a number has at most 40 characters
const DECIMALS_SHIFT = 9; // 6 bits
const FIELD_MASK = 0x3f;
const COLUMN_SHIFT = 15; // 15 bits, within the small-integer range
/** Largest column a stored cell records: far above any row (a table line is at most 4000 characters, see the scanner). */
const MAX_COLUMN = (1 << 15) - 1;

/** Spare cells below which trim keeps the arrays as they are (20 bytes a cell: 80 KB). */
const TRIM_MIN_SPARE = 4096;

/** The amount cells of one document, in row order: a row's cells are one contiguous range. */
export class CellStore {
  /** number of cells */
  length = 0;
  private starts: Int32Array;
  private ends: Int32Array;
  private infos: Int32Array;
  /** the value times 10^scale (see Money); NaN for a big value */
  private units: Float64Array;
  /** big values (beyond the safe-integer range) by cell index: rare */
  private bigs: Map<number, Decimal> | null = null;
  /** scratch of scaledDifference and its kin (one difference at a time): the scale of the running difference */
  private sumScale = 0;

  constructor(
    /** the document text: a cell's raw text is text[start, end) */
    readonly text: string,
    capacity = 1024,
  ) {
    const n = Math.max(16, capacity);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.infos = new Int32Array(n);
    this.units = new Float64Array(n);
  }

  /**
   * Append the number text[start, end) at leaf `column`: its value is
   * `units` / 10^scale, or `big` beyond the safe-integer range.
   */
  pushNumber(start: number, end: number, column: number, units: number, scale: number, decimals: number, malformed: boolean, big: Decimal | undefined): void {
    const i = this.append(start, end, column);
    this.infos[i] |=
      NUMBER | (malformed ? MALFORMED : 0) | ((scale & FIELD_MASK) << SCALE_SHIFT) | ((decimals & FIELD_MASK) << DECIMALS_SHIFT);
    this.units[i] = units;
    if (big !== undefined) {
      this.infos[i] |= HAS_BIG;
      (this.bigs ??= new Map()).set(i, big);
    }
  }

  /** Append the empty amount cell text[start, end) ('', '-', '—' …: read as zero) at leaf `column`. */
  pushEmpty(start: number, end: number, column: number): void {
    this.append(start, end, column);
  }

  private append(start: number, end: number, column: number): number {
    const i = this.length;
    if (i === this.starts.length) this.grow();
    this.starts[i] = start;
    this.ends[i] = end;
    this.infos[i] = Math.min(column, MAX_COLUMN) << COLUMN_SHIFT;
    this.units[i] = 0;
    this.length = i + 1;
    return i;
  }

  /**
   * Once the document is parsed: drop the spare capacity when it is most of
   * the arrays and worth the copies (copying them costs more than a little
   * slack; a small document's slack is a few kilobytes, and its four copies
   * were a measurable part of its parse).
   */
  trim(): void {
    const n = this.length;
    if (n >= this.starts.length >> 1 || this.starts.length - n < TRIM_MIN_SPARE) return;
    this.starts = this.starts.slice(0, n);
    this.ends = this.ends.slice(0, n);
    this.infos = this.infos.slice(0, n);
    this.units = this.units.slice(0, n);
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const resize = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.starts = resize(this.starts, (k) => new Int32Array(k));
    this.ends = resize(this.ends, (k) => new Int32Array(k));
    this.infos = resize(this.infos, (k) => new Int32Array(k));
    this.units = resize(this.units, (k) => new Float64Array(k));
  }

  start(i: number): number {
    return this.starts[i];
  }
  end(i: number): number {
    return this.ends[i];
  }
  raw(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }
  /** a number (not an empty amount cell) */
  isNumber(i: number): boolean {
    return (this.infos[i] & NUMBER) !== 0;
  }
  isMalformed(i: number): boolean {
    return (this.infos[i] & MALFORMED) !== 0;
  }
  unitsOf(i: number): number {
    return this.units[i];
  }
  scale(i: number): number {
    return (this.infos[i] >> SCALE_SHIFT) & FIELD_MASK;
  }
  decimals(i: number): number {
    return (this.infos[i] >> DECIMALS_SHIFT) & FIELD_MASK;
  }
  big(i: number): Decimal | undefined {
    return (this.infos[i] & HAS_BIG) !== 0 ? this.bigs?.get(i) : undefined;
  }
  column(i: number): number {
    return this.infos[i] >>> COLUMN_SHIFT;
  }

  /**
   * total − Σ parts over the cells at indexes[0, count) (the first the total, the others its
   * parts), exact in scaled integers at the finest scale among them; empty amount cells count as
   * nothing. 0 when the sum holds (or no cell has a figure); NaN when that cannot be told without
   * decimals (a big value, or a term or partial result beyond the safe range).
   */
  scaledDifference(indexes: ArrayLike<number>, count: number): number {
    this.sumScale = 0;
    let acc = 0;
    for (let k = 0; k < count && acc === acc; k++) acc = this.addScaled(acc, indexes[k], k === 0);
    return acc;
  }

  /**
   * scaledDifference of a relation down one leaf column: the cell `total` less, of each of `rows`
   * with a cell at offset `c` (its c-th amount cell), that cell; read without a list of indexes made
   * first (the relations of code trees are checked so). NaN also when no row has such a cell.
   */
  columnDifference(total: number, rows: readonly SourceRow[], c: number): number {
    this.sumScale = 0;
    let acc = this.addScaled(0, total, true);
    let parts = 0;
    for (let k = 0; k < rows.length && acc === acc; k++) {
      const row = rows[k];
      if (c >= row.cellCount) continue;
      parts++;
      acc = this.addScaled(acc, row.cellFrom + c, false);
    }
    return parts > 0 ? acc : NaN;
  }

  /**
   * scaledDifference of a relation across one row's leaf columns: its cell at offset `total` less
   * those at the offsets `parts` it has. NaN also when it has none of them.
   */
  rowDifference(row: SourceRow, total: number, parts: readonly number[]): number {
    this.sumScale = 0;
    let acc = this.addScaled(0, row.cellFrom + total, true);
    let count = 0;
    for (let k = 0; k < parts.length && acc === acc; k++) {
      if (parts[k] >= row.cellCount) continue;
      count++;
      acc = this.addScaled(acc, row.cellFrom + parts[k], false);
    }
    return count > 0 ? acc : NaN;
  }

  /**
   * One step of scaledDifference: the running difference `acc` (at sumScale decimals) with cell i
   * added (the total) or taken away (a part), at the finer scale of the two; an empty cell changes
   * nothing. NaN once the result cannot be told in safe integers.
   */
  private addScaled(acc: number, i: number, total: boolean): number {
    const info = this.infos[i];
    if ((info & NUMBER) === 0) return acc;
    if ((info & HAS_BIG) !== 0) return NaN;
    const s = (info >> SCALE_SHIFT) & FIELD_MASK;
    if (s > this.sumScale) {
      acc *= 10 ** (s - this.sumScale);
      if (!Number.isSafeInteger(acc)) return NaN;
      this.sumScale = s;
    }
    const term = s === this.sumScale ? this.units[i] : this.units[i] * 10 ** (this.sumScale - s);
    if (!Number.isSafeInteger(term)) return NaN;
    acc = total ? acc + term : acc - term;
    return Number.isSafeInteger(acc) ? acc : NaN;
  }
}

/**
 * A stored cell as a Cell (and, for a number, as its own Amount, like the
 * parser's cells): a view of one index of a store. Rows make one per cell
 * on demand and keep them, so a cell is the same object however it is
 * reached (row.cells, a relation's total or parts).
 */
export class StoredCell implements Cell, Amount {
  constructor(
    private store: CellStore,
    private i: number,
  ) {}
  /** Point this view at another cell (for the relation walker's scratch views only). */
  moveTo(store: CellStore, i: number): this {
    this.store = store;
    this.i = i;
    return this;
  }
  /** index of the cell in its store */
  get index(): number {
    return this.i;
  }
  get raw(): string {
    return this.store.raw(this.i);
  }
  get start(): number {
    return this.store.start(this.i);
  }
  get end(): number {
    return this.store.end(this.i);
  }
  /** the cell is its own span */
  get span(): Span {
    return this;
  }
  get column(): number {
    return this.store.column(this.i);
  }
  /** A number cell is its own amount; an empty one has EMPTY_AMOUNT. */
  get amount(): Amount {
    return this.store.isNumber(this.i) ? this : EMPTY_AMOUNT;
  }
  get empty(): boolean {
    return !this.store.isNumber(this.i);
  }
  get units(): number {
    return this.store.unitsOf(this.i);
  }
  get scale(): number {
    return this.store.scale(this.i);
  }
  get decimals(): number {
    return this.store.decimals(this.i);
  }
  get malformed(): boolean {
    return this.store.isMalformed(this.i);
  }
  get big(): Decimal | undefined {
    return this.store.big(this.i);
  }
  /** As JSON, the cell's text and span (not the store behind it). */
  toJSON(): { raw: string; start: number; end: number } {
    return { raw: this.raw, start: this.start, end: this.end };
  }
}

/** Rows without text cells share this (never mutated: a row that gains text gets its own array). */
export const NO_TEXTS: Cell[] = Object.freeze([]) as unknown as Cell[];
/** Rows without amount cells share this (never mutated). */
const NO_CELLS: Cell[] = Object.freeze([]) as unknown as Cell[];

/**
 * A row as the parser makes it: one object of a fixed shape, its amount
 * cells a range of the document's CellStore, its label span two numbers
 * (a Span object is made when asked for).
 */
export class SourceRow implements Row {
  kind: RowKind = 'item';
  depth = 0;
  texts: Cell[] = NO_TEXTS;
  code: CodeRef | undefined = undefined;
  side: Side | undefined = undefined;
  group: number | undefined = undefined;
  owner: number | undefined = undefined;
  /** the cells as objects, each made on first use */
  private cellObjects: Cell[] | undefined = undefined;

  constructor(
    public index: number,
    public line: number,
    public endLine: number,
    public label: string,
    /** the label's span, labelStart -1 for none */
    private labelStart: number,
    private labelEnd: number,
    /** the store holding the amount cells, which are [cellFrom, cellFrom + cellCount) */
    readonly store: CellStore,
    readonly cellFrom: number,
    readonly cellCount: number,
  ) {}

  get labelSpan(): Span | null {
    return this.labelStart < 0 ? null : { start: this.labelStart, end: this.labelEnd };
  }
  set labelSpan(span: Span | null) {
    this.labelStart = span === null ? -1 : span.start;
    this.labelEnd = span === null ? -1 : span.end;
  }

  /** amount cells in column order (each made once, on first use) */
  get cells(): Cell[] {
    if (this.cellCount === 0) return NO_CELLS;
    for (let k = 0; k < this.cellCount; k++) this.cell(k);
    return this.cellObjects!;
  }

  /** As JSON, the fields of a Row (not the store behind it). */
  toJSON(): Row {
    const { index, kind, line, endLine, label, labelSpan, code, depth, cells, texts, side, group, owner } = this;
    return { index, kind, line, endLine, label, labelSpan, code, depth, cells, texts, side, group, owner };
  }

  /** Amount cell k (0 ≤ k < cellCount) as an object: the one `cells` holds, made on first use. */
  cell(k: number): Cell {
    const objects = (this.cellObjects ??= new Array(this.cellCount));
    return (objects[k] ??= new StoredCell(this.store, this.cellFrom + k));
  }
}

/**
 * The text of a row's first amount cell with a value (not an empty one), or
 * null: what the outline shows for every row, read from the store without
 * making the row's cell objects.
 */
export function firstFigure(row: Row): string | null {
  if (row instanceof SourceRow) {
    for (let i = row.cellFrom; i < row.cellFrom + row.cellCount; i++) if (row.store.isNumber(i)) return row.store.raw(i);
    return null;
  }
  for (const c of row.cells) if (amountValue(c.amount)) return c.raw;
  return null;
}

/**
 * Does the row hold an amount cell with a value (not an empty one)? As
 * row.cells.some((c) => amountValue(c.amount) !== null), read from the store
 * without making the row's cell objects (coverage and the unit check ask it of
 * every table).
 */
export function holdsFigure(row: Row): boolean {
  if (row instanceof SourceRow) {
    for (let i = row.cellFrom; i < row.cellFrom + row.cellCount; i++) if (row.store.isNumber(i)) return true;
    return false;
  }
  return row.cells.some((c) => amountValue(c.amount) !== null);
}
