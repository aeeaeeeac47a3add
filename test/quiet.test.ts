/**
 * Quiet by default: per-rule levels (engine, settings, CLI), damaged numbers
 * summarised once per table and repaired in one edit (source.fixAll),
 * rounding residues as hints without a related location per part, at most
 * one finding per cell.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Finding, QuickFix } from '../server/src/service';
import { parseArgs } from '../server/src/cli';
import { analyze, FUNCTION_TREE, ROOT, sampleText, SAMPLES, service } from './helpers';

/** The shared function table with one damaged number (`20. 00`). */
const TABLE = FUNCTION_TREE.replace('\t120.00\t20.00\t100.00', '\t120.00\t20. 00\t100.00');

const codes = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.code}`);

function applyAll(text: string, fix: QuickFix): string {
  const edits = [...(fix.edits ?? [fix.edit])].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

describe('per-rule levels', () => {
  it('defaults: the table has one warning, the damaged cell a hint', () => {
    assert.deepEqual(codes(service.analyze(TABLE, { locale: 'zh-CN' }).findings), ['warning number.malformed-table', 'hint number.malformed']);
  });

  it('any rule, of any family, can be raised, lowered or turned off', () => {
    const broken = TABLE.replace('180.00\t180.00', '180.00\t181.00');
    assert.deepEqual(codes(service.analyze(broken, { locale: 'zh-CN' }).findings), ['warning number.malformed-table', 'error sum.cell', 'hint number.malformed']);
    const ruled = service.analyze(broken, { locale: 'zh-CN', rules: { 'sum.cell': 'warning', 'number.malformed-table': 'off', 'number.malformed': 'information' } });
    assert.deepEqual(codes(ruled.findings), ['warning sum.cell', 'information number.malformed']);
    // a code rule: the name printed differs from the catalogue's
    const renamed = TABLE.replace('行政运行', '行政运行经费');
    const named = service.analyze(renamed, { locale: 'zh-CN' }).findings.filter((f) => f.code === 'code.name-mismatch');
    assert.equal(named.length, 1);
    assert.equal(named[0].severity, 'warning');
    const raised = service.analyze(renamed, { locale: 'zh-CN', rules: { 'code.name-mismatch': 'error' } }).findings.filter((f) => f.code === 'code.name-mismatch');
    assert.equal(raised[0].severity, 'error');
    assert.deepEqual(service.analyze(renamed, { locale: 'zh-CN', rules: { 'code.name-mismatch': 'off' } }).findings.filter((f) => f.code === 'code.name-mismatch'), []);
  });

  it('sum.rounding: a hint by default, without a related location per part; budget.rules wins over rounding.severity', () => {
    const { findings } = analyze(sampleText('huizhou-2023'));
    const rounding = findings.filter((f) => f.code === 'sum.rounding');
    assert.ok(rounding.length > 5);
    assert.ok(rounding.every((f) => f.severity === 'hint' && f.related.length === 0));
    const off = service.analyze(sampleText('huizhou-2023'), { locale: 'zh-CN', rounding: { severity: 'warning' }, rules: { 'sum.rounding': 'off' } });
    assert.equal(off.findings.filter((f) => f.code === 'sum.rounding').length, 0);
  });

  it('the CLI takes --rule id=level, repeatable, and rejects unknown ids and levels', () => {
    const opts = parseArgs(['--rule', 'sum.rounding=off', '--rule=code.unknown=error', 'x.txt']);
    assert.notEqual(opts, 'help');
    assert.deepEqual(opts !== 'help' && opts.rules, { 'sum.rounding': 'off', 'code.unknown': 'error' });
    assert.throws(() => parseArgs(['--rule', 'sum.nothing=off', 'x.txt']), /rule id/);
    assert.throws(() => parseArgs(['--rule', 'sum.total=loud', 'x.txt']), /level/);
    spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    const file = path.join(ROOT, 'samples', 'shenzhen-2024.txt');
    const run = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--format', 'json', ...args, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const all = JSON.parse(run([]).stdout);
    const ruled = JSON.parse(run(['--rule', 'number.malformed=off', '--rule', 'number.malformed-table=error']).stdout);
    const list = (j: any): Array<{ code: string; severity: string }> => j.files[0].diagnostics;
    assert.ok(list(all).some((f) => f.code === 'number.malformed'));
    assert.ok(!list(ruled).some((f) => f.code === 'number.malformed'));
    const tables = list(ruled).filter((f) => f.code === 'number.malformed-table');
    assert.ok(tables.length > 5 && tables.every((f) => f.severity === 'error'));
  });
});

describe('damaged numbers: once per table, fixed all at once', () => {
  it('shenzhen: 254 damaged cells are hints; one warning per table that has them', () => {
    const { model, findings } = analyze(sampleText('shenzhen-2024'));
    const cells = findings.filter((f) => f.code === 'number.malformed');
    const tables = findings.filter((f) => f.code === 'number.malformed-table');
    assert.equal(cells.length, 254);
    assert.ok(cells.every((f) => f.severity === 'hint'));
    assert.ok(tables.length >= 5 && tables.length <= 15, `${tables.length} tables`);
    assert.equal(
      tables.reduce((n, f) => n + ((f.data as { count: number }).count), 0),
      cells.length,
      'every damaged cell is counted in its table',
    );
    // a warning sits on its table's title
    for (const f of tables) assert.ok(model.tables.some((t) => t.titleSpan.start === f.span.start));
  });

  it('source.fixAll repairs every damaged number in one edit, and nothing else changes', () => {
    const text = sampleText('shenzhen-2024');
    const { model, findings } = analyze(text);
    const fix = service.fixAll(model, findings, 'zh-CN');
    assert.ok(fix && fix.edits);
    assert.equal(fix.edits.length, 254);
    const fixed = applyAll(text, fix);
    const after = analyze(fixed);
    assert.deepEqual(after.findings.filter((f) => f.code.startsWith('number.')), []);
    const rest = (fs: Finding[]) => fs.filter((f) => !f.code.startsWith('number.')).map((f) => `${f.code} ${f.message}`);
    assert.deepEqual(rest(after.findings), rest(findings));
    assert.equal(service.fixAll(after.model, after.findings, 'zh-CN'), null);
  });

  it('the table warning offers the fix of that table', () => {
    const { model, findings } = analyze(TABLE);
    const warning = findings.find((f) => f.code === 'number.malformed-table')!;
    const fixes = service.quickFixes(model, findings, [{ code: warning.code, span: warning.span }], { locale: 'zh-CN' });
    assert.equal(fixes.length, 1);
    assert.equal(applyAll(TABLE, fixes[0]), TABLE.replace('20. 00', '20.00'));
  });
});

describe('at most one finding per cell', () => {
  for (const name of SAMPLES)
    it(name, () => {
      const { findings } = analyze(sampleText(name));
      const seen = new Set<string>();
      for (const f of findings) {
        if (!(f.code.startsWith('sum.') || f.code === 'number.malformed') || f.code === 'sum.skipped') continue;
        const key = `${f.span.start}:${f.span.end}`;
        assert.ok(!seen.has(key), `${name}: two findings on one cell (${f.message})`);
        seen.add(key);
      }
    });

  it('the finding kept says what the other said (in its message: a related location on the cell itself would add nothing)', () => {
    // shenzhen: 20103「支出总计」is off by 0.01 against its children and against its columns
    const { findings } = analyze(sampleText('shenzhen-2024'));
    const merged = findings.find((f) => f.code === 'sum.rounding' && /与下级科目之和相差[^；]*；与各组成列之和相差/.test(f.message));
    assert.ok(merged, 'one residue carries the other');
    assert.ok(!merged.related.some((r) => r.span.start === merged.span.start && r.span.end === merged.span.end));
  });
});

describe('a document over the analysis limit', () => {
  it('is not analysed: one finding says why, in the reader’s language, and every feature answers at once', () => {
    const text = sampleText('shenzhen-2024');
    const { model, findings } = service.analyze(text, { locale: 'zh-CN', maxChars: 10_000 });
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.code}`), ['warning document.too-large']);
    assert.match(findings[0].message, /超过分析上限 0\.0 百万字符/);
    assert.match(service.analyze(text, { locale: 'en', maxChars: 10_000 }).findings[0].message, /over the analysis limit/);
    assert.deepEqual(service.outline(model), []);
    assert.equal(service.hover(model, 100, { locale: 'zh-CN' }), null);
    // under the limit, as before
    assert.ok(service.analyze(text, { locale: 'zh-CN', maxChars: text.length }).findings.length > 100);
  });
});
