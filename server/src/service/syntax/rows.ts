/**
 * Table reconstruction: from the data lines of one table (across pages) to
 * rows with codes, labels, exact amounts and text cells. Wrapped rows are
 * rebuilt (code line, name lines, amounts line) and continuation lines of
 * long text cells are joined to their row. Never throws.
 */
import { SourceCode } from '../model/types';
import type { Cell, CodeRef, CodeScheme, ColumnNode, ColumnRelation, LineTable, RowKind, Table, ParseProblem, Side } from '../model/types';
import { SourceRow, TextCell, NO_TEXTS, type CellStore } from '../model/store';
import {
  buildColumns,
  columnRelations,
  EXPENDITURE_CATEGORIES,
  type TableKindDef,
  type ColumnVariant,
} from '../model/registry';
import { isRuleRange, type LineCells } from './lines';
import { isAmbiguousNegative } from './numbers';
import { labelKey, ORDINAL_CN_RE } from './text';
import { buildLayoutTable, isAligned, type LayoutHints } from './layoutTable';
import { hasWideGap, LineTokens } from './layout';
import { buildReadingOrderTable, isReadingOrder } from './readingOrder';

export interface TableSource {
  text: string;
  lines: LineTable;
  /** header lines (first page) */
  header: number[];
  /** data lines, in order */
  data: number[];
  /** the splitters' buffer (its cells are the table's own while it is built) */
  cells: LineCells;
  /** where the rows' amount cells go */
  store: CellStore;
  /** the table's title as printed */
  title: string;
  /** lines left out as repeated page furniture (titles, unit lines, headers of continuation pages) */
  repeated: number[];
  /** shared by the document's tables: what earlier tables showed of the layout */
  hints?: LayoutHints;
  /** 1 for each line of the document holding a tab (made once per document), when the caller has it */
  tabLines?: Uint8Array;
}

/** The source with a table's token cache (spelt out: a spread of the source costs more than the few fields). */
function withTokens(src: TableSource, tokens: LineTokens): TableSource & { tokens: LineTokens } {
  return {
    text: src.text,
    lines: src.lines,
    header: src.header,
    data: src.data,
    cells: src.cells,
    store: src.store,
    title: src.title,
    repeated: src.repeated,
    hints: src.hints,
    tabLines: src.tabLines,
    tokens,
  };
}

/** For each line of the text, 1 when it holds a tab: one native search through the document. */
export function linesWithTabs(text: string, lines: LineTable): Uint8Array {
  const out = new Uint8Array(lines.length);
  let l = 0;
  for (let i = text.indexOf('\t'); i >= 0; i = text.indexOf('\t', i + 1)) {
    while (l < lines.length && lines.end(l) < i) l++;
    if (l < lines.length && lines.start(l) <= i) out[l] = 1;
  }
  return out;
}

const TOTAL_RE = /^(合计|总计|金额合计|本年收入合计|本年支出合计|收入总计|支出总计|本年收入合计\S*|本年支出合计\S*)$/;
const CODE_ONLY_RE = /^\[?\s*(\d{3}|\d{5}|\d{7})\s*\]?$/;
const CODE_LABEL_RE = /^\[\s*(\d{3}|\d{5}|\d{7})\s*\]\s*(.*)$|^(\d{3}|\d{5}|\d{7})[\s\u3000]+(\S.*)$/;
const ORG_RE = /(局|中心|委员会|办公室|院|所|站|队|馆|处|厅|社|校|园|本级|部门)$/;

/** A leading cell (code, label) as a string with its span: the few cells of a line that need their text. */
interface LeadCell {
  raw: string;
  start: number;
  end: number;
}

/** Blank leading cells (they only hold a column's place) share this. */
const BLANK_LEAD: LeadCell = Object.freeze({ raw: '', start: 0, end: 0 });

interface LineParse {
  line: number;
  start: number;
  end: number;
  code: { code: string; start: number; end: number; style: CodeRef['style'] } | undefined;
  label: string;
  labelStart: number;
  labelEnd: number;
  /** the amount cells: LineCells indices [amountFrom, amountTo) */
  amountFrom: number;
  amountTo: number;
  texts: Cell[];
  /** number of numeric cells */
  numeric: number;
}

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

