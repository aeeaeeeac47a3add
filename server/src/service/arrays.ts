/**
 * Array helpers safe at any size. `out.push(...items)` and
 * `Math.max(...values)` pass every element as an argument on the stack and
 * throw RangeError beyond ~100,000 elements, which a document's rows or
 * figures can exceed; these loop instead.
 */

/** Append every item of `items` to `out` (in place); returns `out`. */
export function pushAll<T>(out: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) out.push(items[i]);
  return out;
}

/** Math.max(start, ...values) without the spread. */
export function maxOf(values: readonly number[], start = -Infinity): number {
  let m = start;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Math.min(start, ...values) without the spread. */
export function minOf(values: readonly number[], start = Infinity): number {
  let m = start;
  for (let i = 0; i < values.length; i++) if (values[i] < m) m = values[i];
  return m;
}
