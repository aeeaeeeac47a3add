/**
 * The PDF reader: page markers in the scanner, the geometry (items → lines → tables → canonical
 * text) on hand-made items and on small PDFs written here with pdf-lib, bad input, and the six
 * real PDFs of ../shared/corpus (skipped with a message when absent).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { analyze } from './helpers';
import { canonicalText, pageLines, type PdfPage, type PdfTextItem } from '../server/src/pdf/geometry';
import * as reader from '../server/src/pdf/pdfToText';
import { loadPdfjs, pdfFirstPageText, pdfToText, PdfReadError, textOnlyWorker } from '../server/src/pdf/pdfToText';
import { isBudgetCover, isBudgetPdfName } from '../server/src/pdf/budgetPdf';
import { pageAtOffset, pageMarker, pageMarkerSpans, pdfSourceName } from '../server/src/service/syntax/pageMarks';
import { main as mainAsync } from '../server/src/cli';
import { CORPUS_DIR, corpusSkip } from './corpus';

const ROOT_DIR = path.resolve(__dirname, '..');

// ---------------------------------------------------------------------------------------------
// helpers

/** Items of one line: [text, x] pairs at baseline y, font size 10, 5 units a character. */
function row(y: number, ...cells: [string, number][]): PdfTextItem[] {
  return cells.map(([str, x]) => ({ str, x, y, w: str.length * 5, h: 10 }));
}

/** A right-aligned figure ending at `right`. */
function fig(str: string, right: number): [string, number] {
  return [str, right - str.length * 5];
}

function page(n: number, ...rows: PdfTextItem[][]): PdfPage {
  const items: PdfTextItem[] = [];
  for (const r of rows) for (const it of r) items.push(it);
  return { page: n, width: 600, height: 800, items };
}

function tsvRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.split('\t'));
}

interface PdfLine {
  y: number;
  cells: [string, number][];
}

/** A PDF of ASCII lines in Helvetica 10 (x, y from the page's top-left). */
async function makePdf(pages: PdfLine[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const p = doc.addPage([600, 800]);
    for (const l of lines) for (const [str, x] of l.cells) p.drawText(str, { x, y: 800 - l.y, size: 10, font });
  }
  return doc.save();
}

// ---------------------------------------------------------------------------------------------

describe('page markers', () => {
  const table = [
    '〔来源：测试.pdf，PDF 共 2 页〕',
    '〔第 1 页〕',
    '2024年部门收入预算总表',
    '单位：元',
    '功能分类科目编码\t功能分类科目名称\t合计\t财政拨款收入\t事业收入\t事业单位经营收入\t其他收入',
    '201\t一般公共服务支出\t300.00\t300.00\t0.00\t0.00\t0.00',
    '20101\t人大事务\t300.00\t300.00\t0.00\t0.00\t0.00',
    '〔第 2 页〕',
    '2010101\t行政运行\t200.00\t200.00\t0.00\t0.00\t0.00',
    '2010102\t一般行政管理事务\t100.00\t100.00\t0.00\t0.00\t0.00',
    '\t合计\t300.00\t300.00\t0.00\t0.00\t0.00',
  ].join('\n');

  test('are never read as data, titles or headings; a table goes on over a marked page break', () => {
    const { model, findings } = analyze(table);
    assert.equal(model.tables.length, 1);
    const t = model.tables[0];
    assert.equal(t.kind, 'income');
    const codes = t.rows.filter((r) => r.kind !== 'continuation').map((r) => r.code?.code ?? r.label);
    assert.deepEqual(codes, ['201', '20101', '2010101', '2010102', '合计']);
    for (const r of t.rows) assert.ok(!/第\s*\d+\s*页|来源/.test(r.label ?? ''), r.label);
    assert.ok(!/来源|〔/.test(model.title ?? ''), String(model.title));
    for (const s of model.sections) assert.ok(!s.heading.title.includes('〔'), s.heading.title);
    assert.deepEqual(
      findings.filter((f) => f.severity === 'error').map((f) => f.message),
      [],
    );
  });

  test('a marker inside a table is not a row, and the page of an offset is found', () => {
    const model = analyze(table).model;
    const rowLines = model.tables[0].rows.map((r) => r.line);
    const markerLine = table.split('\n').indexOf('〔第 2 页〕');
    assert.ok(!rowLines.includes(markerLine));
    assert.equal(pageAtOffset(table, table.indexOf('2010101')), 2);
    assert.equal(pageAtOffset(table, table.indexOf('20101\t')), 1);
    assert.equal(pageAtOffset('no markers', 3), null);
    assert.equal(pageMarker(3), '〔第 3 页〕');
  });
});

