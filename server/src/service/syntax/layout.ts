/**
 * Space-aligned text (`pdftotext -layout` and the like): the geometry of its
 * lines. Each line becomes positioned tokens (where a token starts and ends
 * on the page, in character columns), and the tokens of a table's lines
 * become columns: the right edges of figures line up down a column, its
 * header sits above it, a blank cell is a gap in it. Pure and allocation-light
 * enough for the tables of a document; never throws.
 */
import type Decimal from 'decimal.js';
import type { ColumnNode, LineTable } from '../model/types';
import { buildColumns, type ColumnVariant } from '../model/registry';
import { readNumberAt, NOT_A_NUMBER, isEmptyAmountAt, isSignedFigureAt, type NumberSink } from './numbers';
import { labelKey } from './text';

/** How wide a character is on the page: 1 for every character (pdftotext), or 2 for CJK and full-width forms. */
export type WidthModel = 1 | 2;

function isWide(c: number): boolean {
  // CJK ideographs and punctuation first: most wide characters of a budget are
  return (
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6)
  );
}

export const enum TokenKind {
  Text = 0,
  /** a number (an amount, or a code's digits: which one, the position decides) */
  Number = 1,
  /** a dash standing for an empty amount cell (-, —, －) */
  Dash = 2,
}

/** A run of non-space characters of one line, with its place on the page. */
export interface Token {
  line: number;
  /** offsets in the document text */
  start: number;
  end: number;
  /** columns on the page: [x0, x1) under each width model */
  x0: number;
  x1: number;
  w0: number;
  w1: number;
  kind: TokenKind;
  /** for numbers: the value (see Money) */
  units: number;
  scale: number;
  decimals: number;
  malformed: boolean;
  big: Decimal | undefined;
  /** for numbers: ASCII digits only, no separator (a code or a code's part can be one) */
  plainDigits: number;
}

/** Holds the number readNumberAt read, until the token is made (a token is made only when it is kept). */
class TokenSink implements NumberSink {
  units = 0;
  scale = 0;
  decimals = 0;
  malformed = false;
  big: Decimal | undefined = undefined;
  clear(): void {
    this.setNumber(0, 0, 0, false, undefined);
  }
  setNumber(units: number, scale: number, decimals: number, malformed: boolean, big: Decimal | undefined): void {
    this.units = units;
    this.scale = scale;
    this.decimals = decimals;
    this.malformed = malformed;
    this.big = big;
  }
}
const sink = new TokenSink();

function isSplitSpace(c: number): boolean {
  // one comparison settles most characters (letters, digits, CJK) before the list
  return c <= 32 ? c === 32 || c === 9 || c === 12 || c === 13 : c === 0x3000 || c === 0xa0;
}

/**
 * The tokens of one line. Text tokens separated by a single space are one
 * token (a phrase: `1. 一般公共预算`, `因 公 出 国`); numbers always stand alone.
 */
