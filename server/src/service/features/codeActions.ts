/**
 * Quick fixes: set a total to the computed sum; when the failing sums agree
 * on one cell, correct that cell instead; normalise a damaged number. Every
 * fix is one minimal edit of one number.
 */
import Decimal from 'decimal.js';
import type { Cell, DocumentModel, Span, Table } from '../model/types';
import { amountValue } from '../model/types';
import { toDecimal } from '../model/money';
import { formatMessage, type Locale } from '../diagnosticCodes';
import type { Finding } from '../analysis/findings';
import { tableRelations, partRow, type Relation } from '../analysis/relations';
import { columnName, evaluate, rowName, type Tolerance } from '../analysis/check';
import { lineOfOffset } from './positions';
import { tableAtLine } from './locate';
import { formatLike, normaliseNumber } from './numberStyle';
import type { CodeFindingData } from '../analysis/codes';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface QuickFix {
  title: string;
  /** indexes into the requested diagnostics this fix resolves */
  diagnostics: number[];
  edit: TextEdit;
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

const sameSpan = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

export function getQuickFixes(model: DocumentModel, findings: Finding[], requested: DiagnosticRef[], ctx: CodeActionContext): QuickFix[] {
  const out: QuickFix[] = [];
  requested.forEach((ref, i) => {
    const finding = findings.find((f) => f.code === ref.code && sameSpan(f.span, ref.span));
    if (!finding) return; // stale: the document changed since the diagnostic was made
    if (finding.code === 'number.malformed') {
      const raw = model.text.slice(finding.span.start, finding.span.end);
      const value = normaliseNumber(raw);
      if (value !== raw) out.push({ title: formatMessage('action.normalise', ctx.locale, { raw, value }), diagnostics: [i], edit: { span: finding.span, newText: value }, isPreferred: true });
      return;
    }
    if (finding.code === 'text.percent' || finding.code === 'text.wording' || finding.code === 'text.change') {
      // the narrative fix is certain only when the check said so: a recomputed percentage, the right word
      const fix = (finding.data as { fix?: { start: number; end: number; text: string } } | undefined)?.fix;
      if (fix && model.text.slice(fix.start, fix.end) !== fix.text) {
        out.push({ title: formatMessage('action.text.replace', ctx.locale, { value: fix.text }), diagnostics: [i], edit: { span: { start: fix.start, end: fix.end }, newText: fix.text }, isPreferred: true });
      }
      return;
    }
    if (finding.code === 'code.name-mismatch') {
      const fix = renameFix(model, finding, i, ctx);
      if (fix) out.push(fix);
      return;
    }
    if (SUM_RULES.has(finding.code) && finding.severity === 'error') out.push(...sumFixes(model, finding, i, ctx));
  });
  return merged(out);
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

interface Failing {
  rel: Relation;
  diff: Decimal;
}

function sumFixes(model: DocumentModel, finding: Finding, index: number, ctx: CodeActionContext): QuickFix[] {
  const table = tableAtLine(model, lineOfOffset(model.lines, finding.span.start));
  if (!table) return [];
  const failing: Failing[] = [];
  for (const rel of tableRelations(table).relations) {
    const e = evaluate(rel, ctx.tolerance ?? 'auto');
    if (e && !e.withinRounding) failing.push({ rel, diff: e.diff });
  }
  const own = failing.find((f) => f.rel.rule === finding.code && sameSpan(f.rel.total.span, finding.span));
  if (!own) return [];
  const fixes: QuickFix[] = [];
  const total = own.rel.total;
  const printed = amountValue(total.amount);
  const expected = (printed ? toDecimal(printed) : new Decimal(0)).minus(own.diff);
  const cellFix = singleCell(table, own, failing, ctx.locale, index);
  fixes.push({
    title: formatMessage('action.setTotal', ctx.locale, { printed: total.raw || '0', expected: formatLike(total.raw, expected) }),
    diagnostics: [index],
    edit: { span: total.span, newText: formatLike(total.raw, expected) },
    isPreferred: cellFix === null,
  });
  if (cellFix) fixes.push(cellFix);
  return fixes;
}

/**
 * One part cell that explains this failure and another one: it is a part of
 * a second failing sum that misses by the same difference (or the total of
 * one that misses by the opposite). Correcting it repairs both.
 */
function singleCell(table: Table, own: Failing, failing: Failing[], locale: Locale, index: number): QuickFix | null {
  let found: { cell: Cell; rowIndex: number } | null = null;
  for (let i = 0; i < own.rel.parts.length; i++) {
    const cell = own.rel.parts[i];
    const agrees = failing.some(
      (f) => f !== own && ((f.rel.parts.includes(cell) && f.diff.eq(own.diff)) || (f.rel.total === cell && f.diff.eq(own.diff.neg()))),
    );
    if (!agrees) continue;
    if (found && found.cell !== cell) return null; // ambiguous: leave it to the reader
    found = { cell, rowIndex: i };
  }
  if (!found) return null;
  const { cell } = found;
  const value = amountValue(cell.amount);
  const corrected = (value ? toDecimal(value) : new Decimal(0)).plus(own.diff);
  const newText = formatLike(cell.raw, corrected);
  const row = partRow(own.rel, found.rowIndex);
  return {
    title: formatMessage('action.fixCell', locale, { row: rowName(row), column: columnName(table, cell.column ?? 0, row.side), printed: cell.raw || '0', expected: newText }),
    diagnostics: [index],
    edit: { span: cell.span, newText },
    isPreferred: true,
  };
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
  return {
    title: formatMessage('action.rename', ctx.locale, { official: data.official }),
    diagnostics: [index],
    edit: { span: { start: data.label.start, end: data.label.end }, newText },
    isPreferred: true,
  };
}