describe('geometry', () => {
  test('items on one baseline make a line; a wide gap separates chunks, a narrow one does not', () => {
    const lines = pageLines(page(1, row(100, ['Total', 50], ['cost', 80], fig('1,234.00', 300)), row(100.8, ['x', 400])));
    assert.equal(lines.length, 1);
    assert.deepEqual(
      lines[0].chunks.map((c) => c.text),
      ['Total cost', '1,234.00', 'x'],
    );
  });

  test('a table: split codes joined, every column kept, blank cells blank, wrapped names joined', () => {
    const p = page(
      1,
      row(50, ['Table of spending by function 表', 150]),
      row(70, ['Name', 120], ['Total', 300], ['Basic', 400], ['Project', 500]),
      row(90, ['201', 40], ['General services', 120], fig('300.00', 330), fig('200.00', 430), fig('100.00', 530)),
      row(110, ['201', 40], ['01', 70], ['People', 120], fig('200.00', 330), fig('200.00', 430)),
      row(130, ['201', 40], ['01', 70], ['01', 90], ['Running costs of the', 120], fig('100.00', 330), fig('100.00', 430)),
      row(141, ['office', 120]),
      row(160, ['201', 40], ['01', 70], ['02', 90], ['Projects', 120], fig('100.00', 330), fig('100.00', 530)),
      row(180, ['Total', 150], fig('300.00', 330), fig('200.00', 430), fig('100.00', 530)),
    );
    const text = canonicalText([p], { source: 'x.pdf', pageCount: 1 });
    const rows = tsvRows(text);
    assert.deepEqual(rows.slice(1), [
      ['201', 'General services', '300.00', '200.00', '100.00'],
      ['20101', 'People', '200.00', '200.00', ''],
      ['2010101', 'Running costs of the office', '100.00', '100.00', ''],
      ['2010102', 'Projects', '100.00', '', '100.00'],
      ['', 'Total', '300.00', '200.00', '100.00'],
    ]);
    assert.ok(text.startsWith('〔来源：x.pdf，PDF 共 1 页〕\n〔第 1 页〕\n'));
  });

  test('a table continued on the next page is one table; its repeated title and header are dropped', () => {
    const title = ['Spending table 表', 150] as [string, number];
    const header = [['Name', 120], ['Total', 300], ['Basic', 400]] as [string, number][];
    const p1 = page(1, row(50, title), row(70, ...header), row(90, ['301', 40], ['Wages', 120], fig('10.00', 330), fig('10.00', 430)));
    const p2 = page(2, row(50, title), row(70, ...header), row(90, ['302', 40], ['Goods', 120], fig('5.00', 330), fig('5.00', 430)));
    const text = canonicalText([p1, p2], { source: 'x.pdf', pageCount: 2 });
    assert.equal(text.split('\n').filter((l) => l === 'Spending table 表').length, 1);
    assert.equal(text.split('\n').filter((l) => l.includes('Name')).length, 1);
    const lines = text.split('\n');
    assert.ok(lines.indexOf('〔第 2 页〕') > lines.findIndex((l) => l.startsWith('301')));
    assert.ok(lines.indexOf('〔第 2 页〕') < lines.findIndex((l) => l.startsWith('302')));
  });

  test('a ruled table: columns between the vertical rules, rows between the horizontal ones, blank columns kept', () => {
    // columns: 类 | 款 | 项 | name | total | basic | project (project blank everywhere)
    const xs = [30, 60, 80, 100, 250, 330, 410, 490];
    const ys = [60, 80, 100, 130, 150];
    const rules = [
      ...xs.map((x) => ({ x1: x, y1: ys[0], x2: x, y2: ys[ys.length - 1] })),
      ...ys.map((y) => ({ x1: xs[0], y1: y, x2: xs[xs.length - 1], y2: y })),
    ];
    const p: PdfPage = {
      ...page(
        1,
        row(40, ['Spending table 表', 200]),
        row(75, ['Lei', 32], ['Kuan', 61], ['Xiang', 81], ['Name', 150], ['Total', 280], ['Basic', 350], ['Project', 420]),
        row(95, ['201', 35], ['General services', 105], fig('300.00', 325), fig('300.00', 405)),
        // a name wrapped on two lines, its figure centred between them; a 款 without its leading zero
        row(110, ['201', 35], ['1', 65], ['Office of the', 105]),
        row(115, fig('300.00', 325), fig('300.00', 405)),
        row(122, ['people', 105]),
        row(145, ['Total', 150], fig('300.00', 325), fig('300.00', 405)),
      ),
      rules,
    };
    const rows = tsvRows(canonicalText([p], { source: 'x.pdf', pageCount: 1 }));
    assert.deepEqual(rows, [
      ['LeiKuanXiang', 'Name', 'Total', 'Basic', 'Project'],
      ['201', 'General services', '300.00', '300.00', ''],
      ['20101', 'Office of the people', '300.00', '300.00', ''],
      ['', 'Total', '300.00', '300.00', ''],
    ]);
  });

  test('page numbers at the foot of the page are dropped', () => {
    const text = canonicalText([page(1, row(100, ['Some text here', 50]), row(780, ['- 7 -', 290]))], { source: 'x.pdf', pageCount: 1 });
    assert.ok(text.includes('Some text here'));
    assert.ok(!text.includes('7'));
  });
});

