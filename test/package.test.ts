/**
 * What goes into the .vsix: `vsce ls` (the file list `vsce package` would pack, computed from
 * .vscodeignore without building anything) must be exactly the bundles the extension runs
 * (extension, server, and the command-line checker), the static language files, the
 * translations, the icon and the docs. No sources, tests, test bundles, benchmark, source maps
 * or node_modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

const STATIC = [
  'package.json',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'language-configuration.json',
  'syntaxes/budget.tmLanguage.json',
  'images/icon.png',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];
const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/catalog/economic.tsv', 'dist/catalog/function.tsv', 'dist/catalog/gov-economic.tsv'];

test('vsce ls lists exactly the files the extension ships', () => {
  const r = spawnSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `vsce ls failed:\n${r.stderr}`);
  const listed = r.stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).sort();

  for (const f of STATIC) assert.ok(existsSync(path.join(ROOT, f)), `${f} exists`);
  const l10n = readdirSync(path.join(ROOT, 'l10n')).filter((f) => /^bundle\.l10n\.[a-z-]+\.json$/i.test(f)).map((f) => `l10n/${f}`);
  assert.ok(l10n.includes('l10n/bundle.l10n.zh-cn.json'));
  // the bundles are listed when built (npm test builds before testing)
  // pdf.js and its CMaps, for "Open PDF as Budget Text" (copied to dist/pdfjs by the build)
  const pdfjsDir = path.join(ROOT, 'dist', 'pdfjs');
  const pdfjs = existsSync(pdfjsDir)
    ? [...readdirSync(pdfjsDir).filter((f) => f.endsWith('.mjs')).map((f) => `dist/pdfjs/${f}`), ...readdirSync(path.join(pdfjsDir, 'cmaps')).map((f) => `dist/pdfjs/cmaps/${f}`)]
    : [];
  if (existsSync(path.join(ROOT, 'dist', 'cli.js'))) assert.ok(pdfjs.includes('dist/pdfjs/pdf.mjs') && pdfjs.includes('dist/pdfjs/pdf.worker.mjs'), 'the build copies pdf.js');
  const expected = [...STATIC, ...l10n, ...BUNDLES.filter((f) => existsSync(path.join(ROOT, f))), ...pdfjs].sort();
  assert.deepEqual(listed, expected);
  for (const f of listed) assert.doesNotMatch(f, /\.map$|^dist\/(bench|test)|^(server|client|test|scripts|node_modules)\//, f);
});
