/**
 * The header vocabulary is data: these tests keep it consistent (every printed word names exactly one
 * entry of its list) and pin the words the real corpus prints (test/fixtures/real/) to their roles.
 */
import { HEADER_VOCABULARY as V, findWord, HeaderVocabularySchema, sectionWord, stubRole } from '../schemas/header-vocabulary.js';
import { tableSpec, TABLE_IDS, type BudgetTableId } from '../schemas/catalog.js';
import { columnKey } from '../src/assemble/header.js';

const clashes = (lists: Record<string, { printed: string[] }[]>) =>
  Object.entries(lists).flatMap(([name, entries]) => {
    const seen = new Map<string, number>();
    entries.forEach((e, i) => e.printed.forEach((w) => seen.set(w, seen.has(w) && seen.get(w) !== i ? -1 : i)));
    return [...seen].filter(([, i]) => i === -1).map(([w]) => `${name}: ${w}`);
  });

describe('header vocabulary', () => {
  it('is valid against its own schema', () => {
    expect(HeaderVocabularySchema.safeParse(V).success).toBe(true);
  });

  it('lists each printed word under one entry per list, so exact matches are never ambiguous', () => {
    expect(clashes({ stub: V.stub, sections: V.sections, ...V.columns })).toEqual([]);
    // a stub word is never also a value word of a table
    const stubWords = new Set(V.stub.flatMap((e) => e.printed));
    expect(Object.values(V.columns).flatMap((cols) => cols.flatMap((c) => c.printed)).filter((w) => stubWords.has(w))).toEqual([]);
  });

  it('resolves every printed word of a table to its own key through the catalog', () => {
    for (const id of TABLE_IDS) {
      for (const entry of V.columns[id]) {
        for (const word of entry.printed.filter(Boolean)) expect([id, word, columnKey([word], tableSpec(id).columns)]).toEqual([id, word, entry.key]);
      }
    }
  });

  it('resolves every printed word of a 预算 table to its own key through the budget catalog, with no clashes', () => {
    expect(clashes(V.budgetColumns as Record<string, { printed: string[] }[]>)).toEqual([]);
    for (const [id, entries] of Object.entries(V.budgetColumns)) {
      for (const entry of entries) {
        for (const word of entry.printed.filter(Boolean)) expect([id, word, columnKey([word], tableSpec(id as BudgetTableId, 'budget').columns)]).toEqual([id, word, entry.key]);
      }
    }
    // 基本支出 over 小计 | 人员经费 | 公用经费 (Chongqing, Huzhou): the 小计 is the 基本支出 column, not the table's 合计
    expect(columnKey(['基本支出', '小计'], tableSpec('t5', 'budget').columns)).toBe('basic');
    expect(columnKey(['本年支出', '合计'], tableSpec('t3', 'budget').columns)).toBe('total');
    expect(columnKey(['预算数', '基本支出', '人员经费'], tableSpec('t1', 'budget').columns)).toBe('personnel');
  });

  it('knows the code and name headers the real documents print', () => {
    const codes = ['科目代码', '科目编码', '功能分类科目编码', '经济分类科目编码', '功能科目编码', '政府预算支出经济科目编码', '部门代码', '类', '款', '项'];
    expect(codes.map(stubRole)).toEqual(codes.map(() => 'code'));
    const names = ['科目名称', '项目', '功能分类科目名称', '部门经济分类科目名称', '二级预算单位名称', '支出功能分类科目(按大类)', '功能分类科目'];
    expect(names.map(stubRole)).toEqual(names.map(() => 'label'));
    expect(stubRole('行次')).toBe('lineNo');
    expect(['金额', '决算数', '本年支出合计', '会议费'].map(stubRole)).toEqual([null, null, null, null]);
  });

  it('reads 表7 item variants, the 三公 subtotal before its items', () => {
    const t7 = tableSpec('t7').columns;
    const key = (...levels: string[]) => columnKey(levels, t7);
    expect(key('公务用车购置及运行维护费', '小计')).toBe('vehicle_subtotal');
    expect(key('公务用车购置及运行费', '公务用车购置费')).toBe('vehicle_purchase');
    expect(key('其中:公务用车购置')).toBe('vehicle_purchase');
    expect(key('公务用车运行维护费')).toBe('vehicle_operation');
    expect(key('因公出国(境)经费')).toBe('overseas');
    expect([key('会议费'), key('培训费')]).toEqual(['meeting', 'training']);
    expect(key('财政拨款安排的"三公"经费', '小计')).toBe('total');
    expect(key('差旅费')).toBeNull();
    expect([sectionWord('全年预算数'), sectionWord('决算数'), sectionWord('项目')]).toEqual(['budget', 'actual', null]);
  });

  it('reads a heading wrapped over two lines of an unruled header (two levels) as one word', () => {
    // Chromium, 9.5 pt, left-aligned: 本年收入 / 合计 on two lines, under the 项目 heading extended over them
    expect(columnKey(['项目', '本年收入', '合计'], tableSpec('t2').columns)).toBe('total');
    expect(columnKey(['本年支出', '合计'], tableSpec('t3').columns)).toBe('total');
    // a path that names a column as a path is still read as one first
    expect(columnKey(['公务用车购置及运行维护费', '小计'], tableSpec('t7').columns)).toBe('vehicle_subtotal');
  });

  it('tries exact printed forms before stems', () => {
    const entries = [
      { printed: ['本年支出'], stems: ['支出'] },
      { printed: ['基本支出'], stems: [] },
    ];
    expect(findWord('基本支出', entries)).toBe(entries[1]);
    expect(findWord('其他支出', entries)).toBe(entries[0]);
  });
});
