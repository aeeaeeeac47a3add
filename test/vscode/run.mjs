#!/usr/bin/env node
// Runs the extension test suite (test/vscode/suite, bundled to dist/test/suite) inside a real VS Code.
//
//   node test/vscode/run.mjs                     code-server 4.96.4 (VS Code 1.96.4) in headless Chromium
//   node test/vscode/run.mjs --runner electron   @vscode/test-electron (downloads VS Code: needs internet)
//   node test/vscode/run.mjs --grep hover        only tests whose title matches
//
// Environment: BUDGET_VSCODE_RUNNER=electron|code-server, BUDGET_VSCODE_TIMEOUT (seconds, default 300),
// BUDGET_VSCODE_VERBOSE=1 (all browser and code-server output), BUDGET_VSCODE_KEEP=1 (keep the scratch
// workspace), BUDGET_VSCODE_CACHE (see setup.mjs).
//
// Every run gets a fresh scratch folder: a workspace with copies of the samples and fixtures, a fresh
// user-data-dir and an empty extensions dir. Exit code: the suite's (0 = all passed).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { format, parseArgs } from 'node:util';
import {
  launchChromium,
  log,
  prepareScratch,
  removeScratch,
  repoRoot,
  startCodeServer,
  workbenchUrl,
} from './lib.mjs';
import { setup } from './setup.mjs';

const { values: opts } = parseArgs({
  options: {
    runner: { type: 'string', default: process.env.BUDGET_VSCODE_RUNNER || 'code-server' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: process.env.BUDGET_VSCODE_TIMEOUT || '300' },
    'no-build': { type: 'boolean', default: false },
  },
});
const timeoutMs = Number(opts.timeout) * 1000;
const suiteIndex = path.join(repoRoot, 'dist', 'test', 'suite', 'index.js');
const verbose = !!process.env.BUDGET_VSCODE_VERBOSE;

function build() {
  if (opts['no-build']) return;
  const r = spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[vscode-test] error: the build failed');
    process.exit(1);
  }
  if (!existsSync(suiteIndex)) {
    console.error(`[vscode-test] error: ${path.relative(repoRoot, suiteIndex)} was not built`);
    process.exit(1);
  }
}

/** Environment read by the suite inside the extension host (code-server passes its own on). */
function suiteEnv() {
  return opts.grep ? { BUDGET_VSCODE_GREP: opts.grep } : {};
}

async function runElectron(scratch) {
  const { runTests } = await import('@vscode/test-electron');
  return runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suiteIndex,
    extensionTestsEnv: suiteEnv(),
    launchArgs: [
      scratch.workspace,
      '--user-data-dir', scratch.userDataDir,
      '--extensions-dir', scratch.extensionsDir,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
    ],
  });
}

/**
 * The text of a browser console message. The workbench logs as ("%c INFO", "color: …", format, ...args);
 * render that as "INFO " + the formatted message.
 */
async function consoleText(msg) {
  const args = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => undefined)));
  if (args.length === 0) return msg.text();
  if (typeof args[0] === 'string' && args[0].startsWith('%c')) {
    const level = args[0].slice(2).trim();
    const rest = args.slice(2); // the CSS argument
    return `${level} ${rest.length > 0 ? format(...rest) : ''}`.trim();
  }
  return format(...args);
}

/**
 * Browser noise when offline and without the proprietary bits (no gallery, no vsda), and the suite's
 * own failure, which its report already tells.
 */
const NOISE = /extension test\(s\) failed|open-vsx\.org|ERR_NAME_NOT_RESOLVED|Failed to load resource|vsda|allow-scripts and allow-same-origin|web worker extension host/;

/** Prints what the suite appends to `file` (its reporter output), as it arrives. */
function tail(file) {
  let offset = 0;
  let pending = '';
  const decoder = new StringDecoder('utf8'); // a read may end inside a character
  const pump = () => {
    let fd;
    try {
      fd = openSync(file, 'r');
    } catch {
      return; // not created yet
    }
    try {
      const buf = Buffer.alloc(64 * 1024);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, offset);
        if (n <= 0) break;
        offset += n;
        pending += decoder.write(buf.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
    const cut = pending.lastIndexOf('\n');
    if (cut >= 0) {
      process.stdout.write(pending.slice(0, cut + 1));
      pending = pending.slice(cut + 1);
    }
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
    if (pending) process.stdout.write(`${pending}\n`);
  };
}

async function runCodeServer(scratch) {
  const t0 = Date.now();
  const { codeServerEntry, chromium } = await setup({ quiet: false });
  log(`setup ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  let server;
  let browser;
  let timer;
  const reportFile = path.join(scratch.root, 'report.txt');
  const stopTail = tail(reportFile);
  try {
    server = await startCodeServer(codeServerEntry, scratch, { env: { ...suiteEnv(), BUDGET_VSCODE_REPORT: reportFile } });
    log(`code-server on ${server.url}`);
    browser = await launchChromium(chromium, scratch);
    const page = await browser.newPage();

    let finish;
    const finished = new Promise((resolve) => {
      finish = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
    // The suite's report comes through a file (see suite/index.ts); from the page, only errors.
    const printed = new Set();
    page.on('console', async (msg) => {
      const text = await consoleText(msg);
      if (verbose) {
        console.log(`[browser ${msg.type()}] ${text}`);
        return;
      }
      // Errors are logged twice: by the log service ("ERR …") and as console errors.
      const error = msg.type() === 'error' ? text : /^ERR\b/.test(text) ? text.replace(/^ERR\s*/, '') : null;
      if (error === null || NOISE.test(error) || printed.has(error)) return;
      printed.add(error);
      console.log(`[browser error] ${error}`);
    });
    page.on('pageerror', (err) => console.log(`[browser pageerror] ${err.message}`));
    page.on('crash', () => finish({ error: 'the page crashed' }));
    void server.exited.then((e) => finish({ error: `code-server exited (code ${e.code}, signal ${e.signal}) before the suite finished` }));
    timer = setTimeout(() => finish({ error: `timed out after ${timeoutMs / 1000} s (BUDGET_VSCODE_TIMEOUT / --timeout)` }), timeoutMs);

    const url = workbenchUrl(server, scratch, { extensionDevelopmentPath: repoRoot, extensionTestsPath: suiteIndex });
    if (verbose) log(`opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    log('workbench loading; the suite starts once the extension host is up');

    const result = await finished;
    if (result.error) {
      console.error(`[vscode-test] error: ${result.error}`);
      if (!verbose) console.error(`[vscode-test] code-server output:\n${server.dump().split('\n').slice(-40).join('\n')}`);
      return 1;
    }
    return result.code;
  } finally {
    clearTimeout(timer);
    stopTail();
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
  }
}

async function main() {
  const started = Date.now();
  build();
  const scratch = prepareScratch();
  let code = 1;
  try {
    if (opts.runner === 'electron') {
      code = await runElectron(scratch);
    } else if (opts.runner === 'code-server') {
      code = await runCodeServer(scratch);
    } else {
      console.error(`[vscode-test] error: unknown runner "${opts.runner}" (code-server or electron)`);
      code = 2;
    }
  } catch (err) {
    console.error(`[vscode-test] error: ${err?.stack ?? err}`);
    if (opts.runner === 'electron') {
      console.error('[vscode-test] the electron runner downloads VS Code (needs internet); offline, use the default runner (code-server).');
    }
    code = 1;
  } finally {
    removeScratch(scratch);
  }
  log(`${code === 0 ? 'passed' : `failed (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code);
}

await main();
