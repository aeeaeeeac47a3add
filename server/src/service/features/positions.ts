/** Offsets → LSP positions (0-based line, UTF-16 character), made only at the edge. */
import type { DocumentModel, Span } from '../model/types';
import { lineOfOffset } from '../model/lookup';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export { lineOfOffset } from '../model/lookup';

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
