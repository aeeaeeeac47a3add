/** The status bar item's text: errors and warnings, in budget.locale's language, green only when there is nothing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statusLocale, statusView } from '../client/src/status';

describe('status bar', () => {
  it('counts errors and warnings; a warning alone is not a green check', () => {
    assert.deepEqual(statusView(0, 254, 'zh-CN'), {
      text: '$(error) 0 $(warning) 254 预算',
      tooltip: '本预算文档有 0 个错误、254 个警告。点击打开“问题”面板。',
      background: 'warning',
      color: null,
    });
    const both = statusView(2, 3, 'en');
    assert.equal(both.text, '$(error) 2 $(warning) 3 Budget');
    assert.equal(both.background, 'error');
    assert.equal(statusView(1, 1, 'en').tooltip, '1 error, 1 warning in this budget document. Click to open the Problems view.');
  });

  it('green only when there is nothing', () => {
    assert.deepEqual(statusView(0, 0, 'en'), { text: '$(check) Budget: no problems', tooltip: 'No errors or warnings in this budget document.', background: null, color: 'passed' });
    assert.equal(statusView(0, 0, 'zh-CN').text, '$(check) 预算：无问题');
  });

  it('follows budget.locale, else the editor’s language', () => {
    assert.equal(statusLocale('en', 'zh-cn'), 'en');
    assert.equal(statusLocale('zh-CN', 'en'), 'zh-CN');
    assert.equal(statusLocale('auto', 'zh-tw'), 'zh-CN');
    assert.equal(statusLocale('auto', 'fr'), 'en');
    assert.equal(statusLocale(undefined, 'en'), 'en');
  });
});
