/**
 * Write the whole model and the findings of every sample and corpus text as JSON, one file each:
 * `npx tsx scripts/snapshot.ts OUTDIR`. Speed work must leave these byte-identical:
 * snapshot before, change, snapshot again, `diff -r` the two directories.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createBudgetService } from '../server/src/service';
import { readCatalogFiles } from '../server/src/catalogFiles';

const out = process.argv[2];
if (!out) throw new Error('usage: snapshot.ts OUTDIR');
fs.mkdirSync(out, { recursive: true });
const root = path.join(__dirname, '..');
const inputs = [
  ...fs.readdirSync(path.join(root, 'samples')).filter((f) => f.endsWith('.txt')).map((f) => path.join(root, 'samples', f)),
  ...(fs.existsSync(path.join(root, '../shared/corpus'))
    ? fs.readdirSync(path.join(root, '../shared/corpus')).filter((f) => f.endsWith('.txt')).map((f) => path.join(root, '../shared/corpus', f))
    : []),
];
const service = createBudgetService({ catalogFiles: readCatalogFiles });
for (const file of inputs) {
  const text = fs.readFileSync(file, 'utf8');
  for (const locale of ['zh-CN', 'en'] as const) {
    const { model, findings } = service.analyze(text, { locale });
    const seen = new WeakSet<object>();
    const json = JSON.stringify(
      { model: locale === 'zh-CN' ? model : undefined, findings },
      (key, value) => {
        if (key === 'text' && typeof value === 'string' && value.length > 1000) return `<text ${value.length}>`;
        if (value instanceof Map) return [...value];
        if (value instanceof Set) return [...value];
        if (typeof value === 'function') return undefined;
        if (value && typeof value === 'object') {
          if (seen.has(value)) return '<seen>';
          seen.add(value);
        }
        return value;
      },
      1,
    );
    fs.writeFileSync(path.join(out, `${path.basename(file)}.${locale}.json`), json);
  }
}
console.log(`${inputs.length} inputs → ${out}`);
