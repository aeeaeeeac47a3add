/**
 * Identities between tables (analysis/identities.ts) on small synthetic
 * documents: each identity holds on the consistent fixture, a changed figure
 * makes `cross.mismatch` with both cells, a one-cent residue `cross.rounding`,
 * and a missing table makes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, spanText } from './helpers';
import { parseDocument } from '../server/src/service/syntax/parser';
import { evaluatedIdentities, documentFamily, IDENTITIES } from '../server/src/service/analysis/identities';
import { RULES } from '../server/src/service';
import { cellInColumn, columnName, leafMatching, leafPaths, neededChar, plainLabel, rowMatching, storedCellIndex, unitExponent, unitFactor, unitFactorNumber } from '../server/src/service/analysis/names';
import { SourceRow, StoredCell, holdsFigure } from '../server/src/service/model/store';
import { EMPTY_AMOUNT, amountValue, type Amount } from '../server/src/service/model/types';
import { labelKey } from '../server/src/service/syntax/text';
import { Decimal } from '../server/src/service/model/money';
import { sampleText, SAMPLES } from './helpers';
import { SH_UNIT_BUDGET, gdBudget } from './auditFixtures';


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

describe('人员经费 / 公用经费, “三公” and 机关运行经费 against the economic table (Shanghai budget, Guangdong budget)', () => {
  const SH = readFileSync(path.join(__dirname, 'fixtures', 'shanghai-budget.layout.budget.txt'), 'utf8');
  const ids = (text: string) => evaluatedIdentities(parseDocument(text));
  const byId = (text: string, id: string) => cross(text).findings.filter((x) => (x.data as { identity?: string }).identity === id);
  const swap = (text: string, pairs: Array<[string, string]>) => pairs.reduce((t, [a, b]) => (assert.ok(t.includes(a), a), t.replace(a, b)), text);

  it('the consistent Shanghai budget: 人员经费 = 301 + 303, 公用经费 = 302 (+ 310 …), 机关运行经费 ≤ 公用经费, all evaluated, none fails', () => {
    const evaluated = ids(SH);
    for (const id of ['basic-economic-personnel=301+303', 'basic-economic-public=302+310', 'office-running<=basic-public']) assert.ok(evaluated.includes(id), id);
    assert.deepEqual(cross(SH).findings, []);
  });

  it('303 counted under 公用经费 (the table’s own sums still hold): 人员经费 and 公用经费 each a cross.mismatch', () => {
    const text = swap(SH, [
      ['303         对个人和家庭的补助                        50,000        50,000', '303         对个人和家庭的补助                        50,000                      50,000'],
      ['303   02    退休费                              50,000        50,000', '303   02    退休费                              50,000                      50,000'],
      ['合计                     4,100,000     3,700,000       400,000', '合计                     4,100,000     3,650,000       450,000'],
    ]);
    assert.deepEqual(cross(text).all.filter((f) => f.code.startsWith('sum.') && f.severity === 'error'), [], 'the table’s own sums hold');
    const { model } = cross(text);
    const personnel = byId(text, 'basic-economic-personnel=301+303');
    assert.equal(personnel.length, 1);
    assert.equal(personnel[0].code, 'cross.mismatch');
    assert.equal(spanText(model, personnel[0].span), '3,650,000');
    assert.deepEqual(personnel[0].related.map((r) => spanText(model, r.span)), ['3,650,000', '50,000']);
    const pub = byId(text, 'basic-economic-public=302+310');
    assert.equal(pub.length, 1);
    assert.equal(spanText(model, pub[0].span), '450,000');
  });

  it('公务接待费 of the basic economic table above the 三公 table’s: a part larger than its whole, cross.mismatch', () => {
    const text = swap(SH, [['302   11    差旅费                              70,000                      70,000', '302   17    公务接待费                            70,000                      70,000']]);
    assert.ok(ids(text).includes('three-public-reception>=basic-economic'));
    const f = byId(text, 'three-public-reception>=basic-economic');
    assert.equal(f.length, 1);
    assert.equal(f[0].code, 'cross.mismatch');
    assert.match(f[0].message, /公务接待费.*7\.00.*2\.50|70,000|70000/);
    const { model } = cross(text);
    assert.equal(spanText(model, f[0].span), '70,000');
    assert.equal(spanText(model, f[0].related[0].span), '2.50');
  });

  it('公务接待费 of the basic table below the 三公 table’s (projects pay the rest): holds', () => {
    const text = swap(SH, [
      ['302   11    差旅费                              70,000                      70,000', '302   17    公务接待费                            20,000                      20,000'],
      ['302   28    工会经费                             50,000                      50,000', '302   28    工会经费                            100,000                     100,000'],
    ]);
    assert.ok(ids(text).includes('three-public-reception>=basic-economic'));
    assert.deepEqual(byId(text, 'three-public-reception>=basic-economic'), []);
  });

  it('a code printed with another subject’s name (a local numbering) is not taken for that subject', () => {
    const text = swap(SH, [['302   11    差旅费                              70,000                      70,000', '302   17    邮电费                              70,000                      70,000']]);
    assert.ok(!ids(text).includes('three-public-reception>=basic-economic'));
  });

  it('机关运行经费 above the 基本支出 公用经费: cross.mismatch', () => {
    const text = swap(SH, [[' 12.50                 0         2.50   10.00                    10.00              40.00', ' 12.50                 0         2.50   10.00                    10.00              45.00']]);
    const f = byId(text, 'office-running<=basic-public');
    assert.equal(f.length, 1);
    assert.equal(f[0].code, 'cross.mismatch');
  });

  it('a unit’s summary: the 一般公共预算 人员经费 / 公用经费 are no larger than the summary’s (all funds)', () => {
    for (const id of ['basic-economic-personnel<=summary', 'basic-economic-public<=summary']) assert.ok(ids(SH_UNIT_BUDGET).includes(id), id);
    assert.deepEqual(cross(SH_UNIT_BUDGET).findings, []);
    // the summary moves 50,000 from 人员经费 to 公用经费 (its own sums still hold): 700,000 of the economic table exceeds 650,000
    const text = SH_UNIT_BUDGET.replace(/1,200,000      700,000      300,000      200,000/g, '1,200,000      650,000      350,000      200,000');
    const { model, findings } = cross(text);
    assert.deepEqual(findings.map((f) => (f.data as { identity: string }).identity), ['basic-economic-personnel<=summary']);
    assert.equal(findings[0].code, 'cross.mismatch');
    assert.match(findings[0].message, /大于包含它的/);
    assert.equal(spanText(model, findings[0].span), '700,000');
    assert.equal(spanText(model, findings[0].related[0].span), '650,000');
  });

  const GD_THREE = `表7
财政拨款安排的行政经费及“三公”经费预算表
单位：万元
项目 | 合计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算
行政经费 | 60.00 | 60.00 | 0.00 | 0.00
“三公”经费 | 8.00 | 8.00 | 0.00 | 0.00
1.因公出国（境）支出 | 0.00 | 0.00 | 0.00 | 0.00
2.公务用车购置及运行维护支出 | 5.00 | 5.00 | 0.00 | 0.00
其中：公务用车购置 | 0.00 | 0.00 | 0.00 | 0.00
公务用车运行维护费 | 5.00 | 5.00 | 0.00 | 0.00
3.公务接待费支出 | 3.00 | 3.00 | 0.00 | 0.00
表8
一般公共预算项目支出情况表（按经济分类科目）
单位：万元
科目名称 | 预算
合计 | 40.00
[302]商品和服务支出 | 40.00
[30217]公务接待费 | 1.00
[30227]委托业务费 | 39.00
`.replace(/ *\| */g, '\t');
  /** gdBudget's basic economic table with 302 split into 办公费, 公务接待费 and 公务用车运行维护费. */
  const gd = (reception: string, running: string, office: string) =>
    gdBudget().replace('[30201]办公费\t10.00\n', `[30201]办公费\t${office}\n[30217]公务接待费\t${reception}\n[30231]公务用车运行维护费\t${running}\n`) + GD_THREE;

  it('Guangdong: each 三公 part = the code’s rows of the basic and project economic tables together', () => {
    const text = gd('2.00', '5.00', '3.00');
    for (const id of ['three-public-reception=economic', 'three-public-car-running=economic']) assert.ok(ids(text).includes(id), id);
    assert.deepEqual(cross(text).findings, []);
  });

  it('Guangdong: a 三公 part that differs from its economic rows is a cross.mismatch naming each row', () => {
    const text = gd('3.00', '4.00', '3.00');
    const { model, findings } = cross(text);
    const reception = findings.filter((x) => (x.data as { identity?: string }).identity === 'three-public-reception=economic');
    assert.equal(reception.length, 1);
    assert.equal(reception[0].code, 'cross.mismatch');
    assert.equal(spanText(model, reception[0].span), '3.00');
    assert.deepEqual(reception[0].related.map((r) => spanText(model, r.span)), ['3.00', '1.00']);
    assert.equal(findings.filter((x) => (x.data as { identity?: string }).identity === 'three-public-car-running=economic').length, 1);
  });

  it('Guangdong: without the project economic table the 三公 parts are not compared', () => {
    const text = gd('3.00', '4.00', '3.00').replace(/表8[\s\S]*$/, '');
    assert.ok(!ids(text).some((x) => x.startsWith('three-public')));
  });
});

