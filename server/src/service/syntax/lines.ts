/** Lines and cells: the lowest layer of the parser. Never throws. */
import type Decimal from 'decimal.js';
import type { LineInfo, LineTable } from '../model/types';
import type { CellStore } from '../model/store';
import { isAsciiDigit } from './text';
import { parseNumberAt, isEmptyAmountAt, isSignedFigureAt, maybeNumberStart, type NumberSink } from './numbers';

class Lines implements LineTable {
  constructor(
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    readonly length: number,
  ) {}
  start(line: number): number {
    return this.starts[line];
  }
  end(line: number): number {
    return this.ends[line];
  }
  at(line: number): LineInfo {
    return { start: this.starts[line], end: this.ends[line] };
  }
}

/** A copy of `a` with room for `cap` entries. */
function grown(a: Uint32Array, cap: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}

export function splitLines(text: string): LineTable {
  const n = text.length;
  if (text.indexOf('\r') < 0) {
    // the common case: '\n' only, found by the engine's native search in one
    // pass; the arrays start at a guess (a line every 32 characters) and double
    let cap = 64 + (n >> 5);
    let starts: Uint32Array = new Uint32Array(cap);
    let ends: Uint32Array = new Uint32Array(cap);
    let k = 0;
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (k + 1 === cap) {
        cap *= 2;
        starts = grown(starts, cap);
        ends = grown(ends, cap);
      }
      starts[k] = start;
      ends[k++] = i;
      start = i + 1;
    }
    starts[k] = start;
    ends[k] = n;
    // exact-size copies: the model keeps them as long as the document is open
    return new Lines(starts.slice(0, k + 1), ends.slice(0, k + 1), k + 1);
  }
  // '\r\n', lone '\r' and '\n', mixed
  let count = 1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  let k = 0;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      starts[k] = start;
      ends[k++] = i;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  starts[k] = start;
  ends[k] = n;
  return new Lines(starts, ends, count);
}

/**
 * Short cell texts repeat endlessly (合计, codes, 0.00): keep one copy each.
 * Bounded, so a hostile input cannot grow it without limit.
 */
const INTERNED = new Map<string, string>();
function intern(s: string): string {
  if (s.length > 8) return s;
  const known = INTERNED.get(s);
  if (known !== undefined) return known;
  if (INTERNED.size < 20000) INTERNED.set(s, s);
  return s;
}

/** The spaces a cell is trimmed of (ASCII and ideographic). */
function isSpace(c: number): boolean {
  return c === 32 || c === 0x3000 || c === 9 || c === 0xa0;
}

// LineCells kinds
const TEXT = 0;
const NUMBER = 1;
/** an empty amount cell: '', '-', '—' … (read as zero) */
const EMPTY = 2;

// LineCells.infos of a number: scale | decimals | malformed
const FIELD_BITS = 6;
const FIELD_MASK = (1 << FIELD_BITS) - 1;
const MALFORMED = 1 << (2 * FIELD_BITS);

/**
 * The cells of table lines as the splitters find them, by index: each
 * cell's trimmed span, its kind (text, number, empty amount cell) and a
 * number's value, in reusable typed arrays. Reading a table makes no object
 * and no string per cell: amount cells go from here to the document's
 * CellStore (toStore), and strings are made only for the few cells that
 * need one (labels and codes, text cells).
 */
export class LineCells implements NumberSink {
  /** number of cells held */
  length = 0;
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private kinds = new Uint8Array(256);
  private infos = new Int32Array(256);
  private units = new Float64Array(256);
  /** big values (beyond the safe-integer range) by index: rare */
  private bigs: Map<number, Decimal> | null = null;

  constructor(readonly text: string) {}

  /** Forget every cell (the arrays are kept for the next lines). */
  clear(): void {
    this.length = 0;
    this.bigs = null;
  }

  /**
   * Append the cells of the tab-separated line text[start, end), empty
   * cells included (they carry the column position), in place.
   */
  addTabCells(start: number, end: number): void {
    const text = this.text;
    let from = start;
    for (let i = start; i <= end; i++) {
      if (i === end || text.charCodeAt(i) === 9) {
        this.add(from, i);
        from = i + 1;
      }
    }
  }

