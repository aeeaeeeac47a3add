/**
 * Benchmark of the PDF reader: PDF bytes → canonical budget text (pdf.js text layer, ruling lines,
 * geometry), median of several runs, and the process's peak memory.
 *
 *   npm run bench:pdf      (builds, then runs dist/bench-pdf.js: pdf.js from dist/pdfjs, as the extension loads it)
 *
 * Inputs: synthetic budget-like PDFs of 30 and 500 pages made here with pdf-lib (always), and every PDF of the
 * real corpus in ../shared/corpus when it is there. Targets are informational: always exits 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { spawnSync } from 'node:child_process';
import { fontProgramsSkipped, pdfToText } from '../../server/src/pdf/pdfToText';

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

/** One input in this process (a child of main): its times and this process's peak memory, as JSON. */
async function one(name: string, file: string | null): Promise<void> {
  const bytes = file ? new Uint8Array(fs.readFileSync(file)) : await syntheticPdf(Number(/(\d+) pages/.exec(name)?.[1] ?? 30));
  // the first read loads pdf.js: measured apart
  const t0 = performance.now();
  const first = await pdfToText(bytes);
  const cold = performance.now() - t0;
  const m = await measure(bytes);
  process.stdout.write(JSON.stringify({ name, pages: first.pages, kb: Math.round(bytes.length / 1024), cold, ...m, rss: Math.round(process.resourceUsage().maxRSS / 1024), skipped: fontProgramsSkipped }));
}

async function main(): Promise<void> {
  // the repository: above test/bench (run with tsx) or dist (as built)
  let root = __dirname;
  while (!fs.existsSync(path.join(root, 'package.json')) && path.dirname(root) !== root) root = path.dirname(root);
  const args = process.argv.slice(2);
  if (args[0] === '--one') return one(args[1], args[2] ?? null);
  const inputs: { name: string; file: string | null }[] = [
    { name: 'synthetic 30 pages', file: null },
    // the bound of the bad inputs: a long document is read in bounded time and memory
    { name: 'synthetic 500 pages', file: null },
  ];
  const corpus = path.resolve(root, '..', 'shared', 'corpus');
  if (fs.existsSync(corpus)) for (const f of fs.readdirSync(corpus).filter((x) => x.endsWith('.pdf')).sort()) inputs.push({ name: `corpus/${f}`, file: path.join(corpus, f) });
  else console.log(`(corpus not found at ${corpus}: synthetic input only)`);
  console.log(`Node ${process.version}; each input in its own process: first read (loads pdf.js), then the median of ${RUNS} runs; peak RSS of that process\n`);
  console.log('| input | pages | KB | first read ms | median ms | min ms | peak RSS MB | text chars |');
  console.log('|---|---|---|---|---|---|---|---|');
  let skipped = false;
  for (const input of inputs) {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--one', input.name, ...(input.file ? [input.file] : [])], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`| ${input.name} | failed: ${(r.stderr || '').split('\n')[0]} |`);
      continue;
    }
    const m = JSON.parse(r.stdout) as { pages: number; kb: number; cold: number; median: number; min: number; rss: number; chars: number; skipped: boolean };
    skipped = m.skipped;
    console.log(`| ${input.name} | ${m.pages} | ${m.kb} | ${m.cold.toFixed(0)} | ${m.median.toFixed(0)} | ${m.min.toFixed(0)} | ${m.rss} | ${m.chars} |`);
  }
  console.log(`\nfont programs of fonts with a ToUnicode map skipped: ${skipped ? 'yes' : 'no (pdf.js loaded unchanged)'}`);
  console.log(`dist/pdfjs (pdf.js legacy build + Chinese CMaps, loaded only for PDFs): ${(size(path.join(root, 'dist', 'pdfjs')) / 1024).toFixed(0)} KB`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 0;
});
