/**
 * The editor as a budget officer meets it (issue 11): one changed cell is blamed and carries the
 * only error, with no Σ hint on the right totals; the fix-all source action repairs every damaged
 * number in one edit; the language defaults select a whole amount; the table preview opens beside
 * the text.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { budgetDiagnostics, closeAllEditors, codeOf, fileUri, languageOf, openFile, summarize, waitFor } from './helpers';

suite('editor (issue 11)', () => {
  suiteTeardown(closeAllEditors);

  test('blame: the changed cell carries the one error, the right totals only related information', async () => {
    const original = Buffer.from(await vscode.workspace.fs.readFile(fileUri('qingyuan.budget.txt'))).toString('utf8');
    const lines = original.split('\n');
    const row = lines.findIndex((l) => l.startsWith('2010350\t'));
    assert.ok(row >= 0, 'the sample has 2010350 事业运行');
    const cells = lines[row].split('\t');
    assert.strictEqual(cells[2], '270.36');
    cells[2] = '280.36';
    lines[row] = cells.join('\t');
    const uri = fileUri('blame.budget.txt');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(lines.join('\n'), 'utf8'));
    await openFile('blame.budget.txt');
    const errors = await waitFor(
      'an error on blame.budget.txt',
      () => {
        const found = budgetDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        return found.length > 0 ? found : undefined;
      },
      30_000,
      () => summarize(budgetDiagnostics(uri)),
    );
    assert.deepStrictEqual(errors.map(codeOf), ['sum.cell'], summarize(errors));
    assert.strictEqual(errors[0].range.start.line, row);
    assert.strictEqual(errors[0].range.start.character, lines[row].indexOf('280.36'));
    // the two right totals; the same figure in another table (folded into this error) comes on top
    const totals = (errors[0].relatedInformation ?? []).filter((r) => !/同一数字在另一张表|The same figure in another table/.test(r.message));
    assert.strictEqual(totals.length, 2);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, lines.length, 0));
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(!labels.some((l) => l.startsWith('Σ')), `no Σ on the right totals: ${labels.join(', ')}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, errors[0].range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.strictEqual(preferred.length, 1);
    assert.ok(await vscode.workspace.applyEdit(preferred[0].edit!));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.getText(), original, 'the original figure is back');
  });

  test('fix all: every damaged number in one edit (source.fixAll.budget)', async () => {
    const doc = await openFile('shenzhen.md');
    await waitFor('shenzhen.md as a budget', () => (languageOf(doc.uri) === 'budget' ? true : undefined), 30_000);
    await waitFor('damaged numbers on shenzhen.md', () => (budgetDiagnostics(doc.uri).some((d) => codeOf(d) === 'number.malformed-table') ? true : undefined), 30_000, () =>
      summarize(budgetDiagnostics(doc.uri)),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.budget');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.budget');
    assert.ok(fixAll?.edit, `no fix-all among ${actions.map((a) => a.title).join(', ')}`);
    assert.strictEqual(fixAll.edit.get(doc.uri).length, 254);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    await waitFor('no damaged numbers left', () => (budgetDiagnostics(doc.uri).some((d) => String(codeOf(d)).startsWith('number.')) ? undefined : true), 30_000);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('editing habits: a double-click selects a whole amount; no boxes around full-width text; no wrap', async () => {
    const doc = await openFile('qingyuan.budget.txt');
    const editor = vscode.workspace.getConfiguration('editor', doc);
    const separators = editor.get<string>('wordSeparators') ?? '';
    assert.ok(!separators.includes('.') && !separators.includes(','), separators);
    assert.strictEqual(editor.get('unicodeHighlight.ambiguousCharacters'), false);
    assert.strictEqual(editor.get('unicodeHighlight.invisibleCharacters'), false);
    assert.strictEqual(editor.get('wordWrap'), 'off');
  });

  test('the table preview opens beside the text', async () => {
    await openFile('qingyuan.budget.txt');
    await vscode.commands.executeCommand('budget.showPreview');
    const tab = await waitFor(
      'the preview tab',
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('budget.preview')),
      30_000,
    );
    assert.ok(tab.group.viewColumn !== vscode.window.activeTextEditor?.viewColumn || tab.group.viewColumn === vscode.ViewColumn.Two);
  });
});
