/** Helpers of the mutation tests: changing one printed amount in its own style. */

/**
 * The printed value plus `delta` hundredths, in the cell's own style
 * (separators, decimals); a whole number (whole 元) changes by `delta` units.
 */
export function bump(raw: string, delta: number): string {
  const clean = raw.replace(/[\s,]/g, '');
  const neg = clean.startsWith('-');
  const [int, frac = ''] = clean.replace('-', '').split('.');
  const whole = !clean.includes('.');
  const decimals = whole ? 0 : Math.max(frac.length, 2);
  const step = whole ? 1n : 10n ** BigInt(decimals - 2);
  const scaled = BigInt(int + frac.padEnd(decimals, '0')) * (neg ? -1n : 1n) + BigInt(delta) * step;
  const abs = (scaled < 0n ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  let intPart = abs.slice(0, abs.length - decimals);
  if (raw.includes(',')) intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${scaled < 0n ? '-' : ''}${intPart}${decimals > 0 ? '.' + abs.slice(abs.length - decimals) : ''}`;
}

