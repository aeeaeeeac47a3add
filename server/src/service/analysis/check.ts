/**
 * The checker: evaluates every relation exactly and turns the result into
 * findings. Rounding: n addends each rounded on their own, plus the printed
 * total, can drift by less than (n + 1) × half a unit of the printed
 * precision; a residue within that is one `sum.rounding` finding per
 * relation group, beyond it an error of the relation's rule.
 */
import { amountValue, type Cell, type DocumentModel, type Table } from '../model/types';
import { Decimal, difference, toDecimal, formatDecimal, formatScaled, scaledDecimal, type Money } from '../model/money';
import { RULES, formatMessage, type Locale, type RuleId, type Severity } from '../diagnosticCodes';
import type { CheckOptions, Finding, RelatedInfo, SumData } from './findings';
import { partRow, relationOf, tableRelations, walkRelations, type Relation } from './relations';
import { blameTable, type Assessment } from './blame';
import { cellFinding } from './blameFindings';
import { applyLevels, onePerCell, summariseMalformed } from './quiet';
import { kindById } from '../model/registry';
import { checkCodes } from './codes';
import { documentCoverage, type Coverage } from './coverage';
import { checkIdentities } from './identities';
import { foldCrossFindings } from './crossFold';
import { checkNarrative } from './narrative';
import { checkDocumentFacts } from './document';
import { rowName, columnName } from './names';

export { rowName, columnName };
import { parseNumber } from '../syntax/numbers';

/** Findings without related locations share this array (never mutated). */
const NO_RELATED: RelatedInfo[] = Object.freeze([]) as unknown as RelatedInfo[];

const ZERO: Money = { units: 0, scale: 0 };
/** Half a unit of the last printed digit: each printed figure is off by less than this. */
const HALF_UNIT = new Decimal('0.5');

/**
 * How far a relation is off, as residue finds it: the difference in scaled integers when they hold
 * it (almost always), else as a Decimal.
 */
interface Residue {
  /** total − Σ parts times 10^scale, a safe integer; NaN when only `exact` holds it */
  units: number;
  scale: number;
  /** total − Σ parts, exact, when `units` cannot hold it */
  exact: Decimal | undefined;
  decimals: number;
  /** addends plus the total: each was rounded on its own */
  terms: number;
  /** |diff| within the tolerance: a rounding residue, not an error */
  withinRounding: boolean;
}

/**
 * A relation that does not hold, judged. Its difference and tolerance are Decimals made when first
 * asked for: the checker judges and writes most residues in scaled integers, without them.
 */
class Evaluated {
  readonly units: number;
  readonly scale: number;
  readonly decimals: number;
  readonly terms: number;
  readonly withinRounding: boolean;
  private exact: Decimal | undefined;

  constructor(
    readonly rel: Relation,
    r: Residue,
    readonly fixed: Tolerance,
  ) {
    this.units = r.units;
    this.scale = r.scale;
    this.exact = r.exact;
    this.decimals = r.decimals;
    this.terms = r.terms;
    this.withinRounding = r.withinRounding;
  }

  /** total − Σ parts, exact */
  get diff(): Decimal {
    return (this.exact ??= scaledDecimal(this.units, this.scale));
  }

  /** the tolerance applied */
  get tolerance(): Decimal {
    return this.fixed === 'auto' ? autoTolerance(this.decimals, this.terms) : new Decimal(this.fixed);
  }
}

/** How residues are judged: `auto` = (n + 1) × half a unit of the printed precision; a number = a fixed bound in the table's unit. */
export type Tolerance = 'auto' | number;

function valueOf(c: Cell): Money {
  return amountValue(c.amount) ?? ZERO;
}

/** Evaluate one relation: null when it holds exactly. */
export function evaluate(rel: Relation, fixed: Tolerance = 'auto'): Evaluated | null {
  const r = residue(rel.total, rel.parts, rel.parts.length, fixed);
  return r === null ? null : new Evaluated(rel, r, fixed);
}

/**
 * total − Σ parts[0, count), judged. The common case (all figures within the
 * safe integer range) stays in scaled integers; Decimals are made only for
 * figures beyond it.
 */
