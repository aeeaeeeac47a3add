/**
 * Median time of each phase of the analysis (parse, check and the check's parts) on the files given:
 * `npx tsx scripts/phases.ts FILE...` — to see where a document's time goes before profiling.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { parseDocument } from '../server/src/service/syntax/parser';
import { checkDocument } from '../server/src/service/analysis/check';
import { documentCoverage } from '../server/src/service/analysis/coverage';
import { checkIdentities } from '../server/src/service/analysis/identities';
import { checkNarrative } from '../server/src/service/analysis/narrative';
import { checkDocumentFacts } from '../server/src/service/analysis/document';
import { checkCodes } from '../server/src/service/analysis/codes';
import { parseCatalog } from '../server/src/service';
import { readCatalogFiles } from '../server/src/catalogFiles';
const catalog = parseCatalog(readCatalogFiles() ?? {});
function med(f: () => void, n = 300): number { for (let i = 0; i < 100; i++) f(); const t: number[] = []; for (let i = 0; i < n; i++) { const a = performance.now(); f(); t.push(performance.now() - a); } t.sort((a, b) => a - b); return t[n >> 1]; }
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  const model = parseDocument(text);
  const cov = documentCoverage(model);
  const r: Record<string, number> = {};
  r.parse = med(() => parseDocument(text));
  r.check = med(() => checkDocument(model, { catalog, locale: 'zh-CN' }));
  r.ident = med(() => checkIdentities(model, 'zh-CN', []));
  r.narr = med(() => checkNarrative(model, 'zh-CN', []));
  r.facts = med(() => checkDocumentFacts(model, 'zh-CN', cov, []));
  r.cov = med(() => documentCoverage(model));
  r.codes = med(() => checkCodes(model, { catalog, edition: catalog.editionFor(model.year).edition, locale: 'zh-CN' }, []));
  console.log(file.split('/').pop()!.padEnd(48), Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  '));
}
