#!/usr/bin/env node
// Screenshots of the extension in a real VS Code (code-server 4.96.4 in headless Chromium), as a
// person sees it, saved to images/ at 1400×900:
//
//   images/screenshot-diagnostics.png  the qingyuan sample: squiggles and the Problems panel
//   images/screenshot-outline.png      the Outline view
//   images/screenshot-hover.png        the hover on a classification code
//   images/screenshot-hover-amount.png the hover on an amount: the sums it takes part in
//   images/screenshot-quickfix.png     the quick-fix menu on a copy with one amount changed
//   images/screenshot-layout.png       a space-aligned 决算 (synthetic, in the Shanghai layout): the
//                                      hover on a figure read by its position under a split-code table
//   images/screenshot-preview.png      the table preview beside the text, on that copy (✗ on the changed cell)
//   images/screenshot-narrative.png    a copy of the sample with one amount of the explanation text changed:
//                                      its squiggle, the hover naming the table cell, the Problems panel
//                                      and the status bar's counts
//   images/screenshot-narrative-definition.png  Peek Definition on that figure: the table row it is read from
//   images/screenshot-outline-narrative.png     the Outline on that copy: the explanation's sections with
//                                      “N 个数字与表核对，M 处与表不一致”
//
//   npm run screenshots              (node test/vscode/screenshots.mjs)
//   node test/vscode/screenshots.mjs --out DIR
//
// Same setup as run.mjs (setup.mjs installs code-server, chromium and CJK fonts). Exit code 1 if
// a screenshot could not be taken as intended (what was on screen is saved anyway, as *-failed.png).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, log, prepareScratch, removeScratch, repoRoot, startCodeServer, workbenchUrl } from './lib.mjs';
import { setup } from './setup.mjs';

const { values: opts } = parseArgs({ options: { out: { type: 'string', default: path.join(repoRoot, 'images') } } });
const outDir = path.resolve(opts.out);
const SIZE = { width: 1400, height: 900 };
const BUDGET = 'qingyuan.budget.txt';
const MUTATED = 'quickfix.budget.txt';
/** A synthetic 决算 laid out with spaces, as `pdftotext -layout` writes the Shanghai documents. */
const LAYOUT = 'layout-final.budget.txt';
/** The sample with one figure of its explanation text changed (收入预算 1,564.22 → 1,546.22万元). */
const NARRATIVE = 'narrative.budget.txt';
const NARRATIVE_FROM = '收入预算1,564.22万元';
const NARRATIVE_TO = '收入预算1,546.22万元';

/**
 * Commands run by id: each is bound to a key combination nobody uses (ctrl+alt+shift+F1…), written
 * to the fresh profile's keybindings.json. Command palette labels change between versions; ids less so.
 */
const COMMANDS = [
  'workbench.actions.view.problems',
  'workbench.action.closePanel',
  'outline.focus',
  'workbench.action.closeSidebar',
  'editor.action.showHover',
  'editor.action.quickFix',
  'notifications.clearAll',
  'workbench.action.focusActiveEditorGroup',
  'budget.showPreview',
  'editor.action.peekDefinition',
  'workbench.action.closeAllEditors',
];
const KEY_OF = Object.fromEntries(COMMANDS.map((command, i) => [command, `Control+Alt+Shift+F${i + 1}`]));
const KEYBINDINGS = COMMANDS.map((command, i) => ({ key: `ctrl+alt+shift+f${i + 1}`, command }));

/** The sample with the 合计 of code row 20103 raised by 7.13 (as in suite/quickfix.test.ts). */
function writeMutated(workspace) {
  const lines = readFileSync(path.join(workspace, BUDGET), 'utf8').split('\n');
  const row = lines.findIndex((l) => l.startsWith('20103\t'));
  if (row < 0) throw new Error(`${BUDGET} has no row 20103`);
  const cells = lines[row].split('\t');
  const cents = Math.round(Number(cells[2]) * 100) + 713;
  cells[2] = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  lines[row] = cells.join('\t');
  writeFileSync(path.join(workspace, MUTATED), lines.join('\n'));
  return { line: row + 1, column: lines[row].indexOf(cells[2]) + 2 };
}

