/**
 * The command-line checker: the same service as the language server, over
 * files and folders, for batches and CI.
 *
 *   node dist/cli.js [--format text|json|sarif] [--locale zh-CN|en] [--jobs N] PATH...
 *
 * Exit status: 0 no errors, 1 errors found, 2 bad usage or a file not checked.
 */
import path from 'node:path';
import {
  createBudgetService,
  toLspRange,
  RULES,
  type DocumentModel,
  type Finding,
  type RuleId,
} from './service';
import { formatMessage, type Locale } from './service/diagnosticCodes';
import { readCatalogFiles } from './catalogFiles';
import { tableStatus } from './service/analysis/coverage';
import { decodeInput, encodingFindings, expandInputs, readInput, STDIN } from './cliInputs';
import { pageAtOffset } from './service/syntax/pageMarks';
import { isPdfPath, pageSuffix, pdfFailureMessage, readPdfs, writeTexts, type PdfRead } from './pdf/cliPdf';
import { defaultJobs, mapInWorkers, serveWorker } from './cliJobs';
import { isRuleId, isRuleLevel, type RuleLevels } from './service/analysis/quiet';

type Format = 'text' | 'json' | 'sarif';

interface Options {
  format: Format;
  locale: Locale;
  /** the catalogue edition; 'auto' = each document's year */
  catalogYear: 'auto' | number;
  /** --to-text: print the canonical text of each PDF instead of checking it */
  toText: boolean;
  /** worker threads checking the files (--jobs) */
  jobs: number;
  /** --rule id=level, repeatable */
  rules: RuleLevels;
  paths: string[];
}

interface FileResult {
  path: string;
  model: DocumentModel | null;
  findings: Finding[];
  /** read from a PDF: findings name the page */
  pdf?: boolean;
}

const USAGE = `Usage: budget-check [--format text|json|sarif] [--locale zh-CN|en] [--jobs N] PATH...

Checks department budget (部门预算) and final-accounts (部门决算) text files:
table structure, sums, totals and rounding residues, and classification
codes against the built-in catalogue (政府收支分类科目).
A PDF is read directly (its text layer; findings name the page).
A folder argument checks every .txt, .md and .pdf file in it (recursively,
each real folder once); - reads standard input. Only regular files of at
most 64 MB are read; UTF-8, UTF-16 and GB18030 text is decoded.

Options:
  --format text|json|sarif   output format (default: text)
  --locale zh-CN|en          message language (default: from LANG, else zh-CN)
  --catalog-year YEAR        classification catalogue edition (default: the document's year)
  --to-text                  print the budget text read from each PDF (no check)
  -j, --jobs N               check files in N worker threads (default: the number of cores);
                             the output is in the same order whatever N
  --rule ID=LEVEL            a rule's level: off, hint, information, warning or error
                             (repeatable; e.g. --rule sum.rounding=off --rule code.name-mismatch=error)
  -h, --help                 show this help

Exit status: 0 no errors, 1 errors found, 2 bad usage or a file not checked
(unreadable, binary, too large, or not a regular file).`;

class UsageError extends Error {}

