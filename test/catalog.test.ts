/**
 * The classification catalogue: its own consistency, every sample code in
 * it, the code checks (unknown, name, parent, order) with the rename fix,
 * the edition choice, catalogue hovers and code completion.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { EDITIONS, nameKey, parseCatalog, validIn, type CatalogEntry } from '../server/src/service/catalog/catalog';
import { readCatalogFiles } from '../server/src/catalogFiles';
import { createBudgetService, type Finding } from '../server/src/service';
import { readSettings } from '../server/src/settings';
import { ROOT, SAMPLES, analyze, sampleText, service, spanText } from './helpers';

const catalog = service.catalog()!;
const FIXTURE = readFileSync(path.join(__dirname, 'fixtures', 'codes.budget.txt'), 'utf8');

/** `line code` of the code findings (1-based lines), for compact assertions. */
function codeFindings(text: string, findings: Finding[]): string[] {
  return findings.filter((f) => f.code.startsWith('code.')).map((f) => `${text.slice(0, f.span.start).split('\n').length} ${f.code}`);
}

function lineOf(text: string, prefix: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, `a line starts with ${prefix}`);
  return i;
}

/** The offset of `needle` on the first line starting with `prefix`. */
function offsetOf(text: string, prefix: string, needle = prefix): number {
  const line = lineOf(text, prefix);
  const start = text.split('\n').slice(0, line).reduce((n, l) => n + l.length + 1, 0);
  const at = text.split('\n')[line].indexOf(needle);
  assert.ok(at >= 0);
  return start + at;
}

