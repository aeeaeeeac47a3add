/**
 * Quick fixes: correct the cell the failing sums blame (sum.cell); for a
 * lone failing sum, set its total to the computed sum, preferred only when
 * no other cell could be the wrong one and nothing else breaks (blame.ts);
 * normalise a damaged number. Every fix is one minimal edit of one number.
 */
import type { Cell, DocumentModel, Row, Span, Table } from '../model/types';
import { amountValue } from '../model/types';
import { Decimal, toDecimal } from '../model/money';
import { formatMessage, type Locale } from '../diagnosticCodes';
import type { Finding } from '../analysis/findings';
import { tableRelations, type Relation } from '../analysis/relations';
import { assess, columnName, evaluate, rowName, type Tolerance } from '../analysis/check';
import { relationIndex, repairsOf, type Assessment, type RelationIndex } from '../analysis/blame';
import type { CellData } from '../analysis/blameFindings';
import { lineOfOffset } from './positions';
import { tableAtLine } from './locate';
import { documentNegativeStyle, formatLike, normaliseNumber } from './numberStyle';
import type { CodeFindingData } from '../analysis/codes';
import { pushAll } from '../arrays';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface QuickFix {
  title: string;
  /** indexes into the requested diagnostics this fix resolves */
  diagnostics: number[];
  edit: TextEdit;
  /** several edits made as one (fix all): `edit` is the first of them */
  edits?: TextEdit[];
  isPreferred: boolean;
}

/** A diagnostic as the client sends it back: its rule id and where it is. */
export interface DiagnosticRef {
  code: string;
  span: Span;
}

export interface CodeActionContext {
  locale: Locale;
  tolerance?: Tolerance;
}

const SUM_RULES = new Set(['sum.children', 'sum.total', 'sum.columns', 'sum.balance', 'sum.block']);


/** Findings by rule and span: built once per findings array, so a request costs what it carries, not diagnostics × findings. */
const FINDING_INDEX = new WeakMap<Finding[], Map<string, Finding>>();
const findingKey = (code: string, span: Span) => `${code}\u0000${span.start}\u0000${span.end}`;

function findingIndex(findings: Finding[]): Map<string, Finding> {
  let index = FINDING_INDEX.get(findings);
  if (!index) {
    index = new Map();
    for (const f of findings) {
      const key = findingKey(f.code, f.span);
      if (!index.has(key)) index.set(key, f); // the first, as a search from the start finds it
    }
    FINDING_INDEX.set(findings, index);
  }
  return index;
}

/** A table's relations, judged once per request: a request costs what it carries, not diagnostics × relations. */
interface TableRelations {
  relations: Relation[];
  /** by rule and total span */
  byTotal: Map<string, Relation>;
  byCell: RelationIndex;
  assess: (rel: Relation) => Assessment;
}

function relationsOf(table: Table, tolerance: Tolerance, cache: Map<Table, TableRelations>): TableRelations {
  let t = cache.get(table);
  if (t) return t;
  const { relations } = tableRelations(table);
  const judged = new Map<Relation, Assessment>();
  const judge = (rel: Relation): Assessment => {
    let a = judged.get(rel);
    if (!a) judged.set(rel, (a = assess(rel, tolerance)));
    return a;
  };
  const byTotal = new Map<string, Relation>();
  for (const rel of relations) {
    const key = findingKey(rel.rule, rel.total.span);
    if (!byTotal.has(key)) byTotal.set(key, rel);
  }
  t = { relations, byTotal, byCell: relationIndex(relations, judge), assess: judge };
  cache.set(table, t);
  return t;
}

