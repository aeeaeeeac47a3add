// @ts-check
/**
 * Bundles the extension, the language server, the CLI and the benchmark.
 *
 *   node esbuild.js               build once
 *   node esbuild.js --watch       rebuild on change
 *   node esbuild.js --production  minified, for packaging
 *   node esbuild.js --quiet       no log line on success
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const quiet = args.has('--quiet');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: __dirname,
};

/** @type {{ name: string; options: import('esbuild').BuildOptions }[]} */
const targets = [
  {
    name: 'extension',
    options: { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  },
  {
    name: 'server',
    // also the `budget-language-server` command of the npm package
    options: {
      entryPoints: ['server/src/main.ts'],
      outfile: 'dist/server.js',
      banner: { js: '#!/usr/bin/env node' },
      define: { __BUDGET_VERSION__: JSON.stringify(require('./package.json').version) },
    },
  },
  {
    name: 'cli',
    options: {
      entryPoints: ['server/src/cli.ts'],
      outfile: 'dist/cli.js',
      banner: { js: '#!/usr/bin/env node' },
    },
  },
  {
    name: 'bench',
    options: { entryPoints: ['test/bench/bench.ts'], outfile: 'dist/bench.js' },
  },
  {
    // the PDF reader's benchmark, run as built (pdf.js from dist/pdfjs, as the extension loads it)
    name: 'bench-pdf',
    options: { entryPoints: ['test/bench/pdf.ts'], outfile: 'dist/bench-pdf.js' },
  },
  {
    // The extension tests (run in VS Code by test/vscode/run.mjs): index.js and one file per
    // *.test.ts, which index.js hands to mocha (required from node_modules, like vscode at runtime).
    name: 'test-suite',
    options: {
      entryPoints: [
        'test/vscode/suite/index.ts',
        ...fs
          .readdirSync(path.join(__dirname, 'test/vscode/suite'))
          .filter((f) => f.endsWith('.test.ts'))
          .map((f) => `test/vscode/suite/${f}`),
      ],
      outdir: 'dist/test/suite',
      outbase: 'test/vscode/suite',
      external: ['vscode', 'mocha'],
    },
  },
];

/** The classification catalogue's data files, read by the server and the CLI at run time. */
const CATALOG_SOURCE = 'server/src/service/catalog/data';
function copyCatalog() {
  const from = path.join(__dirname, CATALOG_SOURCE);
  const to = path.join(__dirname, 'dist', 'catalog');
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from).filter((f) => f.endsWith('.tsv'))) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

/**
 * pdf.js for reading PDFs (server/src/pdf/pdfToText.ts imports it at run time, only when a PDF is
 * read): its legacy build (plain JavaScript for Node) and the character maps of Chinese fonts.
 */
function copyPdfjs() {
  const pkg = path.dirname(require.resolve('pdfjs-dist/package.json'));
  const to = path.join(__dirname, 'dist', 'pdfjs');
  fs.mkdirSync(path.join(to, 'cmaps'), { recursive: true });
  const min = production ? '.min' : '';
  fs.copyFileSync(path.join(pkg, 'legacy', 'build', `pdf${min}.mjs`), path.join(to, 'pdf.mjs'));
  fs.copyFileSync(path.join(pkg, 'legacy', 'build', `pdf.worker${min}.mjs`), path.join(to, 'pdf.worker.mjs'));
  for (const f of fs.readdirSync(path.join(pkg, 'cmaps')))
    if (/GB|Identity|UCS2|LICENSE/.test(f)) fs.copyFileSync(path.join(pkg, 'cmaps', f), path.join(to, 'cmaps', f));
}

/** Logs the end of every (re)build in watch mode. */
/** @type {(name: string) => import('esbuild').Plugin} */
const watchLogger = (name) => ({
  name: 'watch-logger',
  setup(build) {
    build.onEnd((result) => {
      const status = result.errors.length ? `failed (${result.errors.length} errors)` : 'ok';
      console.log(`[watch] ${name}: ${status}`);
    });
  },
});

async function main() {
  const started = Date.now();
  copyCatalog();
  copyPdfjs();
  if (watch) {
    for (const { name, options } of targets) {
      const ctx = await esbuild.context({ ...common, ...options, plugins: [watchLogger(name)] });
      await ctx.watch();
    }
    console.log('[watch] watching for changes…');
    return;
  }
  // Build every target even if one fails, so a broken entry does not hide the others.
  const results = await Promise.allSettled(targets.map(({ options }) => esbuild.build({ ...common, ...options })));
  const failed = targets.filter((_, i) => results[i].status === 'rejected').map((t) => t.name);
  if (failed.length > 0) {
    console.error(`esbuild: failed to build ${failed.join(', ')}`);
    process.exit(1);
  }
  if (!quiet) {
    const outs = targets.map((t) => path.relative(__dirname, /** @type {string} */ (t.options.outfile ?? t.options.outdir)));
    console.log(`esbuild: built ${outs.join(', ')} in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
