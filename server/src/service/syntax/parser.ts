/**
 * The document scanner: lines → TOC, headings (parts › sections), table
 * regions (titles, labels, unit lines, headers, page continuations, notes)
 * → document model. Parsing never throws: anything unreadable stays text.
 */
import type { ContentsEntry, DocumentKind, DocumentModel, Heading, LineTable, ParseProblem, Section, Table } from '../model/types';
import { matchTableKind, kindById, GENERIC_KIND, titleKey, isTablesPartTitle, type TableKindDef } from '../model/registry';
import { splitLines, isRegExpSpace, LineCells, NextChar } from './lines';
import { labelKey, CN_NUM, ORDINAL_CN_RE, isAsciiDigit } from './text';
import { buildTable, linesWithTabs, type TableSource } from './rows';
import type { LayoutHints } from './layoutTable';
import { CellStore } from '../model/store';
import { isPageFurnitureMark } from './pageMarks';
import { pushAll } from '../arrays';

const PART_RE = new RegExp(`^第${CN_NUM}部分`);
const VOLUME_RE = new RegExp(`^${CN_NUM}、(文字|表格)部分$`);
const SECTION_RE = new RegExp(`^${CN_NUM}、`);
const SUBSECTION_RE = new RegExp(`^[（(]${CN_NUM}[)）]`);
const LABEL_RE = /^表\d{1,2}$/;
const UNIT_RE = /单位[:：]?(万元|千元|亿元|元)/;
const META_RE = /^(单位名称|部门名称|预算单位名称|编制单位|部门)[:：]/;
const NOTE_RE = /^(注|说明|备注)\d*[:：]|^本套报表金额/;
const KEY_PROJECTS_RE = /^项目(名称)?预算数.*绩效目标$/;
const TOC_RE = /^目录$/;
const HEADER_PREFIX = 6;

interface OpenTable {
  /** the level of the narrative heading the table follows (a heading at this level or above ends a table in the narrative) */
  sectionLevel: number;
  /** opened outside a tables part or volume */
  narrative: boolean;
  kind: TableKindDef;
  title: string;
  titleKey: string;
  titleLine: number;
  titleSpan: { start: number; end: number };
  label: { text: string; line: number } | null;
  unit: string | null;
  header: number[];
  headerKeys: Set<string>;
  /** some header key holds a digit and a comma (`1,`): a line with a grouped amount could repeat it */
  headerGrouped: boolean;
  /** the first HEADER_PREFIX characters of each header key: a cheap first test for repeated headers */
  headerPrefixes: Set<string>;
  /** first cell of each tab-separated header line: a page's repeated header may wrap differently */
  headerFirstCells: Set<string>;
  /** the first character of each header key: a line starting otherwise cannot repeat a header line */
  headerStarts: Set<number>;
  data: number[];
  /** data lines [0, proseChecked) looked at for sentence punctuation (see endsAtProse) */
  proseChecked: number;
  /** one of them holds some: the table has cells of free text */
  proseInRows: boolean;
  repeated: number[];
  notes: number[];
  inNotes: boolean;
  inText: boolean;
  lastLine: number;
  /** key of the repeated-page lines above the header (title, unit, meta) */
  metaKeys: Set<string>;
}

/** A line without its Markdown marks: the text is text[from, to), trimmed. */
interface Marks {
  from: number;
  to: number;
  /** Markdown heading level (# … ######), 0 for none */
  md: number;
  /** a list item (-, *, +) */
  list: boolean;
}

/** The Markdown heading or list marks of text[start, end), found in place. */
function stripMarks(text: string, start: number, end: number): Marks {
  const i = skipSpace(text, start, end);
  let md = 0;
  while (md < 6 && i + md < end && text.charCodeAt(i + md) === 35 /* # */) md++;
  let from = start;
  let list = false;
  if (md > 0) from = i + md;
  else {
    const c = text.charCodeAt(i);
    if (i + 1 < end && (c === 45 || c === 42 || c === 43) /* - * + */ && isRegExpSpace(text.charCodeAt(i + 1))) {
      from = i + 1;
      list = true;
    }
  }
  from = skipSpace(text, from, end);
  let to = end;
  while (to > from && isRegExpSpace(text.charCodeAt(to - 1))) to--;
  return { from, to, md, list };
}

