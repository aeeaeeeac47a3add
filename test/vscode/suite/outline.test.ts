/** The outline: parts (第一部分 …) and tables as a tree of DocumentSymbols. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from 'mocha';
import { closeAllEditors, openFile, waitFor } from './helpers';

function* walk(symbols: readonly vscode.DocumentSymbol[], depth = 0): Generator<[vscode.DocumentSymbol, number]> {
  for (const s of symbols) {
    yield [s, depth];
    yield* walk(s.children ?? [], depth + 1);
  }
}

function render(symbols: readonly vscode.DocumentSymbol[]): string {
  return [...walk(symbols)].map(([s, depth]) => `${'  '.repeat(depth)}${s.name}`).join('\n');
}

suite('outline', () => {
  suiteTeardown(closeAllEditors);

  test('parts at the top, the budget tables inside with their rows or sections below', async () => {
    const doc = await openFile('qingyuan.budget.txt');
    const symbols = await waitFor(
      'document symbols for qingyuan.budget.txt',
      async () => {
        const result = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
          'vscode.executeDocumentSymbolProvider',
          doc.uri,
        );
        return result && result.length > 0 ? result : undefined;
      },
      30_000,
    );
    assert.ok(
      symbols.every((s) => 'children' in s && 'selectionRange' in s),
      'the provider returns hierarchical DocumentSymbols, not flat SymbolInformation',
    );
    const tree = symbols as vscode.DocumentSymbol[];
    const outline = render(tree);

    assert.ok(tree.some((s) => s.name.includes('第一部分')), `no top-level symbol 第一部分 in:\n${outline}`);
    assert.ok(tree.some((s) => s.name.includes('第二部分')), `no top-level symbol 第二部分 in:\n${outline}`);

    const all = [...walk(tree)].map(([s]) => s);
    const table = all.find((s) => s.name.includes('支出总体情况表') && !s.name.includes('收支') && !s.name.includes('财政拨款'));
    assert.ok(table, `no symbol for 支出总体情况表 in:\n${outline}`);
    assert.ok(table.children.length > 0, `支出总体情况表 has no children in:\n${outline}`);
    // The table starts on its title (line 130) and contains its rows (e.g. 2010301 on line 141).
    assert.ok(table.range.contains(new vscode.Position(140, 0)), `支出总体情况表's range ${table.range.start.line + 1}-${table.range.end.line + 1} misses line 141`);

    for (const title of ['收支总体情况表', '一般公共预算支出情况表', '部门预算项目支出及其他支出预算表']) {
      assert.ok(all.some((s) => s.name.includes(title)), `no symbol for ${title} in:\n${outline}`);
    }
    // Every child lies within its parent.
    for (const [s] of walk(tree)) {
      for (const c of s.children) assert.ok(s.range.contains(c.range), `${c.name} is outside ${s.name}`);
    }
  });
});
