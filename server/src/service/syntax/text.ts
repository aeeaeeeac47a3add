/** Character-level helpers shared by the parser. Pure, allocation-light. */

/** Fold full-width ASCII variants (！-～) and the ideographic space to half width. */
export function foldWidth(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000) {
      out += ' ';
      changed = true;
    } else {
      out += s[i];
    }
  }
  return changed ? out : s;
}

const STRIP_RE = /[\s\u3000*#"“”'‘’`<>]|<\/?[a-z]+[^>]*>/g;

/**
 * A key for comparing labels and titles: width folded, whitespace, Markdown
 * emphasis, quotes and HTML tags removed, brackets unified to ( ).
 */
export function labelKey(s: string): string {
  return foldWidth(s.replace(/<\/?[a-zA-Z][^>]*>/g, ''))
    .replace(STRIP_RE, '')
    .replace(/[［\[]/g, '[')
    .replace(/[］\]]/g, ']');
}

/** Chinese ordinal numbers 一 … 九十九 */
export const CN_NUM = '[一二三四五六七八九十]{1,3}';

/** "一、", "（一）", "(一)", "1.", "1、" prefixes of items and headings */
export const ORDINAL_CN_RE = new RegExp(`^(?:其中[:：])?${CN_NUM}[、.．]`);
export const ORDINAL_PAREN_RE = new RegExp(`^(?:其中[:：])?[（(]${CN_NUM}[)）]`);
export const ORDINAL_ARABIC_RE = /^(?:其中[:：])?\d{1,2}\s*[.．、](?!\d)/;

export function isBlank(s: string): boolean {
  return /^[\s\u3000]*$/.test(s);
}
