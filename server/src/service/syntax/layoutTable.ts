/**
 * Tables in space-aligned text, read by position: the columns of a table
 * come from the alignment of its figures and its header (layout.ts), so a
 * blank cell stays blank and a figure never slides into its neighbour's
 * column. Codes split over 类/款/项 columns are joined (with or without the
 * 类 repeated on each row); names wrapped onto other lines are joined to
 * their row; figures a converter put on a line of their own go to the row
 * whose cells they fill; two code/name/amount groups side by side are read
 * as two column groups; page breaks and repeated headers do not break a
 * table. A row's level comes from its code or numbering, never from its
 * indentation. What cannot be read is said (`unread`), never guessed.
 */
import { SourceCode } from '../model/types';
import type { CodeScheme, ColumnNode, ColumnRelation, LineTable, ParseProblem, RowKind, Side, Table } from '../model/types';
import { SourceRow, type CellStore } from '../model/store';
import { buildColumns, columnRelations, type ColumnVariant, type TableKindDef } from '../model/registry';
import {
  cachedLineTokens,
  lineTokens,
  widthModelOfFigures,
  clusterColumns,
  headerStacks,
  isLeadHeader,
  isSideHeader,
  alignColumns,
  tx0,
  leafKeys,
  sortUnlessSorted,
  TokenKind,
  type Token,
  LineTokens,
  type WidthModel,
  type HeaderStack,
  type Column,
} from './layout';
import { labelKey, ORDINAL_CN_RE, ORDINAL_ARABIC_RE } from './text';
import { isRegExpSpace } from './lines';
import { pushAll, maxOf, minOf } from '../arrays';

export interface LayoutSource {
  text: string;
  lines: LineTable;
  title: string;
  /** header lines of the first page */
  header: number[];
  /** data lines, in order (repeated titles, units and headers removed) */
  data: number[];
  /** lines left out as repeated page furniture (a page's title, unit line, header) */
  repeated: number[];
  store: CellStore;
  /** what the document's earlier tables showed of its layout (shared by its tables) */
  hints?: LayoutHints;
  /** the table's lines' tokens, shared with the tests that chose this reader */
  tokens?: LineTokens;
}

/** What one table's layout tells about the others of its document. */
export interface LayoutHints {
  /** the width model the figures of an earlier table decided */
  widthModel: WidthModel | null;
}

export interface LayoutTable {
  rows: SourceRow[];
  header: Table['header'];
  problems: ParseProblem[];
  /** why the table's checks cannot run on what was read, or null */
  unread: string | null;
}

const TOTAL_RE = /^(合计|总计|总合计|金额合计|本年收入合计|本年支出合计|收入总计|支出总计|人员经费合计|公用经费合计|收入合计|支出合计)$/;
/** Lines of header furniture among the data: 类 款 项, 栏次 … */
const HEADER_REMNANT_RE = /^(类|款|项|类款项|栏次|行次|科目编码|功能分类科目编码|经济分类科目编码|科目名称|合计|项目)$/;

// ——— lines ———

interface LineRead {
  line: number;
  tokens: Token[];
  /** the row's code, when the line starts with one */
  code: CodeRead | null;
  /** text tokens left of the figures (the name, a label) */
  label: Token[];
  /** figures (numbers and dashes) in the amount zone */
  figures: Token[];
  /** the leaf of each figure once the columns are placed (placeFigures), -1 for none */
  leaves: number[];
  /** a blank line came right before this one */
  blankBefore: boolean;
  /** a page break (form feed, repeated header) came right before this one */
  pageBreak: boolean;
  /** labelOf this line alone and its labelKey, once asked (assembling rows asks, emitting them asks again) */
  own: LabelText | undefined;
  ownKey: string | undefined;
}

/** A row's label: its pieces joined, and where they lie in the text (-1, -1 for none). */
interface LabelText {
  label: string;
  start: number;
  end: number;
}

interface CodeRead {
  code: string;
  start: number;
  end: number;
  style: 'bare' | 'bracketed' | 'split';
  /** the printed parts when a split code had to be repaired (`7 11 02`, `301 2`) */
  repaired: string | null;
  /** parts printed (split codes): 类, 款, 项 present */
  parts: [boolean, boolean, boolean];
  /** the line's tokens the code took; 0 for a code glued to its name (the rest of the token is the name) */
  used: number;
}

function isBlankLine(text: string, lines: LineTable, line: number): boolean {
  for (let i = lines.start(line), end = lines.end(line); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 12 && c !== 0x3000 && c !== 13) return false;
  }
  return true;
}

function startsWithFormFeed(text: string, lines: LineTable, line: number): boolean {
  return text.charCodeAt(lines.start(line)) === 12;
}

function tokenText(text: string, t: Token): string {
  return text.slice(t.start, t.end);
}

function isFigure(t: Token): boolean {
  return t.kind === TokenKind.Number || t.kind === TokenKind.Dash;
}

/** The code a token is or begins with: bare (3, 5 or 7 digits), bracketed ([301]) or glued to its name (30207邮电费). */
function codeAt(text: string, t: Token): CodeRead | null {
  const end = codeEnd(text, t);
  if (end < 0) return null;
  // a code glued to its name took no whole token: the rest of the token is the name
  const used = end === t.end ? 1 : 0;
  const c = text.charCodeAt(t.start);
  if (t.kind !== TokenKind.Number && (c === 91 || c === 0x3010)) {
    return { code: text.slice(t.start + 1, end - 1), start: t.start, end, style: 'bracketed', repaired: null, parts: [true, false, false], used };
  }
  return { code: text.slice(t.start, end), start: t.start, end, style: 'bare', repaired: null, parts: [true, false, false], used };
}

/**
 * Where the code a token begins with ends (codeAt's `end`), -1 for none: codeAt without its object
 * and its slice, for the tests that only ask whether a token is a code (every token of a code table).
 */
