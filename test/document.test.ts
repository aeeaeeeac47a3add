/**
 * Document facts (analysis/document.ts) on synthetic documents: the year
 * against 截至 dates, comparisons and headings; template placeholders; the
 * required explanation sections; empty tables without their note. Each rule
 * has a fixture that triggers it and one that must not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, spanText } from './helpers';
import { RULES } from '../server/src/service';
import { NARRATIVE, gdBudget } from './auditFixtures';
import { REQUIRED_SECTIONS, bracketAfterYear, lastYearFilter, yearMarks, yearNumberAt, yearStarts } from '../server/src/service/analysis/document';

const FIXTURE = readFileSync(path.join(__dirname, 'fixtures', 'shanghai-final.layout.budget.txt'), 'utf8');
const BASE = FIXTURE.slice(0, FIXTURE.lastIndexOf('第四部分 名词解释'));

/** Every section a Shanghai 决算 must explain, after the tables (made-up text). */
const SECTIONS = `
  七、机构设置
  本所设办公室一个。
  六、其他重要事项的情况说明
  （一）机关运行经费支出情况
  机关运行经费支出100.00万元。
  （二）政府采购支出情况
  政府采购金额为20.00万元。
  （三）国有资产占有使用情况
  截至2024年12月31日，共有车辆1辆。
  （四）预算绩效管理情况
  绩效自评项目2个。
  （五）“三公”经费
  “三公”经费支出决算为0.00万元。
第四部分 名词解释
  一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款。
`;

const COMPLETE = BASE + NARRATIVE + SECTIONS;

function of(text: string, code: string) {
  const { model, findings } = analyze(text);
  return { model, found: findings.filter((f) => f.code === code) };
}

