/**
 * Protocol tests: the bundled dist/server.js over stdio with a real JSON-RPC
 * client (test/lsp.ts). Capabilities, diagnostics for every sample, the
 * outline, hover, folding, quick fixes applied to the text, inlay hints, code
 * lens, TOC links, settings, and updates after edits.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ROOT, SAMPLES, SAMPLES_DIR, analyze, sampleText } from './helpers';
import { LspClient, applyEdits, type Diagnostic, type Range, type TextEdit } from './lsp';

interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}
interface CodeAction {
  title: string;
  kind: string;
  isPreferred?: boolean;
  diagnostics: Diagnostic[];
  edit: { changes: Record<string, TextEdit[]> };
}
interface Hover {
  contents: { kind: string; value: string };
  range: Range;
}

const uriOf = (name: string) => pathToFileURL(path.join(SAMPLES_DIR, name)).href;
const QINGYUAN = sampleText('qingyuan-qingxin-2023');
const lines = (text: string) => text.split('\n');
/** Line index and column of the first occurrence of `needle` in a line that starts with `prefix`. */
function find(text: string, prefix: string, needle: string): { line: number; character: number } {
  const all = lines(text);
  const line = all.findIndex((l) => l.startsWith(prefix));
  assert.ok(line >= 0, `no line starts with ${prefix}`);
  const character = all[line].indexOf(needle);
  assert.ok(character >= 0, `${needle} not on line ${line}`);
  return { line, character };
}
function walk(symbols: DocumentSymbol[], fn: (s: DocumentSymbol, depth: number) => void, depth = 0): void {
  for (const s of symbols) {
    fn(s, depth);
    walk(s.children ?? [], fn, depth + 1);
  }
}
/** The sample with 2010301 行政运行's 合计 raised by 7.13 (184.15 → 191.28): a sum error, not a residue. */
function mutated(): { text: string; line: number; character: number } {
  const at = find(QINGYUAN, '[2010301]', '184.15');
  const all = lines(QINGYUAN);
  all[at.line] = all[at.line].slice(0, at.character) + '191.28' + all[at.line].slice(at.character + 6);
  return { text: all.join('\n'), ...at };
}