function codeEnd(text: string, t: Token): number {
  if (t.kind === TokenKind.Number) {
    const n = t.plainDigits;
    return n === 3 || n === 5 || n === 7 ? t.end : -1;
  }
  let i = t.start;
  const bracket = text.charCodeAt(i) === 91 || text.charCodeAt(i) === 0x3010;
  if (bracket) i++;
  const d = i;
  while (i < t.end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const n = i - d;
  if (n !== 3 && n !== 5 && n !== 7) return -1;
  if (bracket) {
    const c = text.charCodeAt(i);
    return c === 93 || c === 0x3011 ? i + 1 : -1;
  }
  // glued to a name: the next character must begin a name (not a digit, a point or a comma)
  const c = text.charCodeAt(i);
  if (c === 46 || c === 44 || c === 0xff0e || c === 0xff0c || c === 37 || c === 0x5e74 /* 年 */) return -1;
  return i;
}

/** x positions of the 类, 款 (and 项) columns of split codes (from the rows that print them, or the header). */
interface CodeColumns {
  x: number[];
}

function splitCodeColumns(text: string, header: Token[][], data: Token[][], m: WidthModel): CodeColumns | null {
  const isPart = (t: Token | undefined, min: number, max: number) =>
    t !== undefined && t.kind === TokenKind.Number && t.plainDigits >= min && t.plainDigits <= max;
  const isName = (t: Token | undefined) => t === undefined || t.kind === TokenKind.Text;
  // rows printing 类, 款 (and 项) in cells of their own
  const xs: number[][] = [[], [], []];
  const lone: number[] = []; // a 款 (or 项) beginning a line of its own, its 类 on the line above
  for (const line of data) {
    const [a, b, c, d] = line;
    if (isPart(a, 3, 3) && isPart(b, 1, 2)) {
      // 201 06 01 行政运行 …, or 301 01 基本工资 … (the name, or nothing, after the parts)
      const three = isPart(c, 2, 2) && isName(d);
      if (!three && !isName(c)) continue;
      xs[0].push(tx0(a, m));
      xs[1].push(tx0(b!, m));
      if (three) xs[2].push(tx0(c!, m));
    } else if (isPart(a, 3, 3) && isName(b)) xs[0].push(tx0(a, m));
    else if (isPart(a, 1, 2) && b !== undefined && b.kind === TokenKind.Text) lone.push(tx0(a, m));
  }
  if (xs[1].length >= 2) return { x: xs[2].length > 0 ? [median(xs[0]), median(xs[1]), median(xs[2])] : [median(xs[0]), median(xs[1])] };
  // the header's 类 款 项 (on one line, or on lines of their own)
  const find = (s: string) => {
    for (const line of header) for (const t of line) if (tokenText(text, t) === s) return t;
    return undefined;
  };
  const lei = find('类');
  const kuan = find('款');
  const xiang = find('项');
  if (lei && kuan && tx0(lei, m) < tx0(kuan, m)) {
    if (xiang && tx0(kuan, m) < tx0(xiang, m)) return { x: [tx0(lei, m), tx0(kuan, m), tx0(xiang, m)] };
    return { x: [tx0(lei, m), tx0(kuan, m)] };
  }
  // no header: parts beginning lines of their own, each under its 类 (302 / 01 办公费), at one or two places (款, 项)
  if (xs[0].length >= 2 && lone.length >= 2 && median(lone) > median(xs[0])) {
    const sorted = lone.slice().sort((a, b) => a - b);
    const lo = sorted[0];
    const hi = sorted[sorted.length - 1];
    if (hi - lo >= 4) {
      const near = sorted.filter((x) => x - lo < (hi - lo) / 2);
      const far = sorted.filter((x) => x - lo >= (hi - lo) / 2);
      return { x: [median(xs[0]), median(near), median(far)] };
    }
    return { x: [median(xs[0]), median(lone)] };
  }
  return null;
}

function median(a: number[]): number {
  const s = a.slice();
  if (s.length > 32) s.sort((x, y) => x - y);
  else {
    // insertion sort: a page's few positions, mostly equal, where a library sort's set-up costs the most
    for (let i = 1; i < s.length; i++) {
      const v = s[i];
      let j = i - 1;
      for (; j >= 0 && s[j] > v; j--) s[j + 1] = s[j];
      s[j + 1] = v;
    }
  }
  return s[s.length >> 1];
}

/** Is a slot after `slot` already taken? */
function laterSlotTaken(parts: Array<Token | null>, slot: number): boolean {
  for (let k = slot + 1; k < parts.length; k++) if (parts[k] !== null) return true;
  return false;
}

/** A split code's part as printed, '' for a part not printed. */
function partText(text: string, t: Token | null): string {
  return t ? tokenText(text, t) : '';
}

/** A split code as printed (its parts one space apart), for a code that had to be repaired. */
function printedParts(text: string, parts: Array<Token | null>): string {
  return parts.filter((p): p is Token => p !== null).map((p) => tokenText(text, p)).join(' ');
}

/**
 * The code a line starts with: a bare or bracketed code as its first token,
 * or split parts in the 类/款/项 columns. Parts of a split code that are not
 * printed (类 not repeated) come from the rows above; a part that is not a
 * code's part (`7` in the 类 column) is repaired from them and said.
 */
function readCode(
  text: string,
  tokens: Token[],
  m: WidthModel,
  split: CodeColumns | null,
  margin: number,
  context: CodeContext,
): CodeRead | null {
  const first = tokens[0];
  if (!first) return null;
  if (split) {
    // tokens in the code columns: digits within a few columns of 类, 款, 项
    const parts: Array<Token | null> = [null, null, null];
    const slots = split.x.length;
    let used = 0;
    for (let k = 0; k < tokens.length && used < slots; k++) {
      const t = tokens[k];
      if (t.kind !== TokenKind.Number || t.plainDigits === 0 || t.plainDigits > 3) break;
      const x = tx0(t, m);
      let slot = -1;
      let best = 3;
      for (let s = 0; s < slots; s++) {
        const d = Math.abs(x - split.x[s]);
        if (d < best) {
          best = d;
          slot = s;
        }
      }
      if (slot < 0 || parts[slot] !== null || (slot > 0 && laterSlotTaken(parts, slot))) break;
      parts[slot] = t;
      used = k + 1;
    }
    if (used > 0) {
      const [a, b, c] = parts;
      let lei = partText(text, a);
      let kuan = partText(text, b);
      const xiang = partText(text, c);
      let repaired: string | null = null;
      if (kuan.length === 1) {
        kuan = '0' + kuan;
        repaired = printedParts(text, parts);
      }
      if (lei.length > 0 && lei.length !== 3) {
        // a damaged 类 cell: only when the 款 below says which class it is
        if (!context.code || (!kuan && !xiang)) return null;
        lei = leiOf(context.code);
        repaired = printedParts(text, parts);
      }
      if (!lei) lei = leiOf(context.code);
      if (!lei) return null;
      if (xiang && !kuan) kuan = kuanOf(context.code);
      if (xiang && !kuan) return null;
      const code = lei + kuan + xiang;
      const firstPart = (a ?? b ?? c)!;
      const lastPart = (c ?? b ?? a)!;
      return { code, start: firstPart.start, end: lastPart.end, style: 'split', repaired, parts: [!!a, !!b, !!c], used };
    }
  }
  // a whole code as the first token, at the left margin
  if (tx0(first, m) > margin + 4) return null;
  return codeAt(text, first);
}

/** The code of the last line that had one: the 类 and 款 of split codes that do not print them. */
interface CodeContext {
  code: string;
}

/** A code's 类 (its first three digits). */
function leiOf(code: string): string {
  return code.slice(0, 3);
}

/** A code's 款 (its fourth and fifth digits), '' for a code of a 类 alone. */
function kuanOf(code: string): string {
  return code.length >= 5 ? code.slice(3, 5) : '';
}

// ——— columns ———

interface LeafPlace {
  x0: number;
  x1: number;
  key: string;
}

interface Segment {
  lines: LineRead[];
  /** header lines of this segment's page (the first page's, or a repeated header) */
  header: Token[][];
}

/** Variant leaves as their labels' keys, left to right. */

/** How well a header stack's text names a leaf (0: not at all). */
export function nameScore(stack: string, leaf: string, floor = 0): number {
  if (!stack || !leaf) return 0;
  // only the longer name can end or hold the other (of equal lengths, either one)
  const leafLonger = leaf.length >= stack.length;
  if (leafLonger ? leaf.endsWith(stack) : stack.endsWith(leaf)) return 3;
  // `floor`: the caller only asks whether the score beats it (2 never beats 2 or more, 1 never beats 1)
  if (floor >= 2) return 0;
  if (leafLonger ? leaf.includes(stack) : stack.includes(leaf)) return 2;
  if (floor >= 1) return 0;
  // wrapped or abbreviated: most characters in order
  let k = 0;
  for (let i = 0; i < stack.length; i++) {
    const c = stack.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return inOrderByCodePoint(stack, leaf);
    for (let j = k; j < leaf.length; j++) {
      if (leaf.charCodeAt(j) === c) {
        k = j + 1;
        break;
      }
    }
  }
  return k >= Math.min(stack.length, leaf.length) * 0.6 ? 1 : 0;
}

/**
 * The best nameScore of a header stack over a variant's leaves. The tests on whole names (a name
 * ending a leaf's label, or inside it) run over every leaf before the in-order one, a character loop,
 * runs over any: most stacks end or lie inside some leaf's label, often not the first one.
 */
export function bestNameScore(stack: string, leaves: string[]): number {
  let named = 0;
  for (const leaf of leaves) {
    // with a floor of 1 or more, nameScore skips the in-order test (it never beats 1)
    named = Math.max(named, nameScore(stack, leaf, Math.max(named, 1)));
    if (named === 3) return 3;
  }
  if (named > 0) return named;
  for (const leaf of leaves) if (nameScore(stack, leaf) === 1) return 1;
  return 0;
}

/** nameScore's last test, by code points (a key with characters beyond the BMP). */
function inOrderByCodePoint(stack: string, leaf: string): number {
  let k = 0;
  for (const ch of stack) if (leaf.indexOf(ch, k) >= k) k = leaf.indexOf(ch, k) + 1;
  return k >= Math.min(stack.length, leaf.length) * 0.6 ? 1 : 0;
}

interface Reading {
  variant: ColumnVariant | null;
  leafCount: number;
  /** for each segment, the leaf of each of its columns */
  mapped: Array<{ columns: Column[]; leaves: number[] } | null>;
}

/**
 * The column variant of a table: as many leaves as the header has amount stacks, names that match;
 * else the fewest leaves that hold every column. Null when no variant holds the columns.
 */
export function chooseVariant(variants: ColumnVariant[], firstStacks: HeaderStack[] | null, maxColumns: number): ColumnVariant | null {
  const tier = (keys: string[]) => (firstStacks && firstStacks.length === keys.length ? 100 : keys.length === maxColumns ? 50 : 0);
  // the names add at most 3 a stack: a variant whose tier lies further below another's least score
  // cannot win, and its names (the most leaves, the costliest to match) are not scored
  const names = firstStacks ? 3 * firstStacks.length : 0;
  // the header's names, each with the number of stacks that bear it: a name repeated under every group
  // (预算数 | 决算数 …) is matched against a variant's leaves once
  // (in the order of their first stack; a header's dozen stacks are compared, not hashed into a map)
  const stackKeys: string[] = [];
  const stackCounts: number[] = [];
  if (firstStacks) {
    for (const s of firstStacks) {
      const at = stackKeys.indexOf(s.key);
      if (at >= 0) stackCounts[at]++;
      else {
        stackKeys.push(s.key);
        stackCounts.push(1);
      }
    }
  }
  let floor = Number.NEGATIVE_INFINITY;
  for (const v of variants) {
    const keys = leafKeys(v);
    if (keys.length >= maxColumns) floor = Math.max(floor, tier(keys) - keys.length * 0.01);
  }
  let variant: ColumnVariant | null = null;
  let best = -1;
  for (const v of variants) {
    const keys = leafKeys(v);
    if (keys.length < maxColumns) continue;
    let score = tier(keys);
    // below by a whole point: the smaller-one-of-equals term (under 1) cannot make up for it
    if (score + names + 1 <= floor) continue;
    let left = names;
    for (let s = 0; s < stackKeys.length; s++) {
      // the stacks left cannot lift it above the best so far: it is not chosen, whatever they score
      if (score + left - keys.length * 0.01 <= best) break;
      const stacks = stackCounts[s];
      score += bestNameScore(stackKeys[s], keys) * stacks;
      left -= 3 * stacks;
    }
    score -= keys.length * 0.01; // the smaller one of equals
    if (score > best) {
      best = score;
      variant = v;
    }
  }
  return variant;
}

/**
 * Choose the column variant and place every segment's columns under its
 * leaves: by the header's stacks where the page has a header, else by the
 * number of columns, else by which leaves the other pages fill.
 */
function readColumns(
  text: string,
  segments: Segment[],
  variants: ColumnVariant[],
  m: WidthModel,
  relations: (v: ColumnVariant) => Array<[number, number[]]>,
  twoSided = false,
): Reading {
  const segColumns = segments.map((s) => {
    const figures: Token[] = [];
    for (const l of s.lines) for (const f of l.figures) figures.push(f);
    return clusterColumns(figures, m);
  });
  const amountStack = (h: HeaderStack) => !isLeadHeader(h.key) && !(twoSided && isSideHeader(h.key));
  const segStacks = segments.map((s) => (s.header.length > 0 ? headerStacks(text, s.header, m).filter(amountStack) : null));
  const maxColumns = maxOf(segColumns.map((c) => c.length), 0);
  const firstStacks = segStacks.find((s) => s !== null && s.length > 0) ?? null;
  const variant = chooseVariant(variants, firstStacks, maxColumns);
  const leafCount = variant ? leafKeys(variant).length : maxColumns;
  const keys = variant ? leafKeys(variant) : [];
  const mapped: Reading['mapped'] = segments.map(() => null);
  // leaf positions from a header, per segment
  const placesOf = (stacks: HeaderStack[] | null): LeafPlace[] | null => {
    if (!stacks || stacks.length === 0) return null;
    if (stacks.length === leafCount) return stacks.map((s, i) => ({ x0: s.x0, x1: s.x1, key: keys[i] ?? s.key }));
    // the stacks that name a leaf, in order; the others are group labels or noise
    if (keys.length === 0) return null;
    // names that end a leaf's label first (预算数 under 公务接待费), then names inside one
    for (const min of [3, 2]) {
      const named: LeafPlace[] = [];
      let k = 0;
      for (const s of stacks) {
        for (let j = k; j < keys.length; j++) {
          if (nameScore(s.key, keys[j], min - 1) >= min) {
            named[j] = { x0: s.x0, x1: s.x1, key: keys[j] };
            k = j + 1;
            break;
          }
        }
      }
      if (named.filter(Boolean).length === leafCount) return named;
    }
    return null;
  };
  // a plain array: a typed one's allocation showed in the profile
  const usage = new Array<number>(leafCount).fill(0);
  let usageRows = 0;
  const relationsOf = variant ? relations(variant) : [];
  // pass 1: segments with a header or exactly as many columns as leaves
  for (let s = 0; s < segments.length; s++) {
    const cols = segColumns[s];
    if (cols.length === 0) {
      mapped[s] = { columns: cols, leaves: [] };
      continue;
    }
    const places = placesOf(segStacks[s]);
    let leaves: number[] | null = null;
    if (places) {
      const a = alignColumns(cols, places);
      if (a) leaves = breakTie(cols, places, a, relationsOf);
    } else if (cols.length === leafCount) leaves = cols.map((_, i) => i);
    if (leaves) {
      mapped[s] = { columns: cols, leaves };
      for (let c = 0; c < cols.length; c++) usage[leaves[c]] += cols[c].tokens.length;
      usageRows += segments[s].lines.length;
    }
  }
  // pass 2: the other segments, by the leaves the mapped ones fill
  for (let s = 0; s < segments.length; s++) {
    if (mapped[s] !== null || usageRows === 0) continue;
    const cols = segColumns[s];
    if (cols.length > leafCount) continue;
    const weight = (leaf: number) => usage[leaf] / usageRows;
    // places by order alone: span [i, i + 1) for leaf i and for column i (no more columns than leaves)
    const spans: Array<{ x0: number; x1: number }> = [];
    for (let i = 0; i < leafCount; i++) spans.push({ x0: i, x1: i + 1 });
    const a = alignColumns(
      spans.slice(0, cols.length),
      spans,
      (_c, leaf) => 100 * (1 - weight(leaf)),
    );
    if (a) mapped[s] = { columns: cols, leaves: a.assignment };
  }
  return { variant, leafCount, mapped };
}

/**
 * When the placement nearest the header makes most of the table's own column
 * sums fail, a placement that moves columns by at most one leaf and makes most
 * of them hold (a header centred over a wide column, figures right-aligned in
 * it, can sit nearer the next column's header). A placement under which the
 * sums mostly hold is never changed: a real inconsistency stays one.
 */
function breakTie(
  cols: Column[],
  places: LeafPlace[],
  best: { assignment: number[]; cost: number },
  relations: Array<[number, number[]]>,
): number[] {
  const n = cols.length;
  const k = places.length;
  if (n === 0 || relations.length === 0 || binomial(k, n) > 2000) return best.assignment;
  // as many columns as leaves: the best placement is the only one, no sum to weigh it against another
  if (n === k) return best.assignment;
  // the figures of each line, by column (lines from the first: a page's lines lie together)
  let firstLine = Number.POSITIVE_INFINITY;
  for (const c of cols) for (const t of c.tokens) if (t.line < firstLine) firstLine = t.line;
  const byLine: Array<Array<Token | undefined>> = [];
  const lineRows: Array<Array<Token | undefined>> = [];
  cols.forEach((c, ci) => {
    for (const t of c.tokens) {
      let row = byLine[t.line - firstLine];
      if (!row) lineRows.push((row = byLine[t.line - firstLine] = new Array<Token | undefined>(n)));
      row[ci] = t;
    }
  });
  const isZero = (t: Token | undefined) => !(t && t.kind === TokenKind.Number) || (t.big === undefined ? t.units === 0 : t.big.isZero());
  const decimals = (t: Token | undefined) => (t && t.kind === TokenKind.Number ? t.decimals : 0);
  // relations holding, over the lines that print a figure in them
  // one buffer of cells per relation (total first), reused from line to line
  const buffers = relations.map(([, parts]) => new Array<Token | undefined>(parts.length + 1));
  // `untilMost`: stop once most relations hold whatever the lines left give (the counts so far say so)
  const holds = (a: number[], untilMost = false): { ok: number; tried: number } => {
    // column by leaf (a placement puts each column at its own leaf, all below k)
    const colOf = new Array<number | undefined>(k);
    a.forEach((leaf, ci) => (colOf[leaf] = ci));
    let ok = 0;
    let tried = 0;
    for (let line = 0; line < lineRows.length; line++) {
      if (untilMost && ok * 2 >= tried + (lineRows.length - line) * relations.length) break;
      const row = lineRows[line];
      for (let r = 0; r < relations.length; r++) {
        const [total, parts] = relations[r];
        const cells = buffers[r];
        let zero = true;
        let places = 0;
        for (let j = 0; j < cells.length; j++) {
          const ci = colOf[j === 0 ? total : parts[j - 1]];
          const t = ci === undefined ? undefined : row[ci];
          cells[j] = t;
          if (!isZero(t)) zero = false;
          const d = decimals(t);
          if (d > places) places = d;
        }
        if (zero) continue;
        tried++;
        if (holdsWithinRounding(cells, places)) ok++;
      }
    }
    return { ok, tried };
  };
  let chosen = best.assignment;
  let chosenHolds = holds(chosen, true);
  if (chosenHolds.ok * 2 >= chosenHolds.tried) return chosen;
  const candidates: number[][] = [];
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === n) {
      candidates.push(chosen.slice());
      return;
    }
    for (let j = from; j <= k - (n - chosen.length); j++) {
      chosen.push(j);
      pick(j + 1, chosen);
      chosen.pop();
    }
  };
  pick(0, []);
  for (const a of candidates) {
    if (a.some((leaf, i) => Math.abs(leaf - best.assignment[i]) > 1)) continue;
    const h = holds(a);
    if (h.ok > chosenHolds.ok && h.ok * 2 > h.tried) {
      chosen = a;
      chosenHolds = h;
    }
  }
  return chosen;
}

