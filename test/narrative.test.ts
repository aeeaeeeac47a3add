/**
 * Figures in the narrative (analysis/narrative.ts) on a synthetic Shanghai
 * 决算 (test/fixtures/shanghai-final.layout.budget.txt, made-up figures) with
 * a narrative appended: the consistent narrative gives no finding; each
 * changed figure or word gives its finding at that place, with the table cell
 * or the sentence's figures related, and a quick fix where the right text is certain.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, service, spanText } from './helpers';
import { parseDocument } from '../server/src/service/syntax/parser';
import { ANY_SUBJECT_RE, CLASS_RE, SUBJECT_HINT_RE, CHAR_CLASS, CHAR_CLAUSE_BREAK, cellApprox, formatApprox, CHAR_DIGIT, CHAR_FULL_WIDTH_PAREN, CHAR_ITEM_START, CHAR_JUE, CHAR_PIECE_BREAK, CHAR_SENTENCE_END, CHAR_WS, changeMayFit, clearlyApart, endsInChange, growthMayFit, hasYuan, narrativeFacts, narrativeSentences, nextNumber, normalizeRange, parseFigure, NARRATIVE_MAX_CHARS, yearBefore, type AmountFact, type NumberToken, type PercentFact } from '../server/src/service/analysis/narrative';
import { Decimal } from '../server/src/service/model/money';
import { cellYuan } from '../server/src/service/analysis/names';
import { RULES } from '../server/src/service';
import { NARRATIVE, gdBudget } from './auditFixtures';

const FIXTURE = readFileSync(path.join(__dirname, 'fixtures', 'shanghai-final.layout.budget.txt'), 'utf8');
/** The fixture without its glossary (the narrative is appended in its place). */
const BASE = FIXTURE.slice(0, FIXTURE.lastIndexOf('第四部分 名词解释'));


const DOC = BASE + NARRATIVE;

function textFindings(text: string) {
  const { model, findings } = analyze(text);
  return { model, findings: findings.filter((f) => f.code.startsWith('text.')) };
}

/** Replace the `nth` occurrence of `from` inside the narrative. */
function mutate(from: string, to: string): { text: string; at: number } {
  const base = BASE.length;
  const at = DOC.indexOf(from, base);
  assert.ok(at >= 0, `${from} in the narrative`);
  return { text: DOC.slice(0, at) + to + DOC.slice(at + from.length), at };
}

function expectOne(from: string, to: string, rule: string, flagged: string) {
  const { text, at } = mutate(from, to);
  const { model, findings } = textFindings(text);
  assert.equal(findings.length, 1, findings.map((f) => `${f.code} ${f.message}`).join('\n'));
  const f = findings[0];
  assert.equal(f.code, rule);
  assert.equal(f.severity, 'warning');
  assert.equal(spanText(model, f.span), flagged);
  assert.ok(f.span.start >= at && f.span.start <= at + to.length + 12, 'the finding is at the changed figure');
  return { model, f };
}

