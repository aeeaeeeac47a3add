/** Writing a value the way a cell already prints numbers: separators, decimals, full-width digits. */
import type Decimal from 'decimal.js';

const FULL_DIGITS = /[０-９]/;

export function formatLike(raw: string, value: Decimal): string {
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
  return value.isNegative() && !value.isZero() ? (raw.trimStart().startsWith('－') ? '－' : '-') + s : s;
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