function binomial(k: number, n: number): number {
  let r = 1;
  for (let i = 1; i <= n; i++) r = (r * (k - n + i)) / i;
  return r;
}

// ——— rows ———

/** A figure and the leaf it was placed under (-1 for none). */
interface PlacedFigure {
  token: Token;
  leaf: number;
}

/** A line's figures with their leaves, for a row that takes them as figures from a line of their own. */
function placedFigures(r: LineRead): PlacedFigure[] {
  return r.figures.map((token, k) => ({ token, leaf: r.leaves[k] }));
}

/** The leaves an anchor's figures fill: its own line's and those taken from lines of their own. */
function filledLeaves(a: Anchor): Set<number> {
  const out = new Set<number>(a.read.leaves);
  for (const f of a.extra) out.add(f.leaf);
  return out;
}

interface Anchor {
  read: LineRead;
  /** the label pieces: lines above, its own, lines below */
  above: LineRead[];
  below: LineRead[];
  /** figures from lines of their own, with their leaves (its own line's are read.figures at read.leaves) */
  extra: PlacedFigure[];
  side?: Side;
  group: number;
  /** its name is complete (read from the line below its code): name pieces further down are not its */
  complete?: boolean;
}

/**
 * The leaf of each figure of each line: the column of its segment holding it, found among its
 * line's few figures (a map keyed by token cost more: each fresh token gets a hash on first use).
 */