export function getQuickFixes(model: DocumentModel, findings: Finding[], requested: DiagnosticRef[], ctx: CodeActionContext): QuickFix[] {
  const out: QuickFix[] = [];
  const index = findingIndex(findings);
  const tables = new Map<Table, TableRelations>();
  requested.forEach((ref, i) => {
    const finding = index.get(findingKey(ref.code, ref.span));
    if (!finding) return; // stale: the document changed since the diagnostic was made
    if (finding.code === 'number.malformed') {
      const raw = model.text.slice(finding.span.start, finding.span.end);
      const value = normaliseNumber(raw);
      if (value !== raw) out.push({ title: formatMessage('action.normalise', ctx.locale, { raw, value }), diagnostics: [i], edit: { span: finding.span, newText: value }, isPreferred: true });
      return;
    }
    if (finding.code === 'text.percent' || finding.code === 'text.wording' || finding.code === 'text.change' || finding.code === 'text.amount') {
      // the narrative fix is certain only when the check said so: a recomputed percentage, the right word
      const fix = (finding.data as { fix?: { start: number; end: number; text: string } } | undefined)?.fix;
      if (fix && model.text.slice(fix.start, fix.end) !== fix.text) {
        // never preferred: the text disagrees with a table, and the table may be the side that is wrong
        // (a figure changed in a table makes its sentence look wrong); the reader chooses
        out.push({ title: formatMessage('action.text.replace', ctx.locale, { value: fix.text }), diagnostics: [i], edit: { span: { start: fix.start, end: fix.end }, newText: fix.text }, isPreferred: false });
      }
      return;
    }
    if (finding.code === 'number.malformed-table') {
      const table = model.tables[(finding.data as { table?: number } | undefined)?.table ?? -1];
      if (!table) return;
      const from = model.lines.start(table.startLine);
      const to = model.lines.end(table.endLine);
      const fix = fixNumbers(model, findings, (f) => f.span.start >= from && f.span.end <= to, 'action.fixTableNumbers', ctx.locale);
      if (fix) out.push({ ...fix, diagnostics: [i] });
      return;
    }
    if (finding.code === 'code.name-mismatch') {
      const fix = renameFix(model, finding, i, ctx);
      if (fix) out.push(fix);
      return;
    }
    if (finding.code === 'sum.cell') {
      const fix = blamedCellFix(model, finding, i, ctx);
      if (fix) out.push(fix);
      return;
    }
    if (SUM_RULES.has(finding.code) && finding.severity === 'error') pushAll(out, sumFixes(model, finding, i, ctx, tables));
  });
  return merged(out);
}

/** Every damaged number the findings name, normalised in one edit (source.fixAll). */
export function getFixAll(model: DocumentModel, findings: Finding[], locale: Locale): QuickFix | null {
  return fixNumbers(model, findings, () => true, 'action.fixAllNumbers', locale);
}

function fixNumbers(model: DocumentModel, findings: Finding[], within: (f: Finding) => boolean, title: string, locale: Locale): QuickFix | null {
  const edits: TextEdit[] = [];
  for (const f of findings) {
    if (f.code !== 'number.malformed' || !within(f)) continue;
    const raw = model.text.slice(f.span.start, f.span.end);
    const value = normaliseNumber(raw);
    if (value !== raw) edits.push({ span: f.span, newText: value });
  }
  if (edits.length === 0) return null;
  return { title: formatMessage(title, locale, { count: edits.length }), diagnostics: [], edit: edits[0], edits, isPreferred: false };
}

/**
 * One action per distinct edit: two findings on one cell (its children sum
 * and its columns sum) offer the same correction once, resolving both.
 */
function merged(fixes: QuickFix[]): QuickFix[] {
  const byEdit = new Map<string, QuickFix>();
  for (const fix of fixes) {
    const key = `${fix.edit.span.start}:${fix.edit.span.end}:${fix.edit.newText}`;
    const seen = byEdit.get(key);
    if (!seen) byEdit.set(key, { ...fix, diagnostics: [...fix.diagnostics] });
    else {
      for (const d of fix.diagnostics) if (!seen.diagnostics.includes(d)) seen.diagnostics.push(d);
      seen.isPreferred ||= fix.isPreferred;
    }
  }
  return [...byEdit.values()];
}