describe('the catalogue data', () => {
  it('is found and read without problems', () => {
    assert.ok(readCatalogFiles(), 'the data files are found');
    assert.deepEqual(catalog.problems, []);
    assert.deepEqual([...catalog.editions], [2023, 2024, 2025]);
  });

  it('covers every 类 and 款 of the three classifications, and 项 for the functional one', () => {
    const count = (scheme: CatalogEntry['scheme'], level: number) => catalog.entries(scheme, 2024).filter((e) => e.level === level).length;
    assert.ok(count('function', 1) >= 25, 'functional 类');
    assert.ok(count('function', 2) >= 200, 'functional 款');
    assert.ok(count('function', 3) >= 1000, 'functional 项');
    assert.equal(count('economic', 1), 10, 'department economic 类: 301 302 303 307 309 310 311 312 313 399');
    assert.ok(count('economic', 2) >= 90);
    assert.equal(count('gov-economic', 1), 15, 'government economic 类 501–514 and 599');
    assert.ok(count('gov-economic', 2) >= 50);
    assert.equal(count('economic', 3) + count('gov-economic', 3), 0, 'economic codes stop at 款');
  });

  it('is consistent: parents exist, levels follow code lengths, no duplicates, names and notes non-empty', () => {
    for (const e of catalog.all()) {
      const where = `${e.scheme} ${e.code}`;
      assert.equal(e.level, e.code.length === 3 ? 1 : e.code.length === 5 ? 2 : 3, `${where}: level from length`);
      assert.ok([3, 5, 7].includes(e.code.length), `${where}: length`);
      if (e.scheme !== 'function') assert.ok(e.code.length <= 5, `${where}: economic codes have 类 and 款 only`);
      assert.ok(e.scheme !== 'function' || e.code.startsWith('2'), where);
      assert.ok(e.scheme !== 'economic' || e.code.startsWith('3'), where);
      assert.ok(e.scheme !== 'gov-economic' || e.code.startsWith('5'), where);
      assert.ok(e.name.trim() && !/\s/.test(e.name), `${where}: name`);
      assert.ok(e.note.trim() && e.gloss.trim(), `${where}: explanation and gloss`);
      assert.ok(e.note.length <= 120, `${where}: one or two sentences`);
      for (const year of EDITIONS) {
        if (!validIn(e, year) || e.parent === null) continue;
        assert.ok(catalog.lookup(e.scheme, e.parent, year), `${where}: parent ${e.parent} exists in ${year}`);
      }
    }
    for (const scheme of ['function', 'economic', 'gov-economic'] as const) {
      for (const year of EDITIONS) {
        const codes = catalog.entries(scheme, year).map((e) => e.code);
        assert.equal(new Set(codes).size, codes.length, `${scheme} ${year}: one entry per code`);
      }
    }
  });

  it('is read lazily: not when the service is made, once when first needed', () => {
    let reads = 0;
    const lazy = createBudgetService({ catalogFiles: () => (reads++, readCatalogFiles()) });
    const model = lazy.parse(FIXTURE);
    lazy.outline(model);
    assert.equal(reads, 0, 'parsing and the outline do not need it');
    lazy.check(model);
    lazy.analyze(FIXTURE);
    lazy.hover(model, FIXTURE.indexOf('[2010301]') + 2, { locale: 'zh-CN' });
    assert.equal(reads, 1, 'read once, then kept');
  });

  it('stores an entry unchanged between editions once', () => {
    const e = catalog.lookup('function', '2010301', 2023)!;
    assert.equal(catalog.lookup('function', '2010301', 2025), e);
    assert.equal(catalog.history('function', '2010301').length, 1);
  });

  it('has every code of the five samples, with the exact name the samples print', () => {
    let checked = 0;
    for (const name of SAMPLES) {
      const { model } = analyze(sampleText(name));
      const edition = catalog.editionFor(model.year).edition;
      assert.ok(model.year === 2023 || model.year === 2024, `${name} states its year`);
      for (const t of model.tables) {
        for (const r of t.rows) {
          if (!r.code) continue;
          const e = catalog.lookup(r.code.scheme, r.code.code, edition);
          assert.ok(e, `${name}: ${r.code.code} ${r.label} is in the ${edition} catalogue`);
          // the one real misprint: qingyuan's 20605 科学条件与服务 (官方 科技条件与服务, printed so in its other table)
          if (name === 'qingyuan-qingxin-2023' && r.code.code === '20605' && r.label === '科学条件与服务') continue;
          assert.equal(nameKey(e.name), nameKey(r.label), `${name}: ${r.code.code} is printed as its official name`);
          assert.ok(e.verified, `${name}: ${r.code.code} is confirmed by a published budget`);
          checked++;
        }
      }
    }
    assert.ok(checked > 300, `${checked} code rows checked`);
  });

  it('parses renamed subjects, edition ranges and damaged lines', () => {
    const text = [
      'code\tname\tyears\tformer\tverified\tzh\ten',
      '201\t甲\t\t\tTB,MOF-2024-22\t说明。\tA',
      '20101\t旧名\t-2023\t\t0\t说明。\tOld',
      '20101\t新名\t2024-\t旧名@2023\t0\t说明。\tNew',
      '20102\t\t\t\t0\t说明。\tEmpty name',
      '20103\t丙\t\t\tTB,1\t说明。\tUnknown source',
      'x\tbad',
    ].join('\n');
    const c = parseCatalog({ function: text });
    assert.equal(c.lookup('function', '20101', 2023)?.name, '旧名');
    assert.equal(c.lookup('function', '20101', 2024)?.name, '新名');
    assert.deepEqual(c.lookup('function', '20101', 2025)?.former, [{ name: '旧名', until: 2023 }]);
    assert.deepEqual(c.lookup('function', '201', 2024)?.sources, ['TB', 'MOF-2024-22']);
    assert.equal(c.lookup('function', '201', 2024)?.verified, true);
    assert.equal(c.lookup('function', '20101', 2024)?.verified, false);
    assert.deepEqual(c.lookup('function', '20103', 2024)?.sources, ['TB'], 'the known source is kept');
    assert.deepEqual(
      c.problems.map((p) => p.message),
      ['20102: empty name', '20103: unknown source "1"', '2 columns, expected 7'],
    );
    assert.deepEqual(c.editionFor(2022), { edition: 2023, year: 2022, exact: false });
    assert.deepEqual(c.editionFor(2024), { edition: 2024, year: 2024, exact: true });
    assert.deepEqual(c.editionFor(null), { edition: 2025, year: null, exact: false });
  });
});