function placeFigures(reading: Reading, segments: Segment[]): void {
  segments.forEach((seg, s) => {
    let first = Number.POSITIVE_INFINITY;
    // each figure's leaf is -1 until a column places it (readLine made them so)
    for (const r of seg.lines) if (r.line < first) first = r.line;
    const mp = reading.mapped[s];
    if (!mp) return;
    // the segment's lines by line number, from its first
    const byLine: LineRead[] = [];
    for (const r of seg.lines) byLine[r.line - first] = r;
    for (let c = 0; c < mp.columns.length; c++) {
      for (const t of mp.columns[c].tokens) {
        const r = byLine[t.line - first];
        // its place among the line's few figures (a loop: a call of indexOf cost more than the search)
        let k = 0;
        while (r.figures[k] !== t) k++;
        r.leaves[k] = mp.leaves[c];
      }
    }
  });
}

/** A subtotal's label (其中：…合计) that is not a total's. */
const SUBTOTAL_RE = /^(其中[:：])?.{0,12}合计$/;

function isTotalKey(key: string): boolean {
  return TOTAL_RE.test(key) || SUBTOTAL_RE.test(key);
}

/** Read a table's region into lines: tokens, a code, the label and the figures of each. */
/** The tokens of a line that belong to one column group (a panel, a side of a summary table). */
type Pick = (tokens: Token[]) => Token[];
const ALL: Pick = (tokens) => tokens;

/** A line's parts until readLine reads them (frozen: nothing is ever added to them). */
const NOT_READ: Token[] = Object.freeze([]) as unknown as Token[];
const NO_LEAVES: number[] = Object.freeze([]) as unknown as number[];

function readLines(src: LayoutSource, lineIndexes: number[], m: WidthModel, tokensOf: LineTokens, scheme: CodeScheme | undefined, pick: Pick): LineRead[] {
  const { text, lines } = src;
  const out = new Array<LineRead>(lineIndexes.length);
  let prev = -1;
  for (let n = 0; n < lineIndexes.length; n++) {
    const line = lineIndexes[n];
    const tokens = pick(tokensOf.get(line) ?? []);
    let blankBefore = false;
    let pageBreak = startsWithFormFeed(text, lines, line);
    if (prev >= 0) {
      for (let l = prev + 1; l < line; l++) {
        if (isBlankLine(text, lines, l)) blankBefore = true;
        else pageBreak = true; // a repeated title, unit line or header between them
        if (startsWithFormFeed(text, lines, l)) pageBreak = true;
      }
    }
    prev = line;
    // its label, figures and leaves: readLine's (below), which makes them for every line
    out[n] = { line, tokens, code: null, label: NOT_READ, figures: NOT_READ, leaves: NO_LEAVES, blankBefore, pageBreak, own: undefined, ownKey: undefined };
  }
  // split-code columns, page by page (a page's columns may sit elsewhere); the header's, or the page before's
  const headerTokens = scheme ? src.header.map((l) => pick(tokensOf.get(l) ?? [])) : [];
  let margin = Number.POSITIVE_INFINITY;
  for (const r of out) if (r.tokens.length > 0 && tx0(r.tokens[0], m) < margin) margin = tx0(r.tokens[0], m);
  const context: CodeContext = { code: '' };
  let split: CodeColumns | null = null;
  for (let k = 0; k < out.length; ) {
    let e = k + 1;
    while (e < out.length && !out[e].pageBreak) e++;
    if (scheme) {
      const page = new Array<Token[]>(e - k);
      for (let i = k; i < e; i++) page[i - k] = out[i].tokens;
      split = splitCodeColumns(text, k === 0 ? headerTokens : [], page, m) ?? split;
    }
    for (let i = k; i < e; i++) readLine(text, out[i], m, scheme, split, margin, context);
    k = e;
  }
  // a 类 printed on a line of its own above the 款 it belongs to (302 / 15 会议费): part of that code,
  // not a row; where the 类 is printed on every row, its name goes with that code too (302 因公出国（境）费 / 12 / 用)
  const repeatsClass = classRepeated(out);
  for (let k = 0; k < out.length; k++) {
    const c = out[k].code;
    if (!c || c.style !== 'split' || !c.parts[0] || c.parts[1] || out[k].figures.length > 0) continue;
    if (out[k].label.length > 0 && !repeatsClass) continue;
    let next: LineRead | undefined;
    for (let i = k + 1; i < out.length && next === undefined; i++) if (out[i].tokens.length > 0) next = out[i];
    if (next?.code && next.code.style === 'split' && !next.code.parts[0] && next.code.parts[1]) {
      out[k].code = null;
      if (out[k].label.length === 0) out[k].tokens = [];
      else {
        // its name is the next code's: carried to the next line's label
        next.label.unshift(...out[k].label);
        out[k].label = [];
        out[k].tokens = [];
      }
    }
  }
  return out;
}

/** Is the 类 printed on every row of a split-code table (301 01, 301 02 …), rather than once above its rows? */
function classRepeated(reads: LineRead[]): boolean {
  let same = 0;
  let lastLei = '';
  for (const r of reads) {
    const c = r.code;
    if (!c || c.style !== 'split' || !c.parts[0]) continue;
    const lei = c.code.slice(0, 3);
    if (lei === lastLei) same++;
    lastLei = lei;
  }
  return same >= 3;
}

function readLine(text: string, read: LineRead, m: WidthModel, scheme: CodeScheme | undefined, split: CodeColumns | null, margin: number, context: CodeContext): void {
  const tokens = read.tokens;
  let from = 0;
  let glued: Token | null = null;
  if (scheme && tokens.length > 0) {
    const c = readCode(text, tokens, m, split, margin, context);
    if (c) {
      read.code = c;
      from = c.used;
      context.code = c.code;
      // a code glued to its name: the rest of the token is the label
      if (c.used === 0) {
        const t = tokens[0];
        from = 1;
        if (c.end < t.end) glued = { ...t, start: c.end, kind: TokenKind.Text };
      }
    }
  }
  // the figures counted first: each array is made at its size (arrays grown by push got room for 17)
  let figures = 0;
  for (let i = from; i < tokens.length; i++) if (isFigure(tokens[i])) figures++;
  read.figures = new Array<Token>(figures);
  read.leaves = new Array<number>(figures).fill(-1);
  read.label = new Array<Token>(tokens.length - from - figures + (glued ? 1 : 0));
  let f = 0;
  let l = 0;
  if (glued) read.label[l++] = glued;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (isFigure(t)) read.figures[f++] = t;
    else read.label[l++] = t;
  }
}

/**
 * text[from, to) without the characters of the regular expression class \s: what
 * `.replace(/\s+/g, '')` gives, by one scan of char codes (a phrase's single spaces,
 * `1. 一般公共预算`, are in many label pieces); a piece without any is one slice.
 */
export function withoutWhiteSpace(text: string, from: number, to: number): string {
  let out = '';
  // the start of the run of kept characters not yet copied
  let run = from;
  for (let i = from; i < to; i++) {
    if (!isRegExpSpace(text.charCodeAt(i))) continue;
    if (i > run) out += text.slice(run, i);
    run = i + 1;
  }
  return run === from ? text.slice(from, to) : out + text.slice(run, to);
}

function labelOf(text: string, reads: LineRead[]): LabelText {
  let label = '';
  let start = -1;
  let end = -1;
  for (const r of reads) {
    for (const t of r.label) {
      const s = withoutWhiteSpace(text, t.start, t.end);
      if (!s) continue;
      label += s;
      if (start < 0 || t.start < start) start = t.start;
      if (t.end > end) end = t.end;
    }
  }
  return { label, start, end };
}

/** labelOf one line (its label is complete once readLines is done), made once. */
function ownLabel(text: string, r: LineRead): LabelText {
  return (r.own ??= labelOf(text, [r]));
}

/** labelKey of ownLabel, made once. */
function ownKey(text: string, r: LineRead): string {
  return (r.ownKey ??= labelKey(ownLabel(text, r).label));
}

/** A name piece (text only, no code, no figure) of a code table, as opposed to a row's own label line. */
function isNamePiece(r: LineRead, text: string): boolean {
  if (r.code || r.figures.length > 0 || r.label.length === 0) return false;
  const key = ownKey(text, r);
  return !isTotalKey(key) && !HEADER_REMNANT_RE.test(key);
}

