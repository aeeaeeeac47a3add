/**
 * Completion of classification codes where a code belongs in a table: at the
 * start of a row, or inside `[…]`. Digits match codes by prefix, Chinese
 * fragments match names; the table's kind decides 功能 or 经济. Accepting an
 * item writes code and name the way the table's own code rows are written.
 */
import type { CodeScheme, DocumentModel, Row, Span, Table } from '../model/types';
import { kindById } from '../model/registry';
import { formatMessage, type Locale } from '../diagnosticCodes';
import { nameKey, parentOf, type Catalog, type CatalogEntry, type EditionChoice } from '../catalog/catalog';
import { lineOfOffset } from './positions';
import { tableAtLine } from './locate';

export interface CompletionItem {
  /** `2010301 行政运行` */
  label: string;
  /** level and path */
  detail: string;
  /** Markdown: what the subject covers, the edition */
  documentation: string;
  edit: { span: Span; newText: string };
  filterText: string;
  sortText: string;
}

export interface CompletionResult {
  items: CompletionItem[];
  /** more matches exist (or the client should ask again as the user types) */
  isIncomplete: boolean;
}

export interface CompletionContext {
  locale: Locale;
  catalog: Catalog;
  choice: EditionChoice;
}

/** At most this many items per request; the client asks again as the user types. */
const MAX_ITEMS = 200;

const EMPTY: CompletionResult = { items: [], isIncomplete: false };

/** How the table writes its code rows: `[code]name`, `code<sep>name`, or split `201 03 01<sep>name`. */
interface Style {
  kind: 'bare' | 'bracketed' | 'split';
  /** between the code and the name, per level (1..3); index 0 = any level */
  separator: string[];
  /** between the parts of a split code */
  splitSeparator: string;
}

/** The code position under the cursor: the text typed so far and the span it will replace. */
interface Site {
  fragment: string;
  span: Span;
  bracket: boolean;
}

const START_RE = /^[\s\u3000|]*([0-9]*|[\u3400-\u9fff（）()、]+)$/;
const BRACKET_RE = /\[([0-9]*|[\u3400-\u9fff（）()、]+)$/;

function siteAt(text: string, lineStart: number, offset: number): Site | null {
  const before = text.slice(lineStart, offset);
  const b = BRACKET_RE.exec(before);
  if (b) {
    // replace a closing bracket typed right after the cursor as well
    const end = text[offset] === ']' ? offset + 1 : offset;
    return { fragment: b[1], span: { start: offset - b[0].length, end }, bracket: true };
  }
  const s = START_RE.exec(before);
  // the cursor in front of an existing row's text is not a place to insert a code
  if (s && s[1] === '' && /\S/.test(text.slice(offset, text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset)))) return null;
  if (s) return { fragment: s[1], span: { start: offset - s[1].length, end: offset }, bracket: false };
  return null;
}

function schemeOf(table: Table, fragment: string): CodeScheme {
  const kind = kindById(table.kind).scheme;
  let scheme: CodeScheme | undefined = kind;
  if (!scheme) {
    // an unknown table: the scheme most of its code rows use
    const counts = new Map<CodeScheme, number>();
    for (const r of table.rows) if (r.code) counts.set(r.code.scheme, (counts.get(r.code.scheme) ?? 0) + 1);
    let best = 0;
    for (const [s, n] of counts) if (n > best) [scheme, best] = [s, n];
  }
  scheme ??= 'function';
  if (scheme !== 'function' && /^5/.test(fragment)) return 'gov-economic';
  if (scheme === 'gov-economic' && /^3/.test(fragment)) return 'economic';
  return scheme;
}

