/**
 * The language service façade: the one public surface of server/src/service.
 * No LSP connection, no file system, no vscode in here.
 */
import { parseDocument } from './syntax/parser';
import { checkDocument } from './analysis/check';
import type { DocumentModel } from './model/types';
import type { Finding, CheckOptions } from './analysis/findings';
import { toLspRange, offsetToPosition } from './features/positions';

export type { DocumentModel, Table, Row, Cell, Span } from './model/types';
export type { Finding, CheckOptions, Severity } from './analysis/findings';
export { RULES } from './diagnosticCodes';
export type { RuleId } from './diagnosticCodes';
export { toLspRange, offsetToPosition };

export interface Analysis {
  model: DocumentModel;
  findings: Finding[];
}

export interface BudgetService {
  /** Parse text into a model. Never throws. */
  parse(text: string): DocumentModel;
  /** Run every rule over a model. Never throws. */
  check(model: DocumentModel, options?: CheckOptions): Finding[];
  /** parse + check */
  analyze(text: string, options?: CheckOptions): Analysis;
}

export function createBudgetService(): BudgetService {
  return {
    parse: parseDocument,
    check: checkDocument,
    analyze(text, options) {
      const model = parseDocument(text);
      return { model, findings: checkDocument(model, options) };
    },
  };
}
