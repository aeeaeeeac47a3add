/**
 * The Shanghai 预算 / 决算 families, read from small synthetic fixtures (made-up names and figures)
 * in the layouts real converters produce: `pdftotext -layout` text with split code columns, whole
 * 元, wrapped names, two panels and page breaks, and plain reading-order text. Runs without ../shared.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, findingLine, ROOT, service } from './helpers';
import type { DocumentModel, Finding, Row, Table } from '../server/src/service';
import { toDecimal } from '../server/src/service/model/money';

const fixture = (name: string) => readFileSync(path.join(ROOT, 'test', 'fixtures', name), 'utf8');
const BUDGET = fixture('shanghai-budget.layout.budget.txt');
const FINAL = fixture('shanghai-final.layout.budget.txt');
const RAW = fixture('shanghai-final.raw.budget.txt');

const BUDGET_KINDS = [
  'summary',
  'income',
  'expenditure',
  'fiscal-summary',
  'general-budget-function',
  'government-fund',
  'state-capital',
  'general-budget-basic-economic',
  'three-public',
];
const FINAL_KINDS = [
  'summary',
  'income',
  'expenditure',
  'fiscal-summary',
  'general-budget-function',
  'general-budget-basic-economic',
  'three-public',
  'government-fund',
  'state-capital',
];

function table(model: DocumentModel, kind: string): Table {
  const t = model.tables.find((x) => x.kind === kind);
  assert.ok(t, `a ${kind} table`);
  return t;
}
function rowByCode(t: Table, code: string): Row {
  const r = t.rows.find((x) => x.code?.code === code);
  assert.ok(r, `row ${code} in ${t.title}`);
  return r;
}
/** A row's amount cells as printed digits (blank cells as ''), in column order. */
function figures(r: Row): string[] {
  return r.cells.map((c) => (c.amount && !c.amount.empty ? toDecimal(c.amount).toString() : ''));
}
const errors = (model: DocumentModel, fs: Finding[]) => fs.filter((f) => f.severity === 'error').map((f) => findingLine(model, f));
const lineOf = (model: DocumentModel, f: Finding) => model.text.slice(0, f.span.start).split('\n').length;
/** The fixture with one occurrence of `from` (on the line containing `anchor`) replaced. */
function edit(text: string, anchor: string, from: string, to: string): string {
  const at = text.indexOf(anchor);
  assert.ok(at >= 0, `anchor ${anchor}`);
  const end = text.indexOf('\n', at);
  const line = text.slice(at, end);
  assert.ok(line.includes(from), `${from} on the line of ${anchor}`);
  return text.slice(0, at) + line.replace(from, to) + text.slice(end);
}