/** A generic (unregistered) table title: short, ends with 表, no sentence punctuation. */
function looksLikeTitle(key: string): boolean {
  return key.length >= 4 && key.length <= 40 && /表$/.test(key) && !/[，。；:,;、]/.test(key) && !/^[（(]/.test(key);
}

function hasNumbersSoon(text: string, lines: LineTable, from: number): boolean {
  for (let i = from; i < Math.min(lines.length, from + 10); i++) {
    const t = text.slice(lines.start(i), lines.end(i));
    if (/\d[\d,]*\.\d{2}\b/.test(t)) return true;
  }
  return false;
}

export function parseDocument(text: string, onInternalError?: (where: string, err: unknown) => void): DocumentModel {
  const safeText = typeof text === 'string' ? text : '';
  try {
    return scan(safeText);
  } catch (err) {
    // Defensive: the scanner is written not to throw; if it ever does, the
    // user still gets a model (with no tables) and an explanation.
    onInternalError?.('parser', err);
    const lines = splitLines(safeText);
    return {
      text: safeText,
      lines,
      kind: 'unknown',
      title: null,
      year: null,
      sections: [],
      tables: [],
      contents: [],
      problems: [{ code: 'parser.internal', span: { start: 0, end: 0 }, args: {} }],
    };
  }
}

function scan(text: string): DocumentModel {
  const lines = splitLines(text);
  // the amount cells of every table: room for one every 16 characters, more
  // than budget documents hold (tables of figures have one every 20 or so)
  const store = new CellStore(text, text.length >> 4);
  // the splitters' buffer, reused from table to table
  const cells = new LineCells(text);
  const headings: Heading[] = [];
  const tables: Table[] = [];
  const problems: ParseProblem[] = [];
  let open: OpenTable | null = null;
  let pendingLabel: { text: string; line: number } | null = null;
  let pendingUnit: string | null = null;
  let inToc = false;
  const tocKeys = new Set<string>();
  let tocSeen = false;
  /** a page has begun since the table of contents' title (its entries may run over pages) */
  let tocPageBreak = false;
  const contents: ContentsEntry[] = [];
  let lastHeadingTitle = '';
  let volumeIsTables = false;
  let partIsTables = false;
  /** a page marker (〔第 3 页〕) was passed: the next line begins a page, as after a form feed */
  let markedPageBreak = false;

  const layoutHints: LayoutHints = { widthModel: null };
  // which lines hold a tab: found once, when the first table is built
  let tabLines: Uint8Array | undefined;
  // the characters the per-line tests look for, found by forward searches over the whole text
  const chars: LineChars = { tab: new NextChar(text, '\t'), dot: new NextChar(text, '.'), comma: new NextChar(text, ','), prose: new NextChar(text, '。，；'), rowBlocker: new NextChar(text, ROW_BLOCKERS), title: new NextChar(text, '表'), unit: new NextChar(text, '单'), item: new NextChar(text, '项'), lan: new NextChar(text, '栏') };
  const close = () => {
    if (!open) return;
    const t = open;
    open = null;
    tabLines ??= linesWithTabs(text, lines);
    const src: TableSource = { text, lines, header: t.header, data: t.data, cells, store, title: t.title, repeated: t.repeated, hints: layoutHints, tabLines };
    const built = buildTable(src, t.kind);
    pushAll(problems, built.problems);
    tables.push({
      index: tables.length,
      title: t.title,
      titleSpan: t.titleSpan,
      label: t.label?.text ?? null,
      kind: t.kind.id,
      startLine: t.label && t.label.line < t.titleLine ? t.label.line : t.titleLine,
      endLine: t.lastLine,
      unit: t.unit,
      header: built.header,
      rows: built.rows,
      inText: t.inText,
      repeatedLines: t.repeated,
      notes: t.notes,
      unread: built.unread,
    });
  };

  const openTable = (kind: TableKindDef, title: string, line: number, span: { start: number; end: number }, inText: boolean) => {
    close();
    open = {
      sectionLevel: headings.length > 0 ? headings[headings.length - 1].level : 0,
      narrative: !(volumeIsTables || partIsTables),
      kind,
      title,
      titleKey: titleKey(labelKey(title)),
      titleLine: line,
      titleSpan: span,
      // a label (表3) names the title right after it, not one further on
      label: pendingLabel && line - pendingLabel.line <= LABEL_REACH ? pendingLabel : null,
      unit: pendingUnit,
      header: [],
      headerKeys: new Set(),
      headerGrouped: false,
      headerPrefixes: new Set(),
      headerFirstCells: new Set(),
      headerStarts: new Set(),
      data: [],
      proseChecked: 0,
      proseInRows: false,
      repeated: [],
      notes: [],
      inNotes: false,
      inText,
      lastLine: line,
      metaKeys: new Set(),
    };
    pendingLabel = null;
    pendingUnit = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const start = lines.start(i);
    const end = lines.end(i);
    let first = start;
    while (first < end && isSpaceCode(text.charCodeAt(first))) first++;
    if (first === end) continue;
    if (text.charCodeAt(first) === 0x3014 /* 〔 */ && isPageFurnitureMark(text, first, end)) {
      // the PDF reader's page markers and source line: page furniture, never data
      markedPageBreak = true;
      continue;
    }
    const formFeed = text.charCodeAt(start) === 12 || markedPageBreak;
    markedPageBreak = false;
    if (formFeed && open !== null && !continuesTable(text, lines, i, open as OpenTable, chars)) {
      // a new page that does not go on with the open table (a narrative page, another part)
      close();
    }
    if (end - start > 4000) {
      // a pathological line (binary junk, a whole file on one line): keep it as text
      if (open) (open as OpenTable).lastLine = i;
      continue;
    }
    // a table ends at prose: a sentence line (not tab-separated, not a note)
    // after its rows — in the narrative always, in the tables part where the
    // line can be no cell of the table (endsAtProse). The heading-like lines
    // just before it, without figures, were the next section's: they are read
    // again as such.
    if (open !== null) {
      const t = open as OpenTable;
      const c0 = text.charCodeAt(first);
      if (
        t.data.length > 0 &&
        !t.inNotes &&
        t.kind.id !== 'key-projects' &&
        end - first >= 15 &&
        c0 !== 0x6ce8 /* 注 */ &&
        c0 !== 0x8bf4 /* 说 */ &&
        c0 !== 0x5907 /* 备 */ &&
        isUntabbedProse(chars, start, first, end) &&
        (t.narrative || endsAtProse(text, lines, chars, first, end, t)) &&
        !NOTE_RE.test(lineKey(text, lines, i))
      ) {
        let cut = i;
        let k = t.data.length;
        while (k > 0) {
          const l = t.data[k - 1];
          const ls = lines.start(l);
          const le = lines.end(l);
          if (hasAmount(text, ls, le) || hasGroupedAmount(text, chars, ls, le) || chars.tab.within(ls, le) || headingOf(lineKey(text, lines, l), 0) === null) break;
          cut = l;
          k--;
        }
        if (k > 0) {
          t.data.length = k;
          t.lastLine = t.data[k - 1];
          close();
          i = cut - 1;
          continue;
        }
      }
    }
    // fast path: a table line holding amounts is data (no title, heading or unit line has them)
    if (open !== null) {
      const t = open as OpenTable;
      if (t.data.length > 0 || t.header.length > 0 || t.kind.rows !== 'generic') {
        const c0 = text.charCodeAt(first);
        if (
          !t.inNotes &&
          c0 !== 0x6ce8 /* 注 */ &&
          c0 !== 0x8bf4 /* 说 */ &&
          c0 !== 0x5907 /* 备 */ &&
          holdsRowAmount(text, chars, start, first, end, t) &&
          (t.data.length > 0 || isDataLine(text, chars, start, end, ''))
        ) {
          t.data.push(i);
          t.lastLine = i;
          continue;
        }
      }
    }
    if (open === null && !mayStartSomething(text, chars, first, start, end, inToc)) {
      // a narrative line: no heading, title, unit line or table starts here
      continue;
    }
    if (inToc && !tocPageBreak && !formFeed && !holdsTocWord(text, first, end)) {
      // on the contents' first page, a line without 表 or 部 is no entry that
      // names a table and no part heading (第…部分, 一、文字部分) to end them at
      continue;
    }
    // a long line inside a table that is not a note and does not begin like a
    // header line: a row or its continuation (titles, labels, unit lines are short)
    if (open !== null && end - first > 90 && (open as OpenTable).data.length > 0 && !(open as OpenTable).inNotes) {
      const t = open as OpenTable;
      const c0 = text.charCodeAt(first);
      if (
        c0 !== 0x6ce8 /* 注 */ &&
        c0 !== 0x8bf4 /* 说 */ &&
        c0 !== 0x5907 /* 备 */ &&
        c0 !== 35 /* # */ &&
        !t.headerPrefixes.has(labelKey(text, start, Math.min(end, start + 40), HEADER_PREFIX))
      ) {
        (open as OpenTable).data.push(i);
        (open as OpenTable).lastLine = i;
        continue;
      }
    }
    // a line that can only go on with the open table's rows (a wrapped name, a
    // label without figures) is one, without computing its key
    if (open !== null && continuesRows(text, lines, chars, i, start, first, end, open as OpenTable)) {
      (open as OpenTable).data.push(i);
      (open as OpenTable).lastLine = i;
      continue;
    }
    // [start, first) is white space, which stripMarks skips too: start from the text
    const marks = stripMarks(text, first, end);
    const key = labelKey(text, marks.from, marks.to);

    // table of contents
    // 目 录 (on one line, or 目 / 录 on two, as reading-order converters leave it)
    const tocTitle = (key.length === 2 && TOC_RE.test(key)) || (key === '目' && nextKey(text, lines, i) === '录');
    if (!tocSeen && tocTitle) {
      close();
      inToc = true;
      tocSeen = true;
      headings.push({ level: 1, title: '目录', line: i, span: { start: first, end } });
      continue;
    }
    const partM = key.charCodeAt(0) === 0x7b2c /* 第 */ ? PART_RE.exec(key) : null;
    if (inToc) {
      // a part or volume the contents name: the second time it comes, the contents have ended
      const tocKey = partM ? partM[0] : VOLUME_RE.test(key) ? key : null;
      if (formFeed && i > 0) tocPageBreak = true;
      if (tocKey && tocKeys.has(tocKey)) inToc = false;
      else if (tocPageBreak && !isTocEntry(key)) inToc = false;
      else {
        if (tocKey) tocKeys.add(tocKey);
        const entry = tocEntryKind(key);
        if (entry) contents.push({ title: entry.title, kind: entry.kind, line: i, span: { start: first, end } });
        continue;
      }
    }

    // labels (表1) and titles
    if (key.charCodeAt(0) === 0x8868 /* 表 */ && key.length <= 4 && LABEL_RE.test(key)) {
      pendingLabel = { text: text.slice(marks.from, marks.to).replace(/\s+/g, ''), line: i };
      continue;
    }
    const tablesPart = partM === null && key.length <= 60 && key.indexOf('表') >= 0 && isTablesPartTitle(key);
    const isPart = partM !== null || (key.indexOf('部分') > 0 && VOLUME_RE.test(key)) || tablesPart;
    const maybeTitle = !marks.list && !isPart && key.length <= 60 && key.indexOf('表') >= 0;
    const known = maybeTitle ? matchTableKind(key) : undefined;
    const isTitle =
      known !== undefined || (maybeTitle && looksLikeTitle(titleKey(key)) && hasNumbersSoon(text, lines, i + 1));
    if (isTitle) {
      const tk = titleKey(key);
      const cur = open as OpenTable | null;
      if (cur && cur.titleKey === tk && !startsAnotherBlock(text, lines, i, cur, pendingLabel)) {
        // the same title again: a continuation page
        cur.repeated.push(i);
        if (pendingLabel) cur.repeated.push(pendingLabel.line);
        pendingLabel = null;
        cur.inNotes = false;
        cur.lastLine = i;
        continue;
      }
      const inText = !(volumeIsTables || partIsTables);
      openTable(known ?? GENERIC_KIND, text.slice(marks.from, marks.to).replace(/^表\s*\d+\s*/, ''), i, { start: first, end }, inText && !known);
      continue;
    }

    // headings end any table
    if (isPart) {
      close();
      // a part title wrapped onto a short next line (not the title of the part's first table)
      let title = text.slice(marks.from, marks.to);
      const next = i + 1 < lines.length && text.slice(lines.start(i + 1), lines.end(i + 1)).trim();
      let endSpan = end;
      if (next && next.length <= 8 && !/[。；：:]/.test(next) && !PART_RE.test(labelKey(next)) && !SECTION_RE.test(labelKey(next)) && !LABEL_RE.test(labelKey(next)) && matchTableKind(labelKey(next)) === undefined) {
        title += next;
        endSpan = lines.end(i + 1);
      }
      const volume = VOLUME_RE.test(key);
      headings.push({ level: volume ? 0 : 1, title, line: i, span: { start: first, end: endSpan } });
      if (volume) volumeIsTables = /表格/.test(key);
      partIsTables = !volume && (tablesPart || /预算表|决算表|表格/.test(key + (endSpan !== end ? labelKey(title) : '')));
      // a narrative part (第N部分) after the tables volume ends it
      if (!volume && !partIsTables) volumeIsTables = false;
      lastHeadingTitle = title;
      continue;
    }

    // a section heading followed by prose ends any table, in the tables part
    // too (a document whose explanation follows its last table without a part
    // heading): the heading and what follows are read as narrative
    if (open && !chars.tab.within(start, end) && headingOf(key, marks.md) !== null && !hasAmount(text, first, end) && !hasGroupedAmount(text, chars, first, end) && proseFollows(text, lines, i, chars)) close();

    if (open) {
      const t = open as OpenTable;
      const before = t.lastLine;
      t.lastLine = i;
      if ((key.indexOf('单位') >= 0 && UNIT_RE.test(key)) || META_RE.test(key)) {
        const u = UNIT_RE.exec(key);
        if (t.data.length === 0 && !t.inNotes) {
          if (u) t.unit = u[1];
          t.metaKeys.add(key);
          continue;
        }
        if (t.metaKeys.has(key) || !t.inNotes) {
          t.repeated.push(i);
          continue;
        }
        // after the notes: the unit line of the next table
        if (u) pendingUnit = u[1];
        t.lastLine = before;
        continue;
      }
      if (NOTE_RE.test(key)) {
        t.inNotes = true;
        t.notes.push(i);
        continue;
      }
      // a title-like line in the narrative followed by header-like lines and
      // then prose was no table: it must not swallow the sections after it.
      // Close it before the first heading among its "header" lines and read
      // the lines from there again as narrative.
      if (t.narrative && t.data.length === 0 && !t.inNotes && t.kind.id !== 'key-projects' && isSentence(key) && !chars.tab.within(start, end)) {
        let k = 0;
        while (k < t.header.length && headingOf(lineKey(text, lines, t.header[k]), 0) === null) k++;
        if (k < t.header.length) {
          const restart = t.header[k];
          t.header.length = k;
          t.lastLine = k > 0 ? t.header[k - 1] : t.titleLine;
          close();
          i = restart - 1;
          continue;
        }
      }
      if (t.data.length > 0 && (t.headerKeys.has(key) || (chars.tab.within(start, end) && isRepeatedHeader(text, start, end, t.headerFirstCells)) || holdsColumnNumbers(text, chars, start, end))) {
        t.repeated.push(i);
        t.inNotes = false;
        continue;
      }
      if (t.inNotes) {
        // a heading-like line after the notes ends the table
        if (isHeadingLine(key, marks.md) || KEY_PROJECTS_RE.test(key) || (t.narrative && !chars.tab.within(start, end) && headingOf(key, marks.md) !== null)) {
          t.lastLine = before;
          close();
        } else {
          t.notes.push(i);
          continue;
        }
      } else if (t.data.length === 0 && !isDataLine(text, chars, start, end, key)) {
        if (t.header.length < 40) {
          t.header.push(i);
          addHeaderKey(t, key);
          if (!t.headerGrouped && DIGIT_COMMA_RE.test(key)) t.headerGrouped = true;
          t.headerPrefixes.add(key.slice(0, HEADER_PREFIX));
          const first = chars.tab.within(start, end) ? firstCellKey(text, start, end) : null;
          if (first) t.headerFirstCells.add(first);
          continue;
        }
      } else if (t.data.length > 0 && marks.md > 0 && !chars.tab.within(start, end)) {
        // a Markdown heading inside a table region: the table has ended
        t.lastLine = before;
        close();
      } else {
        t.data.push(i);
        continue;
      }
    }

    if (key.length < 60 && key.indexOf('单位') >= 0 && UNIT_RE.test(key)) {
      const u = UNIT_RE.exec(key);
      if (u) pendingUnit = u[1];
      continue;
    }

    // embedded tables in the narrative (重点项目 …)
    if (KEY_PROJECTS_RE.test(key)) {
      openTable(kindById('key-projects'), lastHeadingTitle || text.slice(marks.from, marks.to), i, { start: first, end }, true);
      const t = open as unknown as OpenTable;
      t.header.push(i);
      addHeaderKey(t, key);
      if (DIGIT_COMMA_RE.test(key)) t.headerGrouped = true;
      t.headerPrefixes.add(key.slice(0, HEADER_PREFIX));
      continue;
    }

    // narrative headings
    const h = headingOf(key, marks.md);
    if (h !== null) {
      const title = text.slice(marks.from, marks.to);
      headings.push({ level: h, title, line: i, span: { start: first, end } });
      lastHeadingTitle = title;
    }
  }
  close();
  store.trim();

  const title = documentTitle(text, lines);
  const year = documentYear(text, lines);
  const kind = documentKind(title, tables);
  return {
    text,
    lines,
    kind,
    title,
    year,
    sections: nestSections(headings, lines.length),
    tables,
    contents,
    problems,
  };
}

/** Leaders and a page number after a contents entry: `……… 12`, `.... 3`, `  12` */
const TOC_TRAIL_RE = /(?:[.…·\-—_]{2,}\d*|\d{1,3})$/;

/** The table kind a contents entry names, if any, and the entry's own words. */
function tocEntryKind(key: string): { kind: string; title: string } | null {
  // every table kind's title holds 表 (see mayNameTable): most entries and the prose the contents run into have none
  if (!mayNameTable(key)) return null;
  const core = key.replace(TOC_TRAIL_RE, '').replace(/[.…·]+$/, '');
  const kind = matchTableKind(core);
  return kind ? { kind: kind.id, title: titleKey(core) } : null;
}

/** The key of the next non-blank line after `line`. */
function nextKey(text: string, lines: LineTable, line: number): string {
  for (let i = line + 1; i < lines.length && i < line + 4; i++) {
    const key = labelKey(text, lines.start(i), lines.end(i));
    if (key.length > 0) return key;
  }
  return '';
}

/** Does text[first, end) hold 表 or 部: what a contents entry naming a table, or a part heading, needs? */
function holdsTocWord(text: string, first: number, end: number): boolean {
  for (let i = first; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x8868 /* 表 */ || c === 0x90e8 /* 部 */) return true;
  }
  return false;
}

