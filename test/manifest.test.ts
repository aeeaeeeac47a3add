/**
 * The extension manifest (package.json) and the files it points to: every `%key%` is
 * translated in package.nls.json and package.nls.zh-cn.json (and no key is unused), the
 * settings have the documented types and defaults, commands, menus, activation and
 * capabilities are declared, and the language configuration, grammar, l10n folder and icon
 * exist and are valid.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');
const readJson = (rel: string): any => JSON.parse(read(rel));

const pkg = readJson('package.json');
const NLS_FILES = ['package.nls.json', 'package.nls.zh-cn.json'];
const CJK = /[\u3400-\u9fff]/;

/** Every `%key%` placeholder in the manifest. */
function placeholders(node: unknown, out = new Set<string>()): Set<string> {
  if (typeof node === 'string') {
    const m = /^%([^%\s]+)%$/.exec(node);
    if (m) out.add(m[1]);
  } else if (Array.isArray(node)) node.forEach((n) => placeholders(n, out));
  else if (node && typeof node === 'object') Object.values(node).forEach((n) => placeholders(n, out));
  return out;
}

describe('localised manifest strings', () => {
  const keys = placeholders(pkg);

  test('the manifest uses placeholders for its user-facing strings', () => {
    assert.equal(pkg.displayName, '%displayName%');
    assert.equal(pkg.description, '%description%');
    assert.ok(keys.size >= 20, `${keys.size} keys`);
  });

  for (const file of NLS_FILES)
    test(`${file}: every key used, every used key present, no empty value`, () => {
      const nls = readJson(file);
      const missing = [...keys].filter((k) => !(k in nls));
      const unused = Object.keys(nls).filter((k) => !keys.has(k));
      assert.deepEqual(missing, [], `missing in ${file}`);
      assert.deepEqual(unused, [], `unused in ${file}`);
      for (const [k, v] of Object.entries(nls)) assert.ok(typeof v === 'string' && v.trim() !== '', `${file}: ${k} is a non-empty string`);
    });

  test('display names and titles', () => {
    const en = readJson('package.nls.json');
    const zh = readJson('package.nls.zh-cn.json');
    assert.equal(en.displayName, 'Budget Documents (部门预算)');
    assert.equal(zh.displayName, '部门预算');
    assert.equal(en['command.category'], 'Budget');
    assert.equal(zh['command.category'], '部门预算');
    assert.equal(en['command.setLanguage'], 'Treat This File as a Budget Document');
    assert.equal(zh['command.setLanguage'], '将此文件视为部门预算');
    assert.equal(en['command.showProblems'], 'Show Budget Problems');
    assert.equal(zh['command.showProblems'], '显示预算问题');
    assert.equal(en['command.restartServer'], 'Restart Budget Language Server');
    assert.equal(zh['command.restartServer'], '重启预算语言服务器');
    // the Chinese file is Chinese throughout
    for (const [k, v] of Object.entries<string>(zh)) assert.match(v, CJK, k);
  });
});

