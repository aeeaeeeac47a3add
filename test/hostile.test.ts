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
    assert.deepEqual(got, ['8:4 error sum.columns «9999999999999999999999999999999999999998.99»', '8:4 error sum.total «9999999999999999999999999999999999999998.99»']);
    const f = findings.find((x) => x.code === 'sum.total')!;
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
    const f = bad.findings.find((x) => x.code === 'sum.total')!;
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
      const f = findings.find((x) => x.code === 'sum.total');
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
      const f = findings.find((x) => x.code === 'sum.total');
      assert.ok(f, sample);
      const fixes = fixesFor(model, findings, f!);
      assert.equal(fixes[0].edit.newText, expected, sample);
    }
  });
});