function isRemnant(r: LineRead, text: string): boolean {
  if (r.code || r.figures.length > 0 || r.label.length === 0) return false;
  // a remnant's key holds 类, 款, 项, 栏 or 行, and labelKey makes none of them: a label without any is none
  if (!r.label.some((t) => holdsRemnantCharacter(text, t.start, t.end))) return false;
  const key = labelKey(r.label.map((t) => text.slice(t.start, t.end)).join(''));
  return /^(类|款|项)+$/.test(key) || /^(栏次|行次)/.test(key);
}

/** Does text[from, to) hold 类, 款, 项, 栏 or 行 (a character of every header remnant's key)? */
export function holdsRemnantCharacter(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7c7b || c === 0x6b3e || c === 0x9879 || c === 0x680f || c === 0x884c) return true;
  }
  return false;
}

/**
 * Group the lines of one column group into rows: anchors (a code, a label
 * with figures, a total), name pieces around them, figures on lines of
 * their own.
 */
function assembleRows(text: string, reads: LineRead[], codeTable: boolean): Anchor[] {
  const anchors: Anchor[] = [];
  const items: Item[] = [];
  for (const r of reads) {
    if (r.tokens.length === 0) continue;
    if (r.blankBefore) items.push(BLANK);
    if (isRemnant(r, text)) continue;
    const hasLabel = r.label.length > 0;
    if (r.code) {
      const a: Anchor = { read: r, above: [], below: [], extra: [], group: 0 };
      anchors.push(a);
      items.push({ kind: 'anchor', a });
    } else if (hasLabel && (r.figures.length > 0 || !codeTable || !isNamePiece(r, text))) {
      // a code printed alone, its name and figures on the next line (30207 / 邮电费 8.05)
      const last = items[items.length - 1];
      if (
        codeTable &&
        last?.kind === 'anchor' &&
        last.a.read.code &&
        last.a.read.label.length === 0 &&
        last.a.read.figures.length === 0 &&
        last.a.extra.length === 0 &&
        !isTotalKey(ownKey(text, r))
      ) {
        last.a.below.push(r);
        pushAll(last.a.extra, placedFigures(r));
        last.a.complete = true;
        continue;
      }
      const a: Anchor = { read: r, above: [], below: [], extra: [], group: 0 };
      anchors.push(a);
      items.push({ kind: 'anchor', a });
    } else if (hasLabel) items.push({ kind: 'piece', r });
    else if (r.figures.length > 0) items.push({ kind: 'figures', r });
  }
  // name pieces: the runs of them between anchors
  const runs: Array<{ before: Anchor | null; after: Anchor | null; pieces: LineRead[]; blankAt: number }> = [];
  {
    let prevAnchor: Anchor | null = null;
    let pieces: LineRead[] = [];
    let blankAt = -1;
    let blankPending = false;
    for (const it of items) {
      if (it.kind === 'blank') {
        blankPending = true;
        continue;
      }
      if (it.kind === 'piece') {
        if (blankPending && pieces.length > 0 && blankAt < 0) blankAt = pieces.length;
        pieces.push(it.r);
      } else if (it.kind === 'anchor') {
        runs.push({ before: prevAnchor, after: it.a, pieces, blankAt });
        prevAnchor = it.a;
        pieces = [];
        blankAt = -1;
      }
      blankPending = false;
    }
    runs.push({ before: prevAnchor, after: null, pieces, blankAt });
  }
  splitNamePieces(runs, centredModel(items));
  // figures on lines of their own go to a row whose cells they fill: the one they touch when a blank
  // line parts them from the other; else the way the table's other figure lines go (converters put
  // them above their row, or below), else the row still waiting for figures
  interface Loose {
    figs: PlacedFigure[];
    read: LineRead;
    prev: Anchor | null;
    next: Anchor | null;
    prevAdjacent: boolean;
    nextAdjacent: boolean;
    done: boolean;
  }
  const loose: Loose[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.kind !== 'figures') continue;
    const l: Loose = { figs: placedFigures(it.r), read: it.r, prev: null, next: null, prevAdjacent: true, nextAdjacent: true, done: false };
    for (let j = i + 1; j < items.length; j++) {
      const x = items[j];
      if (x.kind === 'anchor') {
        l.next = x.a;
        break;
      }
      if (x.kind === 'blank') l.nextAdjacent = false;
    }
    for (let j = i - 1; j >= 0; j--) {
      const x = items[j];
      if (x.kind === 'anchor') {
        l.prev = x.a;
        break;
      }
      if (x.kind === 'blank') l.prevAdjacent = false;
    }
    loose.push(l);
  }
  const fits = (l: Loose, a: Anchor | null) => {
    if (a === null) return false;
    const taken = filledLeaves(a);
    return l.figs.every((f) => f.leaf >= 0 && !taken.has(f.leaf));
  };
  let up = 0;
  let down = 0;
  for (const l of loose) {
    if (l.nextAdjacent && !l.prevAdjacent && fits(l, l.next)) {
      pushAll(l.next!.extra, l.figs);
      l.done = true;
      down++;
    } else if (l.prevAdjacent && !l.nextAdjacent && fits(l, l.prev)) {
      pushAll(l.prev!.extra, l.figs);
      l.done = true;
      up++;
    }
  }
  for (const l of loose) {
    if (l.done) continue;
    const prevAwaits = l.prev !== null && l.prev.read.figures.length === 0 && l.prev.extra.length === 0;
    let target: Anchor | null = null;
    if (down > up && l.nextAdjacent && fits(l, l.next)) target = l.next;
    else if (prevAwaits && fits(l, l.prev)) target = l.prev;
    else if (l.nextAdjacent && fits(l, l.next)) target = l.next;
    else if (fits(l, l.prev)) target = l.prev;
    else if (fits(l, l.next)) target = l.next;
    if (target) pushAll(target.extra, l.figs);
    else {
      // figures no row can take: a row of their own (an unlabelled row)
      anchors.push({ read: l.read, above: [], below: [], extra: [], group: 0 });
    }
  }
  sortUnlessSorted(anchors, (a, b) => a.read.line - b.read.line);
  return anchors;
}

type Item = { kind: 'anchor'; a: Anchor } | { kind: 'piece'; r: LineRead } | { kind: 'figures'; r: LineRead } | { kind: 'blank' };
/** Every blank line's item (an item is never changed). */
const BLANK: Item = { kind: 'blank' };

/**
 * Are the names of this table centred on their code line (Word: 社会保障和就 / 208 … / 业支出), rather than
 * starting on it and wrapping below (机关事业单位基本养老保险 / 缴费支出 under 208 05 05 …)? Centred when
 * rows without a name on their code line more often have a piece of it right above than right below.
 */
function centredModel(items: Item[]): boolean {
  let centred = 0;
  let top = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.kind !== 'anchor' || it.a.read.label.length > 0) continue;
    const before = items[i - 1];
    const after = items[i + 1];
    if (before && before.kind === 'piece') centred++;
    else if (after && after.kind === 'piece') top++;
  }
  return centred > top;
}

/**
 * Give each run of name pieces to the row above it (its name's lower lines) and the row below it
 * (its name's upper lines). Before the first row: the first row's; after the last: the last's; a
 * blank line splits a run. Names that wrap below their code line go to the row above. Centred names
 * sit as many lines above their code line as below it — one more above when the code line holds
 * none of the name: the split is chosen so that every row keeps that shape (a small dynamic
 * programme over the rows, fewest rows out of shape).
 */
export function splitNamePieces(runs: Array<{ before: Anchor | null; after: Anchor | null; pieces: LineRead[]; blankAt: number }>, centred: boolean): void {
  const n = runs.length;
  // forced splits: ends, blank lines, rows whose name is complete
  const forced = runs.map((r) => {
    if (!r.before) return 0;
    if (!r.after) return r.pieces.length;
    if (r.blankAt > 0) return r.blankAt;
    if (r.before.complete) return 0;
    if (!centred) return r.pieces.length;
    return -1;
  });
  // every split forced (always so for names that are not centred): one path through the programme, no choice to weigh
  let belowOf = forced;
  if (!forced.every((f) => f >= 0)) {
    // dp over runs: state = pieces the row after run i took above (from run i); value = rows out of shape
    // so far. States are small whole numbers (0 … the run's pieces): arrays by state, not maps of objects
    // (the programme showed in the profile of tables of centred names); Infinity marks a state not reached.
    // fromOf[i][taken]: the state before run i on the cheapest way found to `taken` (its `below` is the
    // run's pieces less `taken`)
    const fromOf: number[][] = [];
    let cost: number[] = [0];
    for (let i = 0; i < n; i++) {
      const r = runs[i];
      const pieces = r.pieces.length;
      const next = new Array<number>(pieces + 1).fill(Number.POSITIVE_INFINITY);
      const from = new Array<number>(pieces + 1).fill(-1);
      const first = forced[i] >= 0 ? forced[i] : 0;
      const last = forced[i] >= 0 ? forced[i] : pieces;
      // states from the most pieces taken above down, the order the step before reached them in
      for (let above = cost.length - 1; above >= 0; above--) {
        if (cost[above] === Number.POSITIVE_INFINITY) continue;
        for (let below = first; below <= last; below++) {
          // the row before this run took `above` pieces above its code line and takes `below` below it
          let c = cost[above];
          if (r.before && centred) {
            // as many lines below as above; one fewer below is the lesser evil (a one-line name
            // set just above its code line), a different shape the greater
            const named = r.before.read.label.length > 0;
            if (below !== above) c += !named && below === above - 1 ? (above === 1 ? 0.1 : 0.5) : 1;
          }
          const taken = pieces - below;
          // ties: the way found first keeps the state
          if (c < next[taken]) {
            next[taken] = c;
            from[taken] = above;
          }
        }
      }
      fromOf.push(from);
      cost = next;
    }
    let state = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let taken = cost.length - 1; taken >= 0; taken--) {
      if (cost[taken] < bestCost) {
        state = taken;
        bestCost = cost[taken];
      }
    }
    if (state < 0) return;
    belowOf = new Array<number>(n);
    for (let i = n - 1; i >= 0; i--) {
      belowOf[i] = runs[i].pieces.length - state;
      state = fromOf[i][state];
    }
  }
  runs.forEach((r, i) => {
    r.pieces.forEach((p, k) => {
      if (k < belowOf[i]) r.before?.below.push(p);
      else r.after?.above.push(p);
    });
  });
}