describe('narrative figures', () => {
  it('the rules are in the catalogue', () => {
    for (const id of ['text.amount', 'text.percent', 'text.change', 'text.wording'] as const) assert.equal(RULES[id].severity, 'warning');
  });

  it('reads the facts of the narrative and links amounts to their cells', () => {
    const model = parseDocument(DOC);
    const { facts } = narrativeFacts(model);
    const linked = facts.filter((f) => f.type === 'amount' && f.cell).map((f) => (f as { subject: string }).subject);
    for (const s of ['收入支出总计', '本年收入合计', '财政拨款收入', '其他收入', '本年支出合计', '基本支出', '项目支出', '财政拨款收入支出总计', '一般公共预算财政拨款基本支出', '人员经费', '公用经费']) {
      assert.ok(linked.includes(s), `${s} linked (${linked.join(',')})`);
    }
    const percents = facts.filter((f) => f.type === 'percent' && f.part);
    assert.equal(percents.length, 7);
  });

  it('a consistent narrative: no finding', () => {
    assert.deepEqual(textFindings(DOC).findings.map((f) => f.message), []);
  });

  it('text.amount: a total stated wrong, the table cell related', () => {
    const { model, f } = expectOne('财政拨款收入支出总计1220.40万元', '财政拨款收入支出总计0.3万元', 'text.amount', '0.3万元');
    assert.equal(spanText(model, f.related[0].span), '1,220.40');
    assert.match(f.message, /1220\.40/);
    // the table's figure, at the table's precision, as a fix never preferred (the table may be the wrong side)
    const fixes = service.quickFixes(model, [f], [{ code: 'text.amount', span: f.span }], { locale: 'zh-CN' });
    assert.equal(fixes[0].edit.newText, '1220.40');
    assert.equal(fixes[0].isPreferred, false);
  });

  it('text.amount: the stated figure quoted as printed, thousands separator included', () => {
    const sample = readFileSync(path.join(__dirname, '..', 'samples', 'qingyuan-qingxin-2023.txt'), 'utf8');
    const changed = sample.replace('收入预算1,564.22万元', '收入预算1,546.22万元');
    assert.notEqual(changed, sample);
    const f = textFindings(changed).findings.filter((x) => x.code === 'text.amount');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /说明中收入预算为 1,546\.22万元，表中为 1564\.22万元/);
    // the hover quotes it the same way
    const { model } = analyze(changed);
    const h = service.hover(model, changed.indexOf('1,546.22') + 2, { locale: 'zh-CN' });
    assert.ok(h);
    assert.match(h.contents, /^\*\*收入预算\*\* 1,546\.22万元\n/);
  });

  it('text.amount: 人员经费 against the economic table', () => {
    expectOne('人员经费719.50万元', '人员经费791.50万元', 'text.amount', '791.50万元');
  });

  it('text.amount at the edge of the tolerance (half a unit of the stated figure and of the cell’s 1,240.00万元), in any unit', () => {
    const stated = (printed: string) => textFindings(mutate('本年支出合计1240.00万元', `本年支出合计${printed}`).text).findings.filter((f) => f.code === 'text.amount').length;
    for (const right of ['1240.01万元', '1239.99万元', '1240.005万元', '1240.004万元', '0.124亿元', '12,400,000元']) assert.equal(stated(right), 0, right);
    for (const wrong of ['1240.0055万元', '1240.006万元', '1240.011万元', '1239.94万元', '1240元', '0.124万元']) assert.equal(stated(wrong), 1, wrong);
  });

  it('another year’s figure is not compared with this year’s table', () => {
    const { findings } = textFindings(mutate('2023年度财政拨款收入支出总计1100.00万元', '2023年度财政拨款收入支出总计900.00万元').text);
    assert.deepEqual(findings, []);
  });

  it('text.percent: a share that does not follow, with the recomputed one as a quick fix', () => {
    const { model, f } = expectOne('占96.81%', '占96.18%', 'text.percent', '96.18%');
    const fixes = service.quickFixes(model, [f], [{ code: f.code, span: f.span }], { locale: 'zh-CN' });
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].edit.newText, '96.81');
    assert.equal(spanText(model, fixes[0].edit.span), '96.18');
  });

  it('text.percent: a share of a whole the sentence names (占本年收入合计的) relates the table cell only, no internal label', () => {
    const { model, f } = expectOne('其他收入4.00万元，占0.32%', '其他收入4.00万元，占本年收入合计的0.30%', 'text.percent', '0.30%');
    for (const r of f.related) assert.doesNotMatch(r.message, /whole:/);
    assert.ok(f.related.some((r) => spanText(model, r.span) === '1,240.00'), f.related.map((r) => r.message).join(' | '));
    assert.equal(f.related.filter((r) => spanText(model, r.span) === '4.00万元').length, 1, 'the part once, its text');
  });

  it('text.percent: completion of the budget', () => {
    expectOne('完成年初预算的96.03%', '完成年初预算的97.03%', 'text.percent', '97.03%');
  });

  it('text.percent: a change against its base (this year − the increase)', () => {
    const { f } = expectOne('增长5.00%', '增长5.50%', 'text.percent', '5.50%');
    // the base written with the figures the sentence prints, not a figure printed nowhere
    assert.match(f.message, /60\.00 ÷ \(1260\.00 − 60\.00\)/);
  });

  it('one misprinted amount, its percentage right by the table’s figure: text.amount only, the percentage not blamed as well', () => {
    // the change's base (this year − the increase) and a share's part, each misprinted in the sentence only
    expectOne('收入支出总计1260.00万元', '收入支出总计1206.00万元', 'text.amount', '1206.00万元');
    expectOne('财政拨款收入1200.40万元', '财政拨款收入1200.04万元', 'text.amount', '1200.04万元');
    // a percentage wrong by the table's figure too is still its own finding
    const { text } = mutate('收入支出总计1260.00万元', '收入支出总计1206.00万元');
    const { findings } = textFindings(text.replace('增长5.00%', '增长5.50%'));
    assert.deepEqual(findings.map((f) => f.code).sort(), ['text.amount', 'text.percent']);
  });

  it('text.wording: 决算数小于预算数 flipped, the right word as a quick fix', () => {
    const { model, f } = expectOne('决算数小于预算数', '决算数大于预算数', 'text.wording', '大于');
    const fixes = service.quickFixes(model, [f], [{ code: f.code, span: f.span }], { locale: 'en' });
    assert.equal(fixes[0].edit.newText, '小于');
  });

  it('text.wording: 增加 flipped to 减少 against 增长', () => {
    expectOne('收入支出总计增加60.00万元', '收入支出总计减少60.00万元', 'text.wording', '减少');
  });

  it('text.wording: 减少 flipped to 增加 against 下降', () => {
    expectOne('减少5.00万元', '增加5.00万元', 'text.wording', '增加');
  });

  it('a share in a nested list (a second 其中) is not judged against the first figure', () => {
    const { findings } = textFindings(DOC + '\n  六、其他\n  专项支出100.00万元，其中：甲类60.00万元，占60.00%，其中：子项30.00万元，占50.00%。\n');
    assert.deepEqual(findings, []);
  });

  it('text beyond NARRATIVE_MAX_CHARS (many documents run together) is not read for narrative facts', () => {
    const { text } = mutate('财政拨款收入支出总计1220.40万元', '财政拨款收入支出总计0.3万元');
    assert.equal(textFindings(text).findings.length, 1);
    const padded = text + '\n' + ' '.repeat(NARRATIVE_MAX_CHARS) + '\n';
    assert.deepEqual(textFindings(padded).findings, []);
  });

  it('a share at the rounding boundary: 1.00 of 800.00 is 0.125%, printed 0.13% or (within the figures’ rounding) 0.12%; 0.14% and 0.20% are not', () => {
    const share = (printed: string) => {
      const { model, findings } = textFindings(DOC + `\n  六、其他\n  专项支出800.00万元，其中：甲类1.00万元，占${printed}%。\n`);
      return findings.map((f) => `${f.code} ${spanText(model, f.span)}`);
    };
    assert.deepEqual(share('0.13'), []);
    assert.deepEqual(share('0.12'), []);
    assert.deepEqual(share('0.14'), ['text.percent 0.14%']);
    assert.deepEqual(share('0.20'), ['text.percent 0.20%']);
  });

  it('a share of a whole the sentence names, at the rounding boundary: 1.55 of the table’s 1,240.00 is 0.125%, printed 0.13% or 0.12%; 0.14% and 0.11% are not', () => {
    const share = (printed: string) => {
      const { model, findings } = textFindings(DOC + `\n  六、其他\n  某专项支出1.55万元，占本年收入合计的${printed}%。\n`);
      return findings.map((f) => `${f.code} ${spanText(model, f.span)}`);
    };
    assert.deepEqual(share('0.13'), []);
    assert.deepEqual(share('0.12'), []);
    assert.deepEqual(share('0.125'), []);
    assert.deepEqual(share('0.14'), ['text.percent 0.14%']);
    assert.deepEqual(share('0.11'), ['text.percent 0.11%']);
  });

  it('a share whose whole is not stated before 其中 is not checked', () => {
    const { findings } = textFindings(DOC + '\n  六、其他\n  某专项经费12.00万元，占35.00%。\n');
    assert.deepEqual(findings, []);
  });

  it('a wrong share sentence in English', () => {
    const { text } = mutate('占33.91%', '占30.00%');
    const { findings } = analyze(text, 'en');
    const f = findings.find((x) => x.code === 'text.percent');
    assert.ok(f);
    assert.match(f.message, /30\.00%.*33\.91%/);
  });

  describe('a budget’s item: the year before’s figure, this year’s, the change', () => {
    const ITEM = '\n第三部分 2024年部门预算情况说明\n五、项目经费情况说明\n1、某业务经费（项）60.00万元。2023年当年预算执行数为50.00万元，2024年预算安排60.00万元，比2023年预算执行数增加10.00万元，比2023年预算执行数增加20.00%。\n';
    const doc = gdBudget() + ITEM;
    const change = (from: string, to: string) => {
      const at = doc.lastIndexOf(from);
      return textFindings(doc.slice(0, at) + to + doc.slice(at + from.length));
    };
    it('consistent: no finding', () => assert.deepEqual(textFindings(doc).findings.map((f) => f.message), []));
    it('text.change: the change amount differs from this year − the year before, with the recomputed one as a fix', () => {
      const { model, findings } = change('增加10.00万元', '增加12.00万元');
      assert.deepEqual(findings.map((f) => f.code), ['text.change']);
      assert.equal(spanText(model, findings[0].span), '12.00万元');
      const fixes = service.quickFixes(model, findings, [{ code: 'text.change', span: findings[0].span }], { locale: 'zh-CN' });
      assert.equal(fixes[0].edit.newText, '10.00');
    });
    it('text.wording: 增加 where this year’s figure is smaller', () => {
      const { model, findings } = change('2024年预算安排60.00万元', '2024年预算安排40.00万元');
      // the change amount (10 = |40 − 50|) still holds; its word and the growth word do not
      assert.deepEqual(findings.map((f) => f.code), ['text.wording', 'text.wording']);
      assert.deepEqual(findings.map((f) => spanText(model, f.span)), ['增加', '增加']);
    });
    it('text.amount, not text.wording: a stray digit in the year before’s figure, which the change and the percentage both explain', () => {
      const { model, findings } = change('执行数为50.00万元', '执行数为150.00万元');
      assert.deepEqual(findings.map((f) => f.code), ['text.amount']);
      assert.equal(spanText(model, findings[0].span), '150.00万元');
      assert.match(findings[0].message, /50\.00万元/);
      const fixes = service.quickFixes(model, findings, [{ code: 'text.amount', span: findings[0].span }], { locale: 'zh-CN' });
      assert.equal(fixes[0].edit.newText, '50.00');
    });
    it('text.amount: a mistyped digit in this year’s figure (the percentage alone explains it)', () => {
      const one = gdBudget() + '\n第三部分 2024年部门预算情况说明\n五、项目经费情况说明\n1、某业务经费（项）60.00万元。2023年当年预算执行数为50.00万元，2024年预算安排30.00万元，比2023年预算执行数增加20.00%。\n';
      const { model, findings } = textFindings(one);
      assert.deepEqual(findings.map((f) => f.code), ['text.amount']);
      assert.equal(spanText(model, findings[0].span), '30.00万元');
      assert.equal((findings[0].data as { fix: { text: string } }).fix.text, '60.00');
    });
    it('text.amount only: this year’s figure differs from its table cell, and the table’s value makes the word and the percentage agree', () => {
      const doc2 = gdBudget() + '\n第三部分 2024年部门预算情况说明\n一、收支预算总体情况\n2023年收入预算执行数为80.00万元，2024年收入预算安排70.00万元，比2023年预算执行数增加25.00%。\n';
      const { model, findings } = textFindings(doc2);
      assert.deepEqual(findings.map((f) => f.code), ['text.amount']);
      assert.equal(spanText(model, findings[0].span), '70.00万元');
      assert.equal((findings[0].data as { fix: { text: string } }).fix.text, '100.00');
      // the same sentence with the table's figure: no finding
      assert.deepEqual(textFindings(doc2.replace('安排70.00万元', '安排100.00万元')).findings, []);
    });
    it('text.amount on a restated figure: the item’s amount stated first gives the percentage, the restated 预算安排 does not', () => {
      const item = (restated: string, percent: string) =>
        gdBudget() + `\n第三部分 2024年部门预算情况说明\n五、项目经费情况说明\n1、某业务经费（项）60.00万元。主要用于：业务。2023年当年预算执行数为50.00万元，2024年预算安排${restated}万元，比2023年预算执行数增加${percent}%。\n`;
      const { model, findings } = textFindings(item('62.00', '20.00'));
      assert.deepEqual(findings.map((f) => f.code), ['text.amount']);
      assert.equal(spanText(model, findings[0].span), '62.00万元');
      assert.match(findings[0].message, /与本段前面所列的 60\.00万元 不符：所述“增加20\.00%”按 60\.00万元 计算/);
      assert.deepEqual(findings[0].related.map((r) => spanText(model, r.span)), ['60.00万元', '20.00']);
      assert.equal((findings[0].data as { fix: { text: string } }).fix.text, '60.00');
      // the percentage right by the restated figure: nothing; wrong by both figures: the percentage
      assert.deepEqual(textFindings(item('62.00', '24.00')).findings, []);
      assert.deepEqual(textFindings(item('62.00', '30.00')).findings.map((f) => f.code), ['text.percent']);
    });
    it('text.wording stays when no one-digit correction explains the sentence', () => {
      const { model, findings } = change('执行数为50.00万元', '执行数为97.00万元');
      assert.ok(findings.some((f) => f.code === 'text.wording' && spanText(model, f.span) === '增加'), findings.map((f) => f.code).join());
      assert.ok(!findings.some((f) => f.code === 'text.amount'));
    });
    it('text.percent: the growth rate against the year before', () => {
      const { model, findings } = change('增加20.00%', '增加25.00%');
      assert.deepEqual(findings.map((f) => f.code), ['text.percent']);
      assert.equal(spanText(model, findings[0].span), '25.00%');
    });
    it('a growth rate at the edges of the range its figures allow (19.978 … 20.022%): right inside, text.percent outside, near or far (the far ones settled by doubles)', () => {
      const judged = (printed: string) => change('增加20.00%', `增加${printed}%`).findings.map((f) => `${f.code} ${(f.data as { expected?: string }).expected} ${(f.data as { fix?: unknown }).fix === undefined ? 'no fix' : 'fix'}`);
      for (const right of ['19.98', '19.99', '20.00', '20.02']) assert.deepEqual(judged(right), [], right);
      for (const wrong of ['19.97', '20.03', '20.04', '25.00', '1.00']) assert.deepEqual(judged(wrong), ['text.percent 20.00 no fix'], wrong);
    });
  });

  describe('hover and definition on narrative figures', () => {
    const { model } = analyze(DOC);
    const at = (needle: string) => DOC.indexOf(needle, BASE.length);
    it('an amount: the cell it states, agreeing; Go to Definition jumps to the cell', () => {
      const offset = at('1200.40万元，占') + 2;
      const h = service.hover(model, offset, { locale: 'zh-CN' });
      assert.ok(h);
      assert.match(h.contents, /财政拨款收入/);
      assert.match(h.contents, /1,200\.40/);
      assert.match(h.contents, /✓/);
      // the table's figure once, with its unit: not again converted in brackets when the units are the same
      assert.match(h.contents, /表中：\S+ \S+ 1,200\.40万元\n/);
      assert.doesNotMatch(h.contents, /（1200\.40万元）/);
      const target = service.narrativeTarget(model, offset);
      assert.ok(target);
      assert.equal(spanText(model, target), '1,200.40');
      assert.ok(target.start < BASE.length, 'the target is in the tables');
    });
    it('a wrong amount: the hover says it differs', () => {
      const { text } = mutate('人员经费719.50万元', '人员经费791.50万元');
      const { model: m, findings } = analyze(text);
      const h = service.hover(m, text.indexOf('791.50') + 1, { locale: 'en' });
      assert.ok(h);
      assert.match(h.contents, /719\.50/);
      assert.match(h.contents, /Differs/);
      // with the document's findings (as the server asks): the text.amount finding says it differs, the hover does not again
      assert.ok(findings.some((f) => f.code === 'text.amount'));
      const quiet = service.hover(m, text.indexOf('791.50') + 1, { locale: 'en', findings });
      assert.ok(quiet);
      assert.match(quiet.contents, /719\.50/);
      assert.doesNotMatch(quiet.contents, /Differs/);
    });
    it('a percentage: the figures and the computed value', () => {
      const h = service.hover(model, at('96.81%') + 1, { locale: 'zh-CN' });
      assert.ok(h);
      assert.match(h.contents, /1200\.40 ÷ 1240\.00 = 96\.81%/);
      const c = service.hover(model, at('4.76%') + 1, { locale: 'zh-CN' });
      assert.ok(c);
      // the base as the printed figures make it: this year plus the decrease
      assert.match(c.contents, /5\.00 ÷ \(100\.00 \+ 5\.00\) = 4\.76%/);
    });
    it('plain narrative text: no figure hover, no target', () => {
      assert.equal(service.narrativeTarget(model, at('主要原因：业务增加') + 2), null);
    });
  });
});