  /**
   * Append the tokens of the space-separated line text[start, end), in
   * place. Ideographic spaces (indentation inside names) do not separate;
   * OCR-broken numbers (`492. 42`) are joined again.
   */
  addSpaceTokens(start: number, end: number): void {
    const text = this.text;
    let i = start;
    while (i < end) {
      let c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      const from = i;
      while (i < end && (c = text.charCodeAt(i)) !== 32 && c !== 9) i++;
      let to = i;
      // `- 1.00`: a sign, one space and a figure are one negative number
      if (to - from === 1 && isSignedFigureAt(text, from, end)) {
        i = to + 1;
        while (i < end && (c = text.charCodeAt(i)) !== 32 && c !== 9) i++;
        to = i;
      }
      // rejoin "492." + "42" and "36," + "202."…: spaces, then a digit and digits, commas, points
      while (isOpenNumber(text, from, to)) {
        let j = to;
        while (j < end && text.charCodeAt(j) === 32) j++;
        if (j === to || j >= end || !isAsciiDigit(text.charCodeAt(j))) break;
        while (j < end && (isAsciiDigit((c = text.charCodeAt(j))) || c === 44 || c === 46)) j++;
        to = j;
      }
      i = to;
      // a token of ideographic spaces only trims to nothing: not a token
      if (this.isBlank(this.add(from, to))) this.length--;
    }
  }

  /** Append the cell text[from, to), trimmed, read as a number, an empty amount cell or text; returns its index. */
  add(from: number, to: number): number {
    const text = this.text;
    let a = from;
    let b = to;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    const k = this.length;
    if (k === this.starts.length) this.grow();
    this.starts[k] = a;
    this.ends[k] = b;
    this.kinds[k] = TEXT;
    // only cells starting with a digit or a minus sign can be numbers (parseNumberAt calls setNumber for cell k)
    const c = a < b ? text.charCodeAt(a) : -1;
    const maybeNumber = maybeNumberStart(c);
    if (!(maybeNumber && parseNumberAt(text, a, b, this)) && b - a <= 2 && isEmptyAmountAt(text, a, b)) this.kinds[k] = EMPTY;
    this.length = k + 1;
    return k;
  }

  /** NumberSink: the number just read is the value of the cell being added. */
  setNumber(units: number, scale: number, decimals: number, malformed: boolean, big: Decimal | undefined): void {
    const k = this.length;
    this.kinds[k] = NUMBER;
    this.units[k] = units;
    this.infos[k] = (scale & FIELD_MASK) | ((decimals & FIELD_MASK) << FIELD_BITS) | (malformed ? MALFORMED : 0);
    if (big !== undefined) (this.bigs ??= new Map()).set(k, big);
    else this.bigs?.delete(k);
  }

  /** Append a copy of cell k; returns the copy's index. */
  copy(k: number): number {
    const i = this.length;
    if (i === this.starts.length) this.grow();
    this.starts[i] = this.starts[k];
    this.ends[i] = this.ends[k];
    this.kinds[i] = this.kinds[k];
    this.infos[i] = this.infos[k];
    this.units[i] = this.units[k];
    const big = this.bigs?.get(k);
    if (big !== undefined) this.bigs!.set(i, big);
    else this.bigs?.delete(i);
    this.length = i + 1;
    return i;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const kinds = new Uint8Array(n);
    const infos = new Int32Array(n);
    const units = new Float64Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    kinds.set(this.kinds);
    infos.set(this.infos);
    units.set(this.units);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
    this.infos = infos;
    this.units = units;
  }

  start(k: number): number {
    return this.starts[k];
  }
  end(k: number): number {
    return this.ends[k];
  }
  /** The cell's text (trimmed). */
  raw(k: number): string {
    return intern(this.text.slice(this.starts[k], this.ends[k]));
  }
  /** Nothing but spaces. */
  isBlank(k: number): boolean {
    return this.starts[k] === this.ends[k];
  }
  isNumber(k: number): boolean {
    return this.kinds[k] === NUMBER;
  }
  /** An empty amount cell ('', '-', '—' …), read as zero. */
  isEmpty(k: number): boolean {
    return this.kinds[k] === EMPTY;
  }
  /** Digits after the decimal point of a number. */
  decimals(k: number): number {
    return (this.infos[k] >> FIELD_BITS) & FIELD_MASK;
  }
  /** Is the cell exactly `n` ASCII digits (/^\d{n}$/)? */
  isDigits(k: number, n: number): boolean {
    const a = this.starts[k];
    if (this.ends[k] - a !== n) return false;
    for (let i = a; i < a + n; i++) if (!isAsciiDigit(this.text.charCodeAt(i))) return false;
    return true;
  }
  /** Is the cell a code alone: /^\[?\s*(\d{3}|\d{5}|\d{7})\s*\]?$/ (201, [20103])? */
  isCode(k: number): boolean {
    const text = this.text;
    const b = this.ends[k];
    let i = this.starts[k];
    if (i < b && text.charCodeAt(i) === 91 /* [ */) i++;
    while (i < b && isRegExpSpace(text.charCodeAt(i))) i++;
    const digits = i;
    while (i < b && isAsciiDigit(text.charCodeAt(i))) i++;
    const n = i - digits;
    if (n !== 3 && n !== 5 && n !== 7) return false;
    while (i < b && isRegExpSpace(text.charCodeAt(i))) i++;
    if (i < b && text.charCodeAt(i) === 93 /* ] */) i++;
    return i === b;
  }

