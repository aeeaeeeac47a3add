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
  // the key is written into a shared buffer and made into one flat string at
  // the end (concatenated slices would make a rope every caller flattens again)
  const max = Math.min(limit, to - from);
  if (keyBuffer.length < max) keyBuffer = new Uint16Array(Math.max(max, 2 * keyBuffer.length));
  const buf = keyBuffer;
  let n = 0;
  for (let i = from; i < i0 && n < max; i++) buf[n++] = s.charCodeAt(i);
  for (let i = i0; i < to && n < max; i++) {
    let c = s.charCodeAt(i);
    if (!changes(c)) {
      buf[n++] = c;
      continue;
    }
    if (c === 60 /* < */) {
      // an HTML tag like <b>, </u>, <ol style=…>: skip it
      const next = s.charCodeAt(i + 1);
      if ((next >= 97 && next <= 122) || (next >= 65 && next <= 90) || next === 47) {
        let close = i + 2;
        while (close < to && s.charCodeAt(close) !== 62) close++;
        if (close < to) {
          i = close;
          continue;
        }
      }
      continue; // a lone < is dropped too
    }
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    switch (c) {
      case 32: case 9: case 10: case 13: case 0x3000: case 0xa0: case 0xfeff:
      case 42 /* * */: case 35 /* # */: case 34: case 39: case 96: case 62:
      case 0x201c: case 0x201d: case 0x2018: case 0x2019:
        continue;
      case 0x3010: // 【
        c = 91;
        break;
      case 0x3011: // 】
        c = 93;
        break;
    }
    buf[n++] = c;
  }
  return String.fromCharCode.apply(null, buf.subarray(0, n) as unknown as number[]);
}

/** Scratch space of labelKey (keys are at most KEY_INPUT_MAX characters). */
let keyBuffer = new Uint16Array(256);

/** Chinese ordinal numbers 一 … 九十九 */
export const CN_NUM = '[一二三四五六七八九十]{1,3}';

/** "一、", "（一）", "(一)", "1.", "1、" prefixes of items and headings */
export const ORDINAL_CN_RE = new RegExp(`^(?:其中[:：])?${CN_NUM}[、.．]`);
export const ORDINAL_PAREN_RE = new RegExp(`^(?:其中[:：])?[（(]${CN_NUM}[)）]`);
export const ORDINAL_ARABIC_RE = /^(?:其中[:：])?\d{1,2}\s*[.．、](?!\d)/;

