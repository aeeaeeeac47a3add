/**
 * The rows of a table as a tree, as a reader sees them: 类 › 款 › 项 by code,
 * units › projects, items by their nesting depth. Totals stay at the top.
 * Used by the outline and by folding.
 */
import type { Row } from '../model/types';

export interface RowNode {
  row: Row;
  children: RowNode[];
  /** last line of the row and everything under it */
  endLine: number;
}

function isParent(parent: Row, child: Row): boolean {
  switch (child.kind) {
    case 'code':
      if (!child.code) return false;
      if (parent.kind === 'code') return !!parent.code && child.code.code.startsWith(parent.code.code) && child.code.level > parent.code.level && parent.side === child.side;
      return parent.kind === 'unit' || parent.kind === 'project';
    case 'project':
      return parent.kind === 'unit' || (parent.kind === 'project' && parent.depth < child.depth);
    case 'unit':
      return parent.kind === 'unit' && parent.depth < child.depth;
    case 'item':
      return (parent.kind === 'item' && parent.depth < child.depth && parent.side === child.side) || parent.kind === 'unit';
    default:
      return false;
  }
}

/** The tree of `rows` (a table's rows, or one side of a two-sided table), in order. */
export function rowTree(rows: readonly Row[]): RowNode[] {
  const roots: RowNode[] = [];
  const stack: RowNode[] = [];
  for (const row of rows) {
    if (row.kind === 'continuation' || row.kind === 'note') {
      const top = stack[stack.length - 1];
      if (top) for (const n of stack) n.endLine = Math.max(n.endLine, row.endLine);
      continue;
    }
    if (row.kind === 'total' || row.kind === 'subtotal') stack.length = 0;
    while (stack.length > 0 && !isParent(stack[stack.length - 1].row, row)) stack.pop();
    const node: RowNode = { row, children: [], endLine: row.endLine };
    if (stack.length > 0) stack[stack.length - 1].children.push(node);
    else roots.push(node);
    for (const n of stack) n.endLine = Math.max(n.endLine, row.endLine);
    if (row.kind !== 'total' && row.kind !== 'subtotal') stack.push(node);
  }
  return roots;
}
