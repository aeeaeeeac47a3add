/**
 * The language server as other editors start it (docs-notes/pkg.md has their configurations):
 * each client's own initialize parameters — Neovim, Helix, Emacs eglot, Sublime Text LSP, as
 * those clients send them (capabilities trimmed to what matters here: position encodings,
 * configuration pull answered with null, hover formats, symbols) — then open a sample, read its
 * diagnostics, a hover and the outline. And a real Neovim (`nvim --headless`, Debian's
 * package) that opens a sample and reads the diagnostics; it is reported as skipped when nvim
 * is not installed (CI installs it: .ci/run).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ROOT, SAMPLES_DIR, analyze } from './helpers';

const SERVER = path.join(ROOT, 'dist', 'server.js');
const SAMPLE = path.join(SAMPLES_DIR, 'qingyuan-qingxin-2023.txt');
const TEXT = readFileSync(SAMPLE, 'utf8');

const symbolKinds = { valueSet: Array.from({ length: 26 }, (_, i) => i + 1) };

/** What each client sends in `initialize` (from their sources), and the languageId it opens a file with. */
const CLIENTS: Record<string, { languageId: string; params: Record<string, unknown> }> = {
  Neovim: {
    languageId: 'budget',
    params: {
      clientInfo: { name: 'Neovim', version: '0.11.0' },
      rootUri: null,
      rootPath: null,
      workspaceFolders: null,
      initializationOptions: {},
      trace: 'off',
      capabilities: {
        general: { positionEncodings: ['utf-8', 'utf-16', 'utf-32'] },
        window: { workDoneProgress: true, showDocument: { support: true }, showMessage: { messageActionItem: { additionalPropertiesSupport: true } } },
        workspace: {
          applyEdit: true,
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: false },
          workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] },
          inlayHint: { refreshSupport: true },
          semanticTokens: { refreshSupport: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true, willSave: true, willSaveWaitUntil: true },
          hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, dataSupport: true },
          documentSymbol: { dynamicRegistration: false, hierarchicalDocumentSymbolSupport: true, symbolKind: symbolKinds },
          codeAction: { dynamicRegistration: true, isPreferredSupport: true, dataSupport: true, resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } } },
          completion: { dynamicRegistration: false, completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
          foldingRange: { dynamicRegistration: false, lineFoldingOnly: true },
          inlayHint: { dynamicRegistration: true, resolveSupport: { properties: [] } },
          definition: { linkSupport: true },
        },
      },
    },
  },
  Helix: {
    languageId: 'budget',
    params: {
      clientInfo: { name: 'helix', version: '25.01' },
      rootUri: null,
      workspaceFolders: [],
      capabilities: {
        general: { positionEncodings: ['utf-8', 'utf-32', 'utf-16'] },
        window: { workDoneProgress: true },
        workspace: { configuration: true, applyEdit: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false }, inlayHint: { refreshSupport: false }, workspaceEdit: { documentChanges: true } },
        textDocument: {
          hover: { contentFormat: ['markdown'] },
          publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } },
          codeAction: { isPreferredSupport: true, dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } } },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          inlayHint: { dynamicRegistration: false },
        },
      },
    },
  },
  eglot: {
    languageId: 'budget',
    params: {
      clientInfo: { name: 'Eglot', version: '1.17' },
      rootPath: os.tmpdir(),
      rootUri: pathToFileURL(os.tmpdir()).href,
      initializationOptions: {},
      workspaceFolders: [{ uri: pathToFileURL(os.tmpdir()).href, name: os.tmpdir() }],
      capabilities: {
        general: { positionEncodings: ['utf-32', 'utf-8', 'utf-16'] },
        window: { showDocument: { support: true }, workDoneProgress: true },
        workspace: { applyEdit: true, executeCommand: { dynamicRegistration: false }, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true }, symbol: { dynamicRegistration: false }, configuration: true, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, willSave: true, willSaveWaitUntil: true, didSave: true },
          hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { dynamicRegistration: false, hierarchicalDocumentSymbolSupport: true, symbolKind: symbolKinds },
          definition: { dynamicRegistration: false, linkSupport: true },
          codeAction: { dynamicRegistration: false, resolveSupport: { properties: ['edit', 'command'] }, dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, isPreferredSupport: true },
          publishDiagnostics: { relatedInformation: false, codeDescriptionSupport: false, tagSupport: { valueSet: [1, 2] } },
          inlayHint: { dynamicRegistration: false },
        },
      },
    },
  },
  'Sublime LSP': {
    languageId: 'plaintext',
    params: {
      clientInfo: { name: 'Sublime Text LSP', version: '2.3.0' },
      rootUri: null,
      rootPath: null,
      workspaceFolders: null,
      capabilities: {
        general: { positionEncodings: ['utf-8', 'utf-16'] },
        window: { showMessage: { messageActionItem: { additionalPropertiesSupport: true } }, showDocument: { support: true }, workDoneProgress: true },
        workspace: { applyEdit: true, didChangeConfiguration: {}, executeCommand: {}, workspaceEdit: { documentChanges: true }, symbol: { dynamicRegistration: true }, workspaceFolders: true, configuration: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true, willSave: true, willSaveWaitUntil: true },
          hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true, symbolKind: symbolKinds },
          publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { dynamicRegistration: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, dataSupport: true, isPreferredSupport: true, resolveSupport: { properties: ['edit'] } },
          codeLens: { dynamicRegistration: true },
          inlayHint: { dynamicRegistration: true, resolveSupport: { properties: ['textEdits', 'label.command'] } },
        },
      },
    },
  },
};

