/**
 * The npm package, as a user of another editor gets it: `npm pack`, then `npm install` of the
 * tarball into an empty folder with the network off (the bundles are self-contained, so the
 * package has no dependencies), then both commands run from node_modules/.bin:
 * `budget-check` on a sample, and `budget-language-server` over --stdio, --node-ipc and
 * --socket=PORT. The tarball holds the two bundles, the catalogue data, the README (and the
 * package.json and LICENSE npm always adds), nothing else.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { ROOT, SAMPLES_DIR } from './helpers';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; dependencies?: object };
const SAMPLE = path.join(SAMPLES_DIR, 'qingyuan-qingxin-2023.txt');
const SAMPLE_TEXT = readFileSync(SAMPLE, 'utf8');

let tmp: string;
let app: string;
let packed: string[];
const bin = (name: string) => path.join(app, 'node_modules', '.bin', name);

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

before(() => {
  spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'budget-npm-'));
  // --ignore-scripts: the bundles were just built (prepack would rebuild them for publishing)
  const out = JSON.parse(run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = out[0].files.map((f) => f.path).sort();
  app = path.join(tmp, 'app');
  mkdirSync(app);
  run(NPM, ['install', '--offline', '--no-package-lock', path.join(tmp, out[0].filename)], app);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('the npm package', () => {
  it('holds the bundles, the catalogue data, pdf.js and the README, nothing else', () => {
    // pdf.js and its character maps, for the PDFs budget-check reads
    assert.ok(packed.includes('dist/pdfjs/pdf.mjs') && packed.includes('dist/pdfjs/pdf.worker.mjs'), packed.join(', '));
    assert.ok(packed.some((p) => p.startsWith('dist/pdfjs/cmaps/')));
    assert.deepEqual(packed.filter((p) => !p.startsWith('dist/pdfjs/')), [
      'LICENSE',
      'README.md',
      'dist/catalog/economic.tsv',
      'dist/catalog/function.tsv',
      'dist/catalog/gov-economic.tsv',
      'dist/cli.js',
      'dist/server.js',
      'package.json',
    ]);
    assert.deepEqual(PKG.bin, { 'budget-check': 'dist/cli.js', 'budget-language-server': 'dist/server.js' });
  });

  it('budget-check reads a PDF from the installed package (pdf.js beside the bundle)', async () => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([600, 800]).drawText('Budget figures 123.45 and 678.90', { x: 50, y: 700, size: 12, font });
    const pdf = path.join(tmp, 'one.pdf');
    writeFileSync(pdf, await doc.save());
    const r = spawnSync(bin('budget-check'), ['--to-text', pdf], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Budget figures 123\.45 and 678\.90/);
  });

  it('installs offline into an empty folder with no dependencies', () => {
    assert.equal(PKG.dependencies, undefined, 'the bundles need no runtime dependencies');
    const installed = readdirSync(path.join(app, 'node_modules')).filter((f) => !f.startsWith('.'));
    assert.deepEqual(installed, [PKG.name]);
    assert.deepEqual(readdirSync(path.join(app, 'node_modules', '.bin')).sort(), ['budget-check', 'budget-language-server']);
  });

  it('budget-check runs from the installed package, with its catalogue, like the built checker', () => {
    const r = spawnSync(bin('budget-check'), ['--locale', 'en', SAMPLE], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /qingyuan-qingxin-2023\.txt:\d+:\d+: warning code\.name-mismatch 20605 is printed as “科学条件与服务”/, 'the catalogue was found beside the bundle');
    assert.match(r.stderr, /1 file\(s\) checked: 0 error\(s\)/);
    const built = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--locale', 'en', SAMPLE], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.stdout, built.stdout);
    const json = JSON.parse(spawnSync(bin('budget-check'), ['--format', 'json', SAMPLE], { encoding: 'utf8', timeout: 60_000 }).stdout);
    assert.ok(json.files[0].tables.length >= 8);
    // worker threads start from the installed bundle too
    const one = spawnSync(bin('budget-check'), ['--locale', 'en', '--jobs', '1', SAMPLES_DIR], { encoding: 'utf8', timeout: 120_000 });
    const two = spawnSync(bin('budget-check'), ['--locale', 'en', '--jobs', '2', SAMPLES_DIR], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(two.status, one.status, two.stderr);
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.stderr, one.stderr);
    assert.match(two.stderr, /\d+ file\(s\) checked/);
  });

  it('budget-language-server says how to start it, and its version', () => {
    const none = spawnSync(bin('budget-language-server'), [], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no transport given[\s\S]*--stdio[\s\S]*--node-ipc[\s\S]*--socket=PORT/);
    const version = spawnSync(bin('budget-language-server'), ['--version'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(version.stdout.trim(), PKG.version);
  });

  /** initialize, open the sample, read its diagnostics and a hover, shut down; the process must exit 0. */
  async function session(connection: MessageConnection, child: ChildProcess): Promise<void> {
    const diagnostics = new Promise<Array<{ code: string; message: string }>>((resolve) =>
      connection.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: Array<{ code: string; message: string }> }) => resolve(p.diagnostics)),
    );
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.listen();
    const init = await connection.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } }, workspace: { configuration: true } },
      locale: 'en',
    });
    assert.equal(init.serverInfo.name, 'budget-language-server');
    assert.ok(init.capabilities.hoverProvider);
    await connection.sendNotification('initialized', {});
    const uri = pathToFileURL(SAMPLE).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'budget', version: 1, text: SAMPLE_TEXT } });
    const found = await diagnostics;
    assert.ok(found.some((d) => d.code === 'code.name-mismatch' && d.message.includes('20605')), 'catalogue findings from the installed data');
    const line = SAMPLE_TEXT.split('\n').findIndex((l) => l.startsWith('[2010301]'));
    const hover = await connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } });
    assert.match(hover.contents.value, /\*\*2010301\*\* 行政运行/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await connection.sendRequest('shutdown', null);
    await connection.sendNotification('exit', null);
    assert.equal(await exited, 0);
    connection.dispose();
  }

  it('budget-language-server speaks LSP over --stdio', async () => {
    const child = spawn(bin('budget-language-server'), ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    await session(createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)), child);
  });

  it('budget-language-server speaks LSP over --node-ipc', async () => {
    const child = spawn(process.execPath, [path.join(app, 'node_modules', PKG.name, PKG.bin['budget-language-server']), '--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await session(createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)), child);
  });

  it('budget-language-server speaks LSP over --socket=PORT (it connects to the editor)', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const child = spawn(bin('budget-language-server'), [`--socket=${port}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    const socket = await accepted;
    try {
      await session(createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket)), child);
    } finally {
      socket.destroy();
      server.close();
    }
  });
});
