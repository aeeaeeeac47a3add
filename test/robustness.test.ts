/**
 * "Never throws": the service must analyse damaged, shuffled, truncated and
 * hostile text without throwing, and every span it hands out must stay inside
 * the text. Damage is generated from the five real samples with a seeded PRNG,
 * so every failure is reproducible from the variant name.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createBudgetService, toLspRange, type DocumentModel, type Finding, type Span } from '../server/src/service';
import { SAMPLES_DIR, SAMPLES as SAMPLE_LIST } from './helpers';

const SAMPLES = SAMPLES_DIR;
const SAMPLE_NAMES = SAMPLE_LIST.map((name) => `${name}.txt`);

// ---------------------------------------------------------------- PRNG

/** mulberry32: a tiny seeded 32-bit PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n); // [0, n)
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------- damage

function splitLinesLF(text: string): string[] {
  return text.split('\n');
}

/** Truncate inside a line (not at its start or end) when the chosen line is long enough. */
function truncateMidLine(text: string, rng: Rng): string {
  const lines = splitLinesLF(text);
  const candidates = lines.map((l, i) => [l, i] as const).filter(([l]) => l.length >= 3);
  if (candidates.length === 0) return text.slice(0, int(rng, text.length + 1));
  const [line, idx] = pick(rng, candidates);
  let offset = 0;
  for (let i = 0; i < idx; i++) offset += lines[i].length + 1;
  return text.slice(0, offset + 1 + int(rng, line.length - 1));
}

function deleteLines(text: string, rng: Rng, fraction: number): string {
  return splitLinesLF(text)
    .filter(() => rng() >= fraction)
    .join('\n');
}