describe('PDF files', () => {
  test('a generated PDF: lines, columns and codes from the positions pdf.js reports', async () => {
    const bytes = await makePdf([
      [
        { y: 60, cells: [['Code', 40], ['Name', 120], ['Total', 300], ['Basic', 400], ['Project', 500]] },
        { y: 80, cells: [['201', 40], ['General services', 120], ['300.00', 300], ['200.00', 400], ['100.00', 500]] },
        { y: 100, cells: [['201', 40], ['01', 65], ['People', 120], ['300.00', 300], ['200.00', 400]] },
        { y: 120, cells: [['Total', 150], ['300.00', 300], ['200.00', 400], ['100.00', 500]] },
      ],
    ]);
    const r = await pdfToText(bytes, { source: 'generated.pdf' });
    assert.equal(r.pages, 1);
    // the header names the source, read back for the page markers' links to the PDF
    assert.equal(pdfSourceName(r.text), 'generated.pdf');
    assert.deepEqual(pageMarkerSpans(r.text).map((m) => m.page), [1]);
    const rows = tsvRows(r.text);
    assert.deepEqual(rows.slice(1), [
      ['201', 'General services', '300.00', '200.00', '100.00'],
      ['20101', 'People', '300.00', '200.00', ''],
      ['', 'Total', '300.00', '200.00', '100.00'],
    ]);
  });

  test('a generated PDF with drawn rules: its grid is read from the operator list', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const p = doc.addPage([600, 800]);
    const xs = [30, 100, 300, 400, 500];
    const ys = [700, 680, 660, 640];
    for (const x of xs) p.drawLine({ start: { x, y: ys[0] }, end: { x, y: ys[ys.length - 1] }, thickness: 0.5 });
    for (const y of ys) p.drawLine({ start: { x: xs[0], y }, end: { x: xs[xs.length - 1], y }, thickness: 0.5 });
    const text = (s: string, x: number, y: number) => p.drawText(s, { x, y, size: 10, font });
    // the second figure column starts at 304, close to the name: only the rule between them separates the cells
    text('Code', 35, 686);
    text('Name', 105, 686);
    text('Total', 305, 686);
    text('Basic', 405, 686);
    text('201', 35, 666);
    text('General services and', 105, 666);
    text('100.00', 304, 666);
    text('2010101', 35, 646);
    text('Running costs', 105, 646);
    text('100.00', 304, 646);
    text('100.00', 404, 646);
    const r = await pdfToText(await doc.save(), { source: 'ruled.pdf' });
    assert.deepEqual(tsvRows(r.text), [
      ['Code', 'Name', 'Total', 'Basic'],
      ['201', 'General services and', '100.00', ''],
      ['2010101', 'Running costs', '100.00', '100.00'],
    ]);
  });

  test('a PDF without text (a scan) is refused with no-text', async () => {
    const doc = await PDFDocument.create();
    const p = doc.addPage([600, 800]);
    p.drawRectangle({ x: 50, y: 50, width: 400, height: 600 });
    const bytes = await doc.save();
    await assert.rejects(pdfToText(bytes), (e: unknown) => e instanceof PdfReadError && e.reason === 'no-text');
  });

  test('damaged and non-PDF input is refused with damaged, never a crash', async () => {
    await assert.rejects(pdfToText(new TextEncoder().encode('hello, not a pdf')), (e: unknown) => e instanceof PdfReadError && e.reason === 'damaged');
    await assert.rejects(
      pdfToText(new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\ngarbage')),
      (e: unknown) => e instanceof PdfReadError && (e.reason === 'damaged' || e.reason === 'no-text'),
    );
  });
});

