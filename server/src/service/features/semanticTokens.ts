/**
 * Semantic tokens: codes by level (类 / 款 / 项), total rows' labels, amounts,
 * and the amounts a finding sits on (a blamed cell, a failing total). Sorted
 * by offset; the server encodes them for the protocol.
 */
import type { DocumentModel, Span } from '../model/types';
import type { Finding } from '../analysis/findings';

export const TOKEN_TYPES = ['namespace', 'class', 'enumMember', 'keyword', 'number'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'deprecated'] as const;
/** level 1 / 2 / 3 codes */
const CODE_TYPE = [0, 0, 1, 2];
const KEYWORD = 3;
const NUMBER = 4;
/** an amount in a total row */
const TOTAL = 1 << 1;
/** an amount a finding sits on: drawn struck through by most themes */
const BAD = 1 << 2;

export interface SemanticToken {
  span: Span;
  type: number;
  modifiers: number;
}

export function getSemanticTokens(model: DocumentModel, findings: Finding[]): SemanticToken[] {
  const bad = new Set<number>();
  for (const f of findings) if (f.severity === 'error' && f.code.startsWith('sum.')) bad.add(f.span.start);
  const out: SemanticToken[] = [];
  for (const t of model.tables)
    for (const r of t.rows) {
      if (r.code && r.code.span.end > r.code.span.start && r.code.style !== 'split') out.push({ span: r.code.span, type: CODE_TYPE[r.code.level], modifiers: 0 });
      if (r.kind === 'total' && r.labelSpan && r.labelSpan.end > r.labelSpan.start) out.push({ span: r.labelSpan, type: KEYWORD, modifiers: 0 });
      for (const c of r.cells) {
        if (c.span.end <= c.span.start || !c.amount || c.amount.empty) continue;
        out.push({ span: c.span, type: NUMBER, modifiers: (r.kind === 'total' ? TOTAL : 0) | (bad.has(c.span.start) ? BAD : 0) });
      }
    }
  out.sort((a, b) => a.span.start - b.span.start);
  // no overlaps (a two-sided table's sides share lines, never spans; kept safe)
  const clean: SemanticToken[] = [];
  let end = -1;
  for (const tok of out)
    if (tok.span.start >= end) {
      clean.push(tok);
      end = tok.span.end;
    }
  return clean;
}
