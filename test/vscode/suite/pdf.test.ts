/** "Open PDF as Budget Text" on a real budget PDF: the text beside it, in the budget language, checked. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { budgetDiagnostics, closeAllEditors, codeOf, fileUri, summarize, waitFor } from './helpers';

suite('pdf', () => {
  suiteTeardown(closeAllEditors);

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