describe('is an opened PDF a budget? (the offer to open it as budget text)', () => {
  test('by its file name: 预算, 决算, their pinyin, budget', () => {
    for (const n of ['某某局2025年部门预算.pdf', '2024年度部门决算.PDF', 'xx-2026-yusuan.pdf', 'xx-2024-juesuan-unit.pdf', 'City Budget 2025.pdf']) assert.ok(isBudgetPdfName(n), n);
    for (const n of ['invoice.pdf', 'paper-2024.pdf', '会议纪要.pdf']) assert.ok(!isBudgetPdfName(n), n);
  });

  test("by its first page's text: read cheaply, and never throwing on a bad file", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([600, 800]).drawText('Cover page of a report', { x: 50, y: 700, size: 12, font });
    doc.addPage([600, 800]).drawText('Second page', { x: 50, y: 700, size: 12, font });
    const first = await pdfFirstPageText(await doc.save());
    assert.match(first, /Cover page of a report/);
    assert.doesNotMatch(first, /Second page/);
    assert.equal(await pdfFirstPageText(new TextEncoder().encode('not a pdf')), '');
    assert.equal(await pdfFirstPageText(new TextEncoder().encode('%PDF-1.7\ngarbage')), '');
    assert.ok(isBudgetCover('上海市某某区2026年区级部门预算 预算主管部门：某某局'));
    assert.ok(isBudgetCover('某某局 2024 年度部门决 算'));
    assert.ok(!isBudgetCover('Cover page of a report'));
  });
});

