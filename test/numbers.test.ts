import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumber, isEmptyAmount } from '../server/src/service/syntax/numbers';
import { toDecimal } from '../server/src/service/model/money';

const cases: Array<[string, string | null, boolean?]> = [
  ['1564.22', '1564.22'],
  ['1,564.22', '1564.22'],
  ['8,124.85', '8124.85'],
  ['44,972.11', '44972.11'],
  ['120', '120'],
  ['0.00', '0'],
  ['-3.50', '-3.5'],
  ['１２０.５０', '120.5'],
  ['１，５６４．２２', '1564.22'],
  ['492. 42', '492.42', true],
  ['36, 202. 77', '36202.77', true],
  ['1,555. 39', '1555.39', true],
  ['20, 100. 00', '20100', true],
  ['123456789012345678.99', '123456789012345678.99'],
  ['2024 年', null],
  ['4 - 1', null],
  ['1,56.22', null],
  ['12,34', null],
  ['0.000.000', null],
  ['5.', null],
  ['.5', null],
  ['合计', null],
  ['2010301 行政运行', null],
];

describe('numbers', () => {
  for (const [raw, value, malformed = false] of cases)
    it(`${JSON.stringify(raw)} → ${value ?? 'not a number'}`, () => {
      const n = parseNumber(raw);
      if (value === null) return assert.equal(n, null);
      assert.ok(n);
      assert.equal(toDecimal(n).toString(), value);
      assert.equal(n.malformed, malformed);
    });

  it('keeps the printed precision', () => {
    assert.equal(parseNumber('120')?.decimals, 0);
    assert.equal(parseNumber('1,564.2')?.decimals, 1);
  });

  it('blank and dashes are empty amounts', () => {
    for (const e of ['', '-', '—', '--', '－']) assert.ok(isEmptyAmount(e), e);
    assert.ok(!isEmptyAmount('0.00'));
  });
});
