/**
 * The outline of documents that bundle several units (repeated blocks named
 * by their unit) and of the explanation parts (sections that state figures
 * checked against the tables say how many, and how many differ).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, SAMPLES, analyze, sampleText, service } from './helpers';
import { LspClient } from './lsp';
import { CORPUS_AVAILABLE, corpusDocuments, corpusText } from './corpus';
import type { OutlineItem } from '../server/src/service';

const all = (items: OutlineItem[]): OutlineItem[] => items.flatMap((i) => [i, ...all(i.children)]);
const tables = (items: OutlineItem[]) => all(items).filter((i) => i.kind === 'table');

/** One unit's part with its 一般公共预算支出情况表 (made-up names and figures); `meta` is the line naming the unit. */
function block(meta: string, total: string): string {
  return [
    `第${total === '300.00' ? '一' : '二'}部分 部门预算表`,
    '表1',
    '一般公共预算支出情况表',
    meta,
    '单位：万元',
    '科目编码\t科目名称\t金额',
    `合计\t\t${total}`,
    `201\t一般公共服务支出\t${total}`,
    `20103\t政府办公厅（室）及相关机构事务\t${total}`,
    `2010301\t行政运行\t${total}`,
  ].join('\n');
}

describe('outline: repeated blocks are labelled by their unit', () => {
  it('two units’ tables of one title: each named by its 单位名称 line, in Go to Symbol too', () => {
    const text = ['2024年部门预算', '', block('单位名称：甲测试单位    单位：万元', '300.00'), '', block('单位名称： 乙测试单位', '120.00'), ''].join('\n');
    const outline = service.outline(analyze(text).model);
    const t = tables(outline);
    assert.deepEqual(t.map((x) => x.name), ['表1 一般公共预算支出情况表 · 甲测试单位', '表1 一般公共预算支出情况表 · 乙测试单位']);
    // the 类 rows (Go to Symbol: their container is the table) name the table and the unit in their detail
    assert.deepEqual(t.map((x) => x.children.map((c) => c.detail)), [['表1 甲测试单位 · 300.00 万元'], ['表1 乙测试单位 · 120.00 万元']]);
  });

  it('two units’ tables back to back, no heading between: two tables, each checked on its own', () => {
    const table = (unit: string, figure: string) => ['一般公共预算支出表', `单位名称：${unit}`, '单位：万元', '科目编码\t科目名称\t合计', `201\t一般公共服务支出\t${figure}`, `合计\t\t${figure}`];
    const text = ['2024年测试局部门预算', '第二部分 部门预算表', ...table('甲测试单位', '10.00'), ...table('乙测试单位', '20.00')].join('\n');
    const { model, findings } = analyze(text);
    assert.deepEqual(model.tables.map((t) => [t.startLine, t.endLine]), [[2, 7], [8, 13]]);
    assert.deepEqual(findings.filter((f) => f.code.startsWith('sum.') && f.severity === 'error'), [], 'one unit’s total is not summed with the other’s rows');
    assert.deepEqual(tables(service.outline(model)).map((x) => x.name), ['一般公共预算支出表 · 甲测试单位', '一般公共预算支出表 · 乙测试单位']);
    // a continuation page repeats the title and the same unit line: still one table
    const continued = ['2024年测试局部门预算', '第二部分 部门预算表', ...table('甲测试单位', '10.00').slice(0, 5), '\f一般公共预算支出表', '单位名称：甲测试单位', '单位：万元', '科目编码\t科目名称\t合计', '合计\t\t10.00'].join('\n');
    assert.equal(analyze(continued).model.tables.length, 1);
    // a different label before the repeated title: another table
    const labelled = ['2024年测试局部门预算', '第二部分 部门预算表', '表2', ...table('甲测试单位', '10.00'), '表3', ...table('甲测试单位', '20.00')].join('\n');
    assert.equal(analyze(labelled).model.tables.length, 2);
  });

  it('no unit line: the table’s one unit block names it', () => {
    const part = (n: string, unit: string, total: string) =>
      [`第${n}部分 部门预算表`, '', '部门预算基本支出预算表', '', '单位：万元', '', '支出项目类别(资金使用单位)\t总计\t财政拨款', `合计\t${total}\t${total}`, `工资和福利支出合计\t${total}\t${total}`, `${unit}\t${total}\t${total}`, `工资和福利支出\t${total}\t${total}`, ''].join('\n');
    const text = ['2024年部门预算', '', part('一', '甲测试局', '100.00'), part('二', '乙测试中心', '80.00')].join('\n');
    const t = tables(service.outline(analyze(text).model));
    assert.deepEqual(t.map((x) => x.name), ['部门预算基本支出预算表 · 甲测试局', '部门预算基本支出预算表 · 乙测试中心']);
    // the unit block itself does not say its name twice
    assert.deepEqual(t.map((x) => x.children.map((c) => [c.kind, c.name, c.detail])), [[['unit', '甲测试局', '100.00 万元']], [['unit', '乙测试中心', '80.00 万元']]]);
  });

  it('no unit line and no unit block: its place among the repeats', () => {
    const bare = ['2024年部门预算', '', block('', '300.00'), '', block('', '120.00'), ''].join('\n');
    assert.deepEqual(tables(service.outline(analyze(bare).model)).map((x) => x.name.split(' · ')[1]), ['#1', '#2']);
  });

  it('a table printed once keeps its title alone, unit line or not', () => {
    const text = ['2024年部门预算', '', block('单位名称：甲测试单位', '300.00'), ''].join('\n');
    assert.deepEqual(tables(service.outline(analyze(text).model)).map((x) => x.name), ['表1 一般公共预算支出情况表']);
  });

  it('samples and corpus: no two tables under one parent share a name', () => {
    const texts = SAMPLES.map((s) => sampleText(s));
    if (CORPUS_AVAILABLE) for (const d of corpusDocuments()) texts.push(corpusText(`${d}.layout.txt`));
    // and a bundle of two units: two samples one after the other
    texts.push(`${sampleText('shaoguan-2024')}\n${sampleText('qingyuan-qingxin-2023')}`);
    for (const text of texts) {
      const outline = service.outline(analyze(text).model);
      for (const parent of [{ children: outline } as OutlineItem, ...all(outline)]) {
        const names = parent.children.filter((c) => c.kind === 'table').map((c) => c.name);
        assert.equal(new Set(names).size, names.length, `repeated: ${names.join(' | ')}`);
      }
    }
  });
});