/** Is `s` exactly `n` ASCII digits? */
function isDigits(s: string, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Index of the first non-empty cell at or after `from` (before `end`), or -1. */
function nextNonEmpty(cells: LeadCell[], from: number, end: number): number {
  for (let i = from; i < end; i++) if (cells[i].raw.length > 0) return i;
  return -1;
}

/** Leading cells cells[0, end) → code + label. */
function readLead(cells: LeadCell[], end: number, p: LineParse): void {
  let i = 0;
  // a code split into 类 | 款 | 项 columns (部门决算): 201 | 06 | 01, or 201 | 06 for a 款
  const a = nextNonEmpty(cells, 0, end);
  const b = a >= 0 ? nextNonEmpty(cells, a + 1, end) : -1;
  if (b >= 0 && isDigits(cells[a].raw, 3) && isDigits(cells[b].raw, 2)) {
    const c = nextNonEmpty(cells, b + 1, end);
    const last = c >= 0 && isDigits(cells[c].raw, 2) ? c : b;
    const code = cells[a].raw + cells[b].raw + (last === c ? cells[c].raw : '');
    p.code = { code, start: cells[a].start, end: cells[last].end, style: 'split' };
    i = last + 1;
  }
  // the label: the remaining non-empty cells joined by a space
  let label = '';
  let parts = 0;
  for (; i < end; i++) {
    const c = cells[i];
    if (c.raw.length === 0) continue;
    if (!p.code && parts === 0) {
      const only = CODE_ONLY_RE.exec(c.raw);
      if (only) {
        p.code = { code: only[1], start: c.start, end: c.end, style: c.raw.startsWith('[') ? 'bracketed' : 'bare' };
        continue;
      }
      const cl = CODE_LABEL_RE.exec(c.raw);
      if (cl) {
        const code = cl[1] ?? cl[3];
        const rest = cl[2] ?? cl[4] ?? '';
        const codeEnd = c.start + c.raw.indexOf(code) + code.length + (cl[1] ? c.raw.indexOf(']') - c.raw.indexOf(code) - code.length + 1 : 0);
        p.code = { code, start: c.start, end: codeEnd, style: cl[1] ? 'bracketed' : 'bare' };
        const trimmed = rest.trim();
        if (trimmed.length > 0) {
          const from = c.start + (c.raw.length - rest.length) + (rest.length - rest.trimStart().length);
          label = trimmed;
          p.labelStart = from;
          p.labelEnd = from + trimmed.length;
          parts = 1;
        }
        continue;
      }
    }
    if (parts === 0) {
      label = c.raw;
      p.labelStart = c.start;
    } else label += ' ' + c.raw;
    p.labelEnd = c.end;
    parts++;
  }
  if (parts > 0) p.label = label;
}

/** Cell k of the buffer as a leading cell. */
function leadCell(cells: LineCells, k: number): LeadCell {
  return cells.isBlank(k) ? BLANK_LEAD : { raw: cells.raw(k), start: cells.start(k), end: cells.end(k) };
}

/** Cells [from, to) of the buffer as leading cells. */
function leadCells(cells: LineCells, from: number, to: number): LeadCell[] {
  const out: LeadCell[] = new Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = leadCell(cells, k);
  return out;
}

/** Cells [from, to) (from < to) of the buffer as one: their texts joined by a space, from the first's start to the last's end. */
function joined(cells: LineCells, from: number, to: number): LeadCell {
  let raw: string;
  if (to - from === 1) raw = cells.raw(from);
  else {
    const parts: string[] = new Array(to - from);
    for (let k = from; k < to; k++) parts[k - from] = cells.raw(k);
    raw = parts.join(' ');
  }
  return { raw, start: cells.start(from), end: cells.end(to - 1) };
}

/** Cell k of the buffer as a text cell of a row. */
function textCell(cells: LineCells, k: number): TextCell {
  return new TextCell(cells.raw(k), cells.start(k), cells.end(k));
}

/** The row's code: one object, its own span. */
function codeRef(c: NonNullable<LineParse['code']>, fallback: CodeScheme): CodeRef {
  return new SourceCode(c.code, codeLevel(c.code), schemeOf(c.code, fallback), c.start, c.end, c.style);
}

function emptyParse(line: number, start: number, end: number): LineParse {
  return { line, start, end, code: undefined, label: '', labelStart: start, labelEnd: start, amountFrom: 0, amountTo: 0, texts: NO_TEXTS, numeric: 0 };
}

/** Pick the run of numeric tokens [from, to) that holds the amounts (space layout); buffer indices. */
function amountRun(cells: LineCells, from: number, to: number): [number, number] | null {
  let best: [number, number] | null = null;
  let bestScore = -1;
  let i = from;
  while (i < to) {
    if (!cells.isNumber(i)) {
      i++;
      continue;
    }
    let j = i;
    let dec = false;
    while (j < to && cells.isNumber(j)) {
      if (cells.decimals(j) > 0) dec = true;
      j++;
    }
    // a leading bare code token (201, 20103, 2010301) is a code, not an amount
    const isLeadCode = i === from && cells.decimals(from) === 0 && cells.isCode(from);
    if (isLeadCode && j - i > 1) {
      i = from + 1;
      continue;
    }
    if (!isLeadCode) {
      const score = (j - i) * 10 + (dec ? 5 : 0);
      if (score >= bestScore) {
        best = [i, j];
        bestScore = score;
      }
    }
    i = j;
  }
  return best;
}

function parseSpaceLine(cells: LineCells, line: number, start: number, end: number): LineParse {
  const p = emptyParse(line, start, end);
  const from = cells.length;
  cells.addSpaceTokens(start, end);
  const to = cells.length;
  const run = amountRun(cells, from, to);
  const leadEnd = run ? run[0] : to;
  if (run) {
    p.amountFrom = run[0];
    p.amountTo = run[1];
    p.numeric = run[1] - run[0];
    if (run[1] < to) {
      const rest = joined(cells, run[1], to);
      p.texts = [new TextCell(rest.raw, rest.start, rest.end)];
    }
  }
  // join label tokens into one cell (names may contain spaces)
  if (leadEnd > from) {
    const first = cells.raw(from);
    const lead: LeadCell[] = [];
    let rest = from;
    if (CODE_ONLY_RE.test(first) || CODE_LABEL_RE.test(first)) {
      lead.push(leadCell(cells, from));
      rest++;
    }
    if (rest < leadEnd) lead.push(joined(cells, rest, leadEnd));
    readLead(lead, lead.length, p);
  }
  return p;
}

/** Is cell k a code alone (201, [20103])? Amounts with decimals and empty amount cells never are: no pattern is tried on them. */
function isCodeOnly(cells: LineCells, k: number): boolean {
  if (cells.isNumber(k) ? cells.decimals(k) > 0 : cells.isEmpty(k)) return false;
  return cells.isCode(k);
}

/** Where the amounts begin in the line of cells [from, to): an index relative to `from`, or -1. */
function hasDecimalPoint(s: string): boolean {
  return s.indexOf('.') > 0;
}

function firstAmountIndex(cells: LineCells, from: number, to: number): number {
  let seenLead = false;
  let prevCode = false; // the previous non-empty cell was part of a code (201, or 06 of 201 | 06 | 01)
  for (let k = from; k < to; k++) {
    if (cells.isBlank(k)) continue;
    const splitPart: boolean = prevCode && cells.isDigits(k, 2);
    const code = isCodeOnly(cells, k) && (k + 1 < to && !cells.isNumber(k + 1) && !cells.isBlank(k + 1) ? true : !seenLead);
    if (cells.isNumber(k) && seenLead && !splitPart && !code) return k - from;
    // a row without a label: its label cell blank, a figure first (the PDF reader keeps blank cells)
    if (!seenLead && k > from && cells.isNumber(k) && hasDecimalPoint(cells.raw(k))) return k - from;
    prevCode = splitPart || cells.isDigits(k, 3) || (code && !seenLead);
    seenLead = true;
  }
  return -1;
}

/** The most frequent of the values ≥ `min` (ties: the largest), or undefined. */
function mode(values: ArrayLike<number>, min: number): number | undefined {
  const counts = new Map<number, number>();
  let best: number | undefined;
  let bestN = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestN || (n === bestN && best !== undefined && v > best)) {
      best = v;
      bestN = n;
    }
  }
  return best;
}

