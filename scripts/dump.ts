// Developer aid: print the model and findings of a document.
import { readFileSync } from 'node:fs';
import { createBudgetService, toLspRange } from '../server/src/service';
const file = process.argv[2];
const verbose = process.argv.includes('-v');
const text = readFileSync(file, 'utf8');
const svc = createBudgetService();
const { model, findings } = svc.analyze(text, { locale: (process.argv.includes('--en') ? 'en' : 'zh-CN') });
console.log('kind', model.kind, 'title', model.title, 'year', model.year);
for (const t of model.tables) {
  console.log(`T${t.index} [${t.kind}] ${t.label ?? ''} ${t.title} lines ${t.startLine + 1}-${t.endLine + 1} unit=${t.unit} rows=${t.rows.length} leaves=${t.header.leafCount} src=${t.header.source} colrel=${t.header.relations.length} inText=${t.inText} repeated=${t.repeatedLines.length}`);
  if (verbose) for (const r of t.rows) console.log(`   ${r.line + 1} ${r.kind.padEnd(12)} d${r.depth} ${r.side ?? ''} ${r.code?.code ?? ''} ${r.label.slice(0, 30)} | ${r.cells.map((c) => c.raw || '∅').join(' ')} ${r.texts.length ? '| ' + r.texts.map((x) => x.raw.slice(0, 20)).join(' / ') : ''}`);
}
for (const f of findings) {
  const r = toLspRange(model, f.span);
  console.log(`${r.start.line + 1}:${r.start.character + 1} ${f.severity} ${f.code} ${f.message}`);
}
