import type { LayoutCell, LayoutGrid, LayoutPage, LayoutText } from '../extractors/layout.js';
import type { Tables, Warning } from '../schemas/record.js';
import { absentTableWarnings, assembleTables } from '../src/assemble/index.js';
import { isHeaderLike, isProse, locateTables } from '../src/assemble/locate.js';

/**
 * The block stream as a PDF reader delivers it, built by hand: how tables are opened, continued and
 * closed, and what is said when a continuation cannot be placed or a table is silently empty or absent.
 */

let y = 0;
function text(page: number, t: string, x0 = 40): LayoutText {
  y += 14;
  return { kind: 'text', text: t, page, bbox: { x0, y0: y, x1: x0 + 12 * t.length, y1: y + 10 }, source: 'text' };
}

/** A ruled grid whose columns have the given x-edges; each row lists one text per column. */
function grid(page: number, rows: string[][], edges: number[]): LayoutGrid {
  const cells: LayoutCell[] = [];
  rows.forEach((row, r) =>
    row.forEach((t, c) => {
      cells.push({ row: r, col: c, rowSpan: 1, colSpan: 1, lines: t ? [t] : [], page, source: 'text', bbox: { x0: edges[c], y0: 100 + r * 14, x1: edges[c + 1], y1: 114 + r * 14 } });
    }),
  );
  return { kind: 'grid', page, bbox: { x0: edges[0], y0: 100, x1: edges[edges.length - 1], y1: 100 + rows.length * 14 }, nRows: rows.length, nCols: edges.length - 1, cells, ruled: true };
}

/**
 * An unruled grid as the column model gives it: each cell spans its column's band (bands move with the
 * text of each page), `ink` is where its text lies: names from the band's left (7 pt a character),
 * amounts right-aligned against `rights` (the same on every page of a table). No `rights`: no ink.
 */
function unruled(page: number, rows: string[][], bands: number[], rights?: number[]): LayoutGrid {
  const g = grid(page, rows, bands);
  for (const cell of g.cells) {
    const t = cell.lines.join('');
    if (!t || !rights) continue;
    const amount = /^[\d,.]+$/.test(t) && cell.col >= 2;
    const [x0, x1] = amount ? [rights[cell.col] - 5 * t.length, rights[cell.col]] : [bands[cell.col] + 2, bands[cell.col] + 2 + 7 * [...t].length];
    cell.ink = { x0, y0: cell.bbox!.y0 + 2, x1, y1: cell.bbox!.y1 - 2 };
  }
  return { ...g, ruled: false };
}

const page = (number: number, ...blocks: (LayoutText | LayoutGrid)[]): LayoutPage => ({ number, blocks, source: 'text-layer', width: 595, height: 842 });

const EDGES = [40, 100, 220, 300, 380, 460];
const HEADER = [
  ['科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出'],
  ['', '栏次', '1', '2', '3'],
];
const FIRST = [
  ['', '合计', '300.00', '200.00', '100.00'],
  ['201', '一般公共服务支出', '300.00', '200.00', '100.00'],
  ['20101', '人大事务', '300.00', '200.00', '100.00'],
];
const NEXT = [
  ['2010101', '行政运行', '200.00', '200.00', ''],
  ['2010102', '一般行政管理事务', '100.00', '', '100.00'],
];
const codes = (tables: Tables) => tables.t3.rows.map((r) => r.code ?? r.label);

describe('header-like lines and prose', () => {
  it('tells header words and 栏次 numbers from narrative', () => {
    expect(isHeaderLike('科目编码 科目名称 本年支出合计 基本支出 项目支出')).toBe(true);
    expect(isHeaderLike('本年支出合计基本支出项目支出上缴上级支出经营支出对附属单位补助支出')).toBe(true);
    expect(isHeaderLike('1 2 3 4 5 6')).toBe(true);
    expect(isHeaderLike('本年度支出合计300万元，比上年增加20万元。')).toBe(false);
    expect(isProse('本年度支出合计300万元，比上年增加20万元，主要原因是人员增加')).toBe(true);
    expect(isProse('上海市某某局（汇总）')).toBe(false);
  });
});