/** A code finding of the row that starts with `prefix`: at its code, or (a name that differs) at the name after it. */
function atRow(f: { code: string; span: { start: number } }, text: string, prefix: string): boolean {
  const at = offsetOf(text, prefix);
  return f.code === 'code.name-mismatch' ? f.span.start === at + prefix.length : f.span.start === at;
}

describe('code checks', () => {
  const { model, findings } = analyze(FIXTURE);

  it('reports each kind of code problem at its code, and nothing else', () => {
    const L = (prefix: string) => lineOf(FIXTURE, prefix) + 1;
    assert.deepEqual(codeFindings(FIXTURE, findings), [
      `${L('[2010303]')} code.name-mismatch`,
      `${L('[2010398]')} code.unknown`,
      `${L('[2010501]')} code.parent-mismatch`,
      `${L('[20605]')} code.name-mismatch`,
      `${L('[2080505]')} code.order`,
      `${L('[210]')} code.name-mismatch`,
      `${L('[2210201]')} code.order`,
      `${L('[30201]')} code.order`,
      `${L('[30207]')} code.name-mismatch`,
    ]);
    // half-width brackets, spaces and width do not make a name differ
    assert.ok(!codeFindings(FIXTURE, findings).some((f) => f.startsWith(`${L('[20103]')} `)));
    // at its code; a name that differs is squiggled under the name
    for (const f of findings.filter((x) => x.code.startsWith('code.')))
      if (f.code === 'code.name-mismatch') assert.equal(spanText(model, f.span), (f.data as { printed: string }).printed);
      else assert.match(spanText(model, f.span), /^\[\d+\]$/);
  });

  it('says what is wrong, with the edition, in Chinese and English', () => {
    const msg = (code: string, prefix: string, fs = findings) => fs.find((f) => f.code === code && atRow(f, FIXTURE, prefix))!.message;
    assert.equal(msg('code.name-mismatch', '[20605]'), '20605 印作“科学条件与服务”，2024 年版官方名称为“科技条件与服务”');
    assert.equal(msg('code.name-mismatch', '[210]'), '210 印作旧名称“医疗卫生与计划生育支出”（用至 2018 年），2024 年版名称为“卫生健康支出”');
    assert.equal(msg('code.unknown', '[2010398]'), '科目代码 2010398 不在 2024 年版政府收支分类科目（内置目录）中');
    assert.match(msg('code.parent-mismatch', '[2010501]'), /2010501 列在“20103 政府办公厅\(室\)及相关机构事务”之下，但其上级科目是 20105 /);
    assert.match(msg('code.order', '[2080505]'), /2080505 列在其上级科目 20805 行政事业单位养老支出（第 \d+ 行）之前/);
    assert.equal(msg('code.order', '[2210201]'), '2210201 没有上级科目行：表中未列出 22102 住房改革支出');
    const en = analyze(FIXTURE, 'en').findings;
    assert.equal(msg('code.name-mismatch', '[20605]', en), '20605 is printed as “科学条件与服务”; its official name in the 2024 edition is “科技条件与服务”');
    assert.match(msg('code.order', '[2080505]', en), /^2080505 is listed before its parent 20805 /);
  });

  it('uses default severities, and information for a name against an unverified entry', () => {
    const at = (prefix: string) => findings.find((f) => f.code.startsWith('code.') && atRow(f, FIXTURE, prefix))!;
    assert.equal(at('[20605]').severity, 'warning');
    assert.equal(at('[2010398]').severity, 'warning');
    assert.equal(at('[2010501]').severity, 'warning');
    assert.equal(at('[2080505]').severity, 'warning');
    assert.equal(catalog.lookup('function', '2010303', 2024)?.verified, false);
    assert.equal(at('[2010303]').severity, 'information');
    assert.match(at('[2010303]').message, /尚未与官方文本核对/);
    assert.equal(at('[2010501]').related.length, 1, 'the row it sits under');
  });

  it('does not report a table that lost its first page (it begins mid-tree)', () => {
    const lost = FIXTURE.replace(/^\[201\]一般公共服务支出.*\n\[20103\].*\n/m, '');
    assert.notEqual(lost, FIXTURE);
    const found = codeFindings(lost, analyze(lost).findings);
    const first = lineOf(lost, '[2010301]') + 1;
    assert.ok(!found.some((f) => f.startsWith(`${first} `)), 'the orphan 项 at the top of the table is not a code finding');
  });

  it('reads the edition from the document, or from budget.catalog.year', () => {
    const in2023 = FIXTURE.replace('2024年', '2023年');
    assert.match(analyze(in2023).findings.find((f) => f.code === 'code.unknown')!.message, /2023 年版/);
    const overridden = service.analyze(FIXTURE, { catalogYear: 2025 }).findings.find((f) => f.code === 'code.unknown')!;
    assert.match(overridden.message, /2025 年版/);
    assert.deepEqual(readSettings({ catalog: { year: 2024 } }).catalog, { year: 2024 });
    assert.deepEqual(readSettings({ 'catalog.year': '2023' }).catalog, { year: 2023 });
    assert.deepEqual(readSettings({ catalog: { year: 'next' } }).catalog, { year: 'auto' });
  });

  it('finds nothing on the samples but the one real misprint', () => {
    const all = SAMPLES.flatMap((name) => analyze(sampleText(name)).findings.filter((f) => f.code.startsWith('code.')).map((f) => `${name} ${f.code} ${f.message}`));
    assert.deepEqual(all, ['qingyuan-qingxin-2023 code.name-mismatch 20605 印作“科学条件与服务”，2023 年版官方名称为“科技条件与服务”']);
  });

  it('runs without a catalogue: no code findings, nothing else changes', () => {
    const plain = createBudgetService().analyze(FIXTURE).findings;
    assert.equal(plain.filter((f) => f.code.startsWith('code.')).length, 0);
    assert.deepEqual(
      plain.map((f) => f.code),
      findings.filter((f) => !f.code.startsWith('code.')).map((f) => f.code),
    );
  });

  it('offers the official name as a quick fix: one edit of the name, in the document’s bracket style', () => {
    const apply = (text: string, edit: { span: { start: number; end: number }; newText: string }) => text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    const f = findings.find((x) => x.code === 'code.name-mismatch' && atRow(x, FIXTURE, '[20605]'))!;
    const fixes = service.quickFixes(model, findings, [{ code: f.code, span: f.span }], { locale: 'zh-CN' });
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].title, '改为官方名称“科技条件与服务”');
    assert.equal(fixes[0].isPreferred, true);
    const fixed = apply(FIXTURE, fixes[0].edit);
    assert.equal(fixed, FIXTURE.replace('[20605]科学条件与服务', '[20605]科技条件与服务'), 'only the name changed');
    const after = analyze(fixed);
    assert.ok(!after.findings.some((x) => x.code === 'code.name-mismatch' && x.span.start === f.span.start), 'the finding is gone');
    // a name printed with half-width brackets keeps them
    const half = FIXTURE.replace('[20103]政府办公厅(室)及相关机构事务', '[20103]政府办公厅(室)及有关机构事务');
    const h = analyze(half);
    const hf = h.findings.find((x) => x.code === 'code.name-mismatch' && atRow(x, half, '[20103]'))!;
    const [fix] = service.quickFixes(h.model, h.findings, [{ code: hf.code, span: hf.span }], { locale: 'en' });
    assert.equal(fix.edit.newText, '政府办公厅(室)及相关机构事务');
  });
});