/** Numbering a table-of-contents entry starts with: 第一部分, 一、, （一）, 1., 1、, 表1 */
const TOC_ENTRY_START_RE = new RegExp(`^(第${CN_NUM}部分|${CN_NUM}[、.．]|[（(]${CN_NUM}[)）]|\\d{1,2}[.．、]|表\\d)`);
/** Dot leaders or a page number at the end of an entry */
const TOC_ENTRY_END_RE = /(\.{3,}|…{2,}|·{3,}|-{3,})\d*$|\d{1,3}$/;

/** Does a line (its key) look like an entry of the table of contents? */
function isTocEntry(key: string): boolean {
  return TOC_ENTRY_START_RE.test(key) || TOC_ENTRY_END_RE.test(key) || (key.length <= 40 && mayNameTable(key) && matchTableKind(key) !== undefined);
}

/**
 * Can a key name a table kind (matchTableKind)? Only with 表 in it: every
 * registered title pattern ends in 表 or 表(…) (a test holds the registry to it),
 * so keys without one skip the look-up of the whole key.
 */
function mayNameTable(key: string): boolean {
  return key.indexOf('表') >= 0;
}

/**
 * The open table's title printed again: another table of the same name (the next unit's), not a
 * continuation page, when a different label (表3 after 表2) comes with it, or the lines below it
 * name another unit (单位名称：…) than the table's own.
 */
