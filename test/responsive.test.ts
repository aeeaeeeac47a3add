/**
 * Never stuck: large documents are analysed in a worker thread, so the server
 * answers other requests while their analysis runs, drops the analysis of a
 * version that was superseded, and never publishes it. The bundled server over
 * stdio with a real client (test/lsp.ts); the worker threshold is lowered by
 * BUDGET_OFF_THREAD_CHARS so the documents stay a few MB. Orderings and
 * results are asserted, never times.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, repeatedSamples, sampleText } from './helpers';
import { LspClient, type Diagnostic } from './lsp';

interface DocumentSymbol {
  name: string;
  children?: DocumentSymbol[];
}
interface Hover {
  contents: { value: string };
}

const SMALL = sampleText('qingyuan-qingxin-2023');
/** a line of SMALL with a code and an amount */
const CODE_LINE = SMALL.split('\n').findIndex((l) => l.startsWith('[2010301]'));
const CONTENT_MODIFIED = -32801;

/** Where the first `[2010301]` row's first amount is in `text`, and the text with that amount raised. */
function mutate(text: string): { text: string; line: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith('[2010301]'));
  lines[line] = lines[line].replace('184.15', '191.28');
  return { text: lines.join('\n'), line };
}

describe('a large analysis runs off the server’s thread', () => {
  let lsp: LspClient;
  before(async () => {
    lsp = await LspClient.start({ root: ROOT, locale: 'en', debounceMs: 0, offThreadChars: 200_000 });
  });
  after(async () => lsp.dispose());

  it('answers requests on a small document while a large one is analysed, then the large one’s', async () => {
    assert.ok(CODE_LINE > 0);
    await lsp.open('file:///small.txt', SMALL);
    await lsp.diagnostics('file:///small.txt');
    const events: string[] = [];
    const bigDiagnostics = lsp.diagnostics('file:///big.txt', 1, 120_000).then((p) => {
      events.push('big diagnostics');
      return p;
    });
    await lsp.open('file:///big.txt', repeatedSamples(3_000_000));
    // a request on the large document waits for its analysis
    const bigSymbols = lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///big.txt' } }).then((s) => {
      events.push('big symbols');
      return s;
    });
    const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///small.txt' } });
    events.push('small symbols');
    const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///small.txt' }, position: { line: CODE_LINE, character: 2 } });
    events.push('small hover');
    assert.ok(symbols.length > 0);
    assert.match(hover?.contents.value ?? '', /2010301/);
    const [big, bigOutline] = await Promise.all([bigDiagnostics, bigSymbols]);
    assert.deepEqual(events.slice(0, 2), ['small symbols', 'small hover'], `order: ${events.join(', ')}`);
    assert.equal(big.version, 1);
    // the large document repeats the samples: its outline holds each sample's parts, many times
    assert.ok(bigOutline.length > symbols.length * 10, `${bigOutline.length} symbols`);
  });

  it('drops the analysis of a superseded version: requests on it get ContentModified (the preview the newest tables), its diagnostics are never published', async () => {
    const uri = 'file:///edited.txt';
    const v1 = repeatedSamples(2_000_000);
    const v2 = mutate(v1);
    await lsp.open(uri, v1);
    const stale = lsp.request('textDocument/documentSymbol', { textDocument: { uri } }).then(
      () => 'answered',
      (err: { code?: number }) => err.code,
    );
    // the preview's request says its version: it gets the newest version's tables instead
    const views = lsp.request<{ version: number; tables: unknown[] }>('budget/tableViews', { uri });
    await lsp.change(uri, 2, [{ text: v2.text }]);
    // the first publication for the document is version 2's, with the error made by the edit
    const fresh = await lsp.diagnostics(uri, undefined, 120_000);
    assert.equal(fresh.version, 2);
    assert.equal(await stale, CONTENT_MODIFIED);
    const preview = await views;
    assert.equal(preview.version, 2);
    assert.ok(preview.tables.length > 0);
    const onEdited = fresh.diagnostics.filter((d: Diagnostic) => d.range.start.line === v2.line && d.severity === 1);
    assert.ok(onEdited.length > 0, 'the edited row carries an error');
    // a request now is answered from version 2's analysis
    const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: v2.line, character: 2 } });
    assert.match(hover?.contents.value ?? '', /2010301/);
  });
});

describe('off the thread, the answers are the same', () => {
  let onThread: LspClient;
  let offThread: LspClient;
  before(async () => {
    [onThread, offThread] = await Promise.all([
      LspClient.start({ root: ROOT, locale: 'en', debounceMs: 0 }),
      LspClient.start({ root: ROOT, locale: 'en', debounceMs: 0, offThreadChars: 1_000 }),
    ]);
  });
  after(async () => Promise.all([onThread.dispose(), offThread.dispose()]));

  it('diagnostics, outline, hover, code actions and the preview of a sample', async () => {
    const uri = 'file:///sample.txt';
    const { text, line } = mutate(SMALL);
    const answers = async (lsp: LspClient) => {
      await lsp.open(uri, text);
      const { diagnostics } = await lsp.diagnostics(uri, 1);
      const doc = { textDocument: { uri } };
      const position = { line, character: 2 };
      return {
        diagnostics,
        symbols: await lsp.request('textDocument/documentSymbol', doc),
        hover: await lsp.request('textDocument/hover', { ...doc, position }),
        actions: await lsp.request('textDocument/codeAction', { ...doc, range: diagnostics[0].range, context: { diagnostics } }),
        views: await lsp.request('budget/tableViews', { uri }),
        tokens: (await lsp.request<{ data: number[] }>('textDocument/semanticTokens/full', doc)).data,
      };
    };
    const [a, b] = await Promise.all([answers(onThread), answers(offThread)]);
    assert.ok(a.diagnostics.length > 0);
    assert.deepEqual(b, a);
  });
});