describe('hover from the catalogue', () => {
  it('gives name, level, path, explanation and edition on a bracketed code', () => {
    const { model } = analyze(sampleText('qingyuan-qingxin-2023'));
    const text = sampleText('qingyuan-qingxin-2023');
    const h = service.hover(model, offsetOf(text, '[2010301]') + 2, { locale: 'zh-CN' })!;
    const e = catalog.lookup('function', '2010301', 2023)!;
    assert.match(h.contents, /^\*\*2010301\*\* 行政运行/);
    assert.match(h.contents, /支出功能分类科目 · 项级科目/);
    assert.ok(h.contents.includes('201 一般公共服务支出 › 20103 政府办公厅（室）及相关机构事务 › 2010301 行政运行'));
    assert.ok(h.contents.includes(e.note));
    assert.ok(h.contents.includes(e.gloss));
    assert.match(h.contents, /_2023 年版政府收支分类科目_/);
    assert.doesNotMatch(h.contents, /未核对官方文本/, 'a verified entry');
    assert.match(h.contents, /_2023 年版政府收支分类科目_ · _代码与名称见于：广东省部门预算样本（2023、2024 年）_/, 'and by which source');
  });

  it('says how a code was printed when it differs, and marks unverified entries', () => {
    const text = sampleText('qingyuan-qingxin-2023');
    const { model } = analyze(text);
    const h = service.hover(model, offsetOf(text, '[20605]') + 1, { locale: 'en' })!;
    // the official name heads the hover; the misprint is the diagnostic's to say, not repeated
    assert.match(h.contents, /^\*\*20605\*\* 科技条件与服务/);
    assert.doesNotMatch(h.contents, /Printed here as/);
    const { model: fm } = analyze(FIXTURE);
    const u = service.hover(fm, offsetOf(FIXTURE, '[2010303]') + 1, { locale: 'zh-CN' })!;
    assert.match(u.contents, /\n支出功能分类科目 · 项级科目 · 未核对官方文本\n/, 'said in words on the detail line');
    assert.doesNotMatch(u.contents, /⚠ 此条目|代码与名称见于/);
    const uen = service.hover(fm, offsetOf(FIXTURE, '[2010303]') + 1, { locale: 'en' })!;
    assert.match(uen.contents, /\n[^\n]*· item \(项\) · not yet checked against the official text\n/);
    const ok = service.hover(fm, offsetOf(FIXTURE, '[2080505]') + 1, { locale: 'en' })!;
    assert.doesNotMatch(ok.contents, /not yet checked|⚠/);
    assert.match(ok.contents, /Code and name attested in: the Guangdong department budgets in samples\/ \(2023, 2024\); Shanghai Putuo, Wanli subdistrict budgets 2023–2025 and a 2024 unit budget; Shanghai Putuo department final accounts for 2024; Shanghai Putuo department final accounts for 2025_$/);
    const former = service.hover(fm, offsetOf(FIXTURE, '[210]') + 1, { locale: 'zh-CN' })!;
    assert.match(former.contents, /曾用名：“医疗卫生与计划生育支出”（用至 2018 年）/);
    assert.match(service.hover(fm, offsetOf(FIXTURE, '[210]') + 1, { locale: 'en' })!.contents, /Former names: “医疗卫生与计划生育支出” \(until 2018\)/);
    const unknown = service.hover(fm, offsetOf(FIXTURE, '[2010398]') + 1, { locale: 'zh-CN' })!;
    assert.match(unknown.contents, /不在 2024 年版内置目录中/);
  });

  it('works on bare codes, split codes, economic codes, and names the nearest edition', () => {
    const text = sampleText('shaoguan-2024');
    const { model } = analyze(text);
    const bare = service.hover(model, offsetOf(text, '2010301\t') + 3, { locale: 'en' })!;
    assert.match(bare.contents, /\*\*2010301\*\* 行政运行 · _/);
    assert.match(bare.contents, /_2024 edition of the classification_/);
    const eco = service.hover(model, offsetOf(text, '[30201]') + 1, { locale: 'zh-CN' })!;
    assert.match(eco.contents, /\*\*30201\*\* 办公费/);
    assert.match(eco.contents, /部门预算支出经济分类科目 · 款级科目/);
    assert.ok(eco.contents.includes('302 商品和服务支出 › 30201 办公费'));
    const fa = readFileSync(path.join(__dirname, 'fixtures', 'final-accounts.budget.txt'), 'utf8');
    const fm = analyze(fa).model;
    const split = service.hover(fm, offsetOf(fa, '201\t06\t01') + 5, { locale: 'zh-CN' })!;
    assert.match(split.contents, /\*\*2010601\*\* 行政运行/);
    assert.ok(split.contents.includes('201 一般公共服务支出 › 20106 财政事务 › 2010601 行政运行'));
    const later = fa.replace('2023年度', '2027年度');
    const lm = analyze(later).model;
    const near = service.hover(lm, offsetOf(later, '201\t06\t01') + 5, { locale: 'zh-CN' })!;
    assert.match(near.contents, /2025 年版政府收支分类科目（文档年度 2027 无内置版本，取最近的一版）/);
    const set = service.hover(fm, offsetOf(fa, '201\t06\t01') + 5, { locale: 'zh-CN', catalogYear: 2025 })!;
    assert.match(set.contents, /_2025 年版政府收支分类科目_/);
  });
});