describe('outline: narrative sections that state figures are marked', () => {
  const TEXT = sampleText('qingyuan-qingxin-2023');
  const SECTION = '一、部门预算收支增减变化情况';
  const detail = (text: string, locale: 'zh-CN' | 'en') => {
    const { model, findings } = analyze(text, locale);
    return all(service.outline(model, { locale, findings })).find((i) => i.name === SECTION)!.detail;
  };

  it('how many figures are checked against the tables (zh / en); sections without figures have no detail', () => {
    assert.equal(detail(TEXT, 'zh-CN'), '4 个数字与表核对');
    assert.equal(detail(TEXT, 'en'), '4 figures checked');
    const { model, findings } = analyze(TEXT, 'en');
    const outline = all(service.outline(model, { locale: 'en', findings }));
    assert.equal(outline.find((i) => i.name === '四、政府采购情况')?.detail, '', 'its figures are not tied to a table');
    assert.equal(outline.find((i) => i.name.startsWith('第一部分'))?.detail, '');
  });

  it('and how many differ, when a stated figure disagrees with its table', () => {
    const changed = TEXT.replace('2023年本部门收入预算1,564.22万元', '2023年本部门收入预算1,664.22万元');
    assert.notEqual(changed, TEXT);
    // the amount differs from 收支总表; its percentage (增长9.02%) is right by the table's figure: one misprint, one finding
    assert.equal(detail(changed, 'zh-CN'), '4 个数字与表核对，1 处与表不一致');
    assert.equal(detail(changed, 'en'), '4 figures checked, 1 differs from the tables');
    // the percentage changed as well (wrong by the table's figure too): two
    const both = changed.replace('比上年增加129.41万元,增长9.02%', '比上年增加129.41万元,增长9.92%');
    assert.notEqual(both, changed);
    assert.equal(detail(both, 'zh-CN'), '4 个数字与表核对，2 处与表不一致');
    assert.equal(detail(both, 'en'), '4 figures checked, 2 differ from the tables');
    const purchase = TEXT.replace('2023年本部门财政拨款安排“三公”经费8.50万元', '2023年本部门财政拨款安排“三公”经费8.60万元');
    assert.notEqual(purchase, TEXT);
    const { model, findings } = analyze(purchase, 'en');
    const section = all(service.outline(model, { locale: 'en', findings })).find((i) => i.name === '二、“三公”经费安排情况')!;
    assert.match(section.detail, /^7 figures checked, \d+ differs? from the tables$/);
  });

  it('over the protocol, in the client’s language', async () => {
    const lsp = await LspClient.start({ root: ROOT, locale: 'en' });
    try {
      await lsp.open('file:///qingyuan.txt', TEXT);
      type Symbol = { name: string; detail?: string; children?: Symbol[] };
      const symbols = await lsp.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///qingyuan.txt' } });
      const flat = (xs: Symbol[]): Symbol[] => xs.flatMap((x) => [x, ...flat(x.children ?? [])]);
      assert.equal(flat(symbols).find((x) => x.name === SECTION)?.detail, '4 figures checked');
    } finally {
      await lsp.dispose();
    }
  });
});