  /**
   * Put amount cell k into the store at leaf `column`: a number, or (any
   * other cell) an empty amount cell.
   */
  toStore(k: number, store: CellStore, column: number): void {
    if (this.kinds[k] !== NUMBER) store.pushEmpty(this.starts[k], this.ends[k], column);
    else {
      const info = this.infos[k];
      store.pushNumber(
        this.starts[k],
        this.ends[k],
        column,
        this.units[k],
        info & FIELD_MASK,
        (info >> FIELD_BITS) & FIELD_MASK,
        (info & MALFORMED) !== 0,
        this.bigs?.get(k),
      );
    }
  }
}


/** Is text[from, to) a number broken after a separator (-?\d[\d,]*[.,])? */
function isOpenNumber(text: string, from: number, to: number): boolean {
  let k = from;
  if (text.charCodeAt(k) === 45) k++;
  if (k >= to - 1 || !isAsciiDigit(text.charCodeAt(k))) return false;
  const last = text.charCodeAt(to - 1);
  if (last !== 46 && last !== 44) return false;
  for (k++; k < to - 1; k++) {
    const c = text.charCodeAt(k);
    if (!isAsciiDigit(c) && c !== 44) return false;
  }
  return true;
}

/** A line that is only dashes or box drawing (table rules from converters). */
export function isRuleLine(s: string): boolean {
  return /^[\s\-—=_|+:·□\t]*$/.test(s) && /[-—=_]/.test(s);
}

/** isRuleLine for text[start, end), without copying the line unless it may be one. */
export function isRuleRange(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // most lines fail at once: their first character is neither a rule character nor a space
    if (!RULE_CHARS.has(c) && !isRegExpSpace(c)) return false;
  }
  return isRuleLine(text.slice(start, end));
}

const RULE_CHARS = new Set('-—=_|+:·□'.split('').map((c) => c.charCodeAt(0)));

/** The characters of the RegExp class \s (those String.prototype.trim removes). */
export function isRegExpSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** The compiled character classes of NextChar, one per set of characters: a scan makes several, every parse. */
const CLASSES = new Map<string, RegExp>();

/**
 * A global RegExp matching any of `chars`, compiled once per set. Sharing is
 * safe: every search sets lastIndex before it runs, and none is left half done.
 */
function characterClass(chars: string): RegExp {
  let re = CLASSES.get(chars);
  if (re === undefined) {
    re = new RegExp(`[${chars.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');
    if (CLASSES.size < 64) CLASSES.set(chars, re);
  }
  return re;
}

/**
 * Where the next occurrence of a character (or of any of a few characters) is,
 * for a scan that moves forward line by line: `after(pos)` is answered from the
 * last search while no occurrence can lie between, so a forward scan searches
 * the text about once per occurrence (native indexOf, or one compiled character
 * class for several characters), not once per line. Any position may be asked
 * (a scan that steps back searches again).
 */
export class NextChar {
  /** the last answer `at` holds for every position in [from, at] */
  private from = 1;
  private at = 0;
  /** several characters: a global character class, searched from lastIndex */
  private readonly anyOf: RegExp | null;
  constructor(
    private readonly text: string,
    /** one character, or several: any of them is looked for */
    private readonly chars: string,
  ) {
    this.anyOf = chars.length > 1 ? characterClass(chars) : null;
  }

  /** The first index ≥ pos holding the character (one of the characters), or the text's length. */
  after(pos: number): number {
    if (pos < this.from || pos > this.at) {
      let k: number;
      if (this.anyOf === null) k = this.text.indexOf(this.chars, pos);
      else {
        this.anyOf.lastIndex = pos;
        k = this.anyOf.exec(this.text)?.index ?? -1;
      }
      this.from = pos;
      this.at = k < 0 ? this.text.length : k;
    }
    return this.at;
  }

  /** Does text[start, end) hold the character (one of the characters)? */
  within(start: number, end: number): boolean {
    return this.after(start) < end;
  }
}
