/**
 * The born-digital PDF layout reader (extractors/pdf) on the real PDFs in test/fixtures/real
 * (see PROVENANCE.md), on small PDFs generated here with pdfkit, and on broken inputs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { cellText, type DocumentLayout, type LayoutCell, type LayoutGrid, type LayoutPage } from '../extractors/layout.js';
import { DocumentReadError, readPdfLayout } from '../extractors/pdf/index.js';
import type { Glyph } from '../extractors/pdf/geometry.js';
import { buildLines, joinGlyphs } from '../extractors/pdf/lines.js';
import { findUnruledGrids } from '../extractors/pdf/unruled.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const real = (name: string) => path.join(here, 'fixtures', 'real', name);
const load = (name: string) => new Uint8Array(fs.readFileSync(real(name)));

const grids = (p: LayoutPage): LayoutGrid[] => p.blocks.filter((b): b is LayoutGrid => b.kind === 'grid');
const texts = (p: LayoutPage): string[] => p.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
const page = (doc: DocumentLayout, n: number): LayoutPage => {
  const p = doc.pages.find((x) => x.number === n);
  if (!p) throw new Error(`no page ${n}`);
  return p;
};
const rowOf = (g: LayoutGrid, text: string): LayoutCell[] => {
  const hit = g.cells.find((c) => cellText(c) === text);
  if (!hit) throw new Error(`no cell "${text}"`);
  return g.cells.filter((c) => c.row === hit.row).sort((a, b) => a.col - b.col);
};
const cellAt = (g: LayoutGrid, row: number, col: number) => g.cells.find((c) => c.row === row && c.col === col);

/** Renders a pdfkit document to bytes. */
function makePdf(draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

describe('putuo-caizhengju-2024.pdf (ONLYOFFICE, 25 pages)', () => {
  let doc: DocumentLayout;
  beforeAll(async () => {
    doc = await readPdfLayout(load('putuo-caizhengju-2024.pdf'), { fileName: 'putuo-caizhengju-2024.pdf' });
  });

  it('reports page count, producer and the text-less continuation page', () => {
    expect(doc.pageCount).toBe(25);
    expect(doc.pages).toHaveLength(25);
    expect(doc.producer).toMatch(/ONLYOFFICE/);
    expect(doc.warnings).toEqual(['page 14 is blank (no text, no images)']);
    expect(page(doc, 8).width).toBe(842); // landscape page
    expect(page(doc, 8).source).toBe('text-layer');
  });

  it('page 8: 收入决算表 with title and unit above the grid, header cells, 类/款/项 codes and values in distinct cells', () => {
    const p = page(doc, 8);
    const ts = texts(p);
    expect(ts).toContain('收入决算表');
    expect(ts).toContain('单位：万元');
    const order = p.blocks.map((b) => (b.kind === 'grid' ? 'GRID' : b.text));
    expect(order.indexOf('收入决算表')).toBeLessThan(order.indexOf('GRID'));
    expect(order.indexOf('单位：万元')).toBeLessThan(order.indexOf('GRID'));
    const [g] = grids(p);
    expect(g.ruled).toBe(true);
    expect(g.nCols).toBe(11);
    const header = g.cells.filter((c) => c.row === 0).map(cellText);
    expect(header).toEqual(expect.arrayContaining(['项目', '本年收入合计', '财政拨款收入', '附属单位上缴收入', '其他收入']));
    const 本年 = g.cells.find((c) => cellText(c) === '本年收入合计')!;
    expect(本年.rowSpan).toBe(3); // spanning header cell
    expect(本年.lines).toEqual(['本年收入合', '计']); // wrapped inside the cell, top to bottom
    expect(g.cells.find((c) => cellText(c) === '项目')!.colSpan).toBe(4);
    const row = rowOf(g, '行政运行').map(cellText);
    expect(row.slice(0, 3)).toEqual(['201', '06', '01']);
    expect(row[4]).toBe('1,511.90');
    expect(row[5]).toBe('1,511.89');
    expect(row[10]).toBe('0.01');
    expect(row.filter((t) => t === '')).toHaveLength(4); // blank value cells are kept
    // a wrapped name in the same grid
    const wrapped = rowOf(g, '机关事业单位基本养老保险缴费支出').map(cellText);
    expect(wrapped.slice(0, 3)).toEqual(['208', '05', '05']);
    expect(wrapped[4]).toBe('160.75');
  });

  it('page 9: the table continued over the page break is a grid of the same columns', () => {
    const [g] = grids(page(doc, 9));
    expect(g.nCols).toBe(11);
    expect(rowOf(g, '行政单位医疗').slice(0, 3).map(cellText)).toEqual(['210', '11', '01']);
  });

  it('page 16: 基本支出 table keeps the wrapped name 机关事业单位基本养老保险缴费 in one cell', () => {
    const p = page(doc, 16);
    expect(texts(p)).toContain('一般公共预算财政拨款基本支出决算表');
    const [g] = grids(p);
    const cell = g.cells.find((c) => cellText(c) === '机关事业单位基本养老保险缴费')!;
    expect(cell).toBeDefined();
    expect(cell.lines.length).toBeGreaterThanOrEqual(1);
    const row = rowOf(g, '机关事业单位基本养老保险缴费').map(cellText);
    expect(row).toEqual(['301', '08', '机关事业单位基本养老保险缴费', '160.75', '302', '06', '电费', '']);
  });

  it('page 19: an empty table gives a grid with its 合计 row and a 故本表无数据 note below it', () => {
    const p = page(doc, 19);
    const [g] = grids(p);
    const 合计 = g.cells.find((c) => cellText(c) === '合计')!;
    expect(合计).toBeDefined();
    expect(合计.row).toBe(g.nRows - 1);
    // the blank rows are kept as rows of empty cells
    const blankRows = new Set(g.cells.filter((c) => c.lines.length === 0).map((c) => c.row));
    expect(blankRows.size).toBeGreaterThanOrEqual(8);
    const kinds = p.blocks.map((b) => (b.kind === 'grid' ? 'GRID' : b.text));
    const note = kinds.findIndex((t) => t.includes('故本表无数据'));
    expect(note).toBeGreaterThan(kinds.indexOf('GRID'));
  });

  it('page 14 (rules only, no text) still yields its grid', () => {
    const p = page(doc, 14);
    expect(grids(p)).toHaveLength(1);
    expect(texts(p)).toEqual([]);
  });

  it('narrative pages are text lines, not grids', () => {
    const p = page(doc, 21);
    expect(grids(p)).toHaveLength(0);
    expect(texts(p).length).toBeGreaterThan(10);
  });

  it('reads only the requested pages', async () => {
    const part = await readPdfLayout(load('putuo-caizhengju-2024.pdf'), { fileName: 'putuo.pdf', pages: [8] });
    expect(part.pageCount).toBe(25);
    expect(part.pages.map((p) => p.number)).toEqual([8]);
    expect(grids(part.pages[0])[0].cells).toEqual(grids(page(doc, 8))[0].cells);
  });
});

describe('Jiangsu PDFs', () => {
  it('zhengxie (Excel): a grid on every page, with its 公开NN表 title and values', async () => {
    const doc = await readPdfLayout(load('jiangsu-zhengxie-2019-budget-tables.pdf'), { fileName: 'zhengxie.pdf' });
    expect(doc.pageCount).toBe(12);
    for (const p of doc.pages) expect(grids(p).length).toBeGreaterThanOrEqual(1);
    const p1 = doc.pages[0];
    expect(texts(p1)).toEqual(expect.arrayContaining(['收支预算总表', '单位：万元']));
    const g = grids(p1)[0];
    expect(rowOf(g, '一、财政拨款').map(cellText)).toEqual([
      '一、财政拨款',
      '13,297.11',
      '一、一般公共服务支出',
      '10,271.56',
      '一、基本支出',
      '6,522.75',
    ]);
    expect(rowOf(g, '当年收入小计').find((c) => cellText(c) === '当年支出小计')!.colSpan).toBe(3);
  });

  it('jianchayuan (Word, borders as filled rectangles): several grids on one page', async () => {
    const doc = await readPdfLayout(load('jiangsu-jianchayuan-2019-budget.pdf'), { fileName: 'jianchayuan.pdf' });
    expect(doc.creator).toMatch(/Word/);
    const p15 = page(doc, 15);
    const gs = grids(p15);
    expect(gs).toHaveLength(2);
    expect(rowOf(gs[0], '收入总计').map(cellText)).toEqual(['收入总计', '24169.74']);
    expect(rowOf(gs[1], '24169.74').map(cellText)).toEqual(['24169.74', '15844.04', '4335.30', '3990.4', '']);
    // reading order: title of the second table sits between the two grids
    const order = p15.blocks.map((b) => (b.kind === 'grid' ? 'GRID' : b.text));
    expect(order.filter((t) => t === 'GRID')).toHaveLength(2);
    expect(order.indexOf('支出预算总表')).toBeGreaterThan(order.indexOf('GRID'));
    expect(order.lastIndexOf('GRID')).toBeGreaterThan(order.indexOf('支出预算总表'));
    const withGrids = doc.pages.filter((p) => grids(p).length > 0).map((p) => p.number);
    expect(withGrids).toEqual([14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(grids(page(doc, 20))).toHaveLength(2);
  });

  it('shengweiban (Distiller): narrative only, read as text lines without false grids', async () => {
    const doc = await readPdfLayout(load('jiangsu-shengweiban-2019-budget.pdf'), { fileName: 'shengweiban.pdf' });
    expect(doc.producer).toMatch(/Distiller/);
    expect(doc.pages.flatMap(grids)).toHaveLength(0);
    expect(texts(page(doc, 2))).toContain('一、收支预算总表');
  });
});

describe('shanghai-template-2024.pdf (WPS, flipped CTM)', () => {
  it('finds the template tables on landscape and portrait pages', async () => {
    const doc = await readPdfLayout(load('shanghai-template-2024.pdf'), { fileName: 'shanghai.pdf' });
    const withGrids = doc.pages.filter((p) => grids(p).length > 0).map((p) => p.number);
    expect(withGrids).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    for (const g of doc.pages.flatMap(grids)) {
      expect(g.bbox!.y0).toBeGreaterThan(0);
      expect(g.bbox!.y1).toBeLessThanOrEqual(page(doc, g.page).height!);
    }
  });
});

describe('synthetic PDFs', () => {
  it('splits one text item that runs over a cell boundary', async () => {
    const data = await makePdf((d) => {
      d.lineWidth(0.5);
      for (const y of [100, 120, 140]) d.moveTo(50, y).lineTo(300, y).stroke();
      for (const x of [50, 150, 196, 300]) d.moveTo(x, 100).lineTo(x, 140).stroke();
      d.font('Helvetica').fontSize(10);
      d.text('Item', 55, 105, { lineBreak: false });
      d.text('2,106.66 1,503.52', 155, 125, { lineBreak: false }); // one item over two cells
    });
    const doc = await readPdfLayout(data, { fileName: 'split.pdf' });
    const [g] = grids(doc.pages[0]);
    expect(g.nRows).toBe(2);
    expect(g.nCols).toBe(3);
    expect(cellText(cellAt(g, 1, 1)!)).toBe('2,106.66');
    expect(cellText(cellAt(g, 1, 2)!)).toBe('1,503.52');
    expect(cellAt(g, 0, 1)!.lines).toEqual([]);
  });

  it('closes a table frame that has no outer vertical rules, using the rules and the text extent', async () => {
    const data = await makePdf((d) => {
      d.lineWidth(0.5);
      // horizontal rules over the full width, vertical rules only between columns, none at the edges
      for (const y of [100, 120, 140, 160]) d.moveTo(60, y).lineTo(360, y).stroke();
      for (const x of [160, 260]) d.moveTo(x, 100).lineTo(x, 160).stroke();
      d.font('Helvetica').fontSize(10);
      [
        ['Name', 'Budget', 'Actual'],
        ['Rent', '10.00', '9.50'],
        ['Travel', '', '1.25'],
      ].forEach((row, r) => row.forEach((t, c) => t && d.text(t, 65 + c * 100, 105 + r * 20, { lineBreak: false })));
    });
    const doc = await readPdfLayout(data, { fileName: 'frameless.pdf' });
    const [g] = grids(doc.pages[0]);
    expect([g.nRows, g.nCols]).toEqual([3, 3]);
    expect(rowOf(g, 'Rent').map(cellText)).toEqual(['Rent', '10.00', '9.50']);
    expect(rowOf(g, 'Travel').map(cellText)).toEqual(['Travel', '', '1.25']);
  });

  it('takes row labels printed left of a ruled block into the table (text closes the frame)', async () => {
    const data = await makePdf((d) => {
      d.lineWidth(0.5);
      // rules only around the number columns; the labels on the left have none
      for (const y of [100, 120, 140]) d.moveTo(150, y).lineTo(350, y).stroke();
      for (const x of [150, 250, 350]) d.moveTo(x, 100).lineTo(x, 140).stroke();
      d.font('Helvetica').fontSize(10);
      d.text('Salaries', 100, 105, { lineBreak: false });
      d.text('Rent', 110, 125, { lineBreak: false });
      d.text('5.00', 160, 105, { lineBreak: false });
      d.text('6.00', 260, 125, { lineBreak: false });
    });
    const doc = await readPdfLayout(data, { fileName: 'labels.pdf' });
    const [g] = grids(doc.pages[0]);
    expect([g.nRows, g.nCols]).toEqual([2, 3]);
    expect(rowOf(g, 'Salaries').map(cellText)).toEqual(['Salaries', '5.00', '']);
    expect(rowOf(g, 'Rent').map(cellText)).toEqual(['Rent', '', '6.00']);
    expect(texts(doc.pages[0])).toEqual([]);
  });

  it('detects a spanning cell where an internal rule is missing', async () => {
    const data = await makePdf((d) => {
      d.lineWidth(0.5);
      d.rect(50, 100, 300, 60).stroke();
      d.moveTo(50, 120).lineTo(350, 120).stroke();
      d.moveTo(150, 140).lineTo(350, 140).stroke(); // first column spans rows 1-2
      d.moveTo(150, 100).lineTo(150, 160).stroke();
      d.moveTo(250, 120).lineTo(250, 160).stroke(); // header of columns 1-2 spans
      d.font('Helvetica').fontSize(10);
      d.text('Group', 55, 130, { lineBreak: false });
      d.text('Amounts', 155, 105, { lineBreak: false });
    });
    const doc = await readPdfLayout(data, { fileName: 'spans.pdf' });
    const [g] = grids(doc.pages[0]);
    expect([g.nRows, g.nCols]).toEqual([3, 3]);
    const group = g.cells.find((c) => cellText(c) === 'Group')!;
    expect([group.row, group.col, group.rowSpan, group.colSpan]).toEqual([1, 0, 2, 1]);
    const amounts = g.cells.find((c) => cellText(c) === 'Amounts')!;
    expect([amounts.row, amounts.col, amounts.rowSpan, amounts.colSpan]).toEqual([0, 1, 1, 2]);
  });

  it('clusters a table printed without rules into an unruled grid; a paragraph stays text', async () => {
    const data = await makePdf((d) => {
      d.font('Helvetica').fontSize(10);
      d.text('Table 3 Expenditure', 50, 60, { lineBreak: false });
      const rows = [
        ['Item', 'Budget', 'Actual'],
        ['Salaries', '1,200.00', '1,180.50'],
        ['Rent', '300.00', '300.00'],
        ['Travel', '', '12.75'],
        ['Total', '1,500.00', '1,493.25'],
      ];
      rows.forEach((row, r) => row.forEach((t, c) => t && d.text(t, 50 + c * 120, 90 + r * 16, { lineBreak: false })));
      const para = [
        'This paragraph is ordinary narrative text that explains the table above in a few',
        'sentences, with normal word spacing and no wide gaps, so it must stay plain text',
        'and never be mistaken for a table even though it has several lines of similar length.',
      ];
      para.forEach((t, i) => d.text(t, 50, 200 + i * 14, { lineBreak: false }));
    });
    const doc = await readPdfLayout(data, { fileName: 'unruled.pdf' });
    const p = doc.pages[0];
    const [g] = grids(p);
    expect(grids(p)).toHaveLength(1);
    expect(g.ruled).toBe(false);
    expect([g.nRows, g.nCols]).toEqual([5, 3]);
    expect(rowOf(g, 'Travel').map(cellText)).toEqual(['Travel', '', '12.75']);
    expect(rowOf(g, 'Total').map(cellText)).toEqual(['Total', '1,500.00', '1,493.25']);
    expect(texts(p)[0]).toBe('Table 3 Expenditure');
    expect(texts(p).filter((t) => t.startsWith('This paragraph'))).toHaveLength(1);
    expect(texts(p)).toHaveLength(4);
  });
});

describe('generated fixtures with tables printed without rules (unruled grids)', () => {
  const gen = (name: string) => new Uint8Array(fs.readFileSync(path.join(here, 'fixtures', 'generated', name)));
  const at = (g: LayoutGrid, text: string) => {
    const c = g.cells.find((x) => cellText(x) === text);
    if (!c) throw new Error(`no cell "${text}"`);
    return [c.row, c.col, c.rowSpan, c.colSpan];
  };

  it('fancheng 表7: three header levels with spans over the 12 value columns, one value per column', async () => {
    const doc = await readPdfLayout(gen('hubei-2021-fancheng-nongye.pdf'), { fileName: 'fancheng.pdf', pages: [12] });
    const p = doc.pages[0];
    const [g] = grids(p);
    expect(grids(p)).toHaveLength(1);
    expect(g.ruled).toBe(false);
    expect([g.nRows, g.nCols]).toEqual([5, 12]);
    // title, 部门 and 单位 stay text above the grid; the notes stay text below it
    const order = p.blocks.map((b) => (b.kind === 'grid' ? 'GRID' : b.text));
    expect(order.indexOf('单位：元')).toBeLessThan(order.indexOf('GRID'));
    expect(order.findIndex((t) => t.startsWith('注：'))).toBeGreaterThan(order.indexOf('GRID'));
    expect(at(g, '预算数')).toEqual([0, 0, 1, 6]);
    expect(at(g, '决算数')).toEqual([0, 6, 1, 6]);
    const header1 = g.cells.filter((c) => c.row === 1).map((c) => [c.col, c.rowSpan, c.colSpan, cellText(c)]);
    expect(header1.slice(0, 4)).toEqual([
      [0, 2, 1, '合计'],
      [1, 2, 1, '因公出国（境）费'], // two lines centred in one cell
      [2, 1, 3, '公务用车购置及运行费'],
      [5, 2, 1, '公务接待费'],
    ]);
    expect(g.cells.filter((c) => c.row === 2 && c.col >= 2 && c.col <= 4).map(cellText)).toEqual(['小计', '公务用车购置费', '公务用车运行费']);
    expect(g.cells.filter((c) => c.row === 3).map(cellText)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(g.cells.filter((c) => c.row === 4).map(cellText)).toEqual([
      '101,000.00', '0.00', '86,000.00', '0.00', '86,000.00', '15,000.00',
      '89,109.28', '0.00', '79,127.97', '0.00', '79,127.97', '9,981.31',
    ]);
  });

  it('minhang 表6: two side-by-side groups of 类/款/科目名称/决算数, wrapped names kept with their row', async () => {
    const doc = await readPdfLayout(gen('shanghai-2024-minhang-sifa.pdf'), { fileName: 'minhang.pdf', pages: [11] });
    const p = doc.pages[0];
    const [g] = grids(p);
    expect(grids(p)).toHaveLength(1);
    expect(g.ruled).toBe(false);
    expect(g.nCols).toBe(8);
    expect(texts(p)).toEqual(expect.arrayContaining(['一般公共预算财政拨款基本支出决算表', '单位：万元']));
    const header0 = g.cells.filter((c) => c.row === 0).map((c) => [c.col, c.rowSpan, c.colSpan, cellText(c)]);
    expect(header0).toEqual([
      [0, 1, 2, '经济分类科目编码'],
      [2, 2, 1, '科目名称'],
      [3, 2, 1, '决算数'],
      [4, 1, 2, '经济分类科目编码'],
      [6, 2, 1, '科目名称'],
      [7, 2, 1, '决算数'],
    ]);
    expect(g.cells.filter((c) => c.row === 1 && c.lines.length).map((c) => [c.col, cellText(c)])).toEqual([
      [0, '类'], [1, '款'], [4, '类'], [5, '款'],
    ]);
    expect(rowOf(g, '工资福利支出').map(cellText)).toEqual(['301', '', '工资福利支出', '1,120.17', '302', '', '商品和服务支出', '157.36']);
    expect(rowOf(g, '基本工资').map(cellText)).toEqual(['301', '01', '基本工资', '153.10', '302', '01', '办公费', '31.38']);
    // the name wraps around the row's baseline (one line above, one below): both lines join the row
    const wrapped = g.cells.find((c) => cellText(c) === '机关事业单位基本养老保险缴费')!;
    expect(wrapped.lines).toEqual(['机关事业单位基本养老保险缴', '费']);
    expect(rowOf(g, '机关事业单位基本养老保险缴费').map(cellText)).toEqual(['301', '08', '机关事业单位基本养老保险缴费', '135.55', '302', '06', '电费', '8.91']);
    // rows of the second group only: the first group's cells are blank
    expect(rowOf(g, '其他资本性支出').map(cellText)).toEqual(['', '', '', '', '310', '99', '其他资本性支出', '']);
    expect(rowOf(g, '人员经费合计').map(cellText)).toEqual(['', '', '人员经费合计', '1,187.74', '', '', '公用经费合计', '181.16']);
  });

  it('Writer three-line 表4 page 2: each cell of an unruled grid says where its text lies, inside its column band', async () => {
    const file = path.join(here, 'fixtures', 'producers', 'writer-threeline-right-hubei-2021-fancheng-nongye.pdf');
    const doc = await readPdfLayout(new Uint8Array(fs.readFileSync(file)), { fileName: 'threeline-right.pdf', pages: [8] });
    const [g] = doc.pages[0].blocks.filter((b): b is LayoutGrid => b.kind === 'grid');
    const row = rowOf(g, '年初财政拨款结转和结余');
    expect(row.map(cellText)).toEqual(['年初财政拨款结转和结余', '28', '499,709.05', '年末财政拨款结转和结余', '60', '724,449.72', '724,449.72', '', '']);
    // A right-aligned amount: the band reaches across the blank space left of it, the text does not.
    const amount = row[2];
    expect(amount.ink!.x0).toBeGreaterThan(amount.bbox!.x0 + 5);
    expect(amount.ink!.x1).toBeLessThanOrEqual(amount.bbox!.x1);
    // A left-aligned name starts at its band and ends short of it; a blank cell has no text extent.
    expect(row[0].ink!.x0).toBeGreaterThanOrEqual(row[0].bbox!.x0);
    expect(row[0].ink!.x1).toBeLessThan(row[0].bbox!.x1);
    expect(row[7].ink).toBeUndefined();
  });

  it('narrative pages with numbers between word spaces stay text', async () => {
    const doc = await readPdfLayout(gen('shanghai-2024-minhang-sifa.pdf'), { fileName: 'minhang.pdf', pages: [14] });
    expect(grids(doc.pages[0])).toHaveLength(0);
    const real = await readPdfLayout(load('jiangsu-jianchayuan-2019-budget.pdf'), { fileName: 'jianchayuan.pdf', pages: [25] });
    expect(grids(real.pages[0])).toHaveLength(0);
  });
});

describe('joining glyphs into text', () => {
  const glyph = (ch: string, x0: number, w = 10, spaceBefore = false): Glyph => ({
    ch, x0, x1: x0 + w, y0: 0, y1: 10, base: 9, size: 10, spaceBefore, horizontal: true,
  });
  it('collapses letter-spaced CJK words and keeps spaces between Latin/digit runs', () => {
    const spaced = Array.from('因公出国（境）费').map((ch, i) => glyph(ch, i * 20));
    expect(joinGlyphs(spaced)).toBe('因公出国（境）费');
    expect(joinGlyphs([glyph('A', 0, 5), glyph('B', 5, 5, true), glyph('1', 14, 5)])).toBe('A B 1');
  });
});

describe('unruled tables from positioned glyphs', () => {
  // Glyphs on rows 16 pt apart (CJK one em, others half an em); `spaceBefore` is the space pdf.js puts in an item it ran together.
  const run = (text: string, x0: number, y: number, spaced = false): Glyph[] => {
    let x = x0;
    return Array.from(text).map((ch, i) => {
      const w = /[\u4e00-\u9fff]/.test(ch) ? 10 : 5;
      x += w;
      return { ch, x0: x - w, x1: x, y0: y, y1: y + 10, base: y + 8, size: 10, spaceBefore: spaced && i === 0, horizontal: true };
    });
  };
  it('cuts an amount from the next column\'s label when pdf.js ran the two cells into one item (a spreadsheet)', () => {
    const rows = [
      ['财政拨款收入', '1,200.00', '一般公共服务支出', '900.00'],
      ['事业收入', '300.00', '教育支出', '600.00'],
      ['本年收入合计', '1,500.00', '本年支出合计', '1,500.00'],
    ];
    // The amount right-aligned to x=200 and the label 1 pt after it: one word, its seam a space.
    const glyphs = rows.flatMap(([a, b, c, e], r) => {
      const y = 100 + r * 16;
      return [...run(a, 50, y), ...run(b, 200 - 5 * b.length, y), ...run(c, 201, y, true), ...run(e, 400 - 5 * e.length, y)];
    });
    const { grids: found } = findUnruledGrids(buildLines(glyphs), 1);
    expect(found).toHaveLength(1);
    const g = found[0].grid;
    expect(g.nCols).toBe(4);
    expect(rowOf(g, '财政拨款收入').map(cellText)).toEqual(['财政拨款收入', '1,200.00', '一般公共服务支出', '900.00']);
    expect(rowOf(g, '事业收入').map(cellText)).toEqual(['事业收入', '300.00', '教育支出', '600.00']);
  });
});

describe('bad inputs raise DocumentReadError naming the file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-layout-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function expectReadError(name: string, bytes: Uint8Array, reason: RegExp) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const err = await readPdfLayout(new Uint8Array(fs.readFileSync(file)), { fileName: file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DocumentReadError);
    const e = err as DocumentReadError;
    expect(e.fileName).toBe(file);
    expect(e.message).toContain(file);
    expect(e.reason).toMatch(reason);
  }

  it('empty file', () => expectReadError('empty.pdf', new Uint8Array(0), /empty/));
  it('HTML error page saved as .pdf', () =>
    expectReadError(
      'error-page.pdf',
      new TextEncoder().encode('<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>Not Found</body></html>'),
      /HTML/,
    ));
  it('random bytes', () => {
    const bytes = new Uint8Array(4096);
    let s = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    return expectReadError('random.pdf', bytes, /not a PDF/);
  });
  it('truncated PDF', () => {
    const full = load('jiangsu-zhengxie-2019-budget-tables.pdf');
    return expectReadError('truncated.pdf', full.slice(0, Math.floor(full.length / 2)), /truncated/);
  });
  it('corrupt PDF (valid header and %%EOF, garbage body)', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n' + 'garbage '.repeat(200) + '\n%%EOF\n');
    return expectReadError('corrupt.pdf', bytes, /valid PDF|malformed|could not be read/);
  });
  it('encrypted PDF (user password)', async () => {
    const data = await makePdf((d) => d.text('secret', 50, 50), { userPassword: 'secret', ownerPassword: 'owner' });
    await expectReadError('encrypted.pdf', data, /encrypted|password/);
  });
  it('asking for a page the document does not have', () =>
    readPdfLayout(load('jiangsu-zhengxie-2019-budget-tables.pdf'), { fileName: 'z.pdf', pages: [13] }).then(
      () => {
        throw new Error('expected an error');
      },
      (e: unknown) => {
        expect(e).toBeInstanceOf(DocumentReadError);
        expect((e as Error).message).toMatch(/z\.pdf.*page 13.*12 pages/);
      },
    ));
});