export interface BuiltTable {
  rows: SourceRow[];
  header: Table['header'];
  problems: ParseProblem[];
  /** amount columns per row as found */
  leafCount: number;
  /** why the table's checks cannot run on what was read, or null */
  unread: string | null;
}

/** Build the rows of a two-sided (income | expenditure) table. */
function buildTwoSided(src: TableSource, tabbed: boolean, rows: SourceRow[]): void {
  const { cells, store } = src;
  for (const line of src.data) {
    const start = src.lines.start(line);
    const end = src.lines.end(line);
    if (isRuleRange(src.text, start, end)) continue;
    // amount: a buffer index, or -1
    const items: Array<{ label: LeadCell | null; amount: number; side?: Side }> = [];
    cells.clear();
    if (tabbed) {
      cells.addTabCells(start, end);
      const n = cells.length;
      const pairAt = (l: number, side: Side) => {
        const a = l + 1;
        const hasLabel = l < n && !cells.isBlank(l);
        if (hasLabel || (a < n && cells.isNumber(a))) {
          items.push({ label: hasLabel ? leadCell(cells, l) : null, amount: a < n && (cells.isNumber(a) || cells.isEmpty(a)) ? a : -1, side });
        }
      };
      pairAt(0, 'income');
      pairAt(2, 'expenditure');
    } else {
      cells.addSpaceTokens(start, end);
      let labelFrom = 0;
      for (let t = 0; t < cells.length; t++) {
        if (cells.isNumber(t) && t > labelFrom) {
          items.push({ label: joined(cells, labelFrom, t), amount: t });
          labelFrom = t + 1;
        }
      }
      if (items.length === 2) {
        items[0].side = 'income';
        items[1].side = 'expenditure';
      } else if (items.length === 1) {
        const k = labelKey(items[0].label!.raw);
        items[0].side = /支出|结转下年|支出合计|支出总计/.test(k) ? 'expenditure' : 'income';
      }
    }
    for (const it of items) {
      if (!it.label && it.amount < 0) continue;
      const label = it.label?.raw ?? '';
      const key = labelKey(label);
      const kind: RowKind = TOTAL_RE.test(key) ? 'total' : 'item';
      const from = store.length;
      if (it.amount >= 0) cells.toStore(it.amount, store, 0);
      const row = new SourceRow(rows.length, line, line, label, it.label ? it.label.start : -1, it.label ? it.label.end : -1, store, from, store.length - from);
      row.kind = kind;
      row.depth = ORDINAL_CN_RE.test(key) || kind === 'total' ? 0 : 1;
      row.side = it.side;
      rows.push(row);
    }
  }
}

