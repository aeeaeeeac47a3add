/**
 * Narrative figures in the editor: hover on an amount of the explanation
 * text shows the table cell it states and whether they agree; on a
 * percentage, the figures it is computed from and the computed value. Go to
 * Definition jumps from an amount to its cell. Both use the facts the checks
 * use (analysis/narrative.ts), read once per model.
 */
import type { Finding } from '../analysis/findings';
import { Decimal, percentOf } from '../model/money';
import type { DocumentModel, Span } from '../model/types';
import { formatMessage, type Locale } from '../diagnosticCodes';
import { NARRATIVE_MAX_CHARS, changeBasis, format as fmt, narrativeFacts, type AmountFact, type Fact, type PercentFact } from '../analysis/narrative';
import { documentFamily } from '../analysis/identities';
import { cellYuan, columnName, rowName } from '../analysis/names';
import { kindById } from '../model/registry';

const memo = new WeakMap<DocumentModel, Fact[]>();

function factsOf(model: DocumentModel): Fact[] {
  let f = memo.get(model);
  if (f === undefined) {
    f = narrativeFacts(model).facts;
    memo.set(model, f);
  }
  return f;
}

function spanOfFact(f: AmountFact | PercentFact): Span {
  return { start: f.span.start, end: f.span.end + (f.type === 'amount' ? f.unit.length : 1) };
}

/** The amount or percentage fact at `offset`, when the reader tied it to figures. */
function factAt(model: DocumentModel, offset: number): AmountFact | PercentFact | null {
  for (const f of factsOf(model)) {
    if (f.type === 'word') continue;
    const s = spanOfFact(f);
    if (offset < s.start || offset > s.end) continue;
    if (f.type === 'amount' && f.cell) return f;
    if (f.type === 'percent' && f.part && f.whole) return f;
  }
  return null;
}


/** Hover on a narrative figure, or null. */
export function narrativeHover(model: DocumentModel, offset: number, locale: Locale, findings: readonly Finding[] = []): { contents: string; span: Span } | null {
  const f = factAt(model, offset);
  if (!f) return null;
  if (f.type === 'amount') {
    const cell = f.cell!;
    const c = cell.row.cells.find((x) => x.column === cell.column);
    const v = cellYuan(cell.table, c);
    if (!c || !v) return null;
    const many = cell.table.header.leafCount > 1;
    const where = `${kindById(cell.table.kind).name[locale]} ${rowName(cell.row)}${many ? `「${columnName(cell.table, cell.column, cell.row.side)}」` : ''}`;
    const converted = v.value.div(f.factor);
    const tolerance = new Decimal(10).pow(-f.decimals).div(2).times(f.factor).plus(v.unit.div(2));
    const agrees = f.value.times(f.factor).minus(v.value).abs().lte(tolerance);
    const span = spanOfFact(f);
    // a text.amount finding on this figure says already that it differs: the ⚠ line would repeat it
    const said = !agrees && findings.some((x) => x.code === 'text.amount' && x.span.start < span.end && span.start < x.span.end);
    const lines = [
      `**${f.subject}** ${model.text.slice(f.span.start, f.span.end)}${f.unit}`,
      // the table's figure in the sentence's unit, unless it is the printed figure itself (1564.22（1564.22万元）says it twice)
      cell.table.unit === f.unit && c.raw.replace(/[,，\s]/g, '') === fmt(converted, Math.max(f.decimals, 2))
        ? formatMessage('hover.narrative.cell.same', locale, { where, raw: c.raw, unit: f.unit })
        : formatMessage('hover.narrative.cell', locale, { where, raw: c.raw, value: `${fmt(converted, Math.max(f.decimals, 2))}${f.unit}` }),
    ];
    if (!said) lines.push(formatMessage(agrees ? 'hover.narrative.agrees' : 'hover.narrative.differs', locale, {}));
    return { contents: lines.join('\n\n'), span };
  }
  const part = f.part!;
  const whole = f.whole!;
  const p = part.value.times(part.factor);
  const w = whole.value.times(whole.factor);
  let num = p;
  let den = w;
  let basis = `${fmt(part.value, part.decimals)} ÷ ${fmt(whole.value, whole.decimals)}`;
  if (f.of === 'growth') {
    num = p.minus(w).abs();
    basis = `|${fmt(part.value, part.decimals)} − ${fmt(whole.value, whole.decimals)}| ÷ ${fmt(whole.value, whole.decimals)}`;
  } else if (f.of === 'change') {
    // this year's figure is the whole; the base is it minus the increase (or plus the decrease)
    let word = '';
    for (const x of factsOf(model)) if (x.type === 'word' && x.of === 'change-amount' && x.sentence === f.sentence && x.span.end <= part.span.start) word = x.word;
    if (!word) return null;
    den = word === '增加' ? w.minus(p) : w.plus(p);
    basis = changeBasis(part, whole, word === '增加');
  }
  if (den.isZero()) return null;
  const value = fmt(percentOf(num, den), f.decimals);
  return { contents: `**${fmt(f.value, f.decimals)}%**\n\n${formatMessage('hover.narrative.percent', locale, { basis, value })}`, span: spanOfFact(f) };
}

/**
 * Where the narrative states figures the checks compare with the tables (an
 * amount tied to a cell or to a change, a percentage tied to its figures), in
 * document order; none in a document the narrative checks do not read.
 */
export function checkedFigures(model: DocumentModel): number[] {
  if (model.text.length > NARRATIVE_MAX_CHARS || documentFamily(model) === null) return [];
  const out: number[] = [];
  for (const f of factsOf(model)) {
    if ((f.type === 'amount' && (f.cell || f.change)) || (f.type === 'percent' && f.part && f.whole)) out.push(f.span.start);
  }
  return out.sort((a, b) => a - b);
}

/** The table cell a narrative amount states (for Go to Definition), or null. */
export function narrativeTarget(model: DocumentModel, offset: number): Span | null {
  const f = factAt(model, offset);
  if (!f || f.type !== 'amount') return null;
  const c = f.cell!.row.cells.find((x) => x.column === f.cell!.column);
  return c ? c.span : null;
}