function startsAnotherBlock(text: string, lines: LineTable, line: number, t: OpenTable, label: { text: string } | null): boolean {
  if (label && t.label && label.text !== t.label.text) return true;
  let named = false;
  for (const k of t.metaKeys) if (META_RE.test(k)) named = true;
  if (!named) return false;
  for (let i = line + 1; i < lines.length && i <= line + 3; i++) {
    const key = lineKey(text, lines, i);
    if (META_RE.test(key)) return !t.metaKeys.has(key);
  }
  return false;
}

/** Note a header line's key on the open table. */
function addHeaderKey(t: OpenTable, key: string): void {
  t.headerKeys.add(key);
  t.headerStarts.add(key.charCodeAt(0));
}

// Classes of a line's first character, as bits of one flag per UTF-16 code:
// a look-up on every line instead of a Set's hash probe
/** First characters of headings, titles, labels, the TOC and list items. */
const STARTER = 1;
/** Chinese numerals: a line starting with one may be a section heading (一、…) or a volume (一、表格部分) */
const CN_DIGIT = 2;
/** First characters of the lines (keys) a title, label, part, TOC, unit or meta line or note starts with */
const NON_ROW_START = 4;

const START_FLAGS = (() => {
  const flags = new Uint8Array(0x10000);
  const mark = (chars: string, flag: number) => {
    for (let i = 0; i < chars.length; i++) flags[chars.charCodeAt(i)] |= flag;
  };
  mark('第一二三四五六七八九十（(#-*+表目【[0123456789', STARTER);
  mark('一二三四五六七八九十', CN_DIGIT);
  mark('第表目单部预编注说备本', NON_ROW_START);
  return flags;
})();

