/**
 * Exact money arithmetic. Values are held as scaled integers (units at a
 * given number of decimals) while |units| < 2^53, which is exact in IEEE
 * doubles; anything larger is kept as a decimal and summed as a scaled
 * BigInt. Tolerances are named.
 *
 * decimal.js rounds every result to its `precision` significant digits (20
 * by default), which would round a 22-digit total. `Decimal` below is a
 * clone whose precision is decimal.js's maximum, so +, − and × are exact for
 * any number of digits a document can print (division is only ever by a
 * power of ten, which terminates). Import Decimal from here, never from
 * 'decimal.js', when computing with money.
 */
import DecimalJs from 'decimal.js';

/** decimal.js with a precision no printed amount reaches: sums and differences are exact. */
export const Decimal = DecimalJs.clone({ precision: 1e9, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = DecimalJs;

/**
 * decimal.js for ratios (shares, growth rates, logarithms): a quotient that
 * does not terminate would run to `Decimal`'s billion digits, so ratios are
 * computed at 40 significant digits, far beyond any printed percentage.
 */
const RatioDecimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });

/** a ÷ b × 100, at ratio precision. */
export function percentOf(a: DecimalJs, b: DecimalJs.Value): DecimalJs {
  return new RatioDecimal(a).div(b).times(100);
}

/** log10(a) at ratio precision. */
export function log10(a: DecimalJs): DecimalJs {
  return new RatioDecimal(a).log(10);
}

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
  return m.big ?? scaledDecimal(m.units, m.scale);
}

/**
 * 10^−k for k ≤ 22 (where 10^k is exact as a number, so dividing by it is exact too):
 * multiplying by one is cheaper than dividing, and gives the same Decimal.
 */
const NEG_POW10: Decimal[] = Array.from({ length: 23 }, (_, k) => new Decimal(`1e-${k}`));

/** units / 10^scale as a Decimal (units a safe integer), exactly. */
export function scaledDecimal(units: number, scale: number): Decimal {
  const f = NEG_POW10[scale];
  return f ? new Decimal(units).times(f) : new Decimal(units).div(10 ** scale);
}

/** Rescale to `scale` decimals; undefined when not exact in safe integers. */
function rescale(m: Money, scale: number): number | undefined {
  if (m.big) return undefined;
  const u = m.units * (POW10[scale - m.scale] ?? 10 ** (scale - m.scale));
  return Number.isSafeInteger(u) ? u : undefined;
}

/** The value times 10^scale as a BigInt (scale ≥ the value's own scale). */
function scaledBig(m: Money, scale: number): bigint {
  if (!m.big) return BigInt(m.units) * 10n ** BigInt(scale - m.scale);
  // a decimal's digits, shifted to `scale` places: exact, whatever its length
  const s = m.big.toFixed(scale);
  const neg = s.startsWith('-');
  const digits = (neg ? s.slice(1) : s).replace('.', '');
  const v = BigInt(digits);
  return neg ? -v : v;
}

/** A scaled BigInt back to a Decimal (the constructor never rounds). */
function fromScaledBig(v: bigint, scale: number): Decimal {
  if (scale === 0) return new Decimal(v.toString());
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (s.length <= scale) s = '0'.repeat(scale - s.length + 1) + s;
  return new Decimal(`${neg ? '-' : ''}${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`);
}

/** total − Σ parts, exactly, for any number of digits. */
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
  if (acc !== undefined) return scaledDecimal(acc, scale);
  let big = scaledBig(total, scale);
  for (const p of parts) big -= scaledBig(p, scale);
  return fromScaledBig(big, scale);
}

/** Format exactly, with at least `decimals` places (1564.2 → "1564.20"). */
export function formatDecimal(d: Decimal, decimals: number): string {
  // nothing is ever rounded (at least the value's own places are asked for), so the plain
  // string padded with zeros is toFixed's, without the rounded copy toFixed makes
  const s = d.isFinite() ? d.toString() : '';
  if (s === '' || s.includes('e')) return d.toFixed(Math.max(decimals, d.decimalPlaces()));
  const dot = s.indexOf('.');
  const places = dot < 0 ? 0 : s.length - dot - 1;
  return places >= decimals ? s : (dot < 0 ? `${s}.` : s) + '0'.repeat(decimals - places);
}

/**
 * formatDecimal(scaledDecimal(units, scale), decimals) without the Decimal: `units` (a safe
 * integer) / 10^scale written exactly, its trailing zeros dropped, then padded to `decimals` places.
 */
export function formatScaled(units: number, scale: number, decimals: number): string {
  let digits = String(Math.abs(units));
  let places = units === 0 ? 0 : scale;
  // a Decimal keeps no trailing zero after the point
  while (places > 0 && digits.charCodeAt(digits.length - 1) === 48 /* 0 */) {
    digits = digits.slice(0, -1);
    places--;
  }
  if (units === 0) digits = '0';
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).padEnd(decimals, '0');
  return (units < 0 ? '-' : '') + int + (frac === '' ? '' : '.' + frac);
}
