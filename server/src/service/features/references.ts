/**
 * A code or a figure across the document: on a classification code, every
 * row of every table with that code (Find All References, highlights); on an
 * amount, every cell printing the same value (the same figure repeated in
 * several tables, as 表1 合计 = 表2 合计 = 表3 合计).
 */
import type { DocumentModel, Span } from '../model/types';
import { amountValue } from '../model/types';
import { toDecimal } from '../model/money';
import { contains, locate } from './locate';

export interface Occurrence {
  span: Span;
  /** the occurrence under the cursor */
  current: boolean;
}

export function getOccurrences(model: DocumentModel, offset: number): Occurrence[] {
  const at = locate(model, offset);
  if (!at?.row) return [];
  const out: Occurrence[] = [];
  if (at.row.code && contains(at.row.code.span, offset)) {
    const code = at.row.code.code;
    const scheme = at.row.code.scheme;
    for (const t of model.tables)
      for (const r of t.rows)
        if (r.code && r.code.code === code && r.code.scheme === scheme) out.push({ span: r.code.span, current: r.code.span.start === at.row.code.span.start });
    return out;
  }
  const value = at.cell ? amountValue(at.cell.amount) : null;
  if (!at.cell || !value) return [];
  const target = toDecimal(value);
  // zero is everywhere: not worth showing
  if (target.isZero()) return [];
  for (const t of model.tables)
    for (const r of t.rows)
      for (const c of r.cells) {
        const v = amountValue(c.amount);
        if (v && toDecimal(v).eq(target)) out.push({ span: c.span, current: c.span.start === at.cell.span.start });
      }
  return out;
}
