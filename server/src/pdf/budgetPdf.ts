/**
 * Is a PDF a budget (部门预算 / 部门决算)? Decided cheaply, to offer "Open PDF as budget text" when
 * one is opened: by its file name first, else by the text of its first page (the cover).
 */

/** 预算 / 决算 in the name, or their pinyin or English words (putuo-sifaju-2026-yusuan.pdf). */
const NAME_RE = /预算|决算|yusuan|juesuan|budget|final[-_ ]?accounts?/i;
/** the cover of a budget or final accounts: 部门预算, 2024年度部门决算, 单位预算 … */
const COVER_RE = /[预决]\s*算/;

export function isBudgetPdfName(name: string): boolean {
  return NAME_RE.test(name);
}

export function isBudgetCover(firstPageText: string): boolean {
  return COVER_RE.test(firstPageText);
}
