/**
 * Is this text a budget (or final-accounts) document? For switching a plain
 * .txt or .md file to the budget language when it is opened: it needs a
 * title naming a 预算 or 决算 and at least one known table (a title line,
 * not a mention in prose), so an article about a budget is left alone. Reads at most the first
 * 512 KB: a budget's title and tables show up long before that.
 */
import type { DocumentKind } from './model/types';
import { parseDocument } from './syntax/parser';

const LIMIT = 512 * 1024;
const TITLE = /预算|决算/;

export function detectDocumentKind(text: string): DocumentKind {
  const head = text.length > LIMIT ? text.slice(0, LIMIT) : text;
  // cheap refusal first: most text files never mention a budget near the top
  if (!TITLE.test(head.slice(0, 4000))) return 'unknown';
  const model = parseDocument(head);
  if (!model.title || !TITLE.test(model.title)) return 'unknown';
  const known = model.tables.filter((t) => t.kind !== 'generic' && !t.inText).length;
  if (known < 1) return 'unknown';
  return /决算/.test(model.title) ? 'final-accounts' : 'budget';
}
