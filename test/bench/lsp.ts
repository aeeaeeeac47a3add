/**
 * Protocol benchmark: the bundled server over stdio, driven by a real LSP
 * client, as an editor would. Times (medians, ms) for a sample and a ~5 MB
 * document:
 *   open → diagnostics, edit → diagnostics (debounce set to 0: the analysis
 *   and the transport only), document symbols, hover on a code and on an amount.
 *
 *   npm run bench:lsp
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../lsp';
import { repeatedSamples } from '../helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLES_DIR = path.resolve(ROOT, 'samples');
const SAMPLE = 'qingyuan-qingxin-2023.txt';
const BIG_CHARS = 5 * 1024 * 1024 / 2; // ~5 MB of UTF-8 (Chinese text is mostly 3 bytes a character, numbers 1)

interface Case {
  name: string;
  text: string;
  runs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function bigText(): string {
  const texts = fs.readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.txt')).map((f) => fs.readFileSync(path.join(SAMPLES_DIR, f), 'utf8'));
  const parts: string[] = [];
  let bytes = 0;
  while (bytes < 5 * 1024 * 1024) {
    for (const t of texts) {
      parts.push(t);
      bytes += Buffer.byteLength(t) + 1;
    }
  }
  void BIG_CHARS;
  return parts.join('\n');
}

/** Position of the first `[2010301]`-style code and of the amount after it. */
function positions(text: string): { code: { line: number; character: number }; amount: { line: number; character: number } } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => /^\[?\d{7}\]?\S*\t\d/.test(l));
  const tab = lines[line].indexOf('\t');
  return { code: { line, character: 2 }, amount: { line, character: tab + 2 } };
}

async function run(c: Case) {
  const lsp = await LspClient.start({ root: ROOT, locale: 'zh-CN', debounceMs: 0 });
  const open: number[] = [];
  const edit: number[] = [];
  const symbols: number[] = [];
  const hoverCode: number[] = [];
  const hoverAmount: number[] = [];
  const preview: number[] = [];
  const at = positions(c.text);
  try {
    for (let i = 0; i < c.runs + 1; i++) {
      const uri = pathToFileURL(path.join(SAMPLES_DIR, `bench-${i}.budget.txt`)).href;
      const tOpen = await time(async () => {
        await lsp.open(uri, c.text);
        await lsp.diagnostics(uri, 1, 120_000);
      });
      // an edit: one digit of an amount, as typed
      const range = { start: { line: at.amount.line, character: at.amount.character }, end: { line: at.amount.line, character: at.amount.character + 1 } };
      const tEdit = await time(async () => {
        await lsp.change(uri, 2, [{ range, text: '9' }]);
        await lsp.diagnostics(uri, 2, 120_000);
      });
      const tSymbols = await time(() => lsp.request('textDocument/documentSymbol', { textDocument: { uri } }));
      const tCode = await time(() => lsp.request('textDocument/hover', { textDocument: { uri }, position: at.code }));
      const tAmount = await time(() => lsp.request('textDocument/hover', { textDocument: { uri }, position: at.amount }));
      // the preview's update after the edit: every table as a grid (budget/tableViews)
      const tPreview = await time(() => lsp.request('budget/tableViews', { uri }));
      await lsp.close(uri);
      await lsp.diagnostics(uri, undefined, 120_000);
      if (i === 0) continue; // the first round warms the server up
      open.push(tOpen);
      edit.push(tEdit);
      symbols.push(tSymbols);
      hoverCode.push(tCode);
      hoverAmount.push(tAmount);
      preview.push(tPreview);
    }
  } finally {
    await lsp.dispose();
  }
  return { open: median(open), edit: median(edit), symbols: median(symbols), hoverCode: median(hoverCode), hoverAmount: median(hoverAmount), preview: median(preview) };
}

/**
 * Never stuck: while a near-limit document (9 million characters) is opened
 * and analysed, hovers on a small document, one after another: the slowest
 * and the median answer, and the large document's open → diagnostics. With
 * the analysis on the server's thread (worker threshold raised) and in the
 * worker (the default).
 */
async function responsiveness(offThreadChars: number | undefined, runs: number) {
  const sample = fs.readFileSync(path.join(SAMPLES_DIR, SAMPLE), 'utf8');
  const at = positions(sample);
  const big = repeatedSamples(9_000_000);
  const worst: number[] = [];
  const typical: number[] = [];
  const opened: number[] = [];
  for (let i = 0; i < runs; i++) {
    const lsp = await LspClient.start({ root: ROOT, locale: 'zh-CN', debounceMs: 0, offThreadChars });
    try {
      await lsp.open('file:///small.txt', sample);
      await lsp.diagnostics('file:///small.txt');
      let done = false;
      const t0 = performance.now();
      const diagnosed = lsp.diagnostics('file:///big.txt', 1, 600_000).then(() => {
        done = true;
        opened.push(performance.now() - t0);
      });
      await lsp.open('file:///big.txt', big);
      const hovers: number[] = [];
      while (!done) {
        hovers.push(await time(() => lsp.request('textDocument/hover', { textDocument: { uri: 'file:///small.txt' }, position: at.code })));
        await new Promise((r) => setTimeout(r, 20));
      }
      await diagnosed;
      worst.push(Math.max(...hovers));
      typical.push(median(hovers));
    } finally {
      await lsp.dispose();
    }
  }
  return { worst: median(worst), typical: median(typical), open: median(opened) };
}

async function main() {
  const cases: Case[] = [
    { name: `${SAMPLE} (${(fs.statSync(path.join(SAMPLES_DIR, SAMPLE)).size / 1024).toFixed(1)} KB)`, text: fs.readFileSync(path.join(SAMPLES_DIR, SAMPLE), 'utf8'), runs: 21 },
  ];
  const big = bigText();
  cases.push({ name: `samples concatenated (${(Buffer.byteLength(big) / 1024 / 1024).toFixed(2)} MB)`, text: big, runs: 5 });
  console.log(`Node ${process.version}; language server over stdio; medians (ms) of N runs after one warm-up; debounce 0\n`);
  const head = ['input', 'runs', 'open→diag', 'edit→diag', 'symbols', 'hover code', 'hover amount', 'preview'];
  const rows: string[][] = [];
  for (const c of cases) {
    const r = await run(c);
    rows.push([c.name, String(c.runs), r.open.toFixed(1), r.edit.toFixed(1), r.symbols.toFixed(1), r.hoverCode.toFixed(2), r.hoverAmount.toFixed(2), r.preview.toFixed(1)]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
  console.log('\nTargets (informational): sample ≤ 20 ms (open, edit, symbols), 5 MB ≤ 500 ms, hover ≤ 5 ms.');
  console.log('\nWhile a 9-million-character document is analysed: hovers on a small document (ms; medians of 3 runs)\n');
  console.log('analysis            slowest hover  median hover  large open→diag');
  for (const [name, chars] of [['on the main thread', 1_000_000_000], ['in a worker', undefined]] as const) {
    const r = await responsiveness(chars, 3);
    console.log(`${name.padEnd(18)}  ${r.worst.toFixed(1).padStart(13)}  ${r.typical.toFixed(2).padStart(12)}  ${r.open.toFixed(0).padStart(15)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
