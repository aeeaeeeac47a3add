import fs from 'node:fs';
import { createBudgetService } from '/work/wt-editor/server/src/service';
import { readCatalogFiles } from '/work/wt-editor/server/src/catalogFiles';
const svc = createBudgetService({ catalogFiles: readCatalogFiles });
const text = fs.readFileSync(process.argv[2], 'utf8');
const a = svc.analyze(text, { locale: 'zh-CN' } as any);
const depthMax = Number(process.argv[3] ?? 3);
const walk = (items: any[], d: number) => { for (const i of items) { if (d <= depthMax && i.kind !== 'class' && i.kind!=='division') console.log('  '.repeat(d) + `[${i.kind}] ${i.name} — ${i.detail}`); walk(i.children, d + 1); } };
walk(svc.outline(a.model, { locale: 'zh-CN' } as any), 0);
