/**
 * A table that numbers its codes its own way (款 numbered serially, a local or
 * older numbering): one `code.numbering` finding on its title, each row that
 * disagrees as related information, instead of one warning per row. A table
 * with a few disagreeing rows keeps its findings, one per row.
 * Synthetic fixture: made-up department, zero figures.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, spanText } from './helpers';
import { RULES } from '../server/src/service';
import { applyLevels, isRuleId } from '../server/src/service/analysis/quiet';

/** An economic-classification table; `rows` are its 302 款 (code, printed name). */
function doc(rows: Array<[string, string]>): string {
  return [
    '2024年',
    '测试局部门预算',
    '',
    '一般公共预算基本支出情况表（按经济分类科目）',
    '单位：万元',
    '科目名称\t预算',
    '合计\t0.00',
    '[301]工资福利支出\t0.00',
    '[30101]基本工资\t0.00',
    '[302]商品和服务支出\t0.00',
    ...rows.map(([c, n]) => `[${c}]${n}\t0.00`),
    '',
  ].join('\n');
}

/** 款 numbered one after another: every name after 办公费 sits one code too low, and 30210 does not exist. */
const SERIAL: Array<[string, string]> = [
  ['30201', '办公费'],
  ['30202', '咨询费'],
  ['30203', '水费'],
  ['30204', '电费'],
  ['30205', '邮电费'],
  ['30206', '办公设备购置费'],
  ['30210', '车辆运行费'],
];

const codeFindings = (text: string, locale: 'zh-CN' | 'en' = 'zh-CN') => {
  const r = analyze(text, locale);
  return { ...r, findings: r.findings.filter((f) => f.code.startsWith('code.')) };
};

describe('code.numbering: one finding for a table whose codes do not follow the classification', () => {
  it('is in the catalogue, a warning', () => assert.equal(RULES['code.numbering'].severity, 'warning'));

  it('a table numbered serially: one finding on its title, each disagreeing row related', () => {
    const text = doc(SERIAL);
    const { model, findings } = codeFindings(text);
    assert.deepEqual(findings.map((f) => f.code), ['code.numbering']);
    const f = findings[0];
    assert.equal(spanText(model, f.span), '一般公共预算基本支出情况表（按经济分类科目）');
    // 30202 … 30206 name another code's subject; 30210 is unknown: 6 of the table's 10 code rows
    assert.equal(f.related.length, 6);
    assert.deepEqual((f.data as { codes: string[] }).codes, ['30202', '30203', '30204', '30205', '30206', '30210']);
    assert.deepEqual(f.related.map((r) => spanText(model, r.span)), ['咨询费', '水费', '电费', '邮电费', '办公设备购置费', '[30210]']);
    assert.match(f.message, /6 个科目行（共 10 行）/);
    assert.match(f.related[0].message, /30202/);
    assert.match(codeFindings(text, 'en').findings[0].message, /6 of its 10 code rows/);
  });

  it('a few names that differ in a table that otherwise follows the classification: one finding per row', () => {
    const text = doc([
      ['30201', '办公费'],
      ['30202', '咨询费'],
      ['30203', '水费'],
      ['30205', '水费'],
      ['30206', '电费'],
      ['30207', '邮电费'],
    ]);
    const { findings } = codeFindings(text);
    assert.deepEqual(findings.map((f) => f.code), ['code.name-mismatch', 'code.name-mismatch']);
  });

  it('half the rows is not most: one finding per row', () => {
    // 4 disagreeing of 8 code rows
    const { findings } = codeFindings(doc(SERIAL.slice(0, 5)));
    assert.deepEqual(findings.map((f) => f.code), ['code.name-mismatch', 'code.name-mismatch', 'code.name-mismatch', 'code.name-mismatch']);
  });

  it('its level is set like any other rule’s (budget.rules, --rule)', () => {
    assert.ok(isRuleId('code.numbering'));
    assert.deepEqual(applyLevels(codeFindings(doc(SERIAL)).findings, { 'code.numbering': 'off' }), []);
    assert.deepEqual(applyLevels(codeFindings(doc(SERIAL)).findings, { 'code.numbering': 'hint' }).map((f) => f.severity), ['hint']);
  });
});