/** Run the CLI in this process; its output and exit status. */
async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await mainAsync(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('cost', () => {
  test('pdf.js is loaded only when a PDF is read: checking a text file does not load it', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = [
      "const { main } = require('./server/src/cli');",
      "main(['--jobs', '1', '--format', 'json', 'samples/shenzhen-2024.txt'], { out: () => {}, err: () => {} }).then((code) => {",
      "  const pdfModules = Object.keys(require.cache).filter((k) => /pdfjs-dist|pdfToText/.test(k));",
      "  process.stdout.write(JSON.stringify({ code, worker: globalThis.pdfjsWorker !== undefined, pdfModules }));",
      "});",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.resolve(__dirname, '..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { code: number; worker: boolean; pdfModules: string[] };
    assert.ok(out.code === 0 || out.code === 1);
    assert.equal(out.worker, false);
    assert.deepEqual(out.pdfModules, []);
  });
});

describe('pdf.js for the text layer only', () => {
  test("fonts with their own ToUnicode map are not parsed: the patch applies to both of pdf.js's worker builds", async () => {
    const { readFileSync } = await import('node:fs');
    const build = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'legacy', 'build');
    for (const f of ['pdf.worker.mjs', 'pdf.worker.min.mjs']) {
      const source = readFileSync(path.join(build, f), 'utf8');
      const patched = textOnlyWorker(source);
      assert.ok(patched, f);
      assert.equal(patched.length - source.length > 50, true, f);
      assert.match(patched, /\.hasIncludedToUnicodeMap && \w+\.toUnicode && \w+\.toUnicode\.firstChar === undefined\)\) \{/, f);
    }
    // another version's worker, where the anchor is not found: loaded unchanged
    assert.equal(textOnlyWorker('class Font { constructor(a, b, c) { this.x = 1; } }'), null);
    await loadPdfjs();
    assert.equal(reader.fontProgramsSkipped, true);
  });

  test("pdf.js's polyfills do not replace the process's native methods (Array.prototype.push, JSON.parse)", async () => {
    await loadPdfjs();
    const native = (f: unknown) => /\[native code\]/.test(Function.prototype.toString.call(f));
    assert.ok(native(Array.prototype.push), 'Array.prototype.push');
    assert.ok(native(JSON.parse), 'JSON.parse');
    // and pdf.js still reads (a generated PDF, whose standard font is not embedded)
    const bytes = await makePdf([[{ y: 60, cells: [['Figures 1,234.50 and 99.00', 40]] }]]);
    assert.match((await pdfToText(bytes)).text, /Figures 1,234\.50 and 99\.00/);
  });
});

describe('bad PDFs', () => {
  /** A one-page PDF with a line of text, classic xref table and trailer (so the trailer can be edited). */
  async function onePage(): Promise<Buffer> {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([600, 800]).drawText('Budget figures 123.45 and 678.90 in a line of text', { x: 50, y: 700, size: 12, font });
    return Buffer.from(await doc.save({ useObjectStreams: false }));
  }

  test('an encrypted PDF (a user password) is refused with encrypted', async () => {
    const hex = (n: number) => '<' + 'ab'.repeat(n) + '>';
    const plain = (await onePage()).toString('latin1');
    assert.match(plain, /trailer\s*<</);
    const encrypted = plain.replace(/trailer\s*<</, `trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O ${hex(32)} /U ${hex(32)} /P -4 >>\n/ID [${hex(16)} ${hex(16)}]\n`);
    await assert.rejects(pdfToText(Buffer.from(encrypted, 'latin1')), (e: unknown) => e instanceof PdfReadError && e.reason === 'encrypted');
    // the same file without the encryption reads
    assert.match((await pdfToText(Buffer.from(plain, 'latin1'))).text, /Budget figures 123\.45/);
  });

  test('a truncated PDF is refused (damaged), it does not hang', async () => {
    const bytes = await onePage();
    for (const cut of [bytes.length >> 1, 200, 20]) {
      await assert.rejects(pdfToText(bytes.subarray(0, cut), { timeoutMs: 20_000 }), (e: unknown) => e instanceof PdfReadError && (e.reason === 'damaged' || e.reason === 'no-text'));
    }
  });

  test('pages beyond the limit, and a read past its time, end with too-large and timeout', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < 60; i++) {
      const p = doc.addPage([600, 800]);
      for (let k = 0; k < 30; k++) p.drawText(`Row ${k} of page ${i}   ${(k * 1234.5).toFixed(2)}   ${(k * 99.25).toFixed(2)}`, { x: 40, y: 760 - k * 20, size: 10, font });
    }
    const bytes = await doc.save();
    await assert.rejects(pdfToText(bytes, { maxPages: 50 }), (e: unknown) => e instanceof PdfReadError && e.reason === 'too-large' && /60 pages/.test(e.message));
    const started = Date.now();
    await assert.rejects(pdfToText(bytes, { timeoutMs: 1 }), (e: unknown) => e instanceof PdfReadError && e.reason === 'timeout');
    assert.ok(Date.now() - started < 5000, 'the time bound holds');
    const read = await pdfToText(bytes);
    assert.equal(read.pages, 60);
    assert.match(read.text, /〔第 60 页〕/);
  });
});

