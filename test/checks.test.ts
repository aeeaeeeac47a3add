/**
 * Rules on small fixtures: check(input, expected) where expected lists the
 * findings as `line:col severity code «flagged text»` (1-based), information included.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toLspRange } from '../server/src/service';
import { analyze } from './helpers';
import { isParentCode } from '../server/src/service/analysis/relations';
import { scaledWithinRounding } from '../server/src/service/analysis/check';
import { Decimal, scaledDecimal } from '../server/src/service/model/money';

const HEAD = '2024年\n测试局部门预算\n';
const T = (s: string) => s.replace(/ *\| */g, '\t');

function check(body: string, expected: string[], only?: RegExp) {
  const { model, findings } = analyze(HEAD + body);
  const got = findings
    .filter((f) => !only || only.test(f.code))
    .map((f) => {
      const r = toLspRange(model, f.span);
      return `${r.start.line + 1}:${r.start.character + 1} ${f.severity} ${f.code} «${model.text.slice(f.span.start, f.span.end)}»`;
    });
  assert.deepEqual(got, expected);
  return { model, findings };
}

const FUNCTION_TABLE = (rows: string) =>
  T(`表5
一般公共预算支出情况表（按功能分类科目）
单位：万元
功能科目名称 | 一般公共预算支出 | |
| 小计 | 其中：基本支出 | 项目支出
${rows}
注：无。
`);

describe('sum.children / sum.total / sum.columns', () => {
  const ok = `合计 | 100.00 | 60.00 | 40.00
[201]一般公共服务支出 | 100.00 | 60.00 | 40.00
[20103]政府办公厅（室）及相关机构事务 | 100.00 | 60.00 | 40.00
[2010301]行政运行 | 60.00 | 60.00 | 0.00
[2010302]一般行政管理事务 | 40.00 | 0.00 | 40.00`;

  it('a consistent table has no findings', () => void check(FUNCTION_TABLE(ok), []));

  it('a child off by more than rounding: one error on the child, which both failing sums blame', () => {
    const { findings } = check(FUNCTION_TABLE(ok.replace('[2010301]行政运行 | 60.00', '[2010301]行政运行 | 61.00')), ['11:15 error sum.cell «61.00»']);
    const d = findings[0].data as { printed: string; expected: string; difference: string };
    assert.deepEqual([d.printed, d.expected, d.difference], ['61.00', '60.00', '+1.00']);
    assert.equal(findings[0].related.length, 2, 'the parent (children sum) and the row (columns sum) are related locations');
    assert.match(findings[0].message, /2010301 行政运行「一般公共预算支出\/小计」61\.00 应为 60\.00（相差 \+1\.00）：它使 2 处合计不符/);
  });

  it('a parent off alone: its children sum fails, on the parent', () => {
    const { findings } = check(FUNCTION_TABLE(ok.replace('[20103]政府办公厅（室）及相关机构事务 | 100.00 | 60.00', '[20103]政府办公厅（室）及相关机构事务 | 100.00 | 61.00')), [
      '10:31 error sum.cell «61.00»',
    ]);
    assert.equal(findings[0].related.length, 3, 'its children sum, its row, and the class above it');
  });

  it('0.01 over two children and across three columns is a rounding residue, once per relation', () => {
    check(FUNCTION_TABLE(ok.replace('[2010301]行政运行 | 60.00', '[2010301]行政运行 | 60.01')), [
      '10:24 hint sum.rounding «100.00»',
      '11:15 hint sum.rounding «60.01»',
    ]);
  });

  it('with a single child, 0.01 cannot be rounding: the two figures are one amount', () => {
    const one = `合计 | 100.00 | 60.00 | 40.00
[201]一般公共服务支出 | 100.00 | 60.00 | 40.00
[20103]政府办公厅（室）及相关机构事务 | 100.00 | 60.00 | 40.00
[2010301]行政运行 | 100.01 | 60.01 | 40.00`;
    check(FUNCTION_TABLE(one), ['10:24 error sum.children «100.00»', '10:31 error sum.children «60.00»'], /sum/);
  });

  it('a total row against its top-level rows', () => {
    const t = `合计 | 150.00 | 60.00 | 90.00
[201]一般公共服务支出 | 100.00 | 60.00 | 40.00
[2010301]行政运行 | 100.00 | 60.00 | 40.00
[206]科学技术支出 | 40.00 | 0.00 | 40.00`;
    check(FUNCTION_TABLE(t), ['8:4 error sum.total «150.00»', '8:17 error sum.total «90.00»', '10:10 information sum.skipped «行政运行»'], /sum/);
  });

  it('a table without a total row says the total could not be checked', () => {
    check(FUNCTION_TABLE('[206]科学技术支出 | 40.00 | 0.00 | 40.00'), ['8:6 information sum.skipped «科学技术支出»']);
  });
});

