/**
 * The classification catalogue (政府收支分类科目): official codes and names
 * by edition year, read from the TSV data files in ./data. Pure: the caller
 * hands in the files' text (the service does no I/O), and parsing happens
 * once, when the catalogue is first needed.
 *
 * One line per entry: `code name years former verified zh en`, where `years`
 * is empty (every edition) or a range `2024-`, `-2023`, `2023-2024`,
 * `former` lists earlier names as `name@lastYear;…`, and `verified` is `0`
 * (not yet checked) or the ids of the sources that attest the code with this
 * name, comma-separated (SOURCES below). An entry unchanged
 * between editions is one line; a renamed subject whose new name starts
 * inside the covered editions is two lines with adjoining ranges.
 */
import type { CodeScheme } from '../model/types';
import { codeLevel, nameKey } from './dictionary';

export { nameKey };

/** The editions the data covers, oldest first. */
export const EDITIONS: readonly number[] = [2023, 2024, 2025];

export const CATALOG_FILES: Readonly<Record<CodeScheme, string>> = {
  function: 'function.tsv',
  economic: 'economic.tsv',
  'gov-economic': 'gov-economic.tsv',
};

/**
 * Where a verified entry's code and name were seen: published documents and
 * the Ministry of Finance's revision notices (the attested reference list,
 * ../shared/reference). Their descriptions are localised as `catalog.source.<id>`.
 */
export const SOURCES = ['PRJ-SAMPLES', 'TB', 'GBC-PDF', 'GBC-FIX', 'MOF-2024-22', 'MOF-2025-41'] as const;
export type SourceId = (typeof SOURCES)[number];

export type CatalogFiles = Partial<Record<CodeScheme, string>>;

export interface CatalogEntry {
  code: string;
  scheme: CodeScheme;
  /** 1 = 类, 2 = 款, 3 = 项 — from the code's length */
  level: 1 | 2 | 3;
  /** the code one level up, or null for a 类 */
  parent: string | null;
  /** the official name */
  name: string;
  /** first and last edition the entry is valid in (null = open) */
  from: number | null;
  to: number | null;
  /** earlier official names, newest first */
  former: Array<{ name: string; until: number }>;
  /** checked against a published text: `sources` is not empty */
  verified: boolean;
  /** the sources that attest the code with this name, in SOURCES order */
  sources: SourceId[];
  /** what the subject covers, in Chinese (our own words) */
  note: string;
  /** a short English gloss */
  gloss: string;
  /** the name as names are compared (nameKey), made once */
  key: string;
}

/** A line of a data file that could not be read (reported by the consistency test). */
export interface CatalogProblem {
  scheme: CodeScheme;
  line: number;
  message: string;
}

export interface EditionChoice {
  /** the edition used */
  edition: number;
  /** the year asked for (the document's, or the setting's); null when unknown */
  year: number | null;
  /** true when `year` has its own edition */
  exact: boolean;
}

export interface Catalog {
  readonly editions: readonly number[];
  /** the edition for a document year: its own, else the nearest one (the newest when unknown) */
  editionFor(year: number | null): EditionChoice;
  /** the entry valid in `edition` */
  lookup(scheme: CodeScheme, code: string, edition: number): CatalogEntry | undefined;
  /** every entry of a code, whatever its edition (renamed subjects have several) */
  history(scheme: CodeScheme, code: string): readonly CatalogEntry[];
  /** the entries of a scheme valid in `edition`, in code order */
  entries(scheme: CodeScheme, edition: number): readonly CatalogEntry[];
  /** all entries, in file order */
  all(): readonly CatalogEntry[];
  readonly problems: readonly CatalogProblem[];
}

const HEADER = 'code\tname\tyears\tformer\tverified\tzh\ten';
const CODE_RE = /^\d{3}(?:\d{2}){0,2}$/;
const YEARS_RE = /^(\d{4})?-(\d{4})?$/;

export function parentOf(code: string): string | null {
  return code.length <= 3 ? null : code.slice(0, code.length - 2);
}

export function validIn(e: CatalogEntry, edition: number): boolean {
  return (e.from === null || edition >= e.from) && (e.to === null || edition <= e.to);
}

