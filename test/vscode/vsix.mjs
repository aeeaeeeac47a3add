#!/usr/bin/env node
// The packaged extension, as a user installs it: builds the .vsix (npm run package), installs it
// into a fresh code-server's extensions folder, opens a budget in real VS Code (headless Chromium)
// and checks what the user would see: the file in the 部门预算/Budget language, the status bar item,
// and the language server's diagnostics in the Problems view. Then restores the development bundles.
//
//   npm run test:vsix          (also the last step of npm test)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { launchChromium, log, prepareScratch, removeScratch, repoRoot, startCodeServer, workbenchUrl } from './lib.mjs';
import { setup } from './setup.mjs';

const VSIX = path.join(repoRoot, 'dist', 'budget-language-support.vsix');
const TIMEOUT_MS = 180_000;

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function main() {
  const started = Date.now();
  run('npm', ['run', 'package', '--silent'], 'npm run package');
  const { codeServerEntry, chromium } = await setup();
  const scratch = prepareScratch();
  let server;
  let browser;
  try {
    const installed = run(process.execPath, [codeServerEntry, '--extensions-dir', scratch.extensionsDir, '--user-data-dir', scratch.userDataDir, '--install-extension', VSIX], 'installing the .vsix');
    if (!/was successfully installed/.test(installed)) throw new Error(`code-server did not install the .vsix:\n${installed}`);
    log('the .vsix is installed');
    server = await startCodeServer(codeServerEntry, scratch);
    browser = await launchChromium(chromium, scratch);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(60_000);
    // no extensionDevelopmentPath: only the installed extension is there
    await page.goto(workbenchUrl(server, scratch), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible' });
    await page.keyboard.type('qingyuan.budget.txt');
    await page.waitForFunction(() => [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].some((r) => r.textContent?.includes('qingyuan.budget.txt')));
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tab.active[aria-label*="qingyuan.budget.txt"]');
    // the language (status bar: 部门预算), the extension's status item, and the server's findings in the Problems view
    const statusBar = page.locator('.statusbar');
    await page.waitForFunction(() => /部门预算|Budget/.test(document.querySelector('.statusbar')?.textContent ?? ''));
    // qingyuan: no error, one warning (a name that differs from the catalogue's); rounding residues are hints
    await page.waitForFunction(() => /0\s*\S*\s*1 (Budget|预算)/.test(document.querySelector('.statusbar')?.textContent ?? ''));
    await page.keyboard.press('Control+Shift+M'); // the Problems view
    await page.waitForFunction(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => /code\.name-mismatch/.test(r.textContent ?? '')));
    log(`status bar: ${(await statusBar.innerText()).replace(/\s+/g, ' ').trim()}`);
    log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    removeScratch(scratch);
    // npm run package left production bundles in dist/: put the development ones back
    run(process.execPath, ['esbuild.js', '--quiet'], 'restoring the development bundles');
  }
}

const timer = setTimeout(() => {
  console.error(`[vscode-test] the .vsix check did not finish within ${TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, TIMEOUT_MS);
main().then(
  () => {
    clearTimeout(timer);
    process.exit(0);
  },
  (err) => {
    console.error(`[vscode-test] the .vsix check failed: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
