/**
 * Hostile input (issue 14): exact sums at any size, negatives in every
 * printed form, document-sized tables without recursion or spread, internal
 * errors that never become a finding's message.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toLspRange, type Finding, type DocumentModel } from '../server/src/service';
import { analyze, service } from './helpers';

const HEAD = '2024年\n测试局部门预算\n';
const T = (s: string) => s.replace(/ *\| */g, '\t');

const FUNCTION_TABLE = (rows: string) =>
  T(`表5
一般公共预算支出情况表（按功能分类科目）
单位：万元
功能科目名称 | 一般公共预算支出 | |
| 小计 | 其中：基本支出 | 项目支出
${rows}
注：无。
`);

function view(model: DocumentModel, findings: Finding[], only: RegExp = /^sum\./): string[] {
  return findings
    .filter((f) => only.test(f.code))
    .map((f) => {
      const r = toLspRange(model, f.span);
      return `${r.start.line + 1}:${r.start.character + 1} ${f.severity} ${f.code} «${model.text.slice(f.span.start, f.span.end)}»`;
    });
}

function fixesFor(model: DocumentModel, findings: Finding[], f: Finding) {
  return service.quickFixes(model, findings, [{ code: f.code, span: f.span }], { locale: 'en' });
}

/** Apply one edit and re-analyse. */
function applyEdit(text: string, edit: { span: { start: number; end: number }; newText: string }): string {
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}

describe('exact at any size (point 2)', () => {
  // 40 significant digits before the point, two after
  const A = '1234567890123456789012345678901234567890.12';
  const B = '8765432109876543210987654321098765432109.87';
  const SUM = '9999999999999999999999999999999999999999.99';
  const BIG = (total: string, a = A, b = B) =>
    FUNCTION_TABLE(`合计 | ${total} | ${a} | ${b}
[201]一般公共服务支出 | ${total} | ${a} | ${b}
[20103]政府办公厅（室）及相关机构事务 | ${total} | ${a} | ${b}
[2010301]行政运行 | ${a} | ${a} | 0.00
[2010302]一般行政管理事务 | ${b} | 0.00 | ${b}`);

  it('a correct table of 40-digit amounts has no sum finding', () => {
    const { model, findings } = analyze(HEAD + BIG(SUM));
    assert.deepEqual(view(model, findings), []);
    assert.equal(findings.filter((f) => f.code === 'number.malformed').length, 0);
  });

  it('a 40-digit total off by 0.01 × 100 is an error whose expected value and fix are exact', () => {
    const wrong = '9999999999999999999999999999999999999998.99';
    const { model, findings } = analyze(HEAD + BIG(SUM).replace(`合计\t${SUM}`, `合计\t${wrong}`));
    const got = view(model, findings).sort();
    // the 合计 row's total breaks its column sum and its row sum: one error on the cell (blame.ts)
    assert.deepEqual(got, ['8:4 error sum.cell «9999999999999999999999999999999999999998.99»']);
    const f = findings.find((x) => x.code === 'sum.cell')!;
    const d = f.data as { expected: string; difference: string };
    assert.equal(d.expected, SUM);
    assert.equal(d.difference, '-1.00');
    const [fix] = fixesFor(model, findings, f);
    assert.equal(fix.edit.newText, SUM);
    const after = analyze(applyEdit(model.text, fix.edit));
    assert.deepEqual(view(after.model, after.findings), []);
  });

  it('a correct 22-digit total is not reported; a wrong one is fixed exactly', () => {
    // 22 significant digits: decimal.js's default 20 would round these
    const a = '1234567890123456789.01';
    const b = '1000000000000000000.02';
    const t = '2234567890123456789.03';
    const ok = analyze(HEAD + BIG(t, a, b));
    assert.deepEqual(view(ok.model, ok.findings), []);
    const bad = analyze(HEAD + BIG(t, a, b).replace(`合计\t${t}`, '合计\t2234567890123456789.13'));
    const f = bad.findings.find((x) => x.code === 'sum.total' || x.code === 'sum.cell')!;
    assert.ok(f, 'the wrong total is reported');
    assert.equal((f.data as { expected: string }).expected, t);
    const [fix] = fixesFor(bad.model, bad.findings, f);
    assert.equal(fix.edit.newText, t);
  });

  it('15-digit figures rescaled past 2^53 do not fake an exact result', () => {
    // 0.00000001 forces a scale of 8: 123456789012345 becomes 1.2e22 units,
    // beyond exact doubles, where 1 − x + x would come back as a safe 0
    const rows = `合计 | 0.00000001 | 123456789012345 | -123456789012345`;
    const { findings } = analyze(HEAD + FUNCTION_TABLE(rows));
    const f = findings.find((x) => x.code === 'sum.rounding' || x.code === 'sum.columns');
    assert.ok(f, 'the 0.00000001 residue is seen');
    assert.match(f!.message, /相差 \+0\.00000001（/);
  });
});

