#!/usr/bin/env node
// Installs what the extension tests need to run in a real VS Code on a machine that reaches only
// the npm registry and Debian's packages (see ../../README.md, "Build, test, benchmark"):
//
//   - Debian: chromium, ripgrep, fonts-noto-cjk (apt-get, when missing and we are root);
//   - npm: code-server@4.96.4 (VS Code 1.96.4) installed with --ignore-scripts, its postinstall
//     done by hand (its own postinstall downloads from GitHub).
//
// Everything goes to a cache folder outside the repository: ~/.cache/budget-vscode-test, or
// $BUDGET_VSCODE_CACHE. A marker file records a finished install, so the second run is instant.
//
//   node test/vscode/setup.mjs          install if needed, print where things are
//   node test/vscode/setup.mjs --force  reinstall code-server
//
// As a module: `await setup()` returns { codeServerEntry, chromium, cacheDir }.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.96.4';
const APT_PACKAGES = { chromium: 'chromium', rg: 'ripgrep', fonts: 'fonts-noto-cjk' };
/** code-server's native modules under lib/vscode that VS Code loads (kerberos is not used). */
const VSCODE_NATIVE = ['node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog', '@vscode/deviceid'];

export function cacheDir() {
  return path.resolve(process.env.BUDGET_VSCODE_CACHE || path.join(homedir(), '.cache', 'budget-vscode-test'));
}

let quietLog = false;
function log(msg) {
  if (!quietLog) console.log(`[vscode-setup] ${msg}`);
}

class SetupError extends Error {}

/** Runs a command, inheriting nothing but stderr on failure; throws with the output's tail. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.error) throw new SetupError(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new SetupError(`${cmd} ${args.join(' ')} (in ${opts.cwd ?? process.cwd()}) exited with ${r.status}:\n${tail}`);
  }
  return r.stdout;
}

function which(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function chromiumPath() {
  if (process.env.BUDGET_CHROMIUM) return process.env.BUDGET_CHROMIUM;
  return '/usr/bin/chromium';
}

function hasCjkFonts() {
  const r = spawnSync('dpkg', ['-s', 'fonts-noto-cjk'], { encoding: 'utf8' });
  if (r.status === 0 && /Status: install ok installed/.test(r.stdout)) return true;
  return existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
}

function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(chromiumPath())) missing.push(APT_PACKAGES.chromium);
  if (!which('rg')) missing.push(APT_PACKAGES.rg);
  const needed = missing.length > 0;
  if (!hasCjkFonts()) missing.push(APT_PACKAGES.fonts);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    const msg =
      `missing system packages: ${missing.join(' ')}.\n` +
      `  Install them (Debian/Ubuntu): sudo apt-get install -y ${missing.join(' ')}\n` +
      `  (or set BUDGET_CHROMIUM to a Chromium binary and put ripgrep's rg on PATH).`;
    if (needed) throw new SetupError(msg);
    log(`warning: ${msg}`); // only the fonts: tests run, screenshots show boxes for Chinese
    return;
  }
  log(`apt-get install ${missing.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
  if (!existsSync(chromiumPath())) throw new SetupError(`apt-get installed chromium but ${chromiumPath()} is missing`);
  if (!which('rg')) throw new SetupError('apt-get installed ripgrep but rg is not on PATH');
}

/** The environment for nested npm: no settings inherited from an enclosing `npm run`/`npm test`. */
function npmEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_)/i.test(key) || /^npm_config_(local_prefix|prefix|global|omit|include|production|ignore_scripts)$/i.test(key)) {
      delete env[key];
    }
  }
  // node-gyp needs Node's headers; offline it cannot download them. Use the installed ones.
  if (!env.npm_config_nodedir) {
    const prefix = path.resolve(path.dirname(process.execPath), '..');
    if (existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) env.npm_config_nodedir = prefix;
  }
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_update_notifier = 'false';
  return env;
}

function npm(args, cwd) {
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, env: npmEnv() });
}

