/**
 * The TextMate grammar (syntaxes/budget.tmLanguage.json), loaded the way VS Code loads it
 * (vscode-textmate + the oniguruma WebAssembly build), on lines copied from the samples:
 * each element gets its scope over exactly its text, and what only looks like a code or an
 * amount (years, phone numbers, list numbers, column numbers) gets neither.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';

const ROOT = path.resolve(__dirname, '..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes', 'budget.tmLanguage.json');
const SAMPLES_DIR = path.resolve(ROOT, 'samples');
const SAMPLES = ['huizhou-2023', 'jiangmen-jianghai-2024', 'qingyuan-qingxin-2023', 'shaoguan-2024', 'shenzhen-2024'];

const CODE = 'entity.name.tag.code.budget';
const AMOUNT = 'constant.numeric.amount.budget';
const MALFORMED = 'constant.numeric.amount.malformed.budget';
const PERCENT = 'constant.numeric.percentage.budget';
const NUMERIC = 'constant.numeric';
const TOTAL = 'keyword.control.total.budget';
const SECTION = 'entity.name.section.budget';
const HEADING = 'markup.heading';
const TABLE_TITLE = 'entity.name.type.table.budget';
const TABLE_LABEL = 'entity.name.type.table-label.budget';
const UNIT = 'comment.line.unit.budget';
const UNIT_VALUE = 'constant.language.unit.budget';
const NOTE = 'comment.line.note.budget';
const META = 'comment.line.meta.budget';

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new OnigScanner(sources),
      createOnigString: (text: string) => new OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'text.budget' ? parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
  });
  const g = await registry.loadGrammar('text.budget');
  assert.ok(g, 'grammar text.budget loads');
  grammar = g;
});

/** The scopes of every UTF-16 unit of a line (the root scope left out). */
function charScopes(line: string, stack: StateStack = INITIAL): { scopes: string[][]; stack: StateStack } {
  const r = grammar.tokenizeLine(line, stack);
  const scopes: string[][] = new Array(line.length);
  for (const t of r.tokens) for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) scopes[i] = t.scopes.slice(1);
  return { scopes, stack: r.ruleStack };
}

const has = (scopes: string[] | undefined, scope: string): boolean =>
  !!scopes?.some((s) => s === scope || s.startsWith(`${scope}.`));

/** `text` (its `nth` occurrence in `line`) carries `scope` over exactly its extent. */
function assertScope(line: string, text: string, scope: string, nth = 0): void {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = line.indexOf(text, start + 1);
  assert.ok(start >= 0, `${JSON.stringify(text)} occurs ${nth + 1}× in ${JSON.stringify(line)}`);
  const end = start + text.length;
  const { scopes } = charScopes(line);
  for (let i = start; i < end; i++)
    assert.ok(has(scopes[i], scope), `${JSON.stringify(text)} in ${JSON.stringify(line)}: ${JSON.stringify(line[i])} has ${scope} (has ${scopes[i]?.join(' ') || 'nothing'})`);
  if (start > 0) assert.ok(!has(scopes[start - 1], scope), `${scope} starts at ${JSON.stringify(text)}, not before`);
  if (end < line.length) assert.ok(!has(scopes[end], scope), `${scope} ends with ${JSON.stringify(text)}, not after`);
}

/** No character of `text` (its `nth` occurrence in `line`, or every one with nth = -1) carries `scope`. */
function assertNoScope(line: string, text: string, scope: string, nth = 0): void {
  const { scopes } = charScopes(line);
  const starts: number[] = [];
  for (let i = line.indexOf(text); i >= 0; i = line.indexOf(text, i + 1)) starts.push(i);
  assert.ok(starts.length > nth, `${JSON.stringify(text)} occurs ${nth + 1}× in ${JSON.stringify(line)}`);
  for (const start of nth < 0 ? starts : [starts[nth]])
    for (let i = start; i < start + text.length; i++)
      assert.ok(!has(scopes[i], scope), `${JSON.stringify(text)} in ${JSON.stringify(line)} must not be ${scope} (has ${scopes[i]?.join(' ')})`);
}

/** Tokens of a line as `text|scope scope` pieces, for readable failure messages and whole-line checks. */
function tokens(line: string): Array<{ text: string; scopes: string[] }> {
  return grammar.tokenizeLine(line, INITIAL).tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.slice(1) }));
}