/** The amount cells [from, to) of the buffer into the store, each at its leaf column; returns the first one's store index. */
function storeCells(cells: LineCells, from: number, to: number, store: CellStore): number {
  const first = store.length;
  for (let k = from; k < to; k++) cells.toStore(k, store, k - from);
  return first;
}

/** Does the label begin with white space (\s or the ideographic space)? */
function isSpaceStart(label: string): boolean {
  return label.length > 0 && /^[\s\u3000]/.test(label);
}

/**
 * What a registry column variant gives the tables that use it, made once
 * per variant: its leaf count and the keys of its column labels (without
 * 其中:), to choose the variant, and its column tree and column relations,
 * which those tables share (frozen: nothing changes them).
 */
interface VariantShape {
  leafCount: number;
  keys: string[];
  columns: ColumnNode[];
  relations: ColumnRelation[];
}
const VARIANT_SHAPES = new WeakMap<ColumnVariant, VariantShape>();
function variantShape(v: ColumnVariant): VariantShape {
  let shape = VARIANT_SHAPES.get(v);
  if (shape === undefined) {
    const { nodes, leafCount } = buildColumns(v.columns);
    const keys: string[] = [];
    const visit = (ns: ColumnNode[]) => {
      for (const x of ns) {
        keys.push(labelKey(x.label).replace(/^其中:/, ''));
        visit(x.children);
      }
    };
    visit(nodes);
    const explicit = (v.relations ?? []).map(([total, parts]): ColumnRelation => ({ total, parts, rule: 'sum.block' }));
    const implied = v.explicitOnly
      ? []
      : columnRelations(nodes).map(([total, parts]): ColumnRelation => ({ total, parts, rule: 'sum.columns' }));
    shape = { leafCount, keys, columns: frozenTree(nodes), relations: frozenRelations([...implied, ...explicit]) };
    VARIANT_SHAPES.set(v, shape);
  }
  return shape;
}

function frozenTree(nodes: ColumnNode[]): ColumnNode[] {
  for (const n of nodes) {
    frozenTree(n.children);
    Object.freeze(n);
  }
  return Object.freeze(nodes) as ColumnNode[];
}

function frozenRelations(relations: ColumnRelation[]): ColumnRelation[] {
  for (const r of relations) {
    Object.freeze(r.parts);
    Object.freeze(r);
  }
  return Object.freeze(relations) as ColumnRelation[];
}

function chooseVariant(kind: TableKindDef, leafCount: number, headerKey: string): ColumnVariant | undefined {
  let best: ColumnVariant | undefined;
  let bestScore = -1;
  for (const v of kind.variants) {
    const shape = variantShape(v);
    if (shape.leafCount !== leafCount) continue;
    let score = 0;
    for (const key of shape.keys) if (headerKey.includes(key)) score++;
    if (score > bestScore) {
      best = v;
      bestScore = score;
    }
  }
  return best;
}

/** Does the header name the column label `key`, whole or wrapped in two pieces (年初结转和 … 结余)? */
function headerNames(headerKey: string, key: string): boolean {
  if (headerKey.includes(key)) return true;
  for (let cut = 2; cut <= key.length - 2; cut++) {
    const at = headerKey.indexOf(key.slice(0, cut));
    if (at >= 0 && headerKey.indexOf(key.slice(cut), at + cut) >= 0) return true;
  }
  return false;
}

/**
 * The variant of a table without figures, from its header alone: the one whose column labels the
 * header names most (at least half of its labels; of two naming as many, the one with fewer others). Labels
 * wrapped over header lines (年初结转和 | 结余) are not found whole: half is enough.
 */