/** The sample with one narrative amount changed; returns where the changed figure is (1-based). */
function writeNarrative(workspace) {
  const text = readFileSync(path.join(workspace, BUDGET), 'utf8');
  if (!text.includes(NARRATIVE_FROM)) throw new Error(`${BUDGET} does not say ${NARRATIVE_FROM}`);
  writeFileSync(path.join(workspace, NARRATIVE), text.replace(NARRATIVE_FROM, NARRATIVE_TO));
  const at = find(workspace, NARRATIVE, new RegExp(NARRATIVE_TO));
  return { line: at.line, column: at.column + NARRATIVE_TO.indexOf('1,546') + 2 };
}

/** Lines are 1-based, as in the editor. Returns the 1-based line and column of the first match. */
function find(workspace, file, re) {
  const lines = readFileSync(path.join(workspace, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`no line matching ${re} in ${file}`);
  return { line: i + 1, column: lines[i].search(re) + 1 };
}

async function main() {
  spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
  const { codeServerEntry, chromium } = await setup();
  // messages and hovers in Chinese, as most readers of these documents use them
  // (the workbench itself stays English: no language pack offline)
  // no corpus PDF in the workspace: its name would show in the file list
  const scratch = prepareScratch({ keybindings: KEYBINDINGS, settings: { 'budget.locale': 'zh-CN' }, corpusPdf: false });
  const mutated = writeMutated(scratch.workspace);
  const narrative = writeNarrative(scratch.workspace);
  copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'shanghai-final.layout.budget.txt'), path.join(scratch.workspace, LAYOUT));
  mkdirSync(outDir, { recursive: true });

  let server;
  let browser;
  const failures = [];
  let taken = 0;
  try {
    server = await startCodeServer(codeServerEntry, scratch);
    browser = await launchChromium(chromium, scratch);
    const page = await browser.newPage({ viewport: SIZE, deviceScaleFactor: 1 });
    page.setDefaultTimeout(30_000);

    await page.goto(workbenchUrl(server, scratch, { extensionDevelopmentPath: repoRoot }), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench');
    await page.waitForSelector('.explorer-folders-view .monaco-list-row'); // the workspace files are listed
    await page.waitForSelector('.statusbar');

    const ui = helpers(page);
    await ui.openFile(BUDGET);
    await ui.run('notifications.clearAll');

    const shots = [
      {
        name: 'screenshot-diagnostics.png',
        async prepare() {
          // 支出总体情况表, with the rounding note on its 合计 row (and the Problems panel below).
          const at = find(scratch.workspace, BUDGET, /^\t合计\t/);
          await ui.goTo(Math.max(1, at.line - 8), 1);
          await ui.goTo(at.line, 4);
          await ui.run('workbench.actions.view.problems');
          await page.waitForSelector('.markers-panel .monaco-list-row', { state: 'visible' });
          await page.waitForSelector('.monaco-editor .squiggly-info, .monaco-editor .squiggly-error, .monaco-editor .squiggly-warning');
          await page.waitForSelector('.monaco-editor .codelens-decoration', { timeout: 5000 }).catch(() => {}); // if code lenses are on
          await ui.run('workbench.action.focusActiveEditorGroup');
        },
      },
      {
        name: 'screenshot-outline.png',
        async prepare() {
          await ui.run('workbench.action.closePanel');
          await ui.run('outline.focus');
          await page.waitForFunction(() => document.querySelectorAll('.outline-pane .monaco-list-row').length > 3);
          // The outline gets the whole side bar: fold the file list away, widen the bar.
          const files = page.locator('.pane-header', { hasText: /^\s*workspace/i }).first();
          if ((await files.getAttribute('aria-expanded').catch(() => null)) === 'true') await files.click();
          await ui.widenSideBar(520);
          await ui.run('workbench.action.focusActiveEditorGroup');
          await page.mouse.move(SIZE.width - 5, SIZE.height / 2);
        },
      },
      {
        name: 'screenshot-hover.png',
        async prepare() {
          await ui.run('workbench.action.closeSidebar');
          const at = find(scratch.workspace, BUDGET, /^2010301\t/);
          await ui.goTo(Math.max(1, at.line - 10), 1);
          await ui.goTo(at.line, 3);
          await ui.showHover('2010301');
        },
      },
      {
        name: 'screenshot-hover-amount.png',
        async prepare() {
          await page.keyboard.press('Escape');
          const at = find(scratch.workspace, BUDGET, /^201\t/);
          const line = readFileSync(path.join(scratch.workspace, BUDGET), 'utf8').split('\n')[at.line - 1];
          await ui.goTo(Math.max(1, at.line - 10), 1);
          await ui.goTo(at.line, line.indexOf('761.01') + 3);
          await ui.showHover('Σ');
        },
      },
      {
        name: 'screenshot-quickfix.png',
        async prepare() {
          await page.keyboard.press('Escape');
          await ui.openFile(MUTATED);
          await ui.goTo(Math.max(1, mutated.line - 10), 1);
          await ui.goTo(mutated.line, mutated.column);
          await page.waitForSelector('.monaco-editor .squiggly-error');
          await ui.run('editor.action.quickFix');
          await page.waitForSelector('.action-widget .monaco-list-row, .context-view .action-widget', { state: 'visible' });
        },
      },
      {
        name: 'screenshot-preview.png',
        async prepare() {
          await page.keyboard.press('Escape');
          await ui.goTo(mutated.line, mutated.column);
          await ui.run('budget.showPreview');
          await page.waitForSelector('iframe.webview', { state: 'visible' });
          // the grid is drawn inside the webview's own frames: give it a moment, then scroll it to the cursor
          await new Promise((r) => setTimeout(r, 2500));
          await ui.goTo(mutated.line, mutated.column + 1);
          await new Promise((r) => setTimeout(r, 1000));
        },
      },
      {
        name: 'screenshot-layout.png',
        async prepare() {
          await page.keyboard.press('Escape');
          await ui.openFile(LAYOUT);
          const at = find(scratch.workspace, LAYOUT, /^2010699 /);
          const line = readFileSync(path.join(scratch.workspace, LAYOUT), 'utf8').split('\n')[at.line - 1];
          await ui.goTo(Math.max(1, at.line - 14), 1);
          await ui.goTo(at.line, line.indexOf('35.60') + 3);
          await ui.showHover('35.60');
        },
      },
      {
        name: 'screenshot-narrative.png',
        async prepare() {
          await page.keyboard.press('Escape');
          // only this file open: the Problems panel lists its findings alone, no preview beside it
          await ui.run('workbench.action.closeAllEditors');
          await ui.openFile(NARRATIVE);
          await ui.goTo(Math.max(1, narrative.line - 12), 1);
          await ui.goTo(narrative.line, narrative.column);
          await ui.run('workbench.actions.view.problems');
          await page.waitForSelector('.markers-panel .monaco-list-row', { state: 'visible' });
          await page.waitForSelector('.monaco-editor .squiggly-warning');
          await ui.run('workbench.action.focusActiveEditorGroup');
          await page.mouse.move(20, SIZE.height - 150); // away from the text: a mouse hover would replace the keyboard's
          await ui.showHover('1564.22');
          // the Problems panel and the light bulb settle after the first hover and close it: show it again
          await page.waitForTimeout(1500);
          await ui.showHover('1564.22');
        },
      },
      {
        name: 'screenshot-narrative-definition.png',
        async prepare() {
          await page.keyboard.press('Escape');
          await ui.run('workbench.action.closePanel');
          await ui.goTo(Math.max(1, narrative.line - 6), 1);
          await ui.goTo(narrative.line, narrative.column);
          await ui.run('editor.action.peekDefinition');
          await page.waitForSelector('.peekview-widget .monaco-editor .view-lines', { state: 'visible' });
          await page.waitForTimeout(700);
        },
      },
      {
        name: 'screenshot-outline-narrative.png',
        async prepare() {
          await page.keyboard.press('Escape');
          await ui.goTo(narrative.line, narrative.column);
          await ui.run('outline.focus');
          const files = page.locator('.pane-header', { hasText: /^\s*workspace/i }).first();
          if ((await files.getAttribute('aria-expanded').catch(() => null)) === 'true') await files.click();
          await ui.widenSideBar(560);
          // fold the tables' part away: the explanation's sections come into view
          await page.locator('.outline-pane .monaco-list-row', { hasText: '第二部分' }).first().locator('.monaco-tl-twistie').click();
          await page.waitForFunction(() => [...document.querySelectorAll('.outline-pane .monaco-list-row')].some((r) => r.textContent.includes('个数字与表核对')));
          await ui.run('workbench.action.focusActiveEditorGroup');
          await ui.goTo(narrative.line, narrative.column); // the outline follows the cursor to the section
          await page.mouse.move(SIZE.width - 5, SIZE.height / 2);
          await page.waitForTimeout(700);
        },
      },
    ];

    taken = shots.length;
    for (const shot of shots) {
      const file = path.join(outDir, shot.name);
      try {
        await shot.prepare();
        await page.waitForTimeout(300); // let the last frame paint (animations, fonts)
        await page.screenshot({ path: file });
        log(`saved ${path.relative(repoRoot, file)}`);
      } catch (err) {
        const failed = file.replace(/\.png$/, '-failed.png');
        await page.screenshot({ path: failed }).catch(() => {});
        failures.push(shot.name);
        log(`could not take ${shot.name}: ${String(err?.message ?? err).split('\n')[0]} (screen saved as ${path.relative(repoRoot, failed)})`);
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    removeScratch(scratch);
  }
  if (failures.length > 0) {
    log(`${failures.length} of ${taken} screenshots failed: ${failures.join(', ')}`);
    process.exit(1);
  }
  log(`${taken} screenshots in ${path.relative(repoRoot, outDir) || '.'}`);
}

/** Keyboard-driven workbench actions, each waiting for what it opens. */
function helpers(page) {
  const quickInput = '.quick-input-widget';
  async function pick(text) {
    await page.waitForSelector(`${quickInput} .quick-input-box input`, { state: 'visible' });
    await page.keyboard.type(text);
    await page.waitForFunction(
      (t) => {
        const rows = document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row');
        return [...rows].some((r) => r.textContent && r.textContent.toLowerCase().includes(t.toLowerCase()));
      },
      text.replace(/^[>:]/, ''),
    );
    await page.keyboard.press('Enter');
    await page.waitForSelector(quickInput, { state: 'hidden' });
  }
  return {
    async openFile(name) {
      await page.keyboard.press('Control+P');
      await pick(name);
      await page.waitForSelector(`.tab.active[aria-label*="${name}"], .tab.active[title*="${name}"]`);
      await page.waitForSelector('.monaco-editor .view-lines .view-line');
    },
    /** Drags the side bar's edge so that it is `width` pixels wide. */
    async widenSideBar(width) {
      const bar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
      if (!bar || bar.width >= width) return;
      const x = bar.x + bar.width;
      const y = bar.y + bar.height / 2;
      await page.mouse.move(x - 1, y);
      await page.mouse.down();
      await page.mouse.move(bar.x + width, y, { steps: 10 });
      await page.mouse.up();
    },
    /** Runs a command of COMMANDS by its key binding. */
    async run(command) {
      if (!KEY_OF[command]) throw new Error(`${command} has no key binding (add it to COMMANDS)`);
      await page.keyboard.press(KEY_OF[command]);
    },
    /** Shows the hover at the cursor and waits until it contains `text`. */
    async showHover(text) {
      await page.keyboard.press(KEY_OF['editor.action.showHover']);
      await page.waitForFunction((t) => {
        const hover = [...document.querySelectorAll('.monaco-hover')].find((h) => h.offsetParent !== null && !h.closest('.hidden'));
        return hover && hover.innerText.includes(t);
      }, text);
    },
    async goTo(line, column) {
      await page.keyboard.press('Control+G');
      await page.waitForSelector(`${quickInput} .quick-input-box input`, { state: 'visible' });
      await page.keyboard.type(`${line}:${column}`);
      await page.keyboard.press('Enter');
      await page.waitForSelector(quickInput, { state: 'hidden' });
    },
  };
}

await main();
