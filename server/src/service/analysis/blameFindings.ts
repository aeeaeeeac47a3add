/**
 * The finding of a blamed cell (see blame.ts): one `sum.cell` error on the
 * cell, naming the totals it throws off as related information only.
 */
import { amountValue, type Table } from '../model/types';
import { formatDecimal } from '../model/money';
import { RULES, formatMessage, type Locale } from '../diagnosticCodes';
import type { CellFigures, Finding, RelatedInfo } from './findings';
import type { Repair } from './blame';
import { columnName, rowName } from './check';
import { partRow } from './relations';

/** Payload of a `sum.cell` finding: the cell, its corrected value, the relations it repairs. */
export interface CellData extends CellFigures {
  rule: 'sum.cell';
  /** false when another correction of the cell was as plausible: its fix is then not preferred */
  certain: boolean;
  relations: Array<{ rule: string; row: number; column: number }>;
}

export function cellFinding(table: Table, r: Repair, locale: Locale): Finding {
  const value = amountValue(r.cell.amount);
  const decimals = value?.decimals ?? 2;
  const column = columnName(table, r.cell.column ?? 0, r.row.side);
  const difference = formatDecimal(r.delta, decimals);
  const related: RelatedInfo[] = r.repairs.map((rel) => {
    if (rel.total !== r.cell) {
      return {
        span: rel.total.span,
        message: formatMessage('related.total', locale, {
          row: `${rowName(rel.row)}「${columnName(table, rel.total.column ?? 0, rel.row.side)}」`,
          value: rel.total.raw || '0',
        }),
      };
    }
    // the cell is this relation's total: point at its first part
    const i = rel.parts.findIndex((p) => p.raw.trim() !== '');
    const k = i < 0 ? 0 : i;
    const part = rel.parts[k];
    const row = partRow(rel, k);
    return {
      span: part.span,
      message: formatMessage('related.parts', locale, {
        row: `${rowName(row)}「${columnName(table, part.column ?? 0, row.side)}」`,
        count: rel.parts.length,
      }),
    };
  });
  const data: CellData = {
    rule: 'sum.cell',
    table: table.index,
    row: r.row.index,
    column: r.cell.column ?? 0,
    printed: r.cell.raw,
    expected: formatDecimal(r.corrected, decimals),
    difference: (r.delta.isPositive() && !r.delta.isZero() ? '+' : '') + difference,
    certain: !r.ambiguous,
    relations: r.repairs.map((rel) => ({ rule: rel.rule, row: rel.row.index, column: rel.total.column ?? 0 })),
  };
  return {
    code: 'sum.cell',
    severity: RULES['sum.cell'].severity,
    span: r.cell.span,
    message: formatMessage('sum.cell', locale, {
      row: rowName(r.row),
      column,
      printed: r.cell.raw,
      expected: data.expected,
      difference: data.difference,
      count: r.repairs.length,
    }),
    related,
    data: data as unknown as Record<string, unknown>,
  };
}
