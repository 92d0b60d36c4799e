/**
 * Column roles from header words and from the body: a column of nested 科目 codes is a code column
 * whatever its header says; integer amounts of a 元 table are not.
 */
import type { LayoutGrid } from '../extractors/layout.js';
import { tableSpec } from '../schemas/catalog.js';
import { countHeaderRows, readHeader } from '../src/assemble/header.js';
import { toSlotGrid } from '../src/assemble/slots.js';

/** A ruled grid from rows of cell texts ('' = empty). */
function grid(rows: string[][]): LayoutGrid {
  const cells = rows.flatMap((r, row) => r.map((text, col) => ({ row, col, rowSpan: 1, colSpan: 1, lines: text ? [text] : [], page: 1, source: 'text' as const })));
  return { kind: 'grid', page: 1, nRows: rows.length, nCols: rows[0].length, cells, ruled: true };
}
const roles = (rows: string[][], table: 't2' | 't5' = 't5') => {
  const slots = toSlotGrid(grid(rows));
  const header = readHeader(slots, tableSpec(table), countHeaderRows(slots));
  return { roles: header.columns.map((c) => c.role), keys: header.columns.map((c) => c.keys.join('+')), fromBody: header.codeColumnsFromBody, unknown: header.unknownColumns };
};

describe('column roles', () => {
  it('takes 科目代码 / 功能分类科目编码 / 编码 as code columns by their words', () => {
    for (const word of ['科目代码', '功能分类科目编码', '经济分类科目编码', '编码']) {
      expect(roles([[word, '科目名称', '合计'], ['201', '一般公共服务支出', '56.00']]).roles).toEqual(['code', 'label', 'value']);
    }
  });

  it('takes 款 and 项 read as one heading over empty columns (款项) as code columns, not a column of values', () => {
    // heldout12-ghostscript-writer-threeline (Guangxi 表3): whole codes under 类, nothing under 款 or 项
    const r = roles([['类', '款项', '科目名称', '合计'], ['208', '', '社会保障和就业支出', '28,513,039.78'], ['20802', '', '民政管理事务', '8,935,027.20']], 't5');
    expect(r.roles).toEqual(['code', 'code', 'label', 'value']);
    expect(r.unknown).toEqual([]);
  });

  it('reads a column of nested codes as the code column when its header names no role', () => {
    const body = [['', '合计', '1,180.30'], ['207', '文化旅游体育与传媒支出', '1,042.20'], ['20701', '文化和旅游', '1,042.20'], ['2070101', '行政运行', '842.10'], ['2070109', '群众文化', '200.10']];
    const r = roles([['', '功能分类科目名称', '合计'], ...body]);
    expect(r).toMatchObject({ roles: ['code', 'label', 'value'], fromBody: ['column 1'], unknown: [] });
    // the same body under an unknown word
    expect(roles([['科目号', '科目名称', '合计'], ...body])).toMatchObject({ roles: ['code', 'label', 'value'], fromBody: ['科目号'] });
  });

  it('keeps integer amounts of a 元 table as amounts', () => {
    const r = roles([
      ['科目编码', '科目名称', '本年收入合计', '财政拨款收入'],
      ['', '合计', '1240500', '1180300'],
      ['207', '文化旅游体育与传媒支出', '1102400', '1042200'],
      ['20701', '文化和旅游', '1102400', '1042200'],
      ['2070101', '行政运行', '842100', '842100'],
      ['208', '社会保障和就业支出', '138100', '138100'],
      ['20805', '行政事业单位养老支出', '138100', '138100'],
      ['2080505', '机关事业单位基本养老保险缴费支出', '92400', '92400'],
    ], 't2');
    expect(r).toMatchObject({ roles: ['code', 'label', 'value', 'value'], keys: ['', '', 'total', 'fiscal'], fromBody: [] });
    // small integer amounts that happen to look like codes repeat their parent's value
    expect(roles([['项目', '合计'], ['一般公共服务支出', '201'], ['发展与改革事务', '201'], ['日常经济运行调节', '201']]).roles).toEqual(['label', 'value']);
  });

  it('ends the header at a row whose only value is a dash, even when its label names a column', () => {
    // Chromium, unruled 表4 split by hand (chromium-none-dash-reprint10…): a continuation page starts with the
    // income row 国有资本经营预算财政拨款, its amount printed "-"
    const slots = toSlotGrid(grid([['项目', '决算数'], ['国有资本经营预算财政拨款', '-'], ['总计', '26,276,804.13']]));
    expect(countHeaderRows(slots)).toBe(1);
  });
});