describe('settings', () => {
  const props = pkg.contributes.configuration.properties as Record<string, any>;

  test('the configuration has a localised title and every setting a description', () => {
    assert.equal(pkg.contributes.configuration.title, '%config.title%');
    for (const [id, p] of Object.entries(props)) {
      assert.match(id, /^budget\./, id);
      assert.ok(p.description ?? p.markdownDescription, `${id} is described`);
      if (p.enum) assert.equal(p.enumDescriptions?.length, p.enum.length, `${id}: one description per value`);
    }
  });

  test('types, enums and defaults', () => {
    const expect = (id: string, shape: Record<string, unknown>): void => {
      assert.ok(props[id], `${id} is contributed`);
      for (const [k, v] of Object.entries(shape)) assert.deepEqual(props[id][k], v, `${id}.${k}`);
    };
    expect('budget.detect', { type: 'boolean', default: true });
    expect('budget.rounding.severity', { type: 'string', enum: ['off', 'hint', 'information', 'warning'], default: 'hint' });
    expect('budget.inlayHints.enabled', { type: 'boolean', default: true });
    expect('budget.codeLens.enabled', { type: 'boolean', default: true });
    expect('budget.locale', { type: 'string', enum: ['auto', 'zh-CN', 'en'], default: 'auto' });
    expect('budget.trace.server', { type: 'string', enum: ['off', 'messages', 'verbose'], default: 'off', scope: 'window' });

    const tolerance = props['budget.rounding.tolerance'];
    assert.equal(tolerance.default, 'auto');
    assert.ok(Array.isArray(tolerance.anyOf));
    assert.ok(tolerance.anyOf.some((s: any) => s.type === 'string' && JSON.stringify(s.enum) === '["auto"]'), 'accepts "auto"');
    assert.ok(tolerance.anyOf.some((s: any) => s.type === 'number' && s.minimum === 0), 'accepts a number ≥ 0');
  });

  test('budget.rules: every rule of the engine, each with the five levels', async () => {
    const { RULES } = await import('../server/src/service/diagnosticCodes');
    const rules = props['budget.rules'];
    assert.equal(rules.type, 'object');
    assert.deepEqual(rules.default, {});
    assert.deepEqual(Object.keys(rules.properties).sort(), Object.keys(RULES).sort());
    for (const id of ['sum.cell', 'sum.rounding', 'sum.children', 'code.unknown', 'code.name-mismatch', 'number.malformed-table'])
      assert.deepEqual(rules.properties[id].enum, ['off', 'hint', 'information', 'warning', 'error'], id);
  });

  test('language defaults: whole amounts and codes on double-click, no boxes around full-width text, no wrap, fix on save off', () => {
    const d = pkg.contributes.configurationDefaults['[budget]'];
    const separators: string = d['editor.wordSeparators'];
    assert.ok(!separators.includes('.') && !separators.includes(','), 'a double-click selects 1,564.22 whole');
    assert.ok(separators.includes('(') && separators.includes('（') && separators.includes('、'));
    assert.equal(d['editor.unicodeHighlight.ambiguousCharacters'], false);
    assert.equal(d['editor.unicodeHighlight.invisibleCharacters'], false);
    assert.equal(d['editor.wordWrap'], 'off');
    assert.deepEqual(d['editor.codeActionsOnSave'], { 'source.fixAll.budget': 'never' }, 'the user opts in');
  });

  test('every default satisfies its own schema', () => {
    const valid = (schema: any, v: unknown): boolean => {
      if (schema.anyOf) return schema.anyOf.some((s: any) => valid(s, v));
      if (schema.enum && !schema.enum.includes(v)) return false;
      if (schema.type === 'number') return typeof v === 'number' && (schema.minimum === undefined || v >= schema.minimum);
      if (schema.type === 'object') return typeof v === 'object' && v !== null;
      if (schema.type) return typeof v === schema.type;
      return true;
    };
    for (const [id, p] of Object.entries(props)) assert.ok(valid(p, p.default), `${id}: default ${JSON.stringify(p.default)}`);
  });
});

