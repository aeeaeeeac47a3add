/**
 * Tables in reading-order text (plain `pdftotext`, copy and paste from a PDF
 * viewer): one cell per line, in the order the PDF holds them. A table is
 * rebuilt only when its cells form an unambiguous sequence — a code (or a
 * total label), its name, then as many figures as the header has amount
 * columns, row after row. Blank cells leave no trace in such text, and
 * converters often move codes or headers away from their rows, so anything
 * else is said to be unreadable: such a table is never checked, and never
 * produces an error.
 */
import { SourceCode } from '../model/types';
import type { CodeScheme, ColumnRelation, LineTable, ParseProblem, Table } from '../model/types';
import { SourceRow, type CellStore } from '../model/store';
import { buildColumns, columnRelations, type ColumnVariant, type TableKindDef } from '../model/registry';
import { leafKeys, cachedLineTokens, type LineTokens, isLeadHeader, TokenKind, type Token } from './layout';
import { labelKey } from './text';
import { pushAll } from '../arrays';

export interface ReadingOrderSource {
  text: string;
  lines: LineTable;
  title: string;
  header: number[];
  data: number[];
  store: CellStore;
  /** the table's lines' tokens, shared with the tests that chose this reader */
  tokens?: LineTokens;
}

export interface ReadingOrderTable {
  rows: SourceRow[];
  header: Table['header'];
  problems: ParseProblem[];
  unread: string | null;
}

const TOTAL_RE = /^(合计|总计|本年收入合计|本年支出合计)$/;

/**
 * Is this table's text in reading order: most of its lines hold a single
 * cell (one token; text pieces one space apart count as one)?
 */
export function isReadingOrder(text: string, lines: LineTable, region: number[], cache?: LineTokens): boolean {
  let cells = 0;
  let single = 0;
  for (const l of region) {
    const tokens = cachedLineTokens(text, lines, l, cache);
    if (tokens.length === 0) continue;
    // a line with several figures is a row laid out in a line: not this kind of text
    let figures = 0;
    for (const t of tokens) if (isFigure(t)) figures++;
    if (figures >= 3) return false;
    cells++;
    if (tokens.length === 1) single++;
  }
  return cells >= 4 && single >= cells * 0.85;
}

interface Cell {
  token: Token;
  key: string;
}

function isCode(t: Token): boolean {
  return t.kind === TokenKind.Number && (t.plainDigits === 3 || t.plainDigits === 5 || t.plainDigits === 7);
}

function isFigure(t: Token): boolean {
  return t.kind === TokenKind.Number || t.kind === TokenKind.Dash;
}


interface ParsedRow {
  code: { code: string; start: number; end: number; style: 'bare' | 'split' } | null;
  name: Cell[];
  figures: Token[];
}

/**
 * Rows: CODE NAME… FIGURE×k, split codes (201 06 01) allowed, a total label
 * with its figures before or after it. Null when the sequence breaks.
 */
