/**
 * The LSP edge: keeps the open documents, caches one analysis per document
 * version, publishes findings as diagnostics and answers the feature
 * requests. All budget logic lives in ./service; this file only translates
 * between the service and the protocol.
 */
import {
  CodeActionKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createBudgetService, type Analysis, type CheckOptions, type Locale, TOKEN_MODIFIERS, TOKEN_TYPES } from './service';
import { defaultSettings, readSettings, type Settings } from './settings';
import { readCatalogFiles } from './catalogFiles';
import { answer, FIX_ALL, type Method, type ParamsOf, type RequestContext, type ResultOf } from './requests';
import { AnalysisThread, Superseded } from './analysisWorker';

/** Documents longer than this (characters, about 10 MB of text) are not analysed: a message says so. */
export const ANALYSIS_LIMIT = 10_000_000;

/**
 * Documents longer than this (characters) are analysed in a worker thread, so
 * the server answers other requests while their analysis runs (about 0.3 s a
 * million characters: ~150 ms here). Shorter ones are analysed on the server's thread.
 */
export const OFF_THREAD_CHARS = 500_000;

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
  /**
   * The script a worker thread runs to analyse large documents (the server's
   * bundle: main.ts starts runAnalysisWorker in a worker). Without it every
   * document is analysed on the server's thread.
   */
  workerScript?: string;
  /** override OFF_THREAD_CHARS (tests) */
  offThreadChars?: number;
}

/** What a request answers when the document is not open (or the handler fails). */
const FALLBACK: { [M in Method]: ResultOf<M> } = {
  'textDocument/documentSymbol': [],
  'textDocument/foldingRange': [],
  'textDocument/hover': null,
  'textDocument/completion': null,
  'textDocument/codeAction': [],
  'textDocument/inlayHint': [],
  'textDocument/codeLens': [],
  'textDocument/documentLink': [],
  'textDocument/definition': null,
  'textDocument/semanticTokens/full': { data: [] },
  'textDocument/references': [],
  'textDocument/documentHighlight': [],
  'budget/tableViews': null as unknown as ResultOf<'budget/tableViews'>,
  diagnostics: [],
};

