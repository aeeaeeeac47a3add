/**
 * The language service façade: the one public surface of server/src/service.
 * No LSP connection, no file system, no vscode in here.
 */
import { parseDocument } from './syntax/parser';
import { checkDocument } from './analysis/check';
import { compactRelated } from './analysis/compactRelated';
import type { DocumentModel } from './model/types';
import type { Finding, CheckOptions } from './analysis/findings';
import { toLspRange, offsetToPosition } from './features/positions';
import { getOutline, type OutlineItem, type OutlineOptions } from './features/symbols';
import { getFoldingRanges, type FoldingRange } from './features/folding';
import { getHover, type HoverResult } from './features/hover';
import { getFixAll, getQuickFixes, type CodeActionContext, type DiagnosticRef, type QuickFix } from './features/codeActions';
import { getInlayHints, type InlayHint } from './features/inlayHints';
import { getTableViews, type TableView } from './features/tableView';
import { getOccurrences, type Occurrence } from './features/references';
import { getSemanticTokens, type SemanticToken } from './features/semanticTokens';
import { getTableLenses, type TableLens } from './features/codeLens';
import { getPageLinks, getTocLinks, type PageLink, type TocLink } from './features/links';
import { narrativeTarget } from './features/narrativeFigures';
import { documentDictionary, type CodeDictionary } from './catalog/dictionary';
import { glossary, type Term } from './features/glossary';
import { getCompletions, type CompletionItem, type CompletionResult } from './features/completion';
import { parseCatalog, type Catalog, type CatalogFiles, type CatalogEntry, type EditionChoice } from './catalog/catalog';
import { documentCoverage, type Coverage, type TableStatus, type TableReason } from './analysis/coverage';
import { RULES, formatMessage, type Locale } from './diagnosticCodes';
import type { Tolerance } from './analysis/check';
import type { Span } from './model/types';

export type { DocumentModel, Table, Row, Cell, Span } from './model/types';
export type { Finding, CheckOptions, Severity, SumData } from './analysis/findings';
export type { Locale } from './diagnosticCodes';
export type { OutlineItem, OutlineKind, OutlineOptions } from './features/symbols';
export type { TableView, RowView, CellView, CellState } from './features/tableView';
export type { Occurrence } from './features/references';
export type { SemanticToken } from './features/semanticTokens';
export { TOKEN_TYPES, TOKEN_MODIFIERS } from './features/semanticTokens';
export type { FoldingRange, HoverResult, QuickFix, DiagnosticRef, InlayHint, TableLens, TocLink, PageLink, CodeDictionary, Tolerance };
export type { Catalog, CatalogFiles, CatalogEntry, EditionChoice, CompletionItem, CompletionResult };
export type { Coverage, TableStatus, TableReason };
export { parseCatalog, CATALOG_FILES, EDITIONS } from './catalog/catalog';
export { detectDocumentKind } from './detect';
export { RULES, formatMessage } from './diagnosticCodes';
export { pdfPageTarget } from './features/links';
export type { RuleId } from './diagnosticCodes';
export { toLspRange, offsetToPosition };

export interface Analysis {
  model: DocumentModel;
  findings: Finding[];
}

/** Which catalogue edition to use: 'auto' reads the year from the document. */
export type CatalogYear = 'auto' | number;

export interface ServiceOptions {
  /**
   * The catalogue's data files, read when first needed (the service does no
   * I/O itself). Without them the code checks do not run and hovers name a
   * code as the document prints it.
   */
  catalogFiles?: () => CatalogFiles | undefined;
  /**
   * Where internal errors (bugs in a check or the parser) are logged: the
   * server's console, the CLI's stderr. Each distinct error is told once;
   * the findings only say that a check could not run.
   */
  log?: (message: string) => void;
}

/** How many distinct internal errors a service logs at most (a hostile input must not flood the log). */
const MAX_LOGGED_ERRORS = 100;

/** An onInternalError that logs each distinct error (place and stack) once. */
function logOnce(log: ((message: string) => void) | undefined): (where: string, err: unknown) => void {
  const seen = new Set<string>();
  return (where, err) => {
    const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
    // the same error is where it was thrown and what it says, whoever called the check
    const key = `${where}\n${detail.split('\n', 3).join('\n')}`;
    if (seen.has(key) || seen.size >= MAX_LOGGED_ERRORS) return;
    seen.add(key);
    try {
      log?.(`internal error in ${where}: ${detail}`);
    } catch {
      // a failing logger must not fail the check
    }
  };
}

