/** The language server publishes the checker's findings for an open budget document. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { budgetDiagnostics, closeAllEditors, codeOf, openFile, summarize, waitFor } from './helpers';

suite('diagnostics', () => {
  suiteTeardown(closeAllEditors);

  test('the qingyuan sample: rounding notes, no errors', async () => {
    const doc = await openFile('qingyuan.budget.txt');
    const diagnostics = await waitFor(
      'budget diagnostics on qingyuan.budget.txt',
      () => {
        const found = budgetDiagnostics(doc.uri);
        return found.length > 0 ? found : undefined;
      },
      30_000,
    );
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(errors.map(codeOf), [], `unexpected errors:\n    ${summarize(errors)}`);

    const rounding = diagnostics.filter((d) => codeOf(d) === 'sum.rounding');
    assert.ok(rounding.length > 0, `no sum.rounding among:\n    ${summarize(diagnostics)}`);
    for (const d of rounding) assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Hint, 'sum.rounding is a hint: no squiggle');

    // The same finding the command-line checker reports at 94:23 (README): 本年支出合计, +0.01.
    const line94 = rounding.find((d) => d.range.start.line === 93);
    assert.ok(line94, `no sum.rounding on line 94:\n    ${summarize(diagnostics)}`);
    assert.match(line94.message, /0\.01/);
    assert.match(doc.getText(line94.range), /^\d+\.\d\d$/, 'the range covers the printed amount');
  });
});
