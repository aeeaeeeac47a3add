/**
 * Helpers for the extension tests: workspace files, polling, diagnostics.
 * The workspace is prepared by test/vscode/run.mjs (see lib.mjs for its files).
 */
import * as vscode from 'vscode';

/** The test workspace folder. */
export function workspaceUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open: run the suite through test/vscode/run.mjs');
  return folder.uri;
}

export function fileUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceUri(), name);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns something other than undefined/false; throws with `what` and the
 * last value seen (from `describe`) after `timeoutMs`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  describe?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = describe ? `; ${describe()}` : '';
      const cause = lastError ? `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}${cause}`);
    }
    await sleep(100);
  }
}

/** Opens a workspace file in an editor (as a user would) and returns its document. */
export async function openFile(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The current language id of an open document (changing it may replace the TextDocument object). */
export function languageOf(uri: vscode.Uri): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId;
}

/** A diagnostic's code as a string, whether it is given as a value or as `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  if (typeof code === 'object') return String(code.value);
  return String(code);
}

export function budgetDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'budget');
}

export function summarize(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'no diagnostics';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} (${d.source})`)
    .join('\n    ');
}

/** Text of a hover's contents, whatever form each part takes. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Closes every editor (between suites, so each starts from an empty window). */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
