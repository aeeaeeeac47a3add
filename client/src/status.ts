/**
 * What the status bar item says about the active budget document: its
 * errors and warnings, in the language `budget.locale` asks for (the editor's
 * when `auto`), green only when there is nothing. Pure: no vscode in here,
 * so it is tested under node.
 */
export type StatusLocale = 'zh-CN' | 'en';

export interface StatusView {
  text: string;
  tooltip: string;
  /** the item's background: a theme's error or warning background, or none */
  background: 'error' | 'warning' | null;
  /** the item's foreground: green (a passed test's colour) only when there is nothing */
  color: 'passed' | null;
}

/** `budget.locale` (auto | zh-CN | en) against the editor's display language. */
export function statusLocale(setting: unknown, displayLanguage: string): StatusLocale {
  if (setting === 'zh-CN' || setting === 'en') return setting;
  return displayLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const TEXT = {
  'zh-CN': {
    name: '部门预算问题',
    none: '预算：无问题',
    noneTip: '本预算文档没有错误或警告。',
    tip: (e: number, w: number) => `本预算文档有 ${e} 个错误、${w} 个警告。点击打开“问题”面板。`,
  },
  en: {
    name: 'Budget problems',
    none: 'Budget: no problems',
    noneTip: 'No errors or warnings in this budget document.',
    tip: (e: number, w: number) => `${e} ${e === 1 ? 'error' : 'errors'}, ${w} ${w === 1 ? 'warning' : 'warnings'} in this budget document. Click to open the Problems view.`,
  },
} as const;

export function statusName(locale: StatusLocale): string {
  return TEXT[locale].name;
}

export function statusView(errors: number, warnings: number, locale: StatusLocale): StatusView {
  const t = TEXT[locale];
  if (errors === 0 && warnings === 0) return { text: `$(check) ${t.none}`, tooltip: t.noneTip, background: null, color: 'passed' };
  const label = locale === 'zh-CN' ? '预算' : 'Budget';
  return {
    text: `$(error) ${errors} $(warning) ${warnings} ${label}`,
    tooltip: t.tip(errors, warnings),
    background: errors > 0 ? 'error' : 'warning',
    color: null,
  };
}
