/// <reference types="vscode" />
/**
 * The table preview beside the text (command `budget.showPreview`, the
 * editor title's preview button), like Markdown's: asks the server for the
 * tables (`budget/tableViews`), follows edits and the cursor, reveals a
 * clicked cell in the text, copies a table as TSV and saves it as CSV.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { previewCsv, previewHtml, previewTsv, type PreviewTable } from './previewHtml';

const LABELS = {
  'zh-CN': { title: '预览：', copy: '复制（TSV）', save: '另存为 CSV', empty: '没有识别出表格。', unit: '单位：', copied: '已复制表格。' },
  en: { title: 'Preview: ', copy: 'Copy (TSV)', save: 'Save as CSV', empty: 'No tables were recognised.', unit: 'Unit: ', copied: 'Table copied.' },
} as const;

export function registerPreview(context: vscode.ExtensionContext, client: () => Promise<LanguageClient>, locale: () => 'zh-CN' | 'en'): void {
  let panel: vscode.WebviewPanel | undefined;
  let source: vscode.TextDocument | undefined;
  let tables: PreviewTable[] = [];
  let timer: NodeJS.Timeout | undefined;

  const nonce = () => Math.random().toString(36).slice(2) + Date.now().toString(36);

  const render = async () => {
    if (!panel || !source) return;
    const c = await client();
    const result = await c.sendRequest<{ version: number; tables: PreviewTable[] } | null>('budget/tableViews', { uri: source.uri.toString() });
    if (!panel || !result) return;
    tables = result.tables;
    const l = LABELS[locale()];
    panel.title = `${l.title}${source.uri.path.split('/').pop()}`;
    panel.webview.html = previewHtml(tables, l, nonce(), panel.webview.cspSource);
  };

  const show = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'budget') return;
    source = editor.document;
    if (!panel) {
      panel = vscode.window.createWebviewPanel('budget.preview', 'Budget', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
      panel.onDidDispose(() => (panel = undefined));
      panel.webview.onDidReceiveMessage(async (m: { type: string; table?: number; line?: number; character?: number }) => {
        if (m.type === 'reveal' && source && m.line !== undefined) {
          const pos = new vscode.Position(m.line, m.character ?? 0);
          const ed = await vscode.window.showTextDocument(source, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
          ed.selection = new vscode.Selection(pos, pos);
          ed.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        }
        const t = tables.find((x) => x.index === m.table);
        if (m.type === 'copy' && t) {
          await vscode.env.clipboard.writeText(previewTsv(t));
          void vscode.window.setStatusBarMessage(LABELS[locale()].copied, 3000);
        }
        if (m.type === 'save' && t) {
          const uri = await vscode.window.showSaveDialog({ filters: { CSV: ['csv'] }, defaultUri: source ? vscode.Uri.joinPath(source.uri, '..', `${t.title}.csv`) : undefined });
          if (uri) await vscode.workspace.fs.writeFile(uri, Buffer.from('\ufeff' + previewCsv(t), 'utf8'));
        }
      });
    }
    await render();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('budget.showPreview', show),
    // follow edits (after the server's debounce) and the cursor
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!panel || e.document !== source) return;
      clearTimeout(timer);
      timer = setTimeout(() => void render(), 300);
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (panel && e.textEditor.document === source) void panel.webview.postMessage({ type: 'scroll', line: e.selections[0].active.line });
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (panel && e && e.document.languageId === 'budget' && e.document !== source) void show();
    }),
  );
}