describe('language server over stdio', () => {
  let lsp: LspClient;

  before(async () => {
    spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    lsp = await LspClient.start({ root: ROOT, locale: 'en', debounceMs: 0 });
  });
  after(() => lsp.dispose());

  it('declares its capabilities', () => {
    const c = lsp.capabilities;
    assert.equal(c.textDocumentSync, 2, 'incremental sync');
    for (const k of ['documentSymbolProvider', 'foldingRangeProvider', 'hoverProvider', 'codeActionProvider', 'inlayHintProvider', 'codeLensProvider', 'documentLinkProvider', 'definitionProvider']) {
      assert.ok(c[k], `${k} declared`);
    }
    assert.deepEqual((c.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.budget']);
  });

  for (const name of SAMPLES) {
    it(`publishes every finding of ${name} as a diagnostic`, async () => {
      const uri = uriOf(`${name}.budget.txt`);
      const text = sampleText(name);
      await lsp.open(uri, text);
      const published = await lsp.diagnostics(uri, 1);
      const { model, findings } = analyze(text, 'en');
      assert.equal(published.diagnostics.length, findings.length);
      assert.ok(findings.length > 0);
      for (const [i, d] of published.diagnostics.entries()) {
        const f = findings[i];
        assert.equal(d.code, f.code);
        assert.equal(d.source, 'budget');
        assert.equal(d.message, f.message, 'English, from the client locale');
        assert.equal(d.relatedInformation?.length ?? 0, f.related.length, 'a related location for every row involved');
        const start = model.text.slice(0, f.span.start).split('\n');
        assert.deepEqual(d.range.start, { line: start.length - 1, character: start[start.length - 1].length });
      }
      assert.equal(published.diagnostics.filter((d) => d.severity === 1).length, 0, 'the samples have no sum errors');
      await lsp.close(uri);
      assert.deepEqual((await lsp.diagnostics(uri)).diagnostics, [], 'cleared on close');
    });
  }

  describe('on the qingyuan sample', () => {
    const uri = uriOf('qingyuan-features.budget.txt');
    let published: Diagnostic[] = [];
    before(async () => {
      await lsp.open(uri, QINGYUAN);
      published = (await lsp.diagnostics(uri, 1)).diagnostics;
    });

    it('outlines parts › tables › 类, a kind per level, a table’s total as its detail', async () => {
      const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(symbols.some((s) => s.name.startsWith('第一部分')));
      const part2 = symbols.find((s) => s.name.startsWith('第二部分'));
      assert.ok(part2);
      assert.equal(part2.kind, 2, 'a part is a module');
      const tables = (part2.children ?? []).filter((s) => s.kind === 23);
      assert.equal(tables.length, 12, 'the twelve tables sit in 第二部分');
      const summary = tables.find((t) => t.name.startsWith('表1 收支总体情况表'));
      assert.deepEqual(summary?.children ?? [], [], 'a two-sided table: its totals are its detail, no rows');
      const fn = tables.find((t) => t.name.includes('一般公共预算支出情况表（按功能分类科目）'));
      assert.ok(fn);
      assert.match(fn.detail ?? '', /^合计 1564\.22 万元$/, 'a table shows its total and unit');
      const c201 = fn.children?.find((s) => s.name.startsWith('201 '));
      assert.ok(c201, '201 is a top-level row');
      assert.equal(c201.kind, 5, 'a 类 is a class');
      assert.match(c201.detail ?? '', /^761\.01 万元$/, 'a 类 shows its figure (this sample’s tables have no 表N label; Go to Symbol shows the table as its container)');
      assert.ok((fn.children ?? []).every((c) => /^\d{3} /.test(c.name) && (c.children ?? []).length === 0), '类 rows only, by default');
      let count = 0;
      walk(symbols, () => count++);
      assert.ok(count < 120, `${count} symbols: a short outline`);
      const kinds = new Set<number>();
      walk(symbols, (s) => kinds.add(s.kind));
      assert.ok(kinds.size >= 4, 'parts, sections, tables and 类 have kinds of their own');
      // every child range lies inside its parent's
      walk(symbols, (s) => {
        for (const c of s.children ?? []) {
          assert.ok(c.range.start.line >= s.range.start.line && c.range.end.line <= s.range.end.line, `${c.name} inside ${s.name}`);
        }
        assert.ok(s.selectionRange.start.line >= s.range.start.line && s.selectionRange.end.line <= s.range.end.line);
      });
    });

    it('folds parts, tables and code subtrees', async () => {
      const ranges = await lsp.request<Array<{ startLine: number; endLine: number }>>('textDocument/foldingRange', { textDocument: { uri } });
      const part2 = lines(QINGYUAN).findIndex((l, i) => i > 40 && l.startsWith('第二部分'));
      assert.ok(ranges.some((r) => r.startLine === part2 && r.endLine > part2 + 400), 'the tables part');
      const c201 = find(QINGYUAN, '[201]一般公共服务支出\t761.01', '[201]').line;
      assert.ok(ranges.some((r) => r.startLine === c201 && r.endLine >= c201 + 3), 'the 201 subtree');
      for (const r of ranges) assert.ok(r.endLine > r.startLine);
    });

    it('explains a code on hover', async () => {
      const at = find(QINGYUAN, '[2010301]', '2010301');
      const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 2 } });
      assert.equal(hover.contents.kind, 'markdown');
      assert.match(hover.contents.value, /\*\*2010301\*\* 行政运行/);
      assert.match(hover.contents.value, /item \(项\)/);
      assert.match(hover.contents.value, /201 一般公共服务支出 › 20103 政府办公厅（室）及相关机构事务 › 2010301 行政运行/);
    });

    it('shows the sums an amount takes part in', async () => {
      const at = find(QINGYUAN, '[201]一般公共服务支出\t761.01', '761.01');
      const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 1 } });
      assert.match(hover.contents.value, /Σ children = 761\.01 ✓/, 'as the total of its children');
      assert.match(hover.contents.value, /Σ columns = 761\.01 ✓/, 'as the total of its columns');
      assert.match(hover.contents.value, /Part of 合 ?计/, 'as a part of the table total');
      assert.deepEqual(hover.range.start, at);
    });

    it('tells a rounding residue on hover', async () => {
      const d = published.find((x) => x.code === 'sum.rounding' && /310/.test(x.message));
      assert.ok(d, 'the 310 residue');
      const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
      assert.match(hover.contents.value, /total − Σ = 0\.01 \(rounding residue/);
    });

    it('defines a glossary term on hover', async () => {
      const at = find(QINGYUAN, '三、部门预算构成', '三');
      const all = lines(QINGYUAN);
      const line = all.findIndex((l, i) => i > at.line && l.includes('财政拨款收入') && !l.includes('**'));
      assert.ok(line > 0);
      const character = all[line].indexOf('财政拨款收入') + 2;
      const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
      assert.match(hover.contents.value, /\*\*财政拨款收入\*\*/);
      assert.match(hover.contents.value, /指预算单位从本级财政部门取得的财政预算资金收入/);
    });

    it('links table-of-contents entries to their tables and parts', async () => {
      const links = await lsp.request<Array<{ range: Range; target: string }>>('textDocument/documentLink', { textDocument: { uri } });
      assert.equal(links.length, 19);
      const entry = find(QINGYUAN, '- 五、一般公共预算支出情况表', '一般公共预算支出情况表');
      const link = links.find((l) => l.range.start.line === entry.line);
      assert.ok(link);
      const title = lines(QINGYUAN).findIndex((l, i) => i > entry.line + 10 && l.startsWith('一般公共预算支出情况表（按功能分类科目）'));
      assert.equal(link.target, `${uri}#L${title + 1}`);
      const def = await lsp.request<{ uri: string; range: Range }>('textDocument/definition', { textDocument: { uri }, position: { line: entry.line, character: entry.character + 1 } });
      assert.equal(def.range.start.line, title);
    });

    it('links the page markers of a text read from a PDF to that page of the PDF it names', async () => {
      const body = ['〔第 1 页〕', '某某局2025年部门预算', '〔第 2 页〕', '一、部门主要职能', '  〔第 12 页〕', '负责某某工作。', ''].join('\n');
      const uri = uriOf('某某局 budget.budget.txt');
      await lsp.open(uri, `〔来源：某某局 预算#1.pdf，PDF 共 12 页〕\n${body}`);
      type Link = { range: Range; target: string; tooltip?: string };
      const links = await lsp.request<Link[]>('textDocument/documentLink', { textDocument: { uri } });
      const pdf = uriOf('某某局 预算#1.pdf');
      assert.ok(pdf.includes('%23'), 'the file name is escaped in the URI');
      assert.deepEqual(
        links.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, l.target]),
        [
          [1, 0, 7, `${pdf}#page=1`],
          [3, 0, 7, `${pdf}#page=2`],
          [5, 2, 10, `${pdf}#page=12`],
        ],
      );
      assert.equal(links[2].tooltip, 'Open page 12 of 某某局 预算#1.pdf (the source PDF)');
      await lsp.close(uri);
      // the same markers without the header naming the source: no links; nor in an untitled document
      const bare = uriOf('bare.budget.txt');
      await lsp.open(bare, body);
      assert.deepEqual(await lsp.request<Link[]>('textDocument/documentLink', { textDocument: { uri: bare } }), []);
      await lsp.close(bare);
      const untitled = 'untitled:Untitled-1';
      await lsp.open(untitled, `〔来源：x.pdf，PDF 共 12 页〕\n${body}`);
      assert.deepEqual(await lsp.request<Link[]>('textDocument/documentLink', { textDocument: { uri: untitled } }), []);
      await lsp.close(untitled);
    });

    it('puts a lens with rows and problems on every table title', async () => {
      const lenses = await lsp.request<Array<{ range: Range; command: { title: string; command: string } }>>('textDocument/codeLens', { textDocument: { uri } });
      assert.equal(lenses.length, 12);
      assert.ok(lenses.every((l) => /^\d+ rows · \d+ problems?/.test(l.command.title) && l.command.command === 'budget.showProblems'));
      assert.ok(lenses.some((l) => / · 1 rounding residue$/.test(l.command.title)), 'singular');
      assert.ok(lenses.some((l) => /rounding residues?/.test(l.command.title)));
    });

    it('answers a request it cannot serve with an empty result and stays up', async () => {
      const missing = uriOf('not-open.budget.txt');
      assert.deepEqual(await lsp.request('textDocument/documentSymbol', { textDocument: { uri: missing } }), []);
      assert.equal(await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 99999, character: 5 } }), null);
      // invalid params (no position, no range): an InvalidParams error, no stack trace logged (issue 14)
      const code = (p: Promise<unknown>) => p.then(() => 'resolved', (err: { code: number }) => err.code);
      assert.equal(await code(lsp.request('textDocument/hover', { textDocument: { uri }, position: null })), -32602);
      assert.equal(await code(lsp.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: { diagnostics: [{ source: 'budget', code: 'sum.children', range: null }] } })), -32602);
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(!lsp.logs.some((l) => /\n\s+at /.test(l)), 'no stack trace in the log');
      const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(symbols.length > 0, 'still answering');
    });
  });

  describe('quick fixes', () => {
    it('blames the one wrong cell and corrects it, restoring the text exactly', async () => {
      const uri = uriOf('qingyuan-fix-cell.budget.txt');
      const m = mutated();
      await lsp.open(uri, m.text);
      const { diagnostics } = await lsp.diagnostics(uri, 1);
      const errors = diagnostics.filter((d) => d.severity === 1);
      assert.equal(errors.length, 1, 'one error, on the changed cell, for the 20103 children sum and the row’s column sum');
      const [cell] = errors;
      assert.equal(cell.code, 'sum.cell');
      assert.deepEqual(cell.range, { start: { line: m.line, character: m.character }, end: { line: m.line, character: m.character + 6 } });
      const related = cell.relatedInformation ?? [];
      const totals = related.filter((r) => !r.message.startsWith('The same figure in another table'));
      assert.equal(totals.length, 2, 'the two right totals, as related information only');
      // the same figure in 一般公共预算支出表 disagrees too: folded into this error, not a second one
      assert.equal(related.length - totals.length, 1);
      const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: cell.range, context: { diagnostics: [cell] } });
      const preferred = actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1);
      assert.match(preferred[0].title, /Correct 2010301 行政运行/);
      assert.equal(preferred[0].kind, 'quickfix');
      assert.deepEqual(preferred[0].diagnostics, [cell]);
      const edits = preferred[0].edit.changes[uri];
      assert.equal(edits.length, 1);
      assert.deepEqual(edits[0], { range: cell.range, newText: '184.15' });
      const fixed = applyEdits(m.text, edits);
      assert.equal(fixed, QINGYUAN, 'nothing else touched');
      await lsp.change(uri, 2, [{ range: edits[0].range, text: edits[0].newText }]);
      const after = await lsp.diagnostics(uri, 2);
      assert.equal(after.diagnostics.filter((d) => d.severity === 1).length, 0, 'the error is gone');
      await lsp.close(uri);
    });

    it('a lone failing sum: sets its total to the computed sum in its own style, shown as Σ', async () => {
      const uri = uriOf('lone-sum.budget.txt');
      // 20103 = 2010301 + 2010350 in one column: the total 20103 alone is off (201 and 合计 agree with it)
      const text = ['2024年部门预算', '表5 一般公共预算支出情况表', '单位：万元', '科目编码\t科目名称\t金额', '合计\t\t300.00', '201\t一般公共服务支出\t300.00', '20103\t政府办公厅（室）及相关机构事务\t300.00', '2010301\t行政运行\t180.00', '2010350\t事业运行\t127.13', ''].join('\n');
      await lsp.open(uri, text);
      const { diagnostics } = await lsp.diagnostics(uri, 1);
      const parent = diagnostics.find((d) => d.code === 'sum.children' && d.severity === 1);
      assert.ok(parent);
      assert.equal(parent.range.start.line, 6);
      const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: parent.range, context: { diagnostics: [parent] } });
      const setTotal = actions.find((a) => /to the computed/.test(a.title));
      assert.ok(setTotal);
      assert.equal(setTotal.isPreferred, false, '20103 feeds 201 and 合计, which agree with it: changing it would break them');
      const [edit] = setTotal.edit.changes[uri];
      assert.deepEqual(edit.range, parent.range, 'the edit replaces exactly the printed total');
      assert.equal(edit.newText, '307.13', 'two decimals like the printed figure');
      const hints = await lsp.request<Array<{ position: { line: number; character: number }; label: string }>>('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
      });
      assert.deepEqual(hints.map((h) => [h.position, h.label]), [[parent.range.end, 'Σ = 307.13']]);
      // either child could be the wrong one: no preferred fix
      assert.ok(!actions.some((a) => a.isPreferred));
      await lsp.close(uri);
    });

    it('offers one preferred action for a changed subtotal, restoring the text', async () => {
      const uri = uriOf('qingyuan-fix-merged.budget.txt');
      const at = find(QINGYUAN, '[20103]', '754.51');
      const all = lines(QINGYUAN);
      all[at.line] = all[at.line].slice(0, at.character) + '761.64' + all[at.line].slice(at.character + 6);
      const text = all.join('\n');
      await lsp.open(uri, text);
      const { diagnostics } = await lsp.diagnostics(uri, 1);
      const errors = diagnostics.filter((d) => d.severity === 1);
      assert.deepEqual(errors.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['sum.cell', at.line, at.character]], 'its children sum, its columns sum and its parent’s sum blame it');
      const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: errors[0].range, context: { diagnostics: errors } });
      assert.equal(actions.length, 1);
      assert.equal(actions[0].isPreferred, true);
      const fixed = applyEdits(text, actions[0].edit.changes[uri]);
      assert.equal(fixed, QINGYUAN);
      await lsp.close(uri);
    });

    it('normalises a damaged number', async () => {
      const uri = uriOf('shenzhen-fix.budget.txt');
      const text = sampleText('shenzhen-2024');
      await lsp.open(uri, text);
      const { diagnostics } = await lsp.diagnostics(uri, 1);
      const malformed = diagnostics.filter((d) => d.code === 'number.malformed');
      assert.ok(malformed.length > 100);
      const d = malformed[0];
      const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      assert.equal(actions.length, 1);
      const [edit] = actions[0].edit.changes[uri];
      const before = text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
      assert.equal(edit.newText, before.replace(/\s+/g, ''));
      assert.match(edit.newText, /^[\d,]+\.\d+$/);
      await lsp.change(uri, 2, [{ range: edit.range, text: edit.newText }]);
      const after = await lsp.diagnostics(uri, 2);
      assert.equal(after.diagnostics.filter((x) => x.code === 'number.malformed').length, malformed.length - 1);
      assert.ok(!after.diagnostics.some((x) => x.code === 'number.malformed' && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character));
      await lsp.close(uri);
    });

    it('source.fixAll.budget: every damaged number in one action, asked for by kind (Auto Fix on save)', async () => {
      const uri = uriOf('shenzhen-fix-all.budget.txt');
      const text = sampleText('shenzhen-2024');
      await lsp.open(uri, text);
      await lsp.diagnostics(uri, 1);
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const none = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
      assert.deepEqual(none, [], 'not offered unasked');
      for (const only of [['source.fixAll.budget'], ['source.fixAll'], ['source']]) {
        const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only } });
        assert.equal(actions.length, 1, only.join());
        assert.equal(actions[0].kind, 'source.fixAll.budget');
        assert.equal(actions[0].edit.changes[uri].length, 254);
      }
      const [action] = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll.budget'] } });
      await lsp.change(uri, 2, [{ text: applyEdits(text, action.edit.changes[uri]) }]);
      const after = await lsp.diagnostics(uri, 2);
      assert.equal(after.diagnostics.filter((d) => String(d.code).startsWith('number.')).length, 0);
      await lsp.close(uri);
    });

    it('answers budget/tableViews for the preview: grids with the cells’ positions', async () => {
      const uri = uriOf('qingyuan-preview.budget.txt');
      const m = mutated();
      await lsp.open(uri, m.text);
      const r = await lsp.request<{ version: number; tables: Array<{ title: string; rows: Array<{ name: string; cells: Array<{ raw: string; state: string; position: { line: number; character: number } }> }> }> }>('budget/tableViews', { uri });
      assert.equal(r.version, 1);
      assert.ok(r.tables.length >= 10);
      const cells = r.tables.flatMap((t) => t.rows.flatMap((row) => row.cells));
      const bad = cells.filter((c) => c.state === 'bad' && c.position.line === m.line && c.position.character === m.character);
      assert.equal(bad.length, 1, 'the changed cell is marked where it is in the text');
      assert.equal(bad[0].raw, '191.28');
      await lsp.close(uri);
    });

    it('semantic tokens, references and highlights over the protocol', async () => {
      const uri = uriOf('qingyuan-tokens.budget.txt');
      await lsp.open(uri, QINGYUAN);
      await lsp.diagnostics(uri, 1);
      const tokens = await lsp.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
      assert.ok(tokens.data.length > 500 && tokens.data.length % 5 === 0);
      const at = find(QINGYUAN, '[2010301]', '[2010301]');
      const refs = await lsp.request<Array<{ uri: string; range: Range }>>('textDocument/references', { textDocument: { uri }, position: { line: at.line, character: at.character + 2 }, context: { includeDeclaration: true } });
      assert.equal(refs.length, 2, 'the code in both tables that print it');
      const highlights = await lsp.request<Array<{ range: Range; kind: number }>>('textDocument/documentHighlight', { textDocument: { uri }, position: { line: at.line, character: at.character + 2 } });
      assert.equal(highlights.length, 2);
      await lsp.close(uri);
    });

    it('offers nothing for a stale diagnostic', async () => {
      const uri = uriOf('qingyuan-stale.budget.txt');
      await lsp.open(uri, QINGYUAN);
      await lsp.diagnostics(uri, 1);
      const fake = { code: 'sum.children', source: 'budget', severity: 1, message: 'x', range: { start: { line: 3, character: 0 }, end: { line: 3, character: 2 } } };
      assert.deepEqual(await lsp.request('textDocument/codeAction', { textDocument: { uri }, range: fake.range, context: { diagnostics: [fake] } }), []);
      await lsp.close(uri);
    });
  });

  it('shows what a blamed cell should be, and no Σ on the totals that are right', async () => {
    const uri = uriOf('qingyuan-inlay.budget.txt');
    const m = mutated();
    await lsp.open(uri, m.text);
    const { diagnostics } = await lsp.diagnostics(uri, 1);
    const cell = diagnostics.find((d) => d.code === 'sum.cell' && d.severity === 1)!;
    const hints = await lsp.request<Array<{ position: { line: number; character: number }; label: string }>>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 2000, character: 0 } },
    });
    assert.deepEqual(hints.map((h) => [h.position, h.label]), [[cell.range.end, 'should be 184.15']]);
    await lsp.close(uri);
  });

  it('re-analyses after incremental edits', async () => {
    const uri = uriOf('qingyuan-edits.budget.txt');
    await lsp.open(uri, QINGYUAN);
    const first = await lsp.diagnostics(uri, 1);
    assert.equal(first.diagnostics.filter((d) => d.severity === 1).length, 0);
    const at = find(QINGYUAN, '[2010301]', '184.15');
    // type the change character by character, as an editor sends it
    await lsp.change(uri, 2, [{ range: { start: { line: at.line, character: at.character + 5 }, end: { line: at.line, character: at.character + 6 } }, text: '9' }]);
    await lsp.change(uri, 3, [{ range: { start: { line: at.line, character: at.character + 4 }, end: { line: at.line, character: at.character + 4 } }, text: '' }]);
    const edited = await lsp.diagnostics(uri, 3);
    const errors = edited.diagnostics.filter((d) => d.severity === 1);
    assert.ok(errors.some((d) => d.code === 'sum.cell' && d.range.start.line === at.line && /0\.04/.test(d.message)), 'the changed cell is 0.04 off');
    await lsp.change(uri, 4, [{ range: { start: { line: at.line, character: at.character + 5 }, end: { line: at.line, character: at.character + 6 } }, text: '5' }]);
    const restored = await lsp.diagnostics(uri, 4);
    assert.equal(restored.diagnostics.filter((d) => d.severity === 1).length, 0);
    await lsp.close(uri);
  });
});

