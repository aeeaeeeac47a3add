/**
 * The LSP edge: keeps the open documents, caches one analysis per document
 * version, publishes findings as diagnostics and answers the feature
 * requests. All budget logic lives in ./service; this file only translates
 * between the service and the protocol.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  ErrorCodes,
  ResponseError,
  DocumentHighlightKind,
  FoldingRangeKind,
  MarkupKind,
  SymbolKind,
  TextDocuments,
  SemanticTokensBuilder,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeLens,
  type CompletionList,
  type Connection,
  type Diagnostic,
  type DocumentLink,
  type DocumentHighlight,
  type SemanticTokens,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type InlayHint,
  type Location,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createBudgetService,
  formatMessage,
  pdfPageTarget,
  type Analysis,
  type CheckOptions,
  type Finding,
  type Locale,
  type OutlineItem,
  type OutlineKind,
  type QuickFix,
  type Severity,
  type Span,
  TOKEN_MODIFIERS,
  TOKEN_TYPES,
} from './service';
import { defaultSettings, readSettings, type Settings } from './settings';
import { readCatalogFiles } from './catalogFiles';

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

/** The fix-all kind of this language (`editor.codeActionsOnSave`: `source.fixAll.budget`). */
const FIX_ALL = `${CodeActionKind.SourceFixAll}.budget`;

/** Documents longer than this (characters, about 10 MB of text) are not analysed: a message says so. */
export const ANALYSIS_LIMIT = 10_000_000;

/** Typing pauses shorter than this do not trigger a new analysis. */
export const DEBOUNCE_MS = 200;

interface Cached {
  version: number;
  analysis: Analysis;
  /** the settings' identity the findings were made with */
  settingsKey: string;
}

export interface ServerOptions {
  /** override the debounce delay (tests, benchmarks) */
  debounceMs?: number;
}

