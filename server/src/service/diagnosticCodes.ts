/**
 * The rule catalogue: stable ids, default severities and message templates
 * in Chinese and English. Code actions and tests match on ids, never on text.
 * Templates use {name} placeholders.
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type Locale = 'zh-CN' | 'en';

export interface RuleInfo {
  id: string;
  severity: Severity;
  title: { 'zh-CN': string; en: string };
}

export const RULES = {
  'sum.children': {
    id: 'sum.children',
    severity: 'error',
    title: { 'zh-CN': '科目行与下级科目之和不符', en: 'Code row differs from the sum of its children' },
  },
  'sum.total': {
    id: 'sum.total',
    severity: 'error',
    title: { 'zh-CN': '合计行与各行之和不符', en: 'Total row differs from the sum of its rows' },
  },
  'sum.columns': {
    id: 'sum.columns',
    severity: 'error',
    title: { 'zh-CN': '合计列与各列之和不符', en: 'Total column differs from the sum of its columns' },
  },
  'sum.balance': {
    id: 'sum.balance',
    severity: 'error',
    title: { 'zh-CN': '收支总表不平衡', en: 'Income/expenditure table does not balance' },
  },
  'sum.block': {
    id: 'sum.block',
    severity: 'error',
    title: { 'zh-CN': '单位、项目或“三公”经费小计不符', en: 'Unit, project or “three public” subtotal differs' },
  },
  'sum.cell': {
    id: 'sum.cell',
    severity: 'error',
    title: { 'zh-CN': '一个数使多处合计不符', en: 'One figure throws several sums off' },
  },
  'sum.rounding': {
    id: 'sum.rounding',
    severity: 'hint',
    title: { 'zh-CN': '尾数误差', en: 'Rounding residue' },
  },
  'sum.skipped': {
    id: 'sum.skipped',
    severity: 'information',
    title: { 'zh-CN': '无法核对', en: 'Check could not run' },
  },
  'number.malformed': {
    id: 'number.malformed',
    severity: 'hint',
    title: { 'zh-CN': '数字格式损坏', en: 'Malformed number' },
  },
  'number.negative': {
    id: 'number.negative',
    severity: 'hint',
    title: { 'zh-CN': '负数写法可能有歧义', en: 'Negative amount in an ambiguous form' },
  },
  'number.malformed-table': {
    id: 'number.malformed-table',
    severity: 'warning',
    title: { 'zh-CN': '表中有格式损坏的数字', en: 'Malformed numbers in a table' },
  },
  'document.not-budget': {
    id: 'document.not-budget',
    severity: 'information',
    title: { 'zh-CN': '不是预算文档', en: 'Not a budget document' },
  },
  'document.binary': {
    id: 'document.binary',
    severity: 'information',
    title: { 'zh-CN': '二进制文件', en: 'Binary file' },
  },
  'document.encoding': {
    id: 'document.encoding',
    severity: 'information',
    title: { 'zh-CN': '文本编码', en: 'Text encoding' },
  },
  'document.pdf-no-text': {
    id: 'document.pdf-no-text',
    severity: 'warning',
    title: { 'zh-CN': 'PDF 没有文字层', en: 'PDF without a text layer' },
  },
  'document.pdf-unreadable': {
    id: 'document.pdf-unreadable',
    severity: 'warning',
    title: { 'zh-CN': '无法读取的 PDF', en: 'Unreadable PDF' },
  },
  'document.too-large': {
    id: 'document.too-large',
    severity: 'warning',
    title: { 'zh-CN': '文档过大，未分析', en: 'Document too large to analyse' },
  },
  'document.coverage': {
    id: 'document.coverage',
    severity: 'information',
    title: { 'zh-CN': '未能全部核对的表', en: 'Tables not all checked' },
  },
  'document.missing-table': {
    id: 'document.missing-table',
    severity: 'warning',
    title: { 'zh-CN': '目录列出的表缺失', en: 'A table the contents list is missing' },
  },
  'table.unreadable': {
    id: 'table.unreadable',
    severity: 'information',
    title: { 'zh-CN': '表格内容无法识别', en: 'Table content not understood' },
  },
  'code.unknown': {
    id: 'code.unknown',
    severity: 'warning',
    title: { 'zh-CN': '科目代码不存在', en: 'Unknown classification code' },
  },
  'code.name-mismatch': {
    id: 'code.name-mismatch',
    severity: 'warning',
    title: { 'zh-CN': '科目名称与官方名称不符', en: 'Name differs from the official name' },
  },
  'code.numbering': {
    id: 'code.numbering',
    severity: 'warning',
    title: { 'zh-CN': '表中科目编号不符合分类', en: 'A table’s codes do not follow the classification' },
  },
  'code.repaired': {
    id: 'code.repaired',
    severity: 'information',
    title: { 'zh-CN': '科目代码印刷不全', en: 'Split code printed incompletely' },
  },
  'code.parent-mismatch': {
    id: 'code.parent-mismatch',
    severity: 'warning',
    title: { 'zh-CN': '科目列在非上级科目之下', en: 'Code listed under a code that is not its parent' },
  },
  'code.order': {
    id: 'code.order',
    severity: 'warning',
    title: { 'zh-CN': '科目顺序或层级不当', en: 'Code listed before its parent, or without one' },
  },
  'cross.mismatch': {
    id: 'cross.mismatch',
    severity: 'error',
    title: { 'zh-CN': '表间数字不一致', en: 'Figures differ between tables' },
  },
  'cross.rounding': {
    id: 'cross.rounding',
    severity: 'information',
    title: { 'zh-CN': '表间尾数误差', en: 'Rounding residue between tables' },
  },
  'text.amount': {
    id: 'text.amount',
    severity: 'warning',
    title: { 'zh-CN': '说明中的金额与表不符', en: 'Amount in the text differs from the table' },
  },
  'text.percent': {
    id: 'text.percent',
    severity: 'warning',
    title: { 'zh-CN': '说明中的百分比与所列数字不符', en: 'Percentage in the text differs from its figures' },
  },
  'text.change': {
    id: 'text.change',
    severity: 'warning',
    title: { 'zh-CN': '说明中的增减额与所列数字不符', en: 'Change in the text differs from its figures' },
  },
  'text.wording': {
    id: 'text.wording',
    severity: 'warning',
    title: { 'zh-CN': '说明中的增减或大小措辞与数字不符', en: 'Wording in the text contradicts the figures' },
  },
  'document.year': {
    id: 'document.year',
    severity: 'warning',
    title: { 'zh-CN': '年份与文档年度不符', en: 'Year differs from the document’s year' },
  },
  'document.placeholder': {
    id: 'document.placeholder',
    severity: 'warning',
    title: { 'zh-CN': '模板占位符未替换', en: 'Template placeholder left in' },
  },
  'document.missing-section': {
    id: 'document.missing-section',
    severity: 'warning',
    title: { 'zh-CN': '缺少必备的说明部分', en: 'Required explanation section missing' },
  },
  'table.unit': {
    id: 'table.unit',
    severity: 'warning',
    title: { 'zh-CN': '表的金额单位不明或不一', en: 'A table’s unit is missing or stated twice differently' },
  },
  'table.empty-without-note': {
    id: 'table.empty-without-note',
    severity: 'warning',
    title: { 'zh-CN': '空表未注明原因', en: 'Empty table without a note' },
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

type Messages = Record<string, { 'zh-CN': string; en: string }>;

/** Message templates, keyed by message id (a rule may have several). */
export const MESSAGES: Messages = {
  'sum.children': {
    'zh-CN': '{row}「{column}」{printed}，下级科目合计 {expected}，相差 {difference}',
    en: '{row} “{column}” is {printed}; its children sum to {expected} (difference {difference})',
  },
  'sum.total': {
    'zh-CN': '{row}「{column}」{printed}，各行合计 {expected}，相差 {difference}',
    en: '{row} “{column}” is {printed}; the rows sum to {expected} (difference {difference})',
  },
  'sum.columns': {
    'zh-CN': '{row}：「{column}」{printed}，{parts}之和为 {expected}，相差 {difference}',
    en: '{row}: “{column}” is {printed}; {parts} sum to {expected} (difference {difference})',
  },
  'sum.balance': {
    'zh-CN': '{row} {printed}，应为 {expected}，相差 {difference}',
    en: '{row} is {printed}; expected {expected} (difference {difference})',
  },
  'sum.block': {
    'zh-CN': '{row}「{column}」{printed}，所属各行合计 {expected}，相差 {difference}',
    en: '{row} “{column}” is {printed}; the rows under it sum to {expected} (difference {difference})',
  },
  'sum.cell': {
    'zh-CN': '{row}「{column}」{printed} 应为 {expected}（相差 {difference}）：它使 {count} 处合计不符，改正后都相符',
    en: '{row} “{column}” {printed} should be {expected} (difference {difference}): it throws {count} sums off, all of which agree once it is corrected',
  },
  'sum.rounding': {
    'zh-CN': '尾数误差：{row}{columns}与{what}相差 {difference}（{count} 个数，容差 ±{tolerance}）',
    en: 'Rounding residue: {row}{columns} differs from {what} by {difference} ({count} figures, tolerance ±{tolerance})',
  },
  'what.children': { 'zh-CN': '下级科目之和', en: 'the sum of its children' },
  'what.total': { 'zh-CN': '各行之和', en: 'the sum of the rows' },
  'what.columns': { 'zh-CN': '各组成列之和', en: 'the sum of its component columns' },
  'what.balance': { 'zh-CN': '对应各项之和', en: 'the sum of its items' },
  'what.block': { 'zh-CN': '所属各行之和', en: 'the sum of the rows under it' },
  'what.equal': { 'zh-CN': '另一方总计', en: 'the other side’s total' },
  'skipped.no-total': {
    'zh-CN': '「{table}」没有合计行，无法核对合计（表格可能不完整）',
    en: '“{table}” has no total row; its total cannot be checked (the table may be truncated)',
  },
  'skipped.orphans': {
    'zh-CN': '「{table}」中 {count} 个科目行没有上级科目（首行 {first}），表格可能缺页，未核对其上级',
    en: '“{table}”: {count} code rows have no parent row (first: {first}); the table may have lost a page',
  },
  'skipped.header': {
    'zh-CN': '「{table}」的表头无法识别（{found} 列金额），未核对列合计',
    en: 'The header of “{table}” was not understood ({found} amount columns); column sums not checked',
  },
  'skipped.internal': {
    'zh-CN': '「{table}」核对时发生内部错误，未能核对此表（错误已记入日志）',
    en: 'An internal error stopped the checks of “{table}”; the table was not checked (the error was logged)',
  },
  'skipped.internal-codes': {
    'zh-CN': '科目代码核对时发生内部错误，未能核对科目代码（错误已记入日志）',
    en: 'An internal error stopped the classification code checks; codes were not checked (the error was logged)',
  },
  'skipped.internal-coverage': {
    'zh-CN': '统计已核对的表时发生内部错误（错误已记入日志）',
    en: 'An internal error stopped the count of the tables checked (the error was logged)',
  },
  'skipped.internal-identities': {
    'zh-CN': '表间核对时发生内部错误，未能核对表与表之间的数字（错误已记入日志）',
    en: 'An internal error stopped the checks between tables; they were not checked (the error was logged)',
  },
  'skipped.internal-document': {
    'zh-CN': '核对文档年份、占位符和完整性时发生内部错误，未能核对（错误已记入日志）',
    en: 'An internal error stopped the checks of the document’s year, placeholders and completeness (the error was logged)',
  },
  'skipped.internal-narrative': {
    'zh-CN': '核对说明文字中的数字时发生内部错误，未能核对（错误已记入日志）',
    en: 'An internal error stopped the checks of the figures in the text (the error was logged)',
  },
  'skipped.no-rows': {
    'zh-CN': '「{table}」没有可识别的数据行',
    en: '“{table}” has no data rows that could be read',
  },
  'skipped.unread': {
    'zh-CN': '「{table}」的金额未能按列读出（{reason}），未核对此表',
    en: 'The figures of “{table}” could not be read into their columns ({reason}); the table was not checked',
  },
  'code.repaired': {
    'zh-CN': '科目代码印作“{printed}”，按上下文读作 {code}',
    en: 'The code is printed as “{printed}”; read as {code} from the rows around it',
  },
  'skipped.ragged': {
    'zh-CN': '「{table}」第 {line} 行有 {found} 列金额，与表头的 {expected} 列不一致，未核对该行的列合计',
    en: '“{table}” line {line} has {found} amount columns, the header {expected}; its column sums were not checked',
  },
  'number.malformed': {
    'zh-CN': '数字“{raw}”格式损坏，按 {value} 读取',
    en: 'Malformed number “{raw}”, read as {value}',
  },
  'number.negative': {
    'zh-CN': '“{raw}”按负数 {value} 读取，请确认其中的符号表示负数（而不是空白格的“-”）',
    en: '“{raw}” is read as the negative amount {value}; make sure its sign means minus (not a “-” for an empty cell)',
  },
  'number.malformed-table': {
    'zh-CN': '「{table}」有 {count} 个数字格式损坏（如“{first}”），已按修复后的数值核对；“修复所有损坏的数字”可一次改正',
    en: '“{table}” has {count} malformed numbers (such as “{first}”), checked at their repaired values; “Fix all malformed numbers” repairs them in one edit',
  },
  'action.fixAllNumbers': { 'zh-CN': '修复所有损坏的数字（{count} 个）', en: 'Fix all malformed numbers ({count})' },
  'action.fixTableNumbers': { 'zh-CN': '修复本表所有损坏的数字（{count} 个）', en: 'Fix all malformed numbers in this table ({count})' },
  'document.not-budget': {
    'zh-CN': '未识别为部门预算或决算文档（没有找到已知的预算表）',
    en: 'Not recognised as a department budget or final-accounts document (no known budget tables found)',
  },
  'document.binary': {
    'zh-CN': '这是二进制文件（不是文本），未检查。请先把 PDF 转成文本',
    en: 'This is a binary file, not text; it was not checked. Convert the PDF to text first',
  },
  'document.encoding': {
    'zh-CN': '文件不是 UTF-8 编码，已按 {encoding} 读取',
    en: 'The file is not UTF-8; it was read as {encoding}',
  },
  'document.invalid-utf8': {
    'zh-CN': '文件含 {count} 处无效的 UTF-8 字节（第一处在第 {line} 行），已替换为“\uFFFD”',
    en: 'The file has {count} invalid UTF-8 byte sequence(s) (the first on line {line}); they were replaced by “\uFFFD”',
  },
  'document.pdf-no-text': {
    'zh-CN': '扫描件：没有文字层，请先做文字识别',
    en: 'no text layer: run OCR first',
  },
  'document.pdf-unreadable': {
    'zh-CN': '无法读取这个 PDF，未检查：{reason}',
    en: 'This PDF cannot be read; it was not checked: {reason}',
  },
  'pdf.reason.encrypted': { 'zh-CN': '文件已加密（需要密码），请先解除加密', en: 'it is encrypted (password protected); remove the encryption first' },
  'pdf.reason.damaged': { 'zh-CN': '文件已损坏或不是 PDF（{detail}）', en: 'it is damaged or not a PDF ({detail})' },
  'pdf.reason.too-large': { 'zh-CN': '文件太大（{detail}）', en: 'it is too large ({detail})' },
  'pdf.reason.no-reader': { 'zh-CN': '找不到 PDF 读取组件 pdf.js（{detail}）', en: 'the PDF reader pdf.js is not available ({detail})' },
  'pdf.reason.timeout': { 'zh-CN': '读取超时（{detail}）', en: 'reading it took too long ({detail})' },
  'pdf.page': { 'zh-CN': '（第 {page} 页）', en: ' (page {page})' },
  'document.too-large': {
    'zh-CN': '文档有 {size} 百万字符，超过分析上限 {limit} 百万字符：未检查表格，大纲、悬停和快速修复不可用。请把文档拆分后再打开',
    en: 'The document has {size} million characters, over the analysis limit of {limit} million: its tables were not checked, and the outline, hovers and fixes are off. Split it and open the parts',
  },
  'document.coverage': {
    'zh-CN': '已读取并核对 {checked}/{total} 张表：{details}',
    en: '{checked} of {total} tables read and checked: {details}',
  },
  'coverage.item': { 'zh-CN': '「{table}」{reason}', en: '“{table}” {reason}' },
  'coverage.separator': { 'zh-CN': '；', en: '; ' },
  'coverage.columns': { 'zh-CN': '金额未能按列读出，未核对', en: 'not checked: its figures could not be placed in their columns' },
  'coverage.cells': { 'zh-CN': '有的行金额无法对应到列，未核对', en: 'not checked: some rows’ figures could not be placed in columns' },
  'coverage.reading-order': {
    'zh-CN': '是逐格换行的文本，无法确定地还原成表格行，未核对',
    en: 'not checked: its text has one cell per line and could not be rebuilt into rows with certainty',
  },
  'coverage.no-rows': { 'zh-CN': '没有可识别的数据行，未核对', en: 'not checked: no rows could be read' },
  'coverage.empty': { 'zh-CN': '无数据（文档注明）', en: 'has no data (the document says so)' },
  'coverage.no-figures': { 'zh-CN': '各行都没有金额', en: 'has no figures in its rows' },
  'coverage.header': { 'zh-CN': '表头无法识别，未核对列合计', en: 'header not understood: its column sums were not checked' },
  'coverage.missing': { 'zh-CN': '目录列出，但文档中没有', en: 'is listed in the contents but missing' },
  'document.missing-table': {
    'zh-CN': '目录列出「{table}」，但文档中没有这张表',
    en: 'The contents list “{table}”, but the document has no such table',
  },
  'parser.internal': {
    'zh-CN': '解析器内部错误，文档只作为纯文本处理（错误已记入日志）',
    en: 'Internal parser error; the document is treated as plain text (the error was logged)',
  },
  'table.unreadable': {
    'zh-CN': '「{table}」中这一行无法读成表格行',
    en: 'This line of “{table}” could not be read as a table row',
  },
  'code.unknown': {
    'zh-CN': '科目代码 {code} 不在 {edition} 年版政府收支分类科目（内置目录）中',
    en: 'Code {code} is not in the {edition} edition of the classification (built-in catalogue)',
  },
  'code.unknown.otherEdition': {
    'zh-CN': '科目代码 {code} 不在 {edition} 年版政府收支分类科目中（见于 {editions} 年版）',
    en: 'Code {code} is not in the {edition} edition of the classification (it is in {editions})',
  },
  'code.name-mismatch': {
    'zh-CN': '{code} 印作“{printed}”，{edition} 年版官方名称为“{official}”',
    en: '{code} is printed as “{printed}”; its official name in the {edition} edition is “{official}”',
  },
  'code.name-mismatch.former': {
    'zh-CN': '{code} 印作旧名称“{printed}”（用至 {until} 年），{edition} 年版名称为“{official}”',
    en: '{code} is printed with its former name “{printed}” (used until {until}); in the {edition} edition it is “{official}”',
  },
  'code.unverifiedSuffix': {
    'zh-CN': '（内置目录中此条目尚未与官方文本核对）',
    en: ' (this catalogue entry has not yet been checked against the official text)',
  },
  'code.numbering': {
    'zh-CN': '「{table}」的科目编号与政府收支分类不符：{count} 个科目行（共 {total} 行）的代码不存在或名称与官方不同（首个 {first}），可能使用了本地或旧的编号；各行见相关信息',
    en: '“{table}”: its codes do not follow the classification: {count} of its {total} code rows have an unknown code or a name that differs (first: {first}); the table may use a local or older numbering (each row in the related information)',
  },
  'code.parent-mismatch': {
    'zh-CN': '{level} {code} 列在“{above}”之下，但其上级科目是 {parent}',
    en: 'The {level} {code} is listed under “{above}”, but its parent is {parent}',
  },
  'code.order.before': {
    'zh-CN': '{code} 列在其上级科目 {parent}（第 {line} 行）之前',
    en: '{code} is listed before its parent {parent} (line {line})',
  },
  'code.order.orphan': {
    'zh-CN': '{code} 没有上级科目行：表中未列出 {parent}',
    en: '{code} has no parent row: the table does not list {parent}',
  },
  'code.related': { 'zh-CN': '{code} {name}', en: '{code} {name}' },
  // ——— user-interface text of the features (hover, code actions, code lens, inlay hints) ———
  'hover.scheme.function': { 'zh-CN': '支出功能分类科目', en: 'Functional classification of expenditure (支出功能分类)' },
  'hover.scheme.economic': { 'zh-CN': '部门预算支出经济分类科目', en: 'Economic classification of department expenditure (部门预算支出经济分类)' },
  'hover.scheme.gov-economic': { 'zh-CN': '政府预算支出经济分类科目', en: 'Economic classification of government expenditure (政府预算支出经济分类)' },
  'hover.level.1': { 'zh-CN': '类级科目', en: 'class (类)' },
  'hover.level.2': { 'zh-CN': '款级科目', en: 'division (款)' },
  'hover.level.3': { 'zh-CN': '项级科目', en: 'item (项)' },
  'hover.code.printedAs': {
    'zh-CN': '⚠ 此处印作“{printed}”，本文档其他处作“{name}”',
    en: '⚠ Printed here as “{printed}”; elsewhere in this document as “{name}”',
  },
  'hover.code.variants': { 'zh-CN': '本文档另有写法：{variants}', en: 'Also printed in this document as {variants}' },
  'hover.code.fromDocument': {
    'zh-CN': '名称取自本文档（第 {line} 行）',
    en: 'Name as this document defines it (line {line})',
  },
  'hover.code.edition': { 'zh-CN': '{edition} 年版政府收支分类科目', en: '{edition} edition of the classification' },
  'hover.code.editionNearest': {
    'zh-CN': '{edition} 年版政府收支分类科目（文档年度 {year} 无内置版本，取最近的一版）',
    en: '{edition} edition of the classification (no built-in edition for {year}; the nearest one)',
  },
  'hover.code.editionUnknownYear': {
    'zh-CN': '{edition} 年版政府收支分类科目（文档未写明年度，取最新一版）',
    en: '{edition} edition of the classification (the document states no year; the newest one)',
  },
  'hover.code.official': { 'zh-CN': '⚠ 此处印作“{printed}”，官方名称为“{name}”', en: '⚠ Printed here as “{printed}”; the official name is “{name}”' },
  'hover.code.formerNames': { 'zh-CN': '曾用名：{names}', en: 'Former names: {names}' },
  'hover.code.formerName': { 'zh-CN': '“{name}”（用至 {until} 年）', en: '“{name}” (until {until})' },
  'hover.code.unverified': { 'zh-CN': '未核对官方文本', en: 'not yet checked against the official text' },
  'hover.code.sources': { 'zh-CN': '代码与名称见于：{sources}', en: 'Code and name attested in: {sources}' },
  'catalog.source.PRJ-SAMPLES': { 'zh-CN': '广东省部门预算样本（2023、2024 年）', en: 'the Guangdong department budgets in samples/ (2023, 2024)' },
  'catalog.source.TB': { 'zh-CN': '上海市普陀区万里街道部门预算（2023–2025 年）及社会福利院 2024 年单位预算', en: 'Shanghai Putuo, Wanli subdistrict budgets 2023–2025 and a 2024 unit budget' },
  'catalog.source.GBC-PDF': { 'zh-CN': '上海市普陀区 2024 年度部门决算', en: 'Shanghai Putuo department final accounts for 2024' },
  'catalog.source.GBC-FIX': { 'zh-CN': '上海市普陀区 2025 年度部门决算', en: 'Shanghai Putuo department final accounts for 2025' },
  'catalog.source.MOF-2024-22': { 'zh-CN': '财预〔2024〕22号（2024 年版科目修订）', en: 'MOF notice 财预〔2024〕22号 (revision of the 2024 edition)' },
  'catalog.source.MOF-2025-41': { 'zh-CN': '财预〔2025〕41号（2025 年版科目修订）', en: 'MOF notice 财预〔2025〕41号 (revision of the 2025 edition)' },
  'hover.code.notInCatalog': { 'zh-CN': '⚠ 不在 {edition} 年版内置目录中', en: '⚠ Not in the built-in catalogue, {edition} edition' },
  'link.pdfPage': { 'zh-CN': '在 PDF 中打开：{file} 第 {page} 页', en: 'Open page {page} of {file} (the source PDF)' },
  'hover.term.source': { 'zh-CN': '见名词解释，第 {line} 行', en: 'From the glossary (名词解释), line {line}' },
  'hover.what.children': { 'zh-CN': '下级', en: 'children' },
  'hover.what.total': { 'zh-CN': '各行', en: 'rows' },
  'hover.what.columns': { 'zh-CN': '各列', en: 'columns' },
  'hover.what.balance': { 'zh-CN': '各项', en: 'items' },
  'hover.what.block': { 'zh-CN': '所属各行', en: 'rows under it' },
  'hover.sum.ok': { 'zh-CN': 'Σ {what} = {sum} ✓', en: 'Σ {what} = {sum} ✓' },
  'hover.sum.rounding': {
    'zh-CN': 'Σ {what} = {sum}，合计 − Σ = {difference}（尾数误差，容差 ±{tolerance}）',
    en: 'Σ {what} = {sum}; total − Σ = {difference} (rounding residue, tolerance ±{tolerance})',
  },
  'hover.sum.error': {
    'zh-CN': 'Σ {what} = {sum}，合计 − Σ = {difference} ✗（超出容差 ±{tolerance}）',
    en: 'Σ {what} = {sum}; total − Σ = {difference} ✗ (beyond the tolerance ±{tolerance})',
  },
  'hover.part.of': { 'zh-CN': '计入 {of} {total}：{verdict}', en: 'Part of {of} {total}: {verdict}' },
  'hover.amount.malformed': {
    'zh-CN': '⚠ 数字“{raw}”格式损坏，已按修复后的数值参与核对',
    en: '⚠ The number “{raw}” is damaged; its repaired value is used in the checks',
  },
  'hover.amount.noRelation': { 'zh-CN': '此数不参与表内合计核对', en: 'This figure is not part of any sum checked in this table' },
  'action.setTotal': { 'zh-CN': '将 {printed} 改为计算值 {expected}', en: 'Change {printed} to the computed {expected}' },
  'action.fixCell': {
    'zh-CN': '改正 {row}「{column}」：{printed} → {expected}（{count} 处合计随之相符）',
    en: 'Correct {row} “{column}”: {printed} → {expected} ({count} sums then agree)',
  },
  'action.fixPart': {
    'zh-CN': '改正 {row}「{column}」：{printed} → {expected}（合计随之相符）',
    en: 'Correct {row} “{column}”: {printed} → {expected} (the sum then agrees)',
  },
  'action.rename': { 'zh-CN': '改为官方名称“{official}”', en: 'Use the official name “{official}”' },
  'action.normalise': { 'zh-CN': '规范数字：“{raw}” → {value}', en: 'Normalise the number: “{raw}” → {value}' },
  'lens.table': { 'zh-CN': '{rows} 行 · {problems} 个问题', en: '{rows} rows · {problems} problems' },
  'lens.table.one': { 'zh-CN': '{rows} 行 · {problems} 个问题', en: '{rows} rows · 1 problem' },
  'lens.rounding': { 'zh-CN': ' · {count} 处尾数误差', en: ' · {count} rounding residues' },
  'lens.rounding.one': { 'zh-CN': ' · 1 处尾数误差', en: ' · 1 rounding residue' },
  'lens.tooltip': { 'zh-CN': '在“问题”面板中查看', en: 'Show in the Problems view' },
  'inlay.sum': { 'zh-CN': 'Σ = {expected}', en: 'Σ = {expected}' },
  'inlay.tooltip': { 'zh-CN': '各组成项之和；印刷值相差 {difference}', en: 'The sum of its parts; the printed figure differs by {difference}' },
  'cross.mismatch': {
    'zh-CN': '{left} {leftValue} 与 {right} {rightValue} 不一致，相差 {difference}',
    en: '{left} {leftValue} differs from {right} {rightValue} by {difference}',
  },
  'cross.mismatch.atMost': {
    'zh-CN': '{left} {leftValue} 大于包含它的 {right} {rightValue}，超出 {difference}',
    en: '{left} {leftValue} exceeds {right} {rightValue}, which includes it, by {difference}',
  },
  'cross.rounding.atMost': {
    'zh-CN': '尾数误差：{left} {leftValue} 比包含它的 {right} {rightValue} 多 {difference}',
    en: 'Rounding residue: {left} {leftValue} is {difference} above {right} {rightValue}, which includes it',
  },
  'cross.rounding': {
    'zh-CN': '尾数误差：{left} {leftValue} 与 {right} {rightValue} 相差 {difference}',
    en: 'Rounding residue: {left} {leftValue} and {right} {rightValue} differ by {difference}',
  },
  'text.amount': {
    'zh-CN': '说明中{subject}为 {stated}，表中为 {expected}（{where}）',
    en: 'The text gives {subject} as {stated}; the table says {expected} ({where})',
  },
  'text.amount.sentence': {
    'zh-CN': '说明中“{subject}”{stated} 与同句的“{basis}”不符：按此应为 {expected}（多印或错印了一位数字）',
    en: 'The text’s “{subject}” {stated} does not fit its own “{basis}”, which gives {expected} (a digit added or mistyped)',
  },
  'text.amount.restated': {
    'zh-CN': '说明中“{subject}”{stated} 与本段前面所列的 {expected} 不符：所述“{percent}”按 {expected} 计算',
    en: 'The text’s “{subject}” {stated} differs from {expected} stated earlier in its paragraph: its “{percent}” follows from {expected}',
  },
  'text.percent': {
    'zh-CN': '说明中的比例 {stated}% 与所列数字不符：{basis} = {expected}%',
    en: 'The percentage {stated}% does not follow from the figures: {basis} = {expected}%',
  },
  'text.change': {
    'zh-CN': '说明中的增减额 {stated} 与所列数字不符：{basis} = {expected}',
    en: 'The change {stated} does not follow from the figures: {basis} = {expected}',
  },
  'text.wording': {
    'zh-CN': '说明称“{stated}”，但所列数字{detail}，应为“{expected}”',
    en: 'The text says “{stated}”, but its figures {detailEn}: it should say “{expected}”',
  },
  'document.year': {
    'zh-CN': '文档为 {year} 年度，此处为 {found} 年，应为 {expected} 年',
    en: 'The document is for {year}; this says {found} where {expected} is meant',
  },
  'document.year.more': {
    'zh-CN': '（全文共 {count} 处，其余各处以提示标出）',
    en: ' ({count} in the document; the others are marked as hints)',
  },
  'document.year.compared': {
    'zh-CN': '文档为 {year} 年度，与上年比较应为 {expected} 年，此处为 {found} 年',
    en: 'The document is for {year}: a comparison with the year before names {expected}, this says {found}',
  },
  'document.placeholder': {
    'zh-CN': '模板占位符未替换：“{text}”',
    en: 'Template placeholder left in: “{text}”',
  },
  'document.placeholder.summary': {
    'zh-CN': '模板占位符未替换：“{text}”（全文共 {count} 处，其余各处以提示标出）',
    en: 'Template placeholder left in: “{text}” ({count} in the document; the others are marked as hints)',
  },
  'document.missing-section': {
    'zh-CN': '缺少说明部分：{section}',
    en: 'Explanation section missing: {sectionEn}',
  },
  'table.unit.two': {
    'zh-CN': '「{table}」标明了两种金额单位：{first}，以及第 {line} 行的 {second}；表中数字的单位无法确定',
    en: '“{table}” states two units: {first}, and {second} on line {line}; the unit of its figures cannot be told',
  },
  'table.unit.none': {
    'zh-CN': '「{table}」没有标明金额单位（如“单位：万元”），其数字未与其他表和说明核对',
    en: '“{table}” states no unit (such as 单位：万元); its figures were not compared with other tables or the text',
  },
  'table.unit.none.many': {
    'zh-CN': '{count} 张表没有标明金额单位（如“单位：万元”），首张为「{table}」，其余见相关信息；这些表的数字未与其他表和说明核对',
    en: '{count} tables state no unit (such as 单位：万元), the first “{table}”, the others in the related information; their figures were not compared with other tables or the text',
  },
  'table.empty-without-note': {
    'zh-CN': '「{table}」没有数据，也没有说明原因的注（如“本表无数据”）',
    en: '“{table}” has no figures and no note saying why (such as 本表无数据)',
  },
  'hover.narrative.cell': { 'zh-CN': '表中：{where} {raw}（{value}）', en: 'In the table: {where} {raw} ({value})' },
  'hover.narrative.cell.same': { 'zh-CN': '表中：{where} {raw}{unit}', en: 'In the table: {where} {raw}{unit}' },
  'hover.narrative.agrees': { 'zh-CN': '✓ 与表一致', en: '✓ Agrees with the table' },
  'hover.narrative.differs': { 'zh-CN': '⚠ 与表不一致', en: '⚠ Differs from the table' },
  'hover.narrative.percent': { 'zh-CN': '按所列数字：{basis} = {value}%', en: 'From the figures: {basis} = {value}%' },
  'related.more': { 'zh-CN': '… 等另外 {count} 处', en: '… and {count} more' },
  'outline.narrative.checked': { 'zh-CN': '{count} 个数字与表核对', en: '{count} figures checked' },
  'outline.narrative.checked.one': { 'zh-CN': '1 个数字与表核对', en: '1 figure checked' },
  'outline.narrative.differ': { 'zh-CN': '{count} 处与表不一致', en: '{count} differ from the tables' },
  'outline.narrative.differ.one': { 'zh-CN': '1 处与表不一致', en: '1 differs from the tables' },
  'related.table': { 'zh-CN': '表中：{where} {value}', en: 'In the table: {where} {value}' },
  'related.text': { 'zh-CN': '说明中：{what}', en: 'In the text: {what}' },
  'action.text.replace': { 'zh-CN': '改为“{value}”', en: 'Replace with “{value}”' },
  'related.part': { 'zh-CN': '{row}：{value}', en: '{row}: {value}' },
  'related.total': { 'zh-CN': '合计 {row}：{value}', en: 'total {row}: {value}' },
  'related.sameFigure': { 'zh-CN': '同一数字在另一张表：{cell}', en: 'The same figure in another table: {cell}' },
  'related.parts': { 'zh-CN': '组成项 {row} 等 {count} 个数', en: 'its parts {row} and the rest ({count} figures)' },
  'inlay.cell': { 'zh-CN': '应为 {expected}', en: 'should be {expected}' },
  'inlay.cell.tooltip': { 'zh-CN': '改为 {expected} 后，{count} 处合计都相符', en: 'With {expected} here, {count} sums agree' },
};

type Compiled = Array<string | { arg: string }>;
/** Compiled templates, per locale and id. */
const COMPILED: Record<Locale, Map<string, Compiled>> = { 'zh-CN': new Map(), en: new Map() };

function compile(template: string): Compiled {
  const parts: Compiled = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(template)) !== null) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ arg: m[1] });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/**
 * Fill a message template; templates are compiled once per id and locale.
 * The message is one flat string (joined, not appended piece by piece): a
 * large document keeps tens of thousands of them.
 */
export function formatMessage(id: string, locale: Locale, args: Record<string, string | number>): string {
  const compiled = COMPILED[locale];
  let parts = compiled.get(id);
  // only ids with a template are compiled: the catalogue is read once per id and locale
  if (parts === undefined) {
    const t = MESSAGES[id];
    if (!t) return id;
    parts = compile(t[locale]);
    compiled.set(id, parts);
  }
  const out: string[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p === 'string') out[i] = p;
    else {
      const v = args[p.arg];
      out[i] = v === undefined ? `{${p.arg}}` : String(v);
    }
  }
  return out.join('');
}
