/**
 * The table-kind registry: which budget tables we know, how their titles are
 * written, how their rows nest and which of their columns add up.
 *
 * Titles are matched on labelKey(title) (width folded, spaces and quotes
 * removed, brackets as ASCII), after the 表N label is stripped.
 */
import type { CodeScheme, ColumnNode } from './types';
import { ownCopy } from '../strings';

export type RowModel =
  | 'code-tree' // rows carry classification codes (功能 / 经济)
  | 'two-sided' // income on the left, expenditure on the right
  | 'blocks-basic' // units › expenditure categories (› items)
  | 'blocks-project' // units › projects
  | 'three-public' // 行政经费 and “三公” breakdown rows
  | 'generic';

/** A column: a leaf label, or a group. `noSum` groups are never addends. */
export type ColSpec = string | { label: string; children: ColSpec[]; noSum?: boolean };

export interface ColumnVariant {
  columns: ColSpec[];
  /** explicit relations [total leaf, part leaves] beyond those the tree implies */
  relations?: Array<[number, number[]]>;
  /** when true, relations are only the explicit ones */
  explicitOnly?: boolean;
}

export interface TableKindDef {
  id: string;
  name: { 'zh-CN': string; en: string };
  titles: RegExp[];
  rows: RowModel;
  scheme?: CodeScheme;
  variants: ColumnVariant[];
  /** two-sided tables whose expenditure side has columns of its own (the income side has `variants`) */
  expenditureVariants?: ColumnVariant[];
}

const FUND3 = ['一般公共预算', '政府性基金预算', '国有资本经营预算'];

const BLOCK7: ColSpec[] = [
  '总计',
  { label: '财政拨款', children: ['合计', ...FUND3] },
  '财政专户拨款',
  '其他资金',
];
const BLOCK6: ColSpec[] = [
  '总计',
  { label: '财政拨款', children: ['合计', '一般公共预算', '政府性基金预算'] },
  '财政专户拨款',
  '其他资金',
];
const SZ_UNIT_FUNDS: ColSpec = {
  label: '单位资金',
  children: ['事业收入', '事业单位经营收入', '上级补助收入', '附属单位上缴收入', '其他收入'],
};
const TOTAL_BASIC_PROJECT: ColSpec[] = ['支出总计', '基本支出', '项目支出'];

/** Columns of the per-unit basic and project expenditure tables (Guangdong 7 / 6, Shenzhen 12). */
const UNIT_TABLE_VARIANTS: ColumnVariant[] = [
  { columns: BLOCK7 },
  { columns: BLOCK6 },
  {
    columns: [
      '总计',
      { label: '财政拨款', children: ['小计', '一般公共预算拨款', '政府性基金预算拨款', '国有资本经营预算拨款'] },
      '财政专户管理资金',
      SZ_UNIT_FUNDS,
      '上年结余、结转',
    ],
  },
];

/** Shenzhen 三公 table: six groups of three fund columns. */
function threePublicShenzhen(): ColumnVariant {
  const groups = ['总计', '因公出国(境)费用', '公务接待费', '公务用车购置及运行维护费小计', '公务用车购置费', '公务用车运行维护费'];
  const columns: ColSpec[] = groups.map((g) => ({ label: g, children: ['一般公共预算', '政府性基金预算', '国有资本经营预算'] }));
  const relations: Array<[number, number[]]> = [];
  for (let f = 0; f < 3; f++) {
    relations.push([f, [3 + f, 6 + f, 9 + f]]);
    relations.push([9 + f, [12 + f, 15 + f]]);
  }
  return { columns, relations, explicitOnly: true };
}

/**
 * Shanghai 决算 三公 table: 预算数 and 决算数 for 合计, 因公出国（境）费, 公务用车购置及运行维护费
 * (小计, 购置费, 运行维护费) and 公务接待费, in that order.
 */
