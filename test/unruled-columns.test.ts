/**
 * The column model of unruled tables (extractors/columns) on PDFs we did not draw ourselves:
 * LibreOffice Writer exports of real 决算 tables without borders and as three-line tables, with the
 * header aligned left, centre and right (test/fixtures/unruled, see its README). Every cell is
 * compared with what was written into the HTML, through the whole pipeline (text and column key).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Band, Tok } from '../extractors/columns/bands.js';
import { headerAlignment } from '../extractors/columns/header.js';
import { findColumnTables, type Word } from '../extractors/columns/index.js';
import { cellText, type LayoutGrid } from '../extractors/layout.js';
import { readPdfLayout } from '../extractors/pdf/index.js';
import { compareFacts } from '../src/evaluate/accuracy.js';
import { recordFacts } from '../src/export/facts.js';
import { extractDocument } from '../src/pipeline/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, 'fixtures', 'unruled');

interface Expected {
  file: string;
  align: string;
  borders: string;
  header: Record<string, { text: string; colSpan: number; rowSpan: number }[][]>;
  facts: Parameters<typeof compareFacts>[0];
}

const fixtures: Expected[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));

const bytes = (file: string) => new Uint8Array(fs.readFileSync(path.join(dir, file)));
/** Page of each table in the fixtures (cover page first, one table per page). */
const PAGE: Record<string, number> = { t1: 2, t2: 3, t3: 4, t5: 5, t6: 6 };

function onlyGrid(g: LayoutGrid[]): LayoutGrid {
  expect(g).toHaveLength(1);
  return g[0];
}

async function gridOf(file: string, table: string): Promise<LayoutGrid> {
  const doc = await readPdfLayout(bytes(file), { fileName: file, pages: [PAGE[table]] });
  return onlyGrid(doc.pages[0].blocks.filter((b): b is LayoutGrid => b.kind === 'grid'));
}

const rowOf = (g: LayoutGrid, text: string) => {
  const c = g.cells.find((x) => cellText(x) === text);
  if (!c) throw new Error(`no cell "${text}"`);
  return g.cells.filter((x) => x.row === c.row).sort((p, q) => p.col - q.col);
};

it('has the six alignment × border variants', () => {
  expect(fixtures.map((f) => `${f.borders}/${f.align}`)).toEqual([
    'none/center', 'none/left', 'none/right', 'three-line/center', 'three-line/left', 'three-line/right',
  ]);
});

describe.each(fixtures.map((f) => [`${f.borders} borders, ${f.align}-aligned header`, f] as const))('LibreOffice Writer, %s', (_name, exp) => {
  it('every written cell comes out exact, with its column key', async () => {
    const record = await extractDocument({ bytes: bytes(exp.file), fileName: exp.file });
    for (const t of ['t1', 't2', 't3', 't5', 't6'] as const) expect([t, record.tables[t].status]).toEqual([t, 'present']);
    const rep = compareFacts(exp.facts, recordFacts(record));
    expect(rep.mismatches).toEqual([]);
    expect(rep.exact).toBe(exp.facts.length);
    // 合计 rows keep their label
    const got = recordFacts(record);
    expect(got.find((f) => f.table_id === 't3' && f.row_label === '合计' && f.column_key === 'total')?.text).toBe('95,784.71');
    expect(got.find((f) => f.table_id === 't2' && f.row_label === '合计' && f.column_key === 'fiscal')?.text).toBe('55,231.10');
  });

  it.each(['t1', 't2', 't3', 't5', 't6'])('%s: header cells with their spans, none fused', async (table) => {
    const g = await gridOf(exp.file, table);
    // Where the written 栏次 row has an empty cell, nothing on the page says the heading above stops
    // there: the heading may reach down over it (one more row).
    const written = exp.header[table];
    const slots: { text: string; col: number; colSpan: number; rowSpan: number; row: number }[] = [];
    const taken = new Set<string>();
    written.forEach((row, r) => {
      let col = 0;
      for (const cell of row) {
        while (taken.has(`${r},${col}`)) col++;
        slots.push({ ...cell, row: r, col });
        for (let rr = r; rr < r + cell.rowSpan; rr++) for (let cc = col; cc < col + cell.colSpan; cc++) taken.add(`${rr},${cc}`);
        col += cell.colSpan;
      }
    });
    const numbers = slots.filter((c) => written[c.row][0].text === '栏次');
    const blankBelow = (c: (typeof slots)[number]) =>
      numbers.some((n) => n.row === c.row + c.rowSpan && !n.text && n.col >= c.col && n.col < c.col + c.colSpan);
    const header = written.filter((row) => row[0].text !== '栏次');
    for (const cell of slots.filter((c) => c.text && written[c.row][0].text !== '栏次')) {
      const found = g.cells.filter((c) => cellText(c) === cell.text).map((c) => [c.colSpan, c.rowSpan]);
      const allowed = [[cell.colSpan, cell.rowSpan], ...(blankBelow(cell) ? [[cell.colSpan, cell.rowSpan + 1]] : [])];
      expect({ text: cell.text, ok: found.some((f) => allowed.some((a) => a[0] === f[0] && a[1] === f[1])), found }).toEqual({ text: cell.text, ok: true, found });
    }
    const words = header.flat().map((c) => c.text).filter(Boolean);
    // no cell holds two headings (本年收入合计财政拨款收入) or a heading and its sub-heading (人员经费科目名称)
    const fused = new Set(words.flatMap((u) => words.map((v) => u + v)));
    expect(g.cells.map(cellText).filter((t) => fused.has(t))).toEqual([]);
  });

  it('表6: the 公用经费 half is not shifted by a column', async () => {
    const g = await gridOf(exp.file, 't6');
    expect(g.nCols).toBe(6);
    expect(rowOf(g, '商品和服务支出').map(cellText)).toEqual(['301', '工资福利支出', '49,000.00', '302', '商品和服务支出', '8,010.00']);
    expect(rowOf(g, '资本性支出').map(cellText)).toEqual(['30305', '生活补助', '1,431.71', '310', '资本性支出', '150.00']);
    const total = rowOf(g, '公用经费合计');
    expect(total.map((c) => [c.col, cellText(c)]).filter(([, t]) => t)).toEqual([[0, '人员经费合计'], [2, '50,431.71'], [3, '公用经费合计'], [5, '8,160.00']]);
  });

  it('表5: 项目 spans only the code and name columns; 合计 centred over all header rows stands beside it', async () => {
    const g = await gridOf(exp.file, 't5');
    expect(g.nCols).toBe(7);
    const at = (text: string) => g.cells.filter((c) => cellText(c) === text).map((c) => [c.row, c.col, c.colSpan]);
    expect(at('项目')).toEqual([[0, 0, 4]]);
    expect(at('合计').slice(0, 1)).toEqual([[0, 4, 1]]);
    expect(rowOf(g, '行政运行').map(cellText)).toEqual(['201', '01', '01', '行政运行', '45,231.10', '45,231.10', '0.00']);
  });

  it('表1: labels wrapped over three lines stay with their row', async () => {
    const g = await gridOf(exp.file, 't1');
    expect(g.nCols).toBe(6);
    expect(rowOf(g, '二、政府性基金预算财政拨款收入').map(cellText)).toEqual(['二、政府性基金预算财政拨款收入', '2', '0.00', '二、社会保障和就业支出', '8', '7,168.61']);
  });
});