export function startServer(connection: Connection, serverOptions: ServerOptions = {}): void {
  // the catalogue's files are read when the first document needs them, not at start-up
  const service = createBudgetService({ catalogFiles: readCatalogFiles, log: (message) => connection.console.error(`budget: ${message}`) });
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Cached>();
  const timers = new Map<string, NodeJS.Timeout>();
  const debounceMs = serverOptions.debounceMs ?? DEBOUNCE_MS;
  let settings: Settings = defaultSettings();
  let clientLocale: Locale = 'zh-CN';
  let canPullConfiguration = false;
  let canRefreshInlayHints = false;
  let canRefreshCodeLens = false;

  const log = (message: string) => connection.console.error(`budget: ${message}`);
  const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

  /** Runs a request handler; anything it throws is logged and answered with `fallback`. */
  function guarded<T>(what: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      log(`${what} failed: ${describe(err)}`);
      return fallback;
    }
  }

  /**
   * The protocol's lifecycle: requests before `initialize` are refused
   * (ServerNotInitialized), a second `initialize` too, and every request
   * after `shutdown` (InvalidRequest).
   */
  let phase: 'new' | 'running' | 'shut down' = 'new';

  /**
   * A feature request: refused outside the running phase, or with
   * InvalidParams when its params are not what the method takes (no stack
   * trace, no null result); else run guarded.
   */
  function request<T>(what: string, params: unknown, shape: ParamsShape, fallback: T, fn: () => T): T | ResponseError<void> {
    if (phase === 'new') return new ResponseError(ErrorCodes.ServerNotInitialized, `${what}: the server has not been initialized`);
    if (phase === 'shut down') return new ResponseError(ErrorCodes.InvalidRequest, `${what}: the server has been shut down`);
    const problem = invalidParams(params, shape);
    if (problem) return new ResponseError(ErrorCodes.InvalidParams, `${what}: ${problem}`);
    return guarded(what, fallback, fn);
  }

  const locale = (): Locale => (settings.locale === 'auto' ? clientLocale : settings.locale);

  function checkOptions(): CheckOptions {
    return { locale: locale(), rounding: { severity: settings.rounding.severity, tolerance: settings.rounding.tolerance }, catalogYear: settings.catalog.year, rules: settings.rules, maxChars: ANALYSIS_LIMIT };
  }

  const settingsKey = () => JSON.stringify([locale(), settings.rounding, settings.catalog, settings.rules]);

  /** The analysis of this version of the document: made once, then cached. */
  function analysisOf(document: TextDocument): Analysis {
    const key = settingsKey();
    const hit = cache.get(document.uri);
    if (hit && hit.version === document.version && hit.settingsKey === key) return hit.analysis;
    const analysis = service.analyze(document.getText(), checkOptions());
    cache.set(document.uri, { version: document.version, analysis, settingsKey: key });
    return analysis;
  }

  function validate(uri: string): void {
    timers.delete(uri);
    // nothing is published before initialize or after shutdown
    if (phase !== 'running') return;
    const document = documents.get(uri);
    if (!document) return;
    try {
      const { findings } = analysisOf(document);
      const diagnostics = findings.map((f) => toDiagnostic(uri, document, f));
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    } catch (err) {
      log(`analysis of ${uri} failed: ${describe(err)}`);
    }
  }

  function schedule(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => validate(uri), debounceMs));
  }

  function refreshAll(): void {
    for (const document of documents.all()) validate(document.uri);
    if (canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (canRefreshCodeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult | ResponseError<never> => {
    if (phase !== 'new') return new ResponseError(ErrorCodes.InvalidRequest, 'initialize: the server is already initialized') as ResponseError<never>;
    phase = 'running';
    guarded('initialize', undefined, () => {
      // Messages follow the editor's display language: Chinese unless it is set to something else.
      const l = params.locale?.toLowerCase();
      clientLocale = l === undefined || l.startsWith('zh') ? 'zh-CN' : 'en';
      const init = params.initializationOptions as { settings?: unknown } | undefined;
      settings = readSettings(init?.settings);
      canPullConfiguration = params.capabilities.workspace?.configuration === true;
      canRefreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
      canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: { label: '部门预算' },
        foldingRangeProvider: true,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        completionProvider: { triggerCharacters: ['['], resolveProvider: false },
        referencesProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
        documentHighlightProvider: true,
      },
      serverInfo: { name: 'budget-language-server', version: '0.3.0' },
    };
  });

  connection.onDidChangeConfiguration((params) => {
    void (async () => {
      try {
        const pushed = (params.settings as { budget?: unknown } | undefined)?.budget;
        if (pushed !== undefined) settings = readSettings(pushed);
        else if (canPullConfiguration) settings = readSettings(await connection.workspace.getConfiguration('budget'));
        refreshAll();
      } catch (err) {
        log(`reading the settings failed: ${describe(err)}`);
      }
    })();
  });

  connection.onShutdown(() => {
    phase = 'shut down';
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  // Opening a document is analysed at once; typing waits for a pause. An
  // open of a document already open replaces it (its version may repeat).
  documents.onDidOpen(({ document }) => {
    cache.delete(document.uri);
    validate(document.uri);
  });
  documents.onDidChangeContent(({ document }) => {
    const hit = cache.get(document.uri);
    if (hit?.version === document.version) return; // the open event has done it
    schedule(document.uri);
  });

  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    cache.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  /** The document and its analysis, for a request on `uri` (null when it is not open). */
  function open(uri: string): { document: TextDocument; analysis: Analysis } | null {
    const document = documents.get(uri);
    return document ? { document, analysis: analysisOf(document) } : null;
  }

  const rangeOf = (document: TextDocument, span: Span) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });

  connection.onDocumentSymbol((params) =>
    request('document symbols', params, 'document', [] as DocumentSymbol[], () => {
      const { textDocument } = params;
      const o = open(textDocument.uri);
      if (!o) return [];
      // empty details and child lists are left out: a large budget has tens of thousands of rows
      const convert = (item: OutlineItem): DocumentSymbol => {
        const symbol: DocumentSymbol = {
          name: item.name || '—',
          kind: SYMBOL_KIND[item.kind],
          range: rangeOf(o.document, item.span),
          selectionRange: rangeOf(o.document, item.selection),
        };
        if (item.detail) symbol.detail = item.detail;
        if (item.children.length > 0) symbol.children = item.children.map(convert);
        return symbol;
      };
      return service.outline(o.analysis.model, { divisions: settings.outline.divisions }).map(convert);
    }),
  );

  connection.onFoldingRanges((params) =>
    request('folding ranges', params, 'document', [] as FoldingRange[], () => {
      const { textDocument } = params;
      const o = open(textDocument.uri);
      if (!o) return [];
      return service.foldingRanges(o.analysis.model).map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: FoldingRangeKind.Region }));
    }),
  );

  connection.onHover((params) =>
    request('hover', params, 'position', null as Hover | null, () => {
      const { textDocument, position } = params;
      const o = open(textDocument.uri);
      if (!o) return null;
      const h = service.hover(o.analysis.model, o.document.offsetAt(position), { locale: locale(), tolerance: settings.rounding.tolerance, catalogYear: settings.catalog.year });
      if (!h) return null;
      return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: rangeOf(o.document, h.span) };
    }),
  );

  connection.onCompletion((params) =>
    request('completion', params, 'position', null as CompletionList | null, () => {
      const { textDocument, position } = params;
      const o = open(textDocument.uri);
      if (!o) return null;
      const result = service.completions(o.analysis.model, o.document.offsetAt(position), { locale: locale(), catalogYear: settings.catalog.year });
      return {
        isIncomplete: result.isIncomplete,
        items: result.items.map((item) => ({
          label: item.label,
          kind: CompletionItemKind.EnumMember,
          detail: item.detail,
          documentation: { kind: MarkupKind.Markdown, value: item.documentation },
          filterText: item.filterText,
          sortText: item.sortText,
          textEdit: { range: rangeOf(o.document, item.edit.span), newText: item.edit.newText },
        })),
      };
    }),
  );

  connection.onCodeAction((params) =>
    request('code actions', params, 'codeAction', [] as CodeAction[], () => {
      const { textDocument, context } = params;
      const o = open(textDocument.uri);
      if (!o) return [];
      const wants = (kind: string) => !context.only || context.only.some((k) => k === kind || kind.startsWith(`${k}.`));
      const edit = (fix: QuickFix) => ({ changes: { [textDocument.uri]: (fix.edits ?? [fix.edit]).map((e) => ({ range: rangeOf(o.document, e.span), newText: e.newText })) } });
      const actions: CodeAction[] = [];
      // source.fixAll (Auto Fix on save, “Fix all”): only when asked for by kind
      if (context.only && wants(FIX_ALL)) {
        const fix = service.fixAll(o.analysis.model, o.analysis.findings, locale());
        if (fix) actions.push({ title: fix.title, kind: FIX_ALL, edit: edit(fix) });
      }
      if (!wants(CodeActionKind.QuickFix)) return actions;
      const ours = context.diagnostics.filter((d) => d.source === 'budget' && d.code !== undefined);
      const refs = ours.map((d) => ({ code: String(d.code), span: { start: o.document.offsetAt(d.range.start), end: o.document.offsetAt(d.range.end) } }));
      for (const fix of service.quickFixes(o.analysis.model, o.analysis.findings, refs, { locale: locale(), tolerance: settings.rounding.tolerance }))
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: fix.diagnostics.map((i) => ours[i]),
          isPreferred: fix.isPreferred,
          edit: edit(fix),
        });
      return actions;
    }),
  );

  connection.languages.inlayHint.on((params) =>
    request('inlay hints', params, 'range', [] as InlayHint[], () => {
      const { textDocument, range } = params;
      if (!settings.inlayHints.enabled) return [];
      const o = open(textDocument.uri);
      if (!o) return [];
      const span = { start: o.document.offsetAt(range.start), end: o.document.offsetAt(range.end) };
      return service.inlayHints(o.analysis.findings, span, locale()).map((h) => ({
        position: o.document.positionAt(h.offset),
        label: h.label,
        tooltip: h.tooltip,
        paddingLeft: true,
      }));
    }),
  );

  connection.onCodeLens((params) =>
    request('code lens', params, 'document', [] as CodeLens[], () => {
      const { textDocument } = params;
      if (!settings.codeLens.enabled) return [];
      const o = open(textDocument.uri);
      if (!o) return [];
      return service.tableLenses(o.analysis.model, o.analysis.findings, locale()).map((l) => ({
        range: rangeOf(o.document, l.span),
        command: { title: l.title, tooltip: l.tooltip, command: 'budget.showProblems', arguments: [] },
      }));
    }),
  );

  connection.onDocumentLinks((params) =>
    request('document links', params, 'document', [] as DocumentLink[], () => {
      const { textDocument } = params;
      const o = open(textDocument.uri);
      if (!o) return [];
      const links: DocumentLink[] = service.tocLinks(o.analysis.model).map((l) => ({
        range: rangeOf(o.document, l.span),
        target: `${textDocument.uri}#L${l.targetLine + 1}`,
      }));
      // page markers of a text read from a PDF: that page of the PDF beside it
      for (const l of service.pageLinks(o.analysis.model)) {
        const target = pdfPageTarget(textDocument.uri, l.source, l.page);
        if (target) links.push({ range: rangeOf(o.document, l.span), target, tooltip: formatMessage('link.pdfPage', locale(), { file: l.source, page: l.page }) });
      }
      return links;
    }),
  );

  connection.onDefinition((params) =>
    request('definition', params, 'position', null as Location | null, () => {
      const { textDocument, position } = params;
      const o = open(textDocument.uri);
      if (!o) return null;
      const offset = o.document.offsetAt(position);
      const link = service.tocLinks(o.analysis.model).find((l) => offset >= l.span.start && offset <= l.span.end);
      if (link) return { uri: textDocument.uri, range: rangeOf(o.document, link.target) };
      // a narrative amount → the table cell it states
      const cell = service.narrativeTarget(o.analysis.model, offset);
      return cell ? { uri: textDocument.uri, range: rangeOf(o.document, cell) } : null;
    }),
  );

  connection.languages.semanticTokens.on(({ textDocument }) =>
    guarded('semantic tokens', { data: [] } as SemanticTokens, () => {
      const o = open(textDocument.uri);
      if (!o) return { data: [] };
      const builder = new SemanticTokensBuilder();
      for (const tok of service.semanticTokens(o.analysis.model, o.analysis.findings)) {
        const start = o.document.positionAt(tok.span.start);
        const end = o.document.positionAt(tok.span.end);
        if (end.line !== start.line) continue;
        builder.push(start.line, start.character, end.character - start.character, tok.type, tok.modifiers);
      }
      return builder.build();
    }),
  );

  connection.onReferences(({ textDocument, position }) =>
    guarded('references', [] as Location[], () => {
      const o = open(textDocument.uri);
      if (!o) return [];
      return service.occurrences(o.analysis.model, o.document.offsetAt(position)).map((x) => ({ uri: textDocument.uri, range: rangeOf(o.document, x.span) }));
    }),
  );

  connection.onDocumentHighlight(({ textDocument, position }) =>
    guarded('document highlights', [] as DocumentHighlight[], () => {
      const o = open(textDocument.uri);
      if (!o) return [];
      return service
        .occurrences(o.analysis.model, o.document.offsetAt(position))
        .map((x) => ({ range: rangeOf(o.document, x.span), kind: x.current ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
    }),
  );

  // the preview (client/src/preview.ts): every table as a grid, cells with their places in the text
  connection.onRequest('budget/tableViews', (params: { uri: string }) =>
    guarded('table views', null, () => {
      const o = open(params.uri);
      if (!o) return null;
      return {
        version: o.document.version,
        tables: service.tableViews(o.analysis.model, o.analysis.findings, settings.rounding.tolerance).map((t) => ({
          ...t,
          rows: t.rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ raw: c.raw, state: c.state, position: o.document.positionAt(c.start) })) })),
        })),
      };
    }),
  );

  documents.listen(connection);
  connection.listen();
}