function residue(totalCell: Cell, parts: Cell[], count: number, fixed: Tolerance): Residue | null {
  const totalValue = amountValue(totalCell.amount);
  let decimals = 0;
  let terms = 0;
  let scale = 0;
  // one pass: exact scaled integers (no allocation) while every figure is in the
  // safe range; the running sum is rescaled when a finer figure comes (every
  // term and every partial result checked: a term beyond 2^53 would make a
  // wrong but safe-looking result). NaN once that fails: Money does it below.
  let acc = 0;
  if (totalValue) {
    terms = 1;
    decimals = totalValue.decimals;
    scale = totalValue.scale;
    acc = totalValue.big ? NaN : totalValue.units;
  }
  for (let i = 0; i < count; i++) {
    const a = amountValue(parts[i].amount);
    if (!a) continue;
    terms++;
    if (a.decimals > decimals) decimals = a.decimals;
    const s = a.scale;
    if (s > scale) {
      if (acc === acc) {
        acc *= 10 ** (s - scale);
        if (!Number.isSafeInteger(acc)) acc = NaN;
      }
      scale = s;
    }
    if (acc !== acc) continue;
    const term = a.big ? NaN : s === scale ? a.units : a.units * 10 ** (scale - s);
    acc = Number.isSafeInteger(term) ? acc - term : NaN;
    if (!Number.isSafeInteger(acc)) acc = NaN;
  }
  if (terms === 0) return null;
  if (acc === acc) {
    if (acc === 0) return null;
    return { units: acc, scale, exact: undefined, decimals, terms, withinRounding: scaledWithinRounding(acc, scale, decimals, terms, fixed) ?? judge(scaledDecimal(acc, scale), decimals, terms, fixed) };
  }
  const total: Money = totalValue ?? ZERO;
  const values: Money[] = new Array(count);
  for (let i = 0; i < count; i++) values[i] = amountValue(parts[i].amount) ?? ZERO;
  const diff = difference(total, values);
  if (diff.isZero()) return null;
  return { units: NaN, scale, exact: diff, decimals, terms, withinRounding: judge(diff, decimals, terms, fixed) };
}

/**
 * Is a non-zero residue of `units` / 10^scale within rounding: strictly below the automatic bound,
 * terms × half a unit of `decimals` places? That is |units| × 2 × 10^decimals < terms × 10^scale,
 * told in exact integers; null when they are beyond the safe range, or the bound is a fixed one.
 */
export function scaledWithinRounding(units: number, scale: number, decimals: number, terms: number, fixed: Tolerance): boolean | null {
  if (fixed !== 'auto') return null;
  const left = Math.abs(units) * 2 * 10 ** decimals;
  const right = terms * 10 ** scale;
  return Number.isSafeInteger(left) && Number.isSafeInteger(right) ? left < right : null;
}

/** A non-zero residue: within rounding (strictly below the automatic bound, or at most the fixed one) or an error? */
function judge(diff: Decimal, decimals: number, terms: number, fixed: Tolerance): boolean {
  if (fixed !== 'auto') return diff.abs().lte(new Decimal(fixed));
  return diff.abs().lt(autoTolerance(decimals, terms));
}

/** (n + 1) × half a unit of the printed precision; Decimals are immutable, so each is made once. */
const TOLERANCES = new Map<number, Decimal>();
function autoTolerance(decimals: number, terms: number): Decimal {
  const key = decimals * 1_000_000 + terms;
  let t = TOLERANCES.get(key);
  if (t === undefined) {
    t = new Decimal(10).pow(-decimals).times(HALF_UNIT).times(terms);
    if (TOLERANCES.size < 10_000) TOLERANCES.set(key, t);
  }
  return t;
}

/** How a relation stands (exact ones with a zero difference), for the blame. */
export function assess(rel: Relation, fixed: Tolerance = 'auto'): Assessment {
  const e = evaluate(rel, fixed);
  return e ? { diff: e.diff, tolerance: e.tolerance, inclusive: fixed !== 'auto' } : { diff: new Decimal(0), tolerance: HALF_UNIT, inclusive: false };
}

/** `text` (the residue's difference as formatted) with a plus sign when the difference is above zero. */
function signed(e: Evaluated, text: string): string {
  const above = e.units === e.units ? e.units > 0 : e.diff.isPositive() && !e.diff.isZero();
  return above ? `+${text}` : text;
}

function partsList(table: Table, rel: Relation): string {
  return rel.parts.map((c) => `「${columnName(table, c.column ?? 0, rel.row.side)}」`).join('+');
}