describe('Shanghai 预算 (space-aligned, whole 元)', () => {
  const { model, findings } = analyze(BUDGET);

  it('finds the nine tables with their kinds; contents entries, the part heading and a sentence are not tables', () => {
    assert.deepEqual(model.tables.map((t) => t.kind), BUDGET_KINDS);
    // the contents lists all nine (numbered `1.`, `5．`, with leaders and page numbers)
    assert.deepEqual(model.contents.map((c) => c.kind), BUDGET_KINDS);
    const firstTable = model.tables[0].startLine;
    for (const c of model.contents) assert.ok(c.line < firstTable);
    // the sentence 详见2025年部门收入预算总表 names a table but is narrative
    assert.ok(!model.tables.some((t) => t.title.includes('详见')));
  });

  it('joins codes split over 类/款/项 columns', () => {
    const income = table(model, 'income');
    assert.deepEqual(
      income.rows.filter((r) => r.code).map((r) => r.code!.code),
      ['201', '20126', '2012601', '2012604', '208', '20805', '2080505', '2080506', '210', '21011', '2101101', '221', '22102', '2210201'],
    );
    assert.equal(rowByCode(income, '2012604').label, '档案馆');
  });

  it('keeps a blank cell blank and values in their own columns', () => {
    const income = table(model, 'income');
    // 合计, 财政拨款收入, 事业收入, 事业单位经营收入, 其他收入
    assert.deepEqual(figures(rowByCode(income, '2012604')), ['1250000', '1130000', '120000', '', '']);
    assert.deepEqual(figures(rowByCode(income, '2012601')), ['3100000', '3100000', '', '', '']);
  });

  it('a table continued after a form feed and a repeated header stays one table', () => {
    for (const t of model.tables) assert.equal(model.tables.filter((x) => x.kind === t.kind).length, 1);
  });

  it('a damaged 类 is repaired from its context and said', () => {
    const repaired = findings.filter((f) => f.code === 'code.repaired');
    assert.equal(repaired.length, 1);
    assert.equal(repaired[0].severity, 'information');
    assert.ok(rowByCode(table(model, 'general-budget-basic-economic'), '30102'));
  });

  it('reads whole 元 with and without separators, and finds no problem in a consistent document', () => {
    assert.deepEqual(errors(model, findings), []);
    // the fixture holds the tables and a few lines of narrative, not every explanation section a published document must have
    assert.deepEqual(findings.filter((f) => f.severity === 'warning' && f.code !== 'document.missing-section').map((f) => findingLine(model, f)), []);
    const expenditure = table(model, 'expenditure');
    assert.equal(expenditure.unit, '元');
    assert.equal(rowByCode(expenditure, '201').cells[0].amount!.decimals, 0);
  });

  it('a changed whole-元 figure is an error at that cell; a one-元 residue is rounding', () => {
    const bumped = edit(BUDGET, '201   26   04   档案馆', '1250000', '1250700');
    const after = analyze(bumped);
    const errs = after.findings.filter((f) => f.severity === 'error');
    assert.ok(errs.length > 0);
    const line = BUDGET.slice(0, BUDGET.indexOf('201   26   04   档案馆')).split('\n').length;
    assert.ok(errs.some((f) => lineOf(after.model, f) === line || f.related?.some((r) => lineOf(after.model, { ...f, span: r.span }) === line)));
    const residue = analyze(edit(BUDGET, '201   26   04   档案馆', '1250000', '1250001'));
    assert.deepEqual(errors(residue.model, residue.findings), []);
  });

  it('the balance of the summary table: 收入总计 = 支出总计', () => {
    const summary = table(model, 'summary');
    const totals = summary.rows.filter((r) => r.label.includes('总计'));
    assert.deepEqual(totals.map((r) => r.side).sort(), ['expenditure', 'income']);
    const broken = analyze(edit(BUDGET, '         收入总计', '5,350,000', '5,360,000'));
    assert.ok(broken.findings.some((f) => f.severity === 'error'));
  });

  it('says which tables it read and which it could not check', () => {
    const coverage = findings.filter((f) => f.code === 'document.coverage');
    assert.equal(coverage.length, 1);
    assert.equal(coverage[0].severity, 'information');
    assert.match(coverage[0].message, /7\/9/);
    assert.equal(lineOf(model, coverage[0]), 1);
  });

  it('a table the contents list but the document lacks is document.missing-table, on its contents entry', () => {
    const start = BUDGET.indexOf('部门“三公”经费和机关运行经费预算表', BUDGET.indexOf('2025年部门一般公共预算基本支出部门预算经济分类预算表\n'));
    const lineStart = BUDGET.lastIndexOf('\n', start) + 1;
    const cut = BUDGET.slice(0, lineStart);
    const { model: m, findings: fs } = analyze(cut);
    const missing = fs.filter((f) => f.code === 'document.missing-table');
    assert.equal(missing.length, 1);
    assert.equal(missing[0].severity, 'warning');
    const entry = m.contents.find((c) => c.kind === 'three-public');
    assert.ok(entry);
    assert.equal(missing[0].span.start, entry.span.start);
  });
});

describe('Shanghai 决算 (space-aligned, 万元)', () => {
  const { model, findings } = analyze(FINAL);

  it('finds the nine tables with their kinds and no false finding', () => {
    assert.deepEqual(model.tables.map((t) => t.kind), FINAL_KINDS);
    assert.deepEqual(errors(model, findings), []);
    // the fixture holds the tables and a few lines of narrative, not every explanation section a published document must have
    assert.deepEqual(findings.filter((f) => f.severity === 'warning' && f.code !== 'document.missing-section').map((f) => findingLine(model, f)), []);
  });

  it('the summary table tells its rows apart by position: 本年收入合计, 年初结转和结余, 总计 on both sides', () => {
    const summary = table(model, 'summary');
    const labels = (side: string) => summary.rows.filter((r) => r.side === side).map((r) => r.label);
    assert.ok(labels('income').includes('本年收入合计'));
    assert.ok(labels('income').includes('年初结转和结余'));
    assert.ok(labels('expenditure').includes('本年支出合计'));
    assert.ok(labels('expenditure').includes('年末结转和结余'));
    assert.equal(summary.rows.filter((r) => r.label === '总计').length, 2);
    // an expenditure line with no income beside it stays on its side
    const housing = summary.rows.find((r) => r.label.includes('住房保障支出'));
    assert.equal(housing?.side, 'expenditure');
  });

  it('a broken balance is found: 总计 on one side changed', () => {
    const text = edit(FINAL, '总计                            1,260.00', '1,260.00', '1,270.00');
    const after = analyze(text);
    assert.ok(after.findings.some((f) => f.severity === 'error'));
  });

  it('two panels side by side are two column groups; a wrapped name joins its code', () => {
    const t = table(model, 'general-budget-basic-economic');
    assert.deepEqual(rowByCode(t, '30101').group ?? 0, 0);
    assert.equal(rowByCode(t, '30201').group, 1);
    const union = rowByCode(t, '30228');
    assert.equal(union.label, '工会经费');
    assert.deepEqual(figures(union), ['25']);
    assert.deepEqual(figures(rowByCode(t, '310')), ['10']);
  });

  it('the 三公 table relates 预算数 and 决算数 of each part', () => {
    const t = table(model, 'three-public');
    assert.equal(t.header.columns.length > 0, true);
    const row = t.rows[0];
    assert.equal(row.cells.length, 12);
    const broken = analyze(edit(FINAL, '     3.00 2.40', '2.40', '2.90'));
    assert.ok(broken.findings.some((f) => f.severity === 'error'));
  });
});