function toDiagnostic(uri: string, document: TextDocument, finding: Finding): Diagnostic {
  const range = { start: document.positionAt(finding.span.start), end: document.positionAt(finding.span.end) };
  const diagnostic: Diagnostic = {
    range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'budget',
    message: finding.message,
  };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri, range: { start: document.positionAt(r.span.start), end: document.positionAt(r.span.end) } },
      message: r.message,
    }));
  }
  if (finding.data !== undefined) diagnostic.data = finding.data;
  return diagnostic;
}

/** What a feature request's params must hold. */
type ParamsShape = 'document' | 'position' | 'range' | 'codeAction';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isIndex = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isPosition = (x: unknown): boolean => isObject(x) && isIndex(x.line) && isIndex(x.character);
const isRange = (x: unknown): boolean => isObject(x) && isPosition(x.start) && isPosition(x.end);

/** Why `params` do not fit `shape`, or null when they do. */
export function invalidParams(params: unknown, shape: ParamsShape): string | null {
  if (!isObject(params)) return 'params must be an object';
  if (!isObject(params.textDocument) || typeof params.textDocument.uri !== 'string') return 'params.textDocument.uri must be a string';
  if (shape === 'position' && !isPosition(params.position)) return 'params.position must be { line, character } with non-negative integers';
  if ((shape === 'range' || shape === 'codeAction') && !isRange(params.range)) return 'params.range must be { start, end } positions';
  if (shape === 'codeAction') {
    if (!isObject(params.context) || !Array.isArray(params.context.diagnostics)) return 'params.context.diagnostics must be an array';
    for (const d of params.context.diagnostics) if (!isObject(d) || !isRange(d.range)) return 'each of params.context.diagnostics must have a range';
    if (params.context.only !== undefined && !Array.isArray(params.context.only)) return 'params.context.only must be an array';
  }
  return null;
}
