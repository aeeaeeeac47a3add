/**
 * Quick fix: in a copy of the qingyuan sample where the 合计 amount of the code row 20103 (a 款 with
 * three 项 below it) is raised by 7.13, the checker blames that amount (sum.cell: its children sum,
 * its columns sum and 201's children sum all point at it); the preferred quick fix rewrites that
 * number, and only it, and the error goes away.
 *
 * The mutation, checked with the command-line checker (`node dist/cli.js FILE`):
 *   140:23 error sum.cell 20103 …「合计」761.64 应为 754.51（相差 +7.13）：它使 3 处合计不符，改正后都相符
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { budgetDiagnostics, closeAllEditors, codeOf, fileUri, openFile, summarize, waitFor } from './helpers';

const FIX_CODES = ['sum.cell', 'sum.children', 'sum.columns', 'sum.total'];

/** Adds `cents` to a printed amount, keeping its style (decimals, thousands separators). */
function addCents(printed: string, cents: number): string {
  const decimals = printed.includes('.') ? printed.split('.')[1].length : 0;
  const scaled = Number(printed.replace(/,/g, '').replace('.', '')) + cents * 10 ** (decimals - 2);
  const digits = String(scaled).padStart(decimals + 1, '0');
  let int = decimals > 0 ? digits.slice(0, -decimals) : digits;
  if (printed.includes(',')) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return decimals > 0 ? `${int}.${digits.slice(-decimals)}` : int;
}

/** The span [start, end) of the number touching `character` on `text`. */
function numberSpan(text: string, character: number): [number, number] {
  const isNum = (ch: string | undefined): boolean => ch !== undefined && /[\d.,]/.test(ch);
  let start = character;
  while (start > 0 && isNum(text[start - 1])) start--;
  let end = character;
  while (end < text.length && isNum(text[end])) end++;
  return [start, end];
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return codeOf(a) === codeOf(b) && a.range.isEqual(b.range) && a.message === b.message;
}

suite('quick fix', () => {
  suiteTeardown(closeAllEditors);

  test('the preferred fix of a sum error rewrites the wrong amount, and the error is gone', async () => {
    const original = Buffer.from(await vscode.workspace.fs.readFile(fileUri('qingyuan.budget.txt'))).toString('utf8');
    const lines = original.split('\n');
    const row = lines.findIndex((l) => l.startsWith('20103\t'));
    assert.ok(row >= 0, 'the sample has the code row 20103');
    const cells = lines[row].split('\t');
    const before = cells[2];
    assert.match(before, /^\d[\d,]*\.\d\d$/, `20103's first amount: ${before}`);
    cells[2] = addCents(before, 713);
    lines[row] = cells.join('\t');
    const mutatedText = lines.join('\n');
    const uri = fileUri('mutated.budget.txt');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(mutatedText, 'utf8'));

    const doc = await openFile('mutated.budget.txt');
    const target = await waitFor(
      `an error (${FIX_CODES.join(' / ')}) on line ${row + 1} of mutated.budget.txt`,
      () => {
        const errors = budgetDiagnostics(uri).filter(
          (d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === row && FIX_CODES.includes(codeOf(d) ?? ''),
        );
        errors.sort((a, b) => FIX_CODES.indexOf(codeOf(a)!) - FIX_CODES.indexOf(codeOf(b)!));
        return errors[0];
      },
      30_000,
      () => summarize(budgetDiagnostics(uri)),
    );
    const targetCode = codeOf(target)!;
    const [numStart, numEnd] = numberSpan(doc.lineAt(row).text, target.range.start.character);
    assert.strictEqual(doc.lineAt(row).text.slice(numStart, numEnd), cells[2], `${targetCode} points at the changed amount`);

    let seen: (vscode.CodeAction | vscode.Command)[] = [];
    const action = await waitFor(
      `a quick fix for ${targetCode} on line ${row + 1}`,
      async () => {
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          uri,
          target.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        seen = actions ?? [];
        // vscode.executeCodeActionProvider drops each action's `diagnostics` (VS Code 1.96 converts only
        // title, kind, edit, command, isPreferred): match them when present, else take the actions
        // offered for the diagnostic's range.
        const withEdit = (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a && a.edit !== undefined);
        const fixes = withEdit.some((a) => a.diagnostics?.length)
          ? withEdit.filter((a) => (a.diagnostics ?? []).some((d) => sameDiagnostic(d, target)))
          : withEdit;
        return fixes.find((a) => a.isPreferred) ?? fixes[0];
      },
      20_000,
      () =>
        `code actions offered: ${
          seen
            .map((a) => ('edit' in a || 'diagnostics' in a ? `"${a.title}" for [${summarize((a as vscode.CodeAction).diagnostics ?? [])}]${(a as vscode.CodeAction).edit ? ' with an edit' : ''}` : `command "${a.title}"`))
            .join('; ') || 'none'
        }`,
    );
    assert.ok(action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind), `kind ${action.kind?.value} is a quickfix`);
    assert.ok(await vscode.workspace.applyEdit(action.edit!), 'the edit applies');

    // Only that number changed: the texts agree outside it.
    const after = doc.getText();
    const offStart = doc.offsetAt(new vscode.Position(row, numStart));
    const offEnd = doc.offsetAt(new vscode.Position(row, numEnd));
    let prefix = 0;
    while (prefix < after.length && prefix < mutatedText.length && after[prefix] === mutatedText[prefix]) prefix++;
    let suffix = 0;
    while (
      suffix < after.length - prefix &&
      suffix < mutatedText.length - prefix &&
      after[after.length - 1 - suffix] === mutatedText[mutatedText.length - 1 - suffix]
    ) suffix++;
    assert.notStrictEqual(after, mutatedText, 'the fix changed the text');
    assert.ok(
      prefix >= offStart && mutatedText.length - suffix <= offEnd,
      `the fix changed text outside ${cells[2]} (changed ${prefix}..${mutatedText.length - suffix}, number ${offStart}..${offEnd})`,
    );
    const fixed = after.slice(offStart, after.length - (mutatedText.length - offEnd));
    // 20103's children and its component columns both add up to the figure the sample printed.
    assert.strictEqual(fixed, before, `the fix wrote ${fixed}, expected the sum ${before}`);

    await waitFor(
      `${targetCode} on line ${row + 1} to go away after the fix`,
      () =>
        !budgetDiagnostics(uri).some(
          (d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === row && codeOf(d) === targetCode,
        ),
      20_000,
      () => summarize(budgetDiagnostics(uri)),
    );
    await doc.save();
  });
});
