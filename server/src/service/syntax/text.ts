/** Character-level helpers shared by the parser. Pure, allocation-light. */

/** The longest stretch of text a key is made from (longer input is cut). */
const KEY_INPUT_MAX = 4096;

/** The characters that change under labelKey (dropped, folded or mapped): 1 at their code. */
const CHANGES = (() => {
  const table = new Uint8Array(0x10000);
  table.fill(1, 0xff01, 0xff5f);
  for (const c of [60, 32, 9, 10, 13, 0x3000, 0xa0, 0xfeff, 42, 35, 34, 39, 96, 62, 0x201c, 0x201d, 0x2018, 0x2019, 0x3010, 0x3011]) table[c] = 1;
  return table;
})();

/** Does this character change under labelKey (dropped, folded or mapped)? One table look-up. */
function changes(c: number): boolean {
  return CHANGES[c] === 1;
}

/**
 * A key for comparing labels and titles, in one pass: width folded;
 * whitespace, Markdown emphasis, quotes and HTML tags removed; brackets as
 * ASCII. `from`/`to` select a slice without allocating it first; `limit`
 * keeps only the key's first characters (the same as slicing the whole key).
 */
export function labelKey(s: string, from = 0, to = s.length, limit = KEY_INPUT_MAX): string {
  if (to - from > KEY_INPUT_MAX) return labelKey(s, from, from + KEY_INPUT_MAX, limit);
  // most labels are already keys: return them without building anything
  let i0 = from;
  while (i0 < to && !changes(s.charCodeAt(i0))) i0++;
  if (i0 === to) {
    if (to - from > limit) return s.slice(from, from + limit);
    return from === 0 && to === s.length ? s : s.slice(from, to);
  }
  // the rest in one pass: runs of characters that stay are sliced whole; the
  // others are dropped, folded, or skip an HTML tag (<b>, </u>, <ol …>; a lone < is dropped)
  let key = '';
  let run = from;
  for (; i0 < to; i0++) {
    const c = s.charCodeAt(i0);
    if (!changes(c)) continue;
    if (i0 > run) key += s.slice(run, i0);
    run = i0 + 1;
    if (c === 60 /* < */) {
      if (i0 + 1 < to && isTagStart(s.charCodeAt(i0 + 1))) {
        const close = s.indexOf('>', i0 + 2);
        if (close >= 0 && close < to) {
          i0 = close;
          run = close + 1;
        }
      }
    } else if (c >= 0xff01 && c <= 0xff5e) {
      // full-width ASCII folds, but for the full-width forms of the dropped * # " ' ` >
      if (c !== 0xff0a && c !== 0xff03 && c !== 0xff02 && c !== 0xff07 && c !== 0xff40 && c !== 0xff1e) key += String.fromCharCode(c - 0xfee0);
    } else if (c === 0x3010) key += '[';
    else if (c === 0x3011) key += ']';
    // the rest (whitespace, * # " ' ` >, curly quotes) is dropped
    if (key.length >= limit) break;
  }
  if (key.length < limit && to > run) key += s.slice(run, to);
  return key.length > limit ? key.slice(0, limit) : key;
}

/** An ASCII digit 0–9 (by character code). */
export function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A character that can follow < in an HTML tag: a letter or / */
function isTagStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47;
}

/** Chinese ordinal numbers 一 … 九十九 */
export const CN_NUM = '[一二三四五六七八九十]{1,3}';

/** "一、", "（一）", "(一)", "1.", "1、" prefixes of items and headings */
export const ORDINAL_CN_RE = new RegExp(`^(?:其中[:：])?${CN_NUM}[、.．]`);
export const ORDINAL_PAREN_RE = new RegExp(`^(?:其中[:：])?[（(]${CN_NUM}[)）]`);
export const ORDINAL_ARABIC_RE = /^(?:其中[:：])?\d{1,2}\s*[.．、](?!\d)/;

