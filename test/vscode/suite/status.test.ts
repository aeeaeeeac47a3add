/**
 * The status bar (issue 11 point 4): it counts the active budget document's errors and warnings,
 * speaks budget.locale's language, is green only when there is nothing, and hides for other files.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { budgetDiagnostics, closeAllEditors, languageOf, openFile, summarize, waitFor } from './helpers';

interface Shown {
  visible: boolean;
  text: string;
  tooltip: string;
  background: string | null;
  color: string | null;
}

async function shown(): Promise<Shown> {
  const ext = vscode.extensions.getExtension('budget-tools.budget-language-support');
  assert.ok(ext, 'the extension is installed');
  const api = (await ext.activate()) as { status: Shown };
  return api.status;
}

/** Opens a workspace file, waits until it is a budget document with its diagnostics in. */
async function openBudget(name: string): Promise<vscode.TextDocument> {
  const doc = await openFile(name);
  await waitFor(`${name} as a budget`, () => (languageOf(doc.uri) === 'budget' ? true : undefined), 30_000);
  return doc;
}

const count = (doc: vscode.TextDocument, severity: vscode.DiagnosticSeverity) => budgetDiagnostics(doc.uri).filter((d) => d.severity === severity).length;

suite('status bar', () => {
  const config = () => vscode.workspace.getConfiguration('budget');
  suiteTeardown(async () => {
    await config().update('locale', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('counts the errors and warnings of the active budget document, in budget.locale’s language', async () => {
    await config().update('locale', 'en', vscode.ConfigurationTarget.Global);
    const doc = await openBudget('shenzhen.md');
    // the sample has warnings (damaged numbers summarised per table) and no error
    const status = await shown();
    const state = await waitFor(
      'the status bar counting shenzhen.md',
      () => {
        const warnings = count(doc, vscode.DiagnosticSeverity.Warning);
        return status.visible && warnings > 0 && status.text === `$(error) ${count(doc, vscode.DiagnosticSeverity.Error)} $(warning) ${warnings} Budget` ? { ...status } : undefined;
      },
      30_000,
      () => `${JSON.stringify(status)}; ${summarize(budgetDiagnostics(doc.uri))}`,
    );
    assert.strictEqual(state.background, 'warning', 'warnings are not a green check');
    assert.strictEqual(state.color, null);
    assert.match(state.tooltip, /Click to open the Problems view/);

    await config().update('locale', 'zh-CN', vscode.ConfigurationTarget.Global);
    await waitFor('the status bar in Chinese', () => (status.text.endsWith(' 预算') ? true : undefined), 10_000, () => status.text);
    assert.match(status.tooltip, /^本预算文档有 \d+ 个错误、\d+ 个警告/);
  });

  test('green only for a budget document with no error and no warning; hidden for other files', async () => {
    await config().update('locale', 'en', vscode.ConfigurationTarget.Global);
    const doc = await openBudget('shaoguan.txt');
    const status = await shown();
    await waitFor(
      'a green status for shaoguan.txt',
      () => status.visible && status.text === '$(check) Budget: no problems',
      30_000,
      () => `${JSON.stringify(status)}; ${summarize(budgetDiagnostics(doc.uri))}`,
    );
    assert.strictEqual(count(doc, vscode.DiagnosticSeverity.Error) + count(doc, vscode.DiagnosticSeverity.Warning), 0);
    assert.strictEqual(status.color, 'passed');
    assert.strictEqual(status.background, null);

    await openFile('todo.txt');
    await waitFor('the status bar hidden for a file that is not a budget', () => !status.visible, 10_000, () => JSON.stringify(status));
  });
});
