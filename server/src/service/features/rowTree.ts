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

/**
 * The tree of `rows` (a table's rows, or one side of a two-sided table), in
 * order. One pass with a stack of open nodes; a node's endLine reaches its
 * parent when it is closed (popped), so each row costs O(1) amortised
 * however deep the tree.
 */
export function rowTree(rows: readonly Row[]): RowNode[] {
  const roots: RowNode[] = [];
  const stack: RowNode[] = [];
  const close = (): void => {
    const node = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (parent && node.endLine > parent.endLine) parent.endLine = node.endLine;
  };
  for (const row of rows) {
    if (row.kind === 'continuation' || row.kind === 'note') {
      const top = stack[stack.length - 1];
      if (top && row.endLine > top.endLine) top.endLine = row.endLine;
      continue;
    }
    if (row.kind === 'total' || row.kind === 'subtotal') while (stack.length > 0) close();
    while (stack.length > 0 && !isParent(stack[stack.length - 1].row, row)) close();
    const node: RowNode = { row, children: [], endLine: row.endLine };
    if (stack.length > 0) stack[stack.length - 1].children.push(node);
    else roots.push(node);
    if (row.kind !== 'total' && row.kind !== 'subtotal') stack.push(node);
  }
  while (stack.length > 0) close();
  return roots;
}