// ——— building ———

function codeLevel(code: string): 1 | 2 | 3 {
  return code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
}

function schemeOf(code: string, fallback: CodeScheme): CodeScheme {
  const c = code[0];
  if (c === '3') return 'economic';
  if (c === '5') return 'gov-economic';
  if (c === '2') return 'function';
  return fallback;
}

/**
 * The row of an anchor, its cells into the store; true when its figures could not all be placed
 * (unreadable). `summary`: a row of a summary table (收支总表), a total or an item by its label.
 */
function emitRow(
  src: LayoutSource,
  a: Anchor,
  leafCount: number,
  scheme: CodeScheme | undefined,
  rows: SourceRow[],
  problems: ParseProblem[],
  summary: boolean,
): boolean {
  const { text, lines, store } = src;
  // a row of one line (most rows) has the label its line's assembly read already
  const single = a.above.length === 0 && a.below.length === 0;
  const { label, start, end } = single ? ownLabel(text, a.read) : labelOf(text, [...a.above, a.read, ...a.below]);
  const byLeaf: Array<Token | undefined> = new Array(leafCount);
  let unreadable = false;
  // the row's lines: its name's and its figures'
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  // its own line's figures, then those from lines of their own (one loop: a closure per row cost more)
  const { figures, leaves } = a.read;
  const own = figures.length;
  for (let k = 0; k < own + a.extra.length; k++) {
    const token = k < own ? figures[k] : a.extra[k - own].token;
    const leaf = k < own ? leaves[k] : a.extra[k - own].leaf;
    if (token.line < first) first = token.line;
    if (token.line > last) last = token.line;
    if (leaf < 0 || leaf >= leafCount || byLeaf[leaf] !== undefined) unreadable = true;
    else byLeaf[leaf] = token;
  }
  // its line and its name's lines above and below
  if (a.read.line < first) first = a.read.line;
  if (a.read.line > last) last = a.read.line;
  for (const p of a.above) if (p.line < first) first = p.line;
  for (const p of a.below) if (p.line > last) last = p.line;
  const cellFrom = store.length;
  const anchorEnd = lines.end(a.read.line);
  for (let leaf = 0; leaf < leafCount; leaf++) {
    const t = byLeaf[leaf];
    if (t === undefined) store.pushEmpty(anchorEnd, anchorEnd, leaf);
    else if (t.kind === TokenKind.Number) {
      store.pushNumber(t.start, t.end, leaf, t.units, t.scale, t.decimals, t.malformed, t.big);
      if (t.malformed) problems.push({ code: 'number.malformed', span: { start: t.start, end: t.end }, args: { raw: src.text.slice(t.start, t.end) } });
    } else store.pushEmpty(t.start, t.end, leaf);
  }
  const row = new SourceRow(rows.length, first, last, label, start, end, store, cellFrom, leafCount);
  const c = a.read.code;
  if (c && scheme) {
    row.code = new SourceCode(c.code, codeLevel(c.code), schemeOf(c.code, scheme), c.start, c.end, c.style);
    if (c.repaired) problems.push({ code: 'code.repaired', span: { start: c.start, end: c.end }, args: { printed: c.repaired, code: c.code } });
  }
  if (c) {
    row.kind = 'code';
    row.depth = codeLevel(c.code) - 1;
  } else {
    // only a row without a code can be a total: its label's key is needed only then
    const key = single ? ownKey(text, a.read) : labelKey(label);
    if (summary) {
      // a summary table has no subtotals; its ordinal items and totals are the top level
      row.kind = TOTAL_RE.test(key) ? 'total' : 'item';
      row.depth = row.kind === 'total' || ORDINAL_CN_RE.test(key) ? 0 : 1;
    } else row.kind = TOTAL_RE.test(key) ? 'total' : SUBTOTAL_RE.test(key) ? 'subtotal' : 'item';
  }
  row.side = a.side;
  if (a.group > 0) row.group = a.group;
  rows.push(row);
  if (unreadable) problems.push({ code: 'table.unreadable', span: { start: lines.start(a.read.line), end: lines.end(a.read.line) }, args: { table: src.title } });
  return unreadable;
}

function frozenColumns(v: ColumnVariant | null, leafCount: number): { columns: ColumnNode[]; relations: ColumnRelation[] } {
  if (!v) {
    const columns = Array.from({ length: leafCount }, (_, leaf): ColumnNode => ({ label: `#${leaf + 1}`, leaf, children: [] }));
    return { columns, relations: [] };
  }
  const { nodes } = buildColumns(v.columns);
  const explicit = (v.relations ?? []).map(([total, parts]): ColumnRelation => ({ total, parts, rule: 'sum.block' }));
  // each table's header gets parts of its own (the model's tables share no arrays the registry did not)
  const implied = v.explicitOnly ? [] : impliedRelations(v, nodes).map(([total, parts]): ColumnRelation => ({ total, parts: parts.slice(), rule: 'sum.columns' }));
  return { columns: nodes, relations: [...implied, ...explicit] };
}

const impliedCache = new WeakMap<ColumnVariant, Array<[number, number[]]>>();

/**
 * The relations the variant's column tree implies (columnRelations of `nodes`, the tree built from
 * the variant): the same for every table of that variant, so walked once per variant; read only.
 */
function impliedRelations(v: ColumnVariant, nodes: ColumnNode[]): Array<[number, number[]]> {
  let out = impliedCache.get(v);
  if (!out) {
    out = columnRelations(nodes);
    impliedCache.set(v, out);
  }
  return out;
}

const relationPairsCache = new WeakMap<ColumnVariant, Array<[number, number[]]>>();

/** The variant's column relations as (total, parts) pairs: computed once per variant, read only. */
function relationPairs(v: ColumnVariant): Array<[number, number[]]> {
  let out = relationPairsCache.get(v);
  if (!out) {
    out = frozenColumns(v, 0).relations.map((r): [number, number[]] => [r.total, r.parts]);
    relationPairsCache.set(v, out);
  }
  return out;
}

/**
 * Lines the scanner took for the header that are rows: figures on a line of
 * their own (a converter put a row's figures above the row), a total row
 * without figures (合计 in a blank table), the items of a summary table
 * without figures (一、… in a template). From the first such line on, the
 * lines are data.
 */
function withRowsAsData(src: LayoutSource, twoSided: boolean, lineKey: (line: number) => string): LayoutSource {
  const { text, lines } = src;
  const first = src.header.findIndex((l) => {
    const tokens = cachedLineTokens(text, lines, l, src.tokens);
    if (tokens.some(isFigureLike)) return true;
    const key = lineKey(l);
    if (/^(合计|总计)$/.test(key)) return true;
    return twoSided && tokens.length > 0 && ORDINAL_CN_RE.test(labelKey(tokenText(text, tokens[0])));
  });
  if (first >= 0) return { ...src, header: src.header.slice(0, first), data: [...src.header.slice(first), ...src.data] };
  // the upper line of the first row's name, centred on its code line (社会保障和就 / 208 754.75 … / 业支出)
  const firstData = src.data[0];
  const lastHeader = src.header[src.header.length - 1];
  if (!twoSided && firstData !== undefined && lastHeader !== undefined) {
    const row = cachedLineTokens(text, lines, firstData, src.tokens);
    const above = cachedLineTokens(text, lines, lastHeader, src.tokens);
    const key = lineKey(lastHeader);
    const codeOnly = row.length > 0 && codeEnd(text, row[0]) >= 0 && row.every((t) => t.kind !== TokenKind.Text);
    if (
      codeOnly &&
      above.length === 1 &&
      above[0].kind === TokenKind.Text &&
      !isLeadHeader(key) &&
      !/(科目|编码|名称|项目|合计|小计|金额|预算数|决算数|单位)$/.test(key)
    ) {
      return { ...src, header: src.header.slice(0, -1), data: [lastHeader, ...src.data] };
    }
  }
  return src;
}