describe('opening and closing tables', () => {
  it('keeps a table open over a header the reader left as text above the grid', () => {
    const pages = [
      page(1, text(1, '支出决算表'), text(1, '单位：万元'), text(1, '科目编码 科目名称 本年支出合计基本支出项目支出上缴上级支出经营支出对附属单位补助支出 附属单位补助支出'), grid(1, FIRST, EDGES)),
      page(2, text(2, '科目编码 科目名称 本年支出合计 基本支出 项目支出'), text(2, '1 2 3'), grid(2, NEXT, EDGES)),
    ];
    const located = locateTables(pages);
    expect(located).toHaveLength(1);
    expect(located[0].grids.map((g) => g.grid.page)).toEqual([1, 2]);
  });

  it('ends a table at narrative prose', () => {
    const pages = [
      page(1, text(1, '支出决算表'), grid(1, [...HEADER, ...FIRST], EDGES)),
      page(2, text(2, '2019年度本部门支出合计300.00万元，其中基本支出200.00万元，项目支出100.00万元。'), grid(2, NEXT, EDGES)),
    ];
    const located = locateTables(pages);
    expect(located[0].grids).toHaveLength(1);
  });

  it('a narrative heading followed by prose is not a table, however short its lines', () => {
    const pages = [page(1, text(1, '三、支出决算表'), text(1, '本年度支出合计300.00万元，比上年增加20万元，主要是人员经费增加。'), grid(1, [...HEADER, ...FIRST], EDGES))];
    expect(locateTables(pages)).toHaveLength(0);
  });
});

