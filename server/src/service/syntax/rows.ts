/**
 * Table reconstruction: from the data lines of one table (across pages) to
 * rows with codes, labels, exact amounts and text cells. Wrapped rows are
 * rebuilt (code line, name lines, amounts line) and continuation lines of
 * long text cells are joined to their row. Never throws.
 */
import { SourceCode } from '../model/types';
import type { Cell, CodeRef, CodeScheme, ColumnNode, ColumnRelation, LineTable, Row, RowKind, Table, ParseProblem, Side, Span } from '../model/types';
import { SourceRow, NO_TEXTS, type CellStore } from '../model/store';
import {
  buildColumns,
  columnRelations,
  EXPENDITURE_CATEGORIES,
  type TableKindDef,
  type ColumnVariant,
} from '../model/registry';
import { spaceTokens, tabCells, isRuleRange, numOf, isEmptyCell, type RawCell } from './lines';
import { labelKey, ORDINAL_CN_RE } from './text';

export interface TableSource {
  text: string;
  lines: LineTable;
  /** header lines (first page) */
  header: number[];
  /** data lines, in order */
  data: number[];
  /** where the rows' amount cells go */
  store: CellStore;
}

/** Lines without amount cells (continuations, code lines without figures) share this (never mutated). */
const NO_CELLS: Cell[] = Object.freeze([]) as unknown as Cell[];

const TOTAL_RE = /^(合计|总计|金额合计|本年收入合计|本年支出合计|收入总计|支出总计|本年收入合计\S*|本年支出合计\S*)$/;
const CODE_ONLY_RE = /^\[?\s*(\d{3}|\d{5}|\d{7})\s*\]?$/;
const CODE_LABEL_RE = /^\[\s*(\d{3}|\d{5}|\d{7})\s*\]\s*(.*)$|^(\d{3}|\d{5}|\d{7})[\s\u3000]+(\S.*)$/;
const ORG_RE = /(局|中心|委员会|办公室|院|所|站|队|馆|处|厅|社|校|园|本级|部门)$/;