describe('code completion', () => {
  const insert = (text: string, prefix: string, typed: string) => {
    const at = offsetOf(text, prefix) + prefix.length;
    const rest = text.slice(at);
    const eol = rest.indexOf('\n');
    // a new line after the row starting with `prefix`, holding `typed`
    const lineEnd = at + eol;
    return { text: text.slice(0, lineEnd) + '\n' + typed + text.slice(lineEnd), offset: lineEnd + 1 + typed.length };
  };

  it('offers 功能 codes by digits at the start of a row, written like the table’s rows', () => {
    const { text, offset } = insert(FIXTURE, '[2010301]', '[20103');
    const model = service.parse(text);
    const r = service.completions(model, offset, { locale: 'zh-CN' });
    assert.ok(r.items.length > 3);
    assert.ok(r.items.every((i) => /^20103\d* /.test(i.label)), 'codes starting with the digits typed');
    const item = r.items.find((i) => i.label === '2010302 一般行政管理事务')!;
    assert.ok(item, 'a 项 of 20103');
    assert.equal(item.edit.newText, '[2010302]一般行政管理事务', 'bracketed, no separator: the table’s own style');
    assert.equal(text.slice(item.edit.span.start, item.edit.span.end), '[20103');
    assert.match(item.detail, /项级科目 · 201 一般公共服务支出 · 20103 政府办公厅（室）及相关机构事务$/, 'a verified entry: nothing more');
    const unverified = r.items.find((i) => i.label === '2010303 机关服务')!;
    assert.match(unverified.detail, / · 20103 政府办公厅（室）及相关机构事务 · 未核对官方文本$/, 'an unverified one says so in words');
    assert.doesNotMatch(unverified.documentation, /⚠|未核对/);
    assert.ok(item.documentation.includes(catalog.lookup('function', '2010302', 2024)!.note));
    assert.ok(item.filterText.startsWith('[20103'), 'the typed text leads, so the client keeps the item');
  });

  it('matches Chinese name fragments, and writes bare codes with the table’s separator', () => {
    const sample = sampleText('shaoguan-2024');
    const { text, offset } = insert(sample, '2010301\t', '住房公积');
    const r = service.completions(service.parse(text), offset, { locale: 'zh-CN' });
    const item = r.items.find((i) => i.label === '2210201 住房公积金')!;
    assert.ok(item);
    assert.equal(item.edit.newText, '2210201\t住房公积金');
    assert.ok(r.items.every((i) => i.label.includes('住房公积')));
  });

  it('offers 经济 codes in an economic table, and 项 near the row above first', () => {
    const { text, offset } = insert(FIXTURE, '[30201]办公费', '[302');
    const r = service.completions(service.parse(text), offset, { locale: 'en' });
    assert.ok(r.items.length > 10);
    assert.ok(r.items.every((i) => i.label.startsWith('302')));
    assert.ok(r.items.some((i) => i.label === '30211 差旅费'));
    const empty = insert(FIXTURE, '[2060503]', '');
    const near = service.completions(service.parse(empty.text), empty.offset, { locale: 'zh-CN' });
    assert.ok(near.items.length > 0);
    assert.match(near.items[0].label, /^20605/, 'the siblings of the row above come first');
  });

  it('writes split codes (部门决算: 类 | 款 | 项 columns) the way the table does', () => {
    const fa = readFileSync(path.join(__dirname, 'fixtures', 'final-accounts.budget.txt'), 'utf8');
    const { text, offset } = insert(fa, '201\t06\t01', '2010602');
    const r = service.completions(service.parse(text), offset, { locale: 'zh-CN' });
    const item = r.items.find((i) => i.label.startsWith('2010602 '))!;
    assert.ok(item, r.items.map((i) => i.label).join(', '));
    assert.equal(item.edit.newText, `201\t06\t02\t${catalog.lookup('function', '2010602', 2023)!.name}`);
  });

  it('offers nothing outside tables, inside amounts, or before an existing row', () => {
    const text = FIXTURE;
    const none = (offset: number) => assert.deepEqual(service.completions(service.parse(text), offset, { locale: 'zh-CN' }).items, []);
    none(offsetOf(text, '测试局'));
    none(offsetOf(text, '[2010301]行政运行\t0.00', '0.00') + 2);
    none(offsetOf(text, '[2010301]'));
    assert.deepEqual(createBudgetService().completions(service.parse(text), offsetOf(text, '[2010301]') + 4, { locale: 'zh-CN' }).items, [], 'no catalogue, no completion');
  });
});

