import type { LayoutCell, LayoutGrid } from '../extractors/layout.js';
import { peelCaptions } from '../extractors/grid/captions.js';

/** Builds a grid from rows of [col, colSpan, text] (rowSpan 1), each cell 20pt high and 50pt wide per column. */
function grid(rows: [number, number, string][][], nCols: number): LayoutGrid {
  const cells: LayoutCell[] = rows.flatMap((r, row) =>
    r.map(([col, colSpan, text]) => ({ row, col, rowSpan: 1, colSpan, lines: text ? [text] : [], source: 'text' as const, page: 1, bbox: { x0: col * 50, y0: row * 20, x1: (col + colSpan) * 50, y1: row * 20 + 20 } })),
  );
  return { kind: 'grid', page: 1, nRows: rows.length, nCols, cells, ruled: true, bbox: { x0: 0, y0: 0, x1: nCols * 50, y1: rows.length * 20 } };
}
const summary = (blocks: ReturnType<typeof peelCaptions>) => blocks.map((b) => (b.kind === 'text' ? b.text : `grid ${b.nRows}x${b.nCols}`));

it('peels the title and 单位 line above the header and a note below the body', () => {
  const g = grid([
    [[0, 3, '收入支出决算总表']],
    [[0, 2, ''], [2, 1, '单位：万元']],
    [[0, 1, '项目'], [1, 1, '决算数'], [2, 1, '备注']],
    [[0, 1, '一、财政拨款收入'], [1, 1, '5.00'], [2, 1, '']],
    [[0, 1, '其他'], [1, 1, ''], [2, 1, '']],
    [[0, 3, '注：本表无其他数据。']],
  ], 3);
  const out = summary(peelCaptions(g));
  expect(out).toEqual(['收入支出决算总表', '单位：万元', 'grid 3x3', '注：本表无其他数据。']);
});

it('keeps a spanning group heading that is a header word', () => {
  const g = grid([[[0, 2, '收入']], [[0, 1, '项目'], [1, 1, '决算数']], [[0, 1, '合计'], [1, 1, '1.00']]], 2);
  expect(summary(peelCaptions(g))).toEqual(['grid 3x2']);
});

it('splits stacked tables at their titles and turns a framed cover into text', () => {
  const g = grid([
    [[0, 2, '收入决算表']], [[0, 1, '项目'], [1, 1, '本年收入合计']], [[0, 1, '合计'], [1, 1, '1.00']],
    [[0, 2, '支出决算表']], [[0, 1, '项目'], [1, 1, '本年支出合计']], [[0, 1, '合计'], [1, 1, '2.00']],
  ], 2);
  expect(summary(peelCaptions(g))).toEqual(['收入决算表', 'grid 2x2', '支出决算表', 'grid 2x2']);
  expect(summary(peelCaptions(grid([[[0, 2, '某某局']], [[0, 2, '2022年度部门决算']]], 2)))).toEqual(['某某局', '2022年度部门决算']);
});

it('peels a 部门 line and a 单位 line side by side, and a note that names the columns it explains', () => {
  const g = grid([
    [[0, 4, '“三公”经费支出决算表']],
    [[0, 2, '部门：某某局'], [2, 2, '单位：万元']],
    [[0, 2, '预算数'], [2, 2, '决算数']],
    [[0, 1, '合计'], [1, 1, '公务接待费'], [2, 1, '合计'], [3, 1, '公务接待费']],
    [[0, 1, '4.00'], [1, 1, '0.80'], [2, 1, '2.41'], [3, 1, '0.51']],
    [[0, 3, '注：预算数为年初预算数，决算数是实际支出。'], [3, 1, '']],
  ], 4);
  expect(summary(peelCaptions(g))).toEqual(['“三公”经费支出决算表', '部门：某某局', '单位：万元', 'grid 3x4', '注：预算数为年初预算数，决算数是实际支出。']);
});
