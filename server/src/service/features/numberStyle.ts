/** Writing a value the way a cell already prints numbers: separators, decimals, full-width digits, negatives. */
import type Decimal from 'decimal.js';
import type { DocumentModel } from '../model/types';
import { negativeStyleOf, withNegativeStyle, type NegativeStyle } from '../syntax/numbers';

const FULL_DIGITS = /[０-９]/;

/**
 * `value` written like `raw`; a negative value in raw's own negative form,
 * else in the document's (`style`, see documentNegativeStyle), else with `-`.
 */
export function formatLike(raw: string, value: Decimal, style: NegativeStyle | null = null): string {
  const point = Math.max(raw.lastIndexOf('.'), raw.lastIndexOf('．'));
  const printedDecimals = point < 0 ? 0 : raw.slice(point + 1).replace(/[^0-9０-９]/g, '').length;
  const decimals = Math.max(printedDecimals, value.decimalPlaces());
  let s = value.abs().toFixed(decimals);
  if (/[,，]/.test(raw)) {
    const [int, frac] = s.split('.');
    s = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? '.' + frac : '');
  }
  if (FULL_DIGITS.test(raw)) {
    s = s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    if (raw.includes('．')) s = s.replace('.', '．');
    if (raw.includes('，')) s = s.replace(/,/g, '，');
  }
  if (!value.isNegative() || value.isZero()) return s;
  return withNegativeStyle(s, negativeStyleOf(raw) ?? style ?? '-');
}

/** How many amount cells documentNegativeStyle looks at, at most (the first negatives decide). */
const STYLE_SCAN_LIMIT = 200_000;
const STYLES = new WeakMap<DocumentModel, NegativeStyle | null>();

/**
 * The form the document prints its negative amounts in (the first negative
 * amount cell's), or null when it prints none; computed once per model.
 */
export function documentNegativeStyle(model: DocumentModel): NegativeStyle | null {
  if (STYLES.has(model)) return STYLES.get(model) ?? null;
  let style: NegativeStyle | null = null;
  let seen = 0;
  outer: for (const table of model.tables) {
    for (const row of table.rows) {
      for (const cell of row.cells) {
        if (++seen > STYLE_SCAN_LIMIT) break outer;
        const a = cell.amount;
        if (!a || a.empty) continue;
        if (a.big ? !a.big.isNegative() : !(a.units < 0)) continue;
        style = negativeStyleOf(cell.raw);
        if (style) break outer;
      }
    }
  }
  STYLES.set(model, style);
  return style;
}

/**
 * A damaged number with its stray spaces removed (`36, 202. 77` → `36,202.77`)
 * and its thousands separators put back in place (`1,2345.6` → `12,345.6`).
 * A second decimal point (`194.15.15`) is left for the reader: which figure
 * was meant is not known.
 */
export function normaliseNumber(raw: string): string {
  const s = raw.replace(/[\s\u3000]+/g, '');
  if (!/^-?[0-9,]+\.[0-9]+$/.test(s) || !s.includes(',')) return s;
  const [int, frac] = s.split('.');
  const grouped = int.replace(/,/g, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}.${frac}`;
}