describe('持平 and 基本持平 (threshold: a change of 1% of the base)', () => {
  const item = (prev: string, cur: string, word: string) =>
    gdBudget() + `\n第三部分 2024年部门预算情况说明\n五、项目经费情况说明\n1、某业务经费（项）${cur}万元。2023年当年预算执行数为${prev}万元，2024年预算安排${cur}万元，与2023年预算执行数${word}。\n`;
  const words = (text: string) => {
    const { model, findings } = textFindings(text);
    return findings.map((f) => `${f.code} ${spanText(model, f.span)} → ${(f.data as { expected?: string }).expected} ${(f.data as { fix?: { text: string } }).fix?.text ?? '-'}`);
  };
  it('持平 with equal figures, 基本持平 with a change below 1%: no finding', () => {
    assert.deepEqual(words(item('50.00', '50.00', '持平')), []);
    assert.deepEqual(words(item('50.00', '50.40', '基本持平')), []);
    assert.deepEqual(words(item('50.00', '50.00', '基本持平')), []);
  });
  it('持平 where the figures changed by 1% or more: text.wording, the direction without a fix (the sentence needs rewriting)', () => {
    assert.deepEqual(words(item('50.00', '60.00', '持平')), ['text.wording 持平 → 增加 -']);
    assert.deepEqual(words(item('50.00', '45.00', '持平')), ['text.wording 持平 → 减少 -']);
  });
  it('持平 where the change is below 1%: 基本持平, as a fix', () => {
    assert.deepEqual(words(item('50.00', '50.30', '持平')), ['text.wording 持平 → 基本持平 基本持平']);
  });
  it('基本持平 where the change is above 1%: text.wording', () => {
    assert.deepEqual(words(item('50.00', '51.00', '基本持平')), ['text.wording 基本持平 → 增加 -']);
  });
  it('an 增加 of zero: text.wording (持平 is meant), unless the sentence says 持平 itself', () => {
    const zero = gdBudget() + '\n第三部分 2024年部门预算情况说明\n五、项目经费情况说明\n1、某业务经费（项）50.00万元。2023年当年预算执行数为50.00万元，2024年预算安排50.00万元，比2023年预算执行数增加0.00万元。\n';
    assert.deepEqual(words(zero), ['text.wording 增加 → 持平 -']);
    assert.deepEqual(words(zero.replace('增加0.00万元。', '增加0.00万元，与上年持平。')), []);
    // the amount and its percentage are one statement: one finding
    assert.deepEqual(words(zero.replace('增加0.00万元。', '增加0.00万元，增长0.00%。')), ['text.wording 增加 → 持平 -']);
    // a growth rate of zero alone
    assert.deepEqual(words(zero.replace('比2023年预算执行数增加0.00万元。', '比2023年预算执行数增加0.00%。')), ['text.wording 增加 → 持平 -']);
    // the Guangdong template's wording: 比上年增加0万元，增长0%，主要原因是与上年持平
    const template = gdBudget() + '\n第三部分 2024年部门预算情况说明\n六、“三公”经费\n其中：因公出国（境）费0万元，比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化。\n';
    assert.deepEqual(words(template), []);
  });
  it('决算数与预算数持平 against the sentence before: text.wording 小于', () => {
    const { text } = mutate('决算数小于预算数', '决算数与预算数持平');
    assert.deepEqual(words(text), ['text.wording 持平 → 小于 -']);
    const { text: level } = mutate('支出决算为1200.40万元，完成年初预算的96.03%。决算数小于预算数', '支出决算为1250.00万元，完成年初预算的100.00%。决算数与预算数持平');
    assert.deepEqual(words(level).filter((w) => w.includes('持平')), []);
  });
});

