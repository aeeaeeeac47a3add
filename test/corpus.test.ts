/**
 * The real Shanghai corpus (../shared/corpus, not ours to commit; skipped with a note when absent).
 * What is asserted are facts about the reading, not the documents' text: every table found with its
 * kind, the number of code rows each table has (counted by hand in the PDFs), code trees that hang
 * together, no false error on either conversion, and the findings' positions and rule ids (golden,
 * reviewed; see test/golden/README.md). No excerpt of a document is stored in the repository.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, ROOT } from './helpers';
import { corpusDocuments, corpusSkip, corpusText } from './corpus';
import { toLspRange } from '../server/src/service';

const BUDGET = ['summary', 'income', 'expenditure', 'fiscal-summary', 'general-budget-function', 'government-fund', 'state-capital', 'general-budget-basic-economic', 'three-public'];
const FINAL = ['summary', 'income', 'expenditure', 'fiscal-summary', 'general-budget-function', 'general-budget-basic-economic', 'three-public', 'government-fund', 'state-capital'];

/** Code rows per table, in table order, counted by hand in each PDF (the template's tables are the empty form). */
const CODE_ROWS: Record<string, number[]> = {
  'putuo-caizhengju-2024-juesuan': [0, 19, 19, 0, 19, 64, 0, 0, 0],
  'putuo-fuliyuan-2024-yusuan-unit': [0, 14, 14, 0, 14, 0, 0, 26, 0],
  'putuo-guihua-ziyuan-2024-juesuan': [0, 24, 24, 0, 24, 65, 0, 0, 0],
  'putuo-sifaju-2026-yusuan': [0, 21, 21, 0, 21, 0, 0, 29, 0],
  'putuo-wanli-2024-yusuan': [0, 66, 66, 0, 66, 0, 0, 31, 0],
  'shanghai-juesuan-template': [0, 5, 5, 0, 5, 65, 0, 0, 0],
};

const GOLDEN = path.join(ROOT, 'test', 'golden', 'corpus');

describe('the Shanghai corpus', { skip: corpusSkip() }, () => {
  for (const doc of corpusDocuments()) {
    describe(doc, () => {
      const layout = analyze(corpusText(`${doc}.layout.txt`));

      it('layout text: the nine tables with their kinds, in order', () => {
        const kinds = layout.model.kind === 'final-accounts' ? FINAL : BUDGET;
        assert.deepEqual(layout.model.tables.map((t) => t.kind), kinds);
      });

      it('layout text: every code row, with full codes in well-formed trees', () => {
        assert.deepEqual(layout.model.tables.map((t) => t.rows.filter((r) => r.code).length), CODE_ROWS[doc]);
        for (const t of layout.model.tables) {
          const seen = new Set<string>();
          for (const r of t.rows) {
            if (!r.code) continue;
            const code = r.code.code;
            assert.equal(code.length, [3, 5, 7][r.code.level - 1], `${t.title}: ${code} is a full code`);
            // the 类 / 款 a code belongs to comes before it (function codes; the economic ones are 3/5)
            if (r.code.scheme === 'function' && code.length > 3) assert.ok(seen.has(code.slice(0, code.length - 2)), `${t.title}: ${code} under its parent`);
            seen.add(code);
            assert.equal(r.cells.filter((c) => c.column !== undefined).length > 0 || r.cells.length === 0, true);
          }
        }
      });

      it('no error on either conversion except real inconsistencies (none in these six)', () => {
        const errs = (f: ReturnType<typeof analyze>) => f.findings.filter((x) => x.severity === 'error').map((x) => `${x.code} ${x.message}`);
        assert.deepEqual(errs(layout), []);
        assert.deepEqual(errs(analyze(corpusText(`${doc}.raw.txt`))), []);
      });

      it('findings: positions and rule ids as reviewed', () => {
        const lines = (f: ReturnType<typeof analyze>) =>
          f.findings.map((x) => {
            const r = toLspRange(f.model, x.span);
            return `${r.start.line + 1}:${r.start.character + 1} ${x.severity} ${x.code}`;
          });
        const actual = [`# ${doc}.layout.txt`, ...lines(layout), `# ${doc}.raw.txt`, ...lines(analyze(corpusText(`${doc}.raw.txt`)))].join('\n') + '\n';
        const file = path.join(GOLDEN, `${doc}.txt`);
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(file, actual);
        }
        assert.equal(actual, readFileSync(file, 'utf8'));
      });
    });
  }
});