export function lineTokens(text: string, lines: LineTable, line: number): Token[] {
  const start = lines.start(line);
  const end = lines.end(line);
  const out: Token[] = [];
  let x = 0; // width model 1
  let w = 0; // width model 2
  let i = start;
  // a form feed at the start of a page's first line is not a place on the page
  while (i < end && text.charCodeAt(i) === 12) i++;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === 32) {
      // a run of ASCII spaces (most of a space-aligned line) in a loop of its own
      const from = i;
      do i++;
      while (i < end && text.charCodeAt(i) === 32);
      x += i - from;
      w += i - from;
      continue;
    }
    if (isSplitSpace(c)) {
      x++;
      w += c === 0x3000 ? 2 : 1;
      i++;
      continue;
    }
    const from = i;
    const x0 = x;
    const w0 = w;
    // x counts characters; w counts them again with wide ones twice (added below)
    let wide = 0;
    do {
      if (c >= 0x1100 && isWide(c)) wide++;
      i++;
    } while (i < end && !isSplitSpace((c = text.charCodeAt(i))));
    // `- 1.00`: a sign, one space and a figure are one negative number
    if (i - from === 1 && isSignedFigureAt(text, from, end)) {
      i++;
      while (i < end && !isSplitSpace((c = text.charCodeAt(i)))) {
        if (c >= 0x1100 && isWide(c)) wide++;
        i++;
      }
    }
    x += i - from;
    w += i - from + wide;
    // a placeholder (… in a template's rows, 。。 in its blanks) holds no value and no name
    if (isPlaceholder(text, from, i)) continue;
    sink.clear();
    let kind = TokenKind.Text;
    // the reader counts the plain digits as it reads (no second pass over them)
    let plainDigits = readNumberAt(text, from, i, sink);
    if (plainDigits !== NOT_A_NUMBER) kind = TokenKind.Number;
    else {
      plainDigits = 0;
      if (i - from <= 2 && isEmptyAmountAt(text, from, i) && i > from) kind = TokenKind.Dash;
    }
    // join text tokens one space apart into phrases (out[-1] would be a slow named-property look-up)
    const prev = out.length > 0 ? out[out.length - 1] : undefined;
    if (
      prev !== undefined &&
      prev.kind === TokenKind.Text &&
      kind === TokenKind.Text &&
      from - prev.end === 1 &&
      text.charCodeAt(prev.end) === 32
    ) {
      prev.end = i;
      prev.x1 = x;
      prev.w1 = w;
    } else {
      out.push({
        line, start: from, end: i, x0, x1: x, w0, w1: w,
        kind, units: sink.units, scale: sink.scale, decimals: sink.decimals, malformed: sink.malformed, big: sink.big, plainDigits,
      });
    }
  }
  return out;
}

/**
 * The tokens of a table's lines, by line number: slots in an array from the
 * lowest line set (a table's lines lie near each other), not a hash map (its
 * look-ups showed in the profile of tables of one cell per line).
 */
export class LineTokens {
  private base = 0;
  private slots: Array<Token[] | undefined> = [];

  get(line: number): Token[] | undefined {
    const i = line - this.base;
    return i >= 0 && i < this.slots.length ? this.slots[i] : undefined;
  }

  has(line: number): boolean {
    return this.get(line) !== undefined;
  }

  set(line: number, tokens: Token[]): void {
    if (this.slots.length === 0) this.base = line;
    else if (line < this.base) {
      // a line above the first: move the slots down (rare: lines come in order)
      const moved = new Array<Token[] | undefined>(this.base - line).fill(undefined);
      for (const t of this.slots) moved.push(t);
      this.slots = moved;
      this.base = line;
    }
    const i = line - this.base;
    while (this.slots.length <= i) this.slots.push(undefined);
    this.slots[i] = tokens;
  }
}

/**
 * lineTokens through a table's cache: the tests that choose how to read a
 * table and the reader then share one tokenising of each line (tokens are
 * never changed after lineTokens).
 */
export function cachedLineTokens(text: string, lines: LineTable, line: number, cache: LineTokens | undefined): Token[] {
  if (cache === undefined) return lineTokens(text, lines, line);
  let tokens = cache.get(line);
  if (tokens === undefined) {
    tokens = lineTokens(text, lines, line);
    cache.set(line, tokens);
  }
  return tokens;
}

function isPlaceholder(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x2026 && c !== 0x3002 && c !== 0x22ef && c !== 0xb7) return false;
  }
  return true;
}

/**
 * Array.prototype.sort (stable) with a consistent comparator, skipped when the items are in order
 * already: what a table's columns, stacks and rows mostly are, where a library sort's set-up costs most.
 * A few items out of order (a page's columns or stacks) are sorted by insertion, stable as well.
 */
export function sortUnlessSorted<T>(items: T[], compare: (a: T, b: T) => number): void {
  for (let i = 1; i < items.length; i++) {
    if (compare(items[i - 1], items[i]) > 0) {
      if (items.length <= 16) insertionSort(items, compare, i);
      else items.sort(compare);
      return;
    }
  }
}

/** Stable insertion sort of items whose first `sorted` are in order already. */
function insertionSort<T>(items: T[], compare: (a: T, b: T) => number, sorted: number): void {
  for (let i = sorted; i < items.length; i++) {
    const v = items[i];
    let j = i - 1;
    // only a strictly greater item moves past: equal ones keep their order
    for (; j >= 0 && compare(items[j], v) > 0; j--) items[j + 1] = items[j];
    items[j + 1] = v;
  }
}

