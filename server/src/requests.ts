/**
 * What the server answers for one analysed document version: every document
 * request and its diagnostics, as functions of (context, params). The server
 * runs them on its own thread for ordinary documents and in a worker thread
 * for large ones (./analysisWorker.ts), so both give the same answers.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DocumentHighlightKind,
  FoldingRangeKind,
  MarkupKind,
  SemanticTokensBuilder,
  SymbolKind,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CompletionList,
  type Diagnostic,
  type DocumentHighlight,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InlayHint,
  type InlayHintParams,
  type Location,
  type SemanticTokens,
  type TextDocumentPositionParams,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formatMessage, pdfPageTarget, type Analysis, type BudgetService, type Finding, type Locale, type OutlineItem, type OutlineKind, type QuickFix, type Severity, type Span } from './service';
import type { Settings } from './settings';

/** The fix-all kind of this language (`editor.codeActionsOnSave`: `source.fixAll.budget`). */
export const FIX_ALL = `${CodeActionKind.SourceFixAll}.budget`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** One symbol kind per outline level, so the outline's icons tell them apart. */
const SYMBOL_KIND: Record<OutlineKind, SymbolKind> = {
  volume: SymbolKind.Package,
  part: SymbolKind.Module,
  section: SymbolKind.Namespace,
  toc: SymbolKind.File,
  table: SymbolKind.Struct,
  unit: SymbolKind.Object,
  class: SymbolKind.Class,
  division: SymbolKind.Enum,
};

/** One analysed version of a document and what the answers depend on. */
export interface RequestContext {
  service: BudgetService;
  document: TextDocument;
  analysis: Analysis;
  settings: Settings;
  locale: Locale;
}

type Params = { textDocument: { uri: string } };
type Position = TextDocumentPositionParams;

const rangeOf = (document: TextDocument, span: Span) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });

