/**
 * Layout tests: every table of every sample is found exactly once, with its
 * kind, label, unit and header, across page breaks; rows are rebuilt from
 * wrapped lines; continuation lines join their row.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentModel, Row, Table } from '../server/src/service';
import { analyze, sampleText, spanText, type SampleName } from './helpers';

const GUANGDONG_A = [
  'summary', 'income', 'expenditure', 'fiscal-summary', 'general-budget-function',
  'general-budget-basic-economic', 'three-public', 'government-fund', 'state-capital',
  'general-budget-project-economic', 'basic-expenditure', 'project-expenditure',
];
const EXPECTED_KINDS: Record<SampleName, string[]> = {
  'huizhou-2023': GUANGDONG_A,
  'qingyuan-qingxin-2023': GUANGDONG_A,
  'jiangmen-jianghai-2024': [
    'summary', 'income', 'expenditure', 'fiscal-summary', 'general-budget-function',
    'general-budget-basic-economic', 'general-budget-project-economic', 'three-public',
    'government-fund', 'state-capital', 'basic-expenditure', 'project-expenditure',
  ],
  'shaoguan-2024': [
    'summary', 'income', 'expenditure', 'fiscal-summary', 'general-budget-function',
    'general-budget-basic-economic', 'general-budget-project-economic', 'three-public',
    'government-fund', 'state-capital', 'basic-expenditure', 'project-expenditure',
  ],
  'shenzhen-2024': [
    'summary', 'income', 'expenditure', 'basic-expenditure', 'project-expenditure', 'fiscal-summary',
    'general-budget-function', 'general-budget-economic', 'three-public', 'government-fund',
    'state-capital', 'performance-targets',
  ],
};

const models = new Map<SampleName, DocumentModel>();
function model(name: SampleName): DocumentModel {
  let m = models.get(name);
  if (!m) {
    m = analyze(sampleText(name)).model;
    models.set(name, m);
  }
  return m;
}
const formal = (m: DocumentModel) => m.tables.filter((t) => !t.inText);
const table = (m: DocumentModel, kind: string): Table => {
  const t = formal(m).find((x) => x.kind === kind);
  assert.ok(t, `no table of kind ${kind}`);
  return t;
};
const dataRows = (t: Table) => t.rows.filter((r) => r.kind !== 'continuation');
const byCode = (t: Table, code: string): Row[] => t.rows.filter((r) => r.code?.code === code);

describe('every sample: tables found once, in order, with kinds', () => {
  for (const name of Object.keys(EXPECTED_KINDS) as SampleName[]) {
    it(name, () => {
      const m = model(name);
      assert.equal(m.kind, 'budget');
      assert.deepEqual(formal(m).map((t) => t.kind), EXPECTED_KINDS[name]);
      // no table appears twice and tables do not overlap
      const tables = m.tables.slice().sort((a, b) => a.startLine - b.startLine);
      for (let i = 1; i < tables.length; i++)
        assert.ok(tables[i].startLine > tables[i - 1].endLine, `${tables[i - 1].title} overlaps ${tables[i].title}`);
      // every registered table except the flattened Shenzhen project table has data rows
      for (const t of formal(m))
        if (!(name === 'shenzhen-2024' && t.kind === 'project-expenditure')) assert.ok(dataRows(t).length > 0, `${t.title} has rows`);
    });
  }

  it('the narrative key-project tables are kept apart from the budget tables', () => {
    const sz = model('shenzhen-2024');
    const inText = sz.tables.filter((t) => t.inText);
    assert.equal(inText.length, 1);
    assert.equal(inText[0].kind, 'key-projects');
    assert.match(inText[0].title, /第七部分/);
    assert.ok(inText[0].rows.some((r) => r.label.startsWith('信息化服务类项目') && r.cells[0]?.raw === '11,452.25'));
  });

  it('labels 表N where printed, none where the layout has none', () => {
    assert.deepEqual(formal(model('jiangmen-jianghai-2024')).map((t) => t.label), Array.from({ length: 12 }, (_, i) => `表${i + 1}`));
    assert.ok(formal(model('huizhou-2023')).slice(1).every((t) => t.label === null));
    assert.deepEqual(formal(model('shenzhen-2024')).slice(0, 4).map((t) => t.label), ['表1', '表2', '表3', '表4']);
  });

  it('reads the unit line, including one glued to the unit name', () => {
    assert.equal(formal(model('jiangmen-jianghai-2024'))[1].unit, '万元');
    assert.ok(formal(model('huizhou-2023')).every((t) => t.unit === '万元'));
  });
});

describe('tables split across pages', () => {
  it('huizhou: the project table spans eleven pages as one table', () => {
    const t = table(model('huizhou-2023'), 'project-expenditure');
    assert.ok(t.repeatedLines.length >= 40, 'repeated titles, units and headers recorded');
    const projects = t.rows.filter((r) => r.kind === 'project');
    assert.equal(projects.length, 25);
    assert.equal(t.rows.filter((r) => r.kind === 'unit').length, 4);
  });

  it('shaoguan: continuation pages that repeat only the header row stay in their table', () => {
    const t = table(model('shaoguan-2024'), 'income');
    assert.deepEqual(byCode(t, '2101101').length, 1);
    assert.equal(byCode(t, '2210201').length, 1);
    assert.ok(t.rows.every((r) => !/科目编码|功能分类科目/.test(r.label)), 'no header row read as data');
  });

  it('shenzhen: a page with a Markdown heading instead of the title continues the table', () => {
    const t = table(model('shenzhen-2024'), 'basic-expenditure');
    assert.ok(t.rows.some((r) => r.label === '退休费'), 'third page (## 基本支出总表) belongs to 表4');
    assert.equal(formal(model('shenzhen-2024')).filter((x) => x.kind === 'basic-expenditure').length, 1);
  });

  it('jiangmen: a two-sided table with a repeated header keeps both sides', () => {
    const t = table(model('jiangmen-jianghai-2024'), 'summary');
    const income = t.rows.filter((r) => r.side === 'income');
    const exp = t.rows.filter((r) => r.side === 'expenditure');
    assert.equal(income.length, 8);
    assert.equal(exp.length, 28);
    assert.ok(exp.some((r) => r.label === '二十三、其他支出'), 'row after the page break');
  });
});

describe('rows', () => {
  it('rebuilds wrapped rows: code line, name over two lines, amounts on the next line', () => {
    const t = table(model('jiangmen-jianghai-2024'), 'income');
    const [r] = byCode(t, '2080505');
    assert.equal(r.label, '机关事业单位基本养老保险缴费支出');
    assert.equal(r.cells.length, 12);
    assert.equal(r.cells[0].raw, '13.29');
    assert.equal(r.code?.level, 3);
    assert.ok(r.endLine > r.line);
  });

  it('joins continuation lines of long text cells to their row', () => {
    const t = table(model('huizhou-2023'), 'project-expenditure');
    const r = t.rows.find((x) => x.label.startsWith('惠州市政务局云网安全运营管理平台'));
    assert.ok(r);
    assert.equal(r.label, '惠州市政务局云网安全运营管理平台建设项目');
    assert.ok(t.rows.some((x) => x.kind === 'continuation' && x.owner === r.index));
    const j = table(model('jiangmen-jianghai-2024'), 'project-expenditure');
    const d = j.rows.find((x) => x.label === '“数字政府”建设专项资金');
    assert.ok(d && d.texts[0].raw.includes('打通服务群众“最后一公里”'));
  });

  it('classifies rows: total, subtotal, code, unit, project, item', () => {
    const q = model('qingyuan-qingxin-2023');
    const basic = table(q, 'basic-expenditure');
    assert.deepEqual(dataRows(basic).slice(0, 6).map((r) => r.kind), ['total', 'subtotal', 'subtotal', 'subtotal', 'subtotal', 'unit']);
    const proj = table(q, 'project-expenditure');
    assert.equal(proj.rows.filter((r) => r.kind === 'unit').length, 2);
    const econ = table(model('huizhou-2023'), 'general-budget-basic-economic');
    assert.equal(econ.rows.filter((r) => r.code?.code === '301').length, 2, 'unit blocks back to back');
    assert.equal(econ.rows.filter((r) => r.code?.code === '302').length, 2);
    assert.ok(econ.rows.filter((r) => r.kind === 'code').every((r) => r.code!.scheme === 'economic'));
  });

  it('reads codes bare, bracketed, with a space after the bracket, and in their own column', () => {
    const sg = table(model('shaoguan-2024'), 'general-budget-basic-economic');
    const [labour] = byCode(sg, '30226');
    assert.equal(labour.label, '劳务费');
    assert.equal(labour.code?.style, 'bracketed');
    const sz = table(model('shenzhen-2024'), 'expenditure');
    assert.equal(byCode(sz, '2010301')[0].label, '行政运行');
    assert.equal(sz.rows[0].kind, 'unit');
    const hz = table(model('huizhou-2023'), 'general-budget-function');
    const [op] = byCode(hz, '2010350');
    assert.equal(op.code?.style, 'bare');
    assert.equal(op.label, '事业运行');
  });

  it('keeps exact raw text and offsets for every cell', () => {
    for (const name of Object.keys(EXPECTED_KINDS) as SampleName[]) {
      const m = model(name);
      for (const t of m.tables) for (const r of t.rows) for (const c of r.cells) assert.equal(spanText(m, c.span), c.raw);
    }
  });
});

describe('headers as column trees', () => {
  it('multi-row header with groups (收入总体情况表)', () => {
    const t = table(model('qingyuan-qingxin-2023'), 'income');
    assert.equal(t.header.leafCount, 12);
    const group = t.header.columns.find((c) => c.label === '财政拨款收入');
    assert.deepEqual(group?.children.map((c) => c.label), ['一般公共预算', '政府性基金预算', '国有资本经营预算']);
    assert.deepEqual(t.header.relations[0], { total: 0, parts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], rule: 'sum.columns' });
  });

  it('a table without 国有资本经营预算 column gets the six-column variant', () => {
    const t = table(model('shaoguan-2024'), 'basic-expenditure');
    assert.equal(t.header.leafCount, 6);
    assert.equal(t.header.source, 'registry');
  });

  it('two-sided tables have an income and an expenditure side', () => {
    const t = table(model('huizhou-2023'), 'summary');
    assert.ok(t.header.sides);
    assert.equal(t.header.sides.income.length, 1);
  });

  it('the Shenzhen 三公 table relates its six column groups', () => {
    const t = table(model('shenzhen-2024'), 'three-public');
    assert.equal(t.header.leafCount, 18);
    assert.equal(t.header.relations.length, 6);
    assert.ok(t.header.relations.every((r) => r.rule === 'sum.block'));
  });
});

describe('document structure', () => {
  it('parts and sections with line ranges', () => {
    const m = model('jiangmen-jianghai-2024');
    const parts = m.sections.filter((s) => s.heading.level === 1 && s.heading.title !== '目录');
    assert.deepEqual(parts.map((p) => p.heading.title.slice(0, 4)), ['第一部分', '第二部分', '第三部分', '第四部分']);
    const first = parts[0];
    assert.ok(first.children.some((s) => s.heading.title === '一、主要职责'));
    assert.ok(first.endLine < parts[1].startLine);
  });

  it('Markdown headings: volumes contain parts', () => {
    const m = model('shenzhen-2024');
    const volume = m.sections.find((s) => s.heading.title.includes('文字部分'));
    assert.ok(volume && volume.heading.level === 0);
    assert.ok(volume.children.some((s) => s.heading.title.includes('第一部分')));
  });

  it('title and year', () => {
    const m = model('qingyuan-qingxin-2023');
    assert.equal(m.year, 2023);
    assert.match(m.title ?? '', /清远市清新区政务服务数据管理局.*部门预算/);
  });
});