function threePublicFinalAccounts(): ColumnVariant {
  const pair = ['预算数', '决算数'];
  const columns: ColSpec[] = [
    { label: '合计', children: pair },
    { label: '因公出国(境)费', children: pair },
    {
      label: '公务用车购置及运行维护费',
      children: [
        { label: '小计', children: pair },
        { label: '公务用车购置费', children: pair },
        { label: '公务用车运行维护费', children: pair },
      ],
    },
    { label: '公务接待费', children: pair },
  ];
  const relations: Array<[number, number[]]> = [];
  for (let f = 0; f < 2; f++) {
    relations.push([f, [2 + f, 4 + f, 10 + f]]);
    relations.push([4 + f, [6 + f, 8 + f]]);
  }
  return { columns, relations, explicitOnly: true };
}

/**
 * Shanghai 预算 三公 table: one row of 合计, 因公出国（境）费, 公务接待费, 公务用车购置及运行费
 * (小计, 购置费, 运行费) and, beside them, 机关运行经费 (not part of the 三公 sum).
 */
const THREE_PUBLIC_BUDGET: ColumnVariant = {
  columns: [
    '合计',
    '因公出国(境)费',
    '公务接待费',
    { label: '公务用车购置及运行费', children: ['小计', '购置费', '运行费'] },
    { label: '机关运行经费', noSum: true, children: ['机关运行经费预算数'] },
  ],
  relations: [
    [0, [1, 2, 3]],
    [3, [4, 5]],
  ],
  explicitOnly: true,
};

/** 政府性基金 / 国有资本经营 决算 tables (Shanghai): balances and the year's expenditure by kind. */
const FUND_FINAL_ACCOUNTS: ColumnVariant = {
  columns: ['年初结转和结余', '本年收入', { label: '本年支出', children: ['小计', '基本支出', '项目支出'] }, '年末结转和结余'],
  relations: [[2, [3, 4]]],
  explicitOnly: true,
};

const TOTAL_BASIC_PROJECT_HEJI: ColSpec[] = ['合计', '基本支出', '项目支出'];