describe('settings and locale', () => {
  it('speaks Chinese to a Chinese client and follows the rounding settings', async () => {
    const lsp = await LspClient.start({ root: ROOT, locale: 'zh-cn', debounceMs: 0, settings: { rounding: { severity: 'warning' } } });
    try {
      const uri = uriOf('qingyuan-settings.budget.txt');
      await lsp.open(uri, QINGYUAN);
      const first = await lsp.diagnostics(uri, 1);
      const rounding = first.diagnostics.filter((d) => d.code === 'sum.rounding');
      assert.ok(rounding.length > 0);
      assert.ok(rounding.every((d) => d.severity === 2 && d.message.startsWith('尾数误差')));
      // off: residues leave the Problems view
      await lsp.notify('workspace/didChangeConfiguration', { settings: { budget: { rounding: { severity: 'off' } } } });
      const off = await lsp.diagnostics(uri, 1);
      assert.equal(off.diagnostics.filter((d) => d.code === 'sum.rounding').length, 0);
      // a fixed tolerance of 0 makes every residue an error
      await lsp.notify('workspace/didChangeConfiguration', { settings: { budget: { rounding: { tolerance: 0 }, locale: 'en' } } });
      const strict = await lsp.diagnostics(uri, 1);
      const errors = strict.diagnostics.filter((d) => d.severity === 1);
      assert.ok(errors.length >= rounding.length, 'each residue is now an error');
      assert.ok(errors.every((d) => /difference/.test(d.message)), 'budget.locale = en overrides the client');
      // inlay hints and lenses can be turned off
      await lsp.notify('workspace/didChangeConfiguration', { settings: { budget: { inlayHints: { enabled: false }, codeLens: { enabled: false } } } });
      await lsp.diagnostics(uri, 1);
      assert.deepEqual(await lsp.request('textDocument/codeLens', { textDocument: { uri } }), []);
      assert.deepEqual(await lsp.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } } }), []);
    } finally {
      await lsp.dispose();
    }
  });
});

