import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/** Every TypeScript file under a folder. */
function sources(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  }
  return out;
}

describe('house rules', () => {
  it('money is computed with the exact Decimal of model/money.ts, never decimal.js at its default 20 digits', () => {
    const root = path.join(__dirname, '..', 'server', 'src');
    const offenders = sources(root).filter(
      (f) => !f.endsWith(path.join('model', 'money.ts')) && /^import\s+(?!type\b)[^;]*from\s+'decimal\.js'/m.test(fs.readFileSync(f, 'utf8')),
    );
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });
});