function related(table: Table, rel: Relation, locale: Locale, forColumns: boolean): RelatedInfo[] {
  return rel.parts.map((c, i) => ({
    span: c.span,
    message: formatMessage('related.part', locale, {
      row: forColumns ? columnName(table, c.column ?? 0, rel.row.side) : rowName(partRow(rel, i)),
      value: c.raw || '0',
    }),
  }));
}

function sumData(table: Table, e: Evaluated): SumData {
  const figures = scaledFigures(e) ?? decimalFigures(e);
  return {
    rule: e.rel.rule,
    table: table.index,
    row: e.rel.row.index,
    column: e.rel.total.column ?? 0,
    printed: figures.printed,
    expected: figures.expected,
    difference: figures.difference,
    tolerance: e.fixed === 'auto' ? formatScaled(e.terms * 5, e.decimals + 1, e.decimals + 1) : formatDecimal(e.tolerance, e.decimals + 1),
    parts: e.rel.parts.map((c, i) => ({ row: partRow(e.rel, i).index, column: c.column ?? 0, value: c.raw })),
  };
}

/** A residue's figures as its data writes them: the printed total, the total the parts make (printed − diff), and the difference. */
interface Figures {
  printed: string;
  expected: string;
  difference: string;
}

/** The figures written from scaled integers, without Decimals; null when the printed total or a result is beyond the safe range. */
function scaledFigures(e: Evaluated): Figures | null {
  const total = valueOf(e.rel.total);
  if (e.units !== e.units || total.big) return null;
  // the printed total and the difference at the finer of their scales
  const scale = Math.max(total.scale, e.scale);
  const printed = total.units * 10 ** (scale - total.scale);
  const expected = printed - e.units * 10 ** (scale - e.scale);
  if (!Number.isSafeInteger(printed) || !Number.isSafeInteger(expected)) return null;
  return { printed: formatScaled(printed, scale, e.decimals), expected: formatScaled(expected, scale, e.decimals), difference: formatScaled(e.units, e.scale, e.decimals) };
}

function decimalFigures(e: Evaluated): Figures {
  const printed = toDecimal(valueOf(e.rel.total));
  return { printed: formatDecimal(printed, e.decimals), expected: formatDecimal(printed.minus(e.diff), e.decimals), difference: formatDecimal(e.diff, e.decimals) };
}

/** The error of one relation that no blamed cell explains: on its total. */
function relationFinding(table: Table, e: Evaluated, locale: Locale): Finding {
  const rel = e.rel;
  const forColumns = rel.partRows === null;
  // the message states the figures the data holds: each is formatted once
  const data = sumData(table, e);
  const args = {
    row: rowName(rel.row),
    column: columnName(table, rel.total.column ?? 0, rel.row.side),
    printed: rel.total.raw || '0',
    expected: data.expected,
    difference: signed(e, data.difference),
    parts: partsList(table, rel),
  };
  return {
    code: rel.rule,
    severity: RULES[rel.rule].severity,
    span: rel.total.span,
    message: formatMessage(forColumns && rel.rule === 'sum.block' ? 'sum.columns' : rel.rule, locale, args),
    related: related(table, rel, locale, forColumns),
    data,
  };
}

interface Settings {
  locale: Locale;
  tolerance: Tolerance;
  /** severity of sum.rounding, or null to leave residues out */
  rounding: Severity | null;
}

