/**
 * End-to-end tests of the command-line checker (dist/cli.js): exit codes,
 * the text / JSON / SARIF output formats, locales, folders, binary,
 * non-budget and GB18030 input.
 *
 * The CLI is (re)built once in `before` with `node esbuild.js --quiet`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SAMPLES_DIR, SAMPLES as SAMPLE_LIST } from './helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLES = SAMPLES_DIR;
const JIANGMEN = path.join(SAMPLES, 'jiangmen-jianghai-2024.txt');
const QINGYUAN = path.join(SAMPLES, 'qingyuan-qingxin-2023.txt');
const SAMPLE_NAMES = SAMPLE_LIST.map((name) => `${name}.txt`);
const GUANGDONG = ['huizhou', 'jiangmen', 'qingyuan', 'shaoguan'];

const TEXT_LINE = /^.+:\d+:\d+: (error|warning|information|hint) [a-z.-]+ .+$/;
const RELATED_LINE = /^ {4}.+:\d+:\d+: .+$/;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Environment with no locale variables, so the CLI's default locale applies. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.LANG;
  return { ...env, ...extra };
}

function cli(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return r;
}

function describeRun(r: SpawnSyncReturns<string>): string {
  return `status=${r.status} signal=${r.signal}\n--- stdout ---\n${r.stdout.slice(0, 2000)}\n--- stderr ---\n${r.stderr.slice(0, 2000)}`;
}

function parseJson(r: SpawnSyncReturns<string>): any {
  try {
    return JSON.parse(r.stdout);
  } catch (err) {
    assert.fail(`stdout is not valid JSON (${(err as Error).message})\n${describeRun(r)}`);
  }
}

function keys(o: object): string[] {
  return Object.keys(o).sort();
}

function assertKeys(o: unknown, expected: string[], where: string): void {
  assert.ok(o !== null && typeof o === 'object' && !Array.isArray(o), `${where}: expected an object, got ${JSON.stringify(o)}`);
  assert.deepEqual(keys(o as object), [...expected].sort(), `${where}: key set`);
}

function assertPosition(p: any, where: string): void {
  assertKeys(p, ['line', 'character'], where);
  assert.ok(Number.isInteger(p.line) && p.line >= 0, `${where}.line = ${p.line}`);
  assert.ok(Number.isInteger(p.character) && p.character >= 0, `${where}.character = ${p.character}`);
}

function assertRange(r: any, where: string): void {
  assertKeys(r, ['start', 'end'], where);
  assertPosition(r.start, `${where}.start`);
  assertPosition(r.end, `${where}.end`);
}

let tmp: string;

before(() => {
  const build = spawnSync(process.execPath, ['esbuild.js', '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'budget-cli-test-'));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The jiangmen sample with 2010301 行政运行's 合计 changed from 266.60 to 296.60 (first such line only). */
function brokenJiangmen(): string {
  const text = readFileSync(JIANGMEN, 'utf8');
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith('2010301 　　行政运行 266.60 266.60 '));
  assert.ok(i >= 0, 'the 2010301 行政运行 line is in the jiangmen sample');
  lines[i] = lines[i].replace('266.60', '296.60'); // first occurrence on that line only
  const out = lines.join('\n');
  assert.notEqual(out, text);
  return out;
}

