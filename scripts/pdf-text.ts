/** Development helper: `npx tsx scripts/pdf-text.ts FILE.pdf > FILE.budget.txt` prints the canonical text of a PDF. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pdfToText } from '../server/src/pdf/pdfToText';

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx scripts/pdf-text.ts FILE.pdf');
  process.exit(2);
}
pdfToText(readFileSync(file), { source: path.basename(file) }).then(
  (r) => process.stdout.write(r.text),
  (err) => {
    console.error(String(err));
    process.exit(1);
  },
);