function variantByHeader(kind: TableKindDef, headerKey: string): ColumnVariant | undefined {
  let best: ColumnVariant | undefined;
  let bestScore = 0;
  let bestFound = 0;
  let tie = false;
  for (const v of kind.variants) {
    const { keys } = variantShape(v);
    if (keys.length === 0) continue;
    let found = 0;
    for (const key of keys) if (key !== '' && headerNames(headerKey, key)) found++;
    if (found * 2 < keys.length) continue;
    const score = found / keys.length;
    if (found > bestFound || (found === bestFound && score > bestScore)) {
      best = v;
      bestScore = score;
      bestFound = found;
      tie = false;
    } else if (score === bestScore && found === bestFound) tie = true;
  }
  return tie ? undefined : best;
}

/** Generic header: one leaf per amount column, labelled from the header lines above it. */
function genericColumns(src: TableSource, amountStart: number, leafCount: number, tabbed: boolean): ColumnNode[] {
  const labels: string[] = new Array(leafCount).fill('');
  if (tabbed) {
    const cells = src.cells;
    for (const line of src.header) {
      // after the data lines' cells, which are no longer needed
      const from = cells.length;
      cells.addTabCells(src.lines.start(line), src.lines.end(line));
      for (let i = 0; i < leafCount; i++) {
        const k = from + amountStart + i;
        if (k < cells.length && !cells.isBlank(k)) labels[i] += cells.raw(k);
      }
    }
  }
  return labels.map((label, leaf) => ({ label: label || `#${leaf + 1}`, leaf, children: [] }));
}