describe('rough tests by doubles before exact arithmetic', () => {
  const percent = (printed: string): PercentFact => {
    const decimals = printed.includes('.') ? printed.length - printed.indexOf('.') - 1 : 0;
    return { type: 'percent', of: 'growth', value: new Decimal(printed), decimals, approx: Number(printed), span: { start: 0, end: 0 }, sentence: 0 };
  };
  const amount = (printed: string, factor = 10000): AmountFact =>
    ({ type: 'amount', value: new Decimal(printed), decimals: printed.includes('.') ? printed.length - printed.indexOf('.') - 1 : 0, approx: Number(printed), factor: new Decimal(factor), unit: '万元', prefix: '', subject: null, span: { start: 0, end: 0 }, sentence: 0 }) as AmountFact;
  it('clearlyApart: only ranges apart by more than rounding', () => {
    assert.equal(clearlyApart(10, 11, 12, 13), true);
    assert.equal(clearlyApart(12.5, 14, 12, 13), false);
    assert.equal(clearlyApart(10, 12, 12, 13), false);
    assert.equal(clearlyApart(10, 11, Infinity, Infinity), false);
  });
  it('growthMayFit: 100 → 110 fits 10.0% up; not 20.0%, not down', () => {
    // 100.00 and 110.00 万元 in 元, each ± half a cent of 万元
    const h = 0.005 * 10000;
    assert.equal(growthMayFit(1100000, h, 1000000, h, percent('10.0'), true), true);
    assert.equal(growthMayFit(1100000, h, 1000000, h, percent('20.0'), true), false);
    assert.equal(growthMayFit(1100000, h, 1000000, h, percent('10.0'), false), false);
    // a base whose range reaches zero is left to the exact test; one below zero is out
    assert.equal(growthMayFit(1100000, h, h, h, percent('10.0'), true), true);
    assert.equal(growthMayFit(1100000, h, 0, h, percent('10.0'), true), false);
  });
  it('changeMayFit: 100 → 110 is 增加 10 万元, not 12 万元, not 减少', () => {
    const h = 0.005 * 10000;
    assert.equal(changeMayFit(1100000, h, 1000000, h, amount('10.00'), true), true);
    assert.equal(changeMayFit(1100000, h, 1000000, h, amount('12.00'), true), false);
    assert.equal(changeMayFit(1100000, h, 1000000, h, amount('10.00'), false), false);
  });
});