function checkTable(table: Table, settings: Settings, out: Finding[]): void {
  const { locale } = settings;
  const rounding = new Map<string, Evaluated[]>();
  const errors: Evaluated[] = [];
  // relations are evaluated as the walker finds them; only those that do not hold become objects
  // (and the walker leaves out those it finds holding in the store)
  const skips = walkRelations(table, (d) => {
    const r = residue(d.total, d.parts, d.count, settings.tolerance);
    if (r === null) return;
    const rel = relationOf(d);
    const e = new Evaluated(rel, r, settings.tolerance);
    if (e.withinRounding) {
      const list = rounding.get(rel.group) ?? [];
      list.push(e);
      rounding.set(rel.group, list);
      return;
    }
    errors.push(e);
  }, true);
  if (errors.length < 2) for (const e of errors) out.push(relationFinding(table, e, locale));
  else {
    // several relations fail: the cells that explain them carry the findings (see blame.ts)
    const blame = blameTable(tableRelations(table).relations, (rel) => assess(rel, settings.tolerance));
    for (const c of blame.cells) out.push(cellFinding(table, c, locale));
    for (const rel of blame.unexplained) {
      const e = evaluate(rel, settings.tolerance);
      if (e) out.push(relationFinding(table, e, locale));
    }
  }
  for (const [, list] of settings.rounding === null ? [] : rounding) {
    const first = list[0];
    const rel = first.rel;
    const forColumns = rel.partRows === null;
    const what = rel.group.endsWith(':equal') ? 'what.equal' : `what.${rel.rule.slice(4)}`;
    const columns = forColumns
      ? `「${columnName(table, rel.total.column ?? 0, rel.row.side)}」`
      : table.header.leafCount > 1 || list.length > 1
        ? `「${list.map((e) => columnName(table, e.rel.total.column ?? 0, e.rel.row.side)).join('、')}」`
        : '';
    // the message states the figures the data holds: each is formatted once
    const data = sumData(table, first);
    out.push({
      code: 'sum.rounding',
      severity: settings.rounding ?? RULES['sum.rounding'].severity,
      span: rel.total.span,
      message: formatMessage('sum.rounding', locale, {
        row: rowName(rel.row),
        columns,
        what: formatMessage(what, locale, {}),
        difference: signed(first, data.difference),
        count: rel.parts.length,
        tolerance: data.tolerance,
      }),
      // a residue is a note, not a lead to follow: its parts are in the hover, not one Problems row each
      related: NO_RELATED,
      // added to sumData's object, not spread into a new one (a spread made a hidden class per finding)
      data: Object.assign(data, { relation: rel.rule, cells: list.map((e) => ({ start: e.rel.total.span.start, end: e.rel.total.span.end })) }),
    });
  }
  for (const s of skips) {
    // a table the document says is empty, or one its figures could not be read into: said once, by document.coverage
    if (s.message === 'skipped.no-rows' || s.message === 'skipped.unread') continue;
    const span = s.row?.labelSpan ?? s.row?.code?.span ?? table.titleSpan;
    out.push({
      code: 'sum.skipped',
      severity: RULES['sum.skipped'].severity,
      span,
      message: formatMessage(s.message, locale, s.args),
      related: NO_RELATED,
      data: { reason: s.message, table: table.index },
    });
  }
}

/** What could not be read or checked, said once for the document; contents entries without their table. */
function coverageFindings(coverage: Coverage, locale: Locale, out: Finding[]): void {
  for (const e of coverage.missing) {
    out.push({
      code: 'document.missing-table',
      severity: RULES['document.missing-table'].severity,
      span: e.span,
      message: formatMessage('document.missing-table', locale, { table: e.title }),
      related: NO_RELATED,
      data: { kind: e.kind },
    });
  }
  const unchecked = coverage.tables.filter((s) => !s.checked);
  if (unchecked.length === 0 && coverage.missing.length === 0) return;
  // each unchecked table's item is formatted once: the message lists it, its related location repeats it
  const items = unchecked.map((s) => formatMessage('coverage.item', locale, { table: s.table.title, reason: formatMessage(`coverage.${s.reason}`, locale, {}) }));
  const details = [
    ...items,
    ...coverage.missing.map((e) => formatMessage('coverage.item', locale, { table: e.title, reason: formatMessage('coverage.missing', locale, {}) })),
  ].join(formatMessage('coverage.separator', locale, {}));
  const checked = coverage.tables.length - unchecked.length;
  out.push({
    code: 'document.coverage',
    severity: RULES['document.coverage'].severity,
    span: coverage.anchor,
    message: formatMessage('document.coverage', locale, { checked, total: coverage.tables.length + coverage.missing.length, details }),
    related: unchecked.map((s, i) => ({ span: s.table.titleSpan, message: items[i] })),
    data: { checked, total: coverage.tables.length, tables: unchecked.map((s) => ({ table: s.table.index, reason: s.reason })), missing: coverage.missing.map((e) => e.kind) },
  });
}

/** A check that could not run, said at the start of the document. */
function internalFinding(message: string, locale: Locale): Finding {
  return { code: 'sum.skipped', severity: RULES['sum.skipped'].severity, span: { start: 0, end: 0 }, message: formatMessage(message, locale, {}), related: NO_RELATED, data: { reason: 'internal' } };
}