export function buildTable(src: TableSource, kind: TableKindDef): BuiltTable {
  const rows: SourceRow[] = [];
  const problems: ParseProblem[] = [];
  const { text, lines, store, cells } = src;
  cells.clear();
  // each line searched on its own (a search for the next tab from a line could
  // run through megabytes of a long tab-free document, once per table)
  const withTabs = src.tabLines;
  const hasTab = (line: number): boolean => {
    if (withTabs !== undefined) return withTabs[line] === 1;
    const end = lines.end(line);
    for (let i = lines.start(line); i < end; i++) if (text.charCodeAt(i) === 9) return true;
    return false;
  };
  let tabLines = 0;
  for (const l of src.header) if (hasTab(l)) tabLines++;
  for (const l of src.data) if (hasTab(l)) tabLines++;
  const lineCount = src.header.length + src.data.length;
  const tabbed = tabLines * 2 >= lineCount && tabLines > 0;
  // each line tokenised once for the tests below and the reader they choose
  const tokens = new LineTokens();
  const region = [...src.header, ...src.data];
  if (!tabbed && isReadingOrder(text, lines, region, tokens)) {
    const ro = buildReadingOrderTable(withTokens(src, tokens), kind);
    collectNegatives(ro.rows, ro.problems);
    return { rows: ro.rows, header: ro.header, problems: ro.problems, unread: ro.unread, leafCount: ro.header.leafCount };
  }
  if (!tabbed && isAligned(text, lines, src.data.length > 0 ? src.data : src.header, hasWideGap)) {
    const laid = buildLayoutTable(withTokens(src, tokens), kind);
    if (laid) {
      collectNegatives(laid.rows, laid.problems);
      return { rows: laid.rows, header: laid.header, problems: laid.problems, unread: laid.unread, leafCount: laid.header.leafCount };
    }
  }
  const headerKey = src.header.map((l) => labelKey(text, lines.start(l), lines.end(l))).join('');

  if (kind.rows === 'two-sided') {
    buildTwoSided(src, tabbed, rows);
    const v = kind.variants[0];
    const side = v ? variantShape(v).columns : [];
    collectMalformed(rows, problems);
    return {
      rows,
      problems,
      unread: null,
      leafCount: 1,
      header: {
        lines: src.header.slice(),
        columns: side,
        sides: { income: side, expenditure: side },
        source: 'registry',
        leafCount: 1,
        relations: [],
      },
    };
  }

  // 1. parse every data line into lead / amounts / texts
  const parsed: LineParse[] = [];
  let amountStart = -1;
  if (tabbed) {
    const data = src.data;
    // the cells of data line k are [lineFrom[k], lineFrom[k + 1]) in the buffer
    const lineFrom = new Int32Array(data.length + 1);
    const firsts = new Int32Array(data.length);
    for (let k = 0; k < data.length; k++) {
      lineFrom[k] = cells.length;
      cells.addTabCells(lines.start(data[k]), lines.end(data[k]));
      firsts[k] = firstAmountIndex(cells, lineFrom[k], cells.length);
    }
    lineFrom[data.length] = cells.length;
    amountStart = mode(firsts, 0) ?? 1;
    const widths = new Int32Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const base = lineFrom[k];
      const n = lineFrom[k + 1] - base;
      let last = -1;
      for (let i = amountStart; i < n; i++) if (cells.isNumber(base + i)) last = i;
      widths[k] = last >= amountStart ? last - amountStart + 1 : -1;
    }
    let width = mode(widths, 1) ?? 0;
    // blank cells kept as empty fields (the PDF reader's canonical text): when nearly every data line
    // has the same number of cells, and so does a header line, the columns run to the last cell
    const cellCounts = new Int32Array(data.length);
    for (let k = 0; k < data.length; k++) cellCounts[k] = lineFrom[k + 1] - lineFrom[k];
    const full = mode(cellCounts, 1) ?? 0;
    if (full - amountStart > width && width > 0) {
      let agree = 0;
      let textBeyond = false;
      for (let k = 0; k < data.length; k++) {
        if (cellCounts[k] === full) agree++;
        // a text column after the figures (绩效目标) is not a blank figure column
        for (let i = lineFrom[k] + amountStart + width; i < lineFrom[k + 1]; i++) if (!cells.isBlank(i) && !cells.isNumber(i)) textBeyond = true;
      }
      let headerCells = 0;
      for (const l of src.header) {
        // a header line that names every column beyond the figures (none of its cells there blank)
        const parts = text.slice(lines.start(l), lines.end(l)).split('\t');
        if (parts.length !== full) continue;
        let named = true;
        for (let i = amountStart + width; i < full; i++) if (parts[i].trim() === '') named = false;
        if (named) headerCells = parts.length;
      }
      if (!textBeyond && agree >= data.length * 0.9 && headerCells === full) width = full - amountStart;
    }
    for (let k = 0; k < data.length; k++) {
      const line = data[k];
      const s = lines.start(line);
      const e = lines.end(line);
      if (isRuleRange(text, s, e)) continue;
      const p = emptyParse(line, s, e);
      const base = lineFrom[k];
      const n = lineFrom[k + 1] - base;
      // more leading cells than usual (a unit name column): shift
      const first = firsts[k];
      const leadEnd = first > amountStart ? first : Math.min(amountStart, n);
      const amountEnd = Math.min(leadEnd + width, n);
      // amount cells that are text (e.g. a label spilling) become texts, last first;
      // then the cells beyond the width (a row that stops early)
      let texts: Cell[] | null = null;
      let numeric = 0;
      let spilled = 0;
      for (let i = base + leadEnd; i < base + amountEnd; i++) {
        if (cells.isNumber(i)) numeric++;
        else if (!cells.isEmpty(i)) spilled++;
      }
      if (spilled === 0) {
        if (amountEnd > leadEnd) {
          p.amountFrom = base + leadEnd;
          p.amountTo = base + amountEnd;
        }
      } else {
        // the amounts without the text cells: copied to the end of the buffer, to be one range
        texts = [];
        p.amountFrom = cells.length;
        for (let i = base + leadEnd; i < base + amountEnd; i++) {
          if (cells.isNumber(i) || cells.isEmpty(i)) cells.copy(i);
          else texts.unshift(textCell(cells, i));
        }
        p.amountTo = cells.length;
      }
      for (let i = base + amountEnd; i < base + n; i++) {
        if (!cells.isBlank(i)) (texts ??= []).push(textCell(cells, i));
      }
      p.numeric = numeric;
      // rows keep their texts: an array of its exact size (a pushed one has room for more)
      if (texts !== null) p.texts = texts.slice();
      readLead(leadCells(cells, base, base + leadEnd), leadEnd, p);
      parsed.push(p);
    }
  } else {
    for (const line of src.data) {
      const s = lines.start(line);
      const e = lines.end(line);
      if (isRuleRange(text, s, e)) continue;
      parsed.push(parseSpaceLine(cells, line, s, e));
    }
  }
  const counts: number[] = [];
  for (const p of parsed) if (p.numeric > 0) counts.push(p.amountTo - p.amountFrom);
  const leafCount = mode(counts, 0) ?? 0;

  // 2. assemble rows: wrapped names, code lines, continuation lines
  let pendingCode: LineParse | null = null;
  let pendingText: LineParse[] = [];
  const last = (): SourceRow | undefined => {
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i].kind !== 'continuation') return rows[i];
    return undefined;
  };
  const emit = (p: LineParse, endLine: number, extraLabel: LineParse[] = []): SourceRow => {
    let label = p.label;
    // the label's span (-1: none)
    let labelStart = p.label ? p.labelStart : -1;
    let labelEnd = p.label ? p.labelEnd : -1;
    for (const x of extraLabel) {
      if (!x.label) continue;
      label += x.label;
      if (labelStart < 0) labelStart = x.labelStart;
      labelEnd = x.labelEnd;
    }
    const trimmed = isSpaceStart(label) ? label.replace(/^[\s\u3000]+/, '') : label;
    const cellFrom = storeCells(cells, p.amountFrom, p.amountTo, store);
    const row = new SourceRow(rows.length, p.line, endLine, trimmed, labelStart, labelEnd, store, cellFrom, p.amountTo - p.amountFrom);
    if (p.texts.length > 0) row.texts = p.texts;
    if (p.code) row.code = codeRef(p.code, kind.scheme ?? 'function');
    rows.push(row);
    return row;
  };
  const continuation = (p: LineParse) => {
    const owner = last();
    if (!owner) return;
    const row = new SourceRow(rows.length, p.line, p.line, p.label, p.label ? p.labelStart : -1, p.label ? p.labelEnd : -1, store, store.length, 0);
    row.kind = 'continuation';
    row.depth = owner.depth;
    if (p.texts.length > 0) row.texts = p.texts;
    row.owner = owner.index;
    rows.push(row);
    if (p.label && !owner.code) owner.label += p.label;
    for (const t of p.texts) {
      if (owner.texts.length > 0) owner.texts[owner.texts.length - 1].raw += t.raw;
      else owner.texts = [new TextCell(t.raw, t.span.start, t.span.end)];
    }
    owner.endLine = Math.max(owner.endLine, p.line);
  };
  const flushText = () => {
    for (const t of pendingText) {
      // a text-only line after a complete row continues its text cell
      const asText: LineParse =
        t.texts.length === 0 && t.label
          ? { ...t, texts: [new TextCell(t.label, t.labelStart, t.labelEnd)], label: '' }
          : t;
      continuation(asText);
    }
    pendingText = [];
  };
  const flushCode = () => {
    if (pendingCode) emit(pendingCode, pendingCode.line, pendingText);
    pendingCode = null;
    pendingText = [];
  };

  for (const p of parsed) {
    const hasLead = !!p.code || p.label.length > 0;
    if (p.numeric > 0) {
      if (hasLead) {
        if (pendingCode) flushCode();
        else flushText();
        emit(p, p.line);
      } else if (pendingCode) {
        const base: LineParse = pendingCode;
        base.amountFrom = p.amountFrom;
        base.amountTo = p.amountTo;
        base.texts = p.texts;
        base.numeric = p.numeric;
        emit(base, p.line, pendingText);
        pendingCode = null;
        pendingText = [];
      } else if (pendingText.length > 0 && !tabbed) {
        const [head, ...rest] = pendingText;
        head.amountFrom = p.amountFrom;
        head.amountTo = p.amountTo;
        head.texts = p.texts;
        head.numeric = p.numeric;
        emit(head, p.line, rest);
        pendingText = [];
      } else {
        flushText();
        emit(p, p.line);
      }
    } else if (p.code) {
      if (pendingCode) flushCode();
      else flushText();
      pendingCode = p;
    } else if (p.label || p.texts.length > 0) {
      if (pendingCode) pendingText.push(p);
      else if (tabbed) continuation(p);
      else pendingText.push(p);
    }
  }
  if (pendingCode) flushCode();
  flushText();

  // 3. header / columns
  let columns: ColumnNode[] = [];
  let source: Table['header']['source'] = 'none';
  let relations: ColumnRelation[] = [];
  // a table without figures (an empty template table: its header, a blank 合计, 本表无数据): its columns from the header
  const variant = leafCount > 0 ? chooseVariant(kind, leafCount, headerKey) : variantByHeader(kind, headerKey);
  if (variant) {
    const shape = variantShape(variant);
    columns = shape.columns;
    source = 'registry';
    relations = shape.relations;
  } else if (leafCount > 0) {
    columns = genericColumns(src, Math.max(amountStart, 0), leafCount, tabbed);
    source = kind.variants.length === 0 ? 'text' : 'none';
    if (source === 'text')
      relations = columnRelations(columns).map(([total, parts]): ColumnRelation => ({ total, parts, rule: 'sum.columns' }));
  }

  classifyRows(rows, kind);
  collectMalformed(rows, problems);
  return {
    rows,
    problems,
    unread: null,
    leafCount,
    // a table read by its header alone has the variant's columns
    header: { lines: src.header.slice(), columns, source, leafCount: leafCount > 0 || !variant ? leafCount : variantShape(variant).leafCount, relations },
  };
}