export const TABLE_KINDS: TableKindDef[] = [
  {
    id: 'fiscal-summary',
    name: { 'zh-CN': '财政拨款收支总体情况表', en: 'Fiscal appropriation income and expenditure summary' },
    titles: [/^财政拨款收支(预算)?总(体情况)?表$/, /^财政拨款收入支出(决算|预算)总?表$/],
    rows: 'two-sided',
    variants: [{ columns: ['预算'] }],
    // the expenditure side of the Shanghai tables: 合计 and the three funds
    expenditureVariants: [
      { columns: ['合计', ...FUND3] },
      { columns: ['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'] },
    ],
  },
  {
    id: 'summary',
    name: { 'zh-CN': '收支总体情况表', en: 'Income and expenditure summary' },
    titles: [/^(部门)?(财务)?收支(预算)?总(体情况)?表$/, /^收入支出(决算|预算)总?表$/],
    rows: 'two-sided',
    variants: [{ columns: ['预算'] }],
    // the expenditure side of a unit's 财务收支预算总表 (Shanghai): 合计, 基本支出 (人员经费, 公用经费), 项目支出
    expenditureVariants: [{ columns: ['合计', { label: '基本支出', children: ['人员经费', '公用经费'] }, '项目支出'] }],
  },
  {
    id: 'income',
    name: { 'zh-CN': '收入总体情况表', en: 'Income summary' },
    titles: [/^(部门)?收入(预算)?总(体情况)?表$/, /^收入决算表$/],
    rows: 'code-tree',
    scheme: 'function',
    variants: [
      {
        columns: [
          '合计',
          { label: '财政拨款收入', children: FUND3 },
          { label: '财政专户拨款收入', children: ['教育收费', '其他专户收入拨款'] },
          { label: '其他资金收入', children: ['事业收入', '经营收入', '其他收入'] },
          '上级补助收入',
          '附属单位上缴收入',
          '用事业基金弥补收支差额',
        ],
      },
      // 部门决算 收入决算表
      { columns: ['本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'] },
      // Shanghai 部门收入预算总表
      { columns: ['合计', '财政拨款收入', '事业收入', '事业单位经营收入', '其他收入'] },
      {
        columns: [
          '收入总计',
          {
            label: '财政拨款',
            children: [
              '小计',
              { label: '一般公共预算拨款', children: ['基本支出拨款', '履职类项目拨款', '财政专项资金拨款', '政府投资项目拨款'] },
              '政府性基金预算拨款',
              '国有资本经营预算拨款',
            ],
          },
          '财政专户管理资金',
          SZ_UNIT_FUNDS,
          '上年结余、结转',
        ],
      },
    ],
  },
  {
    id: 'expenditure',
    name: { 'zh-CN': '支出总体情况表', en: 'Expenditure summary' },
    titles: [/^(部门)?支出(预算)?总(体情况)?表$/, /^支出决算表$/],
    rows: 'code-tree',
    scheme: 'function',
    variants: [
      { columns: ['合计', '基本支出', '项目支出', '事业单位经营支出', '对附属单位补助支出', '上缴上级支出', '结转下年'] },
      // 部门决算 支出决算表
      { columns: ['本年支出合计', '基本支出', '项目支出'] },
      // Shanghai 部门支出预算总表
      { columns: TOTAL_BASIC_PROJECT_HEJI },
      { columns: ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'] },
      {
        columns: [
          '支出总计',
          '基本支出',
          '项目支出',
          '事业单位经营支出',
          '对附属单位补助支出',
          '上缴上级支出',
          {
            label: '政府采购项目',
            noSum: true,
            children: ['小计', '其中:面向中小企业政府采购项目', '其中:面向小型、微型企业政府采购项目'],
          },
        ],
        explicitOnly: false,
      },
    ],
  },
  {
    id: 'general-budget-function',
    name: { 'zh-CN': '一般公共预算支出情况表（按功能分类科目）', en: 'General budget expenditure by function' },
    titles: [
      /^一般公共预算(财政拨款)?支出(情况|决算)?表(\(按功能分类(科目)?\))?$/,
      /^一般公共预算(财政拨款)?支出功能分类(科目)?(预算|决算)?表$/,
    ],
    rows: 'code-tree',
    scheme: 'function',
    variants: [
      { columns: [{ label: '一般公共预算支出', children: ['小计', '基本支出', '项目支出'] }] },
      { columns: TOTAL_BASIC_PROJECT },
      { columns: TOTAL_BASIC_PROJECT_HEJI },
    ],
  },
  {
    id: 'general-budget-basic-economic',
    name: { 'zh-CN': '一般公共预算基本支出情况表（按经济分类科目）', en: 'General budget basic expenditure by economic class' },
    titles: [
      /^一般公共预算(财政拨款)?基本支出(情况|决算)?表(\(按经济分类(科目)?\))?$/,
      /^一般公共预算(财政拨款)?基本支出(部门预算)?(部门)?经济分类(科目)?(预算|决算)?表$/,
    ],
    rows: 'code-tree',
    scheme: 'economic',
    variants: [{ columns: ['预算'] }, { columns: ['合计', '人员经费', '公用经费'] }, { columns: ['决算数'] }],
  },
  {
    id: 'general-budget-project-economic',
    name: { 'zh-CN': '一般公共预算项目支出情况表（按经济分类科目）', en: 'General budget project expenditure by economic class' },
    titles: [/^一般公共预算项目支出(情况)?表(\(按经济分类(科目)?\))?$/],
    rows: 'code-tree',
    scheme: 'economic',
    variants: [{ columns: ['预算'] }],
  },
  {
    id: 'general-budget-economic',
    name: { 'zh-CN': '一般公共预算支出表（按经济分类）', en: 'General budget expenditure by economic class' },
    titles: [/^一般公共预算支出(情况)?表\(按经济分类(科目)?\)$/],
    rows: 'code-tree',
    scheme: 'economic',
    variants: [{ columns: TOTAL_BASIC_PROJECT }, { columns: ['预算'] }],
  },
  {
    id: 'three-public',
    name: { 'zh-CN': '“三公”经费预算表', en: '“Three public” expenses' },
    titles: [/三公经费.*表$/],
    rows: 'three-public',
    variants: [{ columns: ['合计', ...FUND3] }, threePublicShenzhen(), { columns: ['预算'] }, THREE_PUBLIC_BUDGET, threePublicFinalAccounts()],
  },
  {
    id: 'government-fund',
    name: { 'zh-CN': '政府性基金预算支出情况表', en: 'Government fund budget expenditure' },
    titles: [/^政府性基金预算(财政拨款)?(收入)?支出(功能分类(科目)?)?(情况|决算|预算)?表$/],
    rows: 'code-tree',
    scheme: 'function',
    variants: [
      { columns: [{ label: '政府性基金预算支出', children: ['小计', '基本支出', '项目支出'] }] },
      { columns: TOTAL_BASIC_PROJECT },
      { columns: TOTAL_BASIC_PROJECT_HEJI },
      FUND_FINAL_ACCOUNTS,
    ],
  },
  {
    id: 'state-capital',
    name: { 'zh-CN': '国有资本经营预算支出情况表', en: 'State capital operation budget expenditure' },
    titles: [/^国有资本经营预算(财政拨款)?(收入)?支出(功能分类(科目)?)?(情况|决算|预算)?表$/],
    rows: 'code-tree',
    scheme: 'function',
    variants: [
      { columns: [{ label: '国有资本经营预算支出', children: ['小计', '基本支出', '项目支出'] }] },
      { columns: TOTAL_BASIC_PROJECT },
      { columns: TOTAL_BASIC_PROJECT_HEJI },
      FUND_FINAL_ACCOUNTS,
    ],
  },
  {
    id: 'basic-expenditure',
    name: { 'zh-CN': '部门预算基本支出预算表', en: 'Basic expenditure by unit' },
    titles: [/^(部门预算)?基本支出(总|预算)表$/],
    rows: 'blocks-basic',
    variants: UNIT_TABLE_VARIANTS,
  },
  {
    id: 'project-expenditure',
    name: { 'zh-CN': '部门预算项目支出及其他支出预算表', en: 'Project and other expenditure by unit' },
    titles: [/^(部门预算)?项目支出(及其他支出)?(总|预算)表$/],
    rows: 'blocks-project',
    variants: UNIT_TABLE_VARIANTS,
  },
  {
    id: 'performance-targets',
    name: { 'zh-CN': '整体支出绩效目标表', en: 'Overall performance targets' },
    titles: [/绩效目标表$/],
    rows: 'generic',
    variants: [],
  },
  {
    id: 'key-projects',
    name: { 'zh-CN': '重点项目绩效目标', en: 'Key project performance targets' },
    titles: [],
    rows: 'blocks-project',
    variants: [{ columns: ['预算数'] }],
  },
];

export const GENERIC_KIND: TableKindDef = {
  id: 'generic',
  name: { 'zh-CN': '表格', en: 'Table' },
  titles: [],
  rows: 'generic',
  variants: [],
};

const BY_ID = new Map(TABLE_KINDS.map((k) => [k.id, k] as const));

export function kindById(id: string): TableKindDef {
  return BY_ID.get(id) ?? GENERIC_KIND;
}

const CN_DIGITS = '[一二三四五六七八九十]{1,3}';
/** A title's numbering: 表1, 表 1-2, 附表3, 表一, 1., 1、, 1．, 一、 */
const TITLE_NUMBER_RE = new RegExp(`^(?:(?:附)?表(?:\\d+(?:[-.]\\d+)?|${CN_DIGITS})[:：.、]?|\\d{1,2}[-.、．]?(?!\\d)|${CN_DIGITS}[、.．])`);
/** What a title says before the table's own name: a unit, a year, 部门 / 单位 / 预算单位 */
const TITLE_YEAR_RE = /^.{0,40}?(?:19|20)\d{2}年度?/;
const TITLE_OWNER_RE = /^(?:本?部门|本?单位|预算单位)(?=.)/;

/**
 * The part of a title key that names the table (always a suffix of the key): the numbering (表1, 1., 一、), a year and what
 * precedes it (上海市XX局2024年度, 2026年) and 部门 / 单位 / 预算单位 stripped.
 */
export function titleKey(key: string): string {
  return titleCore(key).replace(TITLE_OWNER_RE, '');
}

/** A title key without its numbering and year (what precedes the year included). */
function titleCore(key: string): string {
  return key.replace(TITLE_NUMBER_RE, '').replace(TITLE_YEAR_RE, '');
}

/**
 * A heading that names the tables part rather than one table (上海市XX局2024年度部门决算表,
 * 部门预算表, 五、单位预算表): never a table title.
 */
export function isTablesPartTitle(key: string): boolean {
  // titleKey only strips a prefix: a key that does not end in 算表 cannot qualify
  return key.endsWith('算表') && /^(?:部门|单位)?(?:决算|预算)表$/.test(titleKey(key));
}

/** Sentence punctuation: a line holding it is prose (a note, a sentence naming a table), not a title. */
const SENTENCE_RE = /[，。；;,！？]/;

export function matchTableKind(key: string): TableKindDef | undefined {
  // pure in the key, and the same titles come again (each page, each document): remembered
  const known = KIND_OF_TITLE.get(key);
  if (known !== undefined) return known ?? undefined;
  const kind = matchTableKindOf(key);
  if (KIND_OF_TITLE.size >= KIND_OF_TITLE_MAX) KIND_OF_TITLE.clear();
  // an own copy: a key sliced from a document must not keep the document alive
  KIND_OF_TITLE.set(ownCopy(key), kind ?? null);
  return kind;
}

const KIND_OF_TITLE = new Map<string, TableKindDef | null>();
const KIND_OF_TITLE_MAX = 5000;

function matchTableKindOf(key: string): TableKindDef | undefined {
  if (SENTENCE_RE.test(key)) return undefined;
  // with 部门 / 单位 (部门预算基本支出预算表), and without (2024年部门收入预算总表)
  const core = titleCore(key);
  const k = core.replace(TITLE_OWNER_RE, '');
  for (const kind of TABLE_KINDS) for (const re of kind.titles) if (re.test(core) || re.test(k)) return kind;
  return undefined;
}

/** Build the column tree of a variant, numbering leaves left to right. */
export function buildColumns(specs: ColSpec[]): { nodes: ColumnNode[]; leafCount: number } {
  let leaf = 0;
  const build = (s: ColSpec): ColumnNode =>
    typeof s === 'string'
      ? { label: s, leaf: leaf++, children: [] }
      : { label: s.label, children: s.children.map(build), noSum: s.noSum };
  const nodes = specs.map(build);
  return { nodes, leafCount: leaf };
}

const TOTAL_LABEL_RE = /^(其中[:：])?(合计|总计|小计|支出总计|收入总计|本年支出合计|本年收入合计)$/;

/**
 * Relations the column tree implies: a total leaf that opens a sibling list
 * equals the sum of the values of the siblings after it (a group's value is
 * its own total leaf, else the values of its children). `noSum` groups are
 * neither addends nor checked inside.
 */
export function columnRelations(nodes: ColumnNode[]): Array<[number, number[]]> {
  const out: Array<[number, number[]]> = [];
  const valueOf = (n: ColumnNode): number[] => {
    if (n.leaf !== undefined) return [n.leaf];
    if (n.noSum) return [];
    const first = n.children[0];
    if (first && first.leaf !== undefined && TOTAL_LABEL_RE.test(first.label)) return [first.leaf];
    return n.children.flatMap(valueOf);
  };
  const walk = (list: ColumnNode[]): void => {
    const first = list[0];
    if (first && first.leaf !== undefined && TOTAL_LABEL_RE.test(first.label) && list.length > 1) {
      const parts = list.slice(1).flatMap(valueOf);
      if (parts.length > 0) out.push([first.leaf, parts]);
    }
    for (const n of list) if (n.leaf === undefined && !n.noSum) walk(n.children);
  };
  walk(nodes);
  return out;
}

/** Names of 经济分类 classes used as block categories in 基本支出 tables. */
export const EXPENDITURE_CATEGORIES = new Set([
  '工资福利支出',
  '工资和福利支出',
  '商品和服务支出',
  '对个人和家庭的补助',
  '对个人和家庭补助',
  '对个人和家庭的补助支出',
  '资本性支出',
  '资本性支出(基本建设)',
  '其他资本性等支出',
  '其他资本性支出',
  '债务利息及费用支出',
  '对企业补助',
  '对社会保障基金补助',
  '其他支出',
  '人员经费',
  '公用经费',
  '人员支出',
]);
