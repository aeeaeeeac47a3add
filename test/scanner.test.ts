/**
 * The scanner's line classification inside a table with rows: the lines its
 * cheap tests take as rows without a key (wrapped names, labels without
 * figures) and the lines that must still go the long way (repeated headers
 * and unit lines, notes, a section heading followed by prose).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../server/src/service/syntax/parser';
import { TABLE_KINDS } from '../server/src/service/model/registry';

const HEAD = ['第二部分 2024年部门预算表', '一般公共预算支出功能分类预算表', '单位：元', '项目\t合计\t基本支出\t项目支出'];
const ROW = '201\t一般公共服务支出\t300.00\t200.00\t100.00';

function onlyTable(lines: string[]) {
  const model = parseDocument(lines.join('\n'));
  assert.equal(model.tables.length, 1);
  return { model, table: model.tables[0], rows: model.tables[0].rows.map((r) => [r.line, r.label, r.kind]) };
}

describe('scanner: lines after a table’s rows', () => {
  it('takes wrapped names and labels without figures as rows', () => {
    const { table, rows } = onlyTable([...HEAD, ROW, '机关事业单位基本养老保险缴费', '支出', 'abc 附加说明行']);
    assert.deepEqual(rows.map((r) => [r[0], r[2]]), [
      [4, 'code'],
      [5, 'continuation'],
      [6, 'continuation'],
      [7, 'continuation'],
    ]);
    assert.equal(table.endLine, 7);
  });

  it('still finds a repeated header, a repeated unit line and notes', () => {
    const { table, rows } = onlyTable([...HEAD, ROW, '项目\t合计\t基本支出\t项目支出', '20101\t人大事务\t100.00\t50.00\t50.00', '单位：元', '注：本表为示例。', '说明文字']);
    assert.deepEqual(rows, [
      [4, '一般公共服务支出', 'code'],
      [6, '人大事务', 'code'],
    ]);
    assert.deepEqual(table.repeatedLines, [5, 7]);
    assert.deepEqual(table.notes, [8, 9]);
  });

  it('ends the table at a section heading followed by prose, not at one followed by rows', () => {
    const prose = '本部门的主要职能是负责全区的财政工作，包括预算编制和执行。';
    const closed = parseDocument([...HEAD, ROW, '行政单位离退休', '二、部门预算安排', prose].join('\n'));
    assert.equal(closed.tables[0].endLine, 5);
    assert.deepEqual(closed.sections[0].children.map((s) => [s.heading.title, s.startLine]), [['二、部门预算安排', 6]]);
    const { rows } = onlyTable([...HEAD, ROW, '行政单位离退休', '二、部门预算安排', '202\t外交支出\t1.00\t1.00\t0.00']);
    assert.deepEqual(rows.map((r) => r[0]), [4, 5, 6, 7]);
  });

  it('opens the next table at a title after rows', () => {
    const model = parseDocument([...HEAD, ROW, '一般公共预算基本支出表', '单位：元', '项目\t合计', '301\t工资福利支出\t10.00'].join('\n'));
    assert.deepEqual(model.tables.map((t) => [t.startLine, t.endLine]), [[1, 4], [5, 8]]);
  });
});

describe('scanner: a sentence after a table’s last row in the tables part', () => {
  const SPACED = ['第二部分 2024年部门预算表', '', '部门支出预算总表', '                                                  单位：元', '项目                          合计          基本支出        项目支出'];
  const SPACED_ROWS = ['合计                          3,000          2,000          1,000', '一般公共服务支出              2,000          1,500            500'];
  const PROSE = '本部门的主要职能是负责全区的财政工作，包括预算编制和执行。';
  const labels = (lines: string[]) => {
    const model = parseDocument(lines.join('\n'));
    return { model, rows: model.tables.flatMap((t) => t.rows.map((r) => [r.line, r.label])) };
  };

  it('ends the table at the sentence instead of joining it to the last row’s name', () => {
    const { model, rows } = labels([...SPACED, ...SPACED_ROWS, PROSE]);
    assert.deepEqual(rows, [[5, '合计'], [6, '一般公共服务支出']]);
    assert.equal(model.tables[0].endLine, 6);
    const tabbed = labels([...HEAD, ROW, '20101\t人大事务\t300.00\t200.00\t100.00', PROSE]);
    assert.deepEqual(tabbed.rows, [[4, '一般公共服务支出'], [5, '人大事务']]);
    assert.equal(tabbed.model.tables[0].endLine, 5);
  });

  it('keeps a numbered row with whole amounts (1,000) before the sentence', () => {
    for (const name of ['一、项目经费', '一、基本支出']) {
      const { rows } = labels([...SPACED, ...SPACED_ROWS, `${name}                  1,000            500            500`, PROSE]);
      assert.deepEqual(rows, [[5, '合计'], [6, '一般公共服务支出'], [7, name]], name);
    }
  });

  it('does not take a table title right under a part heading as the heading’s wrapped end', () => {
    const model = parseDocument(['第二部分 2024年部门预算表', ...SPACED.slice(2), ...SPACED_ROWS].join('\n'));
    assert.deepEqual(model.sections.map((s) => [s.heading.title, s.heading.line]), [['第二部分 2024年部门预算表', 0]]);
    assert.equal(model.tables[0].title, '部门支出预算总表');
    const wrapped = parseDocument(['第二部分 2024年部门', '预算表', ...SPACED.slice(1), ...SPACED_ROWS].join('\n'));
    assert.equal(wrapped.sections[0].heading.title, '第二部分 2024年部门预算表');
  });

  it('still gives a heading without figures before the sentence to the narrative', () => {
    const { model, rows } = labels([...SPACED, ...SPACED_ROWS, '二、部门预算安排', PROSE]);
    assert.deepEqual(rows, [[5, '合计'], [6, '一般公共服务支出']]);
    assert.deepEqual(model.sections[0].children.map((s) => [s.heading.title, s.heading.line]), [['二、部门预算安排', 7]]);
  });

  it('keeps a sentence that can be a cell: a project’s description, a table with a column of free text', () => {
    const project = labels([
      '第二部分 2024年部门预算表', '', '部门预算项目支出预算表', '单位：万元',
      '项目名称\t合计\t财政拨款', '示例项目经费\t10.00\t10.00', '保障日常运转，满足工作需要的各项支出。',
    ]);
    assert.equal(project.model.tables[0].endLine, 6);
    const described = labels([...HEAD, '201\t一般公共服务支出，含说明\t300.00\t200.00\t100.00', PROSE]);
    assert.equal(described.model.tables[0].endLine, 5);
  });
});

describe('scanner: numbered lines and the contents', () => {
  it('reads a numbered line’s unit outside tables, and numbered lines inside the contents', () => {
    const unit = parseDocument(['2. 单位：万元', '一般公共预算支出功能分类预算表', '项目\t合计', '201\t一般公共服务支出\t300.00'].join('\n'));
    assert.equal(unit.tables[0].unit, '万元');
    const spaced = parseDocument(['2. 单 位：万元 （行政单位）', '一般公共预算支出功能分类预算表', '项目\t合计', '201\t一般公共服务支出\t300.00'].join('\n'));
    assert.equal(spaced.tables[0].unit, '万元');
    const toc = ['目录', '1. 部门收入预算总表……3', '2. 部门支出预算总表……4'];
    assert.deepEqual(parseDocument(toc.join('\n')).contents.map((e) => [e.kind, e.line]), [['income', 1], ['expenditure', 2]]);
  });

  it('ends the contents at a numbered sentence on the next page, not at a table title there', () => {
    const title = '一般公共预算支出功能分类预算表';
    const ended = parseDocument(['目录', '一、部门主要职能……1', '\f2024年，本部门收入预算安排如下', title, '项目\t合计', '201\t一般公共服务支出\t300.00'].join('\n'));
    assert.deepEqual(ended.contents, []);
    assert.deepEqual(ended.tables.map((t) => [t.title, t.startLine]), [[title, 3]]);
    const running = parseDocument(['目录', '一、部门主要职能……1', '\f' + title, '2. 部门支出预算总表……4'].join('\n'));
    assert.deepEqual(running.contents.map((e) => e.line), [2, 3]);
  });
});

describe('scanner: unit lines in the narrative', () => {
  const TABLE = ['一般公共预算支出功能分类预算表', '项目\t合计', '201\t一般公共服务支出\t300.00'];
  const unitOf = (line: string) => parseDocument([line, ...TABLE].join('\n')).tables[0].unit;

  it('finds a unit after other 单位 words, spaced or marked up, and none in the narrative’s 事业单位', () => {
    assert.equal(unitOf('说明：行政单位人员经费 单 位：万元'), '万元');
    assert.equal(unitOf('说明 单位<b>：</b>千元'), '千元');
    assert.equal(unitOf('“单位：亿元”'), '亿元');
    assert.equal(unitOf('行政单位和事业单位的项目支出'), null);
  });
});

describe('scanner: numbered headings and long numbered lines', () => {
  const headings = (lines: string[]) => {
    const flat = (ss: ReturnType<typeof parseDocument>['sections']): [string, number][] => ss.flatMap((x) => [[x.heading.title, x.heading.line] as [string, number], ...flat(x.children)]);
    return flat(parseDocument(lines.join('\n')).sections);
  };

  it('takes a numbered line up to the heading length as a heading, a longer one as text', () => {
    const section = '一、' + '甲'.repeat(28);
    const subsection = '（一）' + '乙'.repeat(17);
    assert.deepEqual(headings([section, subsection, section + '丙', subsection + '丁', '（二）' + '戊'.repeat(30)]), [[section, 0], [subsection, 1]]);
  });

  it('still reads a unit on a long numbered line', () => {
    const model = parseDocument(['（一）本部门所列预算数字的计量单位：万元，所有数字均保留两位小数', '一般公共预算支出功能分类预算表', '项目\t合计', '201\t一般公共服务支出\t300.00'].join('\n'));
    assert.equal(model.tables[0].unit, '万元');
  });
});

describe('scanner: the contents’ first page', () => {
  it('reads entries and the repeated part heading that ends the contents among sentences', () => {
    const model = parseDocument(['目录', '第一部分 部门概况', '第二部分 部门预算表', '一、加强党的建设。落实基层党建责任制。', '（一）职能说明', '部门收入预算总表……3', '第一部分 部门概况', '一、主要职能'].join('\n'));
    assert.deepEqual(model.contents.map((e) => [e.kind, e.line]), [['income', 5]]);
    assert.deepEqual(model.sections.map((s) => [s.heading.title, s.heading.line, s.children.map((c) => c.heading.line)]), [['目录', 0, []], ['第一部分 部门概况', 6, [7]]]);
  });
});

describe('scanner: contents entries and the table kinds', () => {
  it('every registered title names a table (holds 表), so keys without one are no entry', () => {
    for (const kind of TABLE_KINDS) for (const re of kind.titles) assert.ok(re.source.includes('表'), `${kind.id}: ${re.source}`);
  });
});