describe('negatives in every printed form (point 3)', () => {
  // 项目支出 of 行政运行 is negative; the table holds exactly
  const TABLE = (neg: string, total = '90.00') =>
    FUNCTION_TABLE(`合计 | ${total} | 60.00 | 30.00
[201]一般公共服务支出 | ${total} | 60.00 | 30.00
[20103]政府办公厅（室）及相关机构事务 | ${total} | 60.00 | 30.00
[2010301]行政运行 | 50.00 | 60.00 | ${neg}
[2010302]一般行政管理事务 | 40.00 | 0.00 | 40.00`);
  const FORMS = ['-10.00', '－10.00', '−10.00', '‐10.00', '–10.00', '(10.00)', '（10.00）', '- 10.00', '△10.00', '( 10.00 )'];
  const AMBIGUOUS = new Set(['- 10.00', '△10.00']);

  for (const form of FORMS) {
    it(`${form} is read as −10.00 in a tab-separated table`, () => {
      const { model, findings } = analyze(HEAD + TABLE(form));
      assert.deepEqual(view(model, findings), [], 'the table holds');
      const row = model.tables[0].rows.find((r) => r.code?.code === '2010301')!;
      assert.equal(row.cells[2].raw, form.trim());
      assert.equal(row.cells[2].amount?.units, -1000);
      const hints = view(model, findings, /^number\.negative$/);
      assert.deepEqual(hints, AMBIGUOUS.has(form) ? [`11:27 hint number.negative «${form}»`] : []);
    });
  }

  it('the same forms in a space-aligned (layout) table', () => {
    // the Shanghai layout fixture: 档案馆's 基本支出 becomes −1,000 and the
    // rows above it follow, so the table holds exactly
    const base = readFileSync(path.join(__dirname, 'fixtures', 'shanghai-budget.layout.budget.txt'), 'utf8');
    const fnTable = (t: string) => t.slice(t.indexOf('2025年部门一般公共预算支出功能分类预算表\n'));
    for (const form of ['-1,000', '－1,000', '−1,000', '‐1,000', '–1,000', '(1,000)', '（1,000）', '- 1,000', '△1,000']) {
      let lines = base.split('\n');
      lines = lines.map((l) => {
        if (/^201\s+26\s+04\s+档案馆/.test(l)) {
          return l.replace(/( +)0( +)1,130,000$/, (_m, s1: string, s2: string) => `${' '.repeat(s1.length + 1 - form.length - (form.includes('（') ? 2 : 0))}${form}${s2}1,131,000`);
        }
        if (/^201 .*(一般公共服务支出|档案事务) +4,230,000/.test(l)) return l.replace('3,100,000     1,130,000', '3,099,000     1,131,000');
        if (/^ +合计 +5,230,000 +4,100,000/.test(l)) return l.replace('4,100,000     1,130,000', '4,099,000     1,131,000');
        return l;
      });
      const text = lines.join('\n');
      assert.ok(text.includes(form), form);
      const { model, findings } = analyze(text);
      const table = model.tables.find((t) => t.title.includes('一般公共预算支出功能分类预算表') && !t.title.includes('基本'))!;
      const row = table.rows.find((r) => r.code?.code === '2012604')!;
      const cell = row.cells.find((c) => c.raw === form);
      assert.ok(cell, `${form} is one cell: ${row.cells.map((c) => c.raw).join(' | ')}`);
      assert.equal(cell!.amount?.units, -1000, form);
      const inTable = findings.filter((f) => /^sum\.(?!rounding)/.test(f.code) && f.span.start >= model.lines.start(table.startLine) && f.span.end <= model.lines.end(table.endLine));
      assert.deepEqual(inTable.map((f) => f.message), [], form);
      const hint = findings.some((f) => f.code === 'number.negative' && f.span.start === cell!.span.start);
      assert.equal(hint, form === '- 1,000' || form === '△1,000', `${form}: hint only where the form is ambiguous`);
      void fnTable;
    }
  });

  it('a lone -, —, －, / stays an empty cell; (一), (1), (12) stay text', () => {
    for (const empty of ['-', '—', '－', '--', '——', '/']) {
      const { model, findings } = analyze(HEAD + TABLE(empty, '100.00').replace('合计 \t'.trim(), '合计').replace(/30\.00/g, '40.00').replace('\t50.00\t', '\t60.00\t'));
      assert.deepEqual(view(model, findings), [], `«${empty}» is an empty cell`);
      const row = model.tables[0].rows.find((r) => r.code?.code === '2010301')!;
      assert.equal(row.cells[2].amount?.empty, true, empty);
    }
    const { parseNumber } = require('../server/src/service/syntax/numbers') as typeof import('../server/src/service/syntax/numbers');
    for (const text of ['(一)', '(1)', '(12)', '（1）', '（二十）', '(1', '1.00)', '()', '(-1.00)', '△', '−', '- ', '—5.00'])
      assert.equal(parseNumber(text), null, text);
    for (const [text, units] of [['(1,234)', -1234], ['(0.5)', -5], ['−1,234.56', -123456], ['△ 3.00', -300]] as const)
      assert.equal(parseNumber(text)?.units, units, text);
  });

  it('a wrong total next to a negative: the fix is exact and the table then holds', () => {
    for (const form of FORMS) {
      const { model, findings } = analyze(HEAD + TABLE(form).replace('合计\t90.00', '合计\t110.00'));
      const f = findings.find((x) => x.code === 'sum.total' || x.code === 'sum.cell');
      assert.ok(f, form);
      const [fix] = fixesFor(model, findings, f!);
      assert.equal(fix.edit.newText, '90.00', form);
      const after = analyze(applyEdit(model.text, fix.edit));
      assert.deepEqual(view(after.model, after.findings), [], form);
    }
  });

  it('a fix that makes a figure negative writes it in the document’s own negative style', () => {
    // 项目支出 of 一般行政管理事务 printed 40.00 where -10.00 + … would hold: the fix
    // for the cell writes the negative in the style the document uses elsewhere
    const styles: [string, string][] = [
      ['(5.00)', '(10.00)'], ['（5.00）', '（10.00）'], ['−5.00', '−10.00'], ['△5.00', '△10.00'], ['-5.00', '-10.00'], ['－5.00', '－10.00'],
    ];
    for (const [sample, expected] of styles) {
      // a second table prints one negative in the document's style; the first has
      // a positive total that must become negative
      const text =
        HEAD +
        FUNCTION_TABLE(`合计 | 10.00 | 60.00 | 30.00
[201]一般公共服务支出 | -10.00 | 60.00 | -70.00
[20103]政府办公厅（室）及相关机构事务 | -10.00 | 60.00 | -70.00
[2010301]行政运行 | -10.00 | 60.00 | -70.00`)
          .replace(/-10\.00/g, sample.replace('5.00', '10.00'))
          .replace(/-70\.00/g, sample.replace('5.00', '70.00'));
      const { model, findings } = analyze(text);
      // the 合计 row's 10.00 (should be −10.00) or 30.00 (should be −70.00): whichever the first sum.total sits on
      const f = findings.find((x) => x.code === 'sum.total');
      assert.ok(f, sample);
      const fixes = fixesFor(model, findings, f!);
      const at = model.text.slice(f!.span.start, f!.span.end);
      assert.equal(fixes[0].edit.newText, at === '30.00' ? expected.replace('10.00', '70.00') : expected, sample);
    }
  });
});