describe('continuations', () => {
  it('places a continuation with 类/款/项 in one column under a first page that splits them', () => {
    const splitEdges = [40, 60, 80, 100, 220, 300, 380, 460];
    const first = [
      ['科目编码', '', '', '科目名称', '本年支出合计', '基本支出', '项目支出'],
      ['类', '款', '项', '', '', '', ''],
      ['', '', '', '合计', '300.00', '200.00', '100.00'],
      ['201', '', '', '一般公共服务支出', '300.00', '200.00', '100.00'],
      ['201', '01', '', '人大事务', '300.00', '200.00', '100.00'],
    ];
    const pages = [page(1, text(1, '支出决算表'), grid(1, first, splitEdges)), page(2, grid(2, NEXT, EDGES))];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(codes(tables)).toEqual(['合计', '201', '20101', '2010101', '2010102']);
    expect(tables.t3.rows[4].cells.map((c) => c.text)).toEqual(['100.00', '', '100.00']);
    expect(warnings.filter((w) => w.code.startsWith('continuation'))).toEqual([]);
  });

  it('drops a repeated header and a carried-forward 合计 row on a reprinted page', () => {
    const pages = [
      page(1, text(1, '支出决算表'), text(1, '部门：某某局'), grid(1, [...HEADER, ...FIRST], EDGES)),
      page(2, text(2, '支出决算表'), text(2, '部门：某某局'), grid(2, [...HEADER, FIRST[0], ...NEXT], EDGES)),
    ];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(codes(tables)).toEqual(['合计', '201', '20101', '2010101', '2010102']);
    expect(tables.t3.pages).toEqual([1, 2]);
    expect(warnings.map((w) => w.code)).not.toContain('duplicate-table');
  });

  it('tells another unit\'s table with the same title from a continuation', () => {
    const pages = [
      page(1, text(1, '支出决算表'), text(1, '部门：某某局'), grid(1, [...HEADER, ...FIRST, ...NEXT], EDGES)),
      page(2, text(2, '支出决算表'), text(2, '部门：某某局下属中心'), grid(2, [...HEADER, ['', '合计', '5.00', '5.00', ''], ['2010101', '行政运行', '5.00', '5.00', '']], EDGES)),
    ];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(codes(tables)).toEqual(['合计', '201', '20101', '2010101', '2010102']);
    expect(warnings.filter((w) => w.code === 'duplicate-table')).toMatchObject([{ table: 't3', page: 2 }]);
  });

  it('says so when the rows restart under a reprinted title without a unit line', () => {
    const pages = [
      page(1, text(1, '支出决算表'), grid(1, [...HEADER, ...FIRST], EDGES)),
      page(2, text(2, '支出决算表'), grid(2, [...HEADER, ['', '合计', '9.00', '9.00', ''], ['201', '一般公共服务支出', '9.00', '9.00', '']], EDGES)),
    ];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(codes(tables)).toEqual(['合计', '201', '20101']);
    expect(warnings.map((w) => w.code)).toContain('duplicate-table');
  });

  it('places an unruled continuation by where its text lies, not by its column bands', () => {
    // Short names on page 2: the column model's name band ends at 130 there, so the band of the first
    // amount column (130–300) has its middle in the first page's name column (100–220).
    const rights = EDGES.slice(1).map((e) => e - 2);
    const pages = [page(1, text(1, '支出决算表'), unruled(1, [...HEADER, ...FIRST], EDGES, rights)), page(2, unruled(2, NEXT, [40, 100, 130, 300, 380, 460], rights))];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(codes(tables)).toEqual(['合计', '201', '20101', '2010101', '2010102']);
    expect(tables.t3.rows[3]).toMatchObject({ label: '行政运行' });
    expect(tables.t3.rows[3].cells.map((c) => c.text)).toEqual(['200.00', '200.00', '']);
    expect(warnings.filter((w) => w.code.startsWith('continuation'))).toEqual([]);
  });

  it('does not put an amount in a name column: without text extents it places the columns by their order', () => {
    const pages = [page(1, text(1, '支出决算表'), unruled(1, [...HEADER, ...FIRST], EDGES)), page(2, unruled(2, NEXT, [40, 100, 130, 300, 380, 460]))];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(tables.t3.rows.map((r) => r.label)).toEqual(['合计', '一般公共服务支出', '人大事务', '行政运行', '一般行政管理事务']);
    expect(tables.t3.rows[4].cells.map((c) => c.text)).toEqual(['100.00', '', '100.00']);
  });

  it('keeps a name-only line of an unruled table as a row when the name above it did not fill its line', () => {
    const rows = [
      ...FIRST,
      ['2010101', '机关事业单位基本养老保险缴费', '5.00', '5.00', ''],
      // a name that filled its line (as wide as the widest), wrapped onto the next line
      ['2010102', '机关事业单位职业年金缴费支出', '1.00', '', '1.00'],
      ['', '项目', '', '', ''],
      // a short name, and under it a row with blank amounts
      ['2010199', '其他人大事务', '2.00', '2.00', ''],
      ['', '事业运行', '', '', ''],
    ];
    const tables = assembleTables([page(1, text(1, '支出决算表'), unruled(1, [...HEADER, ...rows], [40, 100, 300, 380, 460, 540], [0, 0, ...[380, 460, 540].map((e) => e - 2)]))], []);
    expect(tables.t3.rows.map((r) => r.label)).toEqual(['合计', '一般公共服务支出', '人大事务', '机关事业单位基本养老保险缴费', '机关事业单位职业年金缴费支出项目', '其他人大事务', '事业运行']);
  });

  it('warns, naming the page, when a continuation cannot be placed in the table\'s columns', () => {
    // Two amount columns where the table has one, and no header to read them by.
    const odd = [40, 100, 220, 260, 300, 340, 380, 460];
    const pages = [
      page(1, text(1, '支出决算表'), grid(1, [...HEADER, ...FIRST], EDGES)),
      page(2, grid(2, [['2010101', '行政运行', '1.00', '2.00', '3.00', '4.00', '5.00']], odd)),
    ];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(codes(tables)).toEqual(['合计', '201', '20101']);
    const w = warnings.find((x) => x.code === 'continuation-unplaced');
    expect(w).toMatchObject({ table: 't3', page: 2 });
    expect(w!.message).toMatch(/page 2.*cannot be placed/);
  });
  it('reads a continuation under the standard header it prints when the first page\'s header was not understood', () => {
    // The first page's last heading is not one we know (kept as x_*); page 2 prints the table's header.
    const odd = [HEADER[0].map((h, i) => (i === 4 ? '其他栏目' : h)), HEADER[1]];
    const pages = [page(1, text(1, '支出决算表'), grid(1, [...odd, ...FIRST], EDGES)), page(2, text(2, '支出决算表（续）'), grid(2, [...HEADER, ...NEXT], EDGES))];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(codes(tables)).toEqual(['合计', '201', '20101', '2010101', '2010102']);
    expect(tables.t3.rows[4].cells.map((c) => `${c.key}=${c.text}`)).toEqual(['total=100.00', 'basic=', 'project=100.00']);
    expect(warnings.filter((w) => w.code === 'unknown-column')).toHaveLength(1);
  });

  it('warns when a table continues on a page as lines no grid holds', () => {
    // A last page of one row: too little for the column model to make a grid of it.
    const pages = [page(1, text(1, '支出决算表'), grid(1, [...HEADER, ...FIRST], EDGES)), page(2, text(2, '2010101 行政运行 200.00 200.00'), text(2, '注：本表反映部门本年度各项支出情况。'))];
    const warnings: Warning[] = [];
    const tables = assembleTables(pages, warnings);
    expect(codes(tables)).toEqual(['合计', '201', '20101']);
    const w = warnings.filter((x) => x.code === 'continuation-unread');
    expect(w).toMatchObject([{ table: 't3', page: 2 }]);
    expect(w[0].message).toBe('t3: 1 line with amounts on page 2 follows the table but is not in a table grid ("2010101 行政运行 200.00 200.00"); its values are not recorded');
  });
});