export function startServer(connection: Connection, serverOptions: ServerOptions = {}): void {
  // the catalogue's files are read when the first document needs them, not at start-up
  const service = createBudgetService({ catalogFiles: readCatalogFiles, log: (message) => connection.console.error(`budget: ${message}`) });
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Cached>();
  /** the worker threads of the large documents, by uri */
  const threads = new Map<string, AnalysisThread>();
  const timers = new Map<string, NodeJS.Timeout>();
  const debounceMs = serverOptions.debounceMs ?? DEBOUNCE_MS;
  const offThreadChars = serverOptions.offThreadChars ?? OFF_THREAD_CHARS;
  let settings: Settings = defaultSettings();
  let clientLocale: Locale = 'zh-CN';
  let canPullConfiguration = false;
  let canRefreshInlayHints = false;
  let canRefreshCodeLens = false;

  const log = (message: string) => connection.console.error(`budget: ${message}`);
  const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

  /**
   * The protocol's lifecycle: requests before `initialize` are refused
   * (ServerNotInitialized), a second `initialize` too, and every request
   * after `shutdown` (InvalidRequest).
   */
  let phase: 'new' | 'running' | 'shut down' = 'new';

  const locale = (): Locale => (settings.locale === 'auto' ? clientLocale : settings.locale);

  function checkOptions(): CheckOptions {
    return { locale: locale(), rounding: { severity: settings.rounding.severity, tolerance: settings.rounding.tolerance }, catalogYear: settings.catalog.year, rules: settings.rules, maxChars: ANALYSIS_LIMIT };
  }

  const settingsKey = () => JSON.stringify([locale(), settings.rounding, settings.catalog, settings.rules]);

  /** Whether this document is analysed in a worker thread (over the analysis limit it is not analysed: cheap either way). */
  function offThread(document: TextDocument): boolean {
    const length = document.getText().length;
    return serverOptions.workerScript !== undefined && length > offThreadChars && length <= ANALYSIS_LIMIT;
  }

  /** The analysis of this version of the document, on this thread: made once, then cached. */
  function analysisOf(document: TextDocument): Analysis {
    const key = settingsKey();
    const hit = cache.get(document.uri);
    if (hit && hit.version === document.version && hit.settingsKey === key) return hit.analysis;
    const analysis = service.analyze(document.getText(), checkOptions());
    cache.set(document.uri, { version: document.version, analysis, settingsKey: key });
    return analysis;
  }

  const contextOf = (document: TextDocument): RequestContext => ({ service, document, analysis: analysisOf(document), settings, locale: locale() });

  function threadOf(uri: string): AnalysisThread {
    let thread = threads.get(uri);
    if (!thread) threads.set(uri, (thread = new AnalysisThread(serverOptions.workerScript!, log)));
    return thread;
  }

  function dropThread(uri: string): void {
    threads.get(uri)?.dispose();
    threads.delete(uri);
  }

  /** The worker's analysis of this version of a large document: its diagnostics, once made. */
  function analysedOffThread(document: TextDocument): Promise<ResultOf<'diagnostics'>> {
    cache.delete(document.uri);
    const { uri, version } = document;
    return threadOf(uri).analyze(version, settingsKey(), () => ({ uri, version, text: document.getText(), settings, locale: locale(), options: checkOptions() }));
  }

  const contentModified = (what: string) => new ResponseError(LSPErrorCodes.ContentModified, `${what}: the document changed; ask again`);

  /**
   * Answers a document request from the analysis of the document's current
   * version. A large document's request waits for its analysis in the worker;
   * if the document changes meanwhile, it is refused with ContentModified.
   */
  async function run<M extends Method>(what: string, method: M, uri: string, params: ParamsOf<M>): Promise<ResultOf<M> | ResponseError<void>> {
    const document = documents.get(uri);
    if (!document) return FALLBACK[method];
    try {
      if (!offThread(document)) {
        dropThread(uri);
        return answer(method, contextOf(document), params);
      }
      const { version } = document;
      await analysedOffThread(document);
      if (documents.get(uri)?.version !== version) return contentModified(what);
      const result = await threadOf(uri).call(method, params);
      return documents.get(uri)?.version === version ? result : contentModified(what);
    } catch (err) {
      if (err instanceof Superseded) return contentModified(what);
      log(`${what} failed: ${describe(err)}`);
      return FALLBACK[method];
    }
  }

  /**
   * A feature request: refused outside the running phase, or with
   * InvalidParams when its params are not what the method takes (no stack
   * trace, no null result); else answered, an exception logged and answered
   * with the empty result.
   */
  function request<M extends Method>(what: string, method: M, params: ParamsOf<M>, shape: ParamsShape | null, token?: CancellationToken) {
    if (phase === 'new') return new ResponseError(ErrorCodes.ServerNotInitialized, `${what}: the server has not been initialized`);
    if (phase === 'shut down') return new ResponseError(ErrorCodes.InvalidRequest, `${what}: the server has been shut down`);
    if (shape) {
      const problem = invalidParams(params, shape);
      if (problem) return new ResponseError(ErrorCodes.InvalidParams, `${what}: ${problem}`);
    }
    const p = params as { textDocument?: { uri?: unknown }; uri?: unknown } | null | undefined;
    const uri = p?.textDocument?.uri ?? p?.uri;
    if (typeof uri !== 'string') return FALLBACK[method];
    const answered = async () => {
      let result = await run(what, method, uri, params);
      // the preview's tables say their version: when the document changed meanwhile it gets the
      // newest version's, not ContentModified (a few tries: typing goes on)
      for (let tries = 0; method === 'budget/tableViews' && isContentModified(result) && tries < 5 && !token?.isCancellationRequested; tries++)
        result = await run(what, method, uri, params);
      return token?.isCancellationRequested ? new ResponseError(LSPErrorCodes.RequestCancelled, `${what}: cancelled`) : result;
    };
    return answered();
  }

  function validate(uri: string): void {
    timers.delete(uri);
    // nothing is published before initialize or after shutdown
    if (phase !== 'running') return;
    const document = documents.get(uri);
    if (!document) return;
    const { version } = document;
    // only the diagnostics of the document's current version are published: stale ones are dropped
    const publish = (diagnostics: ResultOf<'diagnostics'>) => {
      if (phase === 'running' && documents.get(uri)?.version === version) void connection.sendDiagnostics({ uri, version, diagnostics });
    };
    try {
      if (!offThread(document)) {
        dropThread(uri);
        publish(answer('diagnostics', contextOf(document), null));
        return;
      }
      analysedOffThread(document).then(publish, (err: unknown) => {
        if (!(err instanceof Superseded)) log(`analysis of ${uri} failed: ${describe(err)}`);
      });
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
    try {
      // Messages follow the editor's display language: Chinese unless it is set to something else.
      const l = params.locale?.toLowerCase();
      clientLocale = l === undefined || l.startsWith('zh') ? 'zh-CN' : 'en';
      const init = params.initializationOptions as { settings?: unknown } | undefined;
      settings = readSettings(init?.settings);
      canPullConfiguration = params.capabilities.workspace?.configuration === true;
      canRefreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
      canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    } catch (err) {
      log(`initialize failed: ${describe(err)}`);
    }
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
    for (const uri of [...threads.keys()]) dropThread(uri);
  });

  // Opening a document is analysed at once; typing waits for a pause. An
  // open of a document already open replaces it (its version may repeat).
  documents.onDidOpen(({ document }) => {
    cache.delete(document.uri);
    dropThread(document.uri);
    validate(document.uri);
  });
  documents.onDidChangeContent(({ document }) => {
    const hit = cache.get(document.uri);
    if (hit?.version === document.version) return; // the open event has done it
    // a large document's analysis of an older version is stale: it stops now, not after the pause
    const thread = threads.get(document.uri);
    if (thread?.busyWithOther(document.version, settingsKey())) thread.restart();
    schedule(document.uri);
  });

  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    cache.delete(document.uri);
    dropThread(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onDocumentSymbol((params, token) => request('document symbols', 'textDocument/documentSymbol', params, 'document', token));
  connection.onFoldingRanges((params, token) => request('folding ranges', 'textDocument/foldingRange', params, 'document', token));
  connection.onHover((params, token) => request('hover', 'textDocument/hover', params, 'position', token));
  connection.onCompletion((params, token) => request('completion', 'textDocument/completion', params, 'position', token));
  connection.onCodeAction((params, token) => request('code actions', 'textDocument/codeAction', params, 'codeAction', token));
  connection.languages.inlayHint.on((params, token) => request('inlay hints', 'textDocument/inlayHint', params, 'range', token));
  connection.onCodeLens((params, token) => request('code lens', 'textDocument/codeLens', params, 'document', token));
  connection.onDocumentLinks((params, token) => request('document links', 'textDocument/documentLink', params, 'document', token));
  connection.onDefinition((params, token) => request('definition', 'textDocument/definition', params, 'position', token));
  connection.languages.semanticTokens.on((params, token) => request('semantic tokens', 'textDocument/semanticTokens/full', params, null, token));
  connection.onReferences((params, token) => request('references', 'textDocument/references', params, null, token));
  connection.onDocumentHighlight((params, token) => request('document highlights', 'textDocument/documentHighlight', params, null, token));
  // the preview (client/src/preview.ts): every table as a grid, cells with their places in the text
  connection.onRequest('budget/tableViews', (params: { uri: string }, token) => request('table views', 'budget/tableViews', params, null, token));

  documents.listen(connection);
  connection.listen();
}

const isContentModified = (x: unknown) => x instanceof ResponseError && x.code === LSPErrorCodes.ContentModified;

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
