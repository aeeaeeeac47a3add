/**
 * The glossary: terms defined in the 名词解释 part (“一、财政拨款收入：指…”),
 * so a hover anywhere in the document can explain them.
 */
import type { DocumentModel, Section, Span } from '../model/types';

export interface Term {
  /** the term as hovered text must read it (quotes removed) */
  term: string;
  definition: string;
  /** where it is defined */
  line: number;
  span: Span;
}

const GLOSSARY_HEADING = /名词解释|名词释义|术语解释/;
/**
 * An entry's head, up to its colon: optional list mark and ordinal, the term
 * (maybe **bold**). Tried only on the few characters before the first colon
 * of a line: on a whole line padded with spaces its backtracking took seconds.
 */
const HEAD = /^(?:[-*•]\s*)?(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]\s*|[（(][一二三四五六七八九十\d]+[）)])?\s*(\*\*)?([^：:*。，,]{2,24}?)\1?\s*$/;
/** The longest head an entry has before its colon (marks, ordinal, a 24-character term, spaces). */
const MAX_HEAD = 48;

/** An entry as [whole, bold, term, definition], or null: the head before the first colon, the definition after it. */
function entryOf(line: string): [string, string | undefined, string, string] | null {
  let a = 0;
  while (a < line.length && (line[a] === ' ' || line[a] === '\t' || line[a] === '\u3000')) a++;
  let colon = -1;
  for (let i = a; i < line.length && i <= a + MAX_HEAD; i++)
    if (line[i] === '：' || line[i] === ':') {
      colon = i;
      break;
    }
  if (colon < 0) return null;
  const m = HEAD.exec(line.slice(a, colon));
  if (!m) return null;
  return [line, m[1], m[2], line.slice(colon + 1).trim()];
}
const QUOTES = /[“”"‘’']/g;
const MAX_DEFINITION = 600;

function findSection(sections: Section[]): Section | null {
  for (const s of sections) {
    if (GLOSSARY_HEADING.test(s.heading.title) && s.heading.title !== '目录') return s;
    const inner = findSection(s.children);
    if (inner) return inner;
  }
  return null;
}

/** Terms of the document's glossary, longest first (so 机关运行经费 wins over 运行经费). */
export function glossary(model: DocumentModel): Term[] {
  // the last glossary heading: the first is often a table-of-contents entry
  let section: Section | null = null;
  for (let i = model.sections.length - 1; i >= 0 && !section; i--) section = findSection([model.sections[i]]);
  if (!section) return [];
  const terms: Term[] = [];
  const { text, lines } = model;
  let current: Term | null = null;
  for (let i = section.heading.line + 1; i <= section.endLine && i < lines.length; i++) {
    const line = text.slice(lines.start(i), lines.end(i));
    const m = entryOf(line);
    if (m) {
      const raw = m[2].trim();
      const definition = m[3].trim();
      const names = new Set<string>([raw.replace(QUOTES, '')]);
      // 行政经费（机关运行经费）: both names
      const paren = /^(.+?)[（(](.+?)[）)]$/.exec(raw.replace(QUOTES, ''));
      if (paren) {
        names.add(paren[1].trim());
        names.add(paren[2].trim());
      }
      const start = lines.start(i) + line.indexOf(raw);
      current = null;
      for (const name of names) {
        if (name.length < 2) continue;
        const t: Term = { term: name, definition, line: i, span: { start, end: start + raw.length } };
        terms.push(t);
        current ??= t;
      }
    } else if (current && line.trim() !== '' && current.definition.length < MAX_DEFINITION) {
      // a definition wrapped onto the next lines of the PDF
      const more = line.trim();
      for (const t of terms) if (t.line === current.line) t.definition += more;
    } else if (line.trim() === '') {
      current = null;
    }
  }
  for (const t of terms) if (t.definition.length > MAX_DEFINITION) t.definition = t.definition.slice(0, MAX_DEFINITION) + '…';
  return terms.sort((a, b) => b.term.length - a.term.length);
}

/** The glossary term covering `offset` on its line, if any. */
export function termAt(model: DocumentModel, terms: Term[], line: number, offset: number): { term: Term; span: Span } | null {
  const start = model.lines.start(line);
  const text = model.text.slice(start, model.lines.end(line));
  const column = offset - start;
  for (const t of terms) {
    let from = Math.max(0, column - t.term.length);
    for (;;) {
      const at = text.indexOf(t.term, from);
      if (at < 0 || at > column) break;
      if (column <= at + t.term.length) return { term: t, span: { start: start + at, end: start + at + t.term.length } };
      from = at + 1;
    }
  }
  return null;
}
