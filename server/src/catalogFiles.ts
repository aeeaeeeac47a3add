/**
 * Reads the classification catalogue's data files for the service (which
 * does no I/O). They sit beside the bundle (dist/catalog/*.tsv, copied by
 * esbuild.js) or, when running from source, in service/catalog/data.
 * Read only when the service first asks: start-up does not pay for them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG_FILES, type CatalogFiles } from './service';

/** Where the data files are: the first candidate holding them. */
export function catalogDirectory(): string | undefined {
  const candidates = [path.join(__dirname, 'catalog'), path.join(__dirname, 'service', 'catalog', 'data'), path.join(__dirname, '..', 'server', 'src', 'service', 'catalog', 'data')];
  return candidates.find((dir) => existsSync(path.join(dir, CATALOG_FILES.function)));
}

/** The data files' text, or undefined when they cannot be found (the service then runs without a catalogue). */
export function readCatalogFiles(dir = catalogDirectory()): CatalogFiles | undefined {
  if (!dir) return undefined;
  const files: CatalogFiles = {};
  for (const [scheme, file] of Object.entries(CATALOG_FILES) as Array<[keyof CatalogFiles, string]>) {
    const full = path.join(dir, file);
    if (existsSync(full)) files[scheme] = readFileSync(full, 'utf8');
  }
  return files;
}
