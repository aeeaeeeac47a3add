/** A `*.budget.txt` file opens as a budget document: the language is contributed by the extension. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { closeAllEditors, openFile } from './helpers';

suite('language', () => {
  suiteTeardown(closeAllEditors);

  test('a .budget.txt file has languageId "budget"', async () => {
    const doc = await openFile('qingyuan.budget.txt');
    assert.strictEqual(doc.languageId, 'budget');
  });

  test('the extension activates on a budget document', async () => {
    const ext = vscode.extensions.getExtension('budget-tools.budget-language-support');
    assert.ok(ext, 'extension budget-tools.budget-language-support is not loaded');
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });
});
