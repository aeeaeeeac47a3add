/**
 * Entry of the extension test suite, loaded by the extension host (code-server or
 * @vscode/test-electron) as `extensionTestsPath`: runs mocha over the bundled test files
 * beside it (dist/test/suite/*.test.js, in ORDER, then any others alphabetically).
 *
 * BUDGET_VSCODE_GREP (set by `run.mjs --grep`) runs only the tests whose title matches.
 * BUDGET_VSCODE_REPORT: a file that receives a copy of the reporter's output. Under code-server the
 * extension host's stdout goes nowhere, so run.mjs gives a file and prints what arrives in it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import Mocha from 'mocha';

/**
 * Detection first: it must work in a fresh window, before any budget file has activated the
 * extension. The rest open budget files.
 */
const ORDER = ['detection', 'language', 'diagnostics', 'outline', 'hover', 'quickfix'];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.BUDGET_VSCODE_GREP;
  if (grep) mocha.grep(grep);
  const reportFile = process.env.BUDGET_VSCODE_REPORT;
  if (reportFile) {
    const log = Mocha.reporters.Base.consoleLog;
    Mocha.reporters.Base.consoleLog = (...data: unknown[]) => {
      log(...data);
      fs.appendFileSync(reportFile, `${format(...data)}\n`);
    };
  }

  const rank = (file: string): number => {
    const i = ORDER.indexOf(file.replace(/\.test\.js$/, ''));
    return i < 0 ? ORDER.length : i;
  };
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files beside ${__filename}`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