function parseRows(cells: Cell[], codeTable: boolean, text: string, isHeaderCell: (key: string) => boolean): { rows: ParsedRow[]; k: number } | null {
  const rows: ParsedRow[] = [];
  let k = -1;
  let i = 0;
  const n = cells.length;
  // the figures from `from` on: up to the next row's code (a code-like number with a name or a
  // code part after it), or exactly k once k is known
  const figuresAt = (from: number): number => {
    let j = from;
    while (j < n && isFigure(cells[j].token)) {
      if (k >= 0 && j - from === k) break;
      const t = cells[j].token;
      const next = cells[j + 1]?.token;
      if (codeTable && isCode(t) && next !== undefined && (next.kind === TokenKind.Text || (next.kind === TokenKind.Number && next.plainDigits === 2))) break;
      j++;
    }
    return j - from;
  };
  const take = (count: number, row: ParsedRow): boolean => {
    if (k < 0) k = count;
    if (count !== k) return false;
    row.figures = cells.slice(i, i + count).map((c) => c.token);
    i += count;
    return true;
  };
  while (i < n) {
    const c = cells[i];
    // a header cell the converter left between rows (the rest of a page's header)
    if (c.token.kind === TokenKind.Text && !TOTAL_RE.test(c.key) && isHeaderCell(c.key)) {
      i++;
      continue;
    }
    if (TOTAL_RE.test(c.key)) {
      // 合计 and its figures
      const row: ParsedRow = { code: null, name: [c], figures: [] };
      i++;
      if (!take(figuresAt(i), row)) return null;
      rows.push(row);
      continue;
    }
    if (isFigure(c.token) && !(codeTable && isCode(c.token))) {
      // figures, then the total label they belong to (9746.50 5364.75 4381.74 合计), perhaps after
      // a header cell the converter put between them (9746.50 9746.50 科目名称 合计)
      const count = figuresAt(i);
      let at = i + count;
      while (at < n && at < i + count + 2 && isLeadHeader(cells[at].key)) at++;
      const after = cells[at];
      if (!after || !TOTAL_RE.test(after.key)) {
        // a table of one row of figures (the 三公 table)
        if (!codeTable && rows.length === 0 && at === n) {
          const row: ParsedRow = { code: null, name: [], figures: [] };
          if (!take(count, row)) return null;
          rows.push(row);
          return { rows, k };
        }
        return null;
      }
      const row: ParsedRow = { code: null, name: [after], figures: [] };
      if (!take(count, row)) return null;
      i = at + 1;
      rows.push(row);
      continue;
    }
    if (!codeTable) return null;
    let code: ParsedRow['code'] = null;
    if (isCode(c.token)) {
      code = { code: text.slice(c.token.start, c.token.end), start: c.token.start, end: c.token.end, style: 'bare' };
      i++;
      // split: 201 | 06 | 01
      if (c.token.plainDigits === 3) {
        let j = i;
        let joined = code.code;
        while (j < n && j < i + 2 && cells[j].token.kind === TokenKind.Number && cells[j].token.plainDigits === 2) {
          joined += text.slice(cells[j].token.start, cells[j].token.end);
          j++;
        }
        if (j > i) {
          code = { code: joined, start: c.token.start, end: cells[j - 1].token.end, style: 'split' };
          i = j;
        }
      }
    } else return null;
    const row: ParsedRow = { code, name: [], figures: [] };
    while (i < n && cells[i].token.kind === TokenKind.Text && !TOTAL_RE.test(cells[i].key) && row.name.length < 3) {
      row.name.push(cells[i]);
      i++;
    }
    if (row.name.length === 0) return null;
    if (!take(figuresAt(i), row)) return null;
    rows.push(row);
  }
  return rows.length > 0 && k > 0 ? { rows, k } : null;
}

