/**
 * Code checks against the classification catalogue: a code that does not
 * exist in the edition (`code.unknown`), a printed name that differs from the
 * official one (`code.name-mismatch`), a 项 under a 款 that is not its parent
 * (`code.parent-mismatch`), and a child row before its parent or without one
 * (`code.order`). Pure: the catalogue and the edition are handed in.
 */
import type { CodeScheme, DocumentModel, Row, Table } from '../model/types';
import { RULES, formatMessage, type Locale, type RuleId } from '../diagnosticCodes';
import type { Catalog, CatalogEntry } from '../catalog/catalog';
import { nameKey, validIn } from '../catalog/catalog';
import { printedName } from '../catalog/dictionary';
import { labelKey } from '../syntax/text';
import type { Finding, RelatedInfo } from './findings';

/** What a code finding carries for hovers and quick fixes. */
export interface CodeFindingData {
  scheme: CodeScheme;
  code: string;
  edition: number;
  /** the official name in the edition, when the code exists */
  official?: string;
  printed?: string;
  /** the span of the printed name, for the rename fix */
  label?: { start: number; end: number };
  /** the printed name is a former official name */
  former?: boolean;
  /** the expected parent code (parent and order findings) */
  parent?: string;
}

export interface CodeCheckContext {
  catalog: Catalog;
  edition: number;
  locale: Locale;
}

const NO_RELATED: RelatedInfo[] = [];

function finding(rule: RuleId, row: Row, message: string, data: CodeFindingData, related: RelatedInfo[] = NO_RELATED, severity = RULES[rule].severity): Finding {
  const code = row.code!;
  return { code: rule, severity, span: { start: code.span.start, end: code.span.end }, message, related, data: data as unknown as Record<string, unknown> };
}

function checkName(row: Row, entry: CatalogEntry, ctx: CodeCheckContext, out: Finding[]): void {
  // labelKey returns a label that is already a key as it is: no allocation on the common path
  const key = labelKey(row.label);
  if (key === '' || key === entry.key) return;
  const printed = printedName(row);
  const code = row.code!;
  const former = entry.former.find((f) => nameKey(f.name) === key);
  const args = { code: code.code, printed, official: entry.name, edition: ctx.edition, until: former?.until ?? '' };
  const message = formatMessage(former ? 'code.name-mismatch.former' : 'code.name-mismatch', ctx.locale, args) + (entry.verified ? '' : formatMessage('code.unverifiedSuffix', ctx.locale, {}));
  const data: CodeFindingData = {
    scheme: code.scheme,
    code: code.code,
    edition: ctx.edition,
    official: entry.name,
    printed,
    label: row.labelSpan ? { start: row.labelSpan.start, end: row.labelSpan.end } : undefined,
    former: former !== undefined,
  };
  // an entry not yet checked against the published text must not shout: information instead of warning
  const f = finding('code.name-mismatch', row, message, data, NO_RELATED, entry.verified ? RULES['code.name-mismatch'].severity : 'information');
  // the name is what differs: the squiggle goes under it, not under the code
  if (row.labelSpan && row.labelSpan.end > row.labelSpan.start) f.span = { start: row.labelSpan.start, end: row.labelSpan.end };
  out.push(f);
}

/** The message of an unknown code: it depends on the code alone, and a document prints a code in several tables. */
function unknownMessage(scheme: CodeScheme, code: string, ctx: CodeCheckContext): string {
  const other = ctx.catalog.history(scheme, code);
  const editions = other.length === 0 ? [] : ctx.catalog.editions.filter((y) => other.some((e) => validIn(e, y)));
  const args = { code, edition: ctx.edition, editions: editions.join('、') };
  return formatMessage(editions.length > 0 ? 'code.unknown.otherEdition' : 'code.unknown', ctx.locale, args);
}

/** Messages of unknown codes already made in this check, by scheme, then code. */
type UnknownMessages = Map<CodeScheme, Map<string, string>>;

function checkUnknown(row: Row, ctx: CodeCheckContext, messages: UnknownMessages, out: Finding[]): void {
  const code = row.code!;
  let ofScheme = messages.get(code.scheme);
  if (ofScheme === undefined) messages.set(code.scheme, (ofScheme = new Map()));
  let message = ofScheme.get(code.code);
  if (message === undefined) ofScheme.set(code.code, (message = unknownMessage(code.scheme, code.code, ctx)));
  out.push(finding('code.unknown', row, message, { scheme: code.scheme, code: code.code, edition: ctx.edition }));
}

const SCHEMES: readonly CodeScheme[] = ['function', 'economic', 'gov-economic'];

/** Reading state of one scheme's tree in one table. */
interface TreeState {
  /** the last row read at level 1 and 2 (index = level) */
  current: Array<Row | null>;
  /** has a row above the lowest level been read (a table starting mid-tree lost its first page) */
  higherSeen: boolean;
}

/**
 * Parent and order within one table, per scheme: rows are read top to bottom
 * keeping the last row at each level (a new 类 closes the 款 before it). A
 * row under its parent costs one prefix test; the rest is done only for the
 * rare row that is not.
 */
