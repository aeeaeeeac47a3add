/**
 * Smoke test of the bundled language server over stdio with a real JSON-RPC
 * client: it starts, publishes the engine's findings for an opened budget as
 * diagnostics (with codes, related rows and localised messages), and clears
 * them when the document is closed. (The full protocol suite comes with the
 * extension issue.)
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ROOT, SAMPLES_DIR, sampleText } from './helpers';

interface Diagnostic {
  code: string;
  severity: number;
  message: string;
  range: { start: { line: number; character: number } };
  relatedInformation?: unknown[];
}
interface Published {
  uri: string;
  diagnostics: Diagnostic[];
}

describe('language server over stdio', () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  const published: Published[] = [];
  const waiters: Array<() => void> = [];

  before(async () => {
    spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    server = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      published.push(p);
      waiters.splice(0).forEach((w) => w());
    });
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, locale: 'en' });
    await connection.sendNotification('initialized', {});
  });

  after(() => {
    connection.dispose();
    server.kill();
  });

  const next = (uri: string) =>
    new Promise<Published>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no diagnostics within 10 s')), 10_000);
      const look = () => {
        const p = published.find((x) => x.uri === uri);
        if (p) {
          published.splice(published.indexOf(p), 1);
          clearTimeout(timer);
          resolve(p);
        } else waiters.push(look);
      };
      look();
    });

  it('publishes findings as diagnostics and clears them on close', async () => {
    const uri = pathToFileURL(path.join(SAMPLES_DIR, 'qingyuan-qingxin-2023.budget.txt')).href;
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'budget', version: 1, text: sampleText('qingyuan-qingxin-2023') },
    });
    const opened = await next(uri);
    assert.equal(opened.diagnostics.length, 7);
    const rounding = opened.diagnostics.find((d) => d.code === 'sum.rounding' && d.range.start.line === 93);
    assert.ok(rounding, 'the 本年支出合计 residue on line 94');
    assert.match(rounding.message, /^Rounding residue/);
    assert.equal(rounding.severity, 3);
    assert.equal(rounding.relatedInformation?.length, 23);

    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const closed = await next(uri);
    assert.deepEqual(closed.diagnostics, []);
  });
});