describe('grammar file', () => {
  test('every scope name ends in .budget; the scope name is text.budget', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8'));
    assert.equal(raw.scopeName, 'text.budget');
    const names: string[] = [];
    const walk = (node: unknown, key = ''): void => {
      if (Array.isArray(node)) node.forEach((n) => walk(n));
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
      else if ((key === 'name' || key === 'contentName') && typeof node === 'string') names.push(node);
    };
    const { name: _displayName, ...rest } = raw; // the grammar's own display name is not a scope
    walk(rest);
    assert.ok(names.length > 20);
    for (const n of names) for (const part of n.split(/\s+/)) assert.match(part, /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.budget$/, part);
  });

  test('every include points into the repository', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8'));
    const includes: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) (k === 'include' && typeof v === 'string' ? includes.push(v) : walk(v));
    };
    walk(raw);
    for (const inc of includes) {
      assert.match(inc, /^#/, inc);
      assert.ok(inc.slice(1) in raw.repository, `${inc} is defined`);
    }
  });
});

describe('headings', () => {
  test('part headings (第一部分 …)', () => {
    const line = '第一部分 惠州市政务服务数据管理局 概况';
    assertScope(line, line, 'markup.heading.1.budget');
    assertScope(line, line, SECTION);
    assertScope('第二部分 2024年部门预算表', '第二部分 2024年部门预算表', SECTION); // a part, not a table title
    assertNoScope('第二部分 2024年部门预算表', '2024', NUMERIC);
  });

  test('sections (一、…) and sub-sections (（一）…)', () => {
    assertScope('一、主要职责', '一、主要职责', 'markup.heading.2.budget');
    assertScope('一、主要职责', '一、主要职责', SECTION);
    assertScope('二、“三公”经费安排情况', '二、“三公”经费安排情况', SECTION);
    assertScope('（一）收入预算', '（一）收入预算', 'markup.heading.3.budget');
  });

  test('Markdown headings from OCR (#, ##, ####)', () => {
    const line = '## 二、表格部分';
    assertScope(line, '##', 'punctuation.definition.heading.budget');
    assertScope(line, '二、表格部分', SECTION);
    assertScope(line, line, 'markup.heading.2.budget');
    assertScope('#### 一、部门职责', '一、部门职责', SECTION);
    assertScope('# 2024 年深圳市政务服务和数据管理局 (本级)部门预算', '2024 年深圳市政务服务和数据管理局 (本级)部门预算', SECTION);
    assertNoScope('# 2024 年深圳市政务服务和数据管理局 (本级)部门预算', '2024', NUMERIC);
  });

  test('numbered rows and wrapped prose are not headings', () => {
    // two-sided summary row (jiangmen, space-separated)
    assertNoScope('一、预算拨款 946.95 一、一般公共服务支出 468.70', '一、预算拨款', HEADING);
    // tab-separated row
    assertNoScope('二十三、其他支出\t0.00', '二十三、其他支出', HEADING);
    // a duty paragraph wrapped by the PDF converter (jiangmen)
    assertNoScope('（一）组织起草全区政务服务、政务信息化相关政策和规范', '（一）', HEADING);
    // a numbered paragraph with a full stop
    assertNoScope('（一）综合科。负责文电、会务、机要、保密、档案、安全、信访、政务公开、组织人事、机构编制、劳动工资、党群、离退休人员服务、教育培训、财务、资产管理、审计等工作。', '综合科', HEADING);
  });
});

describe('table titles', () => {
  test('title on its own line', () => {
    assertScope('收支总体情况表', '收支总体情况表', TABLE_TITLE);
    assertScope('收支总体情况表', '收支总体情况表', 'markup.heading.table.budget');
    assertScope('一般公共预算支出情况表（按功能分类科目）', '一般公共预算支出情况表（按功能分类科目）', TABLE_TITLE);
    assertScope('财政拨款安排的行政经费及“三公”经费预算表', '财政拨款安排的行政经费及“三公”经费预算表', TABLE_TITLE);
    assertScope('支出决算表', '支出决算表', TABLE_TITLE); // 部门决算
  });

  test('表N labels, alone or before the title', () => {
    assertScope('表1', '表1', TABLE_LABEL);
    assertScope('表 1', '表 1', TABLE_LABEL);
    assertScope('表 1-2', '表 1-2', TABLE_LABEL);
    assertScope('表12 部门预算项目支出及其他支出预算表', '表12', TABLE_LABEL);
    assertScope('表12 部门预算项目支出及其他支出预算表', '部门预算项目支出及其他支出预算表', TABLE_TITLE);
    assertNoScope('表 1', '1', NUMERIC);
  });

  test('in the table of contents and under Markdown headings', () => {
    const toc = '- 五、一般公共预算支出情况表（按功能分类科目）';
    assertScope(toc, '-', 'punctuation.definition.list.begin.budget');
    assertScope(toc, '一般公共预算支出情况表（按功能分类科目）', TABLE_TITLE);
    assertScope('- (十二) 单位整体支出绩效目标表', '单位整体支出绩效目标表', TABLE_TITLE);
    assertScope('十、国有资本经营预算支出情况表', '国有资本经营预算支出情况表', TABLE_TITLE); // jiangmen's contents
    assertScope('# 收支总表', '收支总表', TABLE_TITLE);
    assertScope('## 财政拨款收支总表', '财政拨款收支总表', TABLE_TITLE);
  });

  test('notes and prose ending in 表 are not titles', () => {
    assertNoScope('注：本表反映部门本年度各项支出情况。', '本表', TABLE_TITLE);
    assertNoScope('说明： 本部门没有使用政府性基金预算， 本表无数据。', '本表', TABLE_TITLE);
  });
});