function collectMalformed(rows: SourceRow[], problems: ParseProblem[]): void {
  for (let i = 0; i < rows.length; i++) {
    const { store, cellFrom, cellCount } = rows[i];
    for (let j = cellFrom; j < cellFrom + cellCount; j++) {
      if (!store.isNumber(j)) continue;
      if (store.isMalformed(j)) {
        problems.push({ code: 'number.malformed', span: { start: store.start(j), end: store.end(j) }, args: { raw: store.raw(j) } });
      }
      negativeHint(store, j, problems);
    }
  }
}

/** A sign set apart (`- 1.00`) or a triangle (`△1.00`): read as negative, said once per cell (number.negative). */
function negativeHint(store: CellStore, j: number, problems: ParseProblem[]): void {
  if (!isAmbiguousNegative(store.text, store.start(j), store.end(j))) return;
  const raw = store.raw(j);
  problems.push({ code: 'number.negative', span: { start: store.start(j), end: store.end(j) }, args: { raw, value: '-' + raw.slice(1).trim() } });
}

/** number.negative for the rows of a table read by position (their damaged numbers are not reported there). */
function collectNegatives(rows: SourceRow[], problems: ParseProblem[]): void {
  for (let i = 0; i < rows.length; i++) {
    const { store, cellFrom, cellCount } = rows[i];
    for (let j = cellFrom; j < cellFrom + cellCount; j++) if (store.isNumber(j)) negativeHint(store, j, problems);
  }
}