/** The token's start and end column under a width model. */
export function tx0(t: Token, m: WidthModel): number {
  return m === 1 ? t.x0 : t.w0;
}
export function tx1(t: Token, m: WidthModel): number {
  return m === 1 ? t.x1 : t.w1;
}

/**
 * Which width model lines the figures up better: the one under which more
 * numbers share their right edge with another number of the table; null when
 * the figures cannot tell (a table of one row).
 */
export function widthModelOfFigures(tokens: Token[][]): WidthModel | null {
  // the numbers that share their right edge with an earlier one are all numbers less the distinct
  // edges: the model with fewer distinct edges lines up more of them
  edges1.clear();
  edges2.clear();
  let numbers = 0;
  for (const line of tokens) {
    for (const t of line) {
      if (t.kind !== TokenKind.Number) continue;
      numbers++;
      edges1.add(t.x1);
      edges2.add(t.w1);
    }
  }
  if (numbers === 0) return null;
  const distinct1 = edges1.size;
  const distinct2 = edges2.size;
  return distinct1 === distinct2 ? null : distinct2 < distinct1 ? 2 : 1;
}

/**
 * A set of page columns (small whole numbers), emptied in constant time: a stamp per column, the
 * columns holding the current stamp are in the set. What widthModelOfFigures counts distinct right
 * edges with, once per table, without an array allocated and filled for each.
 */
export class ColumnSet {
  private stamps = new Int32Array(256);
  private stamp = 1;
  /** the number of columns added since clear */
  size = 0;

