/** Offsets → LSP positions (0-based line, UTF-16 character), made only at the edge. */
import type { DocumentModel, LineTable, Span } from '../model/types';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export function lineOfOffset(lines: LineTable, offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.start(mid) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function offsetToPosition(model: Pick<DocumentModel, 'lines'>, offset: number): Position {
  const lines = model.lines;
  if (lines.length === 0) return { line: 0, character: 0 };
  const line = lineOfOffset(lines, Math.max(0, offset));
  const start = lines.start(line);
  const character = Math.min(Math.max(0, offset - start), lines.end(line) - start);
  return { line, character };
}

export function toLspRange(model: Pick<DocumentModel, 'lines'>, span: Span): Range {
  return { start: offsetToPosition(model, span.start), end: offsetToPosition(model, span.end) };
}