/** The value a damaged number is read at, as the message states it. */
function malformedValue(raw: string): string {
  const plain = raw.replace(/[\s,，]/g, '');
  // the common damage (stray spaces, separators) needs no parsing; a second point (194.15.15) does
  const dot = plain.indexOf('.');
  if (dot < 0 || plain.indexOf('.', dot + 1) < 0) return plain;
  const n = parseNumber(raw.trim());
  return n ? formatDecimal(toDecimal(n), n.decimals) : raw.replace(/[\s,，]/g, '');
}

export function checkDocument(model: DocumentModel, options: CheckOptions = {}): Finding[] {
  const locale: Locale = options.locale ?? 'zh-CN';
  const severity = options.rules?.['sum.rounding'] ?? options.rounding?.severity ?? RULES['sum.rounding'].severity;
  const settings: Settings = { locale, tolerance: options.rounding?.tolerance ?? 'auto', rounding: severity === 'off' ? null : severity };
  const out: Finding[] = [];
  // the rule of the previous problem: a document's problems are mostly of one code
  let lastCode = '';
  let rule: RuleId = 'table.unreadable';
  for (const p of model.problems) {
    if (p.code !== lastCode) {
      lastCode = p.code;
      rule = (p.code in RULES ? p.code : 'table.unreadable') as RuleId;
    }
    const args = p.code === 'number.malformed' ? { raw: p.args.raw, value: malformedValue(String(p.args.raw)) } : p.args;
    out.push({
      code: rule,
      severity: RULES[rule].severity,
      span: p.span,
      message: formatMessage(p.code, locale, args),
      related: NO_RELATED,
      data: p.args,
    });
  }
  if (model.kind === 'unknown') {
    out.push({
      code: 'document.not-budget',
      severity: RULES['document.not-budget'].severity,
      span: { start: 0, end: 0 },
      message: formatMessage('document.not-budget', locale, {}),
      related: NO_RELATED,
    });
  }
  for (const table of model.tables) {
    try {
      checkTable(table, settings, out);
    } catch (err) {
      // one table's failure must not hide the others' findings; the error
      // is a bug: logged by the caller, never shown as a finding's message
      options.onInternalError?.(`check of table ${table.index + 1} (${table.kind})`, err);
      out.push({
        code: 'sum.skipped',
        severity: RULES['sum.skipped'].severity,
        span: table.titleSpan,
        message: formatMessage('skipped.internal', locale, { table: table.title || kindById(table.kind).name[locale] }),
        related: NO_RELATED,
        data: { reason: 'internal' },
      });
    }
  }
  let coverage: Coverage | null = null;
  try {
    coverage = documentCoverage(model);
    coverageFindings(coverage, locale, out);
  } catch (err) {
    options.onInternalError?.('coverage', err);
    out.push(internalFinding('skipped.internal-coverage', locale));
  }
  try {
    checkIdentities(model, locale, out);
    foldCrossFindings(model, out, locale);
  } catch (err) {
    // the checks across tables are an addition: a failure in them must not cost the sum findings
    options.onInternalError?.('identities', err);
    out.push(internalFinding('skipped.internal-identities', locale));
  }
  try {
    if (coverage) checkDocumentFacts(model, locale, coverage, out);
  } catch (err) {
    options.onInternalError?.('document', err);
    out.push(internalFinding('skipped.internal-document', locale));
  }
  try {
    checkNarrative(model, locale, out);
  } catch (err) {
    // the narrative checks are an addition: a failure in them must not cost the sum findings
    options.onInternalError?.('narrative', err);
    out.push(internalFinding('skipped.internal-narrative', locale));
  }
  if (options.catalog) {
    const year = typeof options.catalogYear === 'number' ? options.catalogYear : model.year;
    try {
      checkCodes(model, { catalog: options.catalog, edition: options.catalog.editionFor(year).edition, locale }, out);
    } catch (err) {
      // the code checks are an addition: a failure in them must not cost the sum findings
      options.onInternalError?.('classification code checks', err);
      out.push(internalFinding('skipped.internal-codes', locale));
    }
  }
  for (const f of summariseMalformed(model, out, locale)) out.push(f);
  out.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return onePerCell(applyLevels(out, options.rules));
}
