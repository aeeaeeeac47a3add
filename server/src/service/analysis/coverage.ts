/**
 * Coverage: which of a document's tables were read and checked, and which
 * its table of contents promises but it lacks. A document whose tables could
 * not all be read is never reported as if it had no problems: the findings
 * say what was not checked, and why.
 */
import type { ContentsEntry, DocumentModel, Span, Table } from '../model/types';
import { labelKey } from '../syntax/text';
import { columnsUnread } from './relations';
import { holdsFigure } from '../model/store';

/** Why a table was not checked (or, for `empty`, why it has nothing to check). */
export type TableReason =
  /** its figures could not be placed in columns (space-aligned text) */
  | 'columns'
  /** a row holds two figures for one column, or figures no row can take */
  | 'cells'
  /** reading-order text (one cell per line) whose sequence is ambiguous */
  | 'reading-order'
  /** no row could be read */
  | 'no-rows'
  /** the document says the table is empty (本表无数据, 故本表为空表) */
  | 'empty'
  /** rows were read, but no figure in them (a template, a blank table) */
  | 'no-figures'
  /** the amount columns are not those of the table's kind */
  | 'header';

export interface TableStatus {
  table: Table;
  /** its rows were read (perhaps without figures, as a blank or stated-empty table) */
  read: boolean;
  /** its rows were read and its checks ran */
  checked: boolean;
  reason: TableReason | null;
}

const UNREAD: ReadonlySet<TableReason> = new Set<TableReason>(['columns', 'cells', 'reading-order', 'no-rows']);

function status(table: Table, reason: TableReason | null): TableStatus {
  return { table, read: reason === null || !UNREAD.has(reason), checked: reason === null, reason };
}

/** Notes that say a table is empty on purpose. */
const EMPTY_NOTE_RE = /无数据|为空表|空表|本表为空|无.{0,24}(收支|收入|支出|预算|经费)|没有.{0,24}(收支|收入|支出|预算|经费)/;

function saysEmpty(model: DocumentModel, table: Table): boolean {
  for (const l of table.notes) {
    const key = labelKey(model.text, model.lines.start(l), model.lines.end(l));
    if (EMPTY_NOTE_RE.test(key)) return true;
  }
  return false;
}

/** Does the table's region hold a figure outside its header and notes (something that should have been read)? */
function hasFigures(model: DocumentModel, table: Table): boolean {
  const skip = new Set([...table.header.lines, ...table.repeatedLines, ...table.notes]);
  for (let l = table.startLine + 1; l <= table.endLine; l++) {
    if (skip.has(l)) continue;
    if (/\d[\d,]*(\.\d+)?/.test(model.text.slice(model.lines.start(l), model.lines.end(l)))) return true;
  }
  return false;
}

export function tableStatus(model: DocumentModel, table: Table): TableStatus {
  if (table.unread) {
    const reason: TableReason = table.unread === 'reading-order' || table.unread === 'cells' ? table.unread : table.unread === 'empty' ? 'no-rows' : 'columns';
    return status(table, reason === 'no-rows' && saysEmpty(model, table) ? 'empty' : reason);
  }
  const rows = table.rows.filter((r) => r.kind !== 'continuation' && r.kind !== 'note');
  if (rows.length === 0) return status(table, saysEmpty(model, table) ? 'empty' : hasFigures(model, table) ? 'no-rows' : 'no-figures');
  if (!rows.some(holdsFigure)) {
    return status(table, saysEmpty(model, table) ? 'empty' : 'no-figures');
  }
  if (columnsUnread(table)) return status(table, 'header');
  return status(table, null);
}

export interface Coverage {
  /** the budget tables (not those embedded in the narrative), each with its status */
  tables: TableStatus[];
  /** contents entries naming a table the document does not have */
  missing: ContentsEntry[];
  /** where document-level findings go: the document's first line */
  anchor: Span;
}

export function documentCoverage(model: DocumentModel): Coverage {
  const tables = model.tables.filter((t) => !t.inText).map((t) => tableStatus(model, t));
  const kinds = new Set(model.tables.map((t) => t.kind));
  const seen = new Set<string>();
  const missing: ContentsEntry[] = [];
  for (const e of model.contents) {
    if (kinds.has(e.kind) || seen.has(e.kind)) continue;
    seen.add(e.kind);
    missing.push(e);
  }
  let anchor: Span = { start: 0, end: 0 };
  for (let i = 0; i < model.lines.length; i++) {
    const start = model.lines.start(i);
    const end = model.lines.end(i);
    if (labelKey(model.text, start, end).length > 0) {
      let a = start;
      while (a < end && /[\s\f\u3000]/.test(model.text[a])) a++;
      anchor = { start: a, end };
      break;
    }
  }
  return { tables, missing, anchor };
}