describe('document facts', () => {
  it('the rules are in the catalogue, warnings', () => {
    for (const id of ['document.year', 'document.placeholder', 'document.missing-section', 'table.empty-without-note'] as const) assert.equal(RULES[id].severity, 'warning');
  });

  it('a complete synthetic 决算: none of the four rules', () => {
    const { findings } = analyze(COMPLETE);
    assert.deepEqual(findings.filter((f) => /^document\.(year|placeholder|missing-section)$|^table\.empty/.test(f.code)).map((f) => f.message), []);
  });

  it('document.year: a 2024 决算 dated 截至2023年12月31日', () => {
    const { model, found } = of(COMPLETE.replace('截至2024年12月31日', '截至2023年12月31日'), 'document.year');
    assert.equal(found.length, 1);
    assert.equal(spanText(model, found[0].span), '2023');
    assert.match(found[0].message, /2024.*2023.*2024/);
  });

  it('document.year: a 决算 compared with a year that is not the one before', () => {
    const { model, found } = of(COMPLETE.replace('与2023年度相比', '与2022年度相比'), 'document.year');
    assert.equal(found.length, 1);
    assert.equal(spanText(model, found[0].span), '2022');
  });

  it('document.year: a heading naming another year’s 决算', () => {
    const heading = '第三部分 示例市某区测绘所2024年度部门决算情况说明';
    const at = COMPLETE.lastIndexOf(heading);
    const { found } = of(COMPLETE.slice(0, at) + heading.replace('2024', '2023') + COMPLETE.slice(at + heading.length), 'document.year');
    assert.equal(found.length, 1);
  });

  it('document.year: a heading about another year on purpose (执行情况) is not questioned', () => {
    const { found } = of(COMPLETE + '\n  八、2023年度部门预算执行情况\n  略。\n', 'document.year');
    assert.deepEqual(found, []);
  });

  it('document.year: a 2024 budget compares with 2023 and dates its assets at the end of 2023 (no finding); 比2024年预算 is one', () => {
    const tail = '\n五、国有资产占有使用情况\n截至2023年12月31日，本部门固定资产金额10.00万元。\n六、政府采购情况\n政府采购安排比2023年预算增加1.00万元。\n';
    assert.deepEqual(of(gdBudget() + tail, 'document.year').found, []);
    const { model, found } = of(gdBudget() + tail.replace('比2023年预算', '比2024年预算'), 'document.year');
    assert.equal(found.length, 1);
    assert.equal(spanText(model, found[0].span), '2024');
    // the message says why the document's own year is wrong here
    assert.equal(found[0].message, '文档为 2024 年度，与上年比较应为 2023 年，此处为 2024 年');
  });

  it('document.year: the same wrong year written again is one warning with the count, the others hints', () => {
    const tail = '\n六、政府采购情况\n政府采购安排比2024年预算增加1.00万元；货物类比2024年预算增加0.50万元；服务类比2024年预算增加0.50万元。\n';
    const { model, found } = of(gdBudget() + tail, 'document.year');
    assert.deepEqual(found.map((f) => [spanText(model, f.span), f.severity]), [['2024', 'warning'], ['2024', 'hint'], ['2024', 'hint']]);
    assert.equal(found[0].message, '文档为 2024 年度，与上年比较应为 2023 年，此处为 2024 年（全文共 3 处，其余各处以提示标出）');
    // another wrong year is its own warning
    const other = of(gdBudget() + tail.replace('服务类比2024年', '服务类比2022年'), 'document.year').found;
    assert.deepEqual(other.map((f) => f.severity).sort(), ['hint', 'warning', 'warning']);
  });

  it('document.placeholder: XX局, ××, （单位名称）, 【请填写…】; not XXL or 【政策依据】', () => {
    const text = COMPLETE + '\n附：上海市XX局负责××事项，（单位名称）填报，【请填写项目名称】。规格XXL，【政策依据】见附件。\n';
    const { model, found } = of(text, 'document.placeholder');
    assert.deepEqual(found.map((f) => spanText(model, f.span)), ['XX', '××', '（单位名称）', '【请填写项目名称】']);
    // quiet: one warning that counts them, the others hints
    assert.deepEqual(found.map((f) => f.severity), ['warning', 'hint', 'hint', 'hint']);
    assert.match(found[0].message, /全文共 4 处/);
  });

  it('document.missing-section: a 决算 without its 政府采购 section', () => {
    const { found } = of(COMPLETE.replace(/（二）政府采购支出情况\n.*\n/, ''), 'document.missing-section');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /政府采购/);
    assert.equal(found[0].span.start, analyze(COMPLETE).model.text.indexOf('示'));
  });

  it('table.empty-without-note: an empty table with no note; the same table with 故本表无数据 is fine', () => {
    assert.deepEqual(of(COMPLETE, 'table.empty-without-note').found, []);
    const bare = COMPLETE.replace(/说明：示例市某区测绘所本年度没有政府性基金[^\n]*\n/, '').replace(/注：本表反映部门本年度政府性基金[^\n]*\n/, '');
    const { model, found } = of(bare, 'table.empty-without-note');
    assert.equal(found.length, 1);
    assert.match(spanText(model, found[0].span), /政府性基金预算财政拨款收入支出决算表/);
  });

  describe('上年 / 本年 named with a year', () => {
    it('上年（2022年） in a 2024 决算: document.year on 2022, 2023 expected; 上年（2023年） and 本年度（2024年） are fine', () => {
      const ok = COMPLETE.replace('与2023年度相比', '与上年（2023年）相比').replace('示例市某区测绘所2024年度收入支出总计', '示例市某区测绘所本年度（2024年）收入支出总计');
      assert.deepEqual(of(ok, 'document.year').found, []);
      const { model, found } = of(COMPLETE.replace('与2023年度相比', '与上年（2022年）相比'), 'document.year');
      assert.equal(found.length, 1);
      assert.equal(spanText(model, found[0].span), '2022');
      assert.match(found[0].message, /2024.*2022.*2023/);
    });
    it('2023年（本年） in a 2024 document: 2024 expected', () => {
      const { model, found } = of(COMPLETE.replace('示例市某区测绘所2024年度收入支出总计', '示例市某区测绘所2023年（本年）收入支出总计'), 'document.year');
      assert.ok(found.some((f) => spanText(model, f.span) === '2023' && /2024$|2024 年$|应为 2024 年/.test(f.message)), found.map((f) => f.message).join());
    });
    it('a year’s figure compared with 上年 is the document’s year: 2023年…比上年增加 in a 2024 budget', () => {
      const item = (y: string) => gdBudget() + `\n第三部分 2024年部门预算情况说明\n一、收支预算总体情况\n${y}年部门预算收入100.00万元，比上年增加10.00万元。\n`;
      assert.deepEqual(of(item('2024'), 'document.year').found, []);
      const { model, found } = of(item('2023'), 'document.year');
      assert.equal(found.length, 1);
      assert.equal(spanText(model, found[0].span), '2023');
      // a year's 执行数 or 上年结转 is another year's figure on purpose: not questioned
      assert.deepEqual(of(gdBudget() + '\n第三部分 2024年部门预算情况说明\n2023年预算执行数为90.00万元，比上年增加5.00万元。\n', 'document.year').found, []);
      assert.deepEqual(of(gdBudget() + '\n第三部分 2024年部门预算情况说明\n2023年上年结转10.00万元，与上年相比持平。\n', 'document.year').found, []);
      // a date: a budget's assets at the end of the year before, compared with the year before that
      assert.deepEqual(of(gdBudget() + '\n第三部分 2024年部门预算情况说明\n截至2023年底，本部门共有车辆2辆，与上年相比增加1辆。\n', 'document.year').found, []);
    });
  });

  describe('table.unit', () => {
    /** gdBudget's 支出总体情况表 continued on a second page under its repeated title and unit line. */
    const continued = (unit: string) =>
      gdBudget().replace('[205]教育支出\t10.00\t10.00', `\f\n支出总体情况表\n单位：${unit}\n科目名称\t合计\t基本支出\t项目支出\t事业单位经营支出\t对附属单位补助支出\t上缴上级支出\t结转下年\n[205]教育支出\t10.00\t10.00`);
    it('is in the catalogue: a warning', () => assert.equal(RULES['table.unit'].severity, 'warning'));
    it('two units stated for one table (万元 on its first page, 元 on the next): a warning at the second unit', () => {
      assert.deepEqual(of(continued('万元'), 'table.unit').found, []);
      const { model, found } = of(continued('元'), 'table.unit');
      assert.equal(found.length, 1);
      assert.equal(found[0].severity, 'warning');
      assert.equal(spanText(model, found[0].span), '元');
      assert.match(found[0].message, /支出总体情况表.*万元.*元/);
    });
    it('tables with figures and no unit: one information finding for the document, each table related', () => {
      const bare = gdBudget().replace(/单位：万元\n/g, '');
      const { model, found } = of(bare, 'table.unit');
      assert.equal(found.length, 1);
      assert.equal(found[0].severity, 'information');
      assert.equal(spanText(model, found[0].span), '收支总体情况表');
      assert.equal(found[0].related.length, (found[0].data as { tables: number[] }).tables.length - 1);
      assert.ok(found[0].related.length >= 3);
    });
    it('no finding when the document states the unit for all its tables, or a header names it', () => {
      const bare = gdBudget().replace(/单位：万元\n/g, '');
      assert.deepEqual(of('下列各表金额以万元为单位。\n' + bare, 'table.unit').found, []);
      const one = gdBudget().replace(/单位：万元\n(科目名称 *\t预算)/, '$1').replace('科目名称\t预算', '科目名称\t预算（万元）');
      assert.deepEqual(of(one, 'table.unit').found, []);
    });
  });
});

