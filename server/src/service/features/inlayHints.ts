/**
 * Inlay hints: `Σ = 468.71` after a printed total that does not match the
 * sum of its parts; `应为 270.36` after a cell the failing sums blame (the
 * totals it throws off get no hint: they are right).
 */
import type { Span } from '../model/types';
import type { Finding, SumData } from '../analysis/findings';
import { formatMessage, type Locale } from '../diagnosticCodes';
import { intersects } from './locate';

export interface InlayHint {
  /** offset the hint is shown after */
  offset: number;
  label: string;
  tooltip: string;
}

const SUM_RULES = new Set(['sum.cell', 'sum.children', 'sum.total', 'sum.columns', 'sum.balance', 'sum.block']);

export function getInlayHints(findings: Finding[], range: Span, locale: Locale): InlayHint[] {
  const out: InlayHint[] = [];
  const seen = new Set<number>();
  for (const f of findings) {
    if (!SUM_RULES.has(f.code) || f.severity !== 'error' || !intersects(f.span, range)) continue;
    const data = f.data as SumData | undefined;
    if (!data?.expected || seen.has(f.span.end)) continue;
    seen.add(f.span.end);
    if (f.code === 'sum.cell') {
      const count = (f.data as { relations?: unknown[] }).relations?.length ?? 0;
      out.push({
        offset: f.span.end,
        label: formatMessage('inlay.cell', locale, { expected: data.expected }),
        tooltip: formatMessage('inlay.cell.tooltip', locale, { expected: data.expected, count }),
      });
      continue;
    }
    out.push({
      offset: f.span.end,
      label: formatMessage('inlay.sum', locale, { expected: data.expected }),
      tooltip: formatMessage('inlay.tooltip', locale, { difference: data.difference }),
    });
  }
  return out;
}