describe('表7 of other producers: a group heading spans its 小计 and its leaves', () => {
  // Chromium three-line, everything centred (预算数 and 决算数 over six columns each, values as wide as
  // 合计 and 小计); Calc unruled sheet (财政拨款“三公”经费 over all twelve columns, 预算数/决算数 under each).
  const docs = [
    { file: 'chromium-threeline-center-hubei-2019-jiangan-jiaoyu.pdf', page: 15, groups: [[2, 3], [8, 3]], tops: [[0, 6], [6, 6]] },
    { file: 'calc-plain-stacked-shanghai-2024-minhang-sifa.pdf', page: 5, groups: [[4, 6]], tops: [[0, 12]] },
  ];
  it.each(docs)('$file', async ({ file, page, groups, tops }) => {
    const doc = await readPdfLayout(new Uint8Array(fs.readFileSync(path.join(here, 'fixtures', 'producers', file))), { fileName: file, pages: [page] });
    const g = doc.pages[0].blocks.find((b): b is LayoutGrid => b.kind === 'grid' && b.nCols === 12)!;
    const spans = (text: string) => g.cells.filter((c) => cellText(c) === text).map((c) => [c.col, c.colSpan]);
    expect(spans('公务用车购置及运行费')).toEqual(groups);
    // 小计 sits under the group heading, one row deeper
    const group = g.cells.find((c) => cellText(c) === '公务用车购置及运行费')!;
    const sub = g.cells.find((c) => cellText(c) === '小计')!;
    expect([sub.row, sub.col]).toEqual([group.row + group.rowSpan, group.col]);
    const top = g.cells.filter((c) => c.row === 0 && c.lines.length).map((c) => [c.col, c.colSpan]);
    expect(top).toEqual(tops);
  });
});