interface LineParse {
  line: number;
  start: number;
  end: number;
  code?: { code: string; start: number; end: number; style: CodeRef['style'] };
  label: string;
  labelStart: number;
  labelEnd: number;
  /** a label that is one whole cell: that cell's span, for the row to share */
  labelCellSpan: Span | null;
  amounts: RawCell[];
  texts: RawCell[];
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
function nextNonEmpty(cells: RawCell[], from: number, end: number): number {
  for (let i = from; i < end; i++) if (cells[i].raw.length > 0) return i;
  return -1;
}

/** Leading cells cells[0, end) → code + label. */
function readLead(cells: RawCell[], end: number, p: LineParse): void {
  let i = 0;
  // a code split into 类 | 款 | 项 columns (部门决算): 201 | 06 | 01, or 201 | 06 for a 款
  const a = nextNonEmpty(cells, 0, end);
  const b = a >= 0 ? nextNonEmpty(cells, a + 1, end) : -1;
  if (b >= 0 && isDigits(cells[a].raw, 3) && isDigits(cells[b].raw, 2)) {
    const c = nextNonEmpty(cells, b + 1, end);
    const last = c >= 0 && isDigits(cells[c].raw, 2) ? c : b;
    const code = cells[a].raw + cells[b].raw + (last === c ? cells[c].raw : '');
    p.code = { code, start: cells[a].span.start, end: cells[last].span.end, style: 'split' };
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
        p.code = { code: only[1], start: c.span.start, end: c.span.end, style: c.raw.startsWith('[') ? 'bracketed' : 'bare' };
        continue;
      }
      const cl = CODE_LABEL_RE.exec(c.raw);
      if (cl) {
        const code = cl[1] ?? cl[3];
        const rest = cl[2] ?? cl[4] ?? '';
        const codeEnd = c.span.start + c.raw.indexOf(code) + code.length + (cl[1] ? c.raw.indexOf(']') - c.raw.indexOf(code) - code.length + 1 : 0);
        p.code = { code, start: c.span.start, end: codeEnd, style: cl[1] ? 'bracketed' : 'bare' };
        const trimmed = rest.trim();
        if (trimmed.length > 0) {
          const from = c.span.start + (c.raw.length - rest.length) + (rest.length - rest.trimStart().length);
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
      p.labelStart = c.span.start;
      p.labelCellSpan = c.span;
    } else {
      label += ' ' + c.raw;
      p.labelCellSpan = null;
    }
    p.labelEnd = c.span.end;
    parts++;
  }
  if (parts > 0) p.label = label;
}

/** The row's code: one object, its own span. */
function codeRef(c: NonNullable<LineParse['code']>, fallback: CodeScheme): CodeRef {
  return new SourceCode(c.code, codeLevel(c.code), schemeOf(c.code, fallback), c.start, c.end, c.style);
}

/** The span of a line's label: its cell's own when the label is one whole cell. */
function labelSpanOf(p: LineParse): Span {
  return p.labelCellSpan ?? { start: p.labelStart, end: p.labelEnd };
}

function emptyParse(line: number, start: number, end: number): LineParse {
  return { line, start, end, label: '', labelStart: start, labelEnd: start, labelCellSpan: null, amounts: NO_CELLS, texts: NO_TEXTS, numeric: 0 };
}

/** Pick the run of numeric tokens that holds the amounts (space layout). */
function amountRun(tokens: RawCell[]): [number, number] | null {
  let best: [number, number] | null = null;
  let bestScore = -1;
  let i = 0;
  while (i < tokens.length) {
    if (!numOf(tokens[i])) {
      i++;
      continue;
    }
    let j = i;
    let dec = false;
    while (j < tokens.length && numOf(tokens[j])) {
      if (numOf(tokens[j])!.decimals > 0) dec = true;
      j++;
    }
    // a leading bare code token (201, 20103, 2010301) is a code, not an amount
    const isLeadCode = i === 0 && numOf(tokens[0])!.decimals === 0 && CODE_ONLY_RE.test(tokens[0].raw);
    if (isLeadCode && j - i > 1) {
      i = 1;
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

function parseSpaceLine(text: string, line: number, start: number, end: number): LineParse {
  const p = emptyParse(line, start, end);
  const tokens = spaceTokens(text, start, end);
  const run = amountRun(tokens);
  const lead = run ? tokens.slice(0, run[0]) : tokens;
  if (run) {
    p.amounts = tokens.slice(run[0], run[1]);
    p.numeric = p.amounts.length;
    const rest = tokens.slice(run[1]);
    if (rest.length > 0) {
      p.texts = [{ raw: rest.map((t) => t.raw).join(' '), span: { start: rest[0].span.start, end: rest[rest.length - 1].span.end } }];
    }
  }
  // join label tokens into one cell (names may contain spaces)
  if (lead.length > 0) {
    const first = CODE_ONLY_RE.test(lead[0].raw) || CODE_LABEL_RE.test(lead[0].raw) ? [lead[0]] : [];
    const restTokens = lead.slice(first.length);
    const joined: RawCell[] = restTokens.length
      ? [{ raw: restTokens.map((t) => t.raw).join(' '), span: { start: restTokens[0].span.start, end: restTokens[restTokens.length - 1].span.end } }]
      : [];
    const lead2 = [...first, ...joined];
    readLead(lead2, lead2.length, p);
  }
  return p;
}

/** Is the cell a code alone (201, [20103])? Amounts with decimals and empty amount cells never are: no pattern is tried on them. */
function isCodeOnly(c: RawCell): boolean {
  const n = numOf(c);
  if (n !== null ? n.decimals > 0 : isEmptyCell(c)) return false;
  return CODE_ONLY_RE.test(c.raw);
}

function firstAmountIndex(cells: RawCell[]): number {
  let seenLead = false;
  let prevCode = false; // the previous non-empty cell was part of a code (201, or 06 of 201 | 06 | 01)
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.raw.length === 0) continue;
    const splitPart: boolean = prevCode && /^\d{2}$/.test(c.raw);
    const code = isCodeOnly(c) && (i + 1 < cells.length && !numOf(cells[i + 1]) && cells[i + 1].raw !== '' ? true : !seenLead);
    if (numOf(c) && seenLead && !splitPart && !code) return i;
    prevCode = splitPart || /^\d{3}$/.test(c.raw) || (code && !seenLead);
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
}

/** Build the rows of a two-sided (income | expenditure) table. */
function buildTwoSided(src: TableSource, tabbed: boolean, rows: SourceRow[]): void {
  for (const line of src.data) {
    const start = src.lines.start(line);
    const end = src.lines.end(line);
    if (isRuleRange(src.text, start, end)) continue;
    const items: Array<{ label: RawCell | null; amount: RawCell | null; side?: Side }> = [];
    if (tabbed) {
      const cells = tabCells(src.text, start, end);
      const pairAt = (i: number, side: Side) => {
        const l = cells[i];
        const a = cells[i + 1];
        if ((l && l.raw) || (a && numOf(a))) items.push({ label: l && l.raw ? l : null, amount: a && (numOf(a) || isEmptyCell(a)) ? a : null, side });
      };
      pairAt(0, 'income');
      pairAt(2, 'expenditure');
    } else {
      const tokens = spaceTokens(src.text, start, end);
      let labelParts: RawCell[] = [];
      for (const t of tokens) {
        if (numOf(t) && labelParts.length > 0) {
          const label: RawCell = { raw: labelParts.map((x) => x.raw).join(' '), span: { start: labelParts[0].span.start, end: labelParts[labelParts.length - 1].span.end } };
          items.push({ label, amount: t });
          labelParts = [];
        } else labelParts.push(t);
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
      if (!it.label && !it.amount) continue;
      const label = it.label?.raw ?? '';
      const key = labelKey(label);
      const kind: RowKind = TOTAL_RE.test(key) ? 'total' : 'item';
      const from = src.store.length;
      if (it.amount) storeCell(src.store, it.amount, 0);
      const row = new SourceRow(rows.length, line, line, label, it.label ? it.label.span : null, src.store, from, src.store.length - from);
      row.kind = kind;
      row.depth = ORDINAL_CN_RE.test(key) || kind === 'total' ? 0 : 1;
      row.side = it.side;
      rows.push(row);
    }
  }
}

/** The amount cells of a row into the store, each at its leaf column; returns the first one's index. */
function storeCells(store: CellStore, cells: RawCell[]): number {
  const from = store.length;
  for (let i = 0; i < cells.length; i++) storeCell(store, cells[i], i);
  return from;
}

/** Does the label begin with white space (\s or the ideographic space)? */
function isSpaceStart(label: string): boolean {
  return label.length > 0 && /^[\s\u3000]/.test(label);
}

/** One amount cell into the store: a number, or (any other text) an empty amount cell. */
function storeCell(store: CellStore, c: RawCell, column: number): void {
  store.push(c.span.start, c.span.end, c.amount, column);
}

/** A variant's leaf count and the keys of its column labels (without 其中:), made once per variant. */
const VARIANT_SHAPES = new WeakMap<ColumnVariant, { leafCount: number; keys: string[] }>();
function variantShape(v: ColumnVariant): { leafCount: number; keys: string[] } {
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
    shape = { leafCount, keys };
    VARIANT_SHAPES.set(v, shape);
  }
  return shape;
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

/** Generic header: one leaf per amount column, labelled from the header lines above it. */
function genericColumns(src: TableSource, amountStart: number, leafCount: number, tabbed: boolean): ColumnNode[] {
  const labels: string[] = new Array(leafCount).fill('');
  if (tabbed) {
    for (const line of src.header) {
      const cells = tabCells(src.text, src.lines.start(line), src.lines.end(line));
      for (let i = 0; i < leafCount; i++) {
        const c = cells[amountStart + i];
        if (c && c.raw) labels[i] += c.raw;
      }
    }
  }
  return labels.map((label, leaf) => ({ label: label || `#${leaf + 1}`, leaf, children: [] }));
}

export function buildTable(src: TableSource, kind: TableKindDef): BuiltTable {
  const rows: SourceRow[] = [];
  const problems: ParseProblem[] = [];
  const { text, lines, store } = src;
  const hasTab = (line: number): boolean => {
    // bounded to the line: an unbounded search would scan the rest of a tab-free document
    for (let i = lines.start(line), end = lines.end(line); i < end; i++) if (text.charCodeAt(i) === 9) return true;
    return false;
  };
  let tabLines = 0;
  for (const l of src.header) if (hasTab(l)) tabLines++;
  for (const l of src.data) if (hasTab(l)) tabLines++;
  const lineCount = src.header.length + src.data.length;
  const tabbed = tabLines * 2 >= lineCount && tabLines > 0;
  const headerKey = src.header.map((l) => labelKey(text, lines.start(l), lines.end(l))).join('');

  if (kind.rows === 'two-sided') {
    buildTwoSided(src, tabbed, rows);
    const v = kind.variants[0];
    const side = v ? buildColumns(v.columns).nodes : [];
    collectMalformed(rows, problems);
    return {
      rows,
      problems,
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
    const cellsOf: RawCell[][] = new Array(data.length);
    const firsts = new Int32Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const cells = tabCells(text, lines.start(data[k]), lines.end(data[k]));
      cellsOf[k] = cells;
      firsts[k] = firstAmountIndex(cells);
    }
    amountStart = mode(firsts, 0) ?? 1;
    const widths = new Int32Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const cells = cellsOf[k];
      let last = -1;
      for (let i = amountStart; i < cells.length; i++) if (numOf(cells[i])) last = i;
      widths[k] = last >= amountStart ? last - amountStart + 1 : -1;
    }
    const width = mode(widths, 1) ?? 0;
    for (let k = 0; k < data.length; k++) {
      const line = data[k];
      const s = lines.start(line);
      const e = lines.end(line);
      if (isRuleRange(text, s, e)) continue;
      const p = emptyParse(line, s, e);
      const cells = cellsOf[k];
      // more leading cells than usual (a unit name column): shift
      const first = firsts[k];
      const leadEnd = first > amountStart ? first : Math.min(amountStart, cells.length);
      const amountEnd = Math.min(leadEnd + width, cells.length);
      // amount cells that are text (e.g. a label spilling) become texts, last first;
      // then the cells beyond the width (a row that stops early)
      let texts: RawCell[] | null = null;
      let numeric = 0;
      let spilled = 0;
      for (let i = leadEnd; i < amountEnd; i++) {
        const c = cells[i];
        if (numOf(c)) numeric++;
        else if (!isEmptyCell(c)) spilled++;
      }
      let amounts: RawCell[];
      if (spilled === 0) amounts = amountEnd > leadEnd ? cells.slice(leadEnd, amountEnd) : NO_CELLS;
      else {
        amounts = [];
        texts = [];
        for (let i = leadEnd; i < amountEnd; i++) {
          const c = cells[i];
          if (numOf(c) || isEmptyCell(c)) amounts.push(c);
          else texts.unshift(c);
        }
      }
      for (let i = amountEnd; i < cells.length; i++) {
        const c = cells[i];
        if (c.raw.length > 0) (texts ??= []).push(c);
      }
      p.amounts = amounts;
      p.numeric = numeric;
      if (texts !== null) p.texts = texts;
      readLead(cells, leadEnd, p);
      parsed.push(p);
    }
  } else {
    for (const line of src.data) {
      const s = lines.start(line);
      const e = lines.end(line);
      if (isRuleRange(text, s, e)) continue;
      parsed.push(parseSpaceLine(text, line, s, e));
    }
  }
  const counts: number[] = [];
  for (const p of parsed) if (p.numeric > 0) counts.push(p.amounts.length);
  const leafCount = mode(counts, 0) ?? 0;

  // 2. assemble rows: wrapped names, code lines, continuation lines
  let pendingCode: LineParse | null = null;
  let pendingText: LineParse[] = [];
  const last = (): SourceRow | undefined => {
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i].kind !== 'continuation') return rows[i];
    return undefined;
  };
  const emit = (p: LineParse, endLine: number, extraLabel: LineParse[] = []): Row => {
    let label = p.label;
    let labelSpan = p.label ? labelSpanOf(p) : null;
    for (const x of extraLabel) {
      if (!x.label) continue;
      label += x.label;
      labelSpan = labelSpan ? { start: labelSpan.start, end: x.labelEnd } : { start: x.labelStart, end: x.labelEnd };
    }
    const trimmed = isSpaceStart(label) ? label.replace(/^[\s\u3000]+/, '') : label;
    const row = new SourceRow(rows.length, p.line, endLine, trimmed, labelSpan, store, storeCells(store, p.amounts), p.amounts.length);
    if (p.texts.length > 0) row.texts = p.texts;
    if (p.code) row.code = codeRef(p.code, kind.scheme ?? 'function');
    rows.push(row);
    return row;
  };
  const continuation = (p: LineParse) => {
    const owner = last();
    if (!owner) return;
    const row = new SourceRow(rows.length, p.line, p.line, p.label, p.label ? labelSpanOf(p) : null, store, store.length, 0);
    row.kind = 'continuation';
    row.depth = owner.depth;
    if (p.texts.length > 0) row.texts = p.texts;
    row.owner = owner.index;
    rows.push(row);
    if (p.label && !owner.code) {
      owner.label += p.label;
      if (owner.labelSpan && p.label) owner.labelSpan = { start: owner.labelSpan.start, end: owner.labelSpan.end };
    }
    for (const t of p.texts) {
      if (owner.texts.length > 0) owner.texts[owner.texts.length - 1].raw += t.raw;
      else owner.texts = [{ raw: t.raw, span: { start: t.span.start, end: t.span.end } }];
    }
    owner.endLine = Math.max(owner.endLine, p.line);
  };
  const flushText = () => {
    for (const t of pendingText) {
      // a text-only line after a complete row continues its text cell
      const asText: LineParse =
        t.texts.length === 0 && t.label
          ? { ...t, texts: [{ raw: t.label, span: { start: t.labelStart, end: t.labelEnd } }], label: '' }
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
        base.amounts = p.amounts;
        base.texts = p.texts;
        base.numeric = p.numeric;
        emit(base, p.line, pendingText);
        pendingCode = null;
        pendingText = [];
      } else if (pendingText.length > 0 && !tabbed) {
        const [head, ...rest] = pendingText;
        head.amounts = p.amounts;
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
  const variant = chooseVariant(kind, leafCount, headerKey);
  if (variant) {
    columns = buildColumns(variant.columns).nodes;
    source = 'registry';
    const explicit = (variant.relations ?? []).map(([total, parts]): ColumnRelation => ({ total, parts, rule: 'sum.block' }));
    const implied = variant.explicitOnly
      ? []
      : columnRelations(columns).map(([total, parts]): ColumnRelation => ({ total, parts, rule: 'sum.columns' }));
    relations = [...implied, ...explicit];
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
    leafCount,
    header: { lines: src.header.slice(), columns, source, leafCount, relations },
  };
}

function collectMalformed(rows: SourceRow[], problems: ParseProblem[]): void {
  for (let i = 0; i < rows.length; i++) {
    const { store, cellFrom, cellCount } = rows[i];
    for (let j = cellFrom; j < cellFrom + cellCount; j++) {
      if (store.isNumber(j) && store.isMalformed(j)) {
        problems.push({ code: 'number.malformed', span: { start: store.start(j), end: store.end(j) }, args: { raw: store.raw(j) } });
      }
    }
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
