/**
 * Identities between tables (analysis/identities.ts) on small synthetic
 * documents: each identity holds on the consistent fixture, a changed figure
 * makes `cross.mismatch` with both cells, a one-cent residue `cross.rounding`,
 * and a missing table makes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, spanText } from './helpers';
import { parseDocument } from '../server/src/service/syntax/parser';
import { evaluatedIdentities, documentFamily, IDENTITIES } from '../server/src/service/analysis/identities';
import { RULES } from '../server/src/service';

const T = (s: string) => s.replace(/ *\| */g, '\t');

export interface Figures {
  summaryIncome?: string;
  summaryGeneral?: string;
  summaryExpenditure?: string;
  summaryClass201?: string;
  fiscalGeneral?: string;
  expTotal?: string;
  exp201?: string;
  exp20103Basic?: string;
  gbfTotal?: string;
  gbfBasic?: string;
  economicTotal?: string;
  withEconomic?: boolean;
}

/** A small Guangdong-style budget: summary, fiscal summary, expenditure, 一般公共预算 by function and by economic class. */
export function gdBudget(f: Figures = {}): string {
  const v = {
    summaryIncome: '100.00',
    summaryGeneral: '100.00',
    summaryExpenditure: '100.00',
    summaryClass201: '90.00',
    fiscalGeneral: '100.00',
    expTotal: '100.00',
    exp201: '90.00',
    exp20103Basic: '50.00',
    gbfTotal: '100.00',
    gbfBasic: '60.00',
    economicTotal: '60.00',
    withEconomic: true,
    ...f,
  };
  const expBasic201 = v.exp20103Basic === '50.00' ? '50.00' : v.exp20103Basic;
  return T(`2024年
测试局部门预算
表1
收支总体情况表
单位：万元
收入 | | 支出 |
项目 | 预算 | 项目 | 预算
一、预算拨款 | ${v.summaryGeneral} | 一、一般公共服务支出 | ${v.summaryClass201}
二、财政专户拨款 | 0.00 | 二、教育支出 | 10.00
本年收入合计 | ${v.summaryIncome} | 本年支出合计 | ${v.summaryExpenditure}
收入总计 | ${v.summaryIncome} | 支出总计 | ${v.summaryExpenditure}
表3
支出总体情况表
单位：万元
科目名称 | 合计 | 基本支出 | 项目支出 | 事业单位经营支出 | 对附属单位补助支出 | 上缴上级支出 | 结转下年
合计 | ${v.expTotal} | 60.00 | 40.00 | 0.00 | 0.00 | 0.00 | 0.00
[201]一般公共服务支出 | ${v.exp201} | ${expBasic201} | 40.00 | 0.00 | 0.00 | 0.00 | 0.00
[20103]政府办公厅（室）及相关机构事务 | ${v.exp201} | ${expBasic201} | 40.00 | 0.00 | 0.00 | 0.00 | 0.00
[205]教育支出 | 10.00 | 10.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00
[20501]教育管理事务 | 10.00 | 10.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00
表4
财政拨款收支总体情况表
单位：万元
收入 | | 支出 |
项目 | 预算 | 项目 | 预算
一、一般公共预算 | ${v.fiscalGeneral} | 一、一般公共服务支出 | 90.00
二、政府性基金预算 | 0.00 | 二、教育支出 | 10.00
本年收入合计 | ${v.fiscalGeneral} | 本年支出合计 | 100.00
收入总计 | ${v.fiscalGeneral} | 支出总计 | 100.00
表5
一般公共预算支出情况表（按功能分类科目）
单位：万元
功能科目名称 | 一般公共预算支出 | |
| 小计 | 其中：基本支出 | 项目支出
合计 | ${v.gbfTotal} | ${v.gbfBasic} | 40.00
[201]一般公共服务支出 | 90.00 | 50.00 | 40.00
[20103]政府办公厅（室）及相关机构事务 | 90.00 | 50.00 | 40.00
[205]教育支出 | 10.00 | 10.00 | 0.00
[20501]教育管理事务 | 10.00 | 10.00 | 0.00
${
  v.withEconomic
    ? `表6
一般公共预算基本支出情况表（按经济分类科目）
单位：万元
科目名称 | 预算
合计 | ${v.economicTotal}
[301]工资福利支出 | 50.00
[30101]基本工资 | 50.00
[302]商品和服务支出 | 10.00
[30201]办公费 | 10.00
`
    : ''
}`);
}

function cross(text: string) {
  const { model, findings } = analyze(text);
  return {
    model,
    findings: findings.filter((f) => f.code.startsWith('cross.')),
    all: findings,
  };
}