describe('required sections', () => {
  it('no keyword can match a line break: each is looked for in the slices between the tables, not in one string joining them', () => {
    for (const [family, list] of Object.entries(REQUIRED_SECTIONS)) {
      for (const r of list) {
        // a line break is matched only by \s, \n, \r, \D, \W, a negated class, or . with the s flag
        assert.ok(!/\\[snrDW]|\[\^/.test(r.re.source) && !r.re.flags.includes('s'), `${family}: ${r.re}`);
      }
    }
  });
});

describe('year search helpers', () => {
  it('yearMarks: every 年 of the text, in order', () => {
    assert.deepEqual(yearMarks('2023年与上年相比，本年度'), [4, 7, 12]);
    assert.deepEqual(yearMarks('no year here'), []);
  });
  it('yearStarts: where the year before each 年 starts (spaces between allowed), or -1', () => {
    const text = '2023 年与上年相比，1999年，3023年';
    assert.deepEqual(Array.from(yearStarts(text, yearMarks(text))), [0, -1, 12, -1]);
  });
  it('lastYearFilter: a 上年 whose compare word is at most 42 after the year’s 年 (spaces before 上年 not counted)', () => {
    const near = (text: string, y = 4) => lastYearFilter(text, yearMarks(text))(y);
    assert.equal(near('2023年收入比上年增加'), true);
    assert.equal(near('2023年' + '收'.repeat(40) + '比    上年增加'), true);
    assert.equal(near('2023年' + '收'.repeat(42) + '比上年增加'), false);
    // a 上年 right after the 年 cannot close the match; the next one is looked at
    assert.equal(near('2023年上年收入比上年增加'), true);
    assert.equal(near('2023年收入'), false);
    // asked in order: the cursor passes the 上年 before each year
    const text = '2022年比上年增加，2023年' + '收'.repeat(50) + '比上年增加';
    const filter = lastYearFilter(text, yearMarks(text));
    assert.deepEqual([filter(4), filter(text.indexOf('2023年') + 4)], [true, false]);
  });
  it('yearNumberAt: the four digits at the offset, as Number reads them', () => {
    for (const text of ['x2023年', 'x1999年', 'x2000', 'x0099']) assert.equal(yearNumberAt(text, 1), Number(text.slice(1, 5)), text);
  });
  it('bracketAfterYear: as /年度?\\s*[（(]/ sticky at the 年', () => {
    const re = /年度?\s*[（(]/y;
    const texts = ['2023年（上年）', '2023年度 (本年)', '2023年度\u3000\t（', '2023年 度（', '2023年度度（', '2023年）', '2023年', '2023年度', '2023年\n(', '2023年x('];
    for (const text of texts) {
      re.lastIndex = 4;
      assert.equal(bracketAfterYear(text, 4), re.test(text), JSON.stringify(text));
    }
  });
});