describe('silence', () => {
  it('warns about a table printed with its header and no rows and no 无数据 note, not with one', () => {
    const bare = [page(1, text(1, '支出决算表'), grid(1, HEADER, EDGES))];
    const warnings: Warning[] = [];
    expect(assembleTables(bare, warnings).t3.status).toBe('empty');
    expect(warnings.filter((w) => w.code === 'empty-without-note')).toMatchObject([{ table: 't3', page: 1 }]);

    const noted = [page(1, text(1, '支出决算表'), grid(1, HEADER, EDGES), text(1, '注：本单位无此类支出，故本表无数据。'))];
    const quiet: Warning[] = [];
    expect(assembleTables(noted, quiet).t3.status).toBe('empty');
    expect(quiet.filter((w) => w.code === 'empty-without-note')).toEqual([]);
  });

  it('names a standard table absent from a 决算 whose other tables are present', () => {
    const status = (missing: string[]) =>
      Object.fromEntries(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'].map((id) => [id, { id, name: id, status: missing.includes(id) ? 'missing' : 'present' }])) as unknown as Tables;
    expect(absentTableWarnings(status(['t9']), 'final').map((w) => [w.code, w.table])).toEqual([['table-absent', 't9']]);
    // Not for a 预算 document, nor when most tables are not there (not a full 决算, or nothing was read).
    expect(absentTableWarnings(status(['t9']), 'budget')).toEqual([]);
    expect(absentTableWarnings(status(['t1', 't2', 't4', 't5', 't6', 't7', 't8', 't9']), 'final')).toEqual([]);
    // Not when the table's title was seen with amounts under it (already reported as table-not-read).
    expect(absentTableWarnings(status(['t9']), 'final', [{ code: 'table-not-read', message: '', table: 't9' }])).toEqual([]);
  });

  it('reports a title followed by amounts but no grid', () => {
    const pages = [page(1, text(1, '支出决算表'), text(1, '合计 300.00 200.00 100.00'), text(1, '201 一般公共服务支出 300.00 200.00 100.00'))];
    const warnings: Warning[] = [];
    locateTables(pages, warnings);
    expect(warnings.map((w) => w.code)).toEqual(['table-not-read']);
  });
});