describe('a table of a known kind printed with one amount column', () => {
  const table = (total: string) =>
    T(`一般公共预算支出表
单位：万元
科目编码 | 科目名称 | 合计
201 | 一般公共服务支出 | 30.00
20103 | 政府办公厅（室）及相关机构事务 | 30.00
2010301 | 行政运行 | 30.00
合计 | | ${total}
`);
  it('is checked: no “header not understood”, the coverage counts it, its sums still run', () => {
    const { findings } = analyze(HEAD + table('30.00'));
    assert.deepEqual(findings.filter((f) => f.code === 'sum.skipped').map((f) => f.message), []);
    const coverage = findings.find((f) => f.code === 'document.coverage');
    assert.ok(!coverage || !/表头无法识别/.test(coverage.message), coverage?.message);
    check(table('31.00'), ['9:5 error sum.total «31.00»'], /^sum\./);
  });
});

describe('sum.balance: two-sided tables', () => {
  const table = (income: string, total: string) =>
    T(`表1
收支总体情况表
单位：万元
收入 | | 支出 |
项目 | 预算 | 项目 | 预算
一、预算拨款 | ${income} | 一、一般公共服务支出 | 90.00
二、财政专户拨款 | 0.00 | 二、教育支出 | 10.00
本年收入合计 | 100.00 | 本年支出合计 | 100.00
四、上级补助收入 | 0.00 | 二十六、结转下年 | 0.00
收入总计 | ${total} | 支出总计 | 100.00
`);
  it('balanced', () => void check(table('100.00', '100.00'), []));
  it('an income item off: 本年收入合计 is wrong', () => void check(table('101.00', '100.00'), ['10:8 error sum.balance «100.00»']));
  it('收入总计 ≠ 本年收入合计 + items, and ≠ 支出总计: one error on 收入总计', () => void check(table('100.00', '105.00'), ['12:6 error sum.cell «105.00»']));
  it('space-separated layout', () => {
    const spaced = table('100.00', '100.00').replace(/\t+/g, ' ');
    check(spaced, []);
    check(spaced.replace('二、教育支出 10.00', '二、教育支出 12.00'), ['10:22 error sum.balance «100.00»']);
  });
});

