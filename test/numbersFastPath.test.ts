import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type Decimal from 'decimal.js';
import { NOT_A_NUMBER, parseGeneralAt, readNumberAt, readPlainFigureAt, type NumberSink } from '../server/src/service/syntax/numbers';

/** Records what a reader wrote, as one comparable string (-0 kept apart from 0). */
class Recorder implements NumberSink {
  written: string | null = null;
  setNumber(units: number, scale: number, decimals: number, malformed: boolean, big: Decimal | undefined): void {
    this.written = `${Object.is(units, -0) ? '-0' : units} ${scale} ${decimals} ${malformed} ${big?.toString() ?? '-'}`;
  }
}

/** The plain digits readNumberAt reports for a number: its length when ASCII digits only, else 0. */
function plainDigitsOf(s: string): number {
  return /^[0-9]+$/.test(s) ? s.length : 0;
}

/**
 * The fast path must write exactly what the general reader writes whenever
 * it reads a cell, and leave the rest to it untouched; readNumberAt as a
 * whole must agree with the general reader on every cell.
 */
function check(s: string): boolean {
  const general = new Recorder();
  const read = parseGeneralAt(s, 0, s.length, general);
  const fast = new Recorder();
  const plain = readPlainFigureAt(s, 0, s.length, fast);
  if (plain === NOT_A_NUMBER) assert.equal(fast.written, null, s);
  else {
    assert.ok(read, `fast path read what the general reader does not: ${JSON.stringify(s)}`);
    assert.equal(fast.written, general.written, JSON.stringify(s));
    assert.equal(plain, plainDigitsOf(s), JSON.stringify(s));
  }
  const whole = new Recorder();
  const digits = readNumberAt(s, 0, s.length, whole);
  assert.equal(digits !== NOT_A_NUMBER, read, JSON.stringify(s));
  assert.equal(whole.written, general.written, JSON.stringify(s));
  if (read) assert.equal(digits, plainDigitsOf(s), JSON.stringify(s));
  return plain !== NOT_A_NUMBER;
}

describe('numbers: the fast path for plain figures', () => {
  it('reads the common figures itself', () => {
    for (const s of ['0', '7', '1234', '1,234', '1,234.56', '0.00', '-12.5', '-0.00', '123,456,789.01', '999999999999999', '000123', '1.5'])
      assert.ok(check(s), s);
  });

  it('leaves the rest to the general reader', () => {
    const rest = [
      '', '-', '1,23', '12,34', '1234,567', ',123', '1,,234', '1,234,', '1.', '1..2', '1.2.3', '194.15.15', '1,2345.6', '.5', '1,23.4',
      '1234567890123456', '12345678901234567890.5', '9007199254740993', '１２０', '１,２３４', '１２.５', '－5', '−5', '△5.00', '- 1.00',
      '(5.00)', '（1,234.00）', '492. 42', '36, 202. 77', '+5', '1e5', '1 234', '12a', '-.5', '--5', '2024.01.15', '1,234.5,6',
    ];
    for (const s of rest) assert.ok(!check(s), s);
  });

  it('agrees with the general reader on every string of up to 6 characters from a small alphabet', () => {
    // digits (with a zero for leading zeros), both separators, a sign, a space, a full-width digit and a letter
    const alphabet = ['0', '1', '9', ',', '.', '-', ' ', '５', 'a'];
    const build = (prefix: string, left: number): void => {
      check(prefix);
      if (left === 0) return;
      for (const c of alphabet) build(prefix + c, left - 1);
    };
    build('', 6);
  });

  it('agrees with the general reader on random figures, long digit runs and damaged groupings', () => {
    let seed = 20261206;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const digits = (n: number) => {
      let s = '';
      for (let k = 0; k < n; k++) s += String.fromCharCode(48 + Math.floor(next() * 10));
      return s;
    };
    // a figure of well-formed or damaged groups, then decimals, with the odd stray character
    const figure = (): string => {
      let s = next() < 0.3 ? '-' : '';
      s += digits(1 + Math.floor(next() * (next() < 0.2 ? 25 : 4)));
      const groups = Math.floor(next() * (next() < 0.8 ? 3 : 7));
      for (let g = 0; g < groups; g++) s += (next() < 0.9 ? ',' : pick(['，', ', '])) + digits(next() < 0.9 ? 3 : Math.floor(next() * 5));
      if (next() < 0.6) s += (next() < 0.9 ? '.' : pick(['．', '. '])) + digits(Math.floor(next() * (next() < 0.1 ? 20 : 4)));
      if (next() < 0.05) s += pick(['.', ',', '.15', '5']);
      if (next() < 0.1) {
        const at = Math.floor(next() * (s.length + 1));
        s = s.slice(0, at) + pick(['０', '９', ' ', '-', '.', ',', '+', 'e', '(']) + s.slice(at);
      }
      return s;
    };
    let fast = 0;
    const n = 300_000;
    for (let k = 0; k < n; k++) if (check(figure())) fast++;
    // the generator is meant to exercise both paths
    assert.ok(fast > n / 4 && fast < n, `${fast} of ${n} read by the fast path`);
  });

  it('reads a cell inside a longer text in place', () => {
    const text = 'x 1,234.56 y';
    const a = new Recorder();
    const b = new Recorder();
    assert.equal(readPlainFigureAt(text, 2, 10, a), 0);
    assert.ok(parseGeneralAt(text, 2, 10, b));
    assert.equal(a.written, b.written);
    assert.equal(readNumberAt(text, 2, 6, new Recorder()), NOT_A_NUMBER); // '1,23' is no number
    assert.equal(readNumberAt('a 2024 b', 2, 6, new Recorder()), 4);
  });
});
