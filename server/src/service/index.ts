/**
 * The language service façade: the one public surface of server/src/service.
 * No LSP connection, no file system, no vscode in here.
 */
import { parseDocument } from './syntax/parser';
import { checkDocument } from './analysis/check';
import type { DocumentModel } from './model/types';
import type { Finding, CheckOptions } from './analysis/findings';
import { toLspRange, offsetToPosition } from './features/positions';
import { getOutline, type OutlineItem } from './features/symbols';
import { getFoldingRanges, type FoldingRange } from './features/folding';
import { getHover, type HoverResult } from './features/hover';
import { getQuickFixes, type CodeActionContext, type DiagnosticRef, type QuickFix } from './features/codeActions';
import { getInlayHints, type InlayHint } from './features/inlayHints';
import { getTableLenses, type TableLens } from './features/codeLens';
import { getTocLinks, type TocLink } from './features/links';
import { documentDictionary, type CodeDictionary } from './catalog/dictionary';
import { glossary, type Term } from './features/glossary';
import type { Locale } from './diagnosticCodes';
import type { Tolerance } from './analysis/check';
import type { Span } from './model/types';

export type { DocumentModel, Table, Row, Cell, Span } from './model/types';
export type { Finding, CheckOptions, Severity, SumData } from './analysis/findings';
export type { Locale } from './diagnosticCodes';
export type { OutlineItem, OutlineKind } from './features/symbols';
export type { FoldingRange, HoverResult, QuickFix, DiagnosticRef, InlayHint, TableLens, TocLink, CodeDictionary, Tolerance };
export { detectDocumentKind } from './detect';
export { RULES } from './diagnosticCodes';
export type { RuleId } from './diagnosticCodes';
export { toLspRange, offsetToPosition };

export interface Analysis {
  model: DocumentModel;
  findings: Finding[];
}

export interface BudgetService {
  /** Parse text into a model. Never throws. */
  parse(text: string): DocumentModel;
  /** Run every rule over a model. Never throws. */
  check(model: DocumentModel, options?: CheckOptions): Finding[];
  /** parse + check */
  analyze(text: string, options?: CheckOptions): Analysis;
  /** parts › sections › tables › rows */
  outline(model: DocumentModel): OutlineItem[];
  foldingRanges(model: DocumentModel): FoldingRange[];
  /** on a code, an amount or a glossary term; `dictionary` defaults to the codes the document defines */
  hover(model: DocumentModel, offset: number, options: { locale: Locale; tolerance?: Tolerance; dictionary?: CodeDictionary }): HoverResult | null;
  quickFixes(model: DocumentModel, findings: Finding[], diagnostics: DiagnosticRef[], options: CodeActionContext): QuickFix[];
  inlayHints(findings: Finding[], range: Span, locale: Locale): InlayHint[];
  tableLenses(model: DocumentModel, findings: Finding[], locale: Locale): TableLens[];
  /** table-of-contents entries → their part or table */
  tocLinks(model: DocumentModel): TocLink[];
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

export function createBudgetService(): BudgetService {
  return {
    parse: parseDocument,
    check: checkDocument,
    analyze(text, options) {
      const model = parseDocument(text);
      return { model, findings: checkDocument(model, options) };
    },
    outline: getOutline,
    foldingRanges: getFoldingRanges,
    hover(model, offset, options) {
      const d = derivedOf(model);
      const dictionary = options.dictionary ?? (d.dictionary ??= documentDictionary(model));
      const terms = (d.terms ??= glossary(model));
      return getHover(model, offset, { locale: options.locale, tolerance: options.tolerance, dictionary, terms });
    },
    quickFixes: getQuickFixes,
    inlayHints: getInlayHints,
    tableLenses: getTableLenses,
    tocLinks(model) {
      const d = derivedOf(model);
      return (d.links ??= getTocLinks(model));
    },
  };
}