describe('sum.block: units, projects and 三公', () => {
  const basic = (unitA: string) =>
    T(`表11
部门预算基本支出预算表
单位：万元
支出项目类别（资金使用单位） | 总计 | 财政拨款 | | | | 财政专户拨款 | 其他资金
| | 合计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算 | |
合计 | 30.00 | 30.00 | 30.00 | 0.00 | 0.00 | 0.00 | 0.00
测试局 | ${unitA} | ${unitA} | ${unitA} | 0.00 | 0.00 | 0.00 | 0.00
工资福利支出 | 15.00 | 15.00 | 15.00 | 0.00 | 0.00 | 0.00 | 0.00
商品和服务支出 | 5.00 | 5.00 | 5.00 | 0.00 | 0.00 | 0.00 | 0.00
测试中心 | 10.00 | 10.00 | 10.00 | 0.00 | 0.00 | 0.00 | 0.00
工资福利支出 | 10.00 | 10.00 | 10.00 | 0.00 | 0.00 | 0.00 | 0.00
`);
  it('units add up', () => void check(basic('20.00'), []));
  it('a unit row that does not match its categories, and the total it feeds', () =>
    void check(basic('25.00'), [
      '8:4 error sum.total «30.00»',
      '8:10 error sum.total «30.00»',
      '8:16 error sum.total «30.00»',
      '9:5 error sum.block «25.00»',
      '9:11 error sum.block «25.00»',
      '9:17 error sum.block «25.00»',
    ]));

  const threePublic = (car: string) =>
    T(`表8
财政拨款安排的行政经费及“三公”经费预算表
单位：万元
项目 | 合计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算
行政经费 | 87.10 | 87.10 | 0.00 | 0.00
“三公”经费 | 8.10 | 8.10 | 0.00 | 0.00
其中：（一）因公出国（境）支出 | 0.00 | 0.00 | 0.00 | 0.00
（二）公务用车购置及运行维护支出 | ${car} | ${car} | 0.00 | 0.00
1. 公务用车购置 | 0.00 | 0.00 | 0.00 | 0.00
2. 公务用车运行维护费 | 3.50 | 3.50 | 0.00 | 0.00
（三）公务接待费支出 | 4.60 | 4.60 | 0.00 | 0.00
`);
  it('三公 = 出国 + 用车 + 接待; 用车 = 购置 + 运维', () => void check(threePublic('3.50'), []));
  it('a broken 三公 breakdown', () =>
    void check(threePublic('4.50'), ['8:8 error sum.block «8.10»', '8:13 error sum.block «8.10»', '10:18 error sum.block «4.50»', '10:23 error sum.block «4.50»']));
});

describe('numbers and unreadable input', () => {
  it('a damaged number is read at its value and reported: once for its table, the cell as a hint', () => {
    const { findings } = check(FUNCTION_TABLE('合计 | 1,000.00 | 600.00 | 400.00\n[201]一般公共服务支出 | 1, 000. 00 | 600.00 | 400.00\n[20101]人大事务 | 1, 000. 00 | 600.00 | 400.00'), [
      '4:1 warning number.malformed-table «一般公共预算支出情况表（按功能分类科目）»',
      '9:15 hint number.malformed «1, 000. 00»',
      '10:13 hint number.malformed «1, 000. 00»',
    ]);
    assert.match(findings[0].message, /有 2 个数字格式损坏（如“1, 000. 00”）/);
    assert.match(findings[1].message, /1000\.00/);
  });

  it('a header that cannot be understood is said, not silently skipped', () => {
    check(
      T(`表3
支出总体情况表
单位：万元
功能分类科目 | | 甲 | 乙
合计 | | 10.00 | 4.00
`),
      ['1:1 information document.coverage «2024年»', '4:1 information sum.skipped «支出总体情况表»'],
    );
  });

  it('plain prose is not a budget', () => {
    const { model, findings } = analyze('这是一份会议纪要。\n今天讨论了三件事。\n');
    assert.equal(model.kind, 'unknown');
    assert.deepEqual(findings.map((f) => f.code), ['document.not-budget']);
  });

  it('messages follow the locale', () => {
    const body = FUNCTION_TABLE('合计 | 100.00 | 60.00 | 40.00\n[201]一般公共服务支出 | 90.00 | 60.00 | 30.00');
    const zh = analyze(HEAD + body, 'zh-CN').findings[0].message;
    const en = analyze(HEAD + body, 'en').findings[0].message;
    assert.match(zh, /各行合计/);
    assert.match(en, /the rows sum to 90\.00 \(difference \+10\.00\)/);
  });
});