describe('cli: text output and exit codes', () => {
  test('the jiangmen sample exits 0 and every line is well-formed', () => {
    const r = cli([JIANGMEN]);
    assert.equal(r.status, 0, describeRun(r));
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    assert.ok(lines.length > 0, 'some (information) findings are printed');
    for (const line of lines) {
      if (line.startsWith('    ')) assert.match(line, RELATED_LINE);
      else {
        assert.match(line, TEXT_LINE);
        assert.ok(line.startsWith(`${JIANGMEN}:`), `line names the file: ${line}`);
        assert.doesNotMatch(line, /: error /, 'the sample has no errors');
      }
    }
  });

  test('a broken sum exits 1 and prints an error pointing at the file', () => {
    const file = path.join(tmp, 'jiangmen-broken.txt');
    writeFileSync(file, brokenJiangmen(), 'utf8');
    const r = cli([file]);
    assert.equal(r.status, 1, describeRun(r));
    const errors = r.stdout.split('\n').filter((l) => TEXT_LINE.test(l) && / error /.test(l));
    assert.ok(errors.length >= 1, `at least one error line\n${describeRun(r)}`);
    for (const e of errors) assert.ok(e.startsWith(`${file}:`), `error line points at the file: ${e}`);
    // the changed line is 1-based line (index + 1); some error should point at it or its parent
    const changedLine = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('2010301 　　行政运行 296.60')) + 1;
    const pointed = r.stdout.split('\n').some((l) => l.includes(`${file}:${changedLine}:`));
    assert.ok(pointed, `some line points at line ${changedLine}\n${describeRun(r)}`);
  });

  test('--help exits 0 and prints usage', () => {
    const r = cli(['--help']);
    assert.equal(r.status, 0, describeRun(r));
    assert.match(r.stdout, /Usage/);
  });

  test('no arguments is a usage error (exit 2)', () => {
    const r = cli([]);
    assert.equal(r.status, 2, describeRun(r));
    assert.ok(r.stderr.length > 0, 'explains on stderr');
  });

  test('--format xml is a usage error (exit 2)', () => {
    const r = cli(['--format', 'xml', JIANGMEN]);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stderr, /xml/);
  });

  test('an unknown option is a usage error (exit 2)', () => {
    const r = cli(['--bogus', JIANGMEN]);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stderr, /--bogus/);
  });

  test('a missing file exits 2 and names the path on stderr', () => {
    const missing = path.join(tmp, 'does-not-exist.txt');
    const r = cli([missing]);
    assert.equal(r.status, 2, describeRun(r));
    assert.ok(r.stderr.includes(missing), `stderr mentions ${missing}\n${describeRun(r)}`);
  });
});

describe('cli: locales', () => {
  const roundingLine = (out: string) => out.split('\n').find((l) => / sum\.rounding /.test(l));

  test('--locale en gives English messages', () => {
    const r = cli(['--locale', 'en', JIANGMEN]);
    assert.equal(r.status, 0, describeRun(r));
    const line = roundingLine(r.stdout);
    assert.ok(line, `a sum.rounding finding\n${describeRun(r)}`);
    const message = line.slice(line.indexOf(' sum.rounding ') + ' sum.rounding '.length);
    assert.match(message, /Rounding residue/);
    const prefix = message.slice(0, message.indexOf(':'));
    assert.doesNotMatch(prefix, CJK, `English prefix: ${prefix}`);
    assert.doesNotMatch(r.stdout, /尾数误差/);
  });

  test('--locale zh-CN gives Chinese messages', () => {
    const r = cli(['--locale', 'zh-CN', JIANGMEN]);
    assert.equal(r.status, 0, describeRun(r));
    assert.match(roundingLine(r.stdout) ?? '', /尾数误差/);
    assert.doesNotMatch(r.stdout, /Rounding residue/);
  });

  test('the default (no LANG) is Chinese', () => {
    const r = cli([JIANGMEN]);
    assert.equal(r.status, 0, describeRun(r));
    assert.match(roundingLine(r.stdout) ?? '', /尾数误差/);
  });
});