describe('SUBJECT_HINT_RE', () => {
  it('passes every clause that names a subject (or a 类 row) as the hint with any 算 did, and no 预算 of anything else', () => {
    const before = /(?:计|入|出|费|费用|算|类\))(?:支出)?(?:决算数?|预算)?(?:安排)?(?:为|是|共计|合计|达)?$/;
    const words = ['财政拨款', '收入', '支出', '收', '总计', '合计', '本年', '预算', '决算', '决算数', '为', '是', '共计', '达', '安排', '其中', '基本', '项目', '人员经费', '公用经费', '机关运行经费', '三公', '“三公”', '经费', '因公出国(境)费', '因公出国(境)费用', '公务接待费', '公务用车购置及运行维护费', '公务用车购置和运行费', '一般公共预算', '本部门', '本单位', '2024年', '年初', '执行数', '社会保障和就业支出(类)', '款', '用', '费', '算'];
    const named = (clause: string, hint: RegExp) => hint.test(clause.slice(-14)) && (CLASS_RE.test(clause) || ANY_SUBJECT_RE.test(clause));
    let subjects = 0;
    const visit = (clause: string, depth: number) => {
      if (clause) {
        const was = named(clause, before);
        assert.equal(named(clause, SUBJECT_HINT_RE), was, clause);
        if (was) subjects++;
      }
      if (depth > 0) for (const w of words) visit(clause + w, depth - 1);
    };
    visit('', 3);
    for (const clause of ['2024年预算安排', '年初预算为', '政府采购货物预算']) assert.equal(SUBJECT_HINT_RE.test(clause), false, clause);
    for (const clause of ['“三公”经费财政拨款预算为', '本部门收入预算安排', '机关运行经费预算安排']) assert.equal(named(clause, SUBJECT_HINT_RE), true, clause);
    assert.ok(subjects > 1000, `${subjects}`);
  });
});

