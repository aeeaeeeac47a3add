/**
 * "Open PDF as Budget Text" on a real budget PDF: the text beside it, in the budget language, checked;
 * and the offer to do so when a budget PDF is opened (once per file and session, not for other PDFs).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { budgetDiagnostics, closeAllEditors, codeOf, fileUri, sleep, summarize, waitFor } from './helpers';

/** A one-page PDF whose text is `text` (ASCII), made by hand: enough for pdf.js. */
function tinyPdf(text: string): Uint8Array {
  const content = `BT /F1 12 Tf 50 700 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

async function offered(): Promise<string[]> {
  const ext = vscode.extensions.getExtension('budget-tools.budget-language-support');
  assert.ok(ext, 'the extension is installed');
  const api = (await ext.activate()) as { pdfOffers: { offered: string[] } };
  return api.pdfOffers.offered;
}

suite('pdf', () => {
  suiteTeardown(closeAllEditors);

  test('opening a budget PDF offers it as budget text, once per session; another PDF is not offered', async function () {
    const pdf = fileUri('sifaju.pdf');
    try {
      await vscode.workspace.fs.stat(pdf);
    } catch {
      this.skip();
    }
    const list = await offered();
    // a PDF that is not a budget: its name and its first page say nothing of 预算 or 决算
    const other = fileUri('minutes.pdf');
    await vscode.workspace.fs.writeFile(other, tinyPdf('Minutes of the meeting'));
    await vscode.commands.executeCommand('vscode.open', other);
    // the budget PDF: its name says nothing either (sifaju.pdf), its cover does
    await vscode.commands.executeCommand('vscode.open', pdf);
    await waitFor('the offer for sifaju.pdf', () => list.includes(pdf.toString()), 20_000, () => JSON.stringify(list));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.open', pdf);
    await sleep(1500);
    assert.deepStrictEqual(list, [pdf.toString()], 'offered once, and only the budget PDF');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the command reads a budget PDF into NAME.budget.txt and the checker reads it', async function () {
    const pdf = fileUri('sifaju.pdf');
    try {
      await vscode.workspace.fs.stat(pdf);
    } catch {
      // the corpus PDF is copied in by lib.mjs only where ../shared/corpus is (CI has it)
      this.skip();
    }
    const doc = (await vscode.commands.executeCommand('budget.openPdfAsText', pdf)) as vscode.TextDocument | undefined;
    assert.ok(doc, 'the command returns the opened document');
    assert.strictEqual(doc.uri.path.endsWith('/sifaju.budget.txt'), true, doc.uri.toString());
    assert.strictEqual(doc.languageId, 'budget');
    assert.match(doc.getText(), /^〔来源：sifaju\.pdf，PDF 共 \d+ 页〕\n〔第 1 页〕\n/);
    await vscode.workspace.fs.stat(fileUri('sifaju.budget.txt'));
    const diagnostics = await waitFor(
      'budget diagnostics on sifaju.budget.txt',
      () => {
        const found = budgetDiagnostics(doc.uri);
        return found.length > 0 ? found : undefined;
      },
      30_000,
    );
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(errors.map(codeOf), [], `unexpected errors:\n    ${summarize(errors)}`);
    assert.ok(diagnostics.some((d) => codeOf(d) === 'document.coverage'), summarize(diagnostics));
  });
});