const CATEGORY_KEYS = new Set([...EXPENDITURE_CATEGORIES].map((k) => labelKey(k)));

function isOrgName(label: string): boolean {
  return isOrgKey(labelKey(label));
}

/** isOrgName for a label's key. */
function isOrgKey(key: string): boolean {
  const k = key.replace(/\(本级\)$/, '本级');
  return ORG_RE.test(k) && !/(费|项目|经费|资金|支出|工程|服务)$/.test(k);
}

/** Do the text cells, as one key, say nothing or 无 (a unit row of a project table)? Reads at most two key characters. */
function isBlankTarget(texts: Cell[]): boolean {
  let key = '';
  for (let i = 0; i < texts.length && key.length < 2; i++) key += labelKey(texts[i].raw, 0, texts[i].raw.length, 2 - key.length);
  return key === '' || key === '无';
}

/** Row kinds and nesting depth. */
function classifyRows(rows: SourceRow[], kind: TableKindDef): void {
  const data = rows.filter((r) => r.kind !== 'continuation');
  for (const r of data) {
    // totals and notes need the normalised key; most rows do not
    const key = r.label.indexOf('计') >= 0 || /^[注说备]/.test(r.label) ? labelKey(r.label) : '';
    if (key && TOTAL_RE.test(key)) r.kind = 'total';
    else if (r.code) r.kind = 'code';
    else if (key && (/合计$/.test(key) || key === '小计')) r.kind = 'subtotal';
    else if (key && /^(注|说明|备注)[:：]/.test(key)) r.kind = 'note';
    else r.kind = 'item';
  }
  if (kind.rows === 'code-tree') {
    for (const r of data) {
      if (r.kind === 'code') r.depth = (r.code!.level - 1) as number;
      else if (r.kind === 'item' && r.cellCount > 0 && isOrgName(r.label)) r.kind = 'unit';
    }
    return;
  }
  if (kind.rows === 'blocks-basic' || kind.rows === 'blocks-project') {
    const project = kind.rows === 'blocks-project';
    // whether an item row's label is a category (基本支出 …), for its kind and its depth
    const category = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const r = data[i];
      if (r.kind !== 'item') continue;
      const k = labelKey(r.label);
      if (CATEGORY_KEYS.has(k)) category[i] = 1;
      if (project) r.kind = isOrgKey(k) && isBlankTarget(r.texts) ? 'unit' : 'project';
      else r.kind = category[i] === 1 ? 'item' : isOrgKey(k) ? 'unit' : 'item';
    }
    // depth: a unit directly followed by another unit is their parent
    // (a department over its units); categories and projects sit under units
    let parentSeen = false;
    let unitDepth = -1;
    for (let i = 0; i < data.length; i++) {
      const r = data[i];
      if (r.kind === 'unit') {
        const next = data[i + 1];
        if (!parentSeen && unitDepth < 0 && next && next.kind === 'unit') {
          parentSeen = true;
          r.depth = 0;
        } else r.depth = parentSeen ? 1 : 0;
        unitDepth = r.depth;
      } else if (r.kind === 'item') {
        const isCat = category[i] === 1;
        r.depth = unitDepth + 1 + (project || isCat ? 0 : 1);
      } else if (r.kind === 'project') {
        r.depth = unitDepth + 1;
      }
    }
  }
}
