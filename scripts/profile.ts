/**
 * Profile one document's analysis: `npx tsx --cpu-prof --cpu-prof-dir=/tmp/prof scripts/profile.ts FILE [runs]`,
 * then `npx tsx scripts/profile.ts --summary /tmp/prof/*.cpuprofile` lists the functions by self time.
 */
import * as fs from 'fs';
import { createBudgetService } from '../server/src/service';
import { readCatalogFiles } from '../server/src/catalogFiles';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
if (process.argv[2] === '--summary') {
  const prof = JSON.parse(fs.readFileSync(process.argv[3], 'utf8')) as { nodes: Node[] };
  const self = new Map<string, number>();
  let total = 0;
  for (const n of prof.nodes) {
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
    total += n.hitCount ?? 0;
  }
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
} else {
  const service = createBudgetService({ catalogFiles: readCatalogFiles });
  const text = fs.readFileSync(process.argv[2], 'utf8');
  const runs = Number(process.argv[3] ?? 2000);
  let sink = 0;
  for (let i = 0; i < runs; i++) sink += service.analyze(text).findings.length;
  console.log(sink);
}
