/**
 * Benchmark of the PDF reader: PDF bytes → canonical budget text (pdf.js text layer, ruling lines,
 * geometry), median of several runs, and the process's peak memory.
 *
 *   npm run bench:pdf
 *
 * Inputs: a synthetic 30-page budget-like PDF made here with pdf-lib (always), and every PDF of the
 * real corpus in ../shared/corpus when it is there. Targets are informational: always exits 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { pdfToText } from '../../server/src/pdf/pdfToText';

const RUNS = 7;

/** 30 pages of a ruled table: codes, names and three columns of figures, 35 rows a page. */
async function syntheticPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([842, 595]);
    page.drawText(`Table ${p + 1}: spending by function`, { x: 300, y: 560, size: 14, font });
    const xs = [40, 120, 400, 540, 680, 800];
    for (let r = 0; r <= 36; r++) page.drawLine({ start: { x: 40, y: 530 - r * 14 }, end: { x: 800, y: 530 - r * 14 }, thickness: 0.5 });
    for (const x of xs) page.drawLine({ start: { x, y: 530 }, end: { x, y: 530 - 36 * 14 }, thickness: 0.5 });
    for (let r = 0; r < 36; r++) {
      const y = 520 - r * 14;
      const code = `${201 + (r % 9)}${String(r % 30).padStart(2, '0')}${String(r % 7).padStart(2, '0')}`;
      const a = ((p * 37 + r) * 1234.56).toFixed(2);
      const b = ((p * 37 + r) * 1000.01).toFixed(2);
      const c = ((p * 37 + r) * 234.55).toFixed(2);
      page.drawText(code, { x: 45, y, size: 9, font });
      page.drawText(`Item ${r} of page ${p + 1}`, { x: 125, y, size: 9, font });
      for (const [v, right] of [
        [a, 535],
        [b, 675],
        [c, 795],
      ] as [string, number][])
        page.drawText(v, { x: right - font.widthOfTextAtSize(v, 9), y, size: 9, font });
    }
  }
  return doc.save();
}

async function measure(bytes: Uint8Array): Promise<{ median: number; min: number; chars: number }> {
  const times: number[] = [];
  let chars = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await pdfToText(bytes);
    times.push(performance.now() - t0);
    chars = r.text.length;
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0], chars };
}

function size(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const f of fs.readdirSync(p)) total += size(path.join(p, f));
  return total;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const inputs: { name: string; bytes: Uint8Array }[] = [{ name: 'synthetic 30 pages', bytes: await syntheticPdf(30) }];
  const corpus = path.resolve(root, '..', 'shared', 'corpus');
  if (fs.existsSync(corpus))
    for (const f of fs.readdirSync(corpus).filter((x) => x.endsWith('.pdf')).sort()) inputs.push({ name: `corpus/${f}`, bytes: fs.readFileSync(path.join(corpus, f)) });
  else console.log(`(corpus not found at ${corpus}: synthetic input only)`);
  // the first read loads pdf.js: measured apart
  const t0 = performance.now();
  await pdfToText(inputs[0].bytes);
  const cold = performance.now() - t0;
  console.log(`Node ${process.version}; median of ${RUNS} runs after one warm-up; times in ms\n`);
  console.log('| input | pages | KB | median | min | text chars |');
  console.log('|---|---|---|---|---|---|');
  for (const input of inputs) {
    const m = await measure(input.bytes);
    const pages = (await pdfToText(input.bytes)).pages;
    console.log(`| ${input.name} | ${pages} | ${Math.round(input.bytes.length / 1024)} | ${m.median.toFixed(0)} | ${m.min.toFixed(0)} | ${m.chars} |`);
  }
  console.log(`\nfirst read (loads pdf.js): ${cold.toFixed(0)} ms; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  console.log(`dist/pdfjs (pdf.js legacy build + Chinese CMaps, loaded only for PDFs): ${(size(path.join(root, 'dist', 'pdfjs')) / 1024).toFixed(0)} KB`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 0;
});