describe('cli: JSON output', () => {
  test('--format json on the samples folder has the documented shape', () => {
    const r = cli(['--format', 'json', SAMPLES]);
    assert.ok(r.status === 0 || r.status === 1, describeRun(r));
    const json = parseJson(r);
    assertKeys(json, ['version', 'files'], 'top');
    assert.equal(json.version, 1);
    assert.ok(Array.isArray(json.files));
    // the folder holds the five .txt samples plus README.md (.md files are checked too)
    const names = json.files.map((f: any) => path.basename(f.path)).sort();
    assert.deepEqual(
      names.filter((n: string) => n.endsWith('.txt')),
      SAMPLE_NAMES,
      `five sample files among: ${names.join(', ')}`,
    );
    assert.deepEqual(
      names.filter((n: string) => !n.endsWith('.txt')),
      ['README.md'],
      `besides the samples only README.md: ${names.join(', ')}`,
    );
    const readme = json.files.find((f: any) => path.basename(f.path) === 'README.md');
    assert.equal(readme.documentKind, 'unknown', 'the samples README is not a budget');
    assert.ok(readme.diagnostics.some((d: any) => d.code === 'document.not-budget'));

    for (const file of json.files) {
      const where = path.basename(file.path);
      assertKeys(file, ['path', 'documentKind', 'tables', 'diagnostics'], where);
      if (where.endsWith('.txt')) assert.equal(file.documentKind, 'budget', `${where}: documentKind`);
      assert.ok(Array.isArray(file.tables) && Array.isArray(file.diagnostics));
      if (GUANGDONG.some((g) => where.startsWith(g)))
        assert.ok(file.tables.length >= 12, `${where}: ${file.tables.length} tables, expected >= 12`);

      const fileLines = readFileSync(path.resolve(ROOT, file.path), 'utf8').split(/\r?\n/);
      for (const [i, t] of file.tables.entries()) {
        assertKeys(t, ['title', 'kind', 'label', 'line', 'rows', 'read', 'checked', 'reason'], `${where} table ${i}`);
        assert.equal(typeof t.read, 'boolean');
        assert.equal(typeof t.checked, 'boolean');
        assert.ok(t.checked ? t.reason === null : typeof t.reason === 'string', `${where} table ${i}: a table not checked says why`);
        assert.equal(typeof t.title, 'string');
        assert.equal(typeof t.kind, 'string');
        assert.ok(t.label === null || typeof t.label === 'string');
        assert.ok(Number.isInteger(t.line) && t.line >= 0 && t.line < fileLines.length, `${where} table ${i} line ${t.line}`);
        assert.ok(Number.isInteger(t.rows) && t.rows >= 0, `${where} table ${i} rows ${t.rows}`);
      }
      for (const [i, d] of file.diagnostics.entries()) {
        const w = `${where} diagnostic ${i} (${d.code})`;
        assertKeys(d, ['code', 'severity', 'message', 'range', 'related'], w);
        assert.match(d.code, /^[a-z.-]+$/);
        assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity), `${w}: severity ${d.severity}`);
        assert.ok(typeof d.message === 'string' && d.message.length > 0, `${w}: message`);
        assertRange(d.range, `${w}.range`);
        assert.ok(d.range.start.line < fileLines.length, `${w}: start line ${d.range.start.line} < ${fileLines.length}`);
        const lineLength = fileLines[d.range.start.line].length;
        assert.ok(d.range.start.character <= lineLength, `${w}: start character ${d.range.start.character} <= ${lineLength}`);
        assert.ok(Array.isArray(d.related));
        for (const [j, rel] of d.related.entries()) {
          assertKeys(rel, ['range', 'message'], `${w} related ${j}`);
          assertRange(rel.range, `${w} related ${j}.range`);
          assert.equal(typeof rel.message, 'string');
        }
      }
    }
  });
});

describe('cli: SARIF output', () => {
  test('--format sarif is SARIF 2.1.0', () => {
    const r = cli(['--format', 'sarif', SAMPLES]);
    assert.ok(r.status === 0 || r.status === 1, describeRun(r));
    const sarif = parseJson(r);
    assert.equal(sarif.version, '2.1.0');
    assert.ok(Array.isArray(sarif.runs) && sarif.runs.length >= 1);
    assert.equal(typeof sarif.runs[0].tool.driver.name, 'string');
    assert.ok(sarif.runs[0].tool.driver.name.length > 0);
    const results = sarif.runs[0].results;
    assert.ok(Array.isArray(results));
    assert.ok(results.length > 0, 'the samples give some results');
    for (const [i, res] of results.entries()) {
      assert.equal(typeof res.ruleId, 'string', `result ${i} ruleId`);
      assert.ok(['error', 'warning', 'note'].includes(res.level), `result ${i} level ${res.level}`);
      assert.equal(typeof res.message?.text, 'string', `result ${i} message.text`);
      const startLine = res.locations?.[0]?.physicalLocation?.region?.startLine;
      assert.ok(Number.isInteger(startLine) && startLine >= 1, `result ${i} startLine ${startLine}`);
    }
  });
});

