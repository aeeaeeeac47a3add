/** Shared test helpers: sample loading and compact views of models and findings. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createBudgetService, toLspRange, type DocumentModel, type Finding } from '../server/src/service';
import { readCatalogFiles } from '../server/src/catalogFiles';

export const ROOT = path.resolve(__dirname, '..');
export const SAMPLES_DIR = path.resolve(ROOT, 'samples');
export const SAMPLES = ['huizhou-2023', 'jiangmen-jianghai-2024', 'qingyuan-qingxin-2023', 'shaoguan-2024', 'shenzhen-2024'] as const;
export type SampleName = (typeof SAMPLES)[number];

const cache = new Map<string, string>();
export function sampleText(name: SampleName): string {
  let t = cache.get(name);
  if (t === undefined) {
    t = readFileSync(path.join(SAMPLES_DIR, `${name}.txt`), 'utf8');
    cache.set(name, t);
  }
  return t;
}

/** The samples one after another, repeated to about `chars` characters (a large document). */
export function repeatedSamples(chars: number): string {
  const texts = SAMPLES.map((s) => sampleText(s));
  const parts: string[] = [];
  let n = 0;
  while (n < chars)
    for (const t of texts) {
      parts.push(t);
      n += t.length + 1;
    }
  return parts.join('\n');
}

/** The service as the server and the CLI make it: with the classification catalogue. */
/** A small 一般公共预算支出表 whose sums all hold (made-up figures), for tests that change one cell. */
export const FUNCTION_TREE = `2024年部门预算
表5 一般公共预算支出情况表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
合计\t\t300.00\t200.00\t100.00
201\t一般公共服务支出\t300.00\t200.00\t100.00
20103\t政府办公厅（室）及相关机构事务\t300.00\t200.00\t100.00
2010301\t行政运行\t180.00\t180.00\t0.00
2010350\t事业运行\t120.00\t20.00\t100.00
`;

export const service = createBudgetService({ catalogFiles: readCatalogFiles });

export function analyze(text: string, locale: 'zh-CN' | 'en' = 'zh-CN'): { model: DocumentModel; findings: Finding[] } {
  return service.analyze(text, { locale });
}

/** `line:col severity code message` with 1-based positions, as golden files store them. */
export function findingLine(model: DocumentModel, f: Finding): string {
  const r = toLspRange(model, f.span);
  return `${r.start.line + 1}:${r.start.character + 1} ${f.severity} ${f.code} ${f.message}`;
}

/** The text of a span. */
export function spanText(model: DocumentModel, span: { start: number; end: number }): string {
  return model.text.slice(span.start, span.end);
}
