/**
 * The checker: evaluates every relation exactly and turns the result into
 * findings. Rounding: n addends each rounded on their own, plus the printed
 * total, can drift by less than (n + 1) × half a unit of the printed
 * precision; a residue within that is one `sum.rounding` finding per
 * relation group, beyond it an error of the relation's rule.
 */
import Decimal from 'decimal.js';
import type { Cell, DocumentModel, Row, Table } from '../model/types';
import { difference, toDecimal, formatDecimal, type Money } from '../model/money';
import { RULES, formatMessage, type Locale, type RuleId } from '../diagnosticCodes';
import type { CheckOptions, Finding, RelatedInfo, SumData } from './findings';
import { tableRelations, type Relation } from './relations';
import { kindById } from '../model/registry';

const ZERO: Money = { units: 0, scale: 0 };
/** Half a unit of the last printed digit: each printed figure is off by less than this. */
const HALF_UNIT = new Decimal('0.5');

interface Evaluated {
  rel: Relation;
  printed: Decimal;
  expected: Decimal;
  diff: Decimal;
  tolerance: Decimal;
  decimals: number;
}

function valueOf(c: Cell): Money {
  return c.amount?.value ?? ZERO;
}

function evaluate(rel: Relation): Evaluated {
  const total = valueOf(rel.total.cell);
  const parts = rel.parts.map((p) => valueOf(p.cell));
  const diff = difference(total, parts);
  let decimals = rel.total.cell.amount?.value ? rel.total.cell.amount.decimals : 0;
  let terms = rel.total.cell.amount?.value ? 1 : 0;
  for (const p of rel.parts) {
    const a = p.cell.amount;
    if (a?.value) {
      terms++;
      if (a.decimals > decimals) decimals = a.decimals;
    }
  }
  const unit = new Decimal(10).pow(-decimals);
  const tolerance = unit.times(HALF_UNIT).times(Math.max(terms, 1));
  const printed = toDecimal(total);
  return { rel, printed, expected: printed.minus(diff), diff, tolerance, decimals };
}

export function rowName(row: Row): string {
  const label = row.label.replace(/\s+/g, ' ').trim();
  if (row.code) return `${row.code.code} ${label}`.trim();
  return label || `#${row.index + 1}`;
}

function columnName(table: Table, column: number): string {
  let found = '';
  const walk = (nodes: Table['header']['columns'], path: string[]) => {
    for (const n of nodes) {
      if (n.leaf === column) found = [...path, n.label].join('/');
      else walk(n.children, [...path, n.label]);
    }
  };
  walk(table.header.columns, []);
  return found || `#${column + 1}`;
}

function signed(d: Decimal, decimals: number): string {
  const s = formatDecimal(d, decimals);
  return d.isPositive() && !d.isZero() ? `+${s}` : s;
}

function partsList(table: Table, rel: Relation): string {
  return rel.parts.map((p) => `「${columnName(table, p.cell.column ?? 0)}」`).join('+');
}

function related(table: Table, rel: Relation, locale: Locale, forColumns: boolean): RelatedInfo[] {
  return rel.parts.map((p) => ({
    span: p.cell.span,
    message: formatMessage('related.part', locale, {
      row: forColumns ? columnName(table, p.cell.column ?? 0) : rowName(p.row),
      value: p.cell.raw || '0',
    }),
  }));
}

function sumData(table: Table, e: Evaluated): SumData {
  return {
    rule: e.rel.rule,
    table: table.index,
    row: e.rel.total.row.index,
    column: e.rel.total.cell.column ?? 0,
    printed: formatDecimal(e.printed, e.decimals),
    expected: formatDecimal(e.expected, e.decimals),
    difference: formatDecimal(e.diff, e.decimals),
    tolerance: formatDecimal(e.tolerance, e.decimals + 1),
    parts: e.rel.parts.map((p) => ({ row: p.row.index, column: p.cell.column ?? 0, value: p.cell.raw })),
  };
}

