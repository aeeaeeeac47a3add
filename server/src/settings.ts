/**
 * The `budget.*` settings as the server uses them. Whatever the client
 * sends is validated: a wrong value falls back to its default, never throws.
 */
import type { Locale, Severity } from './service';
import { isRuleId, isRuleLevel, type RuleLevels } from './service/analysis/quiet';

export interface Settings {
  detect: boolean;
  rounding: { severity: Severity | 'off'; tolerance: 'auto' | number };
  inlayHints: { enabled: boolean };
  codeLens: { enabled: boolean };
  locale: 'auto' | Locale;
  /** the classification catalogue's edition: 'auto' = the document's year */
  catalog: { year: 'auto' | number };
  /** per-rule levels (`budget.rules`): rule id → off | hint | information | warning | error */
  rules: RuleLevels;
  /** the outline: 款 rows under their 类 (`budget.outline.divisions`) */
  outline: { divisions: boolean };
}

export function defaultSettings(): Settings {
  return {
    detect: true,
    rounding: { severity: 'hint', tolerance: 'auto' },
    inlayHints: { enabled: true },
    codeLens: { enabled: true },
    locale: 'auto',
    catalog: { year: 'auto' },
    rules: {},
    outline: { divisions: false },
  };
}

const SEVERITIES = new Set(['off', 'hint', 'information', 'warning']);

/** `budget.rules`: known rule ids with a known level; anything else is left out. */
export function readRules(raw: unknown): RuleLevels {
  const out: RuleLevels = {};
  for (const [id, level] of Object.entries(record(raw))) if (isRuleId(id) && isRuleLevel(level)) out[id] = level;
  return out;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** Settings from the `budget` section, as VS Code sends it (nested objects, or dotted keys). */
export function readSettings(raw: unknown): Settings {
  const s = defaultSettings();
  const r = record(raw);
  const get = (path: string): unknown => {
    if (path in r) return r[path];
    let v: unknown = r;
    for (const k of path.split('.')) v = record(v)[k];
    return v;
  };
  const detect = get('detect');
  if (typeof detect === 'boolean') s.detect = detect;
  const severity = get('rounding.severity');
  if (typeof severity === 'string' && SEVERITIES.has(severity)) s.rounding.severity = severity as Severity | 'off';
  const tolerance = get('rounding.tolerance');
  if (typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance >= 0) s.rounding.tolerance = tolerance;
  else if (typeof tolerance === 'string' && tolerance.trim() !== '' && tolerance.trim() !== 'auto') {
    const n = Number(tolerance);
    if (Number.isFinite(n) && n >= 0) s.rounding.tolerance = n;
  }
  const inlay = get('inlayHints.enabled');
  if (typeof inlay === 'boolean') s.inlayHints.enabled = inlay;
  const lens = get('codeLens.enabled');
  if (typeof lens === 'boolean') s.codeLens.enabled = lens;
  const locale = get('locale');
  if (locale === 'zh-CN' || locale === 'en' || locale === 'auto') s.locale = locale;
  const year = get('catalog.year');
  const y = typeof year === 'number' ? year : typeof year === 'string' && /^\s*\d{4}\s*$/.test(year) ? Number(year) : NaN;
  if (Number.isInteger(y) && y >= 1990 && y <= 2100) s.catalog.year = y;
  s.rules = readRules(get('rules'));
  const divisions = get('outline.divisions');
  if (typeof divisions === 'boolean') s.outline.divisions = divisions;
  return s;
}