describe('a 500-page PDF', () => {
  test('is read whole within the default bounds, page by page; over a lower page limit it is refused with a clear message', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 1; i <= 500; i++) {
      const p = doc.addPage([600, 800]);
      for (let k = 0; k < 12; k++) p.drawText(`20101${String(k).padStart(2, '0')}   Item ${k} of page ${i}   ${(i * 100 + k).toFixed(2)}   ${(k * 3.5).toFixed(2)}`, { x: 40, y: 760 - k * 20, size: 10, font });
    }
    const bytes = await doc.save();
    const before = process.memoryUsage().rss;
    const read = await pdfToText(bytes);
    assert.equal(read.pages, 500);
    // one table over 500 pages: each page's marker once, in order
    assert.deepEqual(pageMarkerSpans(read.text).map((m) => m.page), Array.from({ length: 500 }, (_, i) => i + 1));
    assert.match(read.text, /Item 11 of page 500/);
    // the pages' text is all that stays: far from the memory of the machine (a generous bound, not a measurement)
    assert.ok(process.memoryUsage().rss - before < 1024 * 1024 * 1024, 'memory stays bounded');
    const refused = await pdfToText(bytes, { maxPages: 499 }).catch((e: unknown) => e);
    assert.ok(refused instanceof PdfReadError && refused.reason === 'too-large');
    assert.match(refused.message, /500 pages \(at most 499\)/);
  });
});

