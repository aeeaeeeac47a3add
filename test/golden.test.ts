/**
 * Golden files: the findings for each sample, reviewed by hand (see the
 * review notes in test/golden/README.md). Regenerate after a deliberate
 * change with `UPDATE_GOLDEN=1 node test/run.mjs test/golden.test.ts`, then
 * read the diff line by line before committing it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, findingLine, sampleText, SAMPLES, ROOT } from './helpers';

const GOLDEN = path.join(ROOT, 'test', 'golden');

function check(name: string, locale: 'zh-CN' | 'en', file: string) {
  const { model, findings } = analyze(sampleText(name as (typeof SAMPLES)[number]), locale);
  const actual = findings.map((f) => findingLine(model, f)).join('\n') + '\n';
  const golden = path.join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, actual);
  assert.equal(actual, readFileSync(golden, 'utf8'));
}

describe('golden findings per sample', () => {
  for (const name of SAMPLES) it(name, () => check(name, 'zh-CN', `${name}.txt`));
  it('English messages (qingyuan)', () => check('qingyuan-qingxin-2023', 'en', 'qingyuan-qingxin-2023.en.txt'));
});

describe('no error-level finding on the published samples', () => {
  for (const name of SAMPLES)
    it(name, () => {
      const { model, findings } = analyze(sampleText(name));
      const errors = findings.filter((f) => f.severity === 'error').map((f) => findingLine(model, f));
      assert.deepEqual(errors, []);
    });
});
