/**
 * The real Shanghai corpus (../shared/corpus beside the repository): public documents we may read
 * but not commit. Tests that need it take `corpusSkip` as their `skip` option, so that without the
 * corpus they are reported as skipped (and this module says why, once), never as passed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers';

export const CORPUS_DIR = path.resolve(ROOT, '..', 'shared', 'corpus');
export const CORPUS_AVAILABLE = existsSync(CORPUS_DIR);

let told = false;
/** `false` when the corpus is there; else the reason, printed once per process. */
export function corpusSkip(): false | string {
  if (CORPUS_AVAILABLE) return false;
  const reason = `corpus not found at ${CORPUS_DIR}`;
  if (!told) {
    told = true;
    console.log(`# skipped: the corpus tests (${reason}; CI has it)`);
  }
  return reason;
}

/** Base names of the corpus documents (without .layout.txt / .raw.txt / .pdf). */
export function corpusDocuments(): string[] {
  if (!CORPUS_AVAILABLE) return [];
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => f.slice(0, -4))
    .sort();
}

const cache = new Map<string, string>();
/** The text of one corpus file (e.g. `putuo-wanli-2024-yusuan.layout.txt`). */
export function corpusText(file: string): string {
  let t = cache.get(file);
  if (t === undefined) {
    t = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    cache.set(file, t);
  }
  return t;
}
