/** Findings: what the checks report, before any protocol turns them into diagnostics. */
import type { Span } from '../model/types';
import type { Locale, RuleId, Severity } from '../diagnosticCodes';
import type { Catalog } from '../catalog/catalog';

export type { Severity, Locale };

export interface RelatedInfo {
  span: Span;
  message: string;
}

/** The cell a sum or blame finding sits on, with its printed and expected figures. */
export interface CellFigures {
  table: number;
  row: number;
  column: number;
  printed: string;
  expected: string;
  difference: string;
}

/** Structured payload of a sum finding, for hovers and quick fixes. */
export interface SumData extends CellFigures {
  rule: RuleId;
  tolerance: string;
  parts: Array<{ row: number; column: number; value: string }>;
}

export interface Finding {
  code: RuleId;
  severity: Severity;
  span: Span;
  message: string;
  related: RelatedInfo[];
  data?: SumData | Record<string, unknown>;
}

export interface CheckOptions {
  locale?: Locale;
  rounding?: {
    /** severity of `sum.rounding` findings; 'off' leaves them out (default: the rule's, information) */
    severity?: Severity | 'off';
    /** 'auto' (default): (n + 1) × half a unit of the printed precision; a number: a fixed bound in the table's unit */
    tolerance?: 'auto' | number;
  };
  /** the classification catalogue; without it the code checks do not run */
  catalog?: Catalog;
  /** the catalogue edition: 'auto' (default) reads the year from the document */
  catalogYear?: 'auto' | number;
  /**
   * Told of an internal error in a check (a bug, never the document's
   * fault): the finding says only that the check could not run; the error
   * itself goes here, to be logged (the service does no I/O).
   */
  onInternalError?: (where: string, err: unknown) => void;
  /** documents longer than this (characters) are not analysed: one `document.too-large` finding says so */
  maxChars?: number;
  /** per-rule levels (`budget.rules`): a rule id → off, hint, information, warning or error */
  rules?: Partial<Record<string, Severity | 'off'>>;
}