function checkTable(table: Table, locale: Locale, out: Finding[]): void {
  const { relations, skips } = tableRelations(table);
  const rounding = new Map<string, Evaluated[]>();
  for (const rel of relations) {
    const e = evaluate(rel);
    if (e.diff.isZero()) continue;
    if (e.diff.abs().lt(e.tolerance)) {
      const list = rounding.get(rel.group) ?? [];
      list.push(e);
      rounding.set(rel.group, list);
      continue;
    }
    const forColumns = rel.rule === 'sum.columns' || (rel.rule === 'sum.block' && rel.parts.every((p) => p.row === rel.total.row));
    const args = {
      row: rowName(rel.total.row),
      column: columnName(table, rel.total.cell.column ?? 0),
      printed: rel.total.cell.raw || '0',
      expected: formatDecimal(e.expected, e.decimals),
      difference: signed(e.diff, e.decimals),
      parts: partsList(table, rel),
    };
    out.push({
      code: rel.rule,
      severity: RULES[rel.rule].severity,
      span: rel.total.cell.span,
      message: formatMessage(forColumns && rel.rule === 'sum.block' ? 'sum.columns' : rel.rule, locale, args),
      related: related(table, rel, locale, forColumns),
      data: sumData(table, e),
    });
  }
  for (const [, list] of rounding) {
    const first = list[0];
    const rel = first.rel;
    const forColumns = rel.rule === 'sum.columns' || rel.parts.every((p) => p.row === rel.total.row);
    const what = rel.group.endsWith(':equal') ? 'what.equal' : `what.${rel.rule.slice(4)}`;
    const columns = forColumns
      ? `「${columnName(table, rel.total.cell.column ?? 0)}」`
      : table.header.leafCount > 1 || list.length > 1
        ? `「${list.map((e) => columnName(table, e.rel.total.cell.column ?? 0)).join('、')}」`
        : '';
    out.push({
      code: 'sum.rounding',
      severity: RULES['sum.rounding'].severity,
      span: rel.total.cell.span,
      message: formatMessage('sum.rounding', locale, {
        row: rowName(rel.total.row),
        columns,
        what: formatMessage(what, locale, {}),
        difference: signed(first.diff, first.decimals),
        count: rel.parts.length,
        tolerance: formatDecimal(first.tolerance, first.decimals + 1),
      }),
      related: related(table, rel, locale, forColumns),
      data: { ...sumData(table, first), relation: rel.rule, cells: list.map((e) => e.rel.total.cell.span) },
    });
  }
  for (const s of skips) {
    const span = s.row?.labelSpan ?? s.row?.code?.span ?? table.titleSpan;
    out.push({
      code: 'sum.skipped',
      severity: RULES['sum.skipped'].severity,
      span,
      message: formatMessage(s.message, locale, s.args),
      related: [],
      data: { reason: s.message, table: table.index },
    });
  }
}

export function checkDocument(model: DocumentModel, options: CheckOptions = {}): Finding[] {
  const locale: Locale = options.locale ?? 'zh-CN';
  const out: Finding[] = [];
  for (const p of model.problems) {
    const rule = (p.code in RULES ? p.code : 'table.unreadable') as RuleId;
    out.push({
      code: rule,
      severity: RULES[rule].severity,
      span: p.span,
      message: formatMessage(p.code, locale, p.args),
      related: [],
      data: { ...p.args },
    });
  }
  if (model.kind === 'unknown') {
    out.push({
      code: 'document.not-budget',
      severity: RULES['document.not-budget'].severity,
      span: { start: 0, end: 0 },
      message: formatMessage('document.not-budget', locale, {}),
      related: [],
    });
  }
  for (const table of model.tables) {
    try {
      checkTable(table, locale, out);
    } catch (err) {
      // one table's failure must not hide the others' findings
      out.push({
        code: 'sum.skipped',
        severity: 'information',
        span: table.titleSpan,
        message: `${kindById(table.kind).name[locale]}: ${String(err)}`,
        related: [],
      });
    }
  }
  out.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return out;
}