/** Does the character code c have the flag (STARTER, CN_DIGIT or NON_ROW_START)? */
function startsAs(c: number, flag: number): boolean {
  return (START_FLAGS[c] & flag) !== 0;
}

/** A character that labelKey and stripMarks keep as it is at the start of a line: an ideograph, an ASCII letter or digit. */
function startsOwnKey(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || isAsciiDigit(c) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/**
 * Inside a table with rows, can the line text[start, end) be nothing but
 * another row, whatever its key? The long way would find no title, label,
 * part, unit or meta line, note, heading or repeated header in it: its key
 * starts with its own first character, which begins none of those lines and
 * no header key of the table; it holds no 表, no 栏 and no 单 … 元 (a unit);
 * a tab-separated line does not repeat a header's first cell, and a line
 * starting like a section heading (一、) holds none of ROW_BLOCKERS and is not
 * followed by prose. A cheap test before the key is made; lines it declines
 * go the long way.
 */
function continuesRows(text: string, lines: LineTable, chars: LineChars, line: number, start: number, first: number, end: number, t: OpenTable): boolean {
  if (t.data.length === 0 || t.inNotes) return false;
  const c0 = text.charCodeAt(first);
  if (!startsOwnKey(c0) || startsAs(c0, NON_ROW_START) || t.headerStarts.has(c0)) return false;
  if (holdsTitleOrUnitWord(text, chars, first, end) || chars.lan.within(first, end)) return false;
  const heading = startsAs(c0, CN_DIGIT);
  if (heading && chars.rowBlocker.within(first, end)) return false;
  if (chars.tab.within(start, end)) return !isRepeatedHeader(text, start, end, t.headerFirstCells);
  // a section heading without amounts ends the table when prose follows it
  return !heading || hasAmount(text, first, end) || !proseFollows(text, lines, line, chars);
}

/** Does text[first, end) hold 表 (a title's word), or 单 with 元 after it (a unit line's 单位：万元)? */
function holdsTitleOrUnitWord(text: string, chars: LineChars, first: number, end: number): boolean {
  if (chars.title.within(first, end)) return true;
  // a 元 after any 单 is after the first one: only what follows that is read
  for (let k = chars.unit.after(first) + 1; k < end; k++) if (text.charCodeAt(k) === 0x5143 /* 元 */) return true;
  return false;
}

/** Is the next non-blank line after `line` a prose sentence (no tab, a sentence's punctuation, not a note)? */
function proseFollows(text: string, lines: LineTable, line: number, chars: LineChars): boolean {
  for (let i = line + 1; i < lines.length && i <= line + 3; i++) {
    const start = lines.start(i);
    const end = lines.end(i);
    let first = start;
    while (first < end && isSpaceCode(text.charCodeAt(first))) first++;
    if (first === end) continue;
    const c0 = text.charCodeAt(first);
    if (c0 === 0x6ce8 /* 注 */ || c0 === 0x5907 /* 备 */) return false;
    return end - first >= 15 && isUntabbedProse(chars, start, first, end);
  }
  return false;
}

/** Forward searches for the characters the per-line tests need (see NextChar). */
interface LineChars {
  tab: NextChar;
  dot: NextChar;
  comma: NextChar;
  /** 。 ， ； */
  prose: NextChar;
  /** the characters of ROW_BLOCKERS */
  rowBlocker: NextChar;
  /** 表, 单 (of 单位) and 项 (of 项目): words of the lines that open something outside tables (see mayStartSomething) */
  title: NextChar;
  unit: NextChar;
  item: NextChar;
  /** 栏, of 栏次 */
  lan: NextChar;
}

/** Does text[start, end) hold 栏次 (the column-number row of 决算 tables)? */
function holdsColumnNumbers(text: string, chars: LineChars, start: number, end: number): boolean {
  for (let i = chars.lan.after(start); i < end - 1; i = chars.lan.after(i + 1)) if (text.charCodeAt(i + 1) === 0x6b21 /* 次 */) return true;
  return false;
}

/** No tab in text[start, end) and prose punctuation (。，；) in text[first, end). */
function isUntabbedProse(chars: LineChars, start: number, first: number, end: number): boolean {
  return !chars.tab.within(start, end) && chars.prose.within(first, end);
}

/**
 * At a page break: does the new page go on with the open table? It does when
 * one of its first lines is a row (a code, figures, not prose), the table's
 * title or header again, or its unit line; a page that starts otherwise (a
 * narrative page, the next part) ends the table.
 */
function continuesTable(text: string, lines: LineTable, from: number, t: OpenTable, chars: LineChars): boolean {
  let seen = 0;
  for (let i = from; i < lines.length && seen < 4; i++) {
    const start = lines.start(i);
    const end = lines.end(i);
    const key = labelKey(text, start, end);
    if (key.length === 0) continue;
    if (i > from && text.charCodeAt(start) === 12) break; // the page after
    if (isPageFurnitureMark(text, start, end)) {
      if (i > from) break;
      continue;
    }
    seen++;
    if (chars.prose.within(start, end)) return false;
    // titleKey(key) is a suffix of key: most lines fail the cheap test
    if ((key.endsWith(t.titleKey) && titleKey(key) === t.titleKey) || t.headerKeys.has(key) || t.metaKeys.has(key)) return true;
    if (key.indexOf('单位') >= 0 && UNIT_RE.test(key)) return true;
    if (isDataLine(text, chars, start, end, key) || hasAmount(text, start, end)) return true;
    if (t.headerPrefixes.has(key.slice(0, HEADER_PREFIX))) return true;
    // the items of a summary table go on (十四、资源勘探工业信息等支出 …), with or without figures
    if (t.kind.rows === 'two-sided' && (ORDINAL_CN_RE.test(key) || /^(本年(收入|支出)合计|(收入|支出)?总计)/.test(key))) return true;
  }
  return false;
}

/**
 * Outside tables, can this line open anything (a heading, a table title or
 * label, the TOC, a unit line, a key-project table)? A cheap test that lets
 * most narrative lines through without computing their key.
 */
function mayStartSomething(text: string, chars: LineChars, first: number, start: number, end: number, inToc: boolean): boolean {
  // headings, titles, unit lines and the TOC are short; a long line without tabs is prose
  if (end - start > 90) return chars.tab.within(start, end);
  const c0 = text.charCodeAt(first);
  // a line starting with a digit (a numbered paragraph, a wrapped sentence's
  // figures) is no heading, part, label or TOC title: outside the contents
  // (whose entries it may be or end) only a title's 表 or a unit (单 … 元) in
  // it can matter, or a tab
  if (isAsciiDigit(c0) && !inToc) return chars.tab.within(start, end) || holdsTitleOrUnitWord(text, chars, first, end);
  if (startsAs(c0, STARTER) && (inToc || !tooLongForHeading(text, c0, first, end))) return true;
  // a tab, 表, 单位 or 项目
  if (chars.tab.within(start, end) || chars.title.within(start, end)) return true;
  const unitWord = holdsWord(text, chars.unit, 0x4f4d /* 位 */, start, end);
  const projectsWord = holdsWord(text, chars.item, 0x76ee /* 目 */, start, end);
  if (!unitWord && !projectsWord) return false;
  // in the contents any line may end them; a key that may start elsewhere than c0 is decided on
  if (inToc || !(startsOwnKey(c0) || isOpenParen(c0))) return true;
  // the key starts with c0 (a bracket as '('), which begins no heading here:
  // the words open something only as a key-projects header (项目… at the
  // start) or a unit (单位：万元), not in the narrative's 事业单位 and 项目支出
  return (projectsWord && c0 === 0x9879) /* 项 */ || (unitWord && holdsUnitStart(text, first, end));
}

/**
 * Is a line numbered like a section (一、…) or a subsection (（一）…) too long
 * to be its heading: more than 30 (20) ideographs, letters and digits, which
 * its key keeps one for one (headingOf takes longer keys for sentences)?
 */
function tooLongForHeading(text: string, c0: number, first: number, end: number): boolean {
  const max = startsAs(c0, CN_DIGIT) ? 30 : isOpenParen(c0) ? 20 : -1;
  if (max < 0 || end - first <= max) return false;
  let n = 0;
  for (let i = first; i < end; i++) if (startsOwnKey(text.charCodeAt(i)) && ++n > max) return true;
  return false;
}

/** ( or （: what a subsection's number opens with (both are '(' in a key). */
function isOpenParen(c: number): boolean {
  return c === 40 || c === 0xff08;
}

/** Does text[start, end) hold a two-character word: the character `first` searches for, then `second`? */
function holdsWord(text: string, first: NextChar, second: number, start: number, end: number): boolean {
  for (let i = first.after(start); i + 1 < end; i = first.after(i + 1)) if (text.charCodeAt(i + 1) === second) return true;
  return false;
}

/**
 * Can the line text[first, end) hold a unit in its key (单位[:：]?万元 …)? A 单,
 * then 位, then 元 万 千 or 亿, with only characters between that are no
 * ideograph, letter or digit (spaces, a colon, quotes: labelKey drops or folds
 * them). An HTML tag between (dropped from the key) leaves the answer to the key.
 */
function holdsUnitStart(text: string, first: number, end: number): boolean {
  for (let i = first; i < end; i++) {
    if (text.charCodeAt(i) !== 0x5355 /* 单 */) continue;
    let j = skipToWord(text, i + 1, end);
    if (j < 0) return true;
    if (j === end || text.charCodeAt(j) !== 0x4f4d /* 位 */) continue;
    j = skipToWord(text, j + 1, end);
    if (j < 0) return true;
    const c = j < end ? text.charCodeAt(j) : 0;
    if (c === 0x5143 /* 元 */ || c === 0x4e07 /* 万 */ || c === 0x5343 /* 千 */ || c === 0x4ebf /* 亿 */) return true;
  }
  return false;
}

/** The first index in [from, end) holding an ideograph, a letter or a digit (or end); -1 at a '<' (an HTML tag may start there). */
function skipToWord(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 60 /* < */) return -1;
    if (startsOwnKey(c)) return i;
  }
  return end;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000 || c === 0xa0 || c === 0xfeff || c === 12;
}

