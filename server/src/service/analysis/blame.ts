/**
 * Blame, then report: when several relations of a table fail, decide which
 * printed cell explains them before any finding is made.
 *
 * A cell X printed off by d makes every relation it takes part in miss by d
 * (as the total: total − Σ parts grows by d; as a part: it shrinks by d). So
 * X explains a set of failing relations when correcting it by one amount
 * makes all of them hold, and leaves every relation it takes part in that
 * held exactly still exact (one within rounding stays within rounding). A
 * cell that explains two failing relations or more is blamed: the finding
 * sits on it, and the totals that are right are only named as related
 * information.
 *
 * The same test picks the repair of a lone failing relation: of the cells
 * in it (total or parts), those whose correction makes it hold without
 * breaking any other relation; when exactly one cell qualifies, its repair
 * is the preferred one. Pure functions over one table's relations.
 */
import { Decimal } from '../model/money';
import { amountValue, type Cell, type Row } from '../model/types';
import { toDecimal } from '../model/money';
import { partRow, type Relation } from './relations';

/** How a relation stands: total − Σ parts, and the residue it may have from rounding alone. */
export interface Assessment {
  diff: Decimal;
  tolerance: Decimal;
  /** true: |diff| ≤ tolerance holds (a fixed bound); false: |diff| < tolerance (the automatic one) */
  inclusive: boolean;
}

export type Assess = (rel: Relation) => Assessment;

type State = 'exact' | 'rounding' | 'error';

function stateOf(diff: Decimal, a: Assessment): State {
  if (diff.isZero()) return 'exact';
  const c = diff.abs().cmp(a.tolerance);
  return c < 0 || (c === 0 && a.inclusive) ? 'rounding' : 'error';
}

/** A relation with its assessment, evaluated once. */
interface Judged {
  rel: Relation;
  a: Assessment;
  state: State;
}

/** Where a cell takes part: the relation, and +1 as its total or −1 as one of its parts. */
interface Membership {
  j: Judged;
  sign: 1 | -1;
  /** the row the cell sits in, within this relation */
  row: Row;
}

/** A cell's correction: its new value, and the failing relations it repairs. */
export interface Repair {
  cell: Cell;
  row: Row;
  /** printed − corrected: the amount the cell is off by */
  delta: Decimal;
  corrected: Decimal;
  /** the failing relations the correction repairs */
  repairs: Relation[];
  /** relations of the cell left with a rounding residue after the correction */
  residues: number;
  /** another correction of the same cell was as good */
  ambiguous: boolean;
}

export interface Blame {
  /** cells that explain two failing relations or more, in table order */
  cells: Repair[];
  /** the failing relations no blamed cell explains */
  unexplained: Relation[];
}

/** Each cell's relations, judged: built once per table and reused for every repair asked of it. */
export type RelationIndex = Map<Cell, Membership[]>;

export function relationIndex(relations: Relation[], assess: Assess): RelationIndex {
  const byCell = new Map<Cell, Membership[]>();
  const add = (cell: Cell, m: Membership) => {
    const list = byCell.get(cell);
    if (list) list.push(m);
    else byCell.set(cell, [m]);
  };
  for (const rel of relations) {
    const a = assess(rel);
    const j: Judged = { rel, a, state: stateOf(a.diff, a) };
    add(rel.total, { j, sign: 1, row: rel.row });
    for (let i = 0; i < rel.parts.length; i++) add(rel.parts[i], { j, sign: -1, row: partRow(rel, i) });
  }
  return byCell;
}

/**
 * The best correction of `cell`, or null when none repairs a failing
 * relation without harming another. The amounts tried are those that make
 * one failing relation of the cell hold exactly.
 */
function correct(cell: Cell, memberships: Membership[], only?: Membership): Repair | null {
  const value = amountValue(cell.amount);
  // a blank cell is not blamed: in aligned text there is no figure to correct
  if (!value || cell.raw.trim() === '') return null;
  const failing = memberships.filter((m) => m.j.state === 'error');
  if (failing.length === 0) return null;
  let best: Repair | null = null;
  const tried: Decimal[] = [];
  for (const f of only ? [only] : failing) {
    const delta = f.sign === 1 ? f.j.a.diff : f.j.a.diff.neg();
    if (tried.some((t) => t.eq(delta))) continue;
    tried.push(delta);
    let residues = 0;
    let ok = true;
    for (const m of memberships) {
      const after = stateOf(m.j.a.diff.minus(delta.times(m.sign)), m.j.a);
      if (after === 'error' || (m.j.state === 'exact' && after !== 'exact')) {
        ok = false;
        break;
      }
      if (after === 'rounding') residues++;
    }
    if (!ok) continue;
    const printed = toDecimal(value);
    const candidate: Repair = {
      cell,
      row: failing[0].row,
      delta,
      corrected: printed.minus(delta),
      repairs: failing.map((m) => m.j.rel),
      residues,
      ambiguous: false,
    };
    if (best === null || residues < best.residues) best = candidate;
    else if (residues === best.residues) best.ambiguous = true;
  }
  return best;
}

/** Decide which cells explain the failing relations of one table. */
export function blameTable(relations: Relation[], assess: Assess): Blame {
  const byCell = relationIndex(relations, assess);
  const candidates: Repair[] = [];
  for (const [cell, memberships] of byCell) {
    let failing = 0;
    for (const m of memberships) if (m.j.state === 'error') failing++;
    if (failing < 2) continue;
    const r = correct(cell, memberships);
    if (r) candidates.push(r);
  }
  // two candidates repairing one relation: which of them is wrong is not known, so neither is blamed
  const claims = new Map<Relation, number>();
  for (const c of candidates) for (const rel of c.repairs) claims.set(rel, (claims.get(rel) ?? 0) + 1);
  const cells = candidates.filter((c) => c.repairs.every((rel) => claims.get(rel) === 1));
  cells.sort((a, b) => a.cell.span.start - b.cell.span.start);
  const explained = new Set<Relation>();
  for (const c of cells) for (const rel of c.repairs) explained.add(rel);
  const unexplained: Relation[] = [];
  for (const memberships of byCell.values())
    for (const m of memberships)
      if (m.sign === 1 && m.j.state === 'error' && !explained.has(m.j.rel)) unexplained.push(m.j.rel);
  return { cells, unexplained };
}

/**
 * The cells of a failing relation whose correction repairs it without
 * breaking any other relation of the table (each a Repair). The preferred
 * repair is the only one, when there is only one.
 */
export function repairsOf(target: Relation, relations: Relation[], assess: Assess, byCell: RelationIndex = relationIndex(relations, assess)): Repair[] {
  const out: Repair[] = [];
  for (const cell of [target.total, ...target.parts]) {
    const memberships = byCell.get(cell);
    if (!memberships) continue;
    // only the amount that makes this relation hold
    const own = memberships.find((m) => m.j.rel === target || sameRelation(m.j.rel, target));
    if (!own || own.j.state !== 'error') continue;
    const r = correct(cell, memberships, own);
    if (r) out.push(r);
  }
  return out;
}

function sameRelation(a: Relation, b: Relation): boolean {
  return a.rule === b.rule && a.total.span.start === b.total.span.start && a.group === b.group;
}
