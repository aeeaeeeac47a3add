import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labelKey, isAsciiDigit } from '../server/src/service/syntax/text';
import { NextChar, splitLines } from '../server/src/service/syntax/lines';

describe('labelKey', () => {
  it('returns a label that is already a key unchanged', () => {
    assert.equal(labelKey('一般公共服务支出'), '一般公共服务支出');
    assert.equal(labelKey('x一般公共服务支出y', 1, 9), '一般公共服务支出');
  });
  it('drops spaces of every width, emphasis, quotes and HTML tags; folds full-width characters', () => {
    assert.equal(labelKey('  201   一般公共\u3000服务支出\t '), '201一般公共服务支出');
    assert.equal(labelKey('**“三公”经费**'), '三公经费');
    assert.equal(labelKey('<b>合计</b> <ol style="x">项目'), '合计项目');
    assert.equal(labelKey('ＡＢ１２（一）'), 'AB12(一)');
    assert.equal(labelKey('【单位名称】'), '[单位名称]');
    assert.equal(labelKey('a < b'), 'ab');
  });
  it('keys a slice and keeps only the first characters when limited', () => {
    const s = '前缀  收入  决算表  后缀';
    assert.equal(labelKey(s, 4, 13), '收入决算表');
    assert.equal(labelKey(s, 4, 13, 3), '收入决');
    assert.equal(labelKey('  收 入 合 计', 0, 11, 2), '收入');
  });
  it('keys a long line (longer than its scratch buffer) exactly', () => {
    const long = ' 甲'.repeat(3000);
    const key = labelKey(long);
    assert.equal(key.length, 2048); // the first 4096 characters are read
    assert.equal(key, '甲'.repeat(2048));
  });
});

describe('isAsciiDigit', () => {
  it('is true for 0–9 only (not full-width digits, not the characters around them)', () => {
    assert.deepEqual([...'0189'].map((c) => isAsciiDigit(c.charCodeAt(0))), [true, true, true, true]);
    assert.deepEqual([...'/:０９a'].map((c) => isAsciiDigit(c.charCodeAt(0))), [false, false, false, false, false]);
  });
});

describe('NextChar', () => {
  it('finds the next occurrence at or after any position, forward and stepping back', () => {
    const text = 'a.b\tc..d\te';
    const dot = new NextChar(text, '.');
    assert.equal(dot.after(0), 1);
    assert.equal(dot.after(1), 1);
    assert.equal(dot.after(2), 5);
    assert.equal(dot.after(6), 6);
    assert.equal(dot.after(7), text.length);
    // stepping back searches again
    assert.equal(dot.after(0), 1);
    assert.equal(dot.within(2, 5), false);
    assert.equal(dot.within(2, 6), true);
    const tab = new NextChar(text, '\t');
    assert.equal(tab.within(0, 3), false);
    assert.equal(tab.within(0, 4), true);
    assert.equal(tab.after(9), text.length);
  });
  it('finds the next of several characters, regex metacharacters among them', () => {
    const text = '甲。乙，丙\\丁]戊^己-';
    const any = new NextChar(text, '。，；');
    assert.equal(any.after(0), 1);
    assert.equal(any.after(2), 3);
    assert.equal(any.after(4), text.length);
    assert.equal(any.within(0, 1), false);
    assert.equal(any.within(0, 2), true);
    const meta = new NextChar(text, '\\]^-');
    assert.deepEqual([meta.after(0), meta.after(6), meta.after(8), meta.after(10)], [5, 7, 9, 11]);
  });
  it('keeps searches of the same characters in different texts apart (they share one compiled class)', () => {
    const one = new NextChar('甲。乙。丙', '。，；');
    const two = new NextChar('，，x；', '。，；');
    assert.deepEqual([one.after(0), two.after(0), one.after(2), two.after(2), one.after(4), two.after(4)], [1, 0, 3, 3, 5, 4]);
  });
});

describe('splitLines', () => {
  const spans = (text: string) => {
    const lines = splitLines(text);
    return Array.from({ length: lines.length }, (_, i) => text.slice(lines.start(i), lines.end(i)));
  };
  it('splits at every line break, keeping the empty last line', () => {
    assert.deepEqual(spans(''), ['']);
    assert.deepEqual(spans('甲\n\n乙\n'), ['甲', '', '乙', '']);
    assert.deepEqual(spans('甲\r\n乙\r丙\n丁'), ['甲', '乙', '丙', '丁']);
  });
  it('grows past its first guess on a text of very short lines', () => {
    const text = '1\n'.repeat(5000) + '末';
    const got = spans(text);
    assert.equal(got.length, 5001);
    assert.ok(got.slice(0, 5000).every((l) => l === '1'));
    assert.equal(got[5000], '末');
  });
});
