/**
 * Amount parsing. Amounts are kept exact: a scaled integer (`units` at
 * `decimals` places) while it is safely representable, else a decimal string
 * handled by decimal.js. No binary floating point arithmetic on money.
 */

export interface ParsedNumber {
  /** normalised decimal text, e.g. "-1564.22" */
  text: string;
  decimals: number;
  malformed: boolean;
}

const EMPTY_RE = /^(?:-{1,2}|—{1,2}|－|―)?$/;
// strict: 1564.22  1,564.22  120  -3.5
const STRICT_RE = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
// OCR damage: spaces around separators (492. 42, 36, 202. 77, 20, 100. 00)
const LOOSE_RE = /^-?\d{1,3}(?:\s*,\s*\d{3})*(?:\s*\.\s*\d+)?$|^-?\d+\s*\.\s*\d+$/;

/** Full-width digits and separators → ASCII; returns the input when nothing changes. */
function foldDigits(s: string): string {
  if (!/[\uff10-\uff19\uff0c\uff0e\uff0d，]/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xfee0);
    else if (ch === '，' || ch === '\uff0c') out += ',';
    else if (ch === '\uff0e') out += '.';
    else if (ch === '\uff0d') out += '-';
    else out += ch;
  }
  return out;
}

export function isEmptyAmount(raw: string): boolean {
  return EMPTY_RE.test(raw.trim());
}

/**
 * Parse one cell as a number. Returns null when the text is not a number.
 * Empty cells are handled by isEmptyAmount, not here.
 */
export function parseNumber(raw: string): ParsedNumber | null {
  const s = foldDigits(raw.trim());
  if (s.length === 0 || s.length > 40) return null;
  const c0 = s.charCodeAt(0);
  if (!((c0 >= 48 && c0 <= 57) || c0 === 45)) return null;
  let malformed = false;
  let body = s;
  if (!STRICT_RE.test(s)) {
    if (!LOOSE_RE.test(s)) return null;
    malformed = true;
    body = s.replace(/\s+/g, '');
  }
  const plain = body.indexOf(',') >= 0 ? body.replace(/,/g, '') : body;
  const dot = plain.indexOf('.');
  const decimals = dot < 0 ? 0 : plain.length - dot - 1;
  return { text: plain, decimals, malformed };
}

/** A classification code: 3, 5 or 7 digits, optionally in brackets. */
export const CODE_RE = /^\[?\s*(\d{3}|\d{5}|\d{7})\s*\]?$/;