describe('formatApprox', () => {
  const exactly = (d: Decimal, decimals: number) => d.toFixed(decimals, Decimal.ROUND_HALF_UP);
  it('prints as format would every value within 1e-6 × (1 + x) of x, or gives null', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    let settled = 0;
    for (let i = 0; i < 20000; i++) {
      const x = random() * 10 ** Math.floor(random() * 8 - 3);
      const decimals = Math.floor(random() * 5);
      const printed = formatApprox(x, decimals);
      if (printed === null) continue;
      settled++;
      const near = new Decimal(x);
      const reach = new Decimal(0.999e-6).times(1 + x);
      for (const e of [near, near.plus(reach), near.minus(reach)]) if (!e.isNegative()) assert.equal(printed, exactly(e, decimals), `${x} ${decimals}`);
    }
    assert.ok(settled > 15000);
  });
  it('gives null at and near a half unit, for a negative value and beyond exact integers', () => {
    assert.equal(formatApprox(0.125, 2), null);
    assert.equal(formatApprox(0.12500001, 2), null);
    assert.equal(formatApprox(0.12499999, 2), null);
    assert.equal(formatApprox(-1, 2), null);
    assert.equal(formatApprox(1e20, 2), null);
    assert.equal(formatApprox(Number.NaN, 2), null);
  });
  it('prints whole units, leading zeros and the decimals asked', () => {
    assert.equal(formatApprox(0, 2), '0.00');
    assert.equal(formatApprox(0.0449, 2), '0.04');
    assert.equal(formatApprox(95.4575, 2), '95.46');
    assert.equal(formatApprox(7.6, 0), '8');
    assert.equal(formatApprox(12.3456, 3), '12.346');
    // the margin grows with the value: a large one at many decimals is not settled
    assert.equal(formatApprox(1234.5678, 3), null);
  });
});

