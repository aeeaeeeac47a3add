/**
 * The command-line checker: the same service as the language server, over
 * files and folders, for batches and CI.
 *
 *   node dist/cli.js [--format text|json|sarif] [--locale zh-CN|en] PATH...
 *
 * Exit status: 0 no errors, 1 errors found, 2 bad usage or an unreadable file.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
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
import { isRuleId, isRuleLevel, type RuleLevels } from './service/analysis/quiet';

type Format = 'text' | 'json' | 'sarif';

interface Options {
  format: Format;
  locale: Locale;
  /** the catalogue edition; 'auto' = each document's year */
  catalogYear: 'auto' | number;
  /** --rule id=level, repeatable */
  rules: RuleLevels;
  paths: string[];
}

interface FileResult {
  path: string;
  model: DocumentModel | null;
  findings: Finding[];
}

const USAGE = `Usage: budget-check [--format text|json|sarif] [--locale zh-CN|en] PATH...

Checks department budget (部门预算) and final-accounts (部门决算) text files:
table structure, sums, totals and rounding residues, and classification
codes against the built-in catalogue (政府收支分类科目).
A folder argument checks every .txt and .md file in it (recursively).

Options:
  --format text|json|sarif   output format (default: text)
  --locale zh-CN|en          message language (default: from LANG, else zh-CN)
  --catalog-year YEAR        classification catalogue edition (default: the document's year)
  --rule ID=LEVEL            a rule's level: off, hint, information, warning or error
                             (repeatable; e.g. --rule sum.rounding=off --rule code.name-mismatch=error)
  -h, --help                 show this help

Exit status: 0 no errors, 1 errors found, 2 bad usage or an unreadable file.`;

class UsageError extends Error {}

function defaultLocale(): Locale {
  const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return lang === '' || lang === 'C' || lang === 'C.UTF-8' || lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function parseArgs(argv: string[]): Options | 'help' {
  const opts: Options = { format: 'text', locale: defaultLocale(), catalogYear: 'auto', rules: {}, paths: [] };
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
    } else if (a === '--rule' || a.startsWith('--rule=')) {
      const v = a === '--rule' ? value('--rule') : a.slice('--rule='.length);
      const eq = v.lastIndexOf('=');
      const id = eq < 0 ? '' : v.slice(0, eq).trim();
      const level = eq < 0 ? '' : v.slice(eq + 1).trim();
      if (!isRuleId(id)) throw new UsageError(`--rule needs a rule id like sum.rounding=off, not: ${v}`);
      if (!isRuleLevel(level)) throw new UsageError(`--rule ${id}: the level is off, hint, information, warning or error, not: ${level}`);
      opts.rules[id] = level;
    } else if (a === '--') opts.paths.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option: ${a}`);
    else opts.paths.push(a);
  }
  if (opts.paths.length === 0) throw new UsageError('no files given');
  return opts;
}

/** Expand folders into their .txt / .md files, sorted; report what cannot be read. */
function expand(paths: string[], errors: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, top: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      if (top) errors.push(`${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String((err as Error).message)}`);
      return;
    }
    if (st.isDirectory()) {
      let entries: string[];
      try {
        entries = readdirSync(p).sort();
      } catch (err) {
        errors.push(`${p}: ${(err as Error).message}`);
        return;
      }
      for (const e of entries) {
        if (e.startsWith('.') || e === 'node_modules') continue;
        const full = path.join(p, e);
        let sub;
        try {
          sub = statSync(full);
        } catch {
          continue;
        }
        if (sub.isDirectory()) walk(full, false);
        else if (/\.(txt|md|budget)$/i.test(e)) out.push(full);
      }
    } else out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}

type Decoded = { text: string; encoding: 'utf-8' | 'gb18030' } | { binary: true };

/** UTF-8 first (BOM kept out), then GB18030 (common for Chinese government files); NUL bytes mean binary. */
export function decode(buf: Buffer): Decoded {
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) return { binary: true };
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(start)), encoding: 'utf-8' };
  } catch {
    /* not UTF-8 */
  }
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(buf), encoding: 'gb18030' };
  } catch {
    /* not GB18030 either */
  }
  // mostly text with some damage: read it, replacement characters and all
  const text = new TextDecoder('utf-8').decode(buf.subarray(start));
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  return bad > text.length / 10 ? { binary: true } : { text, encoding: 'utf-8' };
}

function fileFinding(code: RuleId, locale: Locale, args: Record<string, string> = {}): Finding {
  return { code, severity: RULES[code].severity, span: { start: 0, end: 0 }, message: formatMessage(code, locale, args), related: [] };
}

/** One service for every file: the catalogue is read once, when the first file needs it. */
const service = createBudgetService({ catalogFiles: readCatalogFiles });

export function checkFile(file: string, opts: Pick<Options, 'locale'> & Partial<Pick<Options, 'catalogYear' | 'rules'>>, errors: string[]): FileResult | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    errors.push(`${file}: ${(err as Error).message}`);
    return null;
  }
  const decoded = decode(buf);
  if ('binary' in decoded) return { path: file, model: null, findings: [fileFinding('document.binary', opts.locale)] };
  const { model, findings } = service.analyze(decoded.text, { locale: opts.locale, catalogYear: opts.catalogYear ?? 'auto', rules: opts.rules });
  if (decoded.encoding !== 'utf-8') findings.unshift(fileFinding('document.encoding', opts.locale, { encoding: 'GB18030' }));
  return { path: file, model, findings };
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

function summary(results: FileResult[], locale: Locale): string {
  const count = (s: string) => results.reduce((n, r) => n + r.findings.filter((f) => f.severity === s).length, 0);
  const e = count('error');
  const w = count('warning');
  const i = count('information') + count('hint');
  return locale === 'zh-CN'
    ? `检查了 ${results.length} 个文件：${e} 个错误，${w} 个警告，${i} 条提示`
    : `${results.length} file(s) checked: ${e} error(s), ${w} warning(s), ${i} information`;
}

export function main(argv: string[], io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) }): number {
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
  const files = expand(opts.paths, errors);
  const results: FileResult[] = [];
  for (const f of files) {
    const r = checkFile(f, opts, errors);
    if (r) results.push(r);
  }
  if (opts.format === 'json') io.out(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (opts.format === 'sarif') io.out(JSON.stringify(toSarif(results, opts.locale), null, 2) + '\n');
  else {
    io.out(formatText(results));
    io.err(tablesRead(results, opts.locale) + summary(results, opts.locale) + '\n');
  }
  for (const e of errors) io.err(`budget-check: ${e}\n`);
  if (errors.length > 0) return 2;
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