describe('CLI on PDF files', () => {
  const table = [
    { y: 60, cells: [['Code', 40], ['Name', 120], ['Total', 300], ['Basic', 400], ['Project', 500]] },
    { y: 80, cells: [['201', 40], ['General services', 120], ['300.00', 300], ['200.00', 400], ['100.00', 500]] },
  ] as PdfLine[];

  test('--to-text prints the canonical text; a folder includes its PDFs; bad PDFs get a clear message', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'budget-pdf-'));
    try {
      writeFileSync(path.join(dir, 'a.pdf'), await makePdf([table]));
      const doc = await PDFDocument.create();
      doc.addPage([600, 800]);
      writeFileSync(path.join(dir, 'scan.pdf'), await doc.save());
      writeFileSync(path.join(dir, 'broken.pdf'), '%PDF-1.4\nthis is not a pdf body');
      const t = await runCli(['--to-text', path.join(dir, 'a.pdf')]);
      assert.equal(t.code, 0, t.err);
      assert.ok(t.out.startsWith('〔来源：a.pdf，PDF 共 1 页〕\n〔第 1 页〕\n'), t.out);
      assert.ok(t.out.includes('201\tGeneral services\t300.00\t200.00\t100.00'), t.out);

      const none = await runCli(['--to-text', '--locale', 'en', path.join(ROOT_DIR, 'samples', 'shenzhen-2024.txt')]);
      assert.equal(none.code, 2);
      assert.match(none.err, /--to-text needs PDF files/);
      const r = await runCli(['--locale', 'en', '--format', 'json', dir]);
      const json = JSON.parse(r.out) as { files: { path: string; diagnostics: { code: string; message: string }[] }[] };
      const byName = new Map(json.files.map((f) => [path.basename(f.path), f.diagnostics]));
      assert.deepEqual([...byName.keys()].sort(), ['a.pdf', 'broken.pdf', 'scan.pdf']);
      assert.equal(r.code, 2, 'two PDFs were not checked: never exit 0 as if clean');
      assert.match(r.err, /scan\.pdf: .*not checked/);
      assert.deepEqual(
        byName.get('scan.pdf')!.map((d) => [d.code, d.message]),
        [['document.pdf-no-text', 'no text layer: run OCR first']],
      );
      const zh = await runCli(['--locale', 'zh-CN', path.join(dir, 'scan.pdf')]);
      assert.match(zh.out, /scan\.pdf:1:1: warning document\.pdf-no-text 扫描件：没有文字层，请先做文字识别/);
      assert.equal(zh.code, 2);
      const broken = byName.get('broken.pdf')!;
      assert.equal(broken.length, 1);
      assert.equal(broken[0].code, 'document.pdf-unreadable');
      assert.match(broken[0].message, /cannot be read.*damaged or not a PDF/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('findings on a real PDF name the page, in text, JSON and SARIF', { skip: corpusSkip() }, async () => {
    const file = path.join(CORPUS_DIR, 'putuo-sifaju-2026-yusuan.pdf');
    const text = await runCli(['--locale', 'en', file]);
    const lines = text.out.split('\n').filter((l) => l.includes('sum.') || l.includes('code.'));
    for (const l of lines) assert.match(l, /\(page \d+\)$/, l);
    const json = JSON.parse((await runCli(['--locale', 'en', '--format', 'json', file])).out) as {
      files: { tables: { kind: string }[]; diagnostics: { code: string; page?: number | null; range: { start: { line: number } } }[] }[];
    };
    assert.equal(json.files[0].tables.length, 9);
    const sarif = JSON.parse((await runCli(['--format', 'sarif', file])).out) as { runs: { results: { properties?: { page: number | null } }[] }[] };
    const results = sarif.runs[0].results;
    assert.ok(results.length > 0);
    for (const d of json.files[0].diagnostics) if (d.range.start.line > 0) assert.ok(typeof d.page === 'number' && d.page > 0, JSON.stringify(d));
    assert.ok(results.every((x) => x.properties !== undefined && 'page' in x.properties));
  });
});

// ---------------------------------------------------------------------------------------------
// the real PDFs of ../shared/corpus, compared with the same documents' `pdftotext -layout` text

/** A row as a comparable string: its code (or label without spaces), its figures as exact decimals. */
function rowKey(r: { code?: { code: string }; label: string; cells: { amount?: { units: number; scale: number; empty: boolean } }[] }): string {
  const figures = r.cells.map((c) => (c.amount && !c.amount.empty ? (c.amount.units / 10 ** c.amount.scale).toFixed(c.amount.scale) : '')).join(',');
  return `${r.code?.code ?? r.label.replace(/\s+/g, '')}|${figures}`;
}

/** Figures of a row (non-empty ones), in order: what the PDF shows whichever way columns were split. */
function rowFigures(r: { cells: { amount?: { units: number; scale: number; empty: boolean } }[] }): string {
  return r.cells
    .filter((c) => c.amount && !c.amount.empty && c.amount.units !== 0)
    .map((c) => (c.amount!.units / 10 ** c.amount!.scale).toFixed(2))
    .join(',');
}

describe('empty template tables (a header, a blank 合计, 本表无数据)', () => {
  const fund = (title: string, header: string[], note: string) => ['某某局2024年度部门决算', '', title, '单位：万元', ...header, '合计\t\t\t\t\t\t', note, ''].join('\n');

  test('are read with their kind and the columns their header names, and are no error', () => {
    const finalAccounts = analyze(
      fund(
        '政府性基金预算财政拨款收入支出决算表',
        ['项目\t\t\t\t本年支出\t\t', '支出功能分类\t\t年初结转和\t\t\t\t年末结转和', '\t\t本年收入\t\t\t\t', '科目编码\t科目名称\t结余\t小计\t基本支出\t项目支出\t结余', '类款项\t\t\t\t\t\t'],
        '注：某某局无政府性基金预算财政拨款支出，故本表无数据。',
      ),
    );
    const [t] = finalAccounts.model.tables;
    assert.equal(t.kind, 'government-fund');
    assert.equal(t.rows.filter((r) => r.code).length, 0);
    assert.equal(t.header.source, 'registry');
    assert.equal(t.header.leafCount, 6);
    assert.deepEqual(
      t.header.columns.map((c) => c.label),
      ['年初结转和结余', '本年收入', '本年支出', '年末结转和结余'],
    );
    assert.deepEqual(finalAccounts.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.code), []);
    // a budget's: three columns
    const budget = analyze(fund('2024年部门国有资本经营预算支出功能分类预算表', ['项目\t\t国有资本经营预算支出\t', '功能分类科目编码\t功能分类科目名称\t合计\t基本支出\t项目支出', '类款项\t\t\t\t'], '注：本部门2024年无国有资本经营预算财政拨款安排的预算，故本表为空表。'));
    const [b] = budget.model.tables;
    assert.equal(b.kind, 'state-capital');
    assert.equal(b.header.source, 'registry');
    assert.equal(b.header.leafCount, 3);
    // a header that names too little of any variant: no columns guessed
    const vague = analyze(fund('政府性基金预算财政拨款收入支出决算表', ['项目\t金额'], '注：本表无数据。'));
    assert.equal(vague.model.tables[0].header.source, 'none');
  });

  test('on the corpus PDFs every table has its columns, the empty ones included', { skip: corpusSkip() }, async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    let empty = 0;
    for (const f of readdirSync(CORPUS_DIR).filter((x) => x.endsWith('.pdf'))) {
      const r = analyze((await pdfToText(readFileSync(path.join(CORPUS_DIR, f)), { source: f })).text);
      for (const t of r.model.tables.filter((x) => x.kind !== 'generic')) {
        assert.equal(t.header.source, 'registry', `${f}: ${t.title}`);
        assert.ok(t.header.leafCount > 0, `${f}: ${t.title}`);
        if (!t.rows.some((row) => row.code)) empty++;
      }
    }
    // the government fund and state capital tables of five documents, the template's tables
    assert.ok(empty >= 10, `${empty} empty tables`);
  });
});

