/** Hovers: a classification code says what it is; a total's amount shows its sum. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import { budgetDiagnostics, closeAllEditors, codeOf, hoverText, openFile, waitFor } from './helpers';

async function hoverAt(doc: vscode.TextDocument, position: vscode.Position, what: string): Promise<string> {
  return waitFor(
    `a hover on ${what} (line ${position.line + 1})`,
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
      const text = (hovers ?? []).map(hoverText).join('\n---\n');
      return text.trim() ? text : undefined;
    },
    30_000,
  );
}

suite('hover', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    doc = await openFile('qingyuan.budget.txt');
  });
  suiteTeardown(closeAllEditors);

  test('on a 7-digit classification code: the code and its level', async () => {
    const line = doc.getText().split(/\r?\n/).findIndex((l) => /^\d{7}\t/.test(l));
    assert.ok(line >= 0, 'the sample has a row starting with a 7-digit code');
    const code = doc.lineAt(line).text.slice(0, 7);
    const text = await hoverAt(doc, new vscode.Position(line, 3), `code ${code}`);
    assert.ok(text.includes(code), `hover does not mention ${code}:\n${text}`);
    assert.match(text, /[类款项]/, `hover names no level (类, 款, 项):\n${text}`);
  });

  test('on a code the catalogue knows: official name, path, explanation and edition', async () => {
    const lines = doc.getText().split(/\r?\n/);
    const line = lines.findIndex((l) => l.startsWith('[20605]'));
    assert.ok(line >= 0, 'the sample prints [20605] (as 科学条件与服务)');
    const text = await hoverAt(doc, new vscode.Position(line, 3), 'code 20605');
    assert.ok(text.includes('科技条件与服务'), `the official name:\n${text}`);
    assert.ok(text.includes('206 科学技术支出 › 20605 科技条件与服务'), `the path:\n${text}`);
    assert.match(text, /2023 (年版|edition)/, `the edition used:\n${text}`);
    // how the document prints it is the diagnostic's to say, under the name; the hover does not repeat it
    assert.ok(!text.includes('科学条件与服务'), `the hover repeats the diagnostic:\n${text}`);
    const mismatch = budgetDiagnostics(doc.uri).find((d) => codeOf(d) === 'code.name-mismatch' && d.range.start.line === line);
    assert.ok(mismatch && mismatch.message.includes('科学条件与服务'), 'the diagnostic says how it is printed');
    assert.strictEqual(mismatch.range.start.character, '[20605]'.length, 'under the name, not the code');
  });

  test('on the amount of a total row: the sum (Σ)', async () => {
    const lines = doc.getText().split(/\r?\n/);
    const line = lines.findIndex((l) => /(^|\t)\s*(合\s*计|总\s*计)\t\d[\d,]*\.\d+/.test(l));
    assert.ok(line >= 0, 'the sample has a 合计 row with amounts');
    const m = /(合\s*计|总\s*计)\t(\d[\d,]*\.\d+)/.exec(lines[line])!;
    const character = m.index + m[0].length - m[2].length + 1;
    const text = await hoverAt(doc, new vscode.Position(line, character), `total ${m[2]}`);
    assert.ok(text.includes('Σ'), `hover on ${m[2]} shows no Σ:\n${text}`);
  });
});
