/**
 * Offer "Open as budget text" when a budget PDF is opened in VS Code (in its binary placeholder
 * or in a PDF viewer extension's custom editor): once per file and session, only for a budget PDF
 * (its file name says 预算/决算/yusuan/juesuan/budget, or else its first page does), and never
 * again once the user says so (setting `budget.pdf.offerOnOpen`).
 */
import * as vscode from 'vscode';
import { isBudgetCover, isBudgetPdfName } from '../../server/src/pdf/budgetPdf';

/** Files larger than this are judged by their name only (the first page of a huge file is not read). */
const MAX_SNIFF_BYTES = 50 * 1024 * 1024;

/** The PDF a tab shows, if any. */
function pdfOfTab(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
  return uri && /\.pdf$/i.test(uri.path) ? uri : undefined;
}

async function isBudgetPdf(uri: vscode.Uri): Promise<boolean> {
  if (isBudgetPdfName(uri.path.slice(uri.path.lastIndexOf('/') + 1))) return true;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SNIFF_BYTES) return false;
    const { pdfFirstPageText } = await import('../../server/src/pdf/pdfToText');
    return isBudgetCover(await pdfFirstPageText(await vscode.workspace.fs.readFile(uri)));
  } catch {
    return false;
  }
}

export interface PdfOffers {
  /** the PDFs offered in this session (for tests: notifications cannot be read through the API) */
  offered: string[];
}

export function registerPdfOffer(context: vscode.ExtensionContext): PdfOffers {
  const state: PdfOffers = { offered: [] };
  const seen = new Set<string>();
  const enabled = (uri: vscode.Uri) => vscode.workspace.getConfiguration('budget', uri).get<boolean>('pdf.offerOnOpen', true);
  const consider = async (uri: vscode.Uri): Promise<void> => {
    const key = uri.toString();
    if (seen.has(key) || !enabled(uri)) return;
    seen.add(key);
    if (!(await isBudgetPdf(uri))) return;
    state.offered.push(key);
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const open = vscode.l10n.t('Open as budget text');
    const never = vscode.l10n.t("Don't ask again");
    const answer = await vscode.window.showInformationMessage(vscode.l10n.t('{0} looks like a budget PDF. Open it as budget text to check its tables?', name), open, never);
    if (answer === open) await vscode.commands.executeCommand('budget.openPdfAsText', uri);
    else if (answer === never) await vscode.workspace.getConfiguration('budget').update('pdf.offerOnOpen', false, vscode.ConfigurationTarget.Global);
  };
  const considerTab = (tab: vscode.Tab) => {
    const uri = pdfOfTab(tab);
    if (uri) void consider(uri);
  };
  context.subscriptions.push(vscode.window.tabGroups.onDidChangeTabs((e) => e.opened.forEach(considerTab)));
  // a PDF opened before the extension started (it starts once the window is up)
  const active = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (active) considerTab(active);
  return state;
}
