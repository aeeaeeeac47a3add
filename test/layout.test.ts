/**
 * The geometry of space-aligned text, one step at a time, on fixtures of a few lines:
 * positioned tokens, columns of figures, header stacks, the placement of columns under
 * their headers, and the tests that route a table to the positional or reading-order reader.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitLines } from '../server/src/service/syntax/lines';
import {
  lineTokens,
  clusterColumns,
  headerStacks,
  alignColumns,
  hasWideGap,
  chooseWidthModel,
  widthModelOfFigures,
  ColumnSet,
  sortUnlessSorted,
  TokenKind,
  LineTokens,
  leafKeys,
  isLeadHeader,
  type HeaderStack,
  type Token,
} from '../server/src/service/syntax/layout';
import { isAligned, withoutWhiteSpace, chooseVariant, nameScore, bestNameScore, splitNamePieces, holdsRemnantCharacter } from '../server/src/service/syntax/layoutTable';
import { TABLE_KINDS, type ColumnVariant } from '../server/src/service/model/registry';
import { isReadingOrder } from '../server/src/service/syntax/readingOrder';
import { SAMPLES, sampleText } from './helpers';
import { corpusDocuments, corpusText } from './corpus';

function tokens(text: string): { text: string; lines: Token[][] } {
  const table = splitLines(text);
  const lines: Token[][] = [];
  for (let i = 0; i < table.length; i++) lines.push(lineTokens(text, table, i));
  return { text, lines };
}
const raw = (text: string, t: Token) => text.slice(t.start, t.end);

describe('positioned tokens', () => {
  it('numbers stand alone, text one space apart is one phrase, positions count characters', () => {
    const { text, lines } = tokens('1. 一般公共预算   96,282,213.44 一、公共安全支出   0');
    const [a, b, c, d] = lines[0];
    assert.equal(raw(text, a), '1. 一般公共预算');
    assert.equal(a.kind, TokenKind.Text);
    assert.equal(raw(text, b), '96,282,213.44');
    assert.equal(b.kind, TokenKind.Number);
    assert.deepEqual([b.x0, b.x1], [12, 25]);
    assert.equal(raw(text, c), '一、公共安全支出');
    assert.equal(d.kind, TokenKind.Number);
    assert.equal(d.units, 0);
  });

  it('a code is a number of plain digits; a form feed takes no place on the page', () => {
    const { lines } = tokens('\f204   06   01   行政运行');
    assert.deepEqual(lines[0].map((t) => [t.x0, t.plainDigits]), [[0, 3], [6, 2], [11, 2], [16, 0]]);
  });

  it('placeholders (…, 。。) hold no value and no name', () => {
    const { lines } = tokens('…          …\n 。\n      。。');
    assert.deepEqual(lines.map((l) => l.length), [0, 0, 0]);
  });

  it("a table's tokens by line: set in any order (a line above the first too), unknown lines have none", () => {
    const { lines } = tokens('甲 1.00\n乙 2.00\n丙 3.00\n丁 4.00');
    const cache = new LineTokens();
    assert.equal(cache.get(0), undefined);
    cache.set(2, lines[2]);
    cache.set(3, lines[3]);
    cache.set(0, lines[0]);
    assert.equal(cache.get(0), lines[0]);
    assert.equal(cache.get(2), lines[2]);
    assert.equal(cache.get(3), lines[3]);
    assert.equal(cache.has(1), false);
    assert.equal(cache.get(1), undefined);
    assert.equal(cache.get(4), undefined);
    assert.equal(cache.get(-1), undefined);
  });

  it('wide characters count twice under the second width model', () => {
    const { lines } = tokens('行政运行  12.00');
    const t = lines[0][1];
    assert.deepEqual([t.x0, t.w0], [6, 10]);
  });

  it('the width model that lines figures up is chosen', () => {
    // figures aligned when CJK counts double (a monospace rendering), not when it counts once
    const { lines } = tokens('行政运行         12.00\n一般行政管理事务 34.00');
    assert.equal(chooseWidthModel(lines), 2);
    const pdftotext = tokens('行政运行        12.00\n一般行政管理事务    34.00');
    assert.equal(chooseWidthModel(pdftotext.lines), 1);
  });
});

describe('distinct page columns', () => {
  it('counts each column once, is empty again after clear, and grows for far columns (and shrinks back)', () => {
    const set = new ColumnSet();
    for (const x of [3, 7, 3, 0, 7, 255]) set.add(x);
    assert.equal(set.size, 4);
    set.clear();
    assert.equal(set.size, 0);
    for (const x of [7, 8, 7]) set.add(x);
    assert.equal(set.size, 2);
    set.clear();
    for (const x of [100000, 5, 100000, 99999]) set.add(x);
    assert.equal(set.size, 3);
    set.clear();
    for (const x of [100000, 5]) set.add(x);
    assert.equal(set.size, 2);
  });

  it('the width model of figures: the one with fewer distinct right edges, none when they tie or there are no figures', () => {
    assert.equal(widthModelOfFigures(tokens('甲 乙').lines), null);
    // one figure: one edge under both models
    assert.equal(widthModelOfFigures(tokens('行政运行  12.00').lines), null);
    // tables after a table: the counts of one do not leak into the next
    for (let i = 0; i < 3; i++) {
      assert.equal(widthModelOfFigures(tokens('行政运行         12.00\n一般行政管理事务 34.00').lines), 2);
      assert.equal(widthModelOfFigures(tokens('行政运行        12.00\n一般行政管理事务    34.00').lines), 1);
    }
  });
});

describe('columns of figures', () => {
  it('right edges within a column or two are one column; two figures of one line never are', () => {
    const { lines } = tokens(
      ['201   一般公共服务支出   2,112.86   2,106.66        6.20', '201 06 财政事务       2,112.86 2,106.66          6.20', '行政运行           1,511.90     1,511.89        0.01'].join('\n'),
    );
    const figures = lines.flat().filter((t) => t.kind === TokenKind.Number && t.plainDigits === 0);
    const cols = clusterColumns(figures, 1);
    assert.equal(cols.length, 3);
    for (const c of cols) assert.equal(new Set(c.tokens.map((t) => t.line)).size, c.tokens.length);
  });

  it('a figure pushed a few columns right (an edited, wider figure before it) stays in its column', () => {
    const { lines } = tokens(['a   100   0   0', 'b   100   0   0', 'c   100   0   0', 'd   100   0       0'].join('\n'));
    const figures = lines.flat().filter((t) => t.kind === TokenKind.Number);
    assert.equal(clusterColumns(figures, 1).length, 3);
  });
});

describe('header stacks', () => {
  it('a wrapped label is one stack; a label over several is their group', () => {
    const { text, lines } = tokens(['        本年支出预算数', '        小计  基本支出  项目支出', '  合计'].join('\n'));
    const stacks = headerStacks(text, lines, 1);
    assert.deepEqual(stacks.map((s) => s.key), ['合计', '小计', '基本支出', '项目支出']);
    assert.deepEqual(stacks[1].groups, ['本年支出预算数']);
    const wrapped = tokens(['  本年收入合   财政拨款收', '  计           入'].join('\n'));
    assert.deepEqual(headerStacks(wrapped.text, wrapped.lines, 1).map((s) => s.key), ['本年收入合计', '财政拨款收入']);
  });
  it('keeps pieces and group labels top to bottom', () => {
    const { text, lines } = tokens(['      财政拨款资金来源', '      一般公共预算支出', '      本年  上年', '      支出  结转', '      预算  资金', '  合计  数'].join('\n'));
    const stacks = headerStacks(text, lines, 1);
    assert.deepEqual(stacks.map((s) => s.parts), [['合计'], ['本年', '支出', '预算', '数'], ['上年', '结转', '资金']]);
    assert.deepEqual(stacks.map((s) => s.key), ['合计', '本年支出预算数', '上年结转资金']);
    assert.deepEqual(stacks[1].groups, ['财政拨款资金来源', '一般公共预算支出']);
    assert.deepEqual(stacks[2].groups, ['财政拨款资金来源', '一般公共预算支出']);
  });
});

describe('lead header names', () => {
  it('knows the code and name columns by name and by pattern, and no amount column', () => {
    for (const key of ['项目', '科目编码', '功能分类科目编码', '支出功能分类科目', '科目编码科目名称', '功能分类科目编码及名称', '类', '款', '项', '栏次']) {
      assert.ok(isLeadHeader(key), key);
    }
    for (const key of ['', '合计', '预算数', '科目编码款', '科目名称合计', '项目支出', '基本支出', '类款', '分类科目合计', '科目编码\n名称']) {
      assert.ok(!isLeadHeader(key), key);
    }
  });
});

describe('placing columns under headers', () => {
  it('keeps their order and leaves blank leaves blank', () => {
    const leaves = [{ x0: 0, x1: 4 }, { x0: 10, x1: 14 }, { x0: 20, x1: 24 }, { x0: 30, x1: 34 }];
    const a = alignColumns([{ x0: 1, x1: 5 }, { x0: 29, x1: 35 }], leaves);
    assert.deepEqual(a?.assignment, [0, 3]);
    assert.equal(alignColumns([{ x0: 0, x1: 1 }, { x0: 2, x1: 3 }, { x0: 4, x1: 5 }], leaves.slice(0, 2)), null);
  });
});

describe('which reader a table gets', () => {
  const lines = (text: string) => ({ text, table: splitLines(text), all: text.split('\n').map((_, i) => i) });

  it('columns kept apart by runs of spaces: the positional reader', () => {
    const { text, table, all } = lines('201   一般公共服务支出    100.00    60.00\n20103 政府办公厅   100.00    60.00');
    assert.ok(isAligned(text, table, all, hasWideGap));
  });

  it('a line with a wide gap holds two tokens or more (isAligned counts it without counting its tokens)', () => {
    const texts = ['\u00a0A  B', '\u00a0  X', '  A  ', 'A  \u00a0', '\u3000甲  乙', 'A \t  B', '\fA  1.00', ' 。  A'];
    for (const name of SAMPLES) texts.push(...sampleText(name).split('\n'));
    // the space-aligned texts of the corpus, where it is at hand
    for (const doc of corpusDocuments()) texts.push(...corpusText(`${doc}.layout.txt`).split('\n'));
    for (const line of texts) {
      if (!hasWideGap(line, 0, line.length)) continue;
      // tokens as isAligned counts them: runs of characters other than space, tab, form feed, CR and U+3000
      assert.ok((line.match(/[^ \t\f\r\u3000]+/g) ?? []).length >= 2, JSON.stringify(line));
    }
  });

  it('single spaces (or ideographic indentation) are not alignment', () => {
    const { text, table, all } = lines('2010301 　　行政运行 266.60 266.60 0.00\n2010302 　　一般行政管理事务 202.10 202.10 0.00');
    assert.ok(!isAligned(text, table, all, hasWideGap));
  });

  it('one cell per line: the reading-order reader; a line of several figures is not that', () => {
    const ro = lines('201\n\n一般公共服务支出\n\n100.00\n\n60.00\n\n20103');
    assert.ok(isReadingOrder(ro.text, ro.table, ro.all));
    const row = lines('201\n一般公共服务支出\n100.00 60.00 40.00\n20103\n行政运行');
    assert.ok(!isReadingOrder(row.text, row.table, row.all));
  });
});

describe('white space inside a label piece', () => {
  it('is removed as the regular expression class \\s is, over the range given only', () => {
    const all = '\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
    for (const c of all) assert.equal(withoutWhiteSpace(`一${c}二`, 0, 3), '一二', `U+${c.charCodeAt(0).toString(16)}`);
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (withoutWhiteSpace(c, 0, 1) !== c.replace(/\s+/g, '')) assert.fail(`U+${code.toString(16)}`);
    }
    for (const c of ['a', '\u200b', '\u0085', '\u3001', '-']) assert.equal(withoutWhiteSpace(`一${c}二`, 0, 3), `一${c}二`);
    assert.equal(withoutWhiteSpace('一般 公共', 0, 2), '一般');
    assert.equal(withoutWhiteSpace('一般 公共', 0, 4), '一般公');
    assert.equal(withoutWhiteSpace('x 1. 一般  公共\u3000预算 ', 2, 15), '1.一般公共预算');
    assert.equal(withoutWhiteSpace(' \u3000 ', 0, 3), '');
    assert.equal(withoutWhiteSpace('一般', 1, 1), '');
  });
});

describe('sorting what is mostly in order', () => {
  it('leaves items in order alone and sorts the others stably, as Array.prototype.sort does', () => {
    const byX = (a: { x: number }, b: { x: number }) => a.x - b.x;
    const inOrder = [{ x: 1 }, { x: 2 }, { x: 2 }, { x: 5 }];
    const before = inOrder.slice();
    sortUnlessSorted(inOrder, byX);
    assert.ok(inOrder.every((v, i) => v === before[i]));
    const items = [{ x: 3, id: 'a' }, { x: 1, id: 'b' }, { x: 3, id: 'c' }, { x: 1, id: 'd' }, { x: 2, id: 'e' }];
    const expected = items.slice().sort(byX);
    sortUnlessSorted(items, byX);
    assert.deepEqual(items.map((v) => v.id), expected.map((v) => v.id));
    assert.deepEqual(items.map((v) => v.id), ['b', 'd', 'e', 'a', 'c']);
  });
  it('orders few items (by insertion) and many (by the library) as the stable library sort does', () => {
    const byX = (a: { x: number }, b: { x: number }) => a.x - b.x;
    // a fixed pseudo-random sequence: small values, so that ties are common
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 5;
    for (let n = 0; n <= 40; n++) {
      for (let trial = 0; trial < 20; trial++) {
        const items = Array.from({ length: n }, (_, id) => ({ x: next(), id }));
        const expected = items.slice().sort(byX);
        sortUnlessSorted(items, byX);
        assert.deepEqual(items.map((v) => v.id), expected.map((v) => v.id), `${n} items`);
      }
    }
  });
});

describe('naming a leaf by a header stack', () => {
  const names = ['', '预算数', '决算数', '合计', '合计预算数', '公务接待费', '公务接待费预算数', '公务用车运行维护费', '用车运行费', '本年支出小计基本支出', '基本支出', '𠀋预算', '预算𠀋数'];
  it('scores an ending 3, a name inside 2, most characters in order 1, whichever name is longer', () => {
    assert.equal(nameScore('预算数', '公务接待费预算数'), 3);
    assert.equal(nameScore('公务接待费预算数', '预算数'), 3);
    assert.equal(nameScore('预算数', '预算数'), 3);
    assert.equal(nameScore('基本支出', '本年支出小计基本支出项目支出'), 2);
    assert.equal(nameScore('本年支出小计基本支出项目支出', '基本支出'), 2);
    assert.equal(nameScore('用车运行费', '公务用车运行维护费'), 1);
    assert.equal(nameScore('决算数', '公务接待费'), 0);
    assert.equal(nameScore('', '预算数'), 0);
  });
  it('with a floor, answers the score when it beats the floor, else 0', () => {
    for (const stack of names) {
      for (const leaf of names) {
        for (const floor of [0, 1, 2]) {
          const score = nameScore(stack, leaf);
          assert.equal(nameScore(stack, leaf, floor), score > floor ? score : 0, `${stack} ${leaf} ${floor}`);
        }
      }
    }
  });
  it('gives a stack the best score over the leaves, in any order of them', () => {
    for (const stack of names) {
      for (let from = 0; from < names.length; from++) {
        for (const count of [0, 1, 3, names.length]) {
          const leaves = [...names.slice(from), ...names.slice(0, from)].slice(0, count);
          assert.equal(bestNameScore(stack, leaves), Math.max(0, ...leaves.map((l) => nameScore(stack, l))), `${stack} ${leaves.join('|')}`);
        }
      }
    }
  });
});

describe('choosing a column variant', () => {
  // every variant scored, names and all: what chooseVariant gives without leaving out the variants that cannot win
  const everyVariantScored = (variants: ColumnVariant[], stacks: HeaderStack[] | null, maxColumns: number): ColumnVariant | null => {
    let variant: ColumnVariant | null = null;
    let best = -1;
    for (const v of variants) {
      const keys = leafKeys(v);
      if (keys.length < maxColumns) continue;
      let score = 0;
      if (stacks && stacks.length === keys.length) score += 100;
      else if (keys.length === maxColumns) score += 50;
      if (stacks) for (const s of stacks) score += Math.max(0, ...keys.map((k) => nameScore(s.key, k)));
      score -= keys.length * 0.01;
      if (score > best) {
        best = score;
        variant = v;
      }
    }
    return variant;
  };
  it('chooses as scoring every variant does, for the registry\'s kinds and headers made of their leaves', () => {
    let seed = 11;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const stack = (key: string): HeaderStack => ({ x0: 0, x1: 1, parts: [key], key, groups: [] });
    let tried = 0;
    for (const kind of TABLE_KINDS) {
      const variants = [...kind.variants, ...(kind.expenditureVariants ?? [])];
      const leaves = variants.flatMap((v) => leafKeys(v));
      if (leaves.length === 0) continue;
      for (let round = 0; round < 40; round++) {
        // leaf keys, their ends, and words of no leaf; as many stacks as some variant's leaves, or not
        const count = next(3) === 0 ? leafKeys(variants[next(variants.length)]).length : 1 + next(8);
        const stacks = Array.from({ length: count }, () => {
          const leaf = leaves[next(leaves.length)];
          const pick = next(4);
          return stack(pick === 0 ? leaf : pick === 1 ? leaf.slice(next(leaf.length)) : pick === 2 ? '预算数' : '其他');
        });
        const maxColumns = next(10);
        for (const s of [stacks, null]) {
          assert.equal(chooseVariant(variants, s, maxColumns), everyVariantScored(variants, s, maxColumns), `${kind.id} ${maxColumns}`);
          tried++;
        }
      }
    }
    assert.ok(tried > 100);
  });
});

describe('splitting name pieces between rows', () => {
  type Runs = Parameters<typeof splitNamePieces>[0];
  type Anchor = NonNullable<Runs[number]['before']>;
  // the programme over maps of state objects it replaced: the reference for the split
  const reference = (runs: Runs, centred: boolean): number[] => {
    const forced = runs.map((r) => (!r.before ? 0 : !r.after ? r.pieces.length : r.blankAt > 0 ? r.blankAt : r.before.complete ? 0 : !centred ? r.pieces.length : -1));
    if (forced.every((f) => f >= 0)) return forced;
    type State = { c: number; from: number; below: number };
    const steps: Array<Map<number, State>> = [];
    let cur = new Map<number, State>([[0, { c: 0, from: -1, below: 0 }]]);
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i];
      const next = new Map<number, State>();
      for (const [above, st] of cur) {
        const options = forced[i] >= 0 ? [forced[i]] : Array.from({ length: r.pieces.length + 1 }, (_, k) => k);
        for (const below of options) {
          let c = st.c;
          if (r.before && centred) {
            const named = r.before.read.label.length > 0;
            if (below !== above) c += !named && below === above - 1 ? (above === 1 ? 0.1 : 0.5) : 1;
          }
          const taken = r.pieces.length - below;
          const known = next.get(taken);
          if (known === undefined || c < known.c || (c === known.c && below > known.below)) next.set(taken, { c, from: above, below });
        }
      }
      steps.push(next);
      cur = next;
    }
    let state = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const [taken, st] of cur) if (st.c < bestCost) [state, bestCost] = [taken, st.c];
    const belowOf = new Array<number>(runs.length);
    for (let i = runs.length - 1; i >= 0; i--) {
      const st = steps[i].get(state)!;
      belowOf[i] = st.below;
      state = st.from;
    }
    return belowOf;
  };
  it('gives each row the pieces the programme over maps gave it, names centred or not', () => {
    let seed = 5;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 400; round++) {
      const count = 1 + next(7);
      const anchors = Array.from({ length: count }, (): Anchor => {
        const read = { label: next(2) === 0 ? [] : [{}], line: 0 } as unknown as Anchor['read'];
        return { read, above: [], below: [], extra: [], group: 0, complete: next(6) === 0 };
      });
      const piece = () => ({}) as unknown as Anchor['read'];
      const runs: Runs = Array.from({ length: count + 1 }, (_, i) => {
        const pieces = Array.from({ length: next(5) }, piece);
        return { before: i > 0 ? anchors[i - 1] : null, after: i < count ? anchors[i] : null, pieces, blankAt: next(8) === 0 ? next(pieces.length + 1) : -1 };
      });
      const centred = next(4) !== 0;
      const belowOf = reference(runs, centred);
      splitNamePieces(runs, centred);
      runs.forEach((r, i) => {
        const below = r.before ? r.pieces.filter((p) => r.before!.below.includes(p)).length : 0;
        const above = r.after ? r.pieces.filter((p) => r.after!.above.includes(p)).length : 0;
        if (r.before) assert.equal(below, belowOf[i], `round ${round}, run ${i}`);
        if (r.after) assert.equal(above, r.pieces.length - belowOf[i], `round ${round}, run ${i}`);
      });
    }
  });
});

describe('header remnants among the data', () => {
  it('finds a character of every remnant (类 款 项, 栏次, 行次) and none in a plain name', () => {
    for (const remnant of ['类', '款', '项', '类款项', '款 项', '栏次', '行次 1']) assert.ok(holdsRemnantCharacter(remnant, 0, remnant.length), remnant);
    for (const name of ['一般公共预算财政拨款收入', '合计', '基本支出']) assert.equal(holdsRemnantCharacter(name, 0, name.length), name.includes('款'), name);
  });
});