/** Does text[from, to) hold a decimal amount (digit, '.', optional space, digit)? */
function hasAmount(text: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to - 1; i++) {
    if (text.charCodeAt(i) !== 46) continue;
    const b = text.charCodeAt(i - 1);
    let j = i + 1;
    if (text.charCodeAt(j) === 32) j++;
    const a = text.charCodeAt(j);
    if (j < to && b >= 48 && b <= 57 && a >= 48 && a <= 57) return true;
  }
  return false;
}

const DIGIT_COMMA_RE = /\d,/;

/**
 * The fast path's test, in one pass over the line: a decimal amount (as
 * hasAmount), or else a whole amount with thousands separators (digit, ',',
 * three digits, no fourth) on a line that no other branch of the scan could
 * take: none of the characters a title, part, unit or meta line, note,
 * Markdown heading or 栏次 row needs, no repeated first cell, and no header
 * key of the table with a digit and a comma (a line with a grouped amount
 * could repeat it). Lines this declines go the long way.
 */
function holdsRowAmount(text: string, chars: LineChars, start: number, first: number, end: number, t: OpenTable): boolean {
  // a decimal amount anywhere on the line decides at once
  for (let i = chars.dot.after(first); i < end - 1; i = chars.dot.after(i + 1)) {
    if (i > first && isAsciiDigit(text.charCodeAt(i - 1))) {
      let j = i + 1;
      if (text.charCodeAt(j) === 32) j++;
      if (j < end && isAsciiDigit(text.charCodeAt(j))) return true;
    }
  }
  // else a whole amount with thousands separators
  if (!hasGroupedAmount(text, chars, first, end) || t.headerGrouped || text.charCodeAt(first) === 35 /* # */ || chars.rowBlocker.within(first, end)) return false;
  return !chars.tab.within(first, end) || !isRepeatedHeader(text, start, end, t.headerFirstCells);
}