describe('nextNumber', () => {
  const numbers = (text: string) => {
    const t: NumberToken = { start: 0, digitsEnd: 0, fracEnd: 0, unit: '', end: 0 };
    const out: string[] = [];
    for (let from = 0; nextNumber(text, from, t); from = t.end) out.push(`${text.slice(t.start, t.digitsEnd)}|${t.fracEnd > t.digitsEnd ? text.slice(t.digitsEnd + 1, t.fracEnd) : ''}|${t.unit}`);
    return out;
  };
  it('reads digits, thousands groups, a fraction and a unit as the regex would', () => {
    assert.deepEqual(numbers('2024年收入1,234.56万元，增长12.5%，共3亿元'), ['2024||', '1,234|56|万元', '12|5|%', '3||亿元']);
    // a run of four digits is not grouped; a group takes three digits only; a lone point is no fraction
    assert.deepEqual(numbers('1234,567元 1,2345元 7.元 5亿'), ['1234||', '567||元', '1,234||', '5||元', '7||', '5||']);
    assert.deepEqual(numbers('没有数字'), []);
  });
});

describe('parseFigure', () => {
  const read = (printed: string) => {
    const t: NumberToken = { start: 0, digitsEnd: 0, fracEnd: 0, unit: '', end: 0 };
    assert.ok(nextNumber(printed, 0, t));
    return parseFigure(printed, t.start, t.digitsEnd, t.fracEnd);
  };
  it('reads a figure as new Decimal and Number read its digits without commas', () => {
    const figures = ['0', '7', '007', '0.5', '12.30', '1,546.22', '129.41', '100000000', '0.0001', '9,007,199,254,740,993', '123456789012345', '1234567890123456', '3.14159265358', '1.00000000001', '999999999999.999'];
    for (let i = 0; i < 200; i++) figures.push(`${(i * 7919) % 100000}.${String((i * 104729) % 100).padStart(2, '0')}`);
    for (const printed of figures) {
      const plain = printed.replace(/,/g, '');
      const dot = plain.indexOf('.');
      // twice: the second time from the remembered values
      for (let k = 0; k < 2; k++) {
        const f = read(printed);
        assert.equal(f.value.toString(), new Decimal(plain).toString(), printed);
        assert.equal(f.approx, Number(plain), printed);
        assert.equal(f.decimals, dot < 0 ? 0 : plain.length - dot - 1, printed);
      }
    }
  });
});

describe('narrativeSentences', () => {
  it('lists where each run of digits of a sentence starts (every number starts at one), and only digits', () => {
    const extra = '\n\n（一）收入12 34万元，比上年增加 5.6%。 决算数大于预算数。\n  2024年 支出1,234.5万元 其中7元。\n';
    for (const text of [DOC, DOC + extra]) {
      let runs = 0;
      for (const s of narrativeSentences(parseDocument(text))) {
        const starts: number[] = [];
        for (let i = 0; i < s.text.length; i++) if (/\d/.test(s.text[i]) && (i === 0 || !/\d/.test(s.text[i - 1]))) starts.push(i);
        for (const i of starts) assert.ok(s.digits.includes(i), `${s.text} ${i}`);
        for (const i of s.digits) assert.match(s.text[i], /\d/, s.text);
        assert.deepEqual([...s.digits].sort((a, b) => a - b), s.digits);
        // a sentence without a digit or 决 keeps no text
        if (s.text === '') assert.equal(s.digits.length, 0);
        runs += starts.length;
      }
      assert.ok(runs > 20);
    }
  });
});

