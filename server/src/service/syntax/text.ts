/** Character-level helpers shared by the parser. Pure, allocation-light. */

/** The longest stretch of text a key is made from (longer input is cut). */
const KEY_INPUT_MAX = 4096;

/** Does this character change under labelKey (dropped, folded or mapped)? */
function changes(c: number): boolean {
  if (c >= 0xff01 && c <= 0xff5e) return true;
  switch (c) {
    case 60: case 32: case 9: case 10: case 13: case 0x3000: case 0xa0: case 0xfeff:
    case 42: case 35: case 34: case 39: case 96: case 62:
    case 0x201c: case 0x201d: case 0x2018: case 0x2019: case 0x3010: case 0x3011:
      return true;
  }
  return false;
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
  // the rest by native replaces (faster than building the key character by character)
  let key = s.slice(from, to);
  if (key.indexOf('<') >= 0) key = key.replace(TAG_RE, '');
  key = key.replace(DROPPED_RE, '');
  if (MAPPED_RE.test(key)) key = key.replace(MAPPED_G, mapChar);
  return key.length > limit ? key.slice(0, limit) : key;
}

/** An HTML tag (<b>, </u>, <ol style=…>), or a lone < */
const TAG_RE = /<(?:[a-zA-Z/][^>]*>)?/g;
/** whitespace, Markdown emphasis, quotes, > — also in their full-width forms */
const DROPPED_RE = /[ \t\n\r\u3000\u00a0\ufeff*#"'`>\u201c\u201d\u2018\u2019\uff0a\uff03\uff02\uff07\uff40\uff1e]+/g;
/** full-width ASCII (folded) and 【】 (as []) */
const MAPPED_RE = /[\uff01-\uff5e\u3010\u3011]/;
const MAPPED_G = /[\uff01-\uff5e\u3010\u3011]/g;
const mapChar = (ch: string): string => {
  const c = ch.charCodeAt(0);
  return c === 0x3010 ? '[' : c === 0x3011 ? ']' : String.fromCharCode(c - 0xfee0);
};

/** Chinese ordinal numbers 一 … 九十九 */
export const CN_NUM = '[一二三四五六七八九十]{1,3}';

/** "一、", "（一）", "(一)", "1.", "1、" prefixes of items and headings */
export const ORDINAL_CN_RE = new RegExp(`^(?:其中[:：])?${CN_NUM}[、.．]`);
export const ORDINAL_PAREN_RE = new RegExp(`^(?:其中[:：])?[（(]${CN_NUM}[)）]`);
export const ORDINAL_ARABIC_RE = /^(?:其中[:：])?\d{1,2}\s*[.．、](?!\d)/;