function shuffleLines(text: string, rng: Rng): string {
  const lines = splitLinesLF(text);
  for (let i = lines.length - 1; i > 0; i--) {
    const j = int(rng, i + 1);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  return lines.join('\n');
}

/** A random "nasty" code unit sequence: replacement chars, NUL, tabs, lone surrogates, ASCII, CJK, line breaks. */
function junk(rng: Rng): string {
  switch (int(rng, 12)) {
    case 0:
      return '\uFFFD';
    case 1:
      return '\u0000';
    case 2:
      return '\t';
    case 3:
      return String.fromCharCode(0xd800 + int(rng, 0x400)); // lone high surrogate
    case 4:
      return String.fromCharCode(0xdc00 + int(rng, 0x400)); // lone low surrogate
    case 5:
      return String.fromCharCode(32 + int(rng, 95)); // printable ASCII
    case 6:
      return String.fromCharCode(0x4e00 + int(rng, 0x5000)); // CJK
    case 7:
      return pick(rng, ['\n', '\r', '\r\n', '\u2028', '\u0085']);
    case 8:
      return pick(rng, ['　', '\u00a0', '（', '）', '[', ']', '合计', '小计', '表1', '单位：万元', '-', '—', '.', ',']);
    case 9:
      return String.fromCodePoint(0x1f300 + int(rng, 0x300)); // astral (surrogate pair)
    case 10:
      return String.fromCharCode(int(rng, 32)); // control characters
    default:
      return String.fromCharCode(int(rng, 0x10000)); // any BMP unit
  }
}

function insertJunk(text: string, rng: Rng, count: number): string {
  const parts: string[] = [];
  const points = Array.from({ length: count }, () => int(rng, text.length + 1)).sort((a, b) => a - b);
  let last = 0;
  for (const p of points) {
    parts.push(text.slice(last, p));
    let s = '';
    for (let k = 1 + int(rng, 8); k > 0; k--) s += junk(rng);
    parts.push(s);
    last = p;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

function replaceDigits(text: string, rng: Rng, probability: number): string {
  return text.replace(/[0-9]/g, (d) => (rng() < probability ? pick(rng, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', ',', '', '-', ' ']) : d));
}

function longLine(rng: Rng, length: number): string {
  const alphabet = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', ',', ' ', '　', '合', '计', '支', '出', '表', '预', '算'];
  const out: string[] = new Array(length);
  for (let i = 0; i < length; i++) out[i] = alphabet[int(rng, alphabet.length)];
  return out.join('');
}

interface Variant {
  name: string;
  text: string;
}

/** About 30 damaged variants of one sample. */
function variantsOf(name: string, text: string): Variant[] {
  const seed = hashString(name);
  const rng = mulberry32(seed);
  const v: Variant[] = [];
  // truncations: anywhere (4) and strictly mid-line (4), plus the edges
  for (let k = 0; k < 4; k++) {
    const at = int(rng, text.length + 1);
    v.push({ name: `truncate at ${at}`, text: text.slice(0, at) });
  }
  for (let k = 0; k < 4; k++) {
    const t = truncateMidLine(text, rng);
    v.push({ name: `truncate mid-line at ${t.length}`, text: t });
  }
  v.push({ name: 'truncate at 1', text: text.slice(0, 1) });
  v.push({ name: 'drop last char', text: text.slice(0, -1) });
  // deletions
  for (let k = 0; k < 2; k++) v.push({ name: `delete 10% of lines #${k}`, text: deleteLines(text, rng, 0.1) });
  for (let k = 0; k < 2; k++) v.push({ name: `delete 50% of lines #${k}`, text: deleteLines(text, rng, 0.5) });
  // shuffles
  for (let k = 0; k < 2; k++) v.push({ name: `shuffle lines #${k}`, text: shuffleLines(text, rng) });
  // junk
  for (const count of [5, 50, 500]) v.push({ name: `insert junk x${count}`, text: insertJunk(text, rng, count) });
  // digits
  for (const p of [0.01, 0.1, 0.5]) v.push({ name: `replace digits p=${p}`, text: replaceDigits(text, rng, p) });
  // repetition
  v.push({ name: 'duplicated', text: text + '\n' + text });
  v.push({ name: 'duplicated without separator', text: text + text });
  // line endings
  v.push({ name: 'CRLF', text: text.replace(/\r?\n/g, '\r\n') });
  v.push({ name: 'lone CR', text: text.replace(/\r?\n/g, '\r') });
  v.push({ name: 'mixed line endings', text: text.replace(/\r?\n/g, () => pick(rng, ['\n', '\r\n', '\r'])) });
  v.push({ name: 'BOM + tabs for spaces', text: '\uFEFF' + text.replace(/ /g, '\t') });
  v.push({ name: 'no line breaks', text: text.replace(/\r?\n/g, ' ') });
  // combinations
  v.push({ name: 'shuffle + junk + truncate', text: insertJunk(shuffleLines(text, rng), rng, 30).slice(0, Math.floor(text.length * 0.7)) });
  v.push({ name: 'delete 50% + CRLF + digits', text: replaceDigits(deleteLines(text, rng, 0.5), rng, 0.2).replace(/\n/g, '\r\n') });
  return v;
}

// ---------------------------------------------------------------- invariants

const service = createBudgetService();

function checkSpan(span: Span | null | undefined, textLength: number, where: string): void {
  assert.ok(span && typeof span === 'object', `${where}: span missing`);
  const { start, end } = span;
  assert.ok(
    Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= textLength,
    `${where}: span {start: ${start}, end: ${end}} not within 0..${textLength}`,
  );
}

function checkPosition(model: DocumentModel, span: Span, where: string): void {
  const range = toLspRange(model, span);
  for (const [label, pos] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    assert.ok(
      Number.isInteger(pos.line) && pos.line >= 0 && pos.line < model.lines.length,
      `${where}: ${label}.line ${pos.line} not within 0..${model.lines.length - 1}`,
    );
    const info = model.lines.at(pos.line);
    const lineLength = info.end - info.start;
    assert.ok(
      Number.isInteger(pos.character) && pos.character >= 0 && pos.character <= lineLength,
      `${where}: ${label}.character ${pos.character} > line length ${lineLength}`,
    );
  }
}

/** Analyse and check every invariant; returns the analysis for further comparisons. */
function analyzeChecked(text: string, where: string, locale: 'zh-CN' | 'en' = 'zh-CN'): { model: DocumentModel; findings: Finding[] } {
  let result: { model: DocumentModel; findings: Finding[] };
  try {
    result = service.analyze(text, { locale });
  } catch (err) {
    assert.fail(`${where}: analyze threw: ${(err as Error)?.stack ?? String(err)}`);
  }
  const { model, findings } = result;
  assert.ok(model && typeof model === 'object', `${where}: model`);
  assert.equal(model.text, text, `${where}: model.text is the input`);
  assert.ok(Number.isInteger(model.lines.length) && model.lines.length >= 1, `${where}: model.lines`);
  assert.ok(Array.isArray(model.tables), `${where}: model.tables is an array`);
  assert.ok(Array.isArray(findings), `${where}: findings is an array`);

  const n = text.length;
  for (let i = 0; i < model.lines.length; i++) {
    checkSpan(model.lines.at(i), n, `${where}: line ${i}`);
    if (i > 0) assert.ok(model.lines.start(i) > model.lines.end(i - 1), `${where}: line ${i} starts after the previous line's end`);
  }

  for (const [ti, table] of model.tables.entries()) {
    assert.ok(Array.isArray(table.rows), `${where}: table ${ti} rows`);
    assert.ok(table.startLine >= 0 && table.endLine < model.lines.length && table.startLine <= table.endLine, `${where}: table ${ti} lines ${table.startLine}..${table.endLine}`);
    for (const [ri, row] of table.rows.entries()) {
      const w = `${where}: table ${ti} row ${ri}`;
      assert.ok(row.line >= 0 && row.line < model.lines.length, `${w}: line ${row.line}`);
      if (row.labelSpan) checkSpan(row.labelSpan, n, `${w} labelSpan`);
      for (const [ci, cell] of row.cells.entries()) checkSpan(cell.span, n, `${w} cell ${ci} (${JSON.stringify(cell.raw)})`);
      for (const [ci, cell] of (row.texts ?? []).entries()) checkSpan(cell.span, n, `${w} text cell ${ci}`);
      if (row.code) checkSpan(row.code.span, n, `${w} code`);
    }
  }

  for (const [fi, f] of findings.entries()) {
    const w = `${where}: finding ${fi} (${f.code})`;
    assert.ok(typeof f.code === 'string' && f.code.length > 0, `${w}: code`);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity), `${w}: severity ${f.severity}`);
    assert.ok(typeof f.message === 'string' && f.message.trim().length > 0, `${w}: message is a non-empty string`);
    checkSpan(f.span, n, w);
    checkPosition(model, f.span, w);
    assert.ok(Array.isArray(f.related), `${w}: related`);
    for (const [ri, rel] of f.related.entries()) {
      checkSpan(rel.span, n, `${w} related ${ri}`);
      checkPosition(model, rel.span, `${w} related ${ri}`);
      assert.ok(typeof rel.message === 'string' && rel.message.length > 0, `${w} related ${ri}: message`);
    }
  }
  return result;
}

// ---------------------------------------------------------------- tests

const samples = SAMPLE_NAMES.map((name) => ({ name, text: readFileSync(path.join(SAMPLES, name), 'utf8') }));

for (const sample of samples) {
  describe(`robustness: ${sample.name}`, () => {
    test('the undamaged sample', () => {
      const { model } = analyzeChecked(sample.text, sample.name);
      assert.ok(model.tables.length > 0, 'the sample has tables');
    });

    for (const variant of variantsOf(sample.name, sample.text)) {
      test(variant.name, () => {
        analyzeChecked(variant.text, `${sample.name} [${variant.name}]`);
      });
    }

    test('English locale on a damaged variant', () => {
      const rng = mulberry32(hashString(sample.name) ^ 0x5eed);
      analyzeChecked(insertJunk(sample.text, rng, 40), `${sample.name} [en, junk x40]`, 'en');
    });

    test('CRLF gives the same tables and errors as LF', () => {
      const lf = sample.text.replace(/\r\n?/g, '\n');
      const crlf = lf.replace(/\n/g, '\r\n');
      const a = analyzeChecked(lf, `${sample.name} [LF]`);
      const b = analyzeChecked(crlf, `${sample.name} [CRLF]`);
      assert.equal(b.model.tables.length, a.model.tables.length, 'number of tables');
      assert.deepEqual(
        b.model.tables.map((t) => t.title),
        a.model.tables.map((t) => t.title),
        'table titles',
      );
      const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error').length;
      assert.equal(errors(b.findings), errors(a.findings), 'number of error findings');
      assert.equal(b.model.lines.length, a.model.lines.length, 'number of lines');
    });
  });
}

describe('robustness: synthetic input', () => {
  test('empty string', () => {
    const { model, findings } = analyzeChecked('', 'empty');
    assert.equal(model.tables.length, 0);
    assert.ok(Array.isArray(findings));
  });

  test('only newlines', () => {
    analyzeChecked('\n'.repeat(1000), 'newlines');
    analyzeChecked('\r\n'.repeat(1000), 'CRLFs');
    analyzeChecked('\r'.repeat(1000), 'CRs');
  });

  test('a single character of each nasty kind', () => {
    for (const s of ['\u0000', '\uFFFD', '\t', '\ud800', '\udc00', '\r', '\n', '\r\n', '　', '\uFEFF', '表1', '合计', '1', '-', '.'])
      analyzeChecked(s, `single ${JSON.stringify(s)}`);
  });

  test('a 1 MB single line of digits, dots, commas, spaces and CJK', () => {
    const text = longLine(mulberry32(20240601), 1 << 20);
    const t0 = Date.now();
    analyzeChecked(text, '1 MB line');
    const ms = Date.now() - t0;
    assert.ok(ms < 10_000, `1 MB line took ${ms} ms`);
  });

  test('random junk documents', () => {
    const rng = mulberry32(777);
    for (let k = 0; k < 10; k++) {
      let s = '';
      for (let i = 2000 + int(rng, 3000); i > 0; i--) s += junk(rng);
      analyzeChecked(s, `junk document #${k}`);
    }
  });

  test('a budget-looking skeleton with every row broken', () => {
    const rng = mulberry32(4242);
    const lines = ['2024年部门预算', '表1', '部门收支总体情况表', '单位：万元', '项目 合计 基本支出 项目支出'];
    for (let i = 0; i < 200; i++) {
      const code = String(201 + int(rng, 30)) + (rng() < 0.5 ? String(int(rng, 100)).padStart(2, '0') : '');
      const nums = Array.from({ length: int(rng, 6) }, () => (rng() * 1000).toFixed(int(rng, 3)));
      lines.push([code, pick(rng, ['合计', '小计', '行政运行', '　　其他', '']), ...nums].join(pick(rng, [' ', '\t', '  '])));
    }
    analyzeChecked(lines.join('\n'), 'skeleton');
    analyzeChecked(lines.join('\r'), 'skeleton CR');
  });
});