/** Does text[first, end) hold a whole amount with thousands separators (digit, ',', three digits, no fourth)? */
function hasGroupedAmount(text: string, chars: LineChars, first: number, end: number): boolean {
  for (let i = chars.comma.after(first); i < end; i = chars.comma.after(i + 1)) {
    if (
      i > first &&
      i + 3 < end &&
      isAsciiDigit(text.charCodeAt(i - 1)) &&
      isAsciiDigit(text.charCodeAt(i + 1)) &&
      isAsciiDigit(text.charCodeAt(i + 2)) &&
      isAsciiDigit(text.charCodeAt(i + 3)) &&
      (i + 4 >= end || !isAsciiDigit(text.charCodeAt(i + 4)))
    )
      return true;
  }
  return false;
}

/**
 * Does a sentence line text[first, end) end a table of the tables part? Only
 * where it can be no cell of the table: the table's rows are names and
 * figures (code rows, the two sides of a 总表, a unit's basic expenditure —
 * not projects with their descriptions, nor an unknown table), the line holds
 * no amount, and none of the table's rows so far held a sentence's
 * punctuation (a column of free text: its next cell could be this line).
 */
function endsAtProse(text: string, lines: LineTable, chars: LineChars, first: number, end: number, t: OpenTable): boolean {
  const rows = t.kind.rows;
  if (rows !== 'code-tree' && rows !== 'two-sided' && rows !== 'blocks-basic') return false;
  if (hasAmount(text, first, end) || hasGroupedAmount(text, chars, first, end)) return false;
  // rows looked at once each, however many sentence lines the table meets
  for (; t.proseChecked < t.data.length && !t.proseInRows; t.proseChecked++) {
    const l = t.data[t.proseChecked];
    if (chars.prose.within(lines.start(l), lines.end(l))) t.proseInRows = true;
  }
  return !t.proseInRows;
}

/** Characters a title, part, unit or meta line, or 栏次 row needs: 表 第 部 单 编 本 。 栏 目 */
const ROW_BLOCKERS = '表第部单编本。栏目';

/** Key of the first tab-separated cell of text[start, end); null without a tab or for a short cell. */
function firstCellKey(text: string, start: number, end: number): string | null {
  let tab = start;
  while (tab < end && text.charCodeAt(tab) !== 9) tab++;
  if (tab === end) return null;
  const first = labelKey(text, start, tab);
  return first.length >= 2 ? first : null;
}

/** A header line of a continuation page, wrapped differently from the first page's. */
function isRepeatedHeader(text: string, start: number, end: number, firstCells: Set<string>): boolean {
  const first = firstCellKey(text, start, end);
  return first !== null && firstCells.has(first) && !hasDecimal(text, start, end);
}

/** Does text[start, end) hold a digit, '.', digit (/\d\.\d/)? */
function hasDecimal(text: string, start: number, end: number): boolean {
  for (let i = start + 1; i < end - 1; i++) {
    if (text.charCodeAt(i) === 46 && isAsciiDigit(text.charCodeAt(i - 1)) && isAsciiDigit(text.charCodeAt(i + 1))) return true;
  }
  return false;
}

function isHeadingLine(key: string, md: number): boolean {
  return md > 0 || PART_RE.test(key) || VOLUME_RE.test(key);
}

/**
 * Does the line text[start, end) begin a table's data: a code in its first
 * cell, or a number after a leading cell? Cells are tab-separated, or
 * space-separated when the line has no tab; read in place, without copies.
 */
function isDataLine(text: string, chars: LineChars, start: number, end: number, key: string): boolean {
  if (key === '合计' || key === '总计') return false; // a header cell on its own line
  if (holdsColumnNumbers(text, chars, start, end)) return false; // the column-number row of 决算 tables
  const sep = chars.tab.within(start, end) ? 9 : 32;
  let lead = false;
  // white space between cells (separators included) holds only empty cells, which are skipped:
  // each cell starts at its first character that is not white space
  let from = skipSpace(text, start, end);
  while (from < end) {
    let to = from;
    while (to < end && text.charCodeAt(to) !== sep) to++;
    // the cell, trimmed as String.prototype.trim would
    const a = from;
    let b = to;
    while (b > a && isRegExpSpace(text.charCodeAt(b - 1))) b--;
    from = skipSpace(text, to + 1, end);
    if (!lead && isCodeCell(text, a, b)) return true;
    if (lead && isNumberCell(text, a, b)) return true;
    lead = true;
  }
  return false;
}

