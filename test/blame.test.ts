/**
 * Blame the cell: when one changed cell explains several failing sums, the
 * error sits on that cell (sum.cell) and the totals that are right carry it
 * only as related information; a preferred quick fix never adds a finding
 * and restores the original figure. Checked on small fixtures, then over
 * the samples and the corpus by changing one cell at a time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tableRelations } from '../server/src/service/analysis/relations';
import type { Cell, DocumentModel, Finding, QuickFix } from '../server/src/service';
import { analyze, FUNCTION_TREE, sampleText, SAMPLES, service } from './helpers';
import { corpusDocuments, corpusSkip, corpusText } from './corpus';
import { bump } from './mutate';
import { lineOfOffset } from '../server/src/service/features/positions';

function fixesOf(model: DocumentModel, findings: Finding[]): QuickFix[] {
  const refs = findings.map((f) => ({ code: f.code, span: f.span }));
  return service.quickFixes(model, findings, refs, { locale: 'zh-CN' });
}

function apply(text: string, fix: QuickFix): string {
  return text.slice(0, fix.edit.span.start) + fix.edit.newText + text.slice(fix.edit.span.end);
}

/** A finding as `code@line`: what must not appear anew after a fix (columns move when a number is rewritten). */
function keys(model: DocumentModel, findings: Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) {
    const line = model.lines.length === 0 ? 0 : lineOfOffset(model.lines, f.span.start);
    const k = `${f.code}@${line + 1}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function added(before: Map<string, number>, after: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of after) if (n > (before.get(k) ?? 0)) out.push(k);
  return out;
}


describe('blame on fixtures', () => {
  it('the fixture holds', () => {
    const { findings } = analyze(FUNCTION_TREE);
    assert.deepEqual(
      findings.filter((f) => f.severity === 'error').map((f) => f.code),
      [],
    );
  });

  it('a changed detail cell carries the one error; the totals are related information', () => {
    const text = FUNCTION_TREE.replace('2010350\t事业运行\t120.00\t20.00', '2010350\t事业运行\t120.00\t30.00');
    const { model, findings } = analyze(text);
    const errors = findings.filter((f) => f.severity === 'error');
    assert.equal(errors.length, 1, errors.map((f) => f.message).join('\n'));
    const [e] = errors;
    assert.equal(e.code, 'sum.cell');
    assert.equal(text.slice(e.span.start, e.span.end), '30.00');
    // the row's total and the parent's 基本支出, both right, are only related locations
    const relatedTexts = e.related.map((r) => text.slice(r.span.start, r.span.end)).sort();
    assert.deepEqual(relatedTexts, ['120.00', '200.00']);
    // no Σ hint on a right total; the cell's hint says what it should be
    const hints = service.inlayHints(findings, { start: 0, end: text.length }, 'zh-CN');
    assert.deepEqual(hints.map((h) => [text.slice(0, h.offset).split('\n').length, h.label]), [[9, '应为 20.00']]);
    const fixes = fixesOf(model, findings).filter((f) => f.isPreferred);
    assert.equal(fixes.length, 1);
    assert.equal(apply(text, fixes[0]), FUNCTION_TREE);
  });

  it('a changed subtotal (its row and its parent) is blamed too', () => {
    const text = FUNCTION_TREE.replace('2010350\t事业运行\t120.00', '2010350\t事业运行\t125.00');
    const { model, findings } = analyze(text);
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => [f.code, text.slice(f.span.start, f.span.end)]), [['sum.cell', '125.00']]);
    const preferred = fixesOf(model, findings).filter((f) => f.isPreferred);
    assert.equal(preferred.length, 1);
    assert.equal(apply(text, preferred[0]), FUNCTION_TREE);
  });

  it('a lone failing sum: the preferred fix is the only cell that repairs it without breaking another', () => {
    // 行政运行 180 → 190 in a one-column table: the parent 20103 is the only failing sum; the total
    // row 合计 and 201 would break if 20103 were "repaired", so the child is the preferred fix
    const one = `2024年部门预算
表5 一般公共预算支出情况表
单位：万元
科目编码\t科目名称\t金额
合计\t\t300.00
201\t一般公共服务支出\t300.00
20103\t政府办公厅（室）及相关机构事务\t300.00
2010301\t行政运行\t190.00
`;
    const { model, findings } = analyze(one);
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => f.code), ['sum.children']);
    const fixes = fixesOf(model, findings);
    // 20103 = 行政运行 only: the child alone can be corrected without breaking 201 and 合计
    const preferred = fixes.filter((f) => f.isPreferred);
    assert.equal(preferred.length, 1);
    assert.equal(apply(one, preferred[0]), one.replace('190.00', '300.00'));
    // the total's own fix is still offered, but not preferred: it would break 201 and 合计
    assert.ok(fixes.some((f) => !f.isPreferred && f.edit.newText === '190.00'));
  });

  it('a two-sided table: a changed grand total is blamed once and its fix settles both sides', () => {
    const summary = `2024年部门预算
表1 收支总体情况表
单位：万元
收入项目\t金额\t支出项目\t金额
一、一般公共预算拨款\t100.00\t一、一般公共服务支出\t80.00
二、其他收入\t20.00\t二、教育支出\t40.00
本年收入合计\t120.00\t本年支出合计\t120.00
上年结转\t5.00\t结转下年\t5.00
收入总计\t125.00\t支出总计\t125.00
`;
    assert.deepEqual(analyze(summary).findings.filter((f) => f.severity === 'error'), []);
    const text = summary.replace('收入总计\t125.00', '收入总计\t135.00');
    const { model, findings } = analyze(text);
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => [f.code, text.slice(f.span.start, f.span.end)]), [['sum.cell', '135.00']]);
    const preferred = fixesOf(model, findings).filter((f) => f.isPreferred);
    assert.equal(preferred.length, 1);
    assert.equal(apply(text, preferred[0]), summary);
  });
});

/** The figure's digits, without separators or stray spaces. */
const digits = (raw: string) => raw.replace(/[\s,]/g, '');

/**
 * The fix gives back the changed cell's figure: the same digits (a damaged `598. 00` comes back as
 * `598.00`), or, when the cell was a total printed with a rounding residue the sum cannot know,
 * a figure within ten units of its last digit (the change was 389 or 713 units).
 */
function restores(cell: Cell, fix: QuickFix): boolean {
  if (fix.edit.span.start !== cell.span.start) return false;
  const was = digits(cell.raw);
  const now = digits(fix.edit.newText);
  if (was === now) return true;
  const units = (s: string) => BigInt(s.replace('.', ''));
  const d = units(now) - units(was);
  return now.includes('.') === was.includes('.') && (d < 0n ? -d : d) <= 10n;
}

interface Tally {
  tried: number;
  /** mutations with a preferred fix of a sum finding */
  restored: number;
  /** mutations where two sums or more failed and the changed cell carried the error */
  blamed: number;
  /** mutations where two sums or more failed */
  several: number;
}

/**
 * Change one in `step` of the cells in relations; apply every preferred fix
 * of the result: none may add a finding the original did not have, and a
 * fix of a sum must give back the original text.
 */
function mutateAndFix(name: string, text: string): Tally {
  const original = analyze(text);
  const originalKeys = keys(original.model, original.findings);
  const cells = new Map<number, Cell>();
  for (const t of original.model.tables)
    for (const rel of tableRelations(t).relations)
      for (const c of [rel.total, ...rel.parts]) if (c.amount && !c.amount.empty && c.raw.trim() !== '') cells.set(c.span.start, c);
  const all = [...cells.values()].sort((a, b) => a.span.start - b.span.start);
  const step = Math.max(1, Math.floor(all.length / 40));
  const tally: Tally = { tried: 0, restored: 0, blamed: 0, several: 0 };
  for (let i = 0; i < all.length; i += step) {
    const cell = all[i];
    const small = Math.abs(Number(cell.raw.replace(/[\s,]/g, ''))) < (cell.raw.includes('.') ? 3.89 : 389);
    const delta = i % 2 === 0 || small ? 713 : -389;
    const changed = text.slice(0, cell.span.start) + bump(cell.raw, delta) + text.slice(cell.span.end);
    const { model, findings } = analyze(changed);
    const where = `${name}: “${cell.raw}” → ${bump(cell.raw, delta)} at line ${original.model.text.slice(0, cell.span.start).split('\n').length}`;
    tally.tried++;
    const sumErrors = findings.filter((f) => f.severity === 'error' && f.code.startsWith('sum.'));
    const onCell = sumErrors.some((f) => f.code === 'sum.cell' && f.span.start === cell.span.start);
    const failing = sumErrors.reduce((n, f) => n + (f.code === 'sum.cell' ? ((f.data as { relations: unknown[] }).relations.length) : 1), 0);
    if (failing >= 2) tally.several++;
    if (onCell) tally.blamed++;
    let restored = false;
    const changedKeys = keys(model, findings);
    for (const fix of fixesOf(model, findings)) {
      if (!fix.isPreferred) continue;
      const fixedText = apply(changed, fix);
      const after = analyze(fixedText);
      const codes = fix.diagnostics.map((d) => findings[d].code);
      const ofSum = codes.some((c) => c.startsWith('sum.'));
      // a fix of a sum answers the change: nothing the original lacked; another fix (a name, a damaged
      // number) leaves the change in place: nothing the changed document lacked
      const news = added(ofSum ? originalKeys : changedKeys, keys(after.model, after.findings));
      assert.deepEqual(news, [], `${where}: the preferred fix “${fix.title}” adds findings`);
      if (ofSum) {
        assert.ok(restores(cell, fix), `${where}: the preferred fix “${fix.title}” (${fix.edit.newText} at line ${model.text.slice(0, fix.edit.span.start).split('\n').length}) does not restore the original`);
        restored = true;
      }
    }
    if (restored) tally.restored++;
  }
  return tally;
}

describe('preferred fixes over mutated documents', () => {
  for (const name of SAMPLES) {
    it(name, () => {
      const t = mutateAndFix(name, sampleText(name));
      assert.ok(t.tried >= 30, `${name}: ${t.tried} mutations`);
      // most changes are repaired by a preferred fix; the rest are honestly ambiguous (no preferred fix)
      assert.ok(t.restored >= t.tried * 0.7, `${name}: ${JSON.stringify(t)}`);
      // where two sums or more failed, the changed cell was blamed in most cases
      assert.ok(t.blamed >= t.several * 0.9, `${name}: ${JSON.stringify(t)}`);
    });
  }

  describe('in the real Shanghai corpus (space-aligned text)', { skip: corpusSkip() }, () => {
    for (const doc of corpusDocuments()) {
      if (doc.includes('template')) continue;
      it(doc, () => {
        const t = mutateAndFix(doc, corpusText(`${doc}.layout.txt`));
        assert.ok(t.tried >= 20, `${doc}: ${t.tried} mutations`);
        assert.ok(t.restored >= t.tried * 0.7, `${doc}: ${JSON.stringify(t)}`);
        assert.ok(t.blamed >= t.several * 0.9, `${doc}: ${JSON.stringify(t)}`);
      });
    }
  });
});
