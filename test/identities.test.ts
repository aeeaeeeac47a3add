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
import { gdBudget } from './auditFixtures';


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

  it('收支总表 本年支出合计 ≠ 支出总表 合计: the error on the summary cell names the other table’s cell', () => {
    const { model, findings, all } = cross(gdBudget({ summaryExpenditure: '105.00' }));
    // 105.00 breaks the summary's own balance too: one error on the cell, the identity folded into it
    assert.equal(findings.find((x) => (x.data as { identity?: string }).identity === 'summary-expenditure=expenditure'), undefined);
    const host = all.find((x) => x.severity === 'error' && spanText(model, x.span) === '105.00' && x.related.some((r) => /同一数字在另一张表/.test(r.message)));
    assert.ok(host, JSON.stringify(all.map((x) => `${x.code} ${spanText(model, x.span)}`)));
    const same = host.related.find((r) => /同一数字在另一张表/.test(r.message))!;
    assert.equal(spanText(model, same.span), '100.00');
    assert.match(same.message, /支出总体情况表 合计.*100\.00/);
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

  it('基本支出 column of the 一般公共预算 table ≠ the economic table 合计: folded into the sum error of that 合计 (one finding per cell)', () => {
    const { model, findings, all } = cross(gdBudget({ economicTotal: '61.00' }));
    // 61.00 also breaks the economic table's own 合计: that error carries the other table's cell
    assert.equal(findings.find((x) => (x.data as { identity?: string }).identity === 'gbf-basic=basic-economic'), undefined);
    const host = all.filter((x) => x.severity === 'error' && spanText(model, x.span) === '61.00');
    assert.equal(host.length, 1, JSON.stringify(all.map((x) => x.code)));
    assert.match(host[0].code, /^sum\./);
    const same = host[0].related.filter((r) => /同一数字在另一张表/.test(r.message));
    assert.equal(same.length, 1);
    assert.match(same[0].message, /合计/);
  });

  it('a cross finding on a cell with no sum error of its own stays a cross.mismatch', () => {
    // the summary's 本年支出合计 and its items both raised by 5.00: the summary holds, the identity does not
    const { findings } = cross(gdBudget({ summaryExpenditure: '105.00', summaryClass201: '95.00' }));
    const f = findings.find((x) => (x.data as { identity?: string }).identity === 'summary-expenditure=expenditure');
    assert.ok(f, JSON.stringify(findings.map((x) => x.message)));
    assert.equal(f.code, 'cross.mismatch');
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