class Client {
  readonly connection: MessageConnection;
  readonly diagnostics: Promise<Array<{ code: string; message: string; range: { start: { line: number } } }>>;
  configurationRequests = 0;
  constructor(readonly child: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.diagnostics = new Promise((resolve) => this.connection.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: never }) => resolve(p.diagnostics)));
    // these clients answer a configuration pull with null when the user set nothing
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => (this.configurationRequests++, p.items.map(() => null)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.listen();
  }
}

describe('the language server with other editors’ initialize parameters', () => {
  before(() => {
    spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  });
  const expected = analyze(TEXT).findings;

  for (const [name, { languageId, params }] of Object.entries(CLIENTS)) {
    it(`${name}: initialize, diagnostics, hover and outline`, async () => {
      const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const c = new Client(child);
      try {
        const init = await c.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, ...params });
        // no positionEncoding chosen means UTF-16, which every one of these clients accepts
        assert.ok([undefined, 'utf-16'].includes(init.capabilities.positionEncoding as string | undefined));
        assert.equal(init.capabilities.textDocumentSync, 2, 'incremental sync');
        await c.connection.sendNotification('initialized', {});
        // Neovim, eglot and Sublime send their settings after initialized (an empty object when none are set)
        await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        const uri = pathToFileURL(path.join(os.tmpdir(), 'sample.budget.txt')).href;
        await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: TEXT } });
        const found = await c.diagnostics;
        assert.equal(found.length, expected.length, 'every finding is published');
        assert.deepEqual(found.map((d) => d.code).sort(), expected.map((f) => f.code).sort());
        const line = TEXT.split('\n').findIndex((l) => l.startsWith('[2010301]'));
        const hover = await c.connection.sendRequest<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } });
        assert.equal(hover.contents.kind, 'markdown', 'each of these clients renders markdown');
        assert.match(hover.contents.value, /\*\*2010301\*\* 行政运行/);
        const symbols = await c.connection.sendRequest<Array<{ name: string; children?: unknown[] }>>('textDocument/documentSymbol', { textDocument: { uri } });
        assert.ok(symbols.length > 0 && symbols.some((s) => (s.children ?? []).length > 0), 'a hierarchical outline');
        assert.ok(c.configurationRequests >= 1, 'the settings were asked for and a null answer was taken as the defaults');
        await c.connection.sendRequest('shutdown', null);
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        await c.connection.sendNotification('exit', null);
        assert.equal(await exited, 0);
      } finally {
        c.connection.dispose();
        child.kill();
      }
    });
  }
});

const NVIM = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const nvimSkip = NVIM.status === 0 ? false : 'nvim is not installed (apt-get install neovim; CI does)';
if (nvimSkip) console.log(`# skipped: the Neovim test (${nvimSkip})`);

/**
 * Neovim's own LSP client: with 0.11 and later the README's `vim.lsp.config` snippet verbatim,
 * before that vim.lsp.start_client (Debian 12 ships 0.7). It opens a copy of a sample as a
 * .budget.txt file, waits for the diagnostics and writes them as `line code message`.
 */
const NVIM_SCRIPT = String.raw`
local server, file, out = os.getenv('BUDGET_SERVER'), os.getenv('BUDGET_FILE'), os.getenv('BUDGET_OUT')
if vim.fn.has('nvim-0.11') == 1 then
  vim.filetype.add({ pattern = { ['.*%.budget%.txt'] = 'budget', ['.*%.budget%.md'] = 'budget' }, extension = { budget = 'budget' } })
  vim.lsp.config('budget', {
    cmd = { server, '--stdio' },
    filetypes = { 'budget' },
    root_markers = { '.git' },
  })
  vim.lsp.enable('budget')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
else
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'budget'
  local id = vim.lsp.start_client({ name = 'budget', cmd = { server, '--stdio' }, root_dir = vim.fn.fnamemodify(file, ':h') })
  vim.lsp.buf_attach_client(0, id)
end
local buf = vim.api.nvim_get_current_buf()
vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  table.insert(lines, string.format('%d %s %s', d.lnum + 1, code, (d.message:gsub('\n', ' '))))
end
table.sort(lines)
vim.fn.writefile(lines, out)
vim.cmd('qall!')
`;

describe('Neovim (nvim --headless)', { skip: nvimSkip }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'budget-nvim-'));
    spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a sample and shows the checker’s findings as diagnostics', () => {
    const file = path.join(dir, 'qingyuan.budget.txt');
    copyFileSync(SAMPLE, file);
    const script = path.join(dir, 'init.lua');
    writeFileSync(script, NVIM_SCRIPT);
    const out = path.join(dir, 'diagnostics.txt');
    // a wrapper so that `cmd` is one executable, as in the README (the installed command)
    const wrapper = path.join(dir, 'budget-language-server');
    writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${SERVER}" "$@"\n`, { mode: 0o755 });
    const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, BUDGET_SERVER: wrapper, BUDGET_FILE: file, BUDGET_OUT: out, LANG: 'en_US.UTF-8' },
    });
    assert.equal(r.status, 0, `nvim failed: ${r.stderr}`);
    const got = readFileSync(out, 'utf8').split('\n').filter(Boolean).sort();
    const { model, findings } = analyze(TEXT, 'zh-CN');
    const want = findings.map((f) => `${model.text.slice(0, f.span.start).split('\n').length} ${f.code} ${f.message}`).sort();
    assert.ok(want.length > 0);
    assert.deepEqual(got, want);
    assert.ok(got.some((l) => l.includes('code.name-mismatch 20605')), got.join('\n'));
  });
});
