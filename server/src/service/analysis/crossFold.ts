/**
 * One finding per wrong cell across tables. A figure printed wrong in one
 * table breaks its own table's sums and, where the document states the same
 * figure in another table, the identity between the two: two errors for one
 * mistake. When a cross-table finding (`cross.mismatch` / `cross.rounding`)
 * touches a cell that already carries a sum error, the cross finding is
 * folded into that error: the other table's cell becomes related
 * information of it ("the same figure in …"), and the sum error stays the
 * one finding on the cell.
 */
import { formatMessage, type Locale } from '../diagnosticCodes';
import { Decimal, toDecimal } from '../model/money';
import { amountValue, type Cell, type DocumentModel, type Span } from '../model/types';
import type { Finding } from './findings';
import { unitFactor } from './names';
import { lineOfOffset, tableOfLine } from '../model/lookup';

const CROSS = new Set(['cross.mismatch', 'cross.rounding']);

const key = (s: { start: number; end: number }) => `${s.start}:${s.end}`;

/** What identities.ts puts on a cross finding: cells [0, leftCount) are its left side, the rest its right. */
interface CrossData {
  difference: string;
  tables: [number, number];
  leftCount: number;
}

/** The cell printed at `span`, with its table's unit. */
function cellAt(model: DocumentModel, span: Span): { cell: Cell; unit: string | null } | null {
  const t = tableOfLine(model.tables, lineOfOffset(model.lines, span.start));
  if (!t) return null;
  for (const r of t.rows) for (const c of r.cells) if (c.span.start === span.start && c.span.end === span.end) return { cell: c, unit: t.unit };
  return null;
}

/**
 * The value the host cell would need for the identity to hold exactly (the
 * other operands as printed), in the host's unit; null when it cannot be told.
 */
function identityValue(model: DocumentModel, f: Finding, at: number, span: Span): string | null {
  const d = f.data as unknown as CrossData | undefined;
  if (!d || typeof d.leftCount !== 'number' || !d.tables) return null;
  const host = cellAt(model, span);
  const leftTable = model.tables[d.tables[0]];
  const v = host ? amountValue(host.cell.amount) : null;
  if (!host || !v || !leftTable) return null;
  const leftUnit = unitFactor(leftTable.unit);
  const hostUnit = unitFactor(host.unit);
  if (!leftUnit || !hostUnit) return null;
  const difference = new Decimal(d.difference.replace(/^\+/, '')).times(leftUnit).div(hostUnit); // left − right, in the host's unit
  const onLeft = at < d.leftCount;
  return (onLeft ? toDecimal(v).minus(difference) : toDecimal(v).plus(difference)).toString();
}

export function foldCrossFindings(model: DocumentModel, out: Finding[], locale: Locale): void {
  // the sum errors by the span of the cell they sit on
  const sumErrors = new Map<string, Finding>();
  for (const f of out) if (f.code.startsWith('sum.') && f.severity === 'error') sumErrors.set(key(f.span), f);
  if (sumErrors.size === 0) return;
  let kept = 0;
  for (let i = 0; i < out.length; i++) {
    const f = out[i];
    if (CROSS.has(f.code)) {
      // the primary cell is described by the finding's own message, the others by theirs
      const cells = [{ span: f.span, message: f.message }, ...f.related];
      const at = cells.findIndex((c) => sumErrors.has(key(c.span)));
      if (at >= 0) {
        const host = sumErrors.get(key(cells[at].span))!;
        const others = cells.filter((_, j) => j !== at);
        const related = host.related.slice();
        for (const o of others) {
          related.push({ span: o.span, message: formatMessage('related.sameFigure', locale, { cell: o.message }) });
        }
        host.related = related;
        const agreed = identityValue(model, f, at, cells[at].span);
        if (agreed !== null) host.data = { ...(host.data ?? {}), agreesWith: agreed };
        continue; // folded: not kept
      }
    }
    out[kept++] = f;
  }
  out.length = kept;
}
