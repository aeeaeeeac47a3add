/** String helpers for process-wide caches. */

/**
 * A copy of `s` that keeps nothing else alive: a slice or a concatenation of
 * 13 or more characters can point into the string it came from (a whole
 * document), so a key kept in a process-wide cache is copied first. Shorter
 * strings are copies already.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : s.split('').join('');
}
