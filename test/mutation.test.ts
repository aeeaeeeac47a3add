/**
 * Changing one printed amount by a non-rounding amount must raise a new
 * error at that cell or at a total it feeds, in every layout.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { relationOf, tableRelations, walkRelations } from '../server/src/service/analysis/relations';
import { evaluate } from '../server/src/service/analysis/check';
import { CellStore, SourceRow } from '../server/src/service/model/store';
import { Decimal } from '../server/src/service/model/money';
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

describe('the checker’s walk leaves out only relations that hold', () => {
  const key = (rel: { group: string; total: Cell }) => `${rel.group}@${rel.total.span.start}`;
  /** The relations a walk with skipHolding hands out = those of the full walk that evaluate finds off. */
  function same(text: string): number {
    const { model } = analyze(text);
    let off = 0;
    for (const t of model.tables) {
      const failing = tableRelations(t).relations.filter((rel) => evaluate(rel) !== null).map(key);
      const handed: string[] = [];
      walkRelations(t, (d) => handed.push(key(relationOf(d))), true);
      assert.deepEqual(handed.filter((k) => failing.includes(k)), failing);
      // a relation handed out that holds is allowed (the store could not tell), never one left out that fails
      off += failing.length;
    }
    return off;
  }

  it('on every sample, and with one amount changed in each', () => {
    let off = 0;
    for (const name of SAMPLES) {
      const text = sampleText(name);
      off += same(text);
      const { model } = analyze(text);
      const cell = model.tables.flatMap((t) => tableRelations(t).relations).find((rel) => rel.parts.length > 1)!.parts[0];
      off += same(text.slice(0, cell.span.start) + bump(cell.raw, 713) + text.slice(cell.span.end));
    }
    assert.ok(off >= SAMPLES.length, `${off} relations off`);
  });

  it('CellStore.scaledDifference: total − Σ parts in scaled integers, NaN when it cannot tell', () => {
    const store = new CellStore('');
    store.pushNumber(0, 0, 0, 1001, 1, 1, false, undefined); // 100.1
    store.pushNumber(0, 0, 1, 10000, 2, 2, false, undefined); // 100.00
    store.pushNumber(0, 0, 2, 1, 1, 1, false, undefined); // 0.1
    store.pushEmpty(0, 0, 3);
    store.pushNumber(0, 0, 4, NaN, 0, 0, false, new Decimal('123456789012345678901')); // big
    assert.equal(store.scaledDifference([0, 1, 2, 3], 4), 0);
    assert.equal(store.scaledDifference([0, 1], 2), 10); // 100.10 − 100.00, in hundredths
    assert.equal(store.scaledDifference([3], 1), 0, 'no figure: nothing is off');
    assert.ok(Number.isNaN(store.scaledDifference([0, 4], 2)));
  });

  it('CellStore.columnDifference and rowDifference: scaledDifference of a column of rows, of a row’s columns; NaN without a part', () => {
    const store = new CellStore('');
    const values: Array<[number, number] | null | 'big'> = [[1001, 1], [10000, 2], [1, 1], null, 'big', [5, 0], [4, 0], [1, 0], [-3, 0], [9007199254740991, 0], [-1, 0]];
    values.forEach((v, i) => {
      if (v === null) store.pushEmpty(0, 0, i);
      else if (v === 'big') store.pushNumber(0, 0, i, NaN, 0, 0, false, new Decimal('123456789012345678901'));
      else store.pushNumber(0, 0, i, v[0], v[1], v[1], false, undefined);
    });
    // rows of one cell each, at every index; and one row of all the cells
    const rows = values.map((_, i) => new SourceRow(i, i, i, '', -1, -1, store, i, 1));
    const all = new SourceRow(0, 0, 0, '', -1, -1, store, 0, values.length);
    const same = (a: number, b: number) => (Number.isNaN(a) ? Number.isNaN(b) : a === b);
    const cases = [[0, 1, 2, 3], [0, 1], [3, 3], [5, 6, 7], [5, 6], [0, 4], [4, 0], [9, 10], [10, 9], [8, 9, 10], [5, 8, 2]];
    for (const [total, ...parts] of cases) {
      const expected = store.scaledDifference([total, ...parts], parts.length + 1);
      assert.ok(same(store.columnDifference(total, parts.map((p) => rows[p]), 0), expected), `column ${total} − ${parts}`);
      assert.ok(same(store.rowDifference(all, total, parts), expected), `row ${total} − ${parts}`);
    }
    // a row without the column, an offset beyond the row: not a part; no part at all: NaN
    assert.equal(store.columnDifference(5, [rows[6], rows[7], all], 1), 500 - 10000); // 5 − 100.00 in hundredths: rows 6 and 7 have no second cell
    assert.ok(Number.isNaN(store.columnDifference(5, [rows[6]], 1)));
    assert.ok(Number.isNaN(store.columnDifference(5, [], 0)));
    assert.ok(Number.isNaN(store.rowDifference(rows[5], 0, [1, 2])));
    assert.equal(store.rowDifference(all, 5, [6, 7, 40]), 0);
  });
});