describe('部门决算 and unknown tables', () => {
  const FIXTURE = readFileSync(path.join(__dirname, 'fixtures', 'final-accounts.budget.txt'), 'utf8');

  it('reads a final-accounts table: codes split into 类 | 款 | 项 columns, blank cells, the 栏次 row', () => {
    const { model, findings } = analyze(FIXTURE);
    assert.equal(model.kind, 'final-accounts');
    const [t] = model.tables;
    assert.equal(t.kind, 'expenditure');
    assert.deepEqual(
      t.rows.map((r) => `${r.code?.code ?? r.kind} ${r.code?.style ?? ''}`.trim()),
      ['total', '201 bare', '20106 split', '2010601 split', '2010602 split'],
    );
    assert.equal(t.rows[3].cells[2].amount?.empty, true, 'a blank cell is an empty amount');
    assert.deepEqual(findings, []);
  });

  it('checks a final-accounts table like a budget table', () => {
    const broken = FIXTURE.replace('201\t06\t01\t行政运行\t60.00', '201\t06\t01\t行政运行\t65.00');
    const { model, findings } = analyze(broken);
    assert.deepEqual(
      findings.map((f) => `${f.code} «${model.text.slice(f.span.start, f.span.end)}»`),
      ['sum.cell «65.00»'],
    );
  });

  it('parses an unknown table generically and checks its total row and total column', () => {
    const { model, findings } = analyze(FIXTURE.replace('乙项目\t18.00\t6.00\t12.00', '乙项目\t19.00\t6.00\t12.00'));
    const t = model.tables[1];
    assert.equal(t.kind, 'generic');
    assert.equal(t.title, '某某专项资金使用情况表');
    assert.deepEqual(t.header.columns.map((c) => c.label), ['合计', '省级资金', '市级资金']);
    assert.deepEqual(
      findings.map((f) => `${f.code} «${model.text.slice(f.span.start, f.span.end)}»`),
      ['sum.cell «19.00»'],
    );
  });

  it('recognises titles whatever their width, spacing and label', () => {
    for (const title of ['一般公共预算支出情况表(按功能分类科目)', '表 5 一般公共预算支出情况表（按功能分类科目）', '一 般 公 共 预 算 支 出 情 况 表 （按功能分类科目）', '# 一般公共预算支出表(按功能分类)']) {
      const text = `2024年\n测试局部门预算\n${title}\n单位：万元\n科目\t小计\t基本支出\t项目支出\n合计\t1.00\t1.00\t0.00\n[201]一般公共服务支出\t1.00\t1.00\t0.00\n`;
      const { model } = analyze(text);
      assert.equal(model.tables[0]?.kind, 'general-budget-function', title);
    }
  });
});

describe('isParentCode', () => {
  it('is code.slice(0, -2) === parent, for codes of every length', () => {
    const codes = ['2', '20', '201', '2010', '20101', '201010', '2010101', '20102', '2020101', '30201'];
    for (const p of codes) for (const c of codes) assert.equal(isParentCode(p, c), c.slice(0, c.length - 2) === p, `${p} ${c}`);
  });
});

describe('the residue judged in scaled integers', () => {
  it('scaledWithinRounding: |diff| < terms × half a unit of the printed places, as the Decimals say; null beyond the safe range or for a fixed bound', () => {
    const byDecimals = (units: number, scale: number, decimals: number, terms: number) =>
      scaledDecimal(units, scale).abs().lt(new Decimal(10).pow(-decimals).times(new Decimal('0.5')).times(terms));
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let told = 0;
    for (let i = 0; i < 5000; i++) {
      const scale = Math.floor(next() * 5);
      const decimals = Math.min(scale, Math.floor(next() * 4));
      const terms = 2 + Math.floor(next() * 40);
      // near the bound (terms × 10^scale / 2 / 10^decimals) most of the time, anywhere sometimes
      const bound = (terms * 10 ** scale) / 2 / 10 ** decimals;
      const units = (next() < 0.5 ? -1 : 1) * Math.max(1, next() < 0.8 ? Math.round(bound + (next() - 0.5) * 4) : Math.floor(next() * 10 ** Math.floor(next() * 17)));
      if (!Number.isSafeInteger(units)) continue;
      const got = scaledWithinRounding(units, scale, decimals, terms, 'auto');
      if (got === null) continue;
      told++;
      assert.equal(got, byDecimals(units, scale, decimals, terms), `${units} ${scale} ${decimals} ${terms}`);
    }
    assert.ok(told > 4000);
    // exactly at the bound is not within: 0.015 with 3 terms at 2 places (bound 3 × 0.005)
    assert.equal(scaledWithinRounding(15, 3, 2, 3, 'auto'), false);
    assert.equal(scaledWithinRounding(14, 3, 2, 3, 'auto'), true);
    assert.equal(scaledWithinRounding(9007199254740991, 2, 2, 3, 'auto'), null);
    assert.equal(scaledWithinRounding(1, 2, 2, 3, 0.5), null);
  });
});