function parseFile(scheme: CodeScheme, text: string, out: CatalogEntry[], problems: CatalogProblem[]): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0] !== HEADER) problems.push({ scheme, line: 1, message: `header is not "${HEADER.replace(/\t/g, ' ')}"` });
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const f = line.split('\t');
    const bad = (message: string) => problems.push({ scheme, line: i + 1, message });
    if (f.length !== 7) {
      bad(`${f.length} columns, expected 7`);
      continue;
    }
    const [code, name, years, former, verified, note, gloss] = f.map((s) => s.trim());
    if (!CODE_RE.test(code)) {
      bad(`bad code "${code}"`);
      continue;
    }
    if (!name) {
      bad(`${code}: empty name`);
      continue;
    }
    let from: number | null = null;
    let to: number | null = null;
    if (years) {
      const m = YEARS_RE.exec(years);
      if (!m || (!m[1] && !m[2])) {
        bad(`${code}: bad years "${years}"`);
        continue;
      }
      from = m[1] ? Number(m[1]) : null;
      to = m[2] ? Number(m[2]) : null;
    }
    const formerNames: CatalogEntry['former'] = [];
    for (const part of former ? former.split(';') : []) {
      const m = /^(.+)@(\d{4})$/.exec(part.trim());
      if (m) formerNames.push({ name: m[1], until: Number(m[2]) });
      else bad(`${code}: bad former name "${part}"`);
    }
    formerNames.sort((a, b) => b.until - a.until);
    const sources: SourceId[] = [];
    if (verified !== '0' && verified !== '') {
      for (const part of verified.split(',')) {
        const id = part.trim() as SourceId;
        if (SOURCES.includes(id)) {
          if (!sources.includes(id)) sources.push(id);
        } else bad(`${code}: unknown source "${part}"`);
      }
      sources.sort((a, b) => SOURCES.indexOf(a) - SOURCES.indexOf(b));
    }
    out.push({
      code,
      scheme,
      level: codeLevel(code),
      parent: parentOf(code),
      name,
      from,
      to,
      former: formerNames,
      verified: sources.length > 0,
      sources,
      note,
      gloss,
      key: nameKey(name),
    });
  }
}

/** Parse the data files into a catalogue. Never throws: unreadable lines are skipped and listed in `problems`. */
export function parseCatalog(files: CatalogFiles, editions: readonly number[] = EDITIONS): Catalog {
  const entries: CatalogEntry[] = [];
  const problems: CatalogProblem[] = [];
  for (const scheme of Object.keys(CATALOG_FILES) as CodeScheme[]) {
    const text = files[scheme];
    if (text !== undefined) parseFile(scheme, text, entries, problems);
  }
  // one map per scheme: a look-up builds no key string
  const byCode: Record<CodeScheme, Map<string, CatalogEntry[]>> = { function: new Map(), economic: new Map(), 'gov-economic': new Map() };
  for (const e of entries) {
    const map = byCode[e.scheme];
    const list = map.get(e.code);
    if (list) list.push(e);
    else map.set(e.code, [e]);
  }
  const perEdition = new Map<string, CatalogEntry[]>();
  const first = editions[0];
  const last = editions[editions.length - 1];
  return {
    editions,
    editionFor(year) {
      if (year === null || !Number.isFinite(year)) return { edition: last, year: null, exact: false };
      if (editions.includes(year)) return { edition: year, year, exact: true };
      return { edition: year < first ? first : last, year, exact: false };
    },
    lookup(scheme, code, edition) {
      const list = byCode[scheme]?.get(code);
      if (!list) return undefined;
      for (const e of list) if (validIn(e, edition)) return e;
      return undefined;
    },
    history(scheme, code) {
      return byCode[scheme]?.get(code) ?? [];
    },
    entries(scheme, edition) {
      const key = `${scheme}:${edition}`;
      let list = perEdition.get(key);
      if (!list) {
        list = entries.filter((e) => e.scheme === scheme && validIn(e, edition)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
        perEdition.set(key, list);
      }
      return list;
    },
    all() {
      return entries;
    },
    problems,
  };
}