function checkTree(table: Table, ctx: CodeCheckContext, out: Finding[]): void {
  const states: TreeState[] = SCHEMES.map(() => ({ current: [null, null, null], higherSeen: false }));
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const code = row.code;
    if (!code) continue;
    const state = states[SCHEMES.indexOf(code.scheme)];
    const level = code.level;
    const above = level > 1 ? state.current[level - 1] : null;
    if (level < 3) {
      state.current[level] = row;
      if (level === 1) state.current[2] = null;
    }
    if (level === 1 || (above !== null && code.code.startsWith(above.code!.code))) {
      state.higherSeen = true;
      continue;
    }
    misplaced(table, i, above, state, ctx, out);
    if (level === 2) state.higherSeen = true;
  }
}

/** A row not under its parent: listed before it, under another code, or without one. */
function misplaced(table: Table, index: number, above: Row | null, state: TreeState, ctx: CodeCheckContext, out: Finding[]): void {
  const rows = table.rows;
  const row = rows[index];
  const code = row.code!;
  const level = code.level;
  const parent = code.code.slice(0, level === 3 ? 5 : 3);
  const sameScheme = (r: Row) => r.code !== undefined && r.code.scheme === code.scheme;
  let later: Row | undefined;
  for (let j = index + 1; j < rows.length && !later; j++) if (sameScheme(rows[j]) && rows[j].code!.code === parent) later = rows[j];
  const parentEntry = ctx.catalog.lookup(code.scheme, parent, ctx.edition);
  const args = {
    code: code.code,
    parent: parentEntry ? `${parent} ${parentEntry.name}` : parent,
    level: formatMessage(`hover.level.${level}`, ctx.locale, {}),
    above: above ? `${above.code!.code} ${printedName(above)}`.trim() : '',
  };
  const data: CodeFindingData = { scheme: code.scheme, code: code.code, edition: ctx.edition, parent };
  if (later) {
    out.push(finding('code.order', row, formatMessage('code.order.before', ctx.locale, { ...args, line: later.line + 1 }), data, [related(later, ctx)]));
  } else if (above) {
    out.push(finding('code.parent-mismatch', row, formatMessage('code.parent-mismatch', ctx.locale, args), data, [related(above, ctx)]));
  } else if (state.higherSeen && !rows.some((r) => sameScheme(r) && r.code!.code === parent) && rows.some((r) => sameScheme(r) && r.code!.level === level - 1)) {
    // a child whose parent the table never prints, after its tree has begun (a table that
    // starts mid-tree lost its first page: sum.skipped says so already)
    out.push(finding('code.order', row, formatMessage('code.order.orphan', ctx.locale, args), data));
  }
}

function related(row: Row, ctx: CodeCheckContext): RelatedInfo {
  const code = row.code!;
  return { span: { start: code.span.start, end: code.span.end }, message: formatMessage('code.related', ctx.locale, { code: code.code, name: printedName(row) }) };
}

/** A table is said to number its codes its own way when at least this many of its code rows disagree with the catalogue … */
const NUMBERING_MIN = 3;

/**
 * … and they are more than half of its code rows: one cause (a local or older numbering, 款 numbered
 * serially) gives a disagreement on nearly every row. Such a table gets one `code.numbering` finding
 * on its title, each disagreeing row as related information, instead of one warning per row.
 */
function summarizeNumbering(table: Table, codeRows: number, found: Finding[], ctx: CodeCheckContext, out: Finding[]): void {
  const disagree = found.filter((f) => f.code === 'code.name-mismatch' || f.code === 'code.unknown');
  if (disagree.length < NUMBERING_MIN || disagree.length * 2 <= codeRows) {
    for (const f of found) out.push(f);
    return;
  }
  const first = disagree[0].data as unknown as CodeFindingData;
  const message = formatMessage('code.numbering', ctx.locale, { table: table.title.replace(/\s+/g, ''), count: disagree.length, total: codeRows, first: first.code });
  out.push({
    code: 'code.numbering',
    severity: RULES['code.numbering'].severity,
    span: { start: table.titleSpan.start, end: table.titleSpan.end },
    message,
    related: disagree.map((f) => ({ span: f.span, message: f.message })),
    data: { table: table.index, count: disagree.length, total: codeRows, codes: disagree.map((f) => (f.data as unknown as CodeFindingData).code) },
  });
  // the others (by their rule: disagree holds every finding of those two)
  for (const f of found) if (f.code !== 'code.name-mismatch' && f.code !== 'code.unknown') out.push(f);
}

/** Every code check over a model. */
export function checkCodes(model: DocumentModel, ctx: CodeCheckContext, out: Finding[]): void {
  const found: Finding[] = [];
  const unknown: UnknownMessages = new Map();
  for (const table of model.tables) {
    let codeRows = 0;
    for (const row of table.rows) {
      const code = row.code;
      if (!code) continue;
      codeRows++;
      const entry = ctx.catalog.lookup(code.scheme, code.code, ctx.edition);
      if (entry) checkName(row, entry, ctx, found);
      else checkUnknown(row, ctx, unknown, found);
    }
    if (found.length > 0) {
      summarizeNumbering(table, codeRows, found, ctx, out);
      found.length = 0;
    }
    checkTree(table, ctx, out);
  }
}
