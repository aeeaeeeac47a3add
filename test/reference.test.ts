/**
 * The catalogue against the attested reference (../shared/reference): every code and name printed
 * in real 2023–2025 documents or added by the two revision notices. Each row must be in the
 * catalogue with that name in every edition it was printed in, verified, with the row's sources;
 * every verified entry must be backed by a row; revision additions start in their edition; and
 * the conflicts file's judgements hold (misprints stay misprints, a pre-rename name is a former
 * name). Like the corpus, the reference is read beside the repository and the tests say once
 * that they were skipped when it is absent (CI has it).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EDITIONS, SOURCES, nameKey, type SourceId } from '../server/src/service/catalog/catalog';
import type { CodeScheme } from '../server/src/service/model/types';
import { ROOT, service } from './helpers';

const REFERENCE_DIR = path.resolve(ROOT, '..', 'shared', 'reference');
const ATTESTED = path.join(REFERENCE_DIR, 'classification-attested.tsv');
const CONFLICTS = path.join(REFERENCE_DIR, 'classification-conflicts.tsv');

function referenceSkip(): false | string {
  if (existsSync(ATTESTED)) return false;
  const reason = `reference not found at ${REFERENCE_DIR}`;
  console.log(`# skipped: the reference tests (${reason}; CI has it)`);
  return reason;
}
const skip = referenceSkip();

interface Row {
  line: number;
  classification: 'function' | 'economic' | 'revenue';
  code: string;
  name: string;
  editions: number[];
  sources: string[];
}

function readTsv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
}

function attested(): Row[] {
  const [header, ...rows] = readTsv(ATTESTED);
  assert.deepEqual(header, ['classification', 'code', 'name', 'editions', 'sources']);
  return rows.map(([classification, code, name, editions, sources], i) => {
    assert.ok(['function', 'economic', 'revenue'].includes(classification), `line ${i + 2}: classification ${classification}`);
    return {
      line: i + 2,
      classification: classification as Row['classification'],
      code,
      name,
      editions: editions.split(',').map(Number),
      sources: sources.split(',').sort((a, b) => SOURCES.indexOf(a as SourceId) - SOURCES.indexOf(b as SourceId)),
    };
  });
}

const catalog = service.catalog()!;
const SCHEMES: CodeScheme[] = ['function', 'economic', 'gov-economic'];

describe('the catalogue against the attested reference', { skip }, () => {
  const rows = skip ? [] : attested();
  const inScope = rows.filter((r) => r.classification !== 'revenue');

  it('reads the whole file: 209 rows, every source one the catalogue knows', () => {
    assert.equal(rows.length, 209);
    for (const r of rows) for (const s of r.sources) assert.ok(SOURCES.includes(s as SourceId), `line ${r.line}: source ${s}`);
    // a year after the newest edition is read with the newest one (editionFor), as documents are
    for (const r of rows) for (const y of r.editions) assert.ok(EDITIONS.includes(y) || y > EDITIONS[EDITIONS.length - 1], `line ${r.line}: edition ${y}`);
  });

  it('has every attested functional and economic code, with the attested name, in every edition it was printed in', () => {
    const wrong: string[] = [];
    for (const r of inScope) {
      for (const printed of r.editions) {
        const year = catalog.editionFor(printed).edition;
        const e = catalog.lookup(r.classification as CodeScheme, r.code, year);
        if (!e) wrong.push(`${r.code} ${r.name}: not in the ${year} edition`);
        else if (nameKey(e.name) !== nameKey(r.name)) wrong.push(`${r.code}: “${e.name}” in the ${year} edition, attested “${r.name}”`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.equal(inScope.length, 204);
  });

  it('marks each of them verified, by exactly the sources that attest it', () => {
    for (const r of inScope) {
      for (const e of catalog.history(r.classification as CodeScheme, r.code)) {
        if (nameKey(e.name) !== nameKey(r.name)) continue;
        assert.ok(e.verified, `${r.code} ${r.name} is verified`);
        assert.deepEqual(e.sources, r.sources, `${r.code}: sources`);
      }
    }
  });

  it('verifies nothing the reference does not attest', () => {
    const attestedKeys = new Set(inScope.map((r) => `${r.classification}:${r.code}:${nameKey(r.name)}`));
    const unbacked = catalog
      .all()
      .filter((e) => e.verified && !attestedKeys.has(`${e.scheme}:${e.code}:${e.key}`))
      .map((e) => `${e.scheme} ${e.code} ${e.name}`);
    assert.deepEqual(unbacked, []);
    assert.equal(catalog.all().filter((e) => e.verified).length, inScope.length);
  });

  it('starts a revision notice’s additions in the edition it revises', () => {
    const notices = inScope.filter((r) => r.sources.every((s) => s.startsWith('MOF-')));
    assert.equal(notices.length, 5, "2024: 22006 2300412; 2025: 2170404 22911 23107");
    for (const r of notices) {
      const year = Number(r.sources[0].slice(4, 8));
      assert.ok(catalog.lookup(r.classification as CodeScheme, r.code, year), `${r.code} ${r.sources} in ${year}`);
      assert.equal(catalog.lookup(r.classification as CodeScheme, r.code, year - 1), undefined, `${r.code} not before ${year}`);
    }
  });

  it('keeps revenue codes out: the catalogue has no revenue classification', () => {
    const revenue = rows.filter((r) => r.classification === 'revenue');
    assert.equal(revenue.length, 5);
    for (const r of revenue) {
      assert.match(r.code, /^1/, `${r.code}: revenue codes start with 1`);
      for (const scheme of SCHEMES) assert.equal(catalog.history(scheme, r.code).length, 0, `${r.code} is in no expenditure scheme`);
    }
  });

  it('follows the conflicts file: misprints stay findings, a pre-rename name is a former name', () => {
    const [header, ...conflicts] = readTsv(CONFLICTS);
    assert.deepEqual(header, ['classification', 'code', 'printed_name', 'docs', 'other_evidence', 'docs', 'project_name', 'judgement']);
    assert.ok(conflicts.length >= 3);
    for (const [scheme, code, printed, , evidence, , projectName, judgement] of conflicts) {
      const e = catalog.lookup(scheme as CodeScheme, code, EDITIONS[EDITIONS.length - 1])!;
      assert.ok(e, `${code} is in the catalogue`);
      assert.equal(e.name, projectName, `${code}: the catalogue keeps the name the judgement stands by`);
      assert.notEqual(nameKey(printed), e.key, `${code}: the printed name is not the official one`);
      const former = e.former.some((f) => nameKey(f.name) === nameKey(printed));
      if (/minority variant/.test(judgement)) assert.ok(former, `${code}: “${printed}” (pre-rename) is a former name`);
      else assert.ok(!former, `${code}: “${printed}” is a misprint, not a former name`);
      const other = /attested under (\d+)/.exec(evidence);
      if (other) assert.equal(catalog.lookup(scheme as CodeScheme, other[1], EDITIONS[EDITIONS.length - 1])?.name, printed, `${code}: the name belongs to ${other[1]}`);
    }
  });
});