export function buildReadingOrderTable(src: ReadingOrderSource, kind: TableKindDef): ReadingOrderTable {
  const { text, lines, store } = src;
  const problems: ParseProblem[] = [];
  const none = (reason: string, leafCount = 0): ReadingOrderTable => ({
    rows: [],
    problems,
    unread: reason,
    header: { lines: src.header.slice(), columns: [], source: 'none', leafCount, relations: [] },
  });
  if (kind.rows === 'two-sided') return none('reading-order');
  const cells: Cell[] = [];
  const headerCells: Cell[] = [];
  const collect = (lineIdx: number[], out: Cell[]) => {
    for (const l of lineIdx)
      for (const t of cachedLineTokens(text, lines, l, src.tokens)) out.push({ token: t, key: labelKey(text, t.start, t.end) });
  };
  // one stream: the scanner cannot tell header cells from row cells in such text
  collect([...src.header, ...src.data], cells);
  // the rows begin at the first code or total; text before them is header
  const codeTable = kind.rows === 'code-tree' || kind.rows === 'generic';
  // (a total label is a row when figures follow it; a header cell 本年支出合计 is not)
  const first = cells.findIndex(
    (c, i) =>
      (codeTable && isCode(c.token)) ||
      (TOTAL_RE.test(c.key) && cells[i + 1] !== undefined && isFigure(cells[i + 1].token)) ||
      isFigure(c.token),
  );
  if (first < 0) return none(cells.length === 0 ? 'empty' : 'reading-order');
  pushAll(headerCells, cells.slice(0, first).filter((c) => c.token.kind === TokenKind.Text));
  // header cells: those before the rows, the labels of the kind's columns and their pieces (对附属单位补 / 助支出)
  const vocabulary = new Set(headerCells.map((c) => c.key));
  const leafLabels = kind.variants.flatMap((v) => leafKeys(v));
  const isHeaderCell = (key: string) =>
    vocabulary.has(key) || isLeadHeader(key) || (key.length >= 2 && leafLabels.some((l) => l.includes(key)));
  const parsed = parseRows(cells.slice(first), codeTable, text, isHeaderCell);
  if (!parsed) return none('reading-order');
  // columns: as many figures per row as the variant has leaves, or as the header names leaves
  let variant: ColumnVariant | null = null;
  let leaves: number[] | null = null;
  for (const v of kind.variants) {
    const keys = leafKeys(v);
    if (keys.length === parsed.k) {
      variant = v;
      leaves = keys.map((_, i) => i);
      break;
    }
  }
  if (!leaves) {
    for (const v of kind.variants) {
      const keys = leafKeys(v);
      const found: number[] = [];
      let j = 0;
      for (const h of headerCells) {
        for (let x = j; x < keys.length; x++) {
          if (h.key.length >= 2 && (keys[x] === h.key || keys[x].endsWith(h.key))) {
            found.push(x);
            j = x + 1;
            break;
          }
        }
      }
      if (found.length === parsed.k) {
        variant = v;
        leaves = found;
        break;
      }
    }
  }
  if (!variant || !leaves) return none('columns', parsed.k);
  const leafCount = leafKeys(variant).length;
  const rows: SourceRow[] = [];
  const scheme: CodeScheme = kind.scheme ?? 'function';
  for (const p of parsed.rows) {
    const cellFrom = store.length;
    const byLeaf = new Array<Token | undefined>(leafCount);
    p.figures.forEach((t, i) => (byLeaf[leaves![i]] = t));
    const lastLine = p.figures.length > 0 ? p.figures[p.figures.length - 1].line : p.name[p.name.length - 1].token.line;
    const firstToken = p.name[0]?.token ?? p.figures[0];
    const at = lines.end(lastLine);
    for (let leaf = 0; leaf < leafCount; leaf++) {
      const t = byLeaf[leaf];
      if (t === undefined) store.pushEmpty(at, at, leaf);
      else if (t.kind === TokenKind.Number) store.pushNumber(t.start, t.end, leaf, t.units, t.scale, t.decimals, t.malformed, t.big);
      else store.pushEmpty(t.start, t.end, leaf);
    }
    const label = p.name.map((c) => text.slice(c.token.start, c.token.end)).join('');
    const labelStart = p.name.length > 0 ? p.name[0].token.start : -1;
    const labelEnd = p.name.length > 0 ? p.name[p.name.length - 1].token.end : -1;
    const row = new SourceRow(rows.length, firstToken.line, lastLine, label, labelStart, labelEnd, store, cellFrom, leafCount);
    if (p.code) {
      const level = p.code.code.length === 3 ? 1 : p.code.code.length === 5 ? 2 : 3;
      const c0 = p.code.code[0];
      row.code = new SourceCode(p.code.code, level, c0 === '3' ? 'economic' : c0 === '5' ? 'gov-economic' : c0 === '2' ? 'function' : scheme, p.code.start, p.code.end, p.code.style);
      row.kind = 'code';
      row.depth = level - 1;
    } else row.kind = label ? 'total' : 'item';
    rows.push(row);
  }
  const { nodes } = buildColumns(variant.columns);
  const explicit = (variant.relations ?? []).map(([total, parts]): ColumnRelation => ({ total, parts, rule: 'sum.block' }));
  const implied = variant.explicitOnly ? [] : columnRelations(nodes).map(([total, parts]): ColumnRelation => ({ total, parts, rule: 'sum.columns' }));
  return { rows, problems, unread: null, header: { lines: src.header.slice(), columns: nodes, source: 'registry', leafCount, relations: [...implied, ...explicit] } };
}