/** The first index in [from, end) that is not white space (\s), or end. */
function skipSpace(text: string, from: number, end: number): number {
  while (from < end && isRegExpSpace(text.charCodeAt(from))) from++;
  return from;
}


/** An ASCII or full-width digit. */
function isDigitOrWide(c: number): boolean {
  return isAsciiDigit(c) || (c >= 0xff10 && c <= 0xff19);
}

/** Does text[a, b) begin with a code: /^\[?\d{3}(?:\d{2}){0,2}\]?(?![\d.])/ */
function isCodeCell(text: string, a: number, b: number): boolean {
  let i = a;
  if (text.charCodeAt(i) === 91 /* [ */) i++;
  const digits = i;
  while (i < b && isAsciiDigit(text.charCodeAt(i))) i++;
  const n = i - digits;
  return (n === 3 || n === 5 || n === 7) && (i === b || text.charCodeAt(i) !== 46 /* . */);
}

/** Is text[a, b) a number: /^-?[\d０-９][\d０-９,，\s]*(\.\s*\d+)?$/ */
function isNumberCell(text: string, a: number, b: number): boolean {
  let i = a;
  if (text.charCodeAt(i) === 45 /* - */) i++;
  if (i >= b || !isDigitOrWide(text.charCodeAt(i))) return false;
  for (i++; i < b; i++) {
    const c = text.charCodeAt(i);
    if (!isDigitOrWide(c) && c !== 44 && c !== 0xff0c && !isRegExpSpace(c)) break;
  }
  if (i === b) return true;
  if (text.charCodeAt(i) !== 46 /* . */) return false;
  for (i++; i < b && isRegExpSpace(text.charCodeAt(i)); i++);
  const digits = i;
  while (i < b && isAsciiDigit(text.charCodeAt(i))) i++;
  return i === b && i > digits;
}

/** A sentence of the narrative: it has a full stop and some length (titles, headers and rows have neither). */
function isSentence(key: string): boolean {
  return key.length >= 8 && key.indexOf('。') >= 0;
}

/** The label key of line `i`, its list marks stripped. */
function lineKey(text: string, lines: LineTable, i: number): string {
  const m = stripMarks(text, lines.start(i), lines.end(i));
  return labelKey(text, m.from, m.to);
}

/** How many lines a table label (表3) may stand above its title. */
const LABEL_REACH = 3;

function headingOf(key: string, md: number): Heading['level'] | null {
  if (key.length === 0) return null;
  // the sentence test only for a numbered key (most lines are none)
  if (key.length <= 30 && SECTION_RE.test(key) && !isSentenceLike(key)) return 2;
  if (key.length <= 20 && SUBSECTION_RE.test(key) && !isSentenceLike(key)) return 3;
  if (md > 0 && key.length <= 40) return md === 1 ? 1 : md === 2 ? 2 : 3;
  return null;
}

/** Sentence punctuation: a colon anywhere, 。 or ； anywhere, or a comma or semicolon at the end. */
function isSentenceLike(key: string): boolean {
  return /[。；;：:，,]$|[：:]/.test(key) || /[。；]/.test(key);
}

function nestSections(headings: Heading[], lineCount: number): Section[] {
  const roots: Section[] = [];
  const stack: Section[] = [];
  for (const h of headings) {
    const s: Section = { heading: h, startLine: h.line, endLine: lineCount - 1, children: [] };
    while (stack.length > 0 && stack[stack.length - 1].heading.level >= h.level) {
      const done = stack.pop()!;
      done.endLine = Math.max(done.startLine, h.line - 1);
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(s);
    else roots.push(s);
    stack.push(s);
  }
  return roots;
}

function documentTitle(text: string, lines: LineTable): string | null {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(lines.length, 12); i++) {
    const m = stripMarks(text, lines.start(i), lines.end(i));
    const t = text.slice(m.from, m.to);
    if (!t || isPageFurnitureMark(text, m.from, m.to)) continue;
    if (TOC_RE.test(labelKey(t)) || PART_RE.test(labelKey(t))) break;
    parts.push(t);
    if (/预算|决算/.test(parts.join(''))) {
      // keep reading a wrapped last word (部门预 / 算)
      const next = i + 1 < lines.length && text.slice(lines.start(i + 1), lines.end(i + 1)).trim();
      if (next && next.length <= 2) parts.push(next);
      break;
    }
    if (parts.length >= 4) break;
  }
  // join wrapped pieces: no space between two CJK characters
  let title = '';
  for (const p of parts) {
    const joinTight = title.length > 0 && /[\u4e00-\u9fff]$/.test(title) && /^[\u4e00-\u9fff]/.test(p) && p.length <= 2;
    title += title.length === 0 || joinTight ? p : ' ' + p;
  }
  title = title.replace(/\s+/g, ' ').trim();
  return title && /预算|决算/.test(title) && title.length < 120 ? title : null;
}

function documentYear(text: string, lines: LineTable): number | null {
  for (let i = 0; i < Math.min(lines.length, 15); i++) {
    if (isPageFurnitureMark(text, lines.start(i), lines.end(i))) continue;
    const m = /((?:19|20)\d{2})\s*年/.exec(text.slice(lines.start(i), lines.end(i)));
    if (m) return Number(m[1]);
  }
  return null;
}

function documentKind(title: string | null, tables: Table[]): DocumentKind {
  const known = tables.filter((t) => t.kind !== 'generic').length;
  if (title && /决算/.test(title) && known > 0) return 'final-accounts';
  if (known >= 2 || (title && /预算/.test(title) && known > 0)) return title && /决算/.test(title) ? 'final-accounts' : 'budget';
  return 'unknown';
}
