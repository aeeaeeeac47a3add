/**
 * Changing one printed amount by a non-rounding amount must raise a new
 * error at that cell or at a total it feeds, in every layout.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tableRelations } from '../server/src/service/analysis/relations';
import type { Cell } from '../server/src/service';
import { analyze, sampleText, SAMPLES } from './helpers';

/** The printed value plus `delta` hundredths, in the cell's own style (separators, decimals). */
function bump(raw: string, delta: number): string {
  const clean = raw.replace(/[\s,]/g, '');
  const neg = clean.startsWith('-');
  const [int, frac = ''] = clean.replace('-', '').split('.');
  const decimals = Math.max(frac.length, 2);
  const scaled = BigInt(int + frac.padEnd(decimals, '0')) * (neg ? -1n : 1n) + BigInt(delta) * 10n ** BigInt(decimals - 2);
  const abs = (scaled < 0n ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  let intPart = abs.slice(0, abs.length - decimals);
  if (raw.includes(',')) intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${scaled < 0n ? '-' : ''}${intPart}.${abs.slice(abs.length - decimals)}`;
}

describe('a changed amount is caught', () => {
  for (const name of SAMPLES) {
    it(name, () => {
      const text = sampleText(name);
      const { model } = analyze(text);
      // every cell that takes part in a relation, as total or as part
      const cells = new Map<number, Cell>();
      for (const t of model.tables)
        for (const rel of tableRelations(t).relations)
          for (const c of [rel.total, ...rel.parts])
            if (c.amount && !c.amount.empty) cells.set(c.span.start, c);
      const all = [...cells.values()].sort((a, b) => a.span.start - b.span.start);
      assert.ok(all.length > 50, `${name}: ${all.length} cells in relations`);
      const step = Math.max(1, Math.floor(all.length / 60));
      let tried = 0;
      for (let i = 0; i < all.length; i += step) {
        const cell = all[i];
        const delta = i % 2 === 0 ? 713 : -389; // ±7.13 / 3.89: far beyond any rounding residue
        const changed = text.slice(0, cell.span.start) + bump(cell.raw, delta) + text.slice(cell.span.end);
        const { findings } = analyze(changed);
        const hit = findings.some(
          (f) => f.severity === 'error' && (f.span.start === cell.span.start || f.related.some((r) => r.span.start === cell.span.start)),
        );
        assert.ok(hit, `${name}: changing “${cell.raw}” at offset ${cell.span.start} raised no error there or at a total it feeds`);
        tried++;
      }
      assert.ok(tried >= 30);
    });
  }

  it('bump keeps the printed style', () => {
    assert.equal(bump('1,564.22', 713), '1,571.35');
    assert.equal(bump('492. 42', -389), '488.53');
    assert.equal(bump('0.00', -389), '-3.89');
    assert.equal(bump('120', 713), '127.13');
  });
});
