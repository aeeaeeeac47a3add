/**
 * Feature functions of the service on the samples and small inputs: detection,
 * number style of fixes, settings, glossary, TOC links, outline and folding
 * invariants, and the code dictionary.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import { createBudgetService, detectDocumentKind } from '../server/src/service';
import { formatLike, normaliseNumber } from '../server/src/service/features/numberStyle';
import { readSettings, defaultSettings } from '../server/src/settings';
import { SAMPLES, analyze, sampleText, service } from './helpers';
import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('detection of budget documents', () => {
  for (const name of SAMPLES) {
    it(`recognises ${name}`, () => assert.equal(detectDocumentKind(sampleText(name)), 'budget'));
  }
  it('recognises a final-accounts document', () => {
    const text = readFileSync(path.join(__dirname, 'fixtures', 'final-accounts.budget.txt'), 'utf8');
    assert.equal(detectDocumentKind(text), 'final-accounts');
  });
  const unrelated: Array<[string, string]> = [
    ['empty', ''],
    ['a note that mentions a budget', '会议纪要\n\n讨论了明年的预算安排，请各部门于月底前报送。\n1. 办公用品采购\n2. 培训计划\n'],
    ['Markdown README', '# Project\n\nSome text about budgets and 预算.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'],
    ['CSV-like numbers', 'name,value\n一般公共服务支出,761.01\n合计,1564.22\n'],
    ['an article quoting one table title', '2024年预算解读\n\n本文介绍收支总体情况表的阅读方法。\n'],
  ];
  for (const [what, text] of unrelated) {
    it(`leaves alone ${what}`, () => assert.equal(detectDocumentKind(text), 'unknown'));
  }
  it('needs both a budget title and known tables', () => {
    // the tables of a sample without its title page
    const text = sampleText('qingyuan-qingxin-2023');
    const body = text.slice(text.indexOf('表1'));
    assert.equal(detectDocumentKind(body.replace(/预算|决算/g, '')), 'unknown');
  });
});

describe('number style of fixes', () => {
  const cases: Array<[string, string, string]> = [
    ['468.70', '468.71', '468.71'],
    ['1,564.22', '1571.35', '1,571.35'],
    ['1564.22', '1571.35', '1571.35'],
    ['120', '127', '127'],
    ['120', '127.13', '127.13'],
    ['0.00', '7.13', '7.13'],
    ['36, 202. 77', '36209.90', '36,209.90'],
    ['１２０．５０', '127.63', '１２７．６３'],
    ['-3.50', '-10.63', '-10.63'],
    ['12,345,678.00', '12345685.13', '12,345,685.13'],
  ];
  for (const [raw, value, expected] of cases) {
    it(`${raw} → ${expected}`, () => assert.equal(formatLike(raw, new Decimal(value)), expected));
  }
  it('normalises damaged numbers without changing digits', () => {
    assert.equal(normaliseNumber('492. 42'), '492.42');
    assert.equal(normaliseNumber('36, 202. 77'), '36,202.77');
  });
});

describe('settings', () => {
  it('defaults', () => assert.deepEqual(readSettings(undefined), defaultSettings()));
  it('reads nested and dotted keys, and ignores wrong values', () => {
    const s = readSettings({ rounding: { severity: 'hint', tolerance: '0.05' }, 'inlayHints.enabled': false, locale: 'en', codeLens: { enabled: 'yes' } });
    assert.equal(s.rounding.severity, 'hint');
    assert.equal(s.rounding.tolerance, 0.05);
    assert.equal(s.inlayHints.enabled, false);
    assert.equal(s.codeLens.enabled, true, 'a non-boolean keeps the default');
    assert.equal(s.locale, 'en');
    assert.equal(readSettings({ rounding: { severity: 'loud', tolerance: -1 } }).rounding.severity, 'hint');
    assert.deepEqual(readSettings({ rules: { 'sum.rounding': 'off', 'code.unknown': 'error', 'no.such': 'error', 'sum.total': 'loud' } }).rules, { 'sum.rounding': 'off', 'code.unknown': 'error' });
    assert.equal(readSettings({ rounding: { tolerance: -1 } }).rounding.tolerance, 'auto');
  });
});

describe('features on every sample', () => {
  for (const name of SAMPLES) {
    it(name, () => {
      const { model, findings } = analyze(sampleText(name), 'zh-CN');
      // outline: every table appears once, nested ranges
      const outline = service.outline(model);
      let tables = 0;
      const visit = (items: typeof outline, parent?: { start: number; end: number }) => {
        for (const item of items) {
          if (item.kind === 'table') tables++;
          if (parent) assert.ok(item.span.start >= parent.start && item.span.end <= parent.end, `${item.name} inside its parent`);
          assert.ok(item.selection.start >= item.span.start && item.selection.end <= item.span.end);
          visit(item.children, item.span);
        }
      };
      visit(outline);
      assert.equal(tables, model.tables.length);
      // folding: valid, and one range per table
      const folds = service.foldingRanges(model);
      for (const t of model.tables) assert.ok(folds.some((f) => f.startLine === t.startLine && f.endLine === t.endLine), `fold of ${t.title}`);
      assert.ok(folds.every((f) => f.endLine > f.startLine && f.endLine < model.lines.length));
      // the glossary and the TOC
      const hover = (needle: string, after: number) => {
        const at = model.text.indexOf(needle, after);
        return at < 0 ? null : service.hover(model, at + 1, { locale: 'zh-CN' });
      };
      const term = hover('基本支出', model.lines.start(model.tables[model.tables.length - 1].endLine));
      assert.ok(term === null || /基本支出/.test(term.contents));
      const links = service.tocLinks(model);
      assert.ok(links.length >= 17, `${links.length} TOC links`);
      for (const l of links) assert.ok(l.targetLine > l.span.start / 1e9 && model.lines.start(l.targetLine) <= l.target.start);
      // a lens on every table, counting its problems
      const lenses = service.tableLenses(model, findings, 'zh-CN');
      assert.equal(lenses.length, model.tables.length);
      const problems = findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length;
      const counted = lenses.reduce((n, l) => n + Number(/· (\d+) 个问题/.exec(l.title)![1]), 0);
      assert.ok(counted <= problems);
      // every code hover names its level
      for (const t of model.tables) {
        for (const r of t.rows) {
          if (!r.code) continue;
          const h = service.hover(model, r.code.span.start, { locale: 'zh-CN' });
          assert.ok(h && new RegExp(`\\*\\*${r.code.code}\\*\\*`).test(h.contents) && /[类款项]级科目/.test(h.contents), `hover of ${r.code.code}`);
        }
      }
    });
  }

  it('without the catalogue, tells a code printed under two names', () => {
    // qingyuan prints 20605 once as 科学条件与服务 … find any code with two names and check the hover says so
    const documentOnly = createBudgetService();
    const model = documentOnly.parse(sampleText('qingyuan-qingxin-2023'));
    const names = new Map<string, Set<string>>();
    for (const t of model.tables) for (const r of t.rows) if (r.code) (names.get(r.code.code) ?? names.set(r.code.code, new Set()).get(r.code.code)!).add(r.label.replace(/\s+/g, ''));
    const twice = [...names].find(([, n]) => n.size > 1);
    assert.ok(twice, 'the sample prints some code under two names');
    const row = model.tables.flatMap((t) => t.rows).find((r) => r.code?.code === twice[0])!;
    const h = documentOnly.hover(model, row.code!.span.start, { locale: 'en' })!;
    assert.match(h.contents, /Printed here as|Also printed in this document as/);
  });
});

describe('outline levels', () => {
  it('类 by default; 款 under their 类 with divisions; every item inside its table', () => {
    const { model } = analyze(sampleText('qingyuan-qingxin-2023'));
    const tablesOf = (items: ReturnType<typeof service.outline>): typeof items => items.flatMap((i) => (i.kind === 'table' ? [i] : tablesOf(i.children)));
    const plain = tablesOf(service.outline(model));
    const fn = plain.find((t) => t.name.includes('按功能分类'))!;
    assert.ok(fn.children.length > 0 && fn.children.every((c) => c.kind === 'class' && c.children.length === 0));
    const deep = tablesOf(service.outline(model, { divisions: true })).find((t) => t.name.includes('按功能分类'))!;
    const c201 = deep.children.find((c) => c.name.startsWith('201 '))!;
    assert.ok(c201.children.length > 0 && c201.children.every((c) => c.kind === 'division' && c.name.startsWith('201')));
    for (const c of deep.children) assert.ok(c.span.start >= deep.span.start && c.span.end <= deep.span.end);
    // a table without a total row has no lone unit as its detail
    for (const t of plain) assert.ok(t.detail === '' || /\d/.test(t.detail), `${t.name}: ${t.detail}`);
  });
});

describe('hovers and words', () => {
  it('the word 合计 shows the sums its row states', () => {
    const text = sampleText('qingyuan-qingxin-2023');
    const { model } = analyze(text);
    const table = model.tables.find((t) => t.title.includes('按功能分类'))!;
    const total = table.rows.find((r) => r.kind === 'total' && r.labelSpan)!;
    const h = service.hover(model, total.labelSpan!.start, { locale: 'zh-CN' })!;
    assert.ok(h, 'a hover on the word');
    assert.match(h.contents, /「一般公共预算支出\/小计」 1564\.22：Σ 各行 = 1564\.21/);
    assert.ok(h.contents.split('\n').filter((l) => l.startsWith('- ')).length >= 2, 'one line per column');
  });

  it('sums keep the document’s thousands separators', () => {
    const text = sampleText('shenzhen-2024');
    const { model } = analyze(text);
    const cell = model.tables.flatMap((t) => t.rows.filter((r) => r.kind === 'total').flatMap((r) => r.cells)).find((c) => /^\d{1,3}(,\d{3})+\.\d\d$/.test(c.raw))!;
    assert.ok(cell);
    const h = service.hover(model, cell.span.start, { locale: 'zh-CN' })!;
    assert.match(h.contents, /Σ [^=]+= \d{1,3}(,\d{3})+\.\d\d/);
  });
});

describe('outline: a 类 names its table by its label', () => {
  it('表5 · figure', () => {
    const text = `2024年部门预算\n表5\n一般公共预算支出情况表\n单位：万元\n科目编码\t科目名称\t金额\n合计\t\t300.00\n201\t一般公共服务支出\t300.00\n20103\t政府办公厅（室）及相关机构事务\t300.00\n2010301\t行政运行\t300.00\n`;
    const { model } = analyze(text);
    const table = service.outline(model).flatMap(function all(i): ReturnType<typeof service.outline> {
      return i.kind === 'table' ? [i] : i.children.flatMap(all);
    })[0];
    assert.equal(table.detail, '合计 300.00 万元');
    assert.deepEqual(table.children.map((c) => [c.name, c.detail, c.kind]), [['201 一般公共服务支出', '表5 · 300.00 万元', 'class']]);
  });
});

describe('references and highlights across tables', () => {
  it('a code: every row with it in every table; a figure: every cell with its value', () => {
    const text = sampleText('qingyuan-qingxin-2023');
    const { model } = analyze(text);
    const codeAt = text.indexOf('\n2010301\t') + 2;
    const refs = service.occurrences(model, codeAt);
    const tables = new Set(refs.map((r) => model.tables.findIndex((t) => { const line = text.slice(0, r.span.start).split('\n').length - 1; return line >= t.startLine && line <= t.endLine; })));
    assert.ok(refs.length === 2 && tables.size === 2, `${refs.length} rows in ${tables.size} tables (the sample prints 2010301 in two tables)`);
    assert.ok(refs.every((r) => /^\[?2010301\]?$/.test(text.slice(r.span.start, r.span.end))));
    assert.equal(refs.filter((r) => r.current).length, 1);
    const total = model.tables.flatMap((t) => t.rows).find((r) => r.kind === 'total' && r.cells[0]?.raw === '1564.22')!;
    const same = service.occurrences(model, total.cells[0].span.start + 1);
    assert.ok(same.length >= 5, `${same.length} cells print 1564.22`);
    assert.ok(same.every((o) => text.slice(o.span.start, o.span.end).replace(/,/g, '') === '1564.22'));
    // zero is everywhere: nothing
    const zero = model.tables.flatMap((t) => t.rows.flatMap((r) => r.cells)).find((c) => c.raw === '0.00')!;
    assert.deepEqual(service.occurrences(model, zero.span.start), []);
  });
});

describe('semantic tokens', () => {
  it('codes by level, total labels, amounts, and the amount a finding sits on', async () => {
    const { TOKEN_TYPES, TOKEN_MODIFIERS } = await import('../server/src/service');
    const text = sampleText('qingyuan-qingxin-2023').replace('2010350\t事业运行\t270.36', '2010350\t事业运行\t280.36');
    const { model, findings } = analyze(text);
    const tokens = service.semanticTokens(model, findings);
    const of = (s: string) => tokens.find((t) => text.slice(t.span.start, t.span.end) === s && text.slice(0, t.span.start).endsWith(s === '280.36' ? '\t' : '\n'));
    assert.equal(TOKEN_TYPES[of('201')!.type], 'namespace');
    assert.equal(TOKEN_TYPES[of('20103')!.type], 'class');
    assert.equal(TOKEN_TYPES[of('2010350')!.type], 'enumMember');
    const bad = of('280.36')!;
    assert.equal(TOKEN_TYPES[bad.type], 'number');
    assert.ok(bad.modifiers & (1 << TOKEN_MODIFIERS.indexOf('deprecated')), 'the blamed amount');
    assert.ok(tokens.some((t) => TOKEN_TYPES[t.type] === 'keyword' && /合\s*计/.test(text.slice(t.span.start, t.span.end))));
    for (let i = 1; i < tokens.length; i++) assert.ok(tokens[i].span.start >= tokens[i - 1].span.end, 'sorted, no overlaps');
  });
});
