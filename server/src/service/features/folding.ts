/** Folding: parts, sections, tables and code subtrees (a 类 with its 款 and 项). */
import type { DocumentModel, Section } from '../model/types';
import { rowTree, type RowNode } from './rowTree';

export interface FoldingRange {
  startLine: number;
  endLine: number;
}

export function getFoldingRanges(model: DocumentModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  const last = model.lines.length - 1;
  const add = (startLine: number, endLine: number) => {
    const end = Math.min(endLine, last);
    if (end > startLine) out.push({ startLine, endLine: end });
  };
  const sections = (list: Section[]) => {
    for (const s of list) {
      add(s.heading.line, trimBlank(model, s.heading.line, s.endLine));
      sections(s.children);
    }
  };
  sections(model.sections);
  // a row tree can be as deep as its table is long: walked with a stack, not recursion
  const rows = (roots: RowNode[]) => {
    const pending: RowNode[] = [];
    for (let i = roots.length - 1; i >= 0; i--) pending.push(roots[i]);
    while (pending.length > 0) {
      const n = pending.pop()!;
      if (n.children.length === 0) continue;
      add(n.row.line, n.endLine);
      for (let i = n.children.length - 1; i >= 0; i--) pending.push(n.children[i]);
    }
  };
  for (const t of model.tables) {
    add(t.startLine, t.endLine);
    rows(rowTree(t.rows));
  }
  out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return out;
}

/** A section's range without the blank lines before the next heading. */
function trimBlank(model: DocumentModel, first: number, last: number): number {
  const { text, lines } = model;
  let end = Math.min(last, lines.length - 1);
  while (end > first && text.slice(lines.start(end), lines.end(end)).trim() === '') end--;
  return end;
}
