/**
 * Quiet by default: what the checks found, said once and at the level the
 * user asked for.
 *
 * - Damaged numbers (`492. 42`) are summarised once per table: one
 *   `number.malformed-table` warning on the table's title, each cell a
 *   `number.malformed` hint (a document with hundreds of them has one line
 *   per table in Problems).
 * - Per-rule levels (`budget.rules`, `--rule id=level`): any rule may be
 *   set to off, hint, information, warning or error.
 * - At most one finding per cell: the most severe stays; the others become
 *   its related information.
 */
import type { DocumentModel, Table } from '../model/types';
import { lineOfOffset, tableOfLine } from '../model/lookup';
import { RULES, formatMessage, type Locale, type RuleId, type Severity } from '../diagnosticCodes';
import type { Finding } from './findings';

export type RuleLevel = Severity | 'off';
export type RuleLevels = Partial<Record<string, RuleLevel>>;

const LEVELS = new Set<RuleLevel>(['off', 'hint', 'information', 'warning', 'error']);

export function isRuleLevel(v: unknown): v is RuleLevel {
  return typeof v === 'string' && LEVELS.has(v as RuleLevel);
}

export function isRuleId(v: string): v is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, v);
}

/**
 * One warning per table with damaged numbers, on its title; the cells stay
 * hints. A damaged number outside every table keeps a warning of its own.
 */
export function summariseMalformed(model: DocumentModel, findings: Finding[], locale: Locale): Finding[] {
  const byTable = new Map<Table, Finding[]>();
  const out: Finding[] = [];
  // the table of the finding before and its offsets: damaged numbers come in runs within one table
  let last: Table | null = null;
  let lastFrom = 0;
  let lastTo = -1;
  for (const f of findings) {
    if (f.code !== 'number.malformed' || model.lines.length === 0) continue;
    const start = f.span.start;
    let table: Table | null = last;
    if (start < lastFrom || start > lastTo) {
      table = tableOfLine(model.tables, lineOfOffset(model.lines, start));
      if (table) {
        last = table;
        lastFrom = model.lines.start(table.startLine);
        lastTo = table.endLine < model.lines.length ? model.lines.end(table.endLine) : -1;
      }
    }
    if (!table) {
      f.severity = 'warning';
      continue;
    }
    const list = byTable.get(table);
    if (list) list.push(f);
    else byTable.set(table, [f]);
  }
  for (const [table, cells] of byTable) {
    const first = cells[0];
    out.push({
      code: 'number.malformed-table',
      severity: RULES['number.malformed-table'].severity,
      span: table.titleSpan,
      message: formatMessage('number.malformed-table', locale, { count: cells.length, table: table.title, first: String((first.data as Record<string, unknown> | undefined)?.raw ?? '') }),
      related: cells.slice(0, 20).map((c) => ({ span: c.span, message: c.message })),
      data: { table: table.index, count: cells.length },
    });
  }
  return out;
}

/** Each finding at the level its rule is set to; rules set to off are left out. */
export function applyLevels(findings: Finding[], levels: RuleLevels | undefined): Finding[] {
  if (!levels) return findings;
  let any = false;
  for (const k in levels) if (isRuleLevel(levels[k])) any = true;
  if (!any) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const level = levels[f.code];
    if (level === 'off') continue;
    if (isRuleLevel(level)) f.severity = level;
    out.push(f);
  }
  return out;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** Findings about one figure: the sums and the damaged-number rules. */
const onCell = (f: Finding) => f.span.end > f.span.start && (f.code.startsWith('sum.') || f.code === 'number.malformed');

/**
 * At most one finding per cell: the most severe (the first of equals)
 * stays, the others' messages become its related information. `findings`
 * is sorted by offset.
 */
export function onePerCell(findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  // sorted by offset, the findings of one span are within the run of its start: only the
  // findings kept in that run (their indexes in out) are searched, no map of every span
  let runStart = NaN;
  const run: number[] = [];
  let runLength = 0;
  for (const f of findings) {
    if (!onCell(f) || f.code === 'sum.skipped') {
      out.push(f);
      continue;
    }
    if (f.span.start !== runStart) {
      runStart = f.span.start;
      runLength = 0;
    }
    let at = -1;
    for (let i = 0; i < runLength && at < 0; i++) if (out[run[i]].span.end === f.span.end) at = run[i];
    if (at < 0) {
      run[runLength++] = out.length;
      out.push(f);
      continue;
    }
    const k = out[at];
    const [keep, drop] = RANK[f.severity] > RANK[k.severity] ? [f, k] : [k, f];
    keep.related = [{ span: drop.span, message: drop.message }].concat(keep.related);
    out[at] = keep;
  }
  return out;
}
