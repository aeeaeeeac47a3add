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

/** A damaged number with its stray spaces removed (`36, 202. 77` → `36,202.77`). */
export function normaliseNumber(raw: string): string {
  return raw.replace(/[\s\u3000]+/g, '');
}