/** A figure, as opposed to a column number or a year: decimals, thousands separators, or many digits. */
function isFigureLike(t: Token): boolean {
  if (t.kind !== TokenKind.Number) return false;
  return t.decimals > 0 || t.plainDigits === 0 || t.plainDigits >= 8;
}

/** Lines → tokens, once per line (into the table's cache when it has one: it holds only the table's lines). */
function tokenize(src: LayoutSource, lineIndexes: number[]): LineTokens {
  const out = src.tokens ?? new LineTokens();
  for (const l of lineIndexes) if (!out.has(l)) out.set(l, lineTokens(src.text, src.lines, l));
  return out;
}

/** The header lines of each page segment: the first page's, or the repeated header just before the segment. */
function segmentHeaders(src: LayoutSource, reads: LineRead[], tokensOf: LineTokens, pick: Pick, lineKey: (line: number) => string): Segment[] {
  const { text } = src;
  const repeated = new Set(src.repeated);
  const titleKey = labelKey(src.title);
  const headerOf = (lineIdx: number[]): Token[][] =>
    lineIdx
      .filter((l) => {
        const key = lineKey(l);
        return key.length > 0 && !key.includes(titleKey) && !/单位[:：]|^编制(部门|单位)|^(预算)?(单位|部门)(名称)?[:：]/.test(key);
      })
      .map((l) => pick(tokensOf.get(l) ?? cachedLineTokens(text, src.lines, l, src.tokens)));
  const segments: Segment[] = [];
  let cur: Segment | null = null;
  let prevLine = -1;
  for (const r of reads) {
    if (cur === null || r.pageBreak) {
      let header: Token[][];
      if (cur === null) header = headerOf(src.header);
      else {
        const between: number[] = [];
        for (let l = prevLine + 1; l < r.line; l++) if (repeated.has(l)) between.push(l);
        header = headerOf(between);
      }
      cur = { lines: [], header };
      segments.push(cur);
    }
    cur.lines.push(r);
    prevLine = r.line;
  }
  return segments;
}

/**
 * Read a table laid out by position. Null when the table is not laid out
 * that way (figures not aligned): the caller reads it as a token sequence.
 */
export function buildLayoutTable(src0: LayoutSource, kind: TableKindDef): LayoutTable | null {
  // whole-line keys, each computed once: withRowsAsData and every column group's segmentHeaders read the header lines
  const keys = new Map<number, string>();
  const lineKey = (l: number): string => {
    let key = keys.get(l);
    if (key === undefined) keys.set(l, (key = labelKey(src0.text, src0.lines.start(l), src0.lines.end(l))));
    return key;
  };
  const src = withRowsAsData(src0, kind.rows === 'two-sided', lineKey);
  const all = [...src.header, ...src.data];
  // repeated page furniture is tokenised only where a segment reads it as its header (segmentHeaders)
  const tokensOf = tokenize(src, all);
  const dataTokens = src.data.map((l) => tokensOf.get(l) ?? []);
  const decided = widthModelOfFigures(dataTokens);
  if (decided !== null && src.hints) src.hints.widthModel = decided;
  // chooseWidthModel's choice, without measuring the figures twice
  const m: WidthModel = decided ?? src.hints?.widthModel ?? 1;
  if (kind.rows === 'two-sided') return buildTwoSidedLayout(src, kind, tokensOf, m, lineKey);
  const problems: ParseProblem[] = [];
  const rows: SourceRow[] = [];
  const scheme = kind.rows === 'code-tree' || kind.rows === 'generic' ? (kind.scheme ?? 'function') : undefined;
  // two code groups side by side (基本支出 by economic class, 301/303 | 302/310)?
  const panels = scheme ? panelSplit(src, tokensOf, m) : null;
  const picks: Pick[] = panels ? [panels.left, panels.right] : [ALL];
  let unread: string | null = null;
  let header: Table['header'] | null = null;
  picks.forEach((pick, group) => {
    const reads = readLines(src, src.data, m, tokensOf, scheme, pick);
    const segments = segmentHeaders(src, reads, tokensOf, pick, lineKey);
    const reading = readColumns(src.text, segments, kind.variants, m, relationPairs);
    if (reading.mapped.some((x, i) => x === null && segments[i].lines.some((l) => l.figures.length > 0))) {
      unread = 'columns';
    }
    placeFigures(reading, segments);
    const anchors = assembleRows(src.text, reads, scheme !== undefined);
    for (const a of anchors) {
      a.group = group;
      if (emitRow(src, a, reading.leafCount, scheme, rows, problems, false)) unread ??= 'cells';
    }
    if (header === null) {
      const { columns, relations } = frozenColumns(reading.variant, reading.leafCount);
      const source: Table['header']['source'] = reading.variant ? 'registry' : kind.variants.length === 0 ? 'text' : 'none';
      header = { lines: src.header.slice(), columns, source, leafCount: reading.leafCount, relations: source === 'none' ? [] : relations };
    }
  });
  return { rows, header: header!, problems, unread };
}

/**
 * Two code groups side by side (a left and a right panel): codes that begin
 * a line at the left margin, and codes further right — after the left
 * panel's figures, or beginning a line of their own far from the margin —
 * lining up within a few columns. Returns how to split a line's tokens
 * between the panels, or null for a table of one group.
 */
function panelSplit(src: LayoutSource, tokensOf: LineTokens, m: WidthModel): { left: Pick; right: Pick } | null {
  const { text } = src;
  let margin = Number.POSITIVE_INFINITY;
  for (const l of src.data) {
    const t = (tokensOf.get(l) ?? [])[0];
    if (t && tx0(t, m) < margin) margin = tx0(t, m);
  }
  // the place first, the code last: most tokens fail the place, and the code test reads characters
  const rightCode = (ts: Token[], i: number): boolean => {
    const t = ts[i];
    if (i === 0) return tx0(t, m) > margin + 8 && codeEnd(text, t) >= 0;
    // not a part of a split code at the margin (201 06 01)
    const prev = ts[i - 1];
    if (prev.kind === TokenKind.Number && prev.plainDigits >= 1 && prev.plainDigits <= 3 && i <= 2 && tx0(ts[0], m) <= margin + 4) return false;
    return codeEnd(text, t) >= 0;
  };
  let lefts = 0;
  const rights: number[] = [];
  for (const l of src.data) {
    const ts = tokensOf.get(l) ?? [];
    if (ts.length > 0 && tx0(ts[0], m) <= margin + 4 && codeEnd(text, ts[0]) >= 0) lefts++;
    for (let i = 0; i < ts.length; i++) if (rightCode(ts, i)) rights.push(tx0(ts[i], m));
  }
  if (rights.length < 3 || lefts < 3) return null;
  const x = median(rights);
  const near = rights.filter((r) => Math.abs(r - x) <= 8);
  if (near.length < rights.length * 0.6) return null;
  const split = minOf(near);
  // where the right panel begins on a line: its code, else the first token at or right of the split
  const at = (ts: Token[]): number => {
    for (let i = 0; i < ts.length; i++) if (tx0(ts[i], m) >= split - 8 && rightCode(ts, i)) return i;
    for (let i = 0; i < ts.length; i++) if (tx0(ts[i], m) >= split) return i;
    return ts.length;
  };
  return { left: (ts) => ts.slice(0, at(ts)), right: (ts) => ts.slice(at(ts)) };
}

// ——— two-sided tables (收支总表) ———

const EXPENDITURE_WORD_RE = /支出|结转下年|结余分配|年末结转/;
/** How the labels of a summary table end when they are whole */
const COMPLETE_LABEL_RE = /(支出|收入|款|结余|资金|合计|总计|分配|差额|补助)(\)|）)?$/;