function styleOf(model: DocumentModel, table: Table, scheme: CodeScheme, bracket: boolean, line: number): Style {
  const style: Style = { kind: bracket ? 'bracketed' : 'bare', separator: [], splitSeparator: ' ' };
  // the table's code rows, not the one being typed
  const rows = table.rows.filter((r) => r.code && r.code.scheme === scheme && r.line !== line && (!bracket || r.code.style === 'bracketed'));
  if (rows.length === 0) {
    style.separator[0] = bracket ? '' : ' ';
    return style;
  }
  // a 类 of a split table is a lone 3-digit cell: any split row makes the table split
  const counts = { bare: 0, bracketed: 0, split: 0 };
  for (const r of rows) counts[r.code!.style]++;
  style.kind = counts.split > 0 ? 'split' : counts.bracketed > counts.bare ? 'bracketed' : 'bare';
  for (const r of rows) {
    const code = r.code!;
    if (code.style === 'split') style.splitSeparator = /\D+/.exec(model.text.slice(code.span.start, code.span.end))?.[0] ?? ' ';
    if (!r.labelSpan || style.separator[code.level] !== undefined) continue;
    const between = model.text.slice(code.span.end, r.labelSpan.start);
    // only whitespace between code and name counts as a separator (never a whole cell of something else)
    if (/^[\s\u3000]*$/.test(between)) style.separator[code.level] = between;
  }
  style.separator[0] = style.separator.find((s) => s !== undefined) ?? (style.kind === 'bracketed' ? '' : ' ');
  return style;
}

function written(entry: CatalogEntry, style: Style): string {
  const sep = style.separator[entry.level] ?? style.separator[0];
  const c = entry.code;
  const code =
    style.kind === 'bracketed'
      ? `[${c}]`
      : style.kind === 'split'
        ? [c.slice(0, 3), c.slice(3, 5), c.slice(5, 7)].filter(Boolean).join(style.splitSeparator)
        : c;
  return `${code}${sep}${entry.name}`;
}

/** The code rows just above the cursor, nearest first: their codes rank their relatives first. */
function nearestCode(table: Table, line: number): Row | undefined {
  let found: Row | undefined;
  for (const r of table.rows) {
    if (r.line >= line) break;
    if (r.code) found = r;
  }
  return found;
}

/** 0 a child of the code row above, 1 its sibling, 2 in its 类, 3 anything else. */
function rank(entry: CatalogEntry, near: string | undefined): number {
  if (!near) return 3;
  if (entry.parent === near) return 0;
  if (entry.parent !== null && entry.parent === parentOf(near)) return 1;
  if (entry.code.startsWith(near.slice(0, 3))) return 2;
  return 3;
}

export function getCompletions(model: DocumentModel, offset: number, ctx: CompletionContext): CompletionResult {
  if (model.lines.length === 0) return EMPTY;
  const line = lineOfOffset(model.lines, offset);
  const table = tableAtLine(model, line) ?? (line > 0 ? tableAtLine(model, line - 1) : null);
  if (!table) return EMPTY;
  const site = siteAt(model.text, model.lines.start(line), offset);
  if (!site) return EMPTY;
  const scheme = schemeOf(table, site.fragment);
  const style = styleOf(model, table, scheme, site.bracket, line);
  const near = nearestCode(table, line)?.code?.code;
  const { catalog, choice, locale } = ctx;
  const digits = /^[0-9]*$/.test(site.fragment);
  const key = nameKey(site.fragment);
  const matches = catalog.entries(scheme, choice.edition).filter((e) =>
    digits ? (site.fragment === '' ? e.level < 3 || rank(e, near) <= 1 : e.code.startsWith(site.fragment)) : nameKey(e.name).includes(key),
  );
  matches.sort((a, b) => rank(a, near) - rank(b, near) || (a.code < b.code ? -1 : 1));
  const typed = model.text.slice(site.span.start, offset);
  const edition = formatMessage('hover.code.edition', locale, { edition: choice.edition });
  const items = matches.slice(0, MAX_ITEMS).map((e, i): CompletionItem => {
    const path = [e.code.slice(0, 3), e.code.slice(0, 5)].filter((c) => c.length < e.code.length).map((c) => `${c} ${catalog.lookup(scheme, c, choice.edition)?.name ?? '?'}`);
    const doc = [e.note, e.gloss ? `_${e.gloss}_` : '', `_${edition}_`].filter(Boolean);
    return {
      label: `${e.code} ${e.name}`,
      detail: [formatMessage(`hover.level.${e.level}`, locale, {}), ...path, ...(e.verified ? [] : [formatMessage('hover.code.unverified', locale, {})])].join(' · '),
      documentation: doc.join('\n\n'),
      edit: { span: site.span, newText: written(e, style) },
      // the server has matched already: the typed text leads, so the client keeps every item
      filterText: `${typed}${e.code}${e.name}`,
      sortText: String(i).padStart(4, '0'),
    };
  });
  return { items, isIncomplete: true };
}