describe('the classification catalogue over LSP', () => {
  const FIXTURE = readFileSync(path.join(ROOT, 'test', 'fixtures', 'codes.budget.txt'), 'utf8');
  interface CompletionList {
    isIncomplete: boolean;
    items: Array<{ label: string; detail?: string; documentation?: { kind: string; value: string }; textEdit: TextEdit; filterText?: string }>;
  }
  let lsp: LspClient;
  before(async () => {
    spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    lsp = await LspClient.start({ root: ROOT, locale: 'zh-cn', debounceMs: 0 });
  });
  after(() => lsp.dispose());

  it('declares completion with [ as trigger', () => {
    assert.deepEqual((lsp.capabilities.completionProvider as { triggerCharacters: string[] }).triggerCharacters, ['[']);
  });

  it('publishes the code findings, hovers from the catalogue and renames with the quick fix', async () => {
    const uri = uriOf('codes-fixture.budget.txt');
    await lsp.open(uri, FIXTURE);
    const diagnostics = (await lsp.diagnostics(uri, 1)).diagnostics;
    const codes = diagnostics.filter((d) => String(d.code).startsWith('code.')).map((d) => d.code);
    assert.deepEqual([...new Set(codes)].sort(), ['code.name-mismatch', 'code.order', 'code.parent-mismatch', 'code.unknown']);
    const at = find(FIXTURE, '[20605]', '[20605]');
    const mismatch = diagnostics.find((d) => d.code === 'code.name-mismatch' && d.range.start.line === at.line)!;
    assert.equal(mismatch.severity, 2);
    assert.equal(mismatch.message, '20605 印作“科学条件与服务”，2024 年版官方名称为“科技条件与服务”');

    const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: 2 } });
    assert.match(hover.contents.value, /\*\*20605\*\* 科技条件与服务/);
    assert.ok(hover.contents.value.includes('206 科学技术支出 › 20605 科技条件与服务'));
    assert.ok(!hover.contents.value.includes(mismatch.message) && !/此处印作/.test(hover.contents.value), 'the hover does not repeat the diagnostic');
    assert.equal(at.character + '[20605]'.length, mismatch.range.start.character, 'the name is squiggled, not the code');
    assert.match(hover.contents.value, /_2024 年版政府收支分类科目_/);

    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: mismatch.range,
      context: { diagnostics: [mismatch], only: ['quickfix'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, '改为官方名称“科技条件与服务”');
    const fixed = applyEdits(FIXTURE, actions[0].edit.changes[uri]);
    assert.equal(fixed, FIXTURE.replace('[20605]科学条件与服务', '[20605]科技条件与服务'));
    await lsp.change(uri, 2, [{ text: fixed }]);
    const after = (await lsp.diagnostics(uri, 2)).diagnostics;
    assert.ok(!after.some((d) => d.code === 'code.name-mismatch' && d.range.start.line === at.line), 'fixed');
    await lsp.close(uri);
  });

  it('completes codes as the user types, in the table’s own style', async () => {
    const uri = uriOf('codes-completion.budget.txt');
    const at = find(FIXTURE, '[2010301]', '[2010301]');
    const all = lines(FIXTURE);
    all.splice(at.line + 1, 0, '[20103');
    const text = all.join('\n');
    await lsp.open(uri, text);
    await lsp.diagnostics(uri, 1);
    const list = await lsp.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: at.line + 1, character: 6 } });
    assert.equal(list.isIncomplete, true);
    const item = list.items.find((i) => i.label === '2010302 一般行政管理事务')!;
    assert.ok(item, list.items.map((i) => i.label).join(', '));
    assert.deepEqual(item.textEdit.range, { start: { line: at.line + 1, character: 0 }, end: { line: at.line + 1, character: 6 } });
    assert.equal(item.textEdit.newText, '[2010302]一般行政管理事务');
    assert.equal(item.documentation?.kind, 'markdown');
    assert.equal(applyEdits(text, [item.textEdit]).split('\n')[at.line + 1], '[2010302]一般行政管理事务');
    // after the user picks a year, the edition follows
    await lsp.notify('workspace/didChangeConfiguration', { settings: { budget: { catalog: { year: 2023 } } } });
    await lsp.diagnostics(uri, 1);
    const again = await lsp.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: at.line + 1, character: 6 } });
    assert.match(again.items[0].documentation?.value ?? '', /2023 年版/);
    await lsp.close(uri);
  });
});