describe('document-sized tables and internal errors (point 4)', () => {
  const ROW = '[201]一般公共服务支出\t1.00\t1.00\t0.00\n';
  const many = (n: number) =>
    HEAD +
    '表5\n一般公共预算支出情况表（按功能分类科目）\n单位：万元\n功能科目名称\t一般公共预算支出\t\t\n\t小计\t其中：基本支出\t项目支出\n' +
    `合计\t${n}.00\t${n}.00\t0.00\n` +
    ROW.repeat(n) +
    '注：无。\n';

  it('a table of 200,000 top-level rows is checked, outlined, folded and hovered', () => {
    // beyond V8's argument limit for push(...rows) and Math.max(...rows)
    const n = 200_000;
    const text = many(n);
    const { model, findings } = analyze(text);
    assert.equal(model.tables[0].rows.length, n + 1);
    assert.deepEqual(findings.filter((f) => f.code.startsWith('sum.')).map((f) => f.message), []);
    const outline = service.outline(model);
    const table = outline.flatMap((o) => [o, ...o.children]).find((o) => o.kind === 'table')!;
    assert.equal(table.children.length, n); // the 类 rows; the 合计 row is the table's detail
    assert.ok(service.foldingRanges(model).length >= 1);
    assert.ok(service.hover(model, text.lastIndexOf('[201]') + 1, { locale: 'en' }));
    // one wrong row among them is found
    const at = text.lastIndexOf('[201]');
    const wrong = analyze(text.slice(0, at) + text.slice(at).replace('\t1.00\t1.00', '\t2.00\t1.00'));
    const columns = wrong.findings.filter((f) => f.severity === 'error' && /^sum\./.test(f.code));
    assert.equal(columns.length, 1);
    assert.equal(wrong.model.text.slice(columns[0].span.start, columns[0].span.end), '2.00');
    assert.ok(columns[0].span.start > at);
  });

  it('a row tree as deep as the table is long is outlined and folded without recursion', () => {
    // project rows nested one level deeper each line (units › projects by depth)
    const { rowTree } = require('../server/src/service/features/rowTree') as typeof import('../server/src/service/features/rowTree');
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ index: i, kind: 'item', line: i, endLine: i, label: 'x', labelSpan: null, depth: i, cells: [], texts: [] }));
    const roots = rowTree(rows as never);
    assert.equal(roots.length, 1);
    assert.equal(roots[0].endLine, 99_999, 'the root covers every row under it');
  });

  it('an internal error in a check is logged once and the finding says the check could not run', () => {
    const logged: string[] = [];
    const { createBudgetService } = require('../server/src/service') as typeof import('../server/src/service');
    const svc = createBudgetService({ log: (m) => logged.push(m) });
    const text = HEAD + FUNCTION_TABLE('合计 | 10.00 | 10.00 | 0.00\n[201]一般公共服务支出 | 10.00 | 10.00 | 0.00');
    const broken = () => {
      const model = svc.parse(text);
      Object.defineProperty(model.tables[0], 'rows', {
        get() {
          throw new RangeError('Maximum call stack size exceeded');
        },
      });
      return model;
    };
    for (const locale of ['zh-CN', 'en'] as const) {
      const findings = svc.check(broken(), { locale });
      for (const f of findings) assert.doesNotMatch(f.message, /RangeError|call stack|at \w/, f.message);
      const skipped = findings.filter((f) => f.code === 'sum.skipped' && (f.data as { reason?: string })?.reason === 'internal');
      assert.ok(skipped.length >= 1, 'a finding says a check could not run');
      const re = locale === 'en' ? /internal error stopped the checks of “.*”; the table was not checked/ : /「.*」核对时发生内部错误，未能核对此表/;
      assert.ok(skipped.some((f) => re.test(f.message)), skipped.map((f) => f.message).join('\n'));
    }
    // the same error twice (two checks, two locales): logged once, with its stack
    const rangeErrors = logged.filter((m) => m.includes('RangeError: Maximum call stack size exceeded'));
    assert.ok(rangeErrors.length >= 1);
    assert.equal(new Set(rangeErrors).size, rangeErrors.length, 'no error logged twice');
    assert.ok(rangeErrors.every((m) => /\n\s+at /.test(m)), 'the log has the stack');
    const count = logged.length;
    svc.check(broken(), { locale: 'en' });
    assert.equal(logged.length, count, 'a repeated error is not logged again');
  });
});

