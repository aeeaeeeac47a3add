/**
 * The preview's page: each table as an aligned grid, rows indented by code
 * level, ✓ / ✗ on totals, bad cells marked; a click on a cell asks the
 * extension to reveal it; per table, Copy (TSV) and Save (CSV). Pure: no
 * vscode in here, so it is tested under node.
 */
export interface PreviewCell {
  raw: string;
  state: '' | 'ok' | 'fail' | 'bad';
  position: { line: number; character: number };
}
export interface PreviewRow {
  name: string;
  level: number;
  kind: string;
  line: number;
  cells: PreviewCell[];
}
export interface PreviewTable {
  index: number;
  title: string;
  unit: string | null;
  line: number;
  columns: string[];
  rows: PreviewRow[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const MARK: Record<PreviewCell['state'], string> = { '': '', ok: ' <span class="ok">✓</span>', fail: ' <span class="bad">✗</span>', bad: ' <span class="bad">✗</span>' };

export function previewHtml(tables: PreviewTable[], labels: { copy: string; save: string; empty: string; unit: string }, nonce: string, cspSource: string): string {
  const body =
    tables.length === 0
      ? `<p>${escape(labels.empty)}</p>`
      : tables
          .map((t) => {
            const head = `<tr><th></th>${t.columns.map((c) => `<th>${escape(c)}</th>`).join('')}</tr>`;
            const rows = t.rows
              .map((r) => {
                const cells = r.cells
                  .map((c) => `<td class="num ${c.state}" data-line="${c.position.line}" data-ch="${c.position.character}">${escape(c.raw)}${MARK[c.state]}</td>`)
                  .join('');
                return `<tr class="${escape(r.kind)}"><td class="name" style="padding-left:${0.4 + r.level * 1.2}em" data-line="${r.line}" data-ch="0">${escape(r.name)}</td>${cells}</tr>`;
              })
              .join('');
            const unit = t.unit ? ` <span class="unit">${escape(labels.unit)}${escape(t.unit)}</span>` : '';
            return `<section id="t${t.index}"><h3 data-line="${t.line}" data-ch="0">${escape(t.title)}${unit}</h3><p><button data-copy="${t.index}">${escape(labels.copy)}</button> <button data-save="${t.index}">${escape(labels.save)}</button></p><table>${head}${rows}</table></section>`;
          })
          .join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
body{font-family:var(--vscode-editor-font-family);font-size:var(--vscode-editor-font-size)}
table{border-collapse:collapse;margin-bottom:1.5em}
td,th{border:1px solid var(--vscode-panel-border);padding:2px 6px;white-space:nowrap}
th{background:var(--vscode-editorWidget-background)}
td.num{text-align:right;font-variant-numeric:tabular-nums;cursor:pointer}
td.name,h3{cursor:pointer}
td.bad{background:var(--vscode-inputValidation-errorBackground)}
.ok{color:var(--vscode-testing-iconPassed)}
.bad{color:var(--vscode-errorForeground)}
tr.total td{font-weight:bold}
.unit{font-weight:normal;opacity:.7}
</style></head><body>${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const el = e.target.closest('[data-line],[data-copy],[data-save]');
  if (!el) return;
  if (el.dataset.copy) vscode.postMessage({ type: 'copy', table: Number(el.dataset.copy) });
  else if (el.dataset.save) vscode.postMessage({ type: 'save', table: Number(el.dataset.save) });
  else vscode.postMessage({ type: 'reveal', line: Number(el.dataset.line), character: Number(el.dataset.ch) });
});
window.addEventListener('message', (e) => {
  if (e.data.type === 'scroll') {
    const all = [...document.querySelectorAll('section')];
    const target = all.reverse().find((s) => Number(s.querySelector('h3').dataset.line) <= e.data.line);
    if (target) target.scrollIntoView({ block: 'start' });
  }
});
</script></body></html>`;
}

/** Tab-separated text of a table (copied from the preview). */
export function previewTsv(t: PreviewTable): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  return [['', ...t.columns], ...t.rows.map((r) => [r.name, ...r.cells.map((c) => c.raw)])].map((l) => l.map(clean).join('\t')).join('\n') + '\n';
}

/** CSV of a table (saved from the preview), RFC 4180 quoting. */
export function previewCsv(t: PreviewTable): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [['', ...t.columns], ...t.rows.map((r) => [r.name, ...r.cells.map((c) => c.raw)])].map((l) => l.map(quote).join(',')).join('\r\n') + '\r\n';
}