describe('cli: unusual input', () => {
  test('a binary file gives document.binary and exits 2 (not checked is never clean)', () => {
    const dir = mkdtempSync(path.join(tmp, 'bin-'));
    const file = path.join(dir, 'x.txt');
    writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x00, 0x7f, 0x80, 0x00]));
    const r = cli([file]);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stdout, /document\.binary/);
    assert.match(r.stderr, /binary, not text: not checked/);
  });

  test('a plain non-budget text file gives document.not-budget and exits 0', () => {
    const dir = mkdtempSync(path.join(tmp, 'prose-'));
    const file = path.join(dir, 'notes.txt');
    writeFileSync(
      file,
      [
        '春天来了，公园里的花都开了。我们周末去爬山，山上的空气很好，风景也很美。',
        '晚上回家以后，大家一起做饭、聊天，度过了愉快的一天。',
        '',
        '# Project README',
        '',
        'This project provides a small command-line tool for converting images.',
        'Install it with npm, then run it on a folder of files. Contributions are welcome;',
        'please open an issue first to discuss what you would like to change.',
        '',
      ].join('\n'),
      'utf8',
    );
    const r = cli([file]);
    assert.equal(r.status, 0, describeRun(r));
    assert.match(r.stdout, /document\.not-budget/);
  });

  test('a folder argument checks its .txt, .md and .pdf files only', () => {
    const dir = mkdtempSync(path.join(tmp, 'folder-'));
    writeFileSync(path.join(dir, 'budget.txt'), readFileSync(JIANGMEN));
    writeFileSync(path.join(dir, 'readme.md'), '# Notes\n\nNothing to see here, just a README with a paragraph of prose.\n');
    writeFileSync(path.join(dir, 'scan.pdf'), Buffer.from('%PDF-1.7\n\x00\x01\x02\x03binary\x00stuff\n', 'latin1'));
    const r = cli(['--format', 'json', dir]);
    assert.equal(r.status, 2, `the damaged PDF was not checked: ${describeRun(r)}`);
    const json = parseJson(r);
    assert.equal(json.files.length, 3, `three files: ${json.files.map((f: any) => f.path).join(', ')}`);
    const names = json.files.map((f: any) => path.basename(f.path)).sort();
    assert.deepEqual(names, ['budget.txt', 'readme.md', 'scan.pdf']);
    // the PDF is read as a PDF: a damaged one is said to be unreadable
    const pdf = json.files.find((f: any) => path.basename(f.path) === 'scan.pdf');
    assert.deepEqual(pdf.diagnostics.map((d: any) => d.code), ['document.pdf-unreadable']);
    const budget = json.files.find((f: any) => path.basename(f.path) === 'budget.txt');
    assert.equal(budget.documentKind, 'budget');
  });

  test('a GB18030-encoded file is decoded and gets document.encoding', (t) => {
    const probe = spawnSync('iconv', ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      t.skip('iconv is not available');
      return;
    }
    const conv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', QINGYUAN], { maxBuffer: 64 * 1024 * 1024 });
    if (conv.error || conv.status !== 0) {
      t.skip(`iconv cannot convert to GB18030: ${conv.stderr?.toString()}`);
      return;
    }
    const gbBytes = conv.stdout as Buffer;
    assert.notDeepEqual(gbBytes, readFileSync(QINGYUAN), 'the GB18030 bytes differ from the UTF-8 bytes');
    const dir = mkdtempSync(path.join(tmp, 'gb-'));
    const file = path.join(dir, 'qingyuan-gb18030.txt');
    writeFileSync(file, gbBytes);

    const gb = cli(['--format', 'json', file]);
    assert.ok(gb.status === 0 || gb.status === 1, describeRun(gb));
    const utf8 = cli(['--format', 'json', QINGYUAN]);
    assert.ok(utf8.status === 0 || utf8.status === 1, describeRun(utf8));
    const gbFile = parseJson(gb).files[0];
    const utf8File = parseJson(utf8).files[0];
    assert.ok(
      gbFile.diagnostics.some((d: any) => d.code === 'document.encoding'),
      `document.encoding among ${gbFile.diagnostics.map((d: any) => d.code).join(', ')}`,
    );
    assert.ok(!utf8File.diagnostics.some((d: any) => d.code === 'document.encoding'), 'no document.encoding for UTF-8');
    assert.equal(gbFile.documentKind, 'budget');
    assert.equal(gbFile.tables.length, utf8File.tables.length, 'same number of tables as the UTF-8 file');
    assert.deepEqual(
      gbFile.tables.map((x: any) => x.title),
      utf8File.tables.map((x: any) => x.title),
    );
  });
});

