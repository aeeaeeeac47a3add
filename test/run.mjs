#!/usr/bin/env node
// Test launcher: Node 20's `--test` does not expand glob patterns, so find the
// test files here and hand them to the built-in runner (TypeScript via tsx).
//
//   node test/run.mjs                 all test/**/*.test.ts
//   node test/run.mjs test/parser     only files under the given paths
//
// Output: the spec reporter on stdout, then the runner's TAP summary lines
// (`# tests N`, `# pass N`, `# fail N`, ...). Exit code is the runner's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEST_FILE = /\.test\.[cm]?ts$/;

function collect(entry, out) {
  const stat = statSync(entry);
  if (stat.isFile()) {
    out.push(entry);
    return;
  }
  for (const dirent of readdirSync(entry, { withFileTypes: true })) {
    if (dirent.name === 'node_modules' || dirent.name.startsWith('.')) continue;
    // the extension-host suite runs inside VS Code (npm run test:vscode), not under node:test
    if (path.join(entry, dirent.name) === path.join(root, 'test', 'vscode')) continue;
    const full = path.join(entry, dirent.name);
    if (dirent.isDirectory()) collect(full, out);
    else if (dirent.isFile() && TEST_FILE.test(dirent.name)) out.push(full);
  }
}

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['test'];
const files = [];
for (const r of roots) collect(path.resolve(root, r), files);
files.sort();

if (files.length === 0) {
  console.log(`No test files (*.test.ts) found under: ${roots.join(', ')}`);
  console.log('# tests 0\n# pass 0\n# fail 0');
  process.exit(0);
}

const tmp = mkdtempSync(path.join(tmpdir(), 'budget-test-'));
const tapFile = path.join(tmp, 'results.tap');
try {
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
      ...files.map((f) => path.relative(root, f)),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.error) throw result.error;

  let summary = [];
  try {
    summary = readFileSync(tapFile, 'utf8')
      .split('\n')
      .filter((line) => /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(line));
  } catch {
    // the runner died before writing its report; its exit code says so
  }
  if (summary.length > 0) console.log(`\n${summary.join('\n')}`);
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
