/**
 * Mutations of the narrative over the samples and the corpus: change a stated
 * amount that is tied to a table cell, change a percentage tied to its
 * figures, flip 大于↔小于 or 增加↔减少 — each change must raise a text.* finding
 * inside the sentence changed. The sites are the facts the reader ties to
 * figures; each document must offer a minimum number of them (so that a reader
 * that ties nothing fails here rather than passing with nothing to change).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import { parseDocument } from '../server/src/service/syntax/parser';
import { checkDocument } from '../server/src/service/analysis/check';
import { narrativeFacts, type Fact } from '../server/src/service/analysis/narrative';
import { sampleText, SAMPLES } from './helpers';
import { corpusDocuments, corpusSkip, corpusText } from './corpus';

const PER_KIND = 3;

function textFindings(text: string) {
  return checkDocument(parseDocument(text)).filter((f) => f.code.startsWith('text.'));
}

function fmt(d: Decimal, decimals: number): string {
  return d.toFixed(decimals, Decimal.ROUND_HALF_UP);
}

interface Site {
  kind: string;
  start: number;
  end: number;
  replacement: string;
  sentence: [number, number];
}

function sites(text: string): Site[] {
  const model = parseDocument(text);
  const { facts, sentences } = narrativeFacts(model);
  const flagged = textFindings(text);
  const clean = (f: Fact) => !flagged.some((x) => x.span.start <= f.span.end && x.span.end >= f.span.start);
  const range = (si: number): [number, number] => [sentences[si].start, sentences[si].end];
  const out: Site[] = [];
  const count: Record<string, number> = {};
  const add = (s: Site) => {
    count[s.kind] = (count[s.kind] ?? 0) + 1;
    if (count[s.kind] <= PER_KIND) out.push(s);
  };
  for (const f of facts) {
    if (!clean(f)) continue;
    if (f.type === 'amount' && f.cell && f.subject) {
      // a changed amount: a tenth more, plus one unit of its precision
      const v = f.value.times(1.1).plus(new Decimal(10).pow(-f.decimals)).plus(1);
      add({ kind: 'amount', start: f.span.start, end: f.span.end, replacement: fmt(v, f.decimals), sentence: range(f.sentence) });
    } else if (f.type === 'percent' && f.part && f.whole && !(f.of === 'change' && f.whole.value.isZero())) {
      const v = f.value.times(2).plus(50);
      add({ kind: `percent.${f.of}`, start: f.span.start, end: f.span.end, replacement: fmt(v, f.decimals), sentence: range(f.sentence) });
    } else if (f.type === 'word') {
      if (f.of === 'final-vs-budget' && f.final && (f.word === '大于' || f.word === '小于')) {
        add({ kind: 'word.final', start: f.span.start, end: f.span.end, replacement: f.word === '大于' ? '小于' : '大于', sentence: range(f.sentence) });
      } else if (f.of === 'change-amount') {
        add({ kind: 'word.change', start: f.span.start, end: f.span.end, replacement: f.word === '增加' ? '减少' : '增加', sentence: range(f.sentence) });
      }
    }
  }
  return out;
}

/** Apply each site's change alone; a text.* finding must appear inside its sentence. Returns how many sites were changed. */
function mutate(name: string, text: string, min: number): number {
  const list = sites(text);
  assert.ok(list.length >= min, `${name}: ${list.length} narrative sites (want ≥ ${min})`);
  for (const s of list) {
    const changed = text.slice(0, s.start) + s.replacement + text.slice(s.end);
    const found = textFindings(changed).filter((f) => f.span.start >= s.sentence[0] && f.span.start < s.sentence[1] + (s.replacement.length - (s.end - s.start)));
    assert.ok(found.length > 0, `${name}: ${s.kind} «${text.slice(s.start, s.end)}» → «${s.replacement}» at ${s.start} found nothing in its sentence`);
  }
  return list.length;
}

/** The minimum number of checkable sites per document, from what the narratives state (reviewed by hand). */
const SAMPLE_MIN: Record<string, number> = {
  'huizhou-2023': 8,
  'jiangmen-jianghai-2024': 8,
  'qingyuan-qingxin-2023': 4,
  'shaoguan-2024': 4,
  'shenzhen-2024': 2,
};

describe('narrative mutations', () => {
  for (const name of SAMPLES) {
    it(`${name}: each changed figure or word is found at its sentence`, () => {
      mutate(name, sampleText(name), SAMPLE_MIN[name]);
    });
  }
  it('the corpus: each changed figure or word is found at its sentence', { skip: corpusSkip() }, () => {
    let total = 0;
    for (const doc of corpusDocuments()) {
      if (doc.includes('template')) continue; // a blank template states no figure
      total += mutate(`${doc}.layout`, corpusText(`${doc}.layout.txt`), 6);
      total += mutate(`${doc}.raw`, corpusText(`${doc}.raw.txt`), 3);
    }
    assert.ok(total >= 60, `${total} sites over the corpus`);
  });
});
