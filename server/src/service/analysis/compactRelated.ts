/**
 * Related locations a reader can take in: no location equal to the finding's
 * own range (what it says is folded into the finding's message), no location
 * twice (their messages joined), and at most MAX_RELATED of them, the rest
 * summarised as one “… and N more” at the first left out. Applied once to the
 * findings of every check, whichever rule made them.
 */
import { formatMessage, type Locale } from '../diagnosticCodes';
import type { Finding, RelatedInfo } from './findings';

/** The most related locations a finding lists before summarising the rest. */
export const MAX_RELATED = 5;

/**
 * What `extra` adds to `message`: without the lead they share (up to a
 * closing 」 or a colon: “尾数误差：20103 …「支出总计」”), so the two read as one sentence.
 */
function addendum(message: string, extra: string): string {
  let n = 0;
  while (n < message.length && n < extra.length && message[n] === extra[n]) n++;
  const cut = Math.max(extra.lastIndexOf('」', n - 1), extra.lastIndexOf('：', n - 1), extra.lastIndexOf(': ', n - 1));
  return cut > 0 && cut + 1 < extra.length ? extra.slice(cut + 1).trimStart() : extra;
}

const sameSpan = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start === b.start && a.end === b.end;

function compactOne(f: Finding, locale: Locale): Finding {
  const sep = locale === 'en' ? '; ' : '；';
  let message = f.message;
  const kept: RelatedInfo[] = [];
  const at = new Map<string, number>();
  for (const r of f.related) {
    if (sameSpan(r.span, f.span)) {
      if (r.message && !message.includes(r.message)) message = `${message}${sep}${addendum(f.message, r.message)}`;
      continue;
    }
    const key = `${r.span.start}:${r.span.end}`;
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, kept.length);
      kept.push(r);
    } else if (r.message && !kept[i].message.split(sep).includes(r.message)) {
      kept[i] = { span: kept[i].span, message: kept[i].message ? `${kept[i].message}${sep}${r.message}` : r.message };
    }
  }
  if (kept.length > MAX_RELATED) {
    const rest = kept.length - MAX_RELATED;
    const first = kept[MAX_RELATED];
    kept.length = MAX_RELATED;
    kept.push({ span: first.span, message: formatMessage('related.more', locale, { count: rest }) });
  }
  return { ...f, message, related: kept };
}

/** The findings with their related locations compacted (the same array; findings that need no change are kept). */
export function compactRelated(findings: Finding[], locale: Locale): Finding[] {
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (f.related.length === 0) continue;
    let needed = f.related.length > MAX_RELATED;
    for (let j = 0; j < f.related.length && !needed; j++) {
      const r = f.related[j];
      if (sameSpan(r.span, f.span)) needed = true;
      for (let k = 0; k < j && !needed; k++) if (sameSpan(f.related[k].span, r.span)) needed = true;
    }
    if (needed) findings[i] = compactOne(f, locale);
  }
  return findings;
}
