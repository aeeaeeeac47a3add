/**
 * Budget detection: a budget pasted into an ordinary `.txt` or `.md` file is switched to the
 * `budget` language when opened (setting `budget.detect`, default true); other text is left alone.
 * The command `budget.setLanguage` switches a document by hand.
 *
 * This suite runs first (see index.ts), in a window where no budget file has been opened yet.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { closeAllEditors, fileUri, languageOf, openFile, sleep, waitFor } from './helpers';

suite('detection', () => {
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('budget').update('detect', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  test('budget text in .txt and .md files is switched to budget; other files are not', async () => {
    const budgets = ['shaoguan.txt', 'shenzhen.md'];
    const others: Record<string, string> = { 'notes.md': 'markdown', 'todo.txt': 'plaintext', 'data.txt': 'plaintext' };

    // Opened as they would be without the extension: by extension.
    for (const name of [...budgets, ...Object.keys(others)]) await openFile(name);
    for (const [name, language] of Object.entries(others)) assert.strictEqual(languageOf(fileUri(name)), language, name);

    for (const name of budgets) {
      await waitFor(
        `${name} to switch to budget`,
        () => languageOf(fileUri(name)) === 'budget',
        10_000,
        () => `language is ${languageOf(fileUri(name))}`,
      );
    }
    // Detection has run on everything opened by now (the budgets switched); give it one more second.
    await sleep(1000);
    for (const [name, language] of Object.entries(others)) {
      assert.strictEqual(languageOf(fileUri(name)), language, `${name} should stay ${language}`);
    }
  });

  test('budget.detect = false leaves a budget .txt alone; budget.setLanguage switches it', async () => {
    const config = vscode.workspace.getConfiguration('budget');
    assert.strictEqual(config.inspect<boolean>('detect')?.defaultValue, true, 'budget.detect is a setting, default true');
    await config.update('detect', false, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(vscode.workspace.getConfiguration('budget').get('detect'), false);

    const doc = await openFile('jiangmen.txt');
    assert.strictEqual(doc.languageId, 'plaintext');
    // The other budget .txt switched within this time in the test above.
    await sleep(2000);
    assert.strictEqual(languageOf(doc.uri), 'plaintext', 'detection is off: the document stays plaintext');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('budget.setLanguage', doc.uri);
    await waitFor('jiangmen.txt to switch to budget', () => languageOf(doc.uri) === 'budget', 10_000, () => `language is ${languageOf(doc.uri)}`);
  });
});
