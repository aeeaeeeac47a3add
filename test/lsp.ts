/**
 * A real LSP client for tests and the protocol benchmark: starts the bundled
 * dist/server.js over stdio and speaks JSON-RPC to it, as an editor would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

import type { Position, Range } from '../server/src/service/features/positions';

export type { Position, Range };
export interface Diagnostic {
  code: string;
  severity: number;
  message: string;
  source: string;
  range: Range;
  relatedInformation?: Array<{ location: { uri: string; range: Range }; message: string }>;
  data?: Record<string, unknown>;
}
export interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface StartOptions {
  root: string;
  locale?: string;
  settings?: Record<string, unknown>;
  /** BUDGET_DEBOUNCE_MS for the server */
  debounceMs?: number;
  /** BUDGET_OFF_THREAD_CHARS: documents longer than this are analysed in a worker thread */
  offThreadChars?: number;
  capabilities?: Record<string, unknown>;
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly published: Published[] = [];
  readonly logs: string[] = [];
  private waiters: Array<() => void> = [];
  capabilities: Record<string, unknown> = {};

  private constructor(readonly process: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.connection.onRequest('workspace/configuration', () => [{}]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.listen();
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const env = { ...process.env };
    if (options.debounceMs !== undefined) env.BUDGET_DEBOUNCE_MS = String(options.debounceMs);
    if (options.offThreadChars !== undefined) env.BUDGET_OFF_THREAD_CHARS = String(options.offThreadChars);
    const child = spawn(process.execPath, [path.join(options.root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
    const client = new LspClient(child);
    const result = await client.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? { textDocument: { hover: { contentFormat: ['markdown'] } }, workspace: { configuration: true } },
      locale: options.locale ?? 'en',
      initializationOptions: options.settings ? { settings: options.settings } : undefined,
    });
    client.capabilities = result.capabilities;
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1, languageId = 'budget'): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: Array<{ range?: Range; text: string }>): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** The next diagnostics published for `uri` (and, if given, for that document version). */
  diagnostics(uri: string, version?: number, timeoutMs = 15_000): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      const look = () => {
        const i = this.published.findIndex((x) => x.uri === uri && (version === undefined || x.version === version));
        if (i >= 0) {
          const [p] = this.published.splice(0, i + 1).slice(-1);
          clearTimeout(timer);
          resolve(p);
        } else this.waiters.push(look);
      };
      look();
    });
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      await this.notify('exit', null);
    } catch {
      // the server may be gone already
    }
    this.connection.dispose();
    this.process.kill();
  }
}

/** Apply LSP text edits to a string (edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