export interface BudgetService {
  /** the classification catalogue, parsed on first use; undefined when no data files were given */
  catalog(): Catalog | undefined;
  /** the catalogue edition for a document */
  edition(model: DocumentModel, year?: CatalogYear): EditionChoice | undefined;
  /** Parse text into a model. Never throws. */
  parse(text: string): DocumentModel;
  /** Run every rule over a model. Never throws. */
  check(model: DocumentModel, options?: CheckOptions): Finding[];
  /** parse + check */
  analyze(text: string, options?: CheckOptions): Analysis;
  /** parts › sections › tables › 类 (› 款 with `divisions`) */
  outline(model: DocumentModel, options?: OutlineOptions): OutlineItem[];
  foldingRanges(model: DocumentModel): FoldingRange[];
  /** on a code, an amount or a glossary term; `dictionary` defaults to the codes the document defines */
  /** `findings`: the document's, so that a hover does not say again what a finding on the same text says */
  hover(model: DocumentModel, offset: number, options: { locale: Locale; tolerance?: Tolerance; dictionary?: CodeDictionary; catalogYear?: CatalogYear; findings?: readonly Finding[] }): HoverResult | null;
  /** classification codes where a code belongs (start of a table row, inside […]) */
  completions(model: DocumentModel, offset: number, options: { locale: Locale; catalogYear?: CatalogYear }): CompletionResult;
  quickFixes(model: DocumentModel, findings: Finding[], diagnostics: DiagnosticRef[], options: CodeActionContext): QuickFix[];
  /** codes by level, totals, amounts, the amounts findings sit on (legend: TOKEN_TYPES, TOKEN_MODIFIERS) */
  semanticTokens(model: DocumentModel, findings: Finding[]): SemanticToken[];
  /** the code or figure at `offset` across the document's tables (references, highlights) */
  occurrences(model: DocumentModel, offset: number): Occurrence[];
  /** the tables as a preview shows them: grids with ✓/✗ totals and marked cells */
  tableViews(model: DocumentModel, findings: Finding[], tolerance?: Tolerance): TableView[];
  /** every damaged number repaired in one edit (source.fixAll), or null when there is none */
  fixAll(model: DocumentModel, findings: Finding[], locale: Locale): QuickFix | null;
  inlayHints(findings: Finding[], range: Span, locale: Locale): InlayHint[];
  tableLenses(model: DocumentModel, findings: Finding[], locale: Locale): TableLens[];
  /** table-of-contents entries → their part or table */
  tocLinks(model: DocumentModel): TocLink[];
  /** page markers of a text read from a PDF → that page of the source PDF (named in the text's header) */
  pageLinks(model: DocumentModel): PageLink[];
  /** a narrative amount → the table cell it states (Go to Definition), or null */
  narrativeTarget(model: DocumentModel, offset: number): Span | null;
  /** which tables were read and checked, and why the others were not; tables the contents list but the document lacks */
  coverage(model: DocumentModel): Coverage;
}

/**
 * Per-model memo of what several requests need (the code dictionary, the
 * glossary, the TOC links); a new model (a new document version) starts afresh.
 */
interface Derived {
  dictionary?: CodeDictionary;
  terms?: Term[];
  links?: TocLink[];
}
const derived = new WeakMap<DocumentModel, Derived>();
function derivedOf(model: DocumentModel): Derived {
  let d = derived.get(model);
  if (!d) derived.set(model, (d = {}));
  return d;
}

/**
 * A document over the analysis limit: not parsed (the cheap features, folding
 * and links of an empty model, stay instant), one finding saying why.
 */
function tooLarge(length: number, options: CheckOptions): Analysis {
  const locale = options.locale ?? 'zh-CN';
  const mb = (n: number) => (n / 1_000_000).toFixed(1);
  const finding: Finding = {
    code: 'document.too-large',
    severity: RULES['document.too-large'].severity,
    span: { start: 0, end: 0 },
    message: formatMessage('document.too-large', locale, { size: mb(length), limit: mb(options.maxChars ?? 0) }),
    related: [],
  };
  return { model: parseDocument(''), findings: [finding] };
}

export function createBudgetService(serviceOptions: ServiceOptions = {}): BudgetService {
  let catalog: Catalog | null | undefined;
  const getCatalog = (): Catalog | undefined => {
    if (catalog === undefined) {
      let files: CatalogFiles | undefined;
      try {
        files = serviceOptions.catalogFiles?.();
      } catch {
        files = undefined;
      }
      catalog = files ? parseCatalog(files) : null;
    }
    return catalog ?? undefined;
  };
  const edition = (model: DocumentModel, year: CatalogYear = 'auto') => getCatalog()?.editionFor(typeof year === 'number' ? year : model.year);
  const onInternalError = logOnce(serviceOptions.log);
  const withCatalog = (options: CheckOptions = {}): CheckOptions => ({
    ...options,
    catalog: options.catalog ?? getCatalog(),
    onInternalError: options.onInternalError ?? onInternalError,
  });
  return {
    catalog: getCatalog,
    edition,
    parse: (text) => parseDocument(text, onInternalError),
    check: (model, options) => compactRelated(checkDocument(model, withCatalog(options)), options?.locale ?? 'zh-CN'),
    analyze(text, options) {
      if (options?.maxChars !== undefined && text.length > options.maxChars) return tooLarge(text.length, options);
      const model = parseDocument(text, onInternalError);
      return { model, findings: compactRelated(checkDocument(model, withCatalog(options)), options?.locale ?? 'zh-CN') };
    },
    outline: getOutline,
    foldingRanges: getFoldingRanges,
    hover(model, offset, options) {
      const d = derivedOf(model);
      const dictionary = options.dictionary ?? (d.dictionary ??= documentDictionary(model));
      const terms = (d.terms ??= glossary(model));
      const cat = getCatalog();
      const choice = edition(model, options.catalogYear);
      return getHover(model, offset, { locale: options.locale, tolerance: options.tolerance, dictionary, terms, catalog: cat && choice ? { catalog: cat, choice } : undefined, findings: options.findings });
    },
    completions(model, offset, options) {
      const cat = getCatalog();
      const choice = edition(model, options.catalogYear);
      if (!cat || !choice) return { items: [], isIncomplete: false };
      return getCompletions(model, offset, { locale: options.locale, catalog: cat, choice });
    },
    quickFixes: getQuickFixes,
    fixAll: getFixAll,
    tableViews: getTableViews,
    occurrences: getOccurrences,
    semanticTokens: getSemanticTokens,
    inlayHints: getInlayHints,
    tableLenses: getTableLenses,
    tocLinks(model) {
      const d = derivedOf(model);
      return (d.links ??= getTocLinks(model));
    },
    pageLinks: getPageLinks,
    coverage: documentCoverage,
    narrativeTarget,
  };
}
