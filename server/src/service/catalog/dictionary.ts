/**
 * The code dictionary: what hovers (and later checks and completion) ask
 * about a classification code. Until the published catalogue is in place it
 * is filled from the codes the document itself defines: each code's name is
 * the one the document prints most often for it.
 */
import type { CodeScheme, DocumentModel, Row } from '../model/types';
import { labelKey } from '../syntax/text';

export interface CodeEntry {
  code: string;
  scheme: CodeScheme;
  /** 1 = 类, 2 = 款, 3 = 项 */
  level: 1 | 2 | 3;
  /** the reference name */
  name: string;
  /** where the name comes from */
  source: 'document' | 'catalog';
  /** line (0-based) where the document defines it, for document entries */
  line?: number;
  /** other names the document prints for the same code */
  variants?: string[];
}

export interface CodeDictionary {
  lookup(scheme: CodeScheme, code: string): CodeEntry | undefined;
}

/** The level of a code from its length: 3 digits 类, 5 款, 7 项. */
export function codeLevel(code: string): 1 | 2 | 3 {
  return code.length <= 3 ? 1 : code.length <= 5 ? 2 : 3;
}

/** The codes above a code, outermost first: 2010301 → [201, 20103]. */
export function ancestors(code: string): string[] {
  const out: string[] = [];
  if (code.length > 3) out.push(code.slice(0, 3));
  if (code.length > 5) out.push(code.slice(0, 5));
  return out;
}

/** Names as a reader compares them: width, spaces, quotes and brackets folded. */
export function nameKey(name: string): string {
  return labelKey(name.trim());
}

/** Names compared as a reader would: width, spaces, quotes and brackets folded. */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/** A row's printed name, whitespace collapsed. */
export function printedName(row: Row): string {
  return row.label.replace(/\s+/g, ' ').trim();
}

/**
 * A dictionary of the codes printed in `model`. On first use one pass over
 * the rows indexes them by code (rows only, no names yet); each code's entry
 * is then made when it is first asked for, and remembered.
 */
export function documentDictionary(model: DocumentModel): CodeDictionary {
  let index: Map<string, Row[]> | undefined;
  const memo = new Map<string, CodeEntry | undefined>();
  const buildIndex = () => {
    const out = new Map<string, Row[]>();
    for (const table of model.tables) {
      for (const row of table.rows) {
        const ref = row.code;
        if (!ref) continue;
        const key = `${ref.scheme}:${ref.code}`;
        const list = out.get(key);
        if (list) list.push(row);
        else out.set(key, [row]);
      }
    }
    return out;
  };
  const entryOf = (scheme: CodeScheme, code: string, rows: Row[]): CodeEntry | undefined => {
    const names = new Map<string, { name: string; count: number; line: number }>();
    for (const row of rows) {
      const name = printedName(row);
      if (!name) continue;
      const key = labelKey(name);
      const n = names.get(key);
      if (n) n.count++;
      else names.set(key, { name, count: 1, line: row.line });
    }
    // the most printed name wins; on a tie, the first printed
    let best: { name: string; count: number; line: number } | undefined;
    for (const n of names.values()) if (!best || n.count > best.count || (n.count === best.count && n.line < best.line)) best = n;
    if (!best) return undefined;
    const variants = [...names.values()].filter((n) => n !== best).map((n) => n.name);
    return { code, scheme, level: codeLevel(code), name: best.name, source: 'document', line: best.line, variants };
  };
  return {
    lookup(scheme, code) {
      const key = `${scheme}:${code}`;
      if (!memo.has(key)) {
        index ??= buildIndex();
        memo.set(key, entryOf(scheme, code, index.get(key) ?? []));
      }
      return memo.get(key);
    },
  };
}