function moveAside(file) {
  if (existsSync(file)) renameSync(file, `${file}.orig`);
}

function forceSymlink(target, linkPath) {
  try {
    lstatSync(linkPath);
    rmSync(linkPath, { recursive: true, force: true });
  } catch {
    // nothing there
  }
  mkdirSync(path.dirname(linkPath), { recursive: true });
  symlinkSync(target, linkPath);
}

function markerInfo() {
  return { codeServer: CODE_SERVER_VERSION, nodeAbi: process.versions.modules, platform: `${process.platform}-${process.arch}` };
}

function installCodeServer(root, force) {
  const marker = path.join(root, '.budget-setup-ok');
  const entry = path.join(root, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!force && existsSync(marker) && existsSync(entry)) {
    try {
      const info = JSON.parse(readFileSync(marker, 'utf8'));
      const want = markerInfo();
      if (info.codeServer === want.codeServer && info.nodeAbi === want.nodeAbi && info.platform === want.platform) return entry;
      log(`cached code-server was built for ${JSON.stringify(info)}, reinstalling`);
    } catch {
      log('unreadable marker, reinstalling');
    }
  }

  // Build in a scratch folder and rename at the end: an interrupted install never looks finished.
  const partial = `${root}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(path.join(partial, 'package.json'), JSON.stringify({ name: 'budget-vscode-test-cache', private: true }, null, 2));
  const t0 = Date.now();
  const step = (msg) => log(`${msg} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  step(`npm install code-server@${CODE_SERVER_VERSION} --ignore-scripts`);
  npm(['install', '--no-save', '--ignore-scripts', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], partial);
  const cs = path.join(partial, 'node_modules', 'code-server');
  const vscodeDir = path.join(cs, 'lib', 'vscode');

  step('lib/vscode: npm install --omit=dev --ignore-scripts');
  moveAside(path.join(vscodeDir, 'npm-shrinkwrap.json')); // pins a git dependency on GitHub
  npm(['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], vscodeDir);

  step(`lib/vscode: npm rebuild ${VSCODE_NATIVE.join(' ')}`);
  npm(['rebuild', ...VSCODE_NATIVE], vscodeDir);

  step('lib/vscode: link rg and node_modules.asar');
  forceSymlink(which('rg'), path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  forceSymlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));

  step('lib/vscode/extensions: npm install --omit=dev --ignore-scripts');
  const extDir = path.join(vscodeDir, 'extensions');
  moveAside(path.join(extDir, 'npm-shrinkwrap.json'));
  npm(['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], extDir);

  step('npm rebuild argon2');
  npm(['rebuild', 'argon2'], partial);

  // A quick sanity check: the native modules load in this Node.
  for (const mod of ['node-pty', '@vscode/spdlog']) {
    run(process.execPath, ['-e', `require(${JSON.stringify(mod)})`], { cwd: vscodeDir });
  }

  writeFileSync(path.join(partial, '.budget-setup-ok'), `${JSON.stringify({ ...markerInfo(), installedAt: new Date().toISOString() })}\n`);
  rmSync(root, { recursive: true, force: true });
  renameSync(partial, root);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${root} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return entry;
}

/**
 * Makes sure chromium, rg and code-server are there; returns their paths.
 * @param {{ quiet?: boolean, force?: boolean }} [opts]
 */
export async function setup(opts = {}) {
  quietLog = !!opts.quiet;
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  ensureSystemPackages();
  const codeServerEntry = installCodeServer(path.join(dir, `code-server-${CODE_SERVER_VERSION}`), !!opts.force);
  return { cacheDir: dir, codeServerEntry, chromium: chromiumPath() };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const started = Date.now();
  try {
    const r = await setup({ force: process.argv.includes('--force') });
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: code-server ${r.codeServerEntry}, chromium ${r.chromium}`);
  } catch (err) {
    console.error(`[vscode-setup] error: ${err instanceof SetupError ? err.message : err?.stack ?? err}`);
    process.exit(1);
  }
}
