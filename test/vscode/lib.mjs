// Shared by run.mjs and screenshots.mjs: the test workspace, a fresh VS Code profile, code-server
// on a free port, and headless Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const samplesDir = path.join(repoRoot, 'samples');

/** Workspace file name → source. Budget samples under other names, plus files that are not budgets. */
const WORKSPACE_FILES = {
  'qingyuan.budget.txt': path.join(samplesDir, 'qingyuan-qingxin-2023.txt'), // opened by extension, language id 'budget' from the file name
  'shaoguan.txt': path.join(samplesDir, 'shaoguan-2024.txt'), // detection: plain .txt
  'shenzhen.md': path.join(samplesDir, 'shenzhen-2024.txt'), // detection: Markdown
  'jiangmen.txt': path.join(samplesDir, 'jiangmen-jianghai-2024.txt'), // budget.detect off + budget.setLanguage
  'notes.md': path.join(repoRoot, 'test', 'vscode', 'fixtures', 'notes.md'),
  'todo.txt': path.join(repoRoot, 'test', 'vscode', 'fixtures', 'todo.txt'),
  'data.txt': path.join(repoRoot, 'test', 'vscode', 'fixtures', 'data.txt'),
};

export function log(msg) {
  console.log(`[vscode-test] ${msg}`);
}

/**
 * A scratch folder with workspace/ (copies of the samples and fixtures), user/ (a fresh
 * user-data-dir with quiet settings, and `keybindings` if given) and ext/ (an empty extensions dir).
 */
export function prepareScratch({ keybindings = [], settings: extra = {}, corpusPdf = true } = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'budget-vscode-'));
  const workspace = path.join(root, 'workspace');
  const userDataDir = path.join(root, 'user');
  const extensionsDir = path.join(root, 'ext');
  for (const dir of [workspace, path.join(userDataDir, 'User'), extensionsDir]) mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(WORKSPACE_FILES)) {
    copyFileSync(source, path.join(workspace, name));
  }
  // a real budget PDF for "Open PDF as Budget Text" (suite/pdf.test.ts), where the corpus is;
  // not for screenshots (`corpusPdf: false`): nothing of the corpus may be seen in a published image
  const pdf = path.join(repoRoot, '..', 'shared', 'corpus', 'putuo-sifaju-2026-yusuan.pdf');
  if (corpusPdf && existsSync(pdf)) copyFileSync(pdf, path.join(workspace, 'sifaju.pdf'));
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'files.hotExit': 'off',
    'window.restoreWindows': 'none',
    'chat.commandCenter.enabled': false,
    'editor.minimap.enabled': false,
    ...extra,
  };
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  if (keybindings.length > 0) writeFileSync(path.join(userDataDir, 'User', 'keybindings.json'), `${JSON.stringify(keybindings, null, 2)}\n`);
  return { root, workspace, userDataDir, extensionsDir };
}

export function removeScratch(scratch) {
  if (process.env.BUDGET_VSCODE_KEEP) {
    log(`kept ${scratch.root} (BUDGET_VSCODE_KEEP)`);
    return;
  }
  rmSync(scratch.root, { recursive: true, force: true, maxRetries: 3 });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts code-server for `scratch.workspace`; resolves once it answers HTTP.
 * Its own output is kept (printed by `dump()`), not echoed, unless BUDGET_VSCODE_VERBOSE is set.
 */
export async function startCodeServer(entry, scratch, { env = {} } = {}) {
  const port = await freePort();
  const xdg = path.join(scratch.root, 'xdg');
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--config', path.join(scratch.root, 'code-server.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', scratch.userDataDir,
    '--extensions-dir', scratch.extensionsDir,
    scratch.workspace,
  ];
  writeFileSync(path.join(scratch.root, 'code-server.yaml'), 'auth: none\ncert: false\n');
  const verbose = !!process.env.BUDGET_VSCODE_VERBOSE;
  const output = [];
  const child = spawn(process.execPath, args, {
    cwd: scratch.root,
    // Its own state (config, coder.json) goes to the scratch folder, not to ~/.config, ~/.local.
    env: { ...process.env, ...env, XDG_CONFIG_HOME: path.join(xdg, 'config'), XDG_DATA_HOME: path.join(xdg, 'data'), XDG_CACHE_HOME: path.join(xdg, 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() ends the extension host and the language server too
  });
  const collect = (chunk) => {
    const text = chunk.toString();
    output.push(text);
    if (verbose) for (const line of text.split('\n')) if (line.trim()) console.log(`[code-server] ${line}`);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}) before answering:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.join('')}`);
    await sleep(200);
  }

  return {
    port,
    url,
    /** `vscode-remote://` URI of an absolute path on this machine, as the page's payload wants it. */
    remoteUri: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`,
    dump: () => output.join(''),
    /** Resolves with { code, signal } when code-server exits. */
    exited: exitedPromise,
    async stop() {
      if (exited) return;
      const gone = exitedPromise;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** The URL that opens the workspace, with an optional development extension and test suite. */
export function workbenchUrl(server, scratch, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', server.remoteUri(extensionTestsPath)]);
  const query = new URLSearchParams({ folder: scratch.workspace });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--lang=zh-CN',
];

/** Headless Chromium (Debian's, never a Playwright download); its crash-report folder in the scratch folder. */
export async function launchChromium(executablePath, scratch) {
  const { chromium } = await import('playwright-core');
  const xdg = path.join(scratch.root, 'xdg');
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(xdg, 'config'), XDG_CACHE_HOME: path.join(xdg, 'cache') },
  });
}

/** Files in a folder, for messages. */
export function listing(dir) {
  try {
    return readdirSync(dir).join(', ');
  } catch {
    return '(missing)';
  }
}