  clear(): void {
    this.size = 0;
    // a hostile line's far columns grew the stamps: not kept for the tables after it
    if (this.stamps.length > MAX_KEPT_COLUMNS) this.stamps = new Int32Array(256);
    else if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  add(x: number): void {
    if (x >= this.stamps.length) this.grow(x);
    if (this.stamps[x] === this.stamp) return;
    this.stamps[x] = this.stamp;
    this.size++;
  }

  private grow(x: number): void {
    let n = this.stamps.length * 2;
    while (n <= x) n *= 2;
    const grown = new Int32Array(n);
    grown.set(this.stamps);
    this.stamps = grown;
  }
}
/** The widest page kept by a ColumnSet between tables (a page of budget tables is a few hundred columns). */
const MAX_KEPT_COLUMNS = 1 << 14;
const edges1 = new ColumnSet();
const edges2 = new ColumnSet();

/**
 * The width model of a table: by its figures; when they cannot tell, the one
 * the document's other tables were laid out with (a converter measures every
 * page alike), else one column per character.
 */
export function chooseWidthModel(tokens: Token[][], documentModel: WidthModel | null = null): WidthModel {
  return widthModelOfFigures(tokens) ?? documentModel ?? 1;
}

/** Does the line have a gap of two or more spaces between two tokens (columns kept apart by position)? */
export function hasWideGap(text: string, start: number, end: number): boolean {
  let first = start;
  while (first < end && isSplitSpace(text.charCodeAt(first))) first++;
  let run = 0;
  for (let i = first; i < end; i++) {
    const c = text.charCodeAt(i);
    // ASCII spaces only: ideographic spaces indent names, they do not part columns
    if (c === 32) {
      run++;
      if (run >= 2) {
        // a gap, not trailing space
        for (let j = i + 1; j < end; j++) if (!isSplitSpace(text.charCodeAt(j))) return true;
        return false;
      }
    } else run = 0;
  }
  return false;
}

/** A column of figures: where it sits and the tokens in it. */
export interface Column {
  x0: number;
  x1: number;
  /** right edge most of its figures share */
  right: number;
  tokens: Token[];
}

/**
 * Figures ordered by right edge, then left edge, ties in their order: what a stable sort with that
 * comparator gives, by two counting passes (edges are small whole numbers, columns of a page).
 * `count` has a slot per column from `lo`, the leftmost left edge, to one past the rightmost right edge.
 */
function byPlace(figures: Token[], m: WidthModel, lo: number, count: number[]): Token[] {
  const n = figures.length;
  // left edges are below right edges: one count array serves both passes
  const size = count.length;
  const pass = (from: Token[], edge: (t: Token, m: WidthModel) => number): Token[] => {
    count.fill(0);
    for (let i = 0; i < n; i++) count[edge(from[i], m) - lo + 1]++;
    for (let x = 1; x < size; x++) count[x] += count[x - 1];
    const out = new Array<Token>(n);
    for (let i = 0; i < n; i++) out[count[edge(from[i], m) - lo]++] = from[i];
    return out;
  };
  return pass(pass(figures, tx0), tx1);
}

/** A column while clustering: its lines are bits `slot * words …` of the clustering's one bitset. */
type Clustered = Column & { slot: number };

/**
 * Group the figures of some lines into columns: figures whose right edges
 * are within `slack` of each other, or that overlap, are one column, unless
 * two of them sit on the same line. Returns the columns left to right.
 */
export function clusterColumns(figures: Token[], m: WidthModel, slack = 2): Column[] {
  // lines as bits of one bitset, a row of words per column, grown as columns open (a column holds one
  // figure per line; a Set per column cost more than the clustering)
  let first = Number.POSITIVE_INFINITY;
  let lastLine = Number.NEGATIVE_INFINITY;
  // the span of the figures' edges: what the counts below cover (a page's amount columns, not its names)
  let lo = Number.POSITIVE_INFINITY;
  let widest = 0;
  for (const t of figures) {
    if (t.line < first) first = t.line;
    if (t.line > lastLine) lastLine = t.line;
    if (tx0(t, m) < lo) lo = tx0(t, m);
    if (tx1(t, m) > widest) widest = tx1(t, m);
  }
  const words = figures.length === 0 ? 0 : ((lastLine - first) >> 5) + 1;
  const bits: number[] = [];
  const holdsLine = (c: Clustered, line: number): boolean => {
    const i = line - first;
    return ((bits[c.slot * words + (i >> 5)] >>> (i & 31)) & 1) === 1;
  };
  const addLine = (c: Clustered, line: number): void => {
    const i = line - first;
    bits[c.slot * words + (i >> 5)] |= 1 << (i & 31);
  };
  // counts by edge: for the sort by place, then for each column's most shared right edge (a plain
  // array: a typed one's allocation showed in the profile)
  const counts = figures.length === 0 ? [] : new Array<number>(widest - lo + 2).fill(0);
  const sorted = byPlace(figures, m, lo, counts);
  const columns: Clustered[] = [];
  // a column holds as many lines as figures: the one with fewer figures is the one to walk
  const shareLine = (a: Clustered, b: Clustered) => {
    const small = a.tokens.length <= b.tokens.length ? a : b;
    const large = small === a ? b : a;
    for (const t of small.tokens) if (holdsLine(large, t.line)) return true;
    return false;
  };
  const absorb = (into: Clustered, from: Clustered) => {
    for (const t of from.tokens) {
      into.tokens.push(t);
      addLine(into, t.line);
    }
    if (from.x0 < into.x0) into.x0 = from.x0;
    if (from.x1 > into.x1) into.x1 = from.x1;
  };
  for (const t of sorted) {
    const x0 = tx0(t, m);
    const x1 = tx1(t, m);
    // the nearest column to the left that it can join
    let joined = false;
    for (let k = columns.length - 1; k >= 0 && k >= columns.length - 3; k--) {
      const c = columns[k];
      const near = x1 - c.right <= slack || (x0 < c.x1 && x1 > c.x0);
      if (!near) continue;
      if (holdsLine(c, t.line)) continue;
      c.tokens.push(t);
      addLine(c, t.line);
      if (x0 < c.x0) c.x0 = x0;
      if (x1 > c.x1) c.x1 = x1;
      joined = true;
      break;
    }
    if (!joined) {
      const c: Clustered = { x0, x1, right: x1, tokens: [t], slot: columns.length };
      for (let k = 0; k < words; k++) bits.push(0);
      addLine(c, t.line);
      columns.push(c);
    }
  }
  // the right edge most figures share (the first to reach the highest count); one count array for all columns
  counts.fill(0);
  for (const c of columns) {
    let best = c.right;
    let bestN = 0;
    for (const t of c.tokens) {
      const r = tx1(t, m);
      const n = ++counts[r - lo];
      if (n > bestN) {
        best = r;
        bestN = n;
      }
    }
    for (const t of c.tokens) counts[tx1(t, m) - lo] = 0;
    c.right = best;
  }
  // columns that overlap with no line in common are one column (centred figures of different lengths)
  sortUnlessSorted(columns, (a, b) => a.x0 - b.x0);
  const out: Clustered[] = [];
  for (const c of columns) {
    // out[-1] would be a slow named-property look-up
    const prev = out.length > 0 ? out[out.length - 1] : undefined;
    if (prev && c.x0 < prev.x1 && !shareLine(c, prev)) {
      const right = c.tokens.length > prev.tokens.length ? c.right : prev.right;
      absorb(prev, c);
      prev.right = right;
    } else out.push(c);
  }
  // a stray figure or two a few columns off a column (a row pushed right by a wider figure before it,
  // an edited cell): part of the nearest column they share no line with
  for (let k = 0; k < out.length; k++) {
    const c = out[k];
    if (c.tokens.length > 2 || out.length < 2) continue;
    let best = -1;
    let bestGap = 6;
    for (let j = k - 1; j <= k + 1; j += 2) {
      const o = j >= 0 ? out[j] : undefined;
      if (!o || o.tokens.length < c.tokens.length * 2) continue;
      const gap = Math.abs(c.right - o.right);
      if (gap < bestGap && !shareLine(c, o)) {
        best = j;
        bestGap = gap;
      }
    }
    if (best < 0) continue;
    absorb(out[best], c);
    out.splice(k, 1);
    k = -1;
  }
  // the clustering's columns as they are (their slot is no more use, and no harm: not copied without it)
  return out;
}

/** A header column: the header text above one column, read top to bottom, and where it sits. */
export interface HeaderStack {
  x0: number;
  x1: number;
  /** the pieces, top to bottom */
  parts: string[];
  /** labelKey of the joined parts */
  key: string;
  /** group labels found above it (several stacks under one label) */
  groups: string[];
}

/**
 * Header stacks from the header lines of a table: read bottom-up, a phrase
 * overlapping exactly one stack continues it upwards (a wrapped label:
 * 本年收入合 / 计), a phrase over several stacks is their group label, a
 * phrase over none starts a stack of its own.
 */
export function headerStacks(text: string, headerTokens: Token[][], m: WidthModel): HeaderStack[] {
  const stacks: HeaderStack[] = [];
  for (let li = headerTokens.length - 1; li >= 0; li--) {
    for (const t of headerTokens[li]) {
      if (t.kind === TokenKind.Number) continue;
      const x0 = tx0(t, m);
      const x1 = tx1(t, m);
      const piece = text.slice(t.start, t.end);
      // the stacks it overlaps: counted first, gathered only when there are several
      let over = 0;
      let one: HeaderStack | undefined;
      for (const s of stacks) {
        if (x0 < s.x1 && x1 > s.x0) {
          over++;
          one ??= s;
        }
      }
      // pieces and group labels are gathered bottom-up, each pushed (cheaper than unshift), and
      // turned top to bottom once at the end
      if (over === 1) {
        // the upper part of a wrapped label (本年收入合 / 计), or a group label over this one column:
        // its text joins the stack; its place stays the lowest piece's, which sits nearest the figures
        one!.parts.push(piece);
      } else if (over > 1) {
        for (const s of stacks) if (x0 < s.x1 && x1 > s.x0) s.groups.push(piece);
      } else stacks.push({ x0, x1, parts: [piece], key: '', groups: [] });
    }
  }
  for (const s of stacks) {
    s.parts.reverse();
    s.groups.reverse();
    s.key = labelKey(s.parts.length === 1 ? s.parts[0] : s.parts.join(''));
  }
  sortUnlessSorted(stacks, (a, b) => a.x0 - b.x0);
  return stacks;
}

/** Header stacks that name the code and name columns (项目, 科目编码, 科目名称, 类/款/项 …), not amounts. */
const LEAD_HEADER_NAMES = new Set([
  '项目', '栏次', '行次', '序号', '单位名称', '项目名称', '科目名称', '功能分类科目名称', '经济分类科目名称', '部门经济分类科目名称',
  '编码', '类', '款', '项', '类款项', '功能分类', '经济分类', '部门预算经济分类科目', '支出功能分类', '科目',
]);
/** …and the lead names by pattern, each holding 科目 (…科目编码, …分类科目, …科目编码…名称). */
const LEAD_HEADER_PATTERN_RE = /^(.*科目编码|.*分类科目|.*科目编码.*名称)$/;

export function isLeadHeader(key: string): boolean {
  // the set first, and the pattern (which backtracks over the key) only for a key holding 科目
  return LEAD_HEADER_NAMES.has(key) || (key.includes('科目') && LEAD_HEADER_PATTERN_RE.test(key));
}

/** The side titles of a summary table (收入 | 支出, 财政拨款收入 | 财政拨款支出) above its item and amount columns. */
export function isSideHeader(key: string): boolean {
  return /^(本年)?(收入|支出)$|^财政拨款(收入|支出)$/.test(key);
}

/**
 * Match columns (left to right) to header leaves (left to right), keeping
 * their order: the assignment with the least distance between column and
 * leaf centres. Returns leaf index per column, or null when there are more
 * columns than leaves. `cost` may add a penalty per (column, leaf).
 */
export function alignColumns(
  columns: Array<{ x0: number; x1: number; right?: number }>,
  leaves: Array<{ x0: number; x1: number }>,
  extra?: (column: number, leaf: number) => number,
): { assignment: number[]; cost: number } | null {
  const n = columns.length;
  const k = leaves.length;
  if (n > k) return null;
  if (n === 0) return { assignment: [], cost: 0 };
  // best[i * w + j]: columns [0, i) placed, column i-1 at leaf j-1 or before (flat tables: one allocation each)
  const w = k + 1;
  const best = new Array<number>((n + 1) * w).fill(Number.POSITIVE_INFINITY);
  const from = new Array<number>((n + 1) * w).fill(-1);
  for (let j = 0; j <= k; j++) best[j] = 0;
  const dist = (i: number, j: number) => {
    const c = columns[i];
    const l = leaves[j];
    // overlapping spans cost little; otherwise the gap between them
    const gap = Math.max(0, Math.max(c.x0, l.x0) - Math.min(c.x1, l.x1));
    const centre = Math.abs((c.x0 + c.x1) / 2 - (l.x0 + l.x1) / 2);
    // a near tie goes to the header whose end is nearest the figures' end (figures are right-aligned)
    const ends = Math.abs((c.right ?? c.x1) - l.x1);
    return gap * 2 + centre * 0.5 + ends * 0.05 + (extra ? extra(i, j) : 0);
  };
  for (let i = 1; i <= n; i++) {
    for (let j = i; j <= k; j++) {
      // column i-1 at leaf j-1 (after columns [0, i-1) at leaves before j-1), or at an earlier leaf
      const here = best[(i - 1) * w + j - 1] + dist(i - 1, j - 1);
      const earlier = best[i * w + j - 1];
      if (here <= earlier) {
        best[i * w + j] = here;
        from[i * w + j] = j - 1;
      } else {
        best[i * w + j] = earlier;
        from[i * w + j] = from[i * w + j - 1];
      }
    }
  }
  const assignment = new Array<number>(n);
  let j = k;
  for (let i = n; i >= 1; i--) {
    const leaf = from[i * w + j];
    assignment[i - 1] = leaf;
    j = leaf;
  }
  return { assignment, cost: best[n * w + k] };
}

const leafKeyCache = new WeakMap<ColumnVariant, string[]>();
/**
 * Each leaf column's label path as one key (group labels then the leaf's, through labelKey), by
 * leaf index; computed once per variant.
 */
export function leafKeys(v: ColumnVariant): string[] {
  let out = leafKeyCache.get(v);
  if (out) return out;
  const keys: string[] = [];
  const walk = (ns: ColumnNode[], path: string) => {
    for (const n of ns) {
      const p = path + labelKey(n.label);
      if (n.leaf !== undefined) keys[n.leaf] = p;
      else walk(n.children, p);
    }
  };
  walk(buildColumns(v.columns).nodes, '');
  out = keys;
  leafKeyCache.set(v, out);
  return out;
}
