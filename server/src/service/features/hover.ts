/**
 * Hover: on a classification code, what it is and where it sits in the
 * tree; on an amount, every sum it takes part in and whether that sum holds;
 * on a term of the glossary, its definition; on a narrative figure, the
 * table cell it states or the figures it is computed from.
 */
import type { Finding } from '../analysis/findings';
import type { Cell, CodeRef, DocumentModel, Row, Span, Table } from '../model/types';
import { amountValue } from '../model/types';
import { Decimal, formatDecimal, toDecimal } from '../model/money';
import { formatMessage, type Locale } from '../diagnosticCodes';
import { tableRelations, type Relation } from '../analysis/relations';
import { columnName, evaluate, rowName, type Tolerance } from '../analysis/check';
import { ancestors, printedName, sameName, type CodeDictionary } from '../catalog/dictionary';
import type { Catalog, CatalogEntry, EditionChoice } from '../catalog/catalog';
import { contains, locate } from './locate';
import { lineOfOffset } from './positions';
import { glossary, termAt, type Term } from './glossary';
import { narrativeHover } from './narrativeFigures';
import { formatLike } from './numberStyle';

export interface HoverResult {
  /** Markdown */
  contents: string;
  span: Span;
}

export interface HoverContext {
  locale: Locale;
  dictionary: CodeDictionary;
  tolerance?: Tolerance;
  /** the glossary, when the caller caches it per document version */
  terms?: Term[];
  /** the classification catalogue and the edition chosen for this document */
  catalog?: { catalog: Catalog; choice: EditionChoice };
  /** the document's findings: what one says on the hovered text is not said again */
  findings?: readonly Finding[];
}

const t = (id: string, locale: Locale, args: Record<string, string | number> = {}) => formatMessage(id, locale, args);

export function getHover(model: DocumentModel, offset: number, ctx: HoverContext): HoverResult | null {
  const at = locate(model, offset);
  if (at?.cell && at.row) return amountHover(at.table, at.row, at.cell, ctx);
  if (at?.row?.code && contains(at.row.code.span, offset)) return codeHover(at.row, at.row.code, ctx);
  if (!at?.table) {
    const n = narrativeHover(model, offset, ctx.locale, ctx.findings);
    if (n) return n;
  }
  if (at?.row && at.row.kind === 'total' && at.row.labelSpan && contains(at.row.labelSpan, offset)) {
    const h = totalHover(at.table, at.row, ctx);
    if (h) return h;
  }
  const terms = ctx.terms ?? glossary(model);
  if (terms.length === 0 || model.lines.length === 0) return null;
  const line = at?.line ?? lineOfOffset(model.lines, offset);
  const hit = termAt(model, terms, line, offset);
  if (!hit || hit.term.line === line) return null;
  return {
    contents: `**${hit.term.term}**\n\n${hit.term.definition}\n\n_${t('hover.term.source', ctx.locale, { line: hit.term.line + 1 })}_`,
    span: hit.span,
  };
}

function editionLine(choice: EditionChoice, locale: Locale): string {
  if (choice.exact) return t('hover.code.edition', locale, { edition: choice.edition });
  if (choice.year === null) return t('hover.code.editionUnknownYear', locale, { edition: choice.edition });
  return t('hover.code.editionNearest', locale, { edition: choice.edition, year: choice.year });
}

/** A code the catalogue knows: official name, level, path, what it covers, the edition. */
function catalogHover(_row: Row, ref: CodeRef, entry: CatalogEntry, cat: NonNullable<HoverContext['catalog']>, locale: Locale): HoverResult {
  const { catalog, choice } = cat;
  const out: string[] = [];
  out.push(`**${ref.code}** ${entry.name}${entry.gloss ? ` · _${entry.gloss}_` : ''}`);
  // the detail line says in words when the entry has not been checked
  out.push([t(`hover.scheme.${ref.scheme}`, locale), t(`hover.level.${entry.level}`, locale), ...(entry.verified ? [] : [t('hover.code.unverified', locale)])].join(' · '));
  const path = [...ancestors(ref.code), ref.code].map((c) => `${c} ${(c === ref.code ? entry : catalog.lookup(ref.scheme, c, choice.edition))?.name ?? '?'}`);
  if (path.length > 1) out.push(path.join(' › '));
  if (entry.note) out.push(entry.note);
  // a printed name that differs from the official one is the diagnostic's to say (code.name-mismatch), not repeated here
  if (entry.former.length > 0) out.push(t('hover.code.formerNames', locale, { names: entry.former.map((f) => t('hover.code.formerName', locale, { name: f.name, until: f.until })).join('、') }));
  const sources = entry.sources.map((id) => t(`catalog.source.${id}`, locale)).join(locale === 'en' ? '; ' : '；');
  out.push(`_${editionLine(choice, locale)}_${entry.verified ? ` · _${t('hover.code.sources', locale, { sources })}_` : ''}`);
  return { contents: out.join('\n\n'), span: ref.span };
}

