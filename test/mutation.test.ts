/**
 * Changing one printed amount by a non-rounding amount must raise a new
 * error at that cell or at a total it feeds, in every layout.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tableRelations } from '../server/src/service/analysis/relations';
import type { Cell, Finding, SumData } from '../server/src/service';
import { analyze, sampleText, SAMPLES } from './helpers';
import { corpusDocuments, corpusSkip, corpusText } from './corpus';
import { bump } from './mutate';

/** Change one in `step` of the cells that take part in a relation; each change must raise an error there or at a total it feeds. */
function mutate(name: string, text: string, minCells: number): number {
  const { model } = analyze(text);
  // every cell that takes part in a relation, as total or as part
  const cells = new Map<number, Cell>();
  for (const t of model.tables)
    for (const rel of tableRelations(t).relations)
      for (const c of [rel.total, ...rel.parts])
        if (c.amount && !c.amount.empty) cells.set(c.span.start, c);
  const all = [...cells.values()].sort((a, b) => a.span.start - b.span.start);
  assert.ok(all.length >= minCells, `${name}: ${all.length} cells in relations`);
  const step = Math.max(1, Math.floor(all.length / 60));
  let tried = 0;
  for (let i = 0; i < all.length; i += step) {
    const cell = all[i];
    // +7.13 / −3.89 (713 / 389 in whole units): far beyond any rounding residue; never turning a small
    // figure negative, which would widen it and push the figures after it out of their columns
    const small = Math.abs(Number(cell.raw.replace(/[\s,]/g, ''))) < (cell.raw.includes('.') ? 3.89 : 389);
    const delta = i % 2 === 0 || small ? 713 : -389;
    const changed = text.slice(0, cell.span.start) + bump(cell.raw, delta) + text.slice(cell.span.end);
    const after = analyze(changed);
    // a total it feeds: the cell is one of the parts of the sum the error states (its related
    // locations name at most a few of them: see analysis/compactRelated.ts)
    const feeds = (f: Finding) => {
      const data = f.data as Partial<SumData> | undefined;
      const table = data?.table === undefined ? undefined : after.model.tables[data.table];
      return (data?.parts ?? []).some((p) => table?.rows.find((r) => r.index === p.row)?.cells.some((c) => c.column === p.column && c.span.start === cell.span.start));
    };
    const hit = after.findings.some(
      (f) => f.severity === 'error' && (f.span.start === cell.span.start || f.related.some((r) => r.span.start === cell.span.start) || feeds(f)),
    );
    assert.ok(hit, `${name}: changing “${cell.raw}” at offset ${cell.span.start} (line ${model.text.slice(0, cell.span.start).split('\n').length}) raised no error there or at a total it feeds`);
    tried++;
  }
  return tried;
}

describe('a changed amount is caught', () => {
  for (const name of SAMPLES) {
    it(name, () => {
      assert.ok(mutate(name, sampleText(name), 50) >= 30);
    });
  }

  describe('in the real Shanghai corpus (space-aligned text)', { skip: corpusSkip() }, () => {
    for (const doc of corpusDocuments()) {
      // the template's tables are blank: nothing to change
      if (doc.includes('template')) continue;
      it(doc, () => {
        assert.ok(mutate(doc, corpusText(`${doc}.layout.txt`), 30) >= 20);
      });
    }
  });

  it('bump keeps the printed style', () => {
    assert.equal(bump('1,564.22', 713), '1,571.35');
    assert.equal(bump('492. 42', -389), '488.53');
    assert.equal(bump('0.00', -389), '-3.89');
    assert.equal(bump('120', 713), '833');
    assert.equal(bump('156,211,123', 713), '156,211,836');
    assert.equal(bump('0', 713), '713');
  });
});
