/**
 * Compact related locations: none on the finding's own range (its message
 * says it instead), none twice, at most MAX_RELATED and then “… and N more”.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compactRelated, MAX_RELATED } from '../server/src/service/analysis/compactRelated';
import type { Finding } from '../server/src/service';
import { SAMPLES, analyze, sampleText } from './helpers';
import { CORPUS_AVAILABLE, corpusDocuments, corpusText } from './corpus';
import { bump } from './mutate';

const span = (start: number, end = start + 4) => ({ start, end });
const finding = (related: Finding['related']): Finding => ({ code: 'sum.children', severity: 'error', span: span(100), message: '「合计」100.00，下级合计 90.00', related });

describe('related locations: the rule', () => {
  it('a location equal to the finding’s own range is folded into its message, without their shared lead', () => {
    const [f] = compactRelated([finding([{ span: span(100), message: '「合计」与各列之和相差 +0.01' }, { span: span(10), message: 'a' }])], 'zh-CN');
    assert.equal(f.message, '「合计」100.00，下级合计 90.00；与各列之和相差 +0.01');
    assert.deepEqual(f.related, [{ span: span(10), message: 'a' }]);
  });

  it('a location given twice is listed once, with both messages', () => {
    const [f] = compactRelated([finding([{ span: span(10), message: 'a' }, { span: span(20), message: 'b' }, { span: span(10), message: 'c' }, { span: span(10), message: 'a' }])], 'en');
    assert.deepEqual(f.related, [{ span: span(10), message: 'a; c' }, { span: span(20), message: 'b' }]);
  });

  it(`at most ${MAX_RELATED}, then one “… and N more” at the first left out (zh / en)`, () => {
    const many = Array.from({ length: 17 }, (_, i) => ({ span: span(1000 + i * 10), message: `part ${i}` }));
    const [zh] = compactRelated([finding(many)], 'zh-CN');
    assert.equal(zh.related.length, MAX_RELATED + 1);
    assert.deepEqual(zh.related.slice(0, MAX_RELATED), many.slice(0, MAX_RELATED));
    assert.deepEqual(zh.related[MAX_RELATED], { span: many[MAX_RELATED].span, message: `… 等另外 ${17 - MAX_RELATED} 处` });
    const [en] = compactRelated([finding(many)], 'en');
    assert.equal(en.related[MAX_RELATED].message, `… and ${17 - MAX_RELATED} more`);
    // a short list is left as it is
    const few = finding(many.slice(0, 3));
    assert.equal(compactRelated([few], 'en')[0], few);
  });
});

describe('related locations on the samples and the corpus, as found and with a figure changed', () => {
  it('compact everywhere: no own range, no repeats, a capped list ends with the count left out', () => {
    const texts = SAMPLES.map((s) => sampleText(s));
    if (CORPUS_AVAILABLE) for (const d of corpusDocuments()) texts.push(corpusText(`${d}.layout.txt`));
    let capped = 0;
    for (const text of texts) {
      const { model } = analyze(text);
      // a few changed figures per document: sums that break list their parts
      const cells = model.tables.flatMap((t) => t.rows.filter((r) => r.kind === 'code' || r.kind === 'total').flatMap((r) => r.cells)).filter((c) => /^\d[\d,]*\.\d\d$/.test(c.raw));
      const variants = [text, ...cells.filter((_, i) => i % Math.max(1, Math.floor(cells.length / 6)) === 0).slice(0, 6).map((c) => text.slice(0, c.span.start) + bump(c.raw, 1000) + text.slice(c.span.end))];
      for (const v of variants) {
        for (const f of analyze(v).findings) {
          assert.ok(f.related.length <= MAX_RELATED + 1, `${f.code}: ${f.related.length} related`);
          const keys = f.related.map((r) => `${r.span.start}:${r.span.end}`);
          assert.equal(new Set(keys).size, keys.length, `${f.code}: a location twice`);
          assert.ok(!keys.includes(`${f.span.start}:${f.span.end}`), `${f.code}: its own range as related`);
          if (f.related.length === MAX_RELATED + 1) {
            capped++;
            assert.match(f.related[MAX_RELATED].message, /^… 等另外 \d+ 处$/);
          }
        }
      }
    }
    assert.ok(capped > 0, 'some findings had more locations than the cap (damaged-number tables, sums of many parts)');
  });
});