describe('the column model on positioned words alone (what OCR gives, no pdf.js)', () => {
  const w = (text: string, x0: number, y0: number, width = text.length * 9): Word => ({ text, bbox: { x0, y0, x1: x0 + width, y1: y0 + 9 }, size: 9 });
  const line = (...words: Word[]) => ({ words, y0: Math.min(...words.map((x) => x.bbox.y0)), y1: Math.max(...words.map((x) => x.bbox.y1)), size: 9 });

  it('reads a one-row table whose leaf headings alone show its columns, two of them blank', () => {
    // six 50-wide cells from x 50, headings centred, amounts right-aligned; 购置费 (cells 2–3) has no values
    const mid = (k: number) => 75 + 50 * k;
    const centred = (text: string, c: number, y: number) => w(text, c - (text.length * 9) / 2, y);
    const lines = [
      line(centred('合计', 100, 90), centred('购置费', 200, 90), centred('接待费', 300, 90)),
      line(...[0, 1, 2, 3, 4, 5].map((k) => centred(k % 2 ? '决算数' : '预算数', mid(k), 105))),
      line(...[0, 1, 4, 5].map((k) => w(['25.10', '18.67', '', '', '3.60', '3.23'][k], 77 + 50 * k, 122, 20))),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(6);
    const head = g.cells.filter((c) => c.row === 0 && c.lines.length).map((c) => [c.col, c.colSpan, cellText(c)]);
    expect(head).toEqual([
      [0, 2, '合计'],
      [2, 2, '购置费'],
      [4, 2, '接待费'],
    ]);
    expect(rowOf(g, '25.10').map(cellText)).toEqual(['25.10', '18.67', '', '', '3.60', '3.23']);
  });

  it('cuts two left-aligned headings printed against each other at the column edge and keeps spans', () => {
    // columns: 项目 at 50, amounts right-aligned ending at 200 and 300; headings left-aligned at 130 and 210
    // one word for two headings (an OCR word, with its characters' boxes)
    const chars = [...Array.from('本年收入合计').map((ch, k) => ({ ch, x0: 130 + 9 * k, x1: 139 + 9 * k })), ...Array.from('财政拨款收入').map((ch, k) => ({ ch, x0: 210 + 9 * k, x1: 219 + 9 * k }))];
    const fused: Word = { text: '本年收入合计财政拨款收入', bbox: { x0: 130, y0: 105, x1: 264, y1: 114 }, size: 9, chars };
    const lines = [
      line(w('收入', 130, 90), w('支出', 210, 90)),
      line(w('项目', 50, 105), fused),
      line(w('合计', 50, 125), w('1,200.00', 160, 125, 40), w('300.00', 270, 125, 30)),
      line(w('事业运行', 50, 145), w('900.00', 170, 145, 30), w('300.00', 270, 145, 30)),
      line(w('其他', 50, 165), w('300.00', 170, 165, 30), w('0.00', 280, 165, 20)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(3);
    const head = g.cells.filter((c) => c.row < 2 && c.lines.length).map((c) => [c.row, c.col, c.colSpan, cellText(c)]);
    expect(g.cells.find((c) => cellText(c) === '项目')?.rowSpan).toBe(2);
    expect(head).toEqual([
      [0, 0, 1, '项目'], // no heading above it: it spans both header rows
      [0, 1, 1, '收入'],
      [0, 2, 1, '支出'],
      [1, 1, 1, '本年收入合计'],
      [1, 2, 1, '财政拨款收入'],
    ]);
    expect(rowOf(g, '事业运行').map(cellText)).toEqual(['事业运行', '900.00', '300.00']);
  });

  it('a total label alone in the gap between two headed columns is no column of its own', () => {
    // left-aligned headings over codes at 50 and names at 150; 公用经费合计 is centred over the merged
    // code and name cells, so it stands between the two columns, under neither heading
    const lines = [
      line(w('科目编码', 50, 90), w('科目名称', 150, 90), w('决算数', 260, 90)),
      line(w('302', 50, 105, 27), w('商品和服务支出', 150, 105), w('768,721.39', 250, 105, 50)),
      line(w('30201', 50, 120, 45), w('办公费', 150, 120), w('121,911.73', 250, 120, 50)),
      line(w('30202', 50, 135, 45), w('印刷费', 150, 135), w('40,277.50', 255, 135, 45)),
      line(w('公用经费合计', 100, 150, 50), w('822,011.12', 250, 150, 50)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(3);
    expect(rowOf(g, '30201').map(cellText)).toEqual(['30201', '办公费', '121,911.73']);
    expect(rowOf(g, '822,011.12').map(cellText).filter((x) => x)).toEqual(['公用经费合计', '822,011.12']);
  });

  it('reads a tightly set row whose amount nearly touches the next label, in a label column no data line reaches', () => {
    // 收入 labels (x 40) all wrap over two lines around their row's amount (lines 6 pt apart, 9 pt high);
    // the amount ends at 200, 0.67 em before the 支出 label at 206; amounts of the 支出 side end at 330, 400
    const lines = [
      line(w('项目', 75, 105), w('决算数', 160, 105), w('项目', 240, 105), w('合计', 305, 105), w('财政拨款', 364, 105)),
      line(w('一、一般公共预算财政拨', 40, 120)),
      line(w('5,776.34', 166, 126, 34), w('一、一般公共服务支出', 206, 126)),
      line(w('款', 40, 132)),
      line(w('二、政府性基金预算财政', 40, 147)),
      line(w('二、外交支出', 206, 153)),
      line(w('拨款', 40, 159)),
      line(w('三、国防支出', 206, 174), w('279.00', 300, 174, 30), w('279.00', 370, 174, 30)),
      line(w('四、教育支出', 206, 189), w('5,184.50', 296, 189, 34), w('5,184.50', 366, 189, 34)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(5);
    expect(g.cells.filter((c) => c.row === 0).map(cellText)).toEqual(['项目', '决算数', '项目', '合计', '财政拨款']);
    expect(rowOf(g, '5,776.34').map(cellText)).toEqual(['一、一般公共预算财政拨款', '5,776.34', '一、一般公共服务支出', '', '']);
    expect(rowOf(g, '二、外交支出').map(cellText)).toEqual(['二、政府性基金预算财政拨款', '', '二、外交支出', '', '']);
    expect(rowOf(g, '三、国防支出').map(cellText)).toEqual(['', '', '三、国防支出', '279.00', '279.00']);
  });

  it('reads rows set without spacing under right-aligned labels, a long label wrapped, few rows with amounts', () => {
    // labels end at 200, amounts at 260 and 320; rows 12 pt apart (3 pt between 9 pt lines), the lines of
    // a wrapped label touch; the wrapped label starts further left than any label of a line with amounts
    const label = (text: string, y: number) => w(text, 200 - text.length * 9, y);
    const amounts = (a: string, y: number) => [w(a, 220, y, 40), w(a, 280, y, 40)];
    const lines = [
      line(label('项目', 90), w('决算数', 233, 90), w('财政拨款', 284, 90)),
      line(label('一、财政拨款收入', 105), ...amounts('1,980.09', 105)),
      line(label('二、事业收入', 117)),
      line(label('三、国有资本经营预算财政', 129)),
      line(label('拨款收入', 138)),
      line(label('四、上级补助收入', 150), ...amounts('1,497.33', 150)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(3);
    expect(g.nRows).toBe(5);
    expect(rowOf(g, '二、事业收入').map(cellText)).toEqual(['二、事业收入', '', '']);
    expect(rowOf(g, '三、国有资本经营预算财政拨款收入').map(cellText)).toEqual(['三、国有资本经营预算财政拨款收入', '', '']);
    expect(rowOf(g, '四、上级补助收入').map(cellText)).toEqual(['四、上级补助收入', '1,497.33', '1,497.33']);
  });

  it('reads a data line whose right-aligned label and narrowed amount columns leave less than a column gap', () => {
    // 合计 ends 10 pt (1.1 em) before its amount, which ends 10 pt before the next one
    const lines = [
      line(w('科目名称', 60, 90), w('合计', 228, 90), w('财政拨款', 262, 90)),
      line(w('合计', 180, 105), w('1,980.09', 208, 105, 40), w('1,980.09', 258, 105, 40)),
      line(w('公共安全支出', 144, 120), w('1,497.33', 208, 120, 40), w('1,497.33', 258, 120, 40)),
      line(w('司法', 180, 135), w('1,497.33', 208, 135, 40), w('1,497.33', 258, 135, 40)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    expect(rowOf(t.grid, '1,980.09').map(cellText).slice(-3)).toEqual(['合计', '1,980.09', '1,980.09']);
    expect(rowOf(t.grid, '1,980.09')[0].row).toBe(rowOf(t.grid, '公共安全支出')[0].row - 1);
  });

  it('reads a one-row table whose left-aligned 栏次 numbers stand beside the amounts, not over them', () => {
    // 60-wide cells from x 40, headings and numbers left-aligned at each cell's start, amounts (a small
    // font: narrow) right-aligned at its end, so number k+1 touches amount k and number k is far from it
    const heads = ['合计', '购置费', '运行费', '接待费'];
    const amounts = ['101,000.00', '0.00', '86,000.00', '15,000.00'];
    const lines = [
      line(...heads.map((h, k) => w(h, 41 + 60 * k, 90))),
      line(...heads.map((_, k) => w(String(k + 1), 41 + 60 * k, 102, 3))),
      line(...amounts.map((a, k) => w(a, 99 + 60 * k - 2 * a.length, 114, 2 * a.length))),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(4);
    expect(g.cells.filter((c) => c.row === 0).map(cellText)).toEqual(heads);
    expect(rowOf(g, '101,000.00').map(cellText)).toEqual(amounts);
  });

  it('cuts two centred leaf headings printed as one word although the 栏次 numbers stand under it', () => {
    // centred headings over 60-wide cells from x 40; 公务用车购置费 and 公务用车运行费 (8 pt a character)
    // nearly fill their cells and run into one word across the gap
    const chars = [...Array.from('公务用车购置费').map((ch, k) => ({ ch, x0: 162 + 8 * k, x1: 170 + 8 * k })), ...Array.from('公务用车运行费').map((ch, k) => ({ ch, x0: 222 + 8 * k, x1: 230 + 8 * k }))];
    const fused: Word = { text: '公务用车购置费公务用车运行费', bbox: { x0: 162, y0: 90, x1: 278, y1: 99 }, size: 9, chars };
    const lines = [
      line(w('合计', 61, 90), w('出国费', 97, 90), fused),
      line(...[0, 1, 2, 3].map((k) => w(String(k + 1), 68 + 60 * k, 102, 4))),
      line(...[0, 1, 2, 3].map((k) => w(['8.90', '0.00', '6.50', '2.40'][k], 62 + 60 * k, 114, 16))),
      line(...[0, 1, 2, 3].map((k) => w(['7.75', '0.00', '5.50', '2.25'][k], 62 + 60 * k, 126, 16))),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(4);
    // (the heading's cell: the 栏次 number under it is not asserted here)
    const at = (text: string) => g.cells.filter((c) => c.row === 0 && cellText(c).startsWith(text)).map((c) => [c.col, c.colSpan]);
    expect(at('公务用车购置费')).toEqual([[2, 1]]);
    expect(at('公务用车运行费')).toEqual([[3, 1]]);
    expect(rowOf(g, '7.75').map(cellText)).toEqual(['7.75', '0.00', '5.50', '2.25']);
  });

  it('gives amounts that no heading stands over to the nearest of two centred headings in their gap', () => {
    // 80-wide cells from x 40, headings centred, amounts right-aligned; 上缴 (cell 2) is blank and the
    // narrow amounts of 经营 (cell 3) end right of its narrow heading
    const lines = [
      line(w('项目', 71, 90), w('合计', 151, 90), w('上缴', 231, 90), w('经营', 311, 90)),
      line(w('合计', 42, 105), w('8455.95', 163, 105, 35), w('48.41', 333, 105, 25)),
      line(w('教育支出', 42, 120), w('6436.88', 163, 120, 35), w('48.41', 333, 120, 25)),
      line(w('其他', 42, 135), w('679.96', 168, 135, 30)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(4);
    expect(g.cells.filter((c) => c.row === 0).map(cellText)).toEqual(['项目', '合计', '上缴', '经营']);
    expect(rowOf(g, '教育支出').map(cellText)).toEqual(['教育支出', '6436.88', '', '48.41']);
  });

  it('gives a group heading the column of its 小计 although a wrapped leaf beside it is nearer by centre', () => {
    // headings and amounts centred in cells 60, 50, 60, 70, 60, 60 wide from x 40; 公务用车购置及运行费
    // is centred over 小计, 购置费 and 运行费 (the wide 购置费 cell), 55 from 小计's centre; 因公出国/费 (wrapped) 65
    const edges = [40, 100, 150, 210, 280, 340, 400];
    const mid = (k: number) => (edges[k] + edges[k + 1]) / 2;
    const centred = (text: string, c: number, y: number) => w(text, c - (text.length * 9) / 2, y);
    const amounts = (y: number, values: string[]) => line(...values.map((v, k) => w(v, mid(k) - 2.5 * v.length, y, 5 * v.length)));
    const lines = [
      line(centred('公务用车购置及运行费', mid(3), 90), centred('因公出国', mid(1), 91)),
      line(centred('合计', mid(0), 97), centred('接待费', mid(5), 97)),
      line(centred('费', mid(1), 103), centred('小计', mid(2), 105), centred('购置费', mid(3), 105), centred('运行费', mid(4), 105)),
      amounts(125, ['8.90', '0.00', '6.50', '0.00', '6.50', '2.40']),
      amounts(140, ['7.75', '0.00', '5.50', '0.00', '5.50', '2.25']),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(6);
    const at = (text: string) => g.cells.filter((c) => cellText(c) === text).map((c) => [c.row, c.col, c.colSpan]);
    expect(at('公务用车购置及运行费')).toEqual([[0, 2, 3]]);
    expect(at('小计')).toEqual([[1, 2, 1]]);
    expect(at('因公出国费')).toEqual([[0, 1, 1]]);
    expect(rowOf(g, '7.75').map(cellText)).toEqual(['7.75', '0.00', '5.50', '0.00', '5.50', '2.25']);
  });

  it('reads centred group headings whose text fills the span of their two sub-headings as centred', () => {
    // cairo re-writing a Chromium 表7 with 1 px padding (cairo-chromium-none-center-pad1-narrow…, coordinates
    // from its text layer): 公务用车购置费 starts with its 预算数 and ends with its 决算数, which read as one
    // left and one right edge shared; with 财政拨款“三公”经费 starting by chance where 小计 starts the header was
    // read as left-aligned and 合计 and 小计 kept one column each (7/10 cells)
    const at = (text: string, x0: number, x1: number, y: number) => w(text, x0, y, x1 - x0);
    const subs = [52, 94, 136, 178, 220, 262, 304, 346, 388, 430, 472, 514].map((x, k) => at(k % 2 ? '决算数' : '预算数', x, x + 30, 152.6));
    const values: [string, number, number][] = [['25.10', 54, 79], ['18.67', 97, 122], ['12.00', 139, 164], ['7.63', 184, 203], ['9.50', 226, 245], ['7.81', 268, 287], ['9.50', 393, 412], ['7.81', 435, 454], ['3.60', 477, 496], ['3.23', 519, 538]];
    const lines = [
      line(at('财政拨款“三公”经费', 248, 348, 105.4)),
      line(at('公务用车购置及运行费', 290, 390, 121.1)),
      line(at('合计', 78, 98, 128.6), at('因公出国（境）费', 132, 212, 128.6), at('公务接待费', 483, 533, 128.6)),
      line(at('小计', 246, 266, 136.9), at('公务用车购置费', 305, 375, 136.9), at('公务用车运行费', 389, 459, 136.9)),
      line(...subs),
      line(...values.map(([v, x0, x1]) => at(v, x0, x1, 168.4))),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(12);
    const span = (text: string) => g.cells.filter((c) => cellText(c) === text).map((c) => [c.col, c.colSpan]);
    expect(span('合计')).toEqual([[0, 2]]);
    expect(span('小计')).toEqual([[4, 2]]);
    expect(span('公务用车购置及运行费')).toEqual([[4, 6]]);
    expect(rowOf(g, '25.10').map(cellText)).toEqual(['25.10', '18.67', '12.00', '7.63', '9.50', '7.81', '', '', '9.50', '7.81', '3.60', '3.23']);
  });

  it('gives values at a cell\'s left edge that no heading stands over to the centred heading beyond them', () => {
    // Chromium, 三线表 8 pt, headings centred, amounts left-aligned (chromium-threeline-center-leftamounts-small-tc…,
    // 表3, coordinates from its text layer): 对附属单位 / 补助支出 starts a point right of the "-" of its column,
    // so it was read as a blank column beyond the values and the "-" got no heading (95/114 cells)
    const at = (text: string, x0: number, x1: number, y: number) => w(text, x0, y, x1 - x0);
    const row = (y: number, code: string, label: string, amounts: string[]) =>
      line(
        ...(code ? [at(code, 47, 47 + 4.5 * code.length, y)] : []),
        at(label, 115, 115 + 8 * label.length, y),
        ...amounts.map((v, k) => at(v, [239, 293, 347, 400, 451, 501][k], [286, 340, 393, 403, 453, 504][k], y)),
      );
    const lines = [
      line(at('项目', 134, 150, 97.1)),
      line(at('支出功能分类科目', 48, 111, 111.4), at('上缴上级支', 404, 444, 111.4), at('对附属单位', 505, 545, 111.4)),
      line(at('本年支出合计', 241, 289, 116.6), at('基本支出', 302, 334, 116.6), at('项目支出', 356, 388, 116.6), at('经营支出', 458, 490, 116.6)),
      line(at('编码', 71, 87, 122.6), at('科目名称', 159, 191, 122.6), at('出', 420, 428, 122.6), at('补助支出', 509, 541, 122.6)),
      line(at('类', 59, 67, 136.9), at('款', 84, 92, 136.9), at('项', 101, 109, 136.9)),
      row(151.9, '', '合计', ['12,779,313.20', '9,669,965.10', '3,109,348.10', '-', '-', '-']),
      row(166.1, '201', '一般公共服务支出', ['8,978,686.07', '6,725,760.83', '2,252,925.24', '-', '-', '-']),
      row(180.4, '20136', '宣传事务', ['8,978,686.07', '6,725,760.83', '2,252,925.24', '-', '-', '-']),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    const last = g.cells.filter((c) => c.col === g.nCols - 1 && c.lines.length).map(cellText);
    expect(last[0]).toBe('对附属单位补助支出');
    expect(g.cells.some((c) => cellText(c) === '' && c.row === 0 && c.col === g.nCols - 2)).toBe(false);
    expect(rowOf(g, '宣传事务').slice(-6).map(cellText)).toEqual(['8,978,686.07', '6,725,760.83', '2,252,925.24', '-', '-', '-']);
    expect(last.slice(-3)).toEqual(['-', '-', '-']);
  });

  it('keeps the wrapped line of a centred heading and the 栏次 number under it with the values it barely touches', () => {
    // Calc, no rules, 5.7 pt after fitting the page, headings centred, "-" zeros left-aligned
    // (calc-plain-center-leftamounts-small-tc…, 表4): 国有资本经营预算 overlaps the "-" of its column by 0.2 pt,
    // so its second line 财政拨款 and the number 5 under it were read as a blank column beyond the values (96/125)
    const at = (text: string, x0: number, x1: number, y: number) => ({ text, bbox: { x0, y0: y, x1, y1: y + 5.7 }, size: 5.7 });
    const ln = (...words: Word[]) => ({ words, y0: Math.min(...words.map((x) => x.bbox.y0)), y1: Math.max(...words.map((x) => x.bbox.y1)), size: 5.7 });
    const row = (y: number, label: string, code: string, amounts: string[]) =>
      ln(at(label, 215, 215 + 5.7 * label.length, y), at(code, 343, 349, y), ...amounts.map((v, k) => at(v, [357, 407, 458, 509][k], [359, 409, 460, 511][k], y)));
    const lines = [
      ln(at('一般公共预算财政', 409, 455, 90.0), at('政府性基金预算财', 460, 505, 90.0), at('国有资本经营预算', 510.4, 556, 90.0)),
      ln(at('项目', 270, 281, 94.1), at('行次', 341, 352, 94.1), at('合计', 376, 387, 94.1)),
      ln(at('拨款', 426, 438, 98.2), at('政拨款', 474, 491, 98.2), at('财政拨款', 521.8, 544.5, 98.2)),
      ln(at('栏次', 270, 281, 111.1), at('2', 380, 383, 111.1), at('3', 430, 434, 111.1), at('4', 481, 484, 111.1), at('5', 531.5, 534.7, 111.1)),
      row(124.2, '一、一般公共服务支出', '33', ['-', '-', '-', '-']),
      row(133.3, '二、外交支出', '34', ['-', '-', '-', '-']),
      row(142.4, '三、国防支出', '35', ['-', '-', '-', '-']),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(6);
    expect(rowOf(g, '二、外交支出').map(cellText)).toEqual(['二、外交支出', '34', '-', '-', '-', '-']);
    const head = g.cells.filter((c) => c.col === 5 && c.row < g.nRows - 3).map(cellText).filter(Boolean);
    expect(head).toEqual(['国有资本经营预算财政拨款', '5']);
  });

  it('closes the header at an 编制单位 line whose colons the OCR lost', () => {
    // unruled-200--h5-calc-unruled-yiling-t5 (a Calc export at 200 dpi), its OCR words: "编制单位 宜昌市夷[ … 金额单位
    // 万元" was read into the header, 万元 became a column and took the 项目支出 amounts (2/63 cells)
    const at = (text: string, x0: number, x1: number, y: number) => w(text, x0, y, x1 - x0);
    const row = (y: number, codes: string[], label: string, amounts: string[]) =>
      line(
        ...codes.map((c, k) => at(c, [36, 82, 101][k], [50, 91, 110][k], y)),
        at(label, 120, 120 + 9 * label.length, y),
        ...amounts.map((v, k) => at(v, [359, 445, 532][k], [386, 472, 559][k], y)),
      );
    const lines = [
      line(at('编制单位', 36, 75, 71.6), at('宜昌市夷[', 81, 119, 71.6), at('金额单位', 496, 535, 71.6), at('万元', 541, 559, 71.6)),
      line(at('项目', 36, 52, 90), at('本年支出', 302, 337, 90)),
      line(at('功能分类科目编码', 36, 107, 114.1), at('“科目名称', 120, 155, 114.1), at('小计', 302, 319, 114.1), at('基本支出', 388, 423, 114.1), at('项目支出', 475, 509, 114.1)),
      line(at('类', 36, 44, 138.2), at('款', 82, 90, 138.2), at('“项', 101, 109, 138.2), at('栏次', 120, 137, 138.2), at('1', 302, 306, 138.2), at('2', 388, 393, 138.2), at('3', 475, 479, 138.2)),
      row(156.6, [], '合计', ['681.04', '493.38', '187.66']),
      row(169.2, ['204'], '公共安全支出', ['516.28', '340.59', '175.69']),
      row(182.2, ['204', '06'], '司法', ['516.28', '340.59', '175.69']),
      row(194.8, ['204', '06', '01'], '行政运行', ['301.64', '268.89', '32.75']),
      row(207.7, ['204', '06', '04'], '基层司法业务', ['73.41', '0.00', '73.41']),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.cells.some((c) => cellText(c).includes('万元'))).toBe(false);
    expect(rowOf(g, '司法').map(cellText).slice(-3)).toEqual(['516.28', '340.59', '175.69']);
    expect(g.cells.filter((c) => cellText(c) === '项目支出').map((c) => c.col)).toEqual([g.nCols - 1]);
  });

  it('homes a heading by the values of its column, not by a total label that sticks out of the next one', () => {
    // centred headings; codes at 50, names left-aligned at 150, amounts ending at 300; the 合计 label is
    // centred over the merged code and name cells: it reaches from the name column back under the heading 类
    const lines = [
      line(w('类', 90, 90), w('科目名称', 190, 90), w('决算数', 266, 90)),
      line(w('301', 50, 105, 27), w('工资福利支出', 150, 105), w('1,120.17', 260, 105, 40)),
      line(w('302', 50, 120, 27), w('商品和服务支出', 150, 120), w('157.36', 270, 120, 30)),
      line(w('303', 50, 135, 27), w('对个人和家庭的补助', 150, 135), w('67.57', 275, 135, 25)),
      line(w('人员经费合计', 92, 150, 62), w('1,345.10', 260, 150, 40)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(3);
    expect(g.cells.filter((c) => c.row === 0).map(cellText)).toEqual(['类', '科目名称', '决算数']);
    expect(rowOf(g, '302').map(cellText)).toEqual(['302', '商品和服务支出', '157.36']);
  });

  it('cuts headings of neighbouring cells closer than a word space, with their wrapped lines under them', () => {
    // cells 40 wide from x 140, four-character headings (9 each) centred in them: 4 apart, less than half
    // an em, so the reader gives one word; their second lines (合计, 收入, 收入) stand under each part
    const chars = Array.from('本年收入财政拨款上级补助').map((ch, k) => ({ ch, x0: 142 + 40 * Math.floor(k / 4) + 9 * (k % 4), x1: 151 + 40 * Math.floor(k / 4) + 9 * (k % 4) }));
    const fused: Word = { text: '本年收入财政拨款上级补助', bbox: { x0: 142, y0: 90, x1: 258, y1: 99 }, size: 9, chars };
    const lines = [
      line(w('项目', 81, 95), fused),
      line(w('合计', 151, 100), w('收入', 191, 100), w('收入', 231, 100)),
      line(w('合计', 81, 120), w('500.00', 148, 120, 30), w('400.00', 188, 120, 30), w('100.00', 228, 120, 30)),
      line(w('行政运行', 50, 135), w('300.00', 148, 135, 30), w('300.00', 188, 135, 30), w('0.00', 238, 135, 20)),
      line(w('事业运行', 50, 150), w('200.00', 148, 150, 30), w('100.00', 188, 150, 30), w('100.00', 228, 150, 30)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(4);
    expect(g.cells.filter((c) => c.row === 0).map(cellText)).toEqual(['项目', '本年收入合计', '财政拨款收入', '上级补助收入']);
    expect(rowOf(g, '行政运行').map(cellText)).toEqual(['行政运行', '300.00', '300.00', '0.00']);
  });

  it('gives a 栏次 number centred under its heading to that column, however short of its values it ends', () => {
    // cells: names 50–130, 小计 130–190, 基本支出 190–250 (blank), 项目支出 250–330; amounts right-aligned
    // and short: 项目支出's number 3 stands in the gap before its 80.30, beside the blank column's 2
    const lines = [
      line(w('项目', 81, 90), w('小计', 151, 90), w('基本支出', 202, 90), w('项目支出', 272, 90)),
      line(w('栏次', 81, 105), w('1', 157.5, 105, 5), w('2', 217.5, 105, 5), w('3', 287.5, 105, 5)),
      line(w('合计', 81, 120), w('80.30', 163, 120, 25), w('80.30', 303, 120, 25)),
      line(w('其他支出', 72, 135), w('80.30', 163, 135, 25), w('80.30', 303, 135, 25)),
      line(w('彩票公益金支出', 58, 150), w('80.30', 163, 150, 25), w('80.30', 303, 150, 25)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    const g = t.grid;
    expect(g.nCols).toBe(4);
    expect(g.cells.filter((c) => c.row === 0).map(cellText)).toEqual(['项目', '小计', '基本支出', '项目支出']);
    expect(g.cells.filter((c) => c.row === 1).map(cellText)).toEqual(['栏次', '1', '2', '3']);
    expect(rowOf(g, '其他支出').map(cellText)).toEqual(['其他支出', '80.30', '', '80.30']);
  });

  it('reads a one-row table whose amounts, centred in wide cells, stand well beside their right-aligned headings', () => {
    // six 100-wide cells from x 50, headings right-aligned (ending 2 pt short of the cell), amounts centred;
    // 购置费 (cells 2–3) has no values
    const right = (text: string, c: number, y: number) => w(text, 148 + 100 * c - text.length * 9, y);
    const lines = [
      line(right('合计', 1, 90), right('购置费', 3, 90), right('接待费', 5, 90)),
      line(...[0, 1, 2, 3, 4, 5].map((k) => right(k % 2 ? '决算数' : '预算数', k, 105))),
      line(...[0, 1, 4, 5].map((k) => w(['25.10', '18.67', '', '', '3.60', '3.23'][k], 90 + 100 * k, 122, 20))),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    expect(t).toBeDefined();
    expect(rowOf(t.grid, '25.10').map(cellText)).toEqual(['25.10', '18.67', '', '', '3.60', '3.23']);
  });

  it('reads a continuation page whose only amounts fill one column, among enumerated rows under its header', () => {
    // the expense half of 表1 reprinted: labels right-aligned at 300, amounts at 320–360; two rows of ten have amounts
    const label = (text: string, y: number) => w(text, 300 - text.length * 9, y);
    const items = ['十一、城乡社区支出', '十二、农林水支出', '十三、交通运输支出', '十四、金融支出', '十五、住房保障支出'];
    const lines = [
      line(w('项目', 40, 90), w('决算数', 110, 90), w('项目', 200, 90), w('决算数', 320, 90)),
      ...items.map((t, k) => line(label(t, 105 + 14 * k), ...(k === 1 || k === 4 ? [w(k === 1 ? '3,459.10' : '94.21', 320, 105 + 14 * k, 40)] : []))),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    expect(t).toBeDefined();
    expect(rowOf(t.grid, '十二、农林水支出').map(cellText).filter(Boolean)).toEqual(['十二、农林水支出', '3,459.10']);
    expect(rowOf(t.grid, '十五、住房保障支出').map(cellText).filter(Boolean)).toEqual(['十五、住房保障支出', '94.21']);
  });

  it('ends a wrapped label at its short last line: a total under it is the next row, however close', () => {
    // labels in an 81-wide column, wrapped lines 1.5 pt apart, rows 7 pt apart, 总计 3 pt under the last
    // blank row; no two data lines are neighbours (each row with amounts has a wrapped label)
    const lines = [
      line(w('项目', 40, 90), w('决算数', 150, 90), w('合计', 220, 90)),
      line(w('年初财政拨款结转和', 40, 105)),
      line(w('41.77', 150, 109, 25), w('59.33', 220, 109, 25)),
      line(w('结余', 40, 115.5)),
      line(w('政府性基金预算财政', 40, 131.5)),
      line(w('拨款', 40, 142)),
      line(w('国有资本经营预算财', 40, 158)),
      line(w('政拨款', 40, 168.5)),
      line(w('总计', 40, 180.5), w('5,818.11', 150, 180.5, 40), w('5,818.11', 220, 180.5, 40)),
    ];
    const [t] = findColumnTables(lines, { page: 1 });
    expect(rowOf(t.grid, '国有资本经营预算财政拨款').map(cellText)).toEqual(['国有资本经营预算财政拨款', '', '']);
    expect(rowOf(t.grid, '总计').map(cellText)).toEqual(['总计', '5,818.11', '5,818.11']);
  });

  it('reads the total row of a table run over onto a page of its own, with no header there', () => {
    const lines = [line(w('人员经费合计', 66, 68), w('5,283.40', 170, 68, 40), w('公用经费合计', 242, 68), w('674.64', 530, 68, 30))];
    const [t] = findColumnTables(lines, { page: 2 });
    expect(t.grid.cells.filter((c) => c.row === 0).map(cellText)).toEqual(['人员经费合计', '5,283.40', '公用经费合计', '674.64']);
  });

  it('reads a continuation page whose one amount column is all there is: enumerated rows, zeros printed "-"', () => {
    // Writer, unruled 表1 split by hand every 12 rows (heldout5-writer-none-margin6…): the 收入 half has ended,
    // the 支出 rows go on with their amounts, most of them "-"; the header is reprinted above
    const rows = [
      ['十三、交通运输支出', '-'],
      ['十四、资源勘探工业信息等支出', '-'],
      ['十五、商业服务业等支出', '-'],
      ['十九、住房保障支出', '1,243,933.19'],
      ['二十三、其他支出', '442,000.00'],
    ];
    const lines = [
      line(w('收入', 18, 84), w('支出', 414, 84)),
      line(w('项目', 18, 100), w('决算数', 289, 100), w('项目', 414, 100), w('决算数', 700, 100)),
      ...rows.map(([label, amount], k) => line(w(label, 414, 116 + 16 * k), w(amount, 824 - amount.length * 5, 116 + 16 * k, amount.length * 5))),
    ];
    const [t] = findColumnTables(lines, { page: 4 });
    expect(t).toBeDefined();
    expect(rowOf(t.grid, '十九、住房保障支出').map(cellText).filter(Boolean)).toEqual(['十九、住房保障支出', '1,243,933.19']);
    expect(rowOf(t.grid, '十三、交通运输支出').map(cellText).filter(Boolean)).toEqual(['十三、交通运输支出', '-']);
  });

  it('gives headings centred in a name cell much wider than its labels to the label column, not a blank one', () => {
    // Chromium, 三线表 on A3 (heldout5-chromium-threeline-a3…, its 表3 page at 7.2 pt, scaled to 9 pt): 科目名称
    // and 栏次 stand in the gap between the longest label and the first amounts, over no values
    const k = 1.25;
    const at = (text: string, x0: number, x1: number, y: number) => w(text, x0 * k, y * k, (x1 - x0) * k);
    const rows: string[][] = [
      ['', '', '', '合计', '689.01', '493.38'],
      ['204', '', '', '公共安全支出', '524.25', '340.59'],
      ['204', '06', '', '司法', '524.25', '340.59'],
      ['204', '06', '01', '行政运行', '301.64', '268.89'],
      ['208', '05', '05', '机关事业单位基本养老保险缴费支出', '33.44', '33.44'],
    ];
    const xs = [46, 131, 167, 203];
    const lines = [
      line(at('项目', 251, 265, 88)),
      line(at('本年支出合计', 506, 550, 94), at('基本支出', 626, 655, 94)),
      line(at('功能分类科目编码', 94, 152, 100.7), at('科目名称', 322, 351, 100.7)),
      line(at('类', 84, 91, 113.5), at('款', 144, 152, 113.5), at('项', 180, 187, 113.5), at('栏次', 330, 344, 113.5), at('1', 526, 530, 113.5), at('2', 638, 642, 113.5)),
      ...rows.map((r, n) => {
        const y = 127 + 12 * n;
        const texts = r.slice(0, 4).flatMap((t, c) => (t ? [at(t, xs[c], xs[c] + t.length * (c === 3 ? 7.2 : 4), y)] : []));
        return line(...texts, at(r[4], 583 - r[4].length * 4, 583, y), at(r[5], 695 - r[5].length * 4, 695, y));
      }),
    ];
    const [t] = findColumnTables(lines, { page: 5 });
    expect(t.grid.nCols).toBe(6);
    expect(rowOf(t.grid, '行政运行').map(cellText)).toEqual(['204', '06', '01', '行政运行', '301.64', '268.89']);
    const head = t.grid.cells.filter((c) => cellText(c) === '科目名称' || cellText(c) === '栏次').map((c) => c.col);
    expect(head).toEqual([3, 3]);
  });

  it('keeps a code apart from its name wrapped around the row, on a page without header', () => {
    // continuation page of an unruled 表6: the code 30299 ends just short of the next row's 公用经费合计,
    // which spans the code and name cells; 其他商品和服务支/出 wraps around 30299's line
    const lines = [
      line(w('其他商品和服务支', 248, 34, 88)),
      line(w('30299', 214, 42, 27), w('3.14', 363, 42, 22)),
      line(w('出', 287, 50)),
      line(w('人员经费合计', 66, 68), w('450.66', 176, 68, 33), w('公用经费合计', 242.5, 68), w('44.14', 532, 68, 28)),
    ];
    const [t] = findColumnTables(lines, { page: 2 });
    const row = rowOf(t.grid, '30299').map(cellText);
    expect(row).toContain('其他商品和服务支出');
    expect(row).toContain('3.14');
  });

  it('reads left-aligned headings in tall rows over centred labels, the upper row kept when a 单位 line closes the header', () => {
    // cells: labels [45, 165] and [245, 365] centred, amounts right-aligned ending at 240 and 440; headings
    // left-aligned at the cells' starts, in rows so tall that 24 pt (2.7 em) separate their lines
    const centred = (text: string, c: number, y: number) => w(text, c - (text.length * 9) / 2, y);
    const right = (text: string, end: number, y: number) => w(text, end - text.length * 5, y, text.length * 5);
    const rows = [
      ['一、财政拨款收入', '5,776.34', '一、一般公共服务支出', '100.00'],
      ['二、事业收入', '20.00', '二、教育支出', '5,184.50'],
      ['本年收入合计', '5,796.34', '本年支出合计', '5,284.50'],
    ];
    const body = rows.map((r, k) => line(centred(r[0], 105, 110 + 15 * k), right(r[1], 240, 110 + 15 * k), centred(r[2], 305, 110 + 15 * k), right(r[3], 440, 110 + 15 * k)));
    const groups = line(w('收入', 50, 60), w('支出', 250, 60));
    const leaves = line(w('项目', 50, 93), w('决算数', 170, 93), w('项目', 250, 93), w('决算数', 370, 93));
    const row = (g: LayoutGrid, r: number) => g.cells.filter((c) => c.row === r).map((c) => [cellText(c), c.colSpan]);
    const [closed] = findColumnTables([line(w('单位：万元', 400, 45)), groups, leaves, ...body], { page: 1 });
    expect(closed.grid.nCols).toBe(4);
    expect(row(closed.grid, 0)).toEqual([['收入', 2], ['支出', 2]]);
    expect(row(closed.grid, 1)).toEqual([['项目', 1], ['决算数', 1], ['项目', 1], ['决算数', 1]]);
    expect(rowOf(closed.grid, '二、事业收入').map(cellText)).toEqual(['二、事业收入', '20.00', '二、教育支出', '5,184.50']);
    // nothing above vouches for the tall gap: the line above it is no heading of the table
    const [open] = findColumnTables([groups, leaves, ...body], { page: 1 });
    expect(open.lines).not.toContain(0);
    expect(row(open.grid, 0)).toEqual([['项目', 1], ['决算数', 1], ['项目', 1], ['决算数', 1]]);
  });

  it('takes a header begun at the foot of the previous page whose lower rows stand above a tall gap at the top of this one', () => {
    // cells: labels [40, 160] left-aligned, amounts [160, 240] [240, 300] [300, 360] right-aligned; header rows
    // 30 pt tall, headings centred: 项目 | 本年支出 over 合计 基本支出 项目支出, the first row on the page before
    const centred = (text: string, c: number, y: number) => w(text, c - (text.length * 9) / 2, y);
    const right = (text: string, end: number, y: number) => w(text, end - text.length * 5, y, text.length * 5);
    const carried = [line(w('2024年度支出决算表', 150, 700)), line(w('单位：万元', 300, 716)), line(centred('项目', 100, 740), centred('本年支出', 260, 740))];
    const rows = [
      ['一般公共服务支出', '30.00', '20.00', '10.00'],
      ['教育支出', '15.50', '15.50', '0.00'],
      ['卫生健康支出', '8.25', '0.00', '8.25'],
    ];
    const page = [
      line(centred('合计', 200, 40), centred('基本支出', 270, 40), centred('项目支出', 330, 40)),
      line(centred('栏次', 100, 80), right('1', 236, 80), right('2', 296, 80), right('3', 356, 80)),
      ...rows.map((r, k) => line(w(r[0], 42, 100 + 15 * k), right(r[1], 236, 100 + 15 * k), right(r[2], 296, 100 + 15 * k), right(r[3], 356, 100 + 15 * k))),
    ];
    const [t] = findColumnTables(page, { page: 2, carried });
    expect(t.carried).toEqual([2]);
    expect(t.lines).toContain(0);
    const row = (r: number) => t.grid.cells.filter((c) => c.row === r && c.lines.length).map((c) => [cellText(c), c.col, c.colSpan]);
    expect(row(0)).toEqual([['项目', 0, 1], ['本年支出', 1, 3]]);
    expect(row(1)).toEqual([['合计', 1, 1], ['基本支出', 2, 1], ['项目支出', 3, 1]]);
    expect(rowOf(t.grid, '教育支出').map(cellText)).toEqual(['教育支出', '15.50', '15.50', '0.00']);
  });

  it('sets a carried heading row above a page header whose cells are centred over two rows', () => {
    // cells 50 wide from x 40; 预算数 | 决算数 each over 合计 and 公务用车 (购置费 运行费): 合计 centred over the
    // two rows of 公务用车 and its leaves; only the 预算数 决算数 row ends the page before
    const centred = (text: string, c: number, y: number) => w(text, c - (text.length * 9) / 2, y);
    const right = (text: string, end: number, y: number) => w(text, end - text.length * 5, y, text.length * 5);
    const mid = (k: number) => 65 + 50 * k;
    const carried = [line(w('“三公”经费支出决算表', 100, 700)), line(w('单位：万元', 250, 716)), line(centred('预算数', mid(1), 740), centred('决算数', mid(4), 740))];
    const page = [
      line(centred('公务用车', 140, 40), centred('公务用车', 290, 40)),
      line(centred('合计', mid(0), 56), centred('合计', mid(3), 56)),
      line(...[1, 2, 4, 5].map((k) => centred(k % 3 === 1 ? '购置费' : '运行费', mid(k), 72))),
      line(...['9.30', '0.00', '7.20', '7.00', '0.00', '5.52'].map((v, k) => right(v, 85 + 50 * k, 95))),
    ];
    const [t] = findColumnTables(page, { page: 2, carried });
    expect(t.carried).toEqual([2]);
    const row = (r: number) => t.grid.cells.filter((c) => c.row === r && c.lines.length).map((c) => [cellText(c), c.col, c.colSpan]);
    expect(row(0)).toEqual([['预算数', 0, 3], ['决算数', 3, 3]]);
    expect(row(1)).toEqual([['合计', 0, 1], ['公务用车', 1, 2], ['合计', 3, 1], ['公务用车', 4, 2]]);
    expect(row(2)).toEqual([['购置费', 1, 1], ['运行费', 2, 1], ['购置费', 4, 1], ['运行费', 5, 1]]);
  });

  it('reads a centred group heading over a blank half as no column, the headings under it half a line below their wrapped neighbours', () => {
    // a reprinted 表4 page whose income rows have ended: 收入 centred over 项目 决算数 (no values), 支出 over
    // 项目 合计 一般公共预 / 算财政拨款 (wrapped over two lines; the one-line headings centred beside it)
    const centred = (text: string, c: number, y: number) => w(text, c - (text.length * 9) / 2, y);
    const right = (text: string, end: number, y: number) => w(text, end - text.length * 5, y, text.length * 5);
    const header = [
      line(centred('收入', 140, 27), centred('支出', 380, 27)),
      line(centred('一般公共预', 480, 45)),
      line(centred('项目', 80, 51.75), centred('决算数', 180, 51.75), centred('项目', 300, 51.75), centred('合计', 400, 51.75)),
      line(centred('算财政拨款', 480, 58.5)),
    ];
    const rows = ['十二、农林水支出', '十三、交通运输支出', '十四、住房保障支出'];
    const body = rows.map((r, k) => line(w(r, 335 - r.length * 9, 80 + 15 * k), right(k === 2 ? '1420613.36' : '-', 430, 80 + 15 * k), right(k === 2 ? '1420613.36' : '-', 515, 80 + 15 * k)));
    const [t] = findColumnTables([...header, ...body], { page: 11 });
    expect(t.grid.nCols).toBe(5);
    const row = (r: number) => t.grid.cells.filter((c) => c.row === r && c.lines.length).map((c) => [cellText(c), c.col, c.colSpan]);
    expect(row(0)).toEqual([['收入', 0, 2], ['支出', 2, 3]]);
    expect(rowOf(t.grid, '十四、住房保障支出').map(cellText)).toEqual(['', '', '十四、住房保障支出', '1420613.36', '1420613.36']);
  });

  it('reads right-aligned 类 款 headings over left-aligned codes in narrow columns as right-aligned', () => {
    // cells: 类 [38, 75], 款 [75, 100], names [100, 230], amounts [230, 310]; headings right-aligned, codes and
    // names left-aligned, amounts right-aligned
    const right = (text: string, end: number, y: number, cw = 9) => w(text, end - text.length * cw, y, text.length * cw);
    // (科目名称 centred in its wide cell, as Calc prints a heading wider than the column's right alignment leaves room for)
    const group = [line(w('经济分类', 64, 10, 35.5)), line(w('科目编码', 64, 22, 35.5))];
    const header = line(right('类', 73, 40), right('款', 99.5, 40), w('科目名称', 147, 40), right('决算数', 308, 40));
    const rows = [
      ['301', '', '工资福利支出', '14512550.65'],
      ['301', '01', '基本工资', '2118350.27'],
      ['301', '02', '津贴补贴', '3258868.47'],
      ['302', '', '商品和服务支出', '1877454.55'],
      ['302', '01', '办公费', '312954.8'],
    ];
    const body = rows.map((r, k) =>
      line(...[w(r[0], 40, 60 + 15 * k, 14), ...(r[1] ? [w(r[1], 75, 60 + 15 * k, 9)] : []), w(r[2], 101, 60 + 15 * k), right(r[3], 308, 60 + 15 * k, 5)]),
    );
    const [t] = findColumnTables([...group, header, ...body], { page: 8 });
    expect(t.grid.nCols).toBe(4);
    expect(t.grid.cells.filter((c) => c.row === 1).map(cellText)).toEqual(['类', '款']);
    expect(rowOf(t.grid, '基本工资').map(cellText)).toEqual(['301', '01', '基本工资', '2118350.27']);
  });
  // Word geometry of three held-out 12 pages (Writer, 10 pt), in points.
  const at = (text: string, x0: number, x1: number, y0: number): Word => ({ text, bbox: { x0, y0, x1, y1: y0 + 13 }, size: 10 });
  const row = (...words: Word[]) => ({ words, y0: Math.min(...words.map((x) => x.bbox.y0)), y1: Math.max(...words.map((x) => x.bbox.y1)), size: 10 });

  it('keeps left-aligned headings over right-aligned amounts when the 类 款 项 markers stand over codes printed across them', () => {
    // heldout12-writer-threeline-left-centerlabels (Jiangxi 表5): the code centred in one cell across 类/款/项,
    // so 款 and 项 start right of the codes, as no left-aligned heading would; 合计 left-aligned, its amounts
    // 30 pt further right, nearer 基本支出 than itself (the headings and bands of the page as read)
    const tokOf = (text: string, x0: number, x1: number, y0: number): Tok => ({ word: at(text, x0, x1, y0), text, x0, x1, y0, y1: y0 + 13, size: 10, numeric: false });
    const toks = [
      tokOf('项目', 39.8, 59.8, 112), tokOf('支出功能分类科目', 41.3, 121.3, 130), tokOf('合计', 312.5, 332.5, 137.6), tokOf('基本支出', 393.4, 433.4, 137.6),
      tokOf('项目支出', 473.9, 513.9, 137.6), tokOf('编码', 41.3, 61.3, 144.8), tokOf('科目名称', 127.2, 167.2, 146.8),
      tokOf('类', 39.8, 49.8, 163.2), tokOf('款', 73.6, 83.6, 163.2), tokOf('项', 100.4, 110.4, 163.2),
    ];
    const rows = new Set(Array.from({ length: 14 }, (_, k) => k));
    const band = (x0: number, x1: number, c0: number, c1: number, numeric: number): Band => ({ x0, x1, rows, numeric, core: { x0: c0, x1: c1 } });
    const bands = [band(64, 103, 64, 103, 14), band(140, 300, 150, 290, 0), band(356, 393, 356, 392, 14), band(441, 474, 441, 472, 14), band(518, 556, 518, 554, 14)];
    expect(headerAlignment(toks, bands, 10)).toBe('left');
  });

  it('reads one row under a header of left-aligned headings two lines up, over a 类 款 项 row', () => {
    // writer-none-left-centerlabels (Shanghai 表2): the table's last row alone on the next page under its
    // repeated header; no heading stands over the amounts, which take turns with them
    const header = [
      row(at('项目', 41.3, 61.3, 46.1)),
      row(at('支出功能分类科', 41.3, 111.3, 63.6), at('附属单位上缴', 660.5, 720.5, 63.6)),
      row(at('本年收入合计', 298.8, 358.8, 70.9), at('财政拨款收入', 373, 433, 70.9), at('上级补助收入', 447.3, 507.3, 70.9), at('事业收入', 518.4, 558.4, 70.9), at('经营收入', 589.4, 629.4, 70.9), at('其他收入', 731.6, 771.6, 70.9)),
      row(at('目编码', 41.3, 71.3, 78.1), at('科目名称', 124.2, 164.2, 79.6), at('收入', 660.5, 680.5, 78.1)),
      row(at('类', 41.3, 51.3, 95.6), at('款', 73.6, 83.6, 95.6), at('项', 98.9, 108.9, 95.6)),
    ];
    const dashes = [512, 583, 654.1, 725.2, 797.4].map((x) => at('-', x, x + 3.5, 113.1));
    const data = row(at('2296002', 61.8, 100.6, 113.1), at('用于社会福利的彩票公益金支出', 140, 280, 113.1), at('480,000.00', 320.1, 370, 113.1), at('480,000.00', 394.4, 444.3, 113.1), ...dashes);
    const [t] = findColumnTables([...header, data], { page: 6 });
    expect(t).toBeDefined();
    expect(rowOf(t.grid, '2296002').map(cellText).filter(Boolean)).toEqual(['2296002', '用于社会福利的彩票公益金支出', '480,000.00', '480,000.00', '-', '-', '-', '-', '-']);
  });

  it('reads the last row of a table alone at the top of a page without header, under the header the previous page ended in', () => {
    // heldout12-writer-docx-none-right (Guangxi 表3): Word's repeated header row lost in the .docx
    const header = [
      row(at('项目', 60, 80, 60)),
      row(at('科目编码', 60, 100, 78), at('科目名称', 150, 190, 78), at('合计', 290, 310, 78), at('基本支出', 360, 400, 78), at('项目支出', 440, 480, 78)),
    ];
    const data = row(at('2210201', 60, 95, 50), at('住房公积金', 150, 200, 50), at('668,805.12', 255, 310, 50), at('668,805.12', 345, 400, 50));
    const note = row(at('注：本表反映部门本年度各项支出情况。', 40, 250, 80));
    expect(findColumnTables([data, note], { page: 8 })).toEqual([]);
    const [t] = findColumnTables([data, note], { page: 8, repeated: header });
    expect(t.lines).toEqual([0]);
    expect(t.carried).toEqual([]);
    expect(rowOf(t.grid, '2210201').map(cellText)).toEqual(['2210201', '住房公积金', '668,805.12', '668,805.12', '']);
    // a page that opens with a title starts a table of its own: the previous header is not offered to it
    const title = row(at('附表4：2020年度财政拨款收入支出决算总表', 150, 400, 40));
    expect(findColumnTables([title, data, note], { page: 8, repeated: header })).toEqual([]);
  });
  it('gives the dashes of a column, set a little right of its amounts against the next column\'s labels, to that column', () => {
    // writer-docx-none-center (Hunan 表1): amounts end at 407.7, the "-" zeros span 408.8–413.3, the expense
    // labels start at 414.9; no heading stands over the dashes alone
    const header = [row(at('收入', 160, 180, 100), at('支出', 560, 580, 100)), row(at('项目', 110, 130, 116), at('决算数', 340.3, 367.3, 116), at('项目', 470, 490, 116), at('决算数', 728.7, 755.7, 116))];
    const body = [
      ['一、一般公共预算财政拨款收入', '12,801,971.78', '一、一般公共服务支出', '8,978,686.07'],
      ['二、政府性基金预算财政拨款收入', '-', '二、外交支出', '-'],
      ['三、国有资本经营预算财政拨款收入', '-', '三、国防支出', '-'],
      ['五、事业收入', '37,573.27', '四、公共安全支出', '-'],
      ['六、经营收入', '-', '五、教育支出', '1,528,998.94'],
    ].map(([l1, a1, l2, a2], k) => {
      const y = 132 + 16 * k;
      const amount = (text: string, end: number) => (text === '-' ? at('-', end + 1.1, end + 5.6, y) : at(text, end - text.length * 4.4, end, y));
      return row(at(l1, 41.3, 41.3 + l1.length * 9, y), amount(a1, 407.7), at(l2, 414.9, 414.9 + l2.length * 9, y), a2 === '-' ? at('-', 797.7, 800.8, y) : at(a2, 800.8 - a2.length * 4.4, 800.8, y));
    });
    const [t] = findColumnTables([...header, ...body], { page: 3 });
    const colOf = (text: string) => t.grid.cells.find((c) => cellText(c) === text)!.col;
    expect(rowOf(t.grid, '二、政府性基金预算财政拨款收入').map(cellText)).toEqual(['二、政府性基金预算财政拨款收入', '-', '二、外交支出', '-']);
    expect(rowOf(t.grid, '二、政府性基金预算财政拨款收入')[1].col).toBe(colOf('12,801,971.78'));
  });
});
