/** The table preview: grids with ✓/✗ totals and marked cells, cell positions, TSV and CSV. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toLspRange } from '../server/src/service';
import { previewCsv, previewHtml, previewTsv, type PreviewTable } from '../client/src/previewHtml';
import { analyze, sampleText, service } from './helpers';

const TABLE = `2024年部门预算
表5 一般公共预算支出情况表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
合计\t\t1,300.00\t1,200.00\t100.00
201\t一般公共服务支出\t1,300.00\t1,200.00\t100.00
20103\t政府办公厅（室）及相关机构事务\t1,300.00\t1,200.00\t100.00
2010301\t行政运行\t1,180.00\t1,180.00\t0.00
2010350\t事业运行\t120.00\t20.00\t100.00
`;

function views(text: string): PreviewTable[] {
  const { model, findings } = analyze(text);
  return service.tableViews(model, findings).map((t) => ({
    ...t,
    rows: t.rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ raw: c.raw, state: c.state, position: toLspRange(model, { start: c.start, end: c.end }).start })) })),
  }));
}

describe('table preview', () => {
  it('every table of a sample, its columns and rows', () => {
    const { model, findings } = analyze(sampleText('qingyuan-qingxin-2023'));
    const all = service.tableViews(model, findings);
    assert.equal(all.length, model.tables.length);
    const fn = all.find((t) => t.title.includes('按功能分类'))!;
    assert.ok(fn.columns.length >= 3);
    assert.ok(fn.rows.some((r) => r.name.startsWith('2010301') && r.level === 2), '项 rows indented two levels');
    assert.ok(fn.rows.every((r) => r.kind === 'total' || r.cells.length === fn.columns.length || r.cells.length === 0));
  });

  it('a two-sided table (收入 | 支出): the 收入 rows, then the 支出 rows, each side’s figures under its own columns', () => {
    const { model, findings } = analyze(sampleText('qingyuan-qingxin-2023'));
    const t = service.tableViews(model, findings).find((v) => v.title.endsWith(' 收支总体情况表'))!;
    assert.deepEqual(t.columns, ['收入/预算', '支出/预算']);
    const names = t.rows.map((r) => r.name);
    const firstSpending = names.indexOf('一、一般公共服务支出');
    assert.ok(firstSpending > names.indexOf('三、其他资金'), '收入 rows are not interleaved with 支出 rows');
    const cellsOf = (name: string) => t.rows.find((r) => r.name === name)!.cells.map((c) => c.raw);
    assert.deepEqual(cellsOf('一、预算拨款'), ['1564.22']);
    assert.deepEqual(cellsOf('一、一般公共服务支出'), ['', '761.01']);
    assert.deepEqual(cellsOf('本年支出合计'), ['', '1564.22']);
    assert.ok(t.rows.slice(firstSpending).every((r) => r.cells.length === 0 || r.cells[0].raw === ''), 'no 支出 figure under 收入');
  });

  it('✓ on totals that hold, ✗ on those that do not, the blamed cell marked; positions reveal the cell', () => {
    const ok = views(TABLE)[0];
    const total = ok.rows.find((r) => r.kind === 'total')!;
    assert.deepEqual(total.cells.map((c) => c.state), ['ok', 'ok', 'ok']);
    const broken = TABLE.replace('2010350\t事业运行\t120.00\t20.00', '2010350\t事业运行\t120.00\t27.13');
    const v = views(broken)[0];
    const row = v.rows.find((r) => r.name.startsWith('2010350'))!;
    const bad = row.cells.find((c) => c.raw === '27.13')!;
    assert.equal(bad.state, 'bad');
    assert.deepEqual(bad.position, { line: 8, character: broken.split('\n')[8].indexOf('27.13') });
    const parent = v.rows.find((r) => r.name.startsWith('20103'))!;
    assert.equal(parent.cells[0].state, 'ok', 'its 合计: children and columns agree, ✓');
    assert.equal(parent.cells[1].state, 'fail', 'its 基本支出: the children sum no longer holds, ✗, but the figure is right: not marked');
    const html = previewHtml([v], { copy: 'Copy', save: 'Save', empty: 'none', unit: 'Unit: ' }, 'n0nce', 'vscode-resource:');
    assert.match(html, /<td class="num bad" data-line="8" data-ch="\d+">27\.13 <span class="bad">✗<\/span><\/td>/);
    assert.match(html, /script-src 'nonce-n0nce'/);
    assert.ok(!html.includes('<script>'), 'only the nonce script runs');
  });

  it('copies as TSV and saves as CSV, figures as printed', () => {
    const [t] = views(TABLE);
    const tsv = previewTsv(t).split('\n');
    assert.equal(tsv[0], '\t合计\t基本支出\t项目支出');
    assert.equal(tsv[1], '合计\t1,300.00\t1,200.00\t100.00');
    const csv = previewCsv(t).split('\r\n');
    assert.equal(csv[1], '合计,"1,300.00","1,200.00",100.00');
  });
});