describe('cli: the classification catalogue', () => {
  test('checks codes against the edition of the document’s year, or --catalog-year', () => {
    const r = cli(['--locale', 'en', QINGYUAN]);
    assert.equal(r.status, 0, describeRun(r));
    const line = r.stdout.split('\n').find((l) => / code\.name-mismatch /.test(l));
    assert.ok(line, describeRun(r));
    assert.match(line, /qingyuan-qingxin-2023\.txt:248:8: warning code\.name-mismatch 20605 is printed as “科学条件与服务”; its official name in the 2023 edition is “科技条件与服务”/);
    const y = cli(['--locale', 'en', '--catalog-year', '2025', QINGYUAN]);
    assert.match(y.stdout, /official name in the 2025 edition/);
    const bad = cli(['--catalog-year', 'soon', QINGYUAN]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--catalog-year/);
  });
});

describe('cli: hostile inputs (issue 14)', () => {
  const budgetText = () => readFileSync(JIANGMEN, 'utf8');

  test('a FIFO named *.txt is refused at once (exit 2), alone and inside a folder', (t) => {
    const dir = mkdtempSync(path.join(tmp, 'fifo-'));
    const fifo = path.join(dir, 'pipe.txt');
    const mk = spawnSync('mkfifo', [fifo]);
    if (mk.status !== 0) return t.skip('mkfifo is not available');
    const started = Date.now();
    const r = cli([fifo]);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stderr, /pipe\.txt: a FIFO \(named pipe\), not a regular file: not read/);
    const f = cli([dir]);
    assert.equal(f.status, 2, describeRun(f));
    assert.match(f.stderr, /FIFO/);
    assert.ok(Date.now() - started < 30_000, 'no hang');
  });

  test('a device (/dev/zero) is refused, not read until memory runs out', () => {
    const r = cli(['/dev/zero']);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stderr, /\/dev\/zero: a character device, not a regular file: not read/);
  });

  test('a socket is refused', async () => {
    const net = await import('node:net');
    const dir = mkdtempSync(path.join(tmp, 'sock-'));
    const sock = path.join(dir, 's.txt');
    const server = net.createServer().listen(sock);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const r = await new Promise<SpawnSyncReturns<string>>((resolve) => {
        const { spawn } = require('node:child_process') as typeof import('node:child_process');
        const p = spawn(process.execPath, [CLI, sock], { cwd: ROOT, env: cleanEnv() });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d) => (stdout += d));
        p.stderr.on('data', (d) => (stderr += d));
        p.on('close', (status) => resolve({ status, stdout, stderr } as SpawnSyncReturns<string>));
      });
      assert.equal(r.status, 2, describeRun(r));
      assert.match(r.stderr, /a socket, not a regular file/);
    } finally {
      server.close();
    }
  });

  test('folder walks follow each real directory once: two links to itself, a repeated link', () => {
    const dir = mkdtempSync(path.join(tmp, 'loop-'));
    writeFileSync(path.join(dir, 'budget.txt'), budgetText());
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'other.md'), '# Notes\n\nJust prose, nothing else.\n');
    symlinkSync(dir, path.join(dir, 'self-a'));
    symlinkSync(dir, path.join(dir, 'self-b'));
    symlinkSync(path.join(dir, 'sub'), path.join(dir, 'sub-again'));
    symlinkSync(path.join(dir, 'budget.txt'), path.join(dir, 'link-to-budget.txt'));
    const r = cli(['--format', 'json', dir]);
    assert.ok(r.status === 0 || r.status === 1, describeRun(r));
    const files = parseJson(r).files.map((f: any) => path.relative(dir, f.path)).sort();
    assert.deepEqual(files, ['budget.txt', path.join('sub', 'other.md')]);
  });

  test('a file over 64 MB is refused before it is read (exit 2)', () => {
    const dir = mkdtempSync(path.join(tmp, 'big-'));
    const file = path.join(dir, 'huge.txt');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 65 * 1024 * 1024); // sparse: no disk, no time
    closeSync(fd);
    const r = cli([file]);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stderr, /huge\.txt: larger than 64 MB: not read/);
  });

  test('a zero byte after the first 8 KB makes the file binary, not text', () => {
    const dir = mkdtempSync(path.join(tmp, 'nul-'));
    const file = path.join(dir, 'late-nul.txt');
    writeFileSync(file, Buffer.concat([Buffer.from(budgetText(), 'utf8'), Buffer.from([0, 1, 2, 3])]));
    const r = cli([file]);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stdout, /document\.binary/);
  });

  test('- reads standard input', () => {
    const r = spawnSync(process.execPath, [CLI, '--format', 'json', '-'], { cwd: ROOT, env: cleanEnv(), input: budgetText(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.ok(r.status === 0 || r.status === 1, describeRun(r));
    const json = parseJson(r);
    assert.equal(json.files.length, 1);
    assert.equal(json.files[0].path, '<stdin>');
    assert.equal(json.files[0].documentKind, 'budget');
  });

  for (const [name, encode] of [
    ['UTF-16LE with a BOM', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    ['UTF-16LE without a BOM', (s: string) => Buffer.from(s, 'utf16le')],
    ['UTF-16BE with a BOM', (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()])],
    ['UTF-16BE without a BOM', (s: string) => Buffer.from(s, 'utf16le').swap16()],
  ] as const) {
    test(`${name} is decoded, checked like UTF-8, and said`, () => {
      const dir = mkdtempSync(path.join(tmp, 'utf16-'));
      const file = path.join(dir, 'budget.txt');
      writeFileSync(file, encode(budgetText()));
      const plain = path.join(dir, 'plain.txt');
      writeFileSync(plain, budgetText());
      const r = cli(['--format', 'json', file, plain]);
      assert.ok(r.status === 0 || r.status === 1, describeRun(r));
      const [utf16, utf8] = parseJson(r).files;
      assert.equal(utf16.documentKind, 'budget');
      const enc = utf16.diagnostics.find((d: any) => d.code === 'document.encoding');
      assert.ok(enc, 'document.encoding said');
      assert.match(enc.message, /UTF-16(LE|BE)/);
      const strip = (f: any) => f.diagnostics.filter((d: any) => d.code !== 'document.encoding').map((d: any) => `${d.range.start.line}:${d.range.start.character} ${d.code}`);
      assert.deepEqual(strip(utf16), strip(utf8), 'the same findings as the UTF-8 file');
    });
  }

  test('invalid UTF-8 is reported as document.encoding (warning) with its line', () => {
    const dir = mkdtempSync(path.join(tmp, 'badutf8-'));
    const file = path.join(dir, 'damaged.txt');
    const lines = budgetText().split('\n');
    const at = 5;
    const bytes = Buffer.concat([
      Buffer.from(lines.slice(0, at).join('\n') + '\n', 'utf8'),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from(lines.slice(at).join('\n'), 'utf8'),
    ]);
    writeFileSync(file, bytes);
    const r = cli(['--format', 'json', '--locale', 'en', file]);
    assert.ok(r.status === 0 || r.status === 1, describeRun(r));
    const enc = parseJson(r).files[0].diagnostics.find((d: any) => d.code === 'document.encoding');
    assert.ok(enc, 'document.encoding reported');
    assert.equal(enc.severity, 'warning');
    assert.equal(enc.range.start.line, at);
    assert.match(enc.message, new RegExp(`first on line ${at + 1}`));
  });
});