describe('identities between tables', () => {
  it('every rule is in the catalogue', () => {
    assert.equal(RULES['cross.mismatch'].severity, 'error');
    assert.equal(RULES['cross.rounding'].severity, 'information');
  });

  it('the consistent fixture: each identity evaluated, none fails', () => {
    const text = gdBudget();
    const model = parseDocument(text);
    assert.equal(documentFamily(model), 'gd-budget');
    const ids = new Set(evaluatedIdentities(model));
    for (const id of ['summary-income=income', 'summary-expenditure=expenditure', 'summary-functions=expenditure-classes', 'fiscal-general=gbf', 'gbf-basic=basic-economic', 'expenditure=gbf-by-code']) {
      if (id === 'summary-income=income') continue; // the fixture has no 收入总体情况表
      assert.ok(ids.has(id), `${id} evaluated`);
    }
    const { findings, all } = cross(text);
    assert.deepEqual(findings, []);
    assert.deepEqual(all.filter((f) => f.severity === 'error'), []);
  });

  it('收支总表 本年支出合计 ≠ 支出总表 合计: an error on the summary cell, the other cell related', () => {
    const { model, findings } = cross(gdBudget({ summaryExpenditure: '105.00' }));
    const f = findings.find((x) => (x.data as { identity?: string }).identity === 'summary-expenditure=expenditure');
    assert.ok(f, JSON.stringify(findings.map((x) => x.message)));
    assert.equal(f.code, 'cross.mismatch');
    assert.equal(f.severity, 'error');
    assert.equal(spanText(model, f.span), '105.00');
    assert.equal(f.related.length, 1);
    assert.equal(spanText(model, f.related[0].span), '100.00');
    assert.match(f.message, /105\.00.*100\.00.*\+5\.00/);
  });

  it('a function row of the summary ≠ the 类 row of the expenditure table', () => {
    const { model, findings } = cross(gdBudget({ summaryClass201: '80.00' }));
    const f = findings.find((x) => (x.data as { identity?: string }).identity === 'summary-functions=expenditure-classes');
    assert.ok(f);
    assert.equal(f.code, 'cross.mismatch');
    assert.equal(spanText(model, f.span), '80.00');
    assert.equal(model.text.slice(f.related[0].span.start, f.related[0].span.end), '90.00');
  });

  it('财政拨款收支总表 一般公共预算 ≠ 一般公共预算支出表 合计', () => {
    const { findings } = cross(gdBudget({ fiscalGeneral: '101.00' }));
    assert.ok(findings.some((x) => x.code === 'cross.mismatch' && (x.data as { identity?: string }).identity === 'fiscal-general=gbf'));
  });

  it('基本支出 column of the 一般公共预算 table ≠ the economic table 合计', () => {
    const { model, findings } = cross(gdBudget({ economicTotal: '61.00' }));
    const f = findings.find((x) => (x.data as { identity?: string }).identity === 'gbf-basic=basic-economic');
    assert.ok(f);
    assert.equal(f.code, 'cross.mismatch');
    assert.equal(spanText(model, f.related[0].span), '61.00');
  });

  it('a code of the expenditure table ≠ the same code in the 一般公共预算 table (all money general budget)', () => {
    const { model, findings } = cross(gdBudget({ exp20103Basic: '45.00' }));
    const byCode = findings.filter((x) => (x.data as { identity?: string }).identity === 'expenditure=gbf-by-code');
    assert.equal(byCode.length, 2, byCode.map((x) => x.message).join('\n'));
    for (const f of byCode) {
      assert.equal(f.code, 'cross.mismatch');
      assert.equal(spanText(model, f.span), '45.00');
      assert.equal(spanText(model, f.related[0].span), '50.00');
    }
  });

  it('a one-cent residue is rounding (information), not an error', () => {
    const { findings } = cross(gdBudget({ economicTotal: '60.01' }));
    const f = findings.find((x) => (x.data as { identity?: string }).identity === 'gbf-basic=basic-economic');
    assert.ok(f);
    assert.equal(f.code, 'cross.rounding');
    assert.equal(f.severity, 'information');
  });

  it('a missing side is skipped, not reported', () => {
    const text = gdBudget({ withEconomic: false, gbfBasic: '61.00' });
    const model = parseDocument(text);
    assert.ok(!evaluatedIdentities(model).includes('gbf-basic=basic-economic'));
    const { findings } = cross(text);
    assert.ok(!findings.some((x) => (x.data as { identity?: string }).identity === 'gbf-basic=basic-economic'));
  });

  it('each family has its table of identities, each naming two sides', () => {
    for (const fam of ['gd-budget', 'sh-budget', 'sh-final'] as const) {
      assert.ok(IDENTITIES[fam].length >= 5, fam);
      for (const idn of IDENTITIES[fam]) assert.ok(idn.left && idn.right, idn.id);
    }
  });
});