describe('corpus PDFs', () => {
  const docs = ['putuo-caizhengju-2024-juesuan', 'putuo-fuliyuan-2024-yusuan-unit', 'putuo-guihua-ziyuan-2024-juesuan', 'putuo-sifaju-2026-yusuan', 'putuo-wanli-2024-yusuan', 'shanghai-juesuan-template'];
  for (const name of docs) {
    test(`${name}: nine tables of the right kinds, the layout text's coded rows and figures, no false errors`, { skip: corpusSkip() }, async () => {
      const { readFileSync } = await import('node:fs');
      const pdf = await pdfToText(readFileSync(path.join(CORPUS_DIR, `${name}.pdf`)), { source: `${name}.pdf` });
      const fromPdf = analyze(pdf.text);
      const fromLayout = analyze(readFileSync(path.join(CORPUS_DIR, `${name}.layout.txt`), 'utf8'));
      assert.equal(fromPdf.model.kind, fromLayout.model.kind);
      assert.deepEqual(
        fromPdf.model.tables.map((t) => t.kind),
        fromLayout.model.tables.map((t) => t.kind),
      );
      assert.equal(fromPdf.model.tables.filter((t) => t.kind !== 'generic').length, 9);
      // every coded row of the layout text is in the PDF's table, with the same figures
      for (let i = 0; i < fromLayout.model.tables.length; i++) {
        const want = fromLayout.model.tables[i].rows.filter((r) => r.code && rowFigures(r) !== '');
        const got = new Map<string, string>();
        for (const r of fromPdf.model.tables[i].rows) if (r.code) got.set(`${r.code.code}#${r.group ?? 0}`, rowFigures(r));
        for (const r of want) assert.equal(got.get(`${r.code!.code}#${r.group ?? 0}`) ?? got.get(`${r.code!.code}#0`) ?? got.get(`${r.code!.code}#1`), rowFigures(r), `${name} table ${i} row ${rowKey(r)}`);
      }
      // no error the layout text does not have (the PDF is read exactly: no false findings)
      const errors = (f: { severity: string; code: string }[]) => f.filter((x) => x.severity === 'error').map((x) => x.code);
      assert.deepEqual(errors(fromPdf.findings), errors(fromLayout.findings));
      // page markers: every page's, never one right after itself (panels side by side go back a page:
      // their rows are on it); the strict order of a long table's markers is tested on 500 pages
      const marks = pageMarkerSpans(pdf.text).map((m) => m.page);
      assert.deepEqual([...new Set(marks)].sort((a, b) => a - b), Array.from({ length: pdf.pages }, (_, i) => i + 1));
      assert.ok(marks.every((n, i) => i === 0 || n !== marks[i - 1]), marks.join(' '));
      // every table starts on a marked page
      for (const t of fromPdf.model.tables) assert.ok(pageAtOffset(pdf.text, fromPdf.model.lines.start(t.startLine)) !== null);
    });
  }
});