describe('plain reading-order text (one cell per line)', () => {
  const { model, findings } = analyze(RAW);

  it('rebuilds a table whose header makes the cell sequence unambiguous', () => {
    const income = table(model, 'income');
    assert.equal(income.unread, null);
    assert.ok(income.rows.length > 0);
    assert.ok(income.rows.every((r) => r.cells.length === 7));
  });

  it('says a table could not be read, and an unreadable table never produces an error', () => {
    const summary = table(model, 'summary');
    assert.ok(summary.unread);
    assert.deepEqual(errors(model, findings), []);
    const coverage = findings.find((f) => f.code === 'document.coverage');
    assert.ok(coverage);
    assert.match(coverage.message, /1\/3/);
    assert.match(coverage.message, /收入支出决算总表/);
  });

  it('English coverage message', () => {
    const en = service.analyze(RAW, { locale: 'en' });
    const coverage = en.findings.find((f) => f.code === 'document.coverage');
    assert.ok(coverage);
    assert.match(coverage.message, /1 of 3 tables/);
  });
});

/**
 * The same document as a converter that measures CJK characters as two columns would lay it out:
 * every phrase of a line moved to twice its column, figures by their right edge and text by its
 * left edge, so that what lined up under one width model lines up under the other.
 */
function doubleWidth(text: string): string {
  const wide = (ch: string) => /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch);
  const width = (s: string) => [...s].reduce((n, ch) => n + (wide(ch) ? 2 : 1), 0);
  return text
    .split('\n')
    .map((line) => {
      const ff = line.startsWith('\f') ? '\f' : '';
      const body = ff ? line.slice(1) : line;
      // phrases: text one space apart is one phrase; a figure is always a phrase of its own
      const phrases: Array<{ at: number; s: string }> = [];
      for (const m of body.matchAll(/\S+/g)) {
        const last = phrases[phrases.length - 1];
        const isFigure = (x: string) => /^[-\d,.]+$/.test(x);
        if (last && !isFigure(m[0]) && !isFigure(last.s) && m.index! === last.at + last.s.length + 1) last.s += ' ' + m[0];
        else phrases.push({ at: m.index!, s: m[0] });
      }
      // header labels are centred over their columns; row text is left-aligned
      const header = !phrases.some((p) => /^[-\d,.]+$/.test(p.s) && /[,.]/.test(p.s));
      let out = '';
      for (const { at: col, s: phrase } of phrases) {
        const figure = /^[-\d,.]+$/.test(phrase);
        const at = figure ? 2 * (col + phrase.length) - width(phrase) : header ? Math.round(2 * col + phrase.length - width(phrase) / 2) : 2 * col;
        const pad = Math.max(out.length === 0 ? 0 : 1, at - width(out));
        out += ' '.repeat(pad) + phrase;
      }
      return ff + out;
    })
    .join('\n');
}

describe('the same documents laid out with double-width CJK', () => {
  for (const [name, text] of [
    ['预算', BUDGET],
    ['决算', FINAL],
  ] as const) {
    it(`${name}: the same tables, codes and figures as the single-width layout`, () => {
      const a = analyze(text).model;
      const b = analyze(doubleWidth(text)).model;
      const view = (m: DocumentModel) => m.tables.map((t) => [t.kind, t.rows.map((r) => [r.code?.code ?? r.label, r.side ?? '', ...figures(r)].join(' '))]);
      assert.deepEqual(view(b), view(a));
      const fs = analyze(doubleWidth(text)).findings;
      assert.deepEqual(errors(b, fs), []);
    });
  }
});