describe('classification codes', () => {
  test('bare codes at the start of a row (tab-separated)', () => {
    const row = '2010301\t行政运行\t184.15\t184.15\t0.00\t0.00\t0.00\t0.00\t0.00';
    assertScope(row, '2010301', CODE);
    assertNoScope(row, '2010301', NUMERIC);
    assertScope(row, '184.15', AMOUNT, 0);
    assertScope('201\t一般公共服务支出\t761.01\t454.51\t306.50\t0.00\t0.00\t0.00\t0.00', '201', CODE);
    assertScope('20103\t政府办公厅（室）及相关机构事务\t754.51\t454.51\t300.00\t0.00\t0.00\t0.00\t0.00', '20103', CODE);
    assertScope('30201\t办公费\t6.00', '30201', CODE); // 经济分类
  });

  test('bare codes, space-separated and glued layouts', () => {
    assertScope('2010301 　　行政运行 266.60 266.60 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00', '2010301', CODE); // jiangmen
    assertScope('2010350 事业运行\t816.26\t696.26\t120', '2010350', CODE); // huizhou
    assertScope('20103', '20103', CODE); // jiangmen: the name wraps onto the next lines
    assertScope('\t2010301\t行政运行\t2,569.11\t2,569.11\t0.00', '2010301', CODE); // shenzhen: unit column left blank
  });

  test('bracketed codes', () => {
    const line = '[301]工资福利支出\t1195.13';
    assertScope(line, '301', CODE);
    assertScope(line, '[', 'punctuation.definition.tag.begin.budget');
    assertScope(line, ']', 'punctuation.definition.tag.end.budget');
    assertScope(line, '1195.13', AMOUNT);
    assertScope('[30226] 劳务费\t0.45', '30226', CODE); // shaoguan: a space after the bracket
    assertScope('　　[2010301]行政运行 266.60 266.60 0.00', '2010301', CODE); // jiangmen: full-width indent
    assertScope('【2010301】行政运行', '2010301', CODE);
    assertNoScope('[201]一般公共服务支出\t9049.87\t2016.29\t7033.59', '201', NUMERIC);
  });

  test('codes split into 类 / 款 / 项 columns (决算)', () => {
    const row = '201\t06\t01\t行政运行\t60.00\t60.00\t';
    assertScope(row, '201', CODE);
    assertScope(row, '06', CODE);
    assertScope(row, '01', CODE, 1); // the first "01" is inside "201"
    assertScope(row, '201\t06\t01', 'meta.code.split.budget');
    assertScope(row, '60.00', AMOUNT, 0);
    assertScope('201\t06\t\t财政事务\t100.00\t60.00\t40.00', '06', CODE);
    assertScope('201   06   01   行政运行', '01', CODE, 1);
    assertScope('201\t\t\t一般公共服务支出\t100.00\t60.00\t40.00', '201', CODE);
  });

  test('numbers that are not codes', () => {
    assertNoScope('2024年', '2024', CODE);
    assertNoScope('（十）贯彻执行省有关政务服务网热线建设总体部署，牵头负责市 12345 政务服务热线建设和管理工作。', '12345', CODE);
    assertNoScope('（十）贯彻执行省有关政务服务网热线建设总体部署，牵头负责市 12345 政务服务热线建设和管理工作。', '12345', NUMERIC);
    assertNoScope('120 0.00 120', '120', CODE); // amounts at the start of a wrapped row
    assertScope('120 0.00 120', '120', AMOUNT, 0);
    assertNoScope('一、预算拨款\t9682.88\t一、一般公共服务支出\t9049.87', '9682.88', CODE);
  });
});