describe('endsInChange', () => {
  it('answers as /(?:增加|减少)$/', () => {
    for (const prefix of ['', '加', '增加', '减少', '比上年增加', '比上年减少', '增长', '增加为', '加增', '少减', '减', '其中增加', 'a增加', '增 加']) {
      assert.equal(endsInChange(prefix), /(?:增加|减少)$/.test(prefix), prefix);
    }
  });
});

describe('yearBefore', () => {
  it('reads the years of /(\\d{4})年/g at each 年', () => {
    for (const text of ['2024年', '比2023年预算执行数', '20242025年', '0123年', '123年', '年', '2024 年', '上年', '2023年和2024年', 'a2024年b2025年', '２０２４年']) {
      const expected = [...text.matchAll(/(\d{4})年/g)].map((m) => Number(m[1]));
      const read: number[] = [];
      for (let k = text.indexOf('年'); k >= 0; k = text.indexOf('年', k + 1)) if (yearBefore(text, k) >= 0) read.push(yearBefore(text, k));
      assert.deepEqual(read, expected, text);
    }
  });
});

describe('normalizeRange', () => {
  it('gives the slice with （） as (), as the global replaces did', () => {
    const texts = ['', '（', '）', '（）', '公务接待费（境内）', '因公出国（境）费用支出预算为', '（一）机关运行经费', '没有括号', '(已是半角)', 'a（b）c（d）e'];
    for (const text of texts) {
      for (let from = 0; from <= text.length; from++) {
        for (let to = from; to <= text.length; to++) {
          assert.equal(normalizeRange(text, from, to), text.slice(from, to).replace(/（/g, '(').replace(/）/g, ')'), `${text} [${from}, ${to})`);
        }
      }
    }
  });
});

describe('CHAR_CLASS', () => {
  it('gives each code unit the classes the regexes it stands for give', () => {
    const classes: Array<[number, RegExp]> = [
      [CHAR_WS, /\s/],
      [CHAR_PIECE_BREAK, /[ \t\u3000\f\r]/],
      [CHAR_SENTENCE_END, /[。！？]/],
      [CHAR_CLAUSE_BREAK, /[，,。；;：:！？、]/],
      [CHAR_FULL_WIDTH_PAREN, /[（）]/],
      [CHAR_ITEM_START, /[\d（(一二三四五六七八九十]/],
      [CHAR_DIGIT, /[0-9]/],
      [CHAR_JUE, /决/],
    ];
    assert.equal(CHAR_CLASS.length, 0x10000);
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const [bit, re] of classes) assert.equal((CHAR_CLASS[c] & bit) !== 0, re.test(ch), `U+${c.toString(16)} ${re}`);
    }
  });
});

describe('cellApprox', () => {
  it('gives cellYuan(table, cell) by doubles (value and half its unit) for every cell of a document whose value is a safe integer', () => {
    const model = parseDocument(readFileSync(path.join(__dirname, 'fixtures', 'shanghai-final.layout.budget.txt'), 'utf8'));
    let withValue = 0;
    for (const t of model.tables) {
      for (const r of t.rows) {
        for (const c of r.cells) {
          const exact = cellYuan(t, c);
          const rough = cellApprox(t, c);
          if (exact === null || c.amount?.big) {
            assert.equal(rough, null);
            continue;
          }
          withValue++;
          assert.ok(rough !== null);
          assert.ok(Math.abs(rough.value - exact.value.toNumber()) <= 1e-12 * Math.max(1, Math.abs(rough.value)), `${c.raw} ${rough.value} ${exact.value}`);
          assert.ok(Math.abs(rough.half - exact.unit.toNumber() / 2) <= 1e-15 * Math.max(1, rough.half), `${c.raw} ${rough.half} ${exact.unit}`);
        }
      }
    }
    assert.ok(withValue > 0);
  });
});

describe('hasYuan', () => {
  it('answers as cellYuan(table, cell) !== null for every cell of a document', () => {
    const model = parseDocument(readFileSync(path.join(__dirname, 'fixtures', 'shanghai-final.layout.budget.txt'), 'utf8'));
    let cells = 0;
    let withValue = 0;
    for (const t of model.tables) {
      for (const r of t.rows) {
        for (const c of r.cells) {
          cells++;
          if (hasYuan(t, c)) withValue++;
          assert.equal(hasYuan(t, c), cellYuan(t, c) !== null);
        }
      }
    }
    assert.ok(withValue > 0 && withValue < cells);
  });
});