describe('the README', () => {
  // Helpers may not edit README.md: a branch that changes the counts puts the new block in its
  // docs-notes/<branch>.md, and the block there is checked until the lead moves it into the README
  // (and deletes it from the notes). Without such a block, the README's own block is checked.
  const notes = existsSync(path.join(ROOT, 'docs-notes'))
    ? readdirSync(path.join(ROOT, 'docs-notes'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => path.join(ROOT, 'docs-notes', f))
        .filter((f) => readFileSync(f, 'utf8').includes('<!-- catalogue-counts'))
    : [];
  const files = notes.length > 0 ? notes : [path.join(ROOT, 'README.md')];

  for (const file of files) {
    it(`gives the true counts per level and of unverified entries (${path.relative(ROOT, file)})`, () => {
      const readme = readFileSync(file, 'utf8');
      const start = readme.indexOf('<!-- catalogue-counts');
      assert.ok(start >= 0);
      const rows = readme
        .slice(start)
        .split('\n')
        .slice(3)
        .filter((l, i, all) => l.startsWith('|') && all.slice(0, i).every((x) => x.startsWith('|')));
      const scheme = { 支出功能分类: 'function', 部门预算支出经济分类: 'economic', 政府预算支出经济分类: 'gov-economic' } as const;
      const level = { 类: 1, 款: 2, 项: 3 } as const;
      const claimed = rows.map((l) => l.split('|').map((c) => c.trim()).slice(1, 5));
      const actual = claimed.map(([s, lv]) => {
        const es = catalog.all().filter((e) => e.scheme === scheme[s as keyof typeof scheme] && e.level === level[lv as keyof typeof level]);
        return [s, lv, String(es.length), String(es.filter((e) => !e.verified).length)];
      });
      assert.equal(claimed.length, 7);
      assert.deepEqual(claimed, actual);
      const verified = catalog.all().filter((e) => e.verified).length;
      assert.match(readme, new RegExp(`\\b${verified} (verified )?entries\\b`), 'the number of verified entries');
    });
  }
});
