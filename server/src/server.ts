/**
 * The LSP edge: keeps the open documents, runs the language service on every
 * change and publishes its findings as diagnostics. All budget logic lives in
 * ./service; this file only translates between the service and the protocol.
 */
import {
  DiagnosticSeverity,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createBudgetService,
  toLspRange,
  type CheckOptions,
  type DocumentModel,
  type Finding,
  type Severity,
} from './service';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function startServer(connection: Connection): void {
  const service = createBudgetService();
  const documents = new TextDocuments(TextDocument);
  let options: CheckOptions = {};

  /** Runs `fn`, logging (never rethrowing) anything it throws; on failure nothing is published. */
  function guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      connection.console.error(`budget: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    guarded('initialize', () => {
      // Messages follow the editor's display language: Chinese unless it is set to something else.
      const locale = params.locale?.toLowerCase();
      options = { locale: locale === undefined || locale.startsWith('zh') ? 'zh-CN' : 'en' };
    });
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
      serverInfo: { name: 'budget-language-server' },
    };
  });

  // Fires on open and on every change.
  documents.onDidChangeContent(({ document }) => {
    guarded(`analysis of ${document.uri}`, () => {
      const { model, findings } = service.analyze(document.getText(), options);
      const diagnostics = findings.map((f) => toDiagnostic(document.uri, model, f));
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    });
  });

  documents.onDidClose(({ document }) => {
    guarded(`closing ${document.uri}`, () => {
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });
  });

  documents.listen(connection);
  connection.listen();
}

function toDiagnostic(uri: string, model: DocumentModel, finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(model, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'budget',
    message: finding.message,
  };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri, range: toLspRange(model, r.span) },
      message: r.message,
    }));
  }
  if (finding.data !== undefined) diagnostic.data = finding.data;
  return diagnostic;
}
