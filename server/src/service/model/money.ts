/**
 * Exact money arithmetic. Values are held as scaled integers (units at a
 * given number of decimals) while |units| < 2^53, which is exact in IEEE
 * doubles; anything larger goes through decimal.js. Tolerances are named.
 */
import Decimal from 'decimal.js';

export interface Money {
  /** the value times 10^scale; exact integer when `big` is undefined */
  units: number;
  scale: number;
  /** set for values beyond the safe-integer range */
  big?: Decimal;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 1e7, 1e8];

/** From the digits of a number (no sign, no separators) and its decimal places. */
export function moneyFromDigits(digits: string, decimals: number, negative: boolean): Money {
  if (digits.length <= 15 && decimals <= 8) {
    const units = Number(digits);
    return { units: negative ? -units : units, scale: decimals };
  }
  const int = digits.slice(0, digits.length - decimals) || '0';
  const frac = digits.slice(digits.length - decimals);
  return { units: NaN, scale: decimals, big: new Decimal(`${negative ? '-' : ''}${int}${frac ? '.' + frac : ''}`) };
}

export function toDecimal(m: Money): Decimal {
  return m.big ?? new Decimal(m.units).div(POW10[m.scale] ?? 10 ** m.scale);
}

/** Rescale to `scale` decimals; undefined when not exact in safe integers. */
function rescale(m: Money, scale: number): number | undefined {
  if (m.big) return undefined;
  const u = m.units * (POW10[scale - m.scale] ?? 10 ** (scale - m.scale));
  return Number.isSafeInteger(u) ? u : undefined;
}

/** total − Σ parts, exactly. */
export function difference(total: Money, parts: Money[]): Decimal {
  let scale = total.scale;
  for (const p of parts) if (p.scale > scale) scale = p.scale;
  let acc = rescale(total, scale);
  if (acc !== undefined) {
    for (const p of parts) {
      const u = rescale(p, scale);
      if (u === undefined) {
        acc = undefined;
        break;
      }
      acc -= u;
      if (!Number.isSafeInteger(acc)) {
        acc = undefined;
        break;
      }
    }
  }
  if (acc !== undefined) return new Decimal(acc).div(POW10[scale] ?? 10 ** scale);
  let d = toDecimal(total);
  for (const p of parts) d = d.minus(toDecimal(p));
  return d;
}

/** Format exactly, with at least `decimals` places (1564.2 → "1564.20"). */
export function formatDecimal(d: Decimal, decimals: number): string {
  return d.toFixed(Math.max(decimals, d.decimalPlaces()));
}