function codeHover(row: Row, ref: CodeRef, ctx: HoverContext): HoverResult {
  const { locale, dictionary } = ctx;
  const cat = ctx.catalog;
  const official = cat?.catalog.lookup(ref.scheme, ref.code, cat.choice.edition);
  if (cat && official) return catalogHover(row, ref, official, cat, locale);
  const entry = dictionary.lookup(ref.scheme, ref.code);
  const printed = printedName(row);
  const name = entry?.name ?? printed;
  const out: string[] = [];
  out.push(`**${ref.code}** ${name}`);
  out.push(`${t(`hover.scheme.${ref.scheme}`, locale)} · ${t(`hover.level.${ref.level}`, locale)}`);
  const path = [...ancestors(ref.code), ref.code].map((c) => {
    const e = c === ref.code ? entry : dictionary.lookup(ref.scheme, c);
    return `${c} ${e?.name ?? '?'}`.trim();
  });
  if (path.length > 1) out.push(path.join(' › '));
  if (printed && entry) {
    if (!sameName(printed, entry.name)) out.push(t('hover.code.printedAs', locale, { printed, name: entry.name }));
    else if (entry.variants && entry.variants.length > 0) out.push(t('hover.code.variants', locale, { variants: entry.variants.map((v) => `“${v}”`).join('、') }));
  }
  if (entry?.source === 'document') out.push(`_${t('hover.code.fromDocument', locale, { line: (entry.line ?? row.line) + 1 })}_`);
  if (cat) out.push(t('hover.code.notInCatalog', locale, { edition: cat.choice.edition }));
  return { contents: out.join('\n\n'), span: ref.span };
}

/** Σ of a relation's parts as printed: total − diff. */
function sumOf(rel: Relation, diff: Decimal | null): Decimal {
  const total = amountValue(rel.total.amount);
  const printed = total ? toDecimal(total) : new Decimal(0);
  return diff ? printed.minus(diff) : printed;
}

function decimalsOf(rel: Relation): number {
  let d = amountValue(rel.total.amount)?.decimals ?? 0;
  for (const p of rel.parts) d = Math.max(d, amountValue(p.amount)?.decimals ?? 0);
  return d;
}

function verdict(rel: Relation, ctx: HoverContext): string {
  const e = evaluate(rel, ctx.tolerance ?? 'auto');
  const decimals = decimalsOf(rel);
  // the sum written as the document writes its total (thousands separators, decimals)
  const sum = rel.total.raw ? formatLike(rel.total.raw, sumOf(rel, e?.diff ?? null)) : formatDecimal(sumOf(rel, e?.diff ?? null), decimals);
  const what = t(`hover.what.${rel.rule.slice(4)}`, ctx.locale);
  if (!e) return t('hover.sum.ok', ctx.locale, { what, sum });
  const args = { what, sum, difference: formatDecimal(e.diff, decimals), tolerance: formatDecimal(e.tolerance, decimals + 1) };
  return t(e.withinRounding ? 'hover.sum.rounding' : 'hover.sum.error', ctx.locale, args);
}

/** On the word 合计 (总计, 本年收入合计 …): every sum its row states, column by column. */
function totalHover(table: Table, row: Row, ctx: HoverContext): HoverResult | null {
  const lines: string[] = [];
  for (const rel of tableRelations(table).relations) {
    if (rel.row !== row) continue;
    const column = columnName(table, rel.total.column ?? 0, row.side);
    lines.push(`- 「${column}」 ${rel.total.raw || '0'}：${verdict(rel, ctx)}`);
  }
  if (lines.length === 0 || !row.labelSpan) return null;
  return { contents: `**${rowName(row)}**\n\n${lines.join('\n')}`, span: { start: row.labelSpan.start, end: row.labelSpan.end } };
}

function amountHover(table: Table, row: Row, cell: Cell, ctx: HoverContext): HoverResult {
  const { locale } = ctx;
  const column = columnName(table, cell.column ?? 0, row.side);
  const unit = table.unit ? ` ${table.unit}` : '';
  const out: string[] = [`**${rowName(row)}** · 「${column}」 ${cell.raw}${unit}`];
  // a damaged figure is the diagnostic's to say (number.malformed), not repeated here
  const { relations } = tableRelations(table);
  const asTotal: string[] = [];
  const asPart: string[] = [];
  for (const rel of relations) {
    if (rel.total === cell) {
      asTotal.push(`- ${verdict(rel, ctx)}`);
      continue;
    }
    const i = rel.parts.indexOf(cell);
    if (i < 0) continue;
    const name = columnName(table, rel.total.column ?? 0, rel.row.side);
    const of = rel.partRows === null ? `「${name}」` : `${rowName(rel.row)}「${name}」`;
    asPart.push(`- ${t('hover.part.of', locale, { of, total: rel.total.raw || '0', verdict: verdict(rel, ctx) })}`);
  }
  if (asTotal.length > 0) out.push(asTotal.join('\n'));
  if (asPart.length > 0) out.push(asPart.join('\n'));
  if (asTotal.length === 0 && asPart.length === 0) out.push(`_${t('hover.amount.noRelation', locale)}_`);
  return { contents: out.join('\n\n'), span: { start: cell.span.start, end: cell.span.end } };
}