function buildTwoSidedLayout(
  src: LayoutSource,
  kind: TableKindDef,
  tokensOf: LineTokens,
  m: WidthModel,
  lineKey: (line: number) => string,
): LayoutTable | null {
  const { text } = src;
  // where the expenditure side begins: the column most labels after the first start at
  const starts: number[] = [];
  for (const l of src.data) {
    const ts = tokensOf.get(l) ?? [];
    for (let i = 1; i < ts.length; i++) {
      const t = ts[i];
      if (t.kind !== TokenKind.Text) continue;
      const key = labelKey(text, t.start, t.end);
      if (ORDINAL_CN_RE.test(key) || isTotalKey(key) || EXPENDITURE_WORD_RE.test(key)) starts.push(tx0(t, m));
    }
    // a line holding only an expenditure item, indented to its side
    const t0 = ts[0];
    if (t0 && t0.kind === TokenKind.Text && tx0(t0, m) > 10 && EXPENDITURE_WORD_RE.test(tokenText(text, t0))) starts.push(tx0(t0, m));
  }
  // header: the second 项目
  let headerX = -1;
  for (const l of src.header) {
    const items = (tokensOf.get(l) ?? []).filter((t) => /^项目$/.test(labelKey(text, t.start, t.end)));
    if (items.length >= 2) headerX = tx0(items[1], m);
  }
  if (starts.length === 0 && headerX < 0) return null;
  const sideX = starts.length > 0 ? Math.max(0, mostCommon(starts) - 1) : headerX - 2;
  const problems: ParseProblem[] = [];
  const rows: SourceRow[] = [];
  let unread: string | null = null;
  const sides: Array<{ side: Side; pick: Pick; variants: ColumnVariant[] }> = [
    { side: 'income', pick: (ts) => ts.filter((t) => tx0(t, m) < sideX), variants: kind.variants },
    {
      side: 'expenditure',
      pick: (ts) => ts.filter((t) => tx0(t, m) >= sideX),
      variants: kind.expenditureVariants ? [...kind.variants, ...kind.expenditureVariants] : kind.variants,
    },
  ];
  const trees: Record<Side, { columns: ColumnNode[]; relations: ColumnRelation[]; leafCount: number }> = {
    income: { columns: [], relations: [], leafCount: 1 },
    expenditure: { columns: [], relations: [], leafCount: 1 },
  };
  // each side's rows, in the order of their lines
  const bySide: Array<Array<{ a: Anchor; leafCount: number }>> = [];
  for (const s of sides) {
    const reads = readLines(src, src.data, m, tokensOf, undefined, s.pick);
    const segments = segmentHeaders(src, reads, tokensOf, s.pick, lineKey);
    const reading = readColumns(text, segments, s.variants, m, relationPairs, true);
    if (reading.mapped.some((x, i) => x === null && segments[i].lines.some((l) => l.figures.length > 0))) unread = 'columns';
    placeFigures(reading, segments);
    const anchors = assembleTwoSidedRows(text, reads);
    const leafCount = Math.max(1, reading.leafCount);
    for (const a of anchors) a.side = s.side;
    bySide.push(anchors.map((a) => ({ a, leafCount })));
    const fc = frozenColumns(reading.variant, leafCount);
    trees[s.side] = { columns: fc.columns, relations: reading.variant ? fc.relations : [], leafCount };
  }
  // rows in the order of the page: line, then income before expenditure (the two sides merged: each
  // is in the order of its lines, one row a line)
  const [income, expenditure] = bySide;
  const emitted: Array<{ a: Anchor; leafCount: number }> = [];
  for (let i = 0, j = 0; i < income.length || j < expenditure.length; ) {
    if (j >= expenditure.length || (i < income.length && income[i].a.read.line <= expenditure[j].a.read.line)) emitted.push(income[i++]);
    else emitted.push(expenditure[j++]);
  }
  for (const { a, leafCount } of emitted) {
    if (emitRow(src, a, leafCount, undefined, rows, problems, true)) unread ??= 'cells';
  }
  return {
    rows,
    problems,
    unread,
    header: {
      lines: src.header.slice(),
      columns: trees.income.columns,
      sides: { income: trees.income.columns, expenditure: trees.expenditure.columns },
      sideRelations: { income: trees.income.relations, expenditure: trees.expenditure.relations },
      source: 'registry',
      leafCount: trees.income.leafCount,
      relations: [],
    },
  };
}

function mostCommon(values: number[]): number {
  let best = values[0];
  let bestN = 0;
  for (const v of values) {
    // near values count together
    let n = 0;
    for (const w of values) if (Math.abs(w - v) <= 2) n++;
    if (n > bestN || (n === bestN && v < best)) {
      best = v;
      bestN = n;
    }
  }
  // the leftmost start of that cluster
  return minOf(values.filter((w) => Math.abs(w - best) <= 2));
}

/**
 * Rows of one side of a summary table: a label starts a row (an ordinal
 * item, a total, a known line); a text line without one continues the label
 * above it (二、政府性基金预算财政拨 / 款); figures on a line of their own
 * go to the row whose cells they fill.
 */
function assembleTwoSidedRows(text: string, reads: LineRead[]): Anchor[] {
  const anchors: Anchor[] = [];
  const loose: LineRead[] = [];
  for (const r of reads) {
    if (r.tokens.length === 0) continue;
    if (isRemnant(r, text)) continue;
    if (r.label.length > 0) {
      const key = ownKey(text, r);
      const last = anchors[anchors.length - 1];
      // a short piece after a label cut short (二、政府性基金预算财政拨 / 款, 二十二、灾害防治及应急管 / 理支出)
      const continues =
        last !== undefined &&
        r.figures.length === 0 &&
        !ORDINAL_CN_RE.test(key) &&
        !ORDINAL_ARABIC_RE.test(key) &&
        !isTotalKey(key) &&
        !/结转|结余|事业基金|分配/.test(key) &&
        key.length <= 6 &&
        !COMPLETE_LABEL_RE.test(labelKey(labelOf(text, [last.read, ...last.below]).label));
      if (continues) {
        last.below.push(r);
        continue;
      }
      const a: Anchor = { read: r, above: [], below: [], extra: [], group: 0 };
      anchors.push(a);
    } else if (r.figures.length > 0) loose.push(r);
  }
  // figures of their own: the next row when it sits right below and has room, else the row above
  for (const r of loose) {
    const figs = placedFigures(r);
    const fits = (a: Anchor | undefined) => a !== undefined && figs.every((f) => f.leaf >= 0 && !filledLeaves(a).has(f.leaf));
    const nextIdx = anchors.findIndex((a) => a.read.line > r.line);
    const next = nextIdx >= 0 ? anchors[nextIdx] : undefined;
    const prev = nextIdx > 0 ? anchors[nextIdx - 1] : nextIdx < 0 ? anchors[anchors.length - 1] : undefined;
    const target = fits(next) ? next : fits(prev) ? prev : undefined;
    if (target) pushAll(target.extra, figs);
    else anchors.push({ read: r, above: [], below: [], extra: [], group: 0 });
  }
  sortUnlessSorted(anchors, (a, b) => a.read.line - b.read.line);
  return anchors;
}

/**
 * Is this table laid out by position: do most of its data lines keep
 * columns apart with runs of spaces (rather than tabs or single spaces)?
 */
export function isAligned(text: string, lines: LineTable, data: number[], hasWideGap: (text: string, start: number, end: number) => boolean): boolean {
  let wide = 0;
  let several = 0;
  for (let k = 0; k < data.length; k++) {
    const start = lines.start(data[k]);
    const end = lines.end(data[k]);
    // lines of one token (a wrapped name, a lone figure) say nothing either way; a line with a wide gap
    // has a token on each side of it (no need to count them)
    if (hasWideGap(text, start, end)) {
      wide++;
      several++;
    } else if (tokenCount(text, start, end, 2) > 1) several++;
    // yes even if every line left has several tokens and no wide gap: the rest need not be read
    if (several > 0 && wide * 2 >= several + (data.length - k - 1)) return true;
  }
  return several > 0 && wide * 2 >= several;
}

/** The number of space-separated tokens in text[start, end), counted up to `upTo`. */
function tokenCount(text: string, start: number, end: number, upTo = Number.POSITIVE_INFINITY): number {
  let n = 0;
  let inToken = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 12 || c === 0x3000 || c === 13;
    if (!space && !inToken && ++n >= upTo) return n;
    inToken = !space;
  }
  return n;
}

export type { RowKind };

/**
 * Does cells[0] = Σ cells[1..] hold within (n + 1) × half a unit of the
 * printed precision? Exact: scaled integers while they are safe, BigInts
 * beyond (a 40-digit figure is compared as exactly as a small one).
 */
export function holdsWithinRounding(cells: Array<Token | undefined>, decimals: number): boolean {
  let scale = decimals;
  let terms = 1;
  for (const t of cells) {
    if (t === undefined) continue;
    terms++;
    if (t.kind === TokenKind.Number && t.scale > scale) scale = t.scale;
  }
  // |diff| < terms × ½ × 10^-decimals  ⇔  2 × |diff units| < terms × 10^(scale - decimals)
  let acc = 0;
  let safe = true;
  for (let i = 0; i < cells.length && safe; i++) {
    const t = cells[i];
    if (!t || t.kind !== TokenKind.Number) continue;
    const u = t.big === undefined ? t.units * 10 ** (scale - t.scale) : NaN;
    if (!Number.isSafeInteger(u)) safe = false;
    else acc = i === 0 ? acc + u : acc - u;
    if (!Number.isSafeInteger(acc)) safe = false;
  }
  if (safe) return 2 * Math.abs(acc) < terms * 10 ** (scale - decimals);
  let big = 0n;
  for (let i = 0; i < cells.length; i++) {
    const t = cells[i];
    if (!t || t.kind !== TokenKind.Number) continue;
    const v =
      t.big === undefined
        ? BigInt(t.units) * 10n ** BigInt(scale - t.scale)
        : BigInt(t.big.times(`1e${scale}`).toFixed(0));
    big = i === 0 ? big + v : big - v;
  }
  if (big < 0n) big = -big;
  return 2n * big < BigInt(terms) * 10n ** BigInt(scale - decimals);
}