describe('CLI inputs (point 1): reading and decoding', () => {
  const inputs = require('../server/src/cliInputs') as typeof import('../server/src/cliInputs');
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');

  it('binary is told from the head: a 60 MB binary file is not read whole', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
    try {
      const file = path.join(dir, 'zeros.txt');
      const fd = fs.openSync(file, 'w');
      fs.ftruncateSync(fd, 60 * 1024 * 1024);
      fs.closeSync(fd);
      const before = process.memoryUsage().arrayBuffers;
      const r = inputs.readInput(file);
      assert.deepEqual(r, { binary: true });
      assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024, 'no 60 MB buffer was made');
      // a limit smaller than the file: refused before reading
      fs.writeFileSync(file, 'x'.repeat(100));
      assert.match(String((inputs.readInput(file, 50) as { error: string }).error), /larger than/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodes UTF-8 (with and without BOM), UTF-16 (BOM or sniffed), GB18030; damaged UTF-8 keeps its count and place', () => {
    const text = '2024年部门预算\n合计\t1,564.22\n';
    const dec = (b: Buffer) => inputs.decodeInput(b) as { text: string; encoding: string; bom: boolean; invalid?: { count: number; offset: number } };
    assert.deepEqual(dec(Buffer.from(text)), { text, encoding: 'utf-8', bom: false });
    assert.equal(dec(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).text, text);
    assert.equal(dec(Buffer.from(text, 'utf16le')).encoding, 'utf-16le');
    assert.equal(dec(Buffer.from(text, 'utf16le')).text, text);
    assert.equal(dec(Buffer.from(text, 'utf16le').swap16()).encoding, 'utf-16be');
    const bom = dec(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.deepEqual([bom.encoding, bom.bom, bom.text], ['utf-16le', true, text]);
    const damaged = dec(Buffer.concat([Buffer.from('合计\t1.00\n'), Buffer.from([0xc3]), Buffer.from('\n' + text.repeat(5))]));
    assert.equal(damaged.encoding, 'utf-8');
    assert.deepEqual(damaged.invalid, { count: 1, offset: '合计\t1.00\n'.length });
    assert.deepEqual(inputs.decodeInput(Buffer.from([0x41, 0x00, 0x00, 0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x00, 0x00])), { binary: true });
  });
});

describe('the protocol contract (point 7), over stdio', () => {
  const { spawn, spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node') as typeof import('vscode-jsonrpc/node');
  const { LspClient } = require('./lsp') as typeof import('./lsp');
  type Range = import('./lsp').Range;
  const precedes = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);
  const ROOT = path.resolve(__dirname, '..');
  const SERVER = path.join(ROOT, 'dist', 'server.js');
  const URI = 'file:///hostile/budget.txt';
  const DOC = HEAD + FUNCTION_TABLE('合计 | 10.00 | 10.00 | 0.00\n[201]一般公共服务支出 | 10.00 | 10.00 | 0.00');

  const { before } = require('node:test') as typeof import('node:test');
  before(() => {
    const build = spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(build.status, 0, build.stderr);
  });

  /** A server with a bare JSON-RPC connection to it: nothing sent yet. */
  function raw() {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const logs: string[] = [];
    connection.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
    connection.listen();
    return {
      child,
      connection,
      logs,
      stderr: () => stderr,
      dispose() {
        connection.dispose();
        child.kill();
      },
    };
  }

  const codeOf = async (p: Promise<unknown>): Promise<number | 'resolved'> => {
    try {
      await p;
      return 'resolved';
    } catch (err) {
      return (err as { code: number }).code;
    }
  };
  const INIT = { processId: null, rootUri: null, capabilities: {} };
  const HOVER = { textDocument: { uri: URI }, position: { line: 0, character: 0 } };

  it('requests before initialize get ServerNotInitialized (-32002)', async () => {
    const s = raw();
    try {
      assert.equal(await codeOf(s.connection.sendRequest('textDocument/hover', HOVER)), -32002);
      assert.equal(await codeOf(s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } })), -32002);
      // a notification before initialize is dropped: nothing is published for it
      const published: string[] = [];
      s.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => published.push(p.uri));
      await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'budget', version: 1, text: DOC } });
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(published, []);
      // then initialize works
      const init = (await s.connection.sendRequest('initialize', INIT)) as { capabilities: object };
      assert.ok(init.capabilities);
    } finally {
      s.dispose();
    }
  });

  it('a second initialize is refused (InvalidRequest, -32600); after shutdown every request is', async () => {
    const client = await LspClient.start({ root: ROOT, debounceMs: 0 });
    try {
      assert.equal(await codeOf(client.request('initialize', INIT)), -32600);
      await client.open(URI, DOC);
      await client.diagnostics(URI);
      assert.ok(await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } }));
      await client.request('shutdown', null);
      assert.equal(await codeOf(client.request('textDocument/hover', HOVER)), -32600);
      assert.equal(await codeOf(client.request('textDocument/documentSymbol', { textDocument: { uri: URI } })), -32600);
    } finally {
      await client.dispose();
    }
  });

  it('invalid params get InvalidParams (-32602), and no stack trace in the log', async () => {
    const client = await LspClient.start({ root: ROOT, debounceMs: 0 });
    try {
      await client.open(URI, DOC);
      await client.diagnostics(URI);
      for (const [method, params] of [
        ['textDocument/hover', {}],
        ['textDocument/hover', { textDocument: { uri: URI } }],
        ['textDocument/hover', { textDocument: { uri: URI }, position: { line: -1, character: 0 } }],
        ['textDocument/documentSymbol', { textDocument: {} }],
        ['textDocument/codeAction', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: {} }],
        ['textDocument/inlayHint', { textDocument: { uri: URI } }],
        ['textDocument/completion', null],
      ] as const)
        assert.equal(await codeOf(client.request(method, params)), -32602, `${method} ${JSON.stringify(params)}`);
      // the server still answers
      assert.ok(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 7, character: 1 } }) !== undefined);
      assert.ok(!client.logs.some((l) => /\n\s+at /.test(l)), client.logs.join('\n'));
    } finally {
      await client.dispose();
    }
  });

  it('didOpen of an open document replaces its text, even with the same version', async () => {
    const client = await LspClient.start({ root: ROOT, debounceMs: 0 });
    try {
      await client.open(URI, DOC, 1);
      const first = await client.diagnostics(URI);
      assert.ok(!first.diagnostics.some((d) => d.severity === 1));
      await client.open(URI, DOC.replace('[201]一般公共服务支出\t10.00', '[201]一般公共服务支出\t12.00'), 1);
      const second = await client.diagnostics(URI);
      assert.ok(second.diagnostics.some((d) => d.severity === 1 && /^sum\./.test(String(d.code))), 'the new text is analysed');
      const symbols = (await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } })) as Array<{ name: string }>;
      assert.ok(symbols.length > 0);
    } finally {
      await client.dispose();
    }
  });

  it('fuzz over the protocol: incremental edits and requests, then the same diagnostics as a fresh open', async () => {
    const { sampleText } = require('./helpers') as typeof import('./helpers');
    const client = await LspClient.start({ root: ROOT, debounceMs: 0 });
    try {
      let text = sampleText('jiangmen-jianghai-2024').split('\n').slice(0, 400).join('\n');
      let version = 1;
      await client.open(URI, text, version);
      await client.diagnostics(URI, version);
      let seed = 7;
      const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const pieces = ['\n', '1', '-', '(2.00)', '合计', '\t', '一、测试\n', '收支总体情况表\n项目\t预算数\n', '　', '😀'];
      const positionOf = (offset: number) => {
        const before = text.slice(0, offset).split('\n');
        return { line: before.length - 1, character: before[before.length - 1].length };
      };
      for (let k = 0; k < 300; k++) {
        const a = Math.floor(next() * (text.length + 1));
        const b = Math.min(text.length, a + (next() < 0.5 ? 0 : Math.floor(next() * 30)));
        const insert = next() < 0.7 ? pieces[Math.floor(next() * pieces.length)] : '';
        // never split a surrogate pair: LSP positions count UTF-16 units, edits at either side of a pair
        const safe = (o: number) => (o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o]) ? o - 1 : o);
        const [sa, sb] = [safe(a), safe(b)];
        const range = { start: positionOf(sa), end: positionOf(sb) };
        text = text.slice(0, sa) + insert + text.slice(sb);
        await client.change(URI, ++version, [{ range, text: insert }]);
        if (k % 25 === 0) {
          const symbols = (await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } })) as Array<{ range: Range; children?: unknown[] }>;
          const lines = text.split('\n').length;
          const check = (items: Array<{ range: Range; selectionRange?: Range; children?: unknown[] }>, parent?: Range) => {
            for (const it of items) {
              assert.ok(it.range.end.line < lines, 'symbol inside the document');
              if (parent) assert.ok(!precedes(it.range.start, parent.start) && !precedes(parent.end, it.range.end), 'child inside its parent');
              check((it.children ?? []) as never, it.range);
            }
          };
          check(symbols as never);
          await client.request('textDocument/hover', { textDocument: { uri: URI }, position: positionOf(Math.floor(next() * text.length)) });
        }
      }
      const edited = await client.diagnostics(URI, version);
      const fresh = 'file:///hostile/fresh.txt';
      await client.open(fresh, text, 1);
      const opened = await client.diagnostics(fresh, 1);
      const view = (p: { diagnostics: Array<{ code: string; range: Range; message: string }> }) => p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`);
      assert.deepEqual(view(edited), view(opened));
    } finally {
      await client.dispose();
    }
  });

  it('a malformed frame header makes the server log and exit, not hang', async () => {
    const s = raw();
    try {
      await s.connection.sendRequest('initialize', INIT);
      const exited = new Promise<number | null>((resolve) => s.child.on('exit', (code) => resolve(code)));
      s.child.stdin!.write('This is not a header\r\n\r\n');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
      assert.equal(code, 1);
      assert.match(s.stderr(), /malformed message frame, exiting/);
    } finally {
      s.dispose();
    }
  });
});

describe('cost per request (point 6)', () => {
  it('a codeAction request carrying 20,000 diagnostics costs what it carries, not diagnostics × findings', () => {
    const n = 20_000;
    // every row's 小计 is 2.00 where its columns sum to 1.00: one sum.columns error per row
    const text =
      HEAD +
      '表5\n一般公共预算支出情况表（按功能分类科目）\n单位：万元\n功能科目名称\t一般公共预算支出\t\t\n\t小计\t其中：基本支出\t项目支出\n' +
      `合计\t${2 * n}.00\t${n}.00\t0.00\n` +
      '[201]一般公共服务支出\t2.00\t1.00\t0.00\n'.repeat(n) +
      '注：无。\n';
    const { model, findings } = analyze(text, 'en');
    const errors = findings.filter((f) => f.code === 'sum.columns');
    assert.ok(errors.length >= n, `${errors.length} errors`);
    const t0 = Date.now();
    const fixes = service.quickFixes(model, findings, errors.map((f) => ({ code: f.code, span: f.span })), { locale: 'en' });
    const ms = Date.now() - t0;
    assert.ok(fixes.length >= n, `${fixes.length} fixes`);
    // scanning every finding and every relation per diagnostic took minutes here
    assert.ok(ms < 10_000, `${ms} ms`);
    // each fix still targets its own row
    const fix = fixes.find((f) => f.diagnostics.includes(n - 1))!;
    assert.equal(model.text.slice(fix.edit.span.start, fix.edit.span.end), '2.00');
    assert.ok(fix.edit.span.start >= errors[n - 1].span.start - 1);
  });
});

describe('structure never swallows (point 5) and a bounded fuzz (point 8)', () => {
  const { SAMPLES, sampleText } = require('./helpers') as typeof import('./helpers');
  const { corpusDocuments, corpusSkip, corpusText } = require('./corpus') as typeof import('./corpus');

  it('a title-like line and a header-like line in the narrative do not swallow the sections after them', () => {
    const text = [
      '2024年测试局部门预算',
      '第一部分 概况',
      '一、主要职责',
      '本部门负责测试。',
      '收支总体情况表',
      '项目\t预算数',
      '二、部门机构设置',
      '本部门设5个处室。',
      '三、部门预算构成',
      '包括本级预算。',
      '第二部分 部门预算表',
      '表1',
      '收支总体情况表',
      '单位：万元',
      '收入\t\t支出\t',
      '项目\t预算数\t项目\t预算数',
      '一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t100.00',
      '收入总计\t100.00\t支出总计\t100.00',
      '第三部分 情况说明',
      '一、收支预算总体情况',
      '本年收入100.00万元。',
    ].join('\n');
    const { model } = analyze(text);
    const part1 = model.sections[0];
    assert.deepEqual(part1.children.map((c) => c.heading.title), ['一、主要职责', '二、部门机构设置', '三、部门预算构成']);
    const outline = service.outline(model);
    assert.deepEqual(outline[0].children.map((c) => c.name), ['一、主要职责', '二、部门机构设置', '三、部门预算构成']);
    assertContained(outline, model.text.length);
    // the formal table is still read whole
    const formal = model.tables.find((t) => t.label === '表1')!;
    assert.equal(formal.endLine, 17);
    assert.equal(formal.rows.filter((r) => r.kind === 'total').length, 2);
  });

  it('a table in the narrative ends at the next section heading followed by prose, notes kept', () => {
    const text = [
      '2024年测试局部门预算',
      '第一部分 概况',
      '一、主要职责',
      '本部门负责测试。',
      '收支总体情况表',
      '项目\t预算数',
      '一般公共预算拨款\t60.00',
      '合计\t60.00',
      '注：本表为示例，金额单位为万元。',
      '二、部门机构设置',
      '本部门设5个处室，共有编制10名。',
      '三、部门预算构成',
      '包括本级预算，没有下属单位。',
      '第二部分 部门预算表',
    ].join('\n');
    const { model } = analyze(text);
    const t = model.tables[0];
    assert.equal(t.endLine, 8, 'the note belongs to the table, the sections do not');
    assert.deepEqual(model.sections[0].children.map((c) => c.heading.title), ['一、主要职责', '二、部门机构设置', '三、部门预算构成']);
    // without the note: the table ends at its last row
    const bare = analyze(text.replace('注：本表为示例，金额单位为万元。\n', '')).model;
    assert.equal(bare.tables[0].endLine, 7);
    assert.deepEqual(bare.sections[0].children.map((c) => c.heading.title), ['一、主要职责', '二、部门机构设置', '三、部门预算构成']);
    assertContained(service.outline(bare), bare.text.length);
  });

  it('a table in the tables part ends at a section heading followed by prose (no part heading after the last table)', () => {
    const body = (table: string[]) => [
      '2024年测试局部门预算',
      '第一部分 部门预算表',
      ...table,
      '一、部门主要职能',
      '本部门负责测试工作，承担相关职能。',
      '二、部门机构设置',
      '本部门设5个处室，共有编制10名。',
    ].join('\n');
    const withRows = body(['表1', '收支总体情况表', '单位：万元', '项目\t预算数\t项目\t预算数', '一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t100.00', '收入总计\t100.00\t支出总计\t100.00']);
    const empty = body(['表9', '政府性基金预算支出表', '单位：万元', '科目编码\t科目名称\t合计', '注：本部门无政府性基金预算支出，故本表无数据。']);
    const emptyNoNote = empty.replace('注：本部门无政府性基金预算支出，故本表无数据。\n', '');
    for (const [text, lastLine] of [[withRows, 7], [empty, 6], [emptyNoNote, 5]] as const) {
      const { model } = analyze(text);
      assert.equal(model.tables.length, 1);
      assert.equal(model.tables[0].endLine, lastLine);
      // the part title is not joined with the table label on the next line
      assert.equal(model.sections[0].heading.title, '第一部分 部门预算表');
      assert.deepEqual(model.sections[0].children.map((c) => c.heading.title), ['一、部门主要职能', '二、部门机构设置']);
      assertContained(service.outline(model), model.text.length);
    }
    // the rows of the table are still read, and a row label without figures followed by its figures is no heading
    const raw = analyze(withRows.replace('一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t100.00', '一、一般公共预算拨款收入\n100.00')).model;
    assert.ok(raw.tables[0].endLine >= 6);
  });

  /** Children inside their parents, selections inside their items, in order. */
  function assertContained(items: ReturnType<typeof service.outline>, length: number, parent?: { span: { start: number; end: number }; name: string }) {
    for (const item of items) {
      assert.ok(item.span.start >= 0 && item.span.start <= item.span.end && item.span.end <= length, `${item.name} span in the text`);
      assert.ok(item.selection.start >= item.span.start && item.selection.end <= item.span.end, `${item.name}: selection inside its span`);
      if (parent) assert.ok(item.span.start >= parent.span.start && item.span.end <= parent.span.end, `${item.name} [${item.span.start},${item.span.end}] inside ${parent.name} [${parent.span.start},${parent.span.end}]`);
      assertContained(item.children, length, item);
    }
  }

  /** A small seeded generator (mulberry32): the same edits every run. */
  function rng(seed: number) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const SNIPPETS = [
    '\n', '\t', ' ', '-', '−', '(5.00)', '△', '1,234.56', '0.00', '合计', '\n第二部分 部门预算表\n', '\n一、主要职责\n', '\n（一）基本支出\n',
    '\n收支总体情况表\n项目\t预算数\n', '\n单位：万元\n', '\n注：无。\n', '[2010301]', '表3', '\f', '\r\n', '１２３．４５', '\u0000', '😀', '　',
  ];

  it('random edits on the samples: ranges valid, outline contained, fixes applicable, same as a fresh parse', () => {
    assert.equal(fuzz(SAMPLES.map((name) => [name, sampleText(name)]), 300, 14), SAMPLES.length * 300);
  });

  it('random edits on the real corpus (when present)', { skip: corpusSkip() }, () => {
    const docs = corpusDocuments().flatMap((d) => [`${d}.layout.txt`, `${d}.raw.txt`]).map((f) => [f, corpusText(f)] as [string, string]);
    assert.equal(fuzz(docs, 60, 41), docs.length * 60);
  });

  /** `count` seeded random edits on a window of each text, every invariant checked after each; returns the edits made. */
  function fuzz(texts: Array<readonly [string, string]>, count: number, seed: number): number {
    const next = rng(seed);
    let edits = 0;
    for (const [name, whole] of texts) {
      // a window of the document keeps each analysis small; the edits land anywhere in it
      const lines = whole.split('\n');
      const from = Math.floor(next() * Math.max(1, lines.length - 250));
      let text = lines.slice(from, from + 250).join('\n');
      for (let k = 0; k < count; k++, edits++) {
        const at = Math.floor(next() * (text.length + 1));
        const r = next();
        if (r < 0.45) text = text.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(at);
        else if (r < 0.8) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 40)));
        else {
          // move a line elsewhere
          const ls = text.split('\n');
          const [line] = ls.splice(Math.floor(next() * ls.length), 1);
          ls.splice(Math.floor(next() * (ls.length + 1)), 0, line);
          text = ls.join('\n');
        }
        const { model, findings } = analyze(text, k % 2 ? 'en' : 'zh-CN');
        for (const f of findings) {
          assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${name} edit ${k}: ${f.code} span`);
          assert.doesNotMatch(f.message, /Error|undefined|NaN|\{[a-z]+\}/, `${name} edit ${k}: ${f.message}`);
          const range = toLspRange(model, f.span);
          assert.ok(range.start.line <= range.end.line && range.end.line < model.lines.length);
        }
        assertContained(service.outline(model), text.length);
        for (const fr of service.foldingRanges(model)) assert.ok(fr.startLine <= fr.endLine && fr.endLine < model.lines.length);
        if (k % 8 === 0) {
          service.hover(model, Math.floor(next() * (text.length + 1)), { locale: 'en' });
          const errors = findings.filter((f) => f.severity === 'error');
          const fixes = service.quickFixes(model, findings, errors.map((f) => ({ code: f.code, span: f.span })), { locale: 'en' });
          for (const fix of fixes) assert.ok(fix.edit.span.start >= 0 && fix.edit.span.end <= text.length && fix.edit.span.start <= fix.edit.span.end);
          // a fresh parse of the same text gives the same findings
          const again = analyze(text, k % 2 ? 'en' : 'zh-CN').findings;
          assert.deepEqual(again.map((f) => `${f.code}@${f.span.start}`), findings.map((f) => `${f.code}@${f.span.start}`));
        }
      }
    }
    return edits;
  }
});