describe('look-ups the identities share (names.ts)', () => {
  it('cellInColumn is the row’s first cell of a leaf column, the same object row.cells holds', () => {
    const model = parseDocument(gdBudget());
    let checked = 0;
    for (const table of model.tables)
      for (const row of table.rows)
        for (let column = 0; column <= table.header.leafCount; column++) {
          const cell = row.cells.find((c) => c.column === column);
          assert.equal(cellInColumn(row, column), cell);
          // a parsed row's cell by its store index (−1: none)
          if (row instanceof SourceRow) assert.equal(storedCellIndex(row, column), cell ? (cell as StoredCell).index : -1);
          checked++;
        }
    assert.ok(checked > 50);
    const plain = { index: 0, kind: 'item' as const, line: 0, endLine: 0, label: 'x', labelSpan: null, depth: 0, texts: [], cells: [{ raw: '1', span: { start: 0, end: 1 }, column: 2 }] };
    assert.equal(cellInColumn(plain, 2), plain.cells[0]);
    assert.equal(cellInColumn(plain, 0), undefined);
  });

  it('holdsFigure is row.cells.some(a cell with a value), parsed rows and plain ones alike', () => {
    let figures = 0;
    let none = 0;
    for (const text of [gdBudget(), SH_UNIT_BUDGET, ...SAMPLES.map(sampleText)])
      for (const table of parseDocument(text).tables)
        for (const row of table.rows) {
          const expected = row.cells.some((c) => amountValue(c.amount) !== null);
          assert.equal(holdsFigure(row), expected, row.label);
          if (expected) figures++;
          else none++;
        }
    assert.ok(figures > 50 && none > 5);
    const plain = (amount?: Amount) => ({ index: 0, kind: 'item' as const, line: 0, endLine: 0, label: 'x', labelSpan: null, depth: 0, texts: [], cells: [{ raw: '1', span: { start: 0, end: 1 }, amount }] });
    assert.equal(holdsFigure(plain({ units: 1, scale: 0, decimals: 0, malformed: false, empty: false })), true);
    assert.equal(holdsFigure(plain(EMPTY_AMOUNT)), false);
    assert.equal(holdsFigure(plain()), false);
  });

  it('leafMatching reads each leaf’s path with every piece between slashes through labelKey; columnName is the path', () => {
    const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    let checked = 0;
    for (const name of SAMPLES)
      for (const table of parseDocument(sampleText(name)).tables)
        for (const side of [undefined, 'income', 'expenditure'] as const) {
          const paths = leafPaths(table, side);
          const keys = paths.map((p) => (p === undefined ? undefined : p.split('/').map((x) => labelKey(x)).join('/')));
          for (let i = 0; i < paths.length; i++) {
            if (paths[i] === undefined) continue;
            assert.equal(columnName(table, i, side), paths[i]);
            const unique = keys.filter((k) => k === keys[i]).length === 1;
            assert.equal(leafMatching(table, new RegExp(`^${escape(keys[i]!)}$`), side), unique ? i : -1, `${name} ${paths[i]}`);
            checked++;
          }
        }
    assert.ok(checked > 100, `${checked} leaves`);
  });

  it('unitFactorNumber is unitFactor as a number', () => {
    for (const unit of ['元', '千元', '万元', '亿元']) assert.equal(unitFactorNumber(unit), unitFactor(unit)!.toNumber(), unit);
    assert.equal(unitFactorNumber(null), null);
    assert.equal(unitFactorNumber('美元'), null);
  });
  it('unitExponent is unitFactor as a power of ten', () => {
    for (const unit of ['元', '千元', '万元', '亿元']) assert.ok(new Decimal(10).pow(unitExponent(unit)!).eq(unitFactor(unit)!), unit);
    assert.equal(unitExponent(null), null);
    assert.equal(unitExponent('美元'), null);
  });

  it('neededChar: a Chinese character every match holds, from literal alternatives only', () => {
    assert.equal(neededChar(/^合计$/), '计');
    assert.equal(neededChar(/^(?:收入总计|本年收入合计)$/), '计');
    assert.equal(neededChar(/^(?:合计|本年支出合计|本年收入合计|收入总计|支出总计)$/), '计');
    assert.equal(neededChar(/公务接待费/), '费');
    assert.equal(neededChar(/^(?:人员经费|公用经费)$/), '费');
    // no character shared by every alternative, or syntax beyond literals: none known
    assert.equal(neededChar(/^(?:合计|总额)$/), '');
    for (const re of [/.*/, /^[“"]?三公[”"]?经费$/, /因公出国\(境\)/, /^一般公共预算(?:财政拨款)?$/, /^(收入|支出)?总计$/, /^abc$/, /^合计$/g, /^合计$/y]) assert.equal(neededChar(re), '', String(re));
  });

  it('rowMatching finds the same row with the needed character as by every plain label', () => {
    for (const name of SAMPLES) {
      const model = parseDocument(sampleText(name));
      for (const table of model.tables) {
        for (const re of [/^合计$/, /^(?:收入总计|本年收入合计)$/, /^本年支出合计$/, /^人员经费合计$/, /公务接待费/]) {
          for (const side of [undefined, 'income', 'expenditure'] as const) {
            const expected = table.rows.find((r) => r.kind !== 'note' && r.kind !== 'continuation' && (!side || r.side === side) && re.test(plainLabel(r.label)));
            assert.equal(rowMatching(table, re, side), expected, `${name} ${table.title} ${re} ${side}`);
          }
        }
      }
    }
  });
});