describe('amounts', () => {
  test('decimals, thousands separators, integers in cells', () => {
    const row = '201\t一般公共服务支出\t7,126.41\t7,126.41\t0.00';
    assertScope(row, '7,126.41', AMOUNT, 0);
    assertScope(row, '7,126.41', AMOUNT, 1);
    assertScope(row, '0.00', AMOUNT);
    assertScope('2010350 事业运行\t816.26\t696.26\t120', '120', AMOUNT); // huizhou: no decimals
    assertScope('合计 946.95 331.95 615.00', '331.95', AMOUNT);
    assertScope('差额\t-3.50\t1.00', '-3.50', AMOUNT);
  });

  test('OCR-damaged amounts are scoped whole', () => {
    const row = '\t201\t一般公共服务支出\t43,549.69\t2,569.11\t40,980.57\t0.00\t0.00\t0.00\t36, 202. 77\t808. 46\t0.00';
    assertScope(row, '36, 202. 77', MALFORMED);
    assertScope(row, '808. 46', MALFORMED);
    assertScope(row, '43,549.69', AMOUNT);
    assertScope('二、财政专户管理资金\t0.00\t二、社会保障和就业支出\t492. 42', '492. 42', MALFORMED);
  });

  test('full-width digits', () => {
    assertScope('合计\t１，５６４．２２\t１２０', '１，５６４．２２', AMOUNT);
    assertScope('合计\t１，５６４．２２\t１２０', '１２０', AMOUNT);
  });

  test('amounts and percentages in the narrative; years and counts are not amounts', () => {
    const line = '2024 年深圳市政务服务和数据管理局(本级)部门预算收入44,972.11万元,较2023年年初预算减少24,701.58万元,下降35.5%。';
    assertScope(line, '44,972.11', AMOUNT);
    assertScope(line, '24,701.58', AMOUNT);
    assertScope(line, '35.5%', PERCENT);
    assertNoScope(line, '2024', NUMERIC);
    assertNoScope(line, '2023', NUMERIC, -1);
    const gd = '2024年财政拨款"三公"经费预算73万元,较2023年年初预算增加56万元。';
    assertScope(gd, '73', AMOUNT);
    assertScope(gd, '56', AMOUNT);
    assertNoScope('本部门内设科室 5 个，分别是综合科、法规监督科、电子政务管理科、数据资源管理科、审批协调服务科。以上内设科室均纳入本部门预算。', '5', NUMERIC);
    assertNoScope('- 1. 加强智慧城市和数字政府统筹;', '1', NUMERIC);
    const list = '- 3. 预算准备金 304 万元, 主要包括: 每年上级部门安排或临';
    assertScope(list, '304', AMOUNT);
    assertNoScope(list, '3.', NUMERIC);
    assertNoScope('截至2023年10月,深圳市政务服务和数据管理局(本级) 共有车辆2辆,其中:机要通信用车1辆', '2023', NUMERIC);
    assertNoScope('到2024年底，初步实现全省数字政府基础能力均衡化发展。14个欠发达地市', '14', NUMERIC);
  });

  test('the 栏次 row numbers columns, it holds no amounts', () => {
    const line = '类\t款\t项\t栏次\t1\t2\t3';
    assertNoScope(line, '1', NUMERIC);
    assertScope(line, '2', 'constant.other.column-index.budget');
  });
});

describe('totals', () => {
  test('total cells', () => {
    assertScope('合 计\t9682.88\t2649.29\t7033.59', '合 计', TOTAL);
    assertScope('\t合计\t9682.88\t2649.29\t7033.59\t0.00\t0.00\t0.00\t0.00', '合计', TOTAL);
    const balance = '本年收入合计\t9682.88\t本年支出合计\t9682.88';
    assertScope(balance, '本年收入合计', TOTAL);
    assertScope(balance, '本年支出合计', TOTAL);
    assertScope(balance, '9682.88', AMOUNT, 1);
    assertScope('收入总计 946.95 支出总计 946.95', '支出总计', TOTAL); // jiangmen, spaces
    assertScope('工资和福利支出合计\t642.56\t642.56\t642.56\t0.00\t0.00\t0.00\t0.00', '工资和福利支出合计', TOTAL);
    assertScope('科目编码\t科目名称\t小计\t其中：基本支出\t项目支出', '小计', TOTAL);
    assertScope('合计', '合计', TOTAL);
  });

  test('words containing 总计 / 合计 inside prose are not totals', () => {
    assertNoScope('按照总计划安排，本年度合计划拨资金。', '总计', TOTAL);
    assertNoScope('按照总计划安排，本年度合计划拨资金。', '合计', TOTAL);
    assertNoScope('本年收入合计9682.88万元，比上年增加', '合计', TOTAL);
  });
});