describe('layout column fitting is exact too (point 2)', () => {
  it('a 40-digit row sum is judged exactly when columns are matched to the header', () => {
    const { holdsWithinRounding } = require('../server/src/service/syntax/layoutTable') as typeof import('../server/src/service/syntax/layoutTable');
    const { lineTokens } = require('../server/src/service/syntax/layout') as typeof import('../server/src/service/syntax/layout');
    const { splitLines } = require('../server/src/service/syntax/lines') as typeof import('../server/src/service/syntax/lines');
    const tokens = (line: string) => lineTokens(line, splitLines(line), 0);
    const A = '1234567890123456789012345678901234567890.12';
    const B = '8765432109876543210987654321098765432109.87';
    // as doubles these three are equal to each other: only exact sums tell them apart
    assert.equal(holdsWithinRounding(tokens(`9999999999999999999999999999999999999999.99   ${A}   ${B}`), 2), true);
    assert.equal(holdsWithinRounding(tokens(`9999999999999999999999999999999999999998.99   ${A}   ${B}`), 2), false);
    assert.equal(holdsWithinRounding(tokens(`100.01   60.00   40.00`), 2), true, '0.01 over three figures is rounding');
    assert.equal(holdsWithinRounding(tokens(`100.05   60.00   40.00`), 2), false);
    assert.equal(holdsWithinRounding(tokens(`(10.00)   -4.00   −6.00`), 2), true, 'negatives in any form');
  });
});
