/// <reference types="vscode" />
/**
 * VS Code entry point. Starts the budget language server (dist/server.js) the
 * first time a budget document is open, switches .txt/.md files whose content
 * is a budget to the budget language (setting `budget.detect`), and shows the
 * errors and warnings of the active budget document in the status bar (in the
 * language of `budget.locale`; see status.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { detectDocumentKind } from '../../server/src/service/detect';
import { openPdfAsText } from './pdfCommand';
import { registerPdfOffer, type PdfOffers } from './pdfOffer';
import { statusLocale, statusName, statusView } from './status';
import { registerPreview } from './preview';

const LANGUAGE = 'budget';
/** Languages a budget may arrive in, from a PDF-to-text tool. */
const DETECTABLE = new Set(['plaintext', 'markdown']);

let client: LanguageClient | undefined;

/** What activate returns: for the extension tests. */
export interface BudgetExtensionApi {
  pdfOffers: PdfOffers;
  /** what the status bar item shows now (VS Code gives no API to read a status bar item) */
  status: StatusShown;
}

export interface StatusShown {
  visible: boolean;
  text: string;
  tooltip: string;
  background: string | null;
  color: string | null;
}

export async function activate(context: vscode.ExtensionContext): Promise<BudgetExtensionApi> {
  const startClient = async (): Promise<void> => {
    if (client) return;
    const module = context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: LANGUAGE }],
      synchronize: { configurationSection: 'budget' },
      initializationOptions: { settings: vscode.workspace.getConfiguration('budget') },
    };
    client = new LanguageClient('budget', vscode.l10n.t('Budget Language Server'), serverOptions, clientOptions);
    await client.start();
  };

  const ensureStarted = (doc: vscode.TextDocument) => {
    if (doc.languageId === LANGUAGE) startClient().catch((err) => void vscode.window.showErrorMessage(vscode.l10n.t('The budget language server could not start: {0}', String(err))));
  };

  // Detection: a .txt or .md whose content is a budget becomes a budget document, once per file and session
  // (if the user switches it back, we leave it be).
  const checked = new Set<string>();
  const detect = (doc: vscode.TextDocument) => {
    if (!DETECTABLE.has(doc.languageId) || checked.has(doc.uri.toString())) return;
    if (!vscode.workspace.getConfiguration('budget', doc.uri).get<boolean>('detect', true)) return;
    checked.add(doc.uri.toString());
    if (detectDocumentKind(doc.getText()) !== 'unknown') void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
  };

  const status = vscode.window.createStatusBarItem('budget.status', vscode.StatusBarAlignment.Right, 100);
  status.command = 'budget.showProblems';
  const shown: StatusShown = { visible: false, text: '', tooltip: '', background: null, color: null };
  const updateStatus = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== LANGUAGE) {
      status.hide();
      shown.visible = false;
      return;
    }
    const locale = statusLocale(vscode.workspace.getConfiguration('budget').get('locale'), vscode.env.language);
    const ours = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'budget');
    const errors = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const view = statusView(errors, warnings, locale);
    status.name = statusName(locale);
    status.text = view.text;
    status.tooltip = view.tooltip;
    status.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    status.color = view.color === 'passed' ? new vscode.ThemeColor('testing.iconPassed') : undefined;
    status.show();
    Object.assign(shown, { visible: true, text: view.text, tooltip: view.tooltip, background: view.background, color: view.color });
  };

  context.subscriptions.push(
    status,
    vscode.workspace.onDidOpenTextDocument((doc) => {
      detect(doc);
      ensureStarted(doc);
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('budget.locale')) updateStatus();
    }),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) updateStatus();
    }),
    vscode.commands.registerCommand('budget.setLanguage', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a text file first.'));
        return;
      }
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
    }),
    vscode.commands.registerCommand('budget.showProblems', () => vscode.commands.executeCommand('workbench.actions.view.problems')),
    vscode.commands.registerCommand('budget.restartServer', async () => {
      if (client) await client.restart();
      else await startClient();
    }),
    vscode.commands.registerCommand('budget.openPdfAsText', openPdfAsText(LANGUAGE)),
  );

  registerPreview(
    context,
    async () => {
      await startClient();
      return client!;
    },
    () => statusLocale(vscode.workspace.getConfiguration('budget').get('locale'), vscode.env.language),
  );

  for (const doc of vscode.workspace.textDocuments) {
    detect(doc);
    ensureStarted(doc);
  }
  updateStatus();
  return { pdfOffers: registerPdfOffer(context), status: shown };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
