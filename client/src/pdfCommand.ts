/**
 * "Open PDF as budget text": read a PDF with the PDF reader (pdf.js, loaded only now) and open its
 * canonical budget text: NAME.budget.txt beside the PDF (never overwritten without asking), or an
 * untitled document where the folder cannot be written.
 */
import * as vscode from 'vscode';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The command's handler (registered as `budget.openPdfAsText`): the PDF from the explorer, or one picked. */
export function openPdfAsText(language: string): (arg?: unknown) => Promise<vscode.TextDocument | undefined> {
  return async (arg?: unknown): Promise<vscode.TextDocument | undefined> => {
    let pdf = arg instanceof vscode.Uri ? arg : undefined;
    if (!pdf) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { PDF: ['pdf', 'PDF'] } });
      pdf = picked?.[0];
    }
    if (!pdf) return undefined;
    const name = pdf.path.slice(pdf.path.lastIndexOf('/') + 1);
    const locale = vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
    const { pdfToText, PdfReadError } = await import('../../server/src/pdf/pdfToText');
    const { pdfFailureMessage } = await import('../../server/src/pdf/cliPdf');
    let text: string;
    try {
      const bytes = await vscode.workspace.fs.readFile(pdf);
      const read = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0}…', name) },
        () => pdfToText(bytes, { source: name }),
      );
      text = read.text;
    } catch (err) {
      const failure = err instanceof PdfReadError ? { failure: err.reason, detail: err.message.replace(/^[a-z-]+: /, '') } : { failure: 'damaged' as const, detail: String(err) };
      void vscode.window.showErrorMessage(`${name}: ${pdfFailureMessage(failure, locale).message}`);
      return undefined;
    }
    const target = pdf.with({ path: pdf.path.replace(/\.pdf$/i, '') + '.budget.txt' });
    let doc: vscode.TextDocument | undefined;
    let write = true;
    if (await exists(target)) {
      const overwrite = vscode.l10n.t('Overwrite');
      const open = vscode.l10n.t('Open the existing file');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists.', target.path.slice(target.path.lastIndexOf('/') + 1)), { modal: true }, overwrite, open);
      if (answer === open) {
        write = false;
        doc = await vscode.workspace.openTextDocument(target);
      } else if (answer !== overwrite) return undefined;
    }
    if (write) {
      try {
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
        doc = await vscode.workspace.openTextDocument(target);
      } catch {
        // a read-only folder: the text as an untitled document
        doc = await vscode.workspace.openTextDocument({ content: text, language });
      }
    }
    if (!doc) return undefined;
    if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc);
    return doc;
  };
}
