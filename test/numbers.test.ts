import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumber, isEmptyAmount } from '../server/src/service/syntax/numbers';
import { Decimal, formatDecimal, formatScaled, scaledDecimal, toDecimal } from '../server/src/service/model/money';

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
  ['1,56.22', '156.22', true],
  ['1,2345.6', '12345.6', true],
  ['194.15.15', '194.15', true],
  ['1,194.15.15', '1194.15', true],
  ['2024.01.15', null],
  ['1.2.3', null],
  ['194.15.15.15', null],
  ['12,34', null],
  ['0.000.000', null],
  ['5.', null],
  ['.5', null],
  ['合计', null],
  ['2010301 行政运行', null],
];

describe('numbers', () => {
  it('a damaged amount is a malformed number in a table, never part of the name before it', async () => {
    const { analyze } = await import('./helpers');
    const { normaliseNumber } = await import('../server/src/service/features/numberStyle');
    const head = '2024年部门预算\n表5 一般公共预算支出情况表\n单位：万元\n';
    const tabbed = head + '科目编码\t科目名称\t金额\n合计\t\t194.15\n201\t一般公共服务支出\t194.15\n20103\t政府办公厅（室）及相关机构事务\t194.15\n2010301\t行政运行\t194.15.15\n';
    const spaced =
      head +
      [
        '科目编码  科目名称                            合计      基本支出    项目支出',
        '合计                                        184.15      184.15        0.00',
        '201       一般公共服务支出                  184.15      184.15        0.00',
        '20103     政府办公厅（室）及相关机构事务    184.15      184.15        0.00',
        '2010301   行政运行                         1,84.15      184.15        0.00',
      ].join('\n') +
      '\n';
    for (const [text, raw] of [[tabbed, '194.15.15'], [spaced, '1,84.15']]) {
      const { model, findings } = analyze(text);
      const row = model.tables[0].rows.find((r) => r.code?.code === '2010301')!;
      assert.equal(row.label, '行政运行', 'the damaged figure is not part of the name');
      assert.ok(row.cells.some((c) => c.raw === raw && c.amount?.malformed), raw);
      const f = findings.find((x) => x.code === 'number.malformed');
      assert.ok(f, raw);
      assert.equal(text.slice(f.span.start, f.span.end), raw);
    }
    assert.equal(normaliseNumber('1,2345.6'), '12,345.6');
    assert.equal(normaliseNumber('194.15.15'), '194.15.15', 'which figure was meant is not known: no fix');
  });

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

  it('formatDecimal: at least the places asked for, never rounded, as toFixed writes them', () => {
    const cases: Array<[string, number, string]> = [
      ['1564.2', 2, '1564.20'],
      ['1564.234', 2, '1564.234'],
      ['-0.5', 0, '-0.5'],
      ['-3', 2, '-3.00'],
      ['0', 1, '0.0'],
      ['-0', 2, '0.00'],
      ['0.00000001', 2, '0.00000001'],
      ['123456789012345678901234.5', 1, '123456789012345678901234.5'],
      ['1e21', 0, '1000000000000000000000'],
    ];
    for (const [v, places, expected] of cases) {
      const d = new Decimal(v);
      assert.equal(formatDecimal(d, places), expected, v);
      assert.equal(formatDecimal(d, places), d.toFixed(Math.max(places, d.decimalPlaces())), v);
    }
  });

  it('formatScaled is formatDecimal of scaledDecimal, without the Decimal', () => {
    const check = (units: number, scale: number, decimals: number) =>
      assert.equal(formatScaled(units, scale, decimals), formatDecimal(scaledDecimal(units, scale), decimals), `${units} ${scale} ${decimals}`);
    for (const units of [0, -0, 1, -1, 10, -10, 100, 5, 50, 156422, -350, 120, 1000000, 9007199254740991, -9007199254740991, 123456789012340])
      for (let scale = 0; scale <= 12; scale++) for (let decimals = 0; decimals <= 6; decimals++) check(units, scale, decimals);
    // random safe integers, many with trailing zeros
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 3000; i++) {
      const units = Math.round((next() - 0.5) * 10 ** Math.floor(next() * 16)) * 10 ** Math.floor(next() * 3);
      if (Number.isSafeInteger(units)) check(units, Math.floor(next() * 10), Math.floor(next() * 5));
    }
  });

  it('scaledDecimal is units / 10^scale, the same Decimal as dividing', () => {
    for (const [units, scale] of [[0, 0], [-0, 2], [156422, 2], [-350, 2], [120, 0], [1, 8], [9007199254740991, 8], [123, 22], [5, 30]] as const) {
      const d = scaledDecimal(units, scale);
      const expected = new Decimal(units).div(10 ** scale);
      assert.ok(d.eq(expected), `${units} ${scale}`);
      assert.equal(d.toString(), expected.toString());
      assert.equal(d.decimalPlaces(), expected.decimalPlaces());
    }
  });
});
