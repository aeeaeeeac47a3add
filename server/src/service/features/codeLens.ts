/** Code lens on each table title: `N 行 · M 个问题` (errors and warnings), and its rounding residues. */
import type { DocumentModel, Span } from '../model/types';
import type { Finding } from '../analysis/findings';
import { formatMessage, type Locale } from '../diagnosticCodes';
import { lineOfOffset } from './positions';

export interface TableLens {
  table: number;
  span: Span;
  title: string;
  tooltip: string;
}

export function getTableLenses(model: DocumentModel, findings: Finding[], locale: Locale): TableLens[] {
  const problems = new Array<number>(model.tables.length).fill(0);
  const residues = new Array<number>(model.tables.length).fill(0);
  // findings are sorted by offset, tables by line: one merge pass
  let t = 0;
  for (const f of findings) {
    if (model.lines.length === 0) break;
    const line = lineOfOffset(model.lines, f.span.start);
    while (t < model.tables.length && model.tables[t].endLine < line) t++;
    const table = model.tables[t];
    if (!table || line < table.startLine) continue;
    if (f.severity === 'error' || f.severity === 'warning') problems[t]++;
    else if (f.code === 'sum.rounding') residues[t]++;
  }
  return model.tables.map((table, i) => {
    const rows = table.rows.filter((r) => r.kind !== 'continuation' && r.kind !== 'note').length;
    let title = formatMessage(problems[i] === 1 ? 'lens.table.one' : 'lens.table', locale, { rows, problems: problems[i] });
    if (residues[i] > 0) title += formatMessage(residues[i] === 1 ? 'lens.rounding.one' : 'lens.rounding', locale, { count: residues[i] });
    return { table: i, span: table.titleSpan, title, tooltip: formatMessage('lens.tooltip', locale, {}) };
  });
}