describe('commands, menus, activation, capabilities', () => {
  const COMMANDS = ['budget.setLanguage', 'budget.showProblems', 'budget.restartServer', 'budget.openPdfAsText', 'budget.showPreview'];

  test('commands have localised titles in the Budget category', () => {
    const cmds = pkg.contributes.commands as Array<{ command: string; title: string; category: string }>;
    assert.deepEqual(cmds.map((c) => c.command).sort(), [...COMMANDS].sort());
    for (const c of cmds) {
      assert.match(c.title, /^%command\.[A-Za-z]+%$/, c.command);
      assert.equal(c.category, '%command.category%', c.command);
    }
  });

  test('the command palette shows each command where it applies', () => {
    const when = Object.fromEntries(
      (pkg.contributes.menus.commandPalette as Array<{ command: string; when: string }>).map((m) => [m.command, m.when]),
    );
    assert.equal(when['budget.setLanguage'], 'editorLangId == plaintext || editorLangId == markdown');
    assert.equal(when['budget.showProblems'], 'editorLangId == budget');
    assert.equal(when['budget.restartServer'], 'editorLangId == budget');
    assert.equal(when['budget.openPdfAsText'], '!virtualWorkspace');
    assert.equal(when['budget.showPreview'], 'editorLangId == budget');
  });

  test('the table preview has a button in the editor title, like Markdown’s', () => {
    const title = pkg.contributes.menus['editor/title'] as Array<{ command: string; when: string; group: string }>;
    assert.deepEqual(title.find((m) => m.command === 'budget.showPreview'), { command: 'budget.showPreview', when: 'editorLangId == budget', group: 'navigation' });
    assert.equal(pkg.contributes.commands.find((c: { command: string }) => c.command === 'budget.showPreview').icon, '$(open-preview)');
  });

  test('the explorer offers "Open PDF as Budget Text" on PDF files', () => {
    const items = pkg.contributes.menus['explorer/context'] as Array<{ command: string; when: string }>;
    const item = items.find((m) => m.command === 'budget.openPdfAsText');
    assert.ok(item);
    assert.equal(item.when, 'resourceExtname =~ /^\\.pdf$/i');
  });

  test('the client registers every contributed command', () => {
    const client = read('client/src/extension.ts') + read('client/src/preview.ts');
    for (const id of COMMANDS) assert.ok(client.includes(`'${id}'`) || client.includes(`"${id}"`), `${id} appears in client/src/extension.ts`);
  });

  test('a budget PDF opened is offered as budget text: the setting, the start-up activation that sees the tab, the messages in Chinese', () => {
    const setting = pkg.contributes.configuration.properties['budget.pdf.offerOnOpen'];
    assert.equal(setting.type, 'boolean');
    assert.equal(setting.default, true);
    const key = setting.markdownDescription.replace(/^%|%$/g, '');
    assert.ok(readJson('package.nls.json')[key] && readJson('package.nls.zh-cn.json')[key], key);
    // opening a PDF activates nothing: the extension starts once the window is up to see PDF tabs
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
    const offer = read('client/src/pdfOffer.ts');
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    for (const m of offer.matchAll(/l10n\.t\((['"])(.*?)\1/g)) assert.ok(bundle[m[2]], `zh-CN for ${m[2]}`);
    assert.ok(offer.includes("'pdf.offerOnOpen'"));
  });

  test('activation events', () => {
    for (const e of ['onLanguage:budget', 'onLanguage:plaintext', 'onLanguage:markdown']) assert.ok(pkg.activationEvents.includes(e), e);
    assert.ok(!pkg.activationEvents.includes('*'), 'no start-up activation');
  });

  test('capabilities: untrusted and virtual workspaces', () => {
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces, { supported: true });
    assert.equal(pkg.capabilities.virtualWorkspaces, true);
  });
});

describe('files the manifest points to', () => {
  test('language: id, aliases, extensions, configuration', () => {
    const [lang] = pkg.contributes.languages;
    assert.equal(lang.id, 'budget');
    assert.deepEqual(lang.aliases, ['部门预算', 'Budget']);
    assert.deepEqual(lang.extensions, ['.budget.txt', '.budget.md', '.budget']);
    assert.ok(existsSync(path.join(ROOT, lang.configuration)), lang.configuration);
  });

  test('language configuration: brackets and a word pattern that keeps codes and amounts whole', () => {
    const conf = readJson('language-configuration.json');
    assert.ok(conf.brackets.some((b: string[]) => b[0] === '（' && b[1] === '）'));
    assert.ok(conf.autoClosingPairs.length > 0);
    const words = (s: string): string[] => s.match(new RegExp(conf.wordPattern, 'g')) ?? [];
    assert.deepEqual(words('2010301\t行政运行\t1,234.56\t-3.00'), ['2010301', '行政运行', '1,234.56', '-3.00']);
    assert.deepEqual(words('[30226]劳务费 下降56.48%'), ['30226', '劳务费', '下降', '56.48%']);
    assert.deepEqual(words('合计\t１，５６４．２２'), ['合计', '１，５６４．２２']);
    assert.deepEqual(words('本年收入合计，比上年增加'), ['本年收入合计', '比上年增加']);
  });

  test('grammar', () => {
    const [g] = pkg.contributes.grammars;
    assert.equal(g.language, 'budget');
    assert.equal(g.scopeName, 'text.budget');
    assert.equal(readJson(g.path).scopeName, 'text.budget');
  });

  test('l10n bundle folder', () => {
    assert.equal(pkg.l10n, './l10n');
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    assert.equal(typeof bundle, 'object');
    for (const [k, v] of Object.entries(bundle)) assert.ok(typeof v === 'string' && v !== '', k);
  });

  test('icon: a 128×128 PNG', () => {
    assert.equal(pkg.icon, 'images/icon.png');
    const png = readFileSync(path.join(ROOT, pkg.icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(png.toString('ascii', 12, 16), 'IHDR');
    assert.equal(png.readUInt32BE(16), 128, 'width');
    assert.equal(png.readUInt32BE(20), 128, 'height');
  });
});