describe('unit lines, meta lines and notes', () => {
  test('unit lines', () => {
    assertScope('单位：万元', '单位：万元', UNIT);
    assertScope('单位：万元', '万元', UNIT_VALUE);
    assertScope('单位： 万元', '单位： 万元', UNIT);
    assertScope('单位:万元', '单位:万元', UNIT);
    assertScope('金额单位：元', '金额单位：元', UNIT);
    // jiangmen: the page header glued into one line
    const glued = ' 单位：万元单位名称：江门市江海区政务服务数据管理局（本级）';
    assertScope(glued, '单位：万元', UNIT);
    assertScope(glued, '单位名称：江门市江海区政务服务数据管理局（本级）', META);
    assertScope('单位名称： 惠州市政务服务数据管理局', '单位名称： 惠州市政务服务数据管理局', META);
  });

  test('notes', () => {
    const note = '注： 财政拨款收支情况包括一般公共预算、政府性基金预算、国有资本经营预算拨款收支情况。';
    assertScope(note, note, NOTE);
    assertScope('注：无。', '注：无。', NOTE);
    assertScope('说明： 本部门没有国有资本经营预算，本表无数据。', '说明： 本部门没有国有资本经营预算，本表无数据。', NOTE);
    assertScope('备注:无。', '备注:无。', NOTE);
    assertScope('　　本套报表金额单位转换时可能存在尾数误差。', '本套报表金额单位转换时可能存在尾数误差。', NOTE);
    assertNoScope('注： 本表根据本部门实际预算编制情况编列。因填列数据四舍五入，可能存在 0.01 尾差。', '0.01', NUMERIC);
  });

  test('stray HTML is dimmed', () => {
    const line = '(一级项目)\t\t<b>须然日</b> 你';
    assertScope(line, '<b>', 'comment.block.html.budget');
    assertScope(line, '</b>', 'comment.block.html.budget');
  });
});

describe('whole samples', () => {
  const available = SAMPLES.filter((s) => existsSync(path.join(SAMPLES_DIR, `${s}.txt`)));

  for (const name of available)
    test(`${name}: codes look like codes, amounts like amounts, never both`, () => {
      const lines = readFileSync(path.join(SAMPLES_DIR, `${name}.txt`), 'utf8').split(/\r?\n/);
      let stack: StateStack = INITIAL;
      let codes = 0;
      let amounts = 0;
      const started = Date.now();
      for (const line of lines) {
        const r = grammar.tokenizeLine(line, stack);
        stack = r.ruleStack;
        for (const t of r.tokens) {
          const text = line.slice(t.startIndex, t.endIndex);
          const isCode = t.scopes.some((s) => s.startsWith('entity.name.tag.code'));
          const isNumber = t.scopes.some((s) => s.startsWith('constant.numeric'));
          assert.ok(!(isCode && isNumber), `${JSON.stringify(text)} is not both a code and an amount`);
          if (isCode) {
            codes++;
            assert.match(text, /^(\d{3}|\d{5}|\d{7}|\d{2})$/, `code token ${JSON.stringify(text)} in ${JSON.stringify(line)}`);
          }
          if (t.scopes.includes(AMOUNT)) {
            amounts++;
            assert.match(text, /^-?(\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?)$/, `amount token ${JSON.stringify(text)} in ${JSON.stringify(line)}`);
          }
        }
      }
      assert.ok(codes > 20, `${codes} codes`);
      assert.ok(amounts > 500, `${amounts} amounts`);
      assert.ok(Date.now() - started < 5000, 'tokenizes in well under a few seconds');
    });

  test('every table title of the samples is scoped', () => {
    const titles = new Set<string>();
    for (const name of available)
      for (const line of readFileSync(path.join(SAMPLES_DIR, `${name}.txt`), 'utf8').split(/\r?\n/))
        for (const t of tokens(line)) if (t.scopes.includes(TABLE_TITLE)) titles.add(t.text);
    for (const expected of ['收支总体情况表', '收入总体情况表', '支出总体情况表', '财政拨款收支总体情况表', '部门预算基本支出预算表', '部门预算项目支出及其他支出预算表', '收支总表', '基本支出总表'])
      assert.ok(titles.has(expected), `${expected} among ${[...titles].join('、')}`);
    for (const t of titles) assert.match(t, /表([（(][^）)]+[）)])*$/, t);
  });
});