function defaultLocale(): Locale {
  const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return lang === '' || lang === 'C' || lang === 'C.UTF-8' || lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function parseArgs(argv: string[]): Options | 'help' {
  const opts: Options = { format: 'text', locale: defaultLocale(), catalogYear: 'auto', toText: false, jobs: defaultJobs(), rules: {}, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '--to-text') opts.toText = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = value('--format');
      if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`unknown format: ${v}`);
      opts.format = v;
    } else if (a === '--locale' || a.startsWith('--locale=')) {
      const v = value('--locale');
      if (v === 'zh-CN' || v === 'zh' || v === 'zh-cn') opts.locale = 'zh-CN';
      else if (v === 'en' || v.startsWith('en-')) opts.locale = 'en';
      else throw new UsageError(`unknown locale: ${v}`);
    } else if (a === '--catalog-year' || a.startsWith('--catalog-year=')) {
      const v = value('--catalog-year');
      if (v === 'auto') opts.catalogYear = 'auto';
      else if (/^\d{4}$/.test(v)) opts.catalogYear = Number(v);
      else throw new UsageError(`--catalog-year needs a year like 2024, not: ${v}`);
    } else if (a === '--jobs' || a === '-j' || a.startsWith('--jobs=')) {
      const v = value('--jobs');
      if (!/^[1-9]\d{0,3}$/.test(v)) throw new UsageError(`--jobs needs a number of threads like 2, not: ${v}`);
      opts.jobs = Number(v);
    } else if (a === '--rule' || a.startsWith('--rule=')) {
      const v = a === '--rule' ? value('--rule') : a.slice('--rule='.length);
      const eq = v.lastIndexOf('=');
      const id = eq < 0 ? '' : v.slice(0, eq).trim();
      const level = eq < 0 ? '' : v.slice(eq + 1).trim();
      if (!isRuleId(id)) throw new UsageError(`--rule needs a rule id like sum.rounding=off, not: ${v}`);
      if (!isRuleLevel(level)) throw new UsageError(`--rule ${id}: the level is off, hint, information, warning or error, not: ${level}`);
      opts.rules[id] = level;
    } else if (a === '--') {
      // every argument after `--` is a path (a loop: argv can be longer than spread allows)
      for (let k = i + 1; k < argv.length; k++) opts.paths.push(argv[k]);
      i = argv.length;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option: ${a}`);
    else opts.paths.push(a);
  }
  if (opts.paths.length === 0) throw new UsageError('no files given');
  return opts;
}

function fileFinding(code: RuleId, locale: Locale, args: Record<string, string> = {}): Finding {
  return { code, severity: RULES[code].severity, span: { start: 0, end: 0 }, message: formatMessage(code, locale, args), related: [] };
}

/** One service for every file: the catalogue is read once, when the first file needs it. */
const service = createBudgetService({ catalogFiles: readCatalogFiles, log: (message) => process.stderr.write(`budget-check: ${message}\n`) });

export function checkFile(
  file: string,
  opts: Pick<Options, 'locale'> & Partial<Pick<Options, 'catalogYear' | 'rules'>>,
  errors: string[],
  pdfs?: Map<string, PdfRead>,
): FileResult | null {
  const pdf = pdfs?.get(file);
  if (pdf && 'failure' in pdf) {
    const { code, message } = pdfFailureMessage(pdf, opts.locale);
    // reported, and never an exit status of 0: the PDF was not checked
    errors.push(`${file}: ${message}: not checked`);
    return { path: file, model: null, findings: [{ ...fileFinding(code, opts.locale), message }], pdf: true };
  }
  if (pdf) {
    const { model, findings } = service.analyze(pdf.text, { locale: opts.locale, catalogYear: opts.catalogYear ?? 'auto', rules: opts.rules });
    for (const f of findings) f.message += pageSuffix(pdf.text, f.span.start, opts.locale);
    return { path: file, model, findings, pdf: true };
  }
  const input = readInput(file);
  if ('error' in input) {
    errors.push(input.error);
    return null;
  }
  const name = file === STDIN ? '<stdin>' : file;
  const decoded = 'binary' in input ? input : decodeInput(input.bytes);
  if ('binary' in decoded) {
    // reported, and never an exit status of 0: the file was not checked
    errors.push(`${name}: binary, not text: not checked`);
    return { path: name, model: null, findings: [fileFinding('document.binary', opts.locale)] };
  }
  const { model, findings } = service.analyze(decoded.text, { locale: opts.locale, catalogYear: opts.catalogYear ?? 'auto', rules: opts.rules });
  const said = encodingFindings(model, decoded, opts.locale);
  return { path: name, model, findings: said.length > 0 ? [...said, ...findings] : findings };
}

/** The model of a file that could not be read as text: one empty line. */
const NO_LINES = service.parse('');

function range(model: DocumentModel | null, span: Finding['span']) {
  return toLspRange(model ?? NO_LINES, span);
}

function formatText(results: FileResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      const { start } = range(r.model, f.span);
      out.push(`${r.path}:${start.line + 1}:${start.character + 1}: ${f.severity} ${f.code} ${f.message}`);
      if (f.severity === 'error')
        for (const rel of f.related) {
          const p = range(r.model, rel.span).start;
          out.push(`    ${r.path}:${p.line + 1}:${p.character + 1}: ${rel.message}`);
        }
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

export function toJson(results: FileResult[]): object {
  return {
    version: 1,
    files: results.map((r) => ({
      path: r.path,
      documentKind: r.model?.kind ?? 'unknown',
      tables: (r.model?.tables ?? []).map((t) => {
        const status = tableStatus(r.model!, t);
        return {
          title: t.title,
          kind: t.kind,
          label: t.label,
          line: t.startLine,
          rows: t.rows.filter((x) => x.kind !== 'continuation').length,
          read: status.read,
          checked: status.checked,
          reason: status.reason,
        };
      }),
      diagnostics: r.findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        message: f.message,
        range: range(r.model, f.span),
        ...(r.pdf && r.model ? { page: pageAtOffset(r.model.text, f.span.start) } : {}),
        related: f.related.map((x) => ({ range: range(r.model, x.span), message: x.message })),
      })),
    })),
  };
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function toSarif(results: FileResult[], locale: Locale): object {
  const rules = Object.values(RULES).map((r) => ({
    id: r.id,
    shortDescription: { text: r.title[locale] },
    fullDescription: { text: `${r.title['zh-CN']} / ${r.title.en}` },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i] as const));
  const uri = (p: string) => p.split(path.sep).join('/');
  const region = (model: DocumentModel | null, span: Finding['span']) => {
    const r = range(model, span);
    return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'budget-check', semanticVersion: '0.1.0', informationUri: 'https://github.com/budget-tools/budget-language-support', rules } },
        columnKind: 'utf16CodeUnits',
        artifacts: results.map((r) => ({ location: { uri: uri(r.path) } })),
        results: results.flatMap((r, fileIndex) =>
          r.findings.map((f) => ({
            ruleId: f.code,
            ruleIndex: ruleIndex.get(f.code),
            level: SARIF_LEVEL[f.severity],
            message: { text: f.message },
            ...(r.pdf && r.model ? { properties: { page: pageAtOffset(r.model.text, f.span.start) } } : {}),
            locations: [
              { physicalLocation: { artifactLocation: { uri: uri(r.path), index: fileIndex }, region: region(r.model, f.span) } },
            ],
            relatedLocations: f.related.map((x, id) => ({
              id,
              message: { text: x.message },
              physicalLocation: { artifactLocation: { uri: uri(r.path), index: fileIndex }, region: region(r.model, x.span) },
            })),
          })),
        ),
      },
    ],
  };
}

/** Per file: how many of its tables were read and checked (`N/M tables read`). */
function tablesRead(results: FileResult[], locale: Locale): string {
  const out: string[] = [];
  for (const r of results) {
    if (!r.model) continue;
    const c = service.coverage(r.model);
    const total = c.tables.length + c.missing.length;
    if (total === 0) continue;
    const read = c.tables.filter((s) => s.read).length;
    const unchecked = c.tables.filter((s) => s.read && !s.checked).length;
    const note = unchecked === 0 ? '' : locale === 'zh-CN' ? `（其中 ${unchecked} 张没有数据或未能核对）` : ` (${unchecked} without figures or not checked)`;
    out.push(locale === 'zh-CN' ? `${r.path}：读取 ${read}/${total} 张表${note}` : `${r.path}: ${read}/${total} tables read${note}`);
  }
  return out.map((l) => l + '\n').join('');
}

type Counts = { files: number; error: number; warning: number; information: number };

function summary({ files, error: e, warning: w, information: i }: Counts, locale: Locale): string {
  return locale === 'zh-CN' ? `检查了 ${files} 个文件：${e} 个错误，${w} 个警告，${i} 条提示` : `${files} file(s) checked: ${e} error(s), ${w} warning(s), ${i} information`;
}

/** One file's share of the output, made where the file was checked (a worker thread or this one): plain data. */
interface FileReport {
  errors: string[];
  /** text lines, the JSON entry, or the SARIF artifact and results of the file; null when it could not be read */
  output: string | object | { artifact: object; results: object[] } | null;
  tables: string;
  counts: Counts;
}

function reportOf(file: string, opts: Options, pdfs?: Map<string, PdfRead>): FileReport {
  const errors: string[] = [];
  const r = checkFile(file, opts, errors, pdfs);
  const counts: Counts = { files: r ? 1 : 0, error: 0, warning: 0, information: 0 };
  if (!r) return { errors, output: null, tables: '', counts };
  for (const f of r.findings) counts[f.severity === 'hint' ? 'information' : f.severity]++;
  let output: FileReport['output'];
  if (opts.format === 'json') output = (toJson([r]) as { files: object[] }).files[0];
  else if (opts.format === 'sarif') {
    const run = (toSarif([r], opts.locale) as { runs: Array<{ artifacts: object[]; results: object[] }> }).runs[0];
    output = { artifact: run.artifacts[0], results: run.results };
  } else output = formatText([r]);
  return { errors, output, tables: opts.format === 'text' ? tablesRead([r], opts.locale) : '', counts };
}

/** A file's SARIF results re-pointed at its place among the artifacts. */
function atArtifact(results: object[], index: number): object[] {
  type Loc = { physicalLocation: { artifactLocation: { index: number } } };
  for (const res of results as Array<{ locations: Loc[]; relatedLocations: Loc[] }>)
    for (const loc of [...res.locations, ...res.relatedLocations]) loc.physicalLocation.artifactLocation.index = index;
  return results;
}

type Io = { out: (s: string) => void; err: (s: string) => void };
const STDIO: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export async function main(argv: string[], io: Io = STDIO): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`budget-check: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.out(USAGE + '\n');
    return 0;
  }
  const errors: string[] = [];
  const files = expandInputs(opts.paths, errors);
  // PDFs are read here (pdf.js is asynchronous; see pdf/cliPdf.ts), and their files checked in this thread
  const pdfs = opts.toText || files.some(isPdfPath) ? await readPdfs(files, errors) : undefined;
  if (opts.toText) {
    for (const e of errors) io.err(`budget-check: ${e}\n`);
    return errors.length > 0 ? 2 : writeTexts(files, pdfs!, opts.locale, io);
  }
  let reports: FileReport[];
  try {
    // standard input and PDFs (read above) are checked in this thread; the rest in --jobs workers
    reports = pdfs || files.includes(STDIN) ? files.map((f) => reportOf(f, opts as Options, pdfs)) : await mapInWorkers(files, opts.jobs, __filename, opts, reportOf);
  } catch (err) {
    io.err(`budget-check: ${(err as Error).message}\n`);
    return 2;
  }
  const read = reports.filter((r) => r.output !== null);
  const counts: Counts = { files: 0, error: 0, warning: 0, information: 0 };
  for (const r of reports) {
    for (const e of r.errors) errors.push(e);
    for (const k of Object.keys(counts) as Array<keyof Counts>) counts[k] += r.counts[k];
  }
  if (opts.format === 'json') io.out(JSON.stringify({ version: 1, files: read.map((r) => r.output) }, null, 2) + '\n');
  else if (opts.format === 'sarif') {
    const sarif = toSarif([], opts.locale) as { runs: Array<{ artifacts: object[]; results: object[] }> };
    const parts = read.map((r) => r.output as { artifact: object; results: object[] });
    sarif.runs[0].artifacts = parts.map((p) => p.artifact);
    sarif.runs[0].results = parts.flatMap((p, i) => atArtifact(p.results, i));
    io.out(JSON.stringify(sarif, null, 2) + '\n');
  } else {
    io.out(read.map((r) => r.output as string).join(''));
    io.err(read.map((r) => r.tables).join('') + summary(counts, opts.locale) + '\n');
  }
  for (const e of errors) io.err(`budget-check: ${e}\n`);
  if (errors.length > 0) return 2;
  return counts.error > 0 ? 1 : 0;
}

// In a worker thread of --jobs, this bundle serves files; run as a command, it is the checker.
if (!serveWorker(reportOf) && require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