function sumFixes(model: DocumentModel, finding: Finding, index: number, ctx: CodeActionContext, cache: Map<Table, TableRelations>): QuickFix[] {
  const table = tableAtLine(model, lineOfOffset(model.lines, finding.span.start));
  if (!table) return [];
  const tolerance = ctx.tolerance ?? 'auto';
  const t = relationsOf(table, tolerance, cache);
  const own = t.byTotal.get(findingKey(finding.code, finding.span));
  if (!own) return [];
  const e = evaluate(own, tolerance);
  if (!e || e.withinRounding) return [];
  // the cells whose correction repairs this sum without breaking another (see blame.ts)
  const repairs = repairsOf(own, t.relations, t.assess, t.byCell);
  const sole = repairs.length === 1 && !repairs[0].ambiguous ? repairs[0] : null;
  const total = own.total;
  const printed = amountValue(total.amount);
  const computed = (printed ? toDecimal(printed) : new Decimal(0)).minus(e.diff);
  // the value an identity with another table needs, when within rounding of the sum: it settles both tables
  const expected = agreedValue(finding, computed, t.assess(own).tolerance) ?? computed;
  const newText = formatLike(total.raw, expected, documentNegativeStyle(model));
  const fixes: QuickFix[] = [
    {
      title: formatMessage('action.setTotal', ctx.locale, { printed: total.raw || '0', expected: newText }),
      diagnostics: [index],
      edit: { span: total.span, newText },
      isPreferred: sole !== null && sole.cell === total,
    },
  ];
  if (sole && sole.cell !== total) fixes.push(cellFix(model, table, sole.cell, sole.row, sole.corrected, ctx.locale, index, true));
  return fixes;
}

/**
 * The value an identity with another table needs for this cell (crossFold.ts
 * puts it on the finding), when it lies within the rounding tolerance of the
 * computed sum: the sum holds within rounding as it did before the cell was
 * changed, and the two tables agree exactly.
 */
function agreedValue(finding: Finding, computed: Decimal, tolerance: Decimal): Decimal | null {
  const agrees = (finding.data as { agreesWith?: unknown } | undefined)?.agreesWith;
  if (typeof agrees !== 'string') return null;
  const d = new Decimal(agrees);
  return d.minus(computed).abs().lte(tolerance) ? d : null;
}

/** Correct one cell to `value`: the fix of a blamed cell, or of the one part that repairs a sum. */
function cellFix(model: DocumentModel, table: Table, cell: Cell, row: Row, value: Decimal, locale: Locale, index: number, isPreferred: boolean, sums = 1): QuickFix {
  const newText = formatLike(cell.raw, value, documentNegativeStyle(model));
  const args = { row: rowName(row), column: columnName(table, cell.column ?? 0, row.side), printed: cell.raw || '0', expected: newText, count: sums };
  return {
    title: formatMessage(sums > 1 ? 'action.fixCell' : 'action.fixPart', locale, args),
    diagnostics: [index],
    edit: { span: cell.span, newText },
    isPreferred,
  };
}

/** The fix of a `sum.cell` finding: the corrected figure, preferred unless another was as plausible. */
function blamedCellFix(model: DocumentModel, finding: Finding, index: number, ctx: CodeActionContext): QuickFix | null {
  const data = finding.data as unknown as CellData | undefined;
  if (!data || data.rule !== 'sum.cell') return null;
  const table = model.tables[data.table];
  const row = table?.rows[data.row];
  if (!table || !row) return null;
  const cell = row.cells.find((c) => c.span.start === finding.span.start && c.span.end === finding.span.end);
  if (!cell) return null;
  return cellFix(model, table, cell, row, new Decimal(data.expected), ctx.locale, index, data.certain, data.relations.length);
}

/** The official name written like the printed one: half-width brackets when the document uses them. */
function nameLike(official: string, printed: string): string {
  const halfWidth = /[()]/.test(printed) && !/[（）]/.test(printed);
  return halfWidth ? official.replace(/（/g, '(').replace(/）/g, ')') : official;
}

/** Replace a printed subject name by the official one: one edit of the name's own text, offered only when that text is exactly the name. */
function renameFix(model: DocumentModel, finding: Finding, index: number, ctx: CodeActionContext): QuickFix | null {
  const data = finding.data as unknown as CodeFindingData | undefined;
  if (!data?.label || !data.official || data.printed === undefined) return null;
  const text = model.text.slice(data.label.start, data.label.end);
  // a name wrapped over lines, or mixed with other text, is left for the user to edit
  if (text !== data.printed) return null;
  const newText = nameLike(data.official, text);
  if (newText === text) return null;
  // in space-aligned text a name of another length moves the figures after it out of their columns
  const line = lineOfOffset(model.lines, data.label.start);
  const tabbed = model.text.slice(model.lines.start(line), model.lines.end(line)).includes('\t');
  return {
    title: formatMessage('action.rename', ctx.locale, { official: data.official }),
    diagnostics: [index],
    edit: { span: { start: data.label.start, end: data.label.end }, newText },
    isPreferred: tabbed || newText.length === text.length,
  };
}