/** The requests, by method; each takes the request's params. */
export const REQUESTS = {
  'textDocument/documentSymbol'(c: RequestContext, _params: Params): DocumentSymbol[] {
    // empty details and child lists are left out: a large budget has tens of thousands of rows
    const convert = (item: OutlineItem): DocumentSymbol => {
      const symbol: DocumentSymbol = {
        name: item.name || '—',
        kind: SYMBOL_KIND[item.kind],
        range: rangeOf(c.document, item.span),
        selectionRange: rangeOf(c.document, item.selection),
      };
      if (item.detail) symbol.detail = item.detail;
      if (item.children.length > 0) symbol.children = item.children.map(convert);
      return symbol;
    };
    return c.service.outline(c.analysis.model, { divisions: c.settings.outline.divisions, locale: c.locale, findings: c.analysis.findings }).map(convert);
  },

  'textDocument/foldingRange'(c: RequestContext, _params: Params): FoldingRange[] {
    return c.service.foldingRanges(c.analysis.model).map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: FoldingRangeKind.Region }));
  },

  'textDocument/hover'(c: RequestContext, { position }: Position): Hover | null {
    const h = c.service.hover(c.analysis.model, c.document.offsetAt(position), { locale: c.locale, tolerance: c.settings.rounding.tolerance, catalogYear: c.settings.catalog.year, findings: c.analysis.findings });
    if (!h) return null;
    return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: rangeOf(c.document, h.span) };
  },

  'textDocument/completion'(c: RequestContext, { position }: Position): CompletionList | null {
    const result = c.service.completions(c.analysis.model, c.document.offsetAt(position), { locale: c.locale, catalogYear: c.settings.catalog.year });
    return {
      isIncomplete: result.isIncomplete,
      items: result.items.map((item) => ({
        label: item.label,
        kind: CompletionItemKind.EnumMember,
        detail: item.detail,
        documentation: { kind: MarkupKind.Markdown, value: item.documentation },
        filterText: item.filterText,
        sortText: item.sortText,
        textEdit: { range: rangeOf(c.document, item.edit.span), newText: item.edit.newText },
      })),
    };
  },

  'textDocument/codeAction'(c: RequestContext, { textDocument, context }: CodeActionParams): CodeAction[] {
    const { document, analysis } = c;
    const wants = (kind: string) => !context.only || context.only.some((k) => k === kind || kind.startsWith(`${k}.`));
    const edit = (fix: QuickFix) => ({ changes: { [textDocument.uri]: (fix.edits ?? [fix.edit]).map((e) => ({ range: rangeOf(document, e.span), newText: e.newText })) } });
    const actions: CodeAction[] = [];
    // source.fixAll (Auto Fix on save, “Fix all”): only when asked for by kind
    if (context.only && wants(FIX_ALL)) {
      const fix = c.service.fixAll(analysis.model, analysis.findings, c.locale);
      if (fix) actions.push({ title: fix.title, kind: FIX_ALL, edit: edit(fix) });
    }
    if (!wants(CodeActionKind.QuickFix)) return actions;
    const ours = context.diagnostics.filter((d) => d.source === 'budget' && d.code !== undefined);
    const refs = ours.map((d) => ({ code: String(d.code), span: { start: document.offsetAt(d.range.start), end: document.offsetAt(d.range.end) } }));
    for (const fix of c.service.quickFixes(analysis.model, analysis.findings, refs, { locale: c.locale, tolerance: c.settings.rounding.tolerance }))
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: fix.diagnostics.map((i) => ours[i]),
        isPreferred: fix.isPreferred,
        edit: edit(fix),
      });
    return actions;
  },

  'textDocument/inlayHint'(c: RequestContext, { range }: InlayHintParams): InlayHint[] {
    if (!c.settings.inlayHints.enabled) return [];
    const span = { start: c.document.offsetAt(range.start), end: c.document.offsetAt(range.end) };
    return c.service.inlayHints(c.analysis.findings, span, c.locale).map((h) => ({
      position: c.document.positionAt(h.offset),
      label: h.label,
      tooltip: h.tooltip,
      paddingLeft: true,
    }));
  },

  'textDocument/codeLens'(c: RequestContext, _params: Params): CodeLens[] {
    if (!c.settings.codeLens.enabled) return [];
    return c.service.tableLenses(c.analysis.model, c.analysis.findings, c.locale).map((l) => ({
      range: rangeOf(c.document, l.span),
      command: { title: l.title, tooltip: l.tooltip, command: 'budget.showProblems', arguments: [] },
    }));
  },

  'textDocument/documentLink'(c: RequestContext, { textDocument }: Params): DocumentLink[] {
    const links: DocumentLink[] = c.service.tocLinks(c.analysis.model).map((l) => ({
      range: rangeOf(c.document, l.span),
      target: `${textDocument.uri}#L${l.targetLine + 1}`,
    }));
    // page markers of a text read from a PDF: that page of the PDF beside it
    for (const l of c.service.pageLinks(c.analysis.model)) {
      const target = pdfPageTarget(textDocument.uri, l.source, l.page);
      if (target) links.push({ range: rangeOf(c.document, l.span), target, tooltip: formatMessage('link.pdfPage', c.locale, { file: l.source, page: l.page }) });
    }
    return links;
  },

  'textDocument/definition'(c: RequestContext, { textDocument, position }: Position): Location | null {
    const offset = c.document.offsetAt(position);
    const link = c.service.tocLinks(c.analysis.model).find((l) => offset >= l.span.start && offset <= l.span.end);
    if (link) return { uri: textDocument.uri, range: rangeOf(c.document, link.target) };
    // a narrative amount → the table cell it states
    const cell = c.service.narrativeTarget(c.analysis.model, offset);
    return cell ? { uri: textDocument.uri, range: rangeOf(c.document, cell) } : null;
  },

  'textDocument/semanticTokens/full'(c: RequestContext, _params: Params): SemanticTokens {
    const builder = new SemanticTokensBuilder();
    for (const tok of c.service.semanticTokens(c.analysis.model, c.analysis.findings)) {
      const start = c.document.positionAt(tok.span.start);
      const end = c.document.positionAt(tok.span.end);
      if (end.line !== start.line) continue;
      builder.push(start.line, start.character, end.character - start.character, tok.type, tok.modifiers);
    }
    return builder.build();
  },

  'textDocument/references'(c: RequestContext, { textDocument, position }: Position): Location[] {
    return c.service.occurrences(c.analysis.model, c.document.offsetAt(position)).map((x) => ({ uri: textDocument.uri, range: rangeOf(c.document, x.span) }));
  },

  'textDocument/documentHighlight'(c: RequestContext, { position }: Position): DocumentHighlight[] {
    return c.service
      .occurrences(c.analysis.model, c.document.offsetAt(position))
      .map((x) => ({ range: rangeOf(c.document, x.span), kind: x.current ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  },

  // the preview (client/src/preview.ts): every table as a grid, cells with their places in the text
  'budget/tableViews'(c: RequestContext, _params: { uri: string }) {
    return {
      version: c.document.version,
      tables: c.service.tableViews(c.analysis.model, c.analysis.findings, c.settings.rounding.tolerance).map((t) => ({
        ...t,
        rows: t.rows.map((r) => ({ ...r, cells: r.cells.map((cell) => ({ raw: cell.raw, state: cell.state, position: c.document.positionAt(cell.start) })) })),
      })),
    };
  },

  /** not a request: the diagnostics to publish for this version */
  diagnostics(c: RequestContext, _params: null): Diagnostic[] {
    return c.analysis.findings.map((f) => toDiagnostic(c.document, f));
  },
};

export type Method = keyof typeof REQUESTS;
export type ParamsOf<M extends Method> = Parameters<(typeof REQUESTS)[M]>[1];
export type ResultOf<M extends Method> = ReturnType<(typeof REQUESTS)[M]>;

/** Runs one request on a context (typed by its method). */
export function answer<M extends Method>(method: M, c: RequestContext, params: ParamsOf<M>): ResultOf<M> {
  return (REQUESTS[method] as (c: RequestContext, p: ParamsOf<M>) => ResultOf<M>)(c, params);
}

function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const uri = document.uri;
  const diagnostic: Diagnostic = {
    range: rangeOf(document, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'budget',
    message: finding.message,
  };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri, range: rangeOf(document, r.span) }, message: r.message }));
  }
  if (finding.data !== undefined) diagnostic.data = finding.data;
  return diagnostic;
}
