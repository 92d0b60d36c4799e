/**
 * OCR fallback (issue 3): grid detection on a skewed noisy render, the needs-OCR decision, and
 * cell-by-cell OCR of a scanned table page against the truth taken from its born-digital source
 * (fixtures: test/fixtures/scanned/, made by scripts/make-scanned-fixtures.ts), and a scan made by
 * other tools (LibreOffice, poppler, ImageMagick) with thin grey ruling lines (test/fixtures/scans-grid/,
 * made by scripts/make-scan-grid-fixtures.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cellText, type LayoutGrid } from '../extractors/layout.js';
import { detectGrids, keepBoundingLines, rotateGray } from '../extractors/ocr/grid.js';
import { assessTextLayer, textLayerQuality } from '../extractors/ocr/needs-ocr.js';
import { createOcrEngine, type OcrEngine } from '../extractors/ocr/pool.js';
import { normaliseAmount, readRenderedPage, type LineReading } from '../extractors/ocr/recognize.js';
import { openPdfForOcr, renderPageForOcr, renderPageGray } from '../extractors/ocr/render.js';
import { Rng } from '../scripts/fixtures/model.js';

const DIR = path.join(process.cwd(), 'test/fixtures/scanned');
const load = (name: string) => openPdfForOcr(readFileSync(path.join(DIR, name)));

interface Truth {
  tables: Array<{ nRows: number; nCols: number; cells: Array<{ row: number; col: number; rowSpan: number; colSpan: number; text: string }> }>;
  texts: string[];
}
const truthOf = (name: string): Truth => JSON.parse(readFileSync(path.join(DIR, `${name}.cells.json`), 'utf8'));

describe('grid detection', () => {
  it('finds rows, columns and spanning cells on a skewed, speckled render', async () => {
    const doc = await load('born-digital-source.pdf');
    const img = await renderPageGray(await doc.getPage(1), 150);
    const skewed = rotateGray(img, 0.8);
    const rng = new Rng(3);
    const rnd = () => rng.next();
    for (let k = 0; k < 3000; k++) skewed.data[Math.floor(rnd() * skewed.data.length)] = 0;
    // Small gaps in the ruling lines, as on a worn scan.
    for (let k = 0; k < 200; k++) {
      const i = Math.floor(rnd() * skewed.data.length);
      skewed.data.fill(255, i, i + 2);
    }
    const det = detectGrids(skewed, { dpi: 150 });
    expect(det.angle).toBeCloseTo(0.8, 1);
    const truth = truthOf('hubei-jiaoyu-p5-200dpi').tables;
    expect(det.tables.map((t) => [t.rowEdges.length - 1, t.colEdges.length - 1])).toEqual(truth.map((t) => [t.nRows, t.nCols]));
    const spans = (cells: Array<{ row: number; col: number; rowSpan: number; colSpan: number }>) =>
      cells.filter((c) => c.rowSpan > 1 || c.colSpan > 1).map((c) => `${c.row},${c.col}:${c.rowSpan}x${c.colSpan}`).sort();
    expect(spans(det.tables[0].cells)).toEqual(spans(truth[0].cells));
    expect(spans(truth[0].cells).length).toBeGreaterThan(3);
    await doc.destroy();
  });

  it('finds the same grid when any of its outer borders is not printed (the inner rules imply it)', async () => {
    // A fully ruled scan (pdfkit page, Ghostscript 200 dpi): its outer borders whitened one side at a
    // time, then all four, as printed by tables without outer border.
    const doc = await openPdfForOcr(readFileSync('test/fixtures/scans/grey-200--jingan-t2.pdf'));
    const img = await renderPageForOcr(await doc.getPage(1));
    await doc.destroy();
    const full = detectGrids(img, { dpi: img.dpi }).tables;
    expect(full).toHaveLength(1);
    const [t] = full;
    // Rows, columns and spans; the frame where the border was, or where the rules' ends were whitened with it.
    const shape = (ts: typeof full) => ts.map((x) => [x.rowEdges.length - 1, x.colEdges.length - 1, x.cells.filter((c) => c.rowSpan > 1 || c.colSpan > 1).length]);
    const frame = (ts: typeof full) => ts.map((x) => [x.bbox.x0, x.bbox.y0, x.bbox.x1, x.bbox.y1]);
    const border = (side: 'left' | 'right' | 'top' | 'bottom') => {
      const o = side === 'left' || side === 'right' ? 'v' : 'h';
      const at = { left: t.bbox.x0, right: t.bbox.x1, top: t.bbox.y0, bottom: t.bbox.y1 }[side];
      return t.lines.find((l) => l.orientation === o && Math.abs(l.pos - at) < 3)!;
    };
    const without = (...sides: Array<'left' | 'right' | 'top' | 'bottom'>) => {
      const data = new Uint8Array(img.data);
      for (const l of sides.map(border)) {
        const w = Math.ceil(l.half) + 3;
        for (let s = Math.floor(l.start) - 8; s <= Math.ceil(l.end) + 8; s++) {
          for (let k = -w; k <= w; k++) {
            const c = Math.round(l.pos + l.slope * (s - (l.start + l.end) / 2)) + k;
            data[l.orientation === 'h' ? c * img.width + s : s * img.width + c] = 255;
          }
        }
      }
      return detectGrids({ ...img, data }, { dpi: img.dpi }).tables;
    };
    for (const sides of [['left', 'right'], ['top'], ['bottom'], ['left', 'right', 'top', 'bottom']] as const) {
      const found = without(...sides);
      expect([sides.join('+'), shape(found)]).toEqual([sides.join('+'), shape(full)]);
      frame(found)[0].forEach((v, k) => expect(Math.abs(v - frame(full)[0][k])).toBeLessThan(12));
    }
  });
});

describe('cell crops beside a thick, blurred rule', () => {
  // A 3 × 3 grid at 200 dpi whose rules are blurred wide (a dark core and grey shoulders, as a scan
  // under noise and blur prints them), and in the middle cell a digit 1 set against its right rule:
  // wholly inside the rule's clearance, touching neither the rule's ink nor the crop's edge.
  const dpi = 200;
  const W = 700;
  const H = 400;
  const xs = [100, 350, 600];
  const ys = [100, 180, 260, 340];
  const page = (): { width: number; height: number; data: Uint8Array } => {
    const data = new Uint8Array(W * H).fill(255);
    const dark = (x: number, y: number, v: number) => {
      if (x >= 0 && x < W && y >= 0 && y < H) data[y * W + x] = Math.min(data[y * W + x], v);
    };
    const profile = [170, 120, 60, 40, 60, 120, 170]; // across the rule, 7 px
    for (const x of xs) for (let y = ys[0] - 3; y <= ys[3] + 3; y++) profile.forEach((v, k) => dark(x - 3 + k, y, v));
    for (const y of ys) for (let x = xs[0] - 3; x <= xs[2] + 3; x++) profile.forEach((v, k) => dark(x, y - 3 + k, v));
    // The 1: a stem 3 px wide, 22 px high, 1 px clear of the rule's shoulder.
    for (let y = 209; y < 231; y++) for (let x = 343; x < 346; x++) dark(x, y, 30);
    return { width: W, height: H, data };
  };
  it('reaches the crop out to a glyph standing between it and the rule', () => {
    const det = detectGrids(page(), { dpi });
    expect(det.tables).toHaveLength(1);
    const cell = det.tables[0].cells.find((c) => c.row === 1 && c.col === 0)!;
    // The stem's right edge is x = 346; the crop must hold it whole, and stay off the rule's core (x ≥ 349).
    expect(cell.inner.x1).toBeGreaterThanOrEqual(346);
    expect(cell.inner.x1).toBeLessThan(349);
    // A cell with nothing set against its rule keeps the full clearance.
    const other = det.tables[0].cells.find((c) => c.row === 0 && c.col === 0)!;
    expect(other.inner.x1).toBeLessThan(cell.inner.x1);
  });
});

describe('ruling lines that bound cells', () => {
  // A 2 × 2 table (points) and the strokes of a character in its lower left cell: a stem touching the
  // bottom border, a bar between two stems, and a run of text starting at the left border.
  const table = [
    { o: 'h' as const, pos: 100, a: 50, b: 250 },
    { o: 'h' as const, pos: 130, a: 50, b: 250 },
    { o: 'h' as const, pos: 160, a: 50, b: 250 },
    { o: 'v' as const, pos: 50, a: 100, b: 160 },
    { o: 'v' as const, pos: 150, a: 100, b: 160 },
    { o: 'v' as const, pos: 250, a: 100, b: 160 },
  ];
  const strokes = [
    { o: 'v' as const, pos: 70, a: 132, b: 159 },
    { o: 'v' as const, pos: 82, a: 136, b: 159 },
    { o: 'h' as const, pos: 145, a: 69, b: 83 },
    { o: 'h' as const, pos: 150, a: 50, b: 120 },
  ];
  it('keeps the table and drops character strokes, even where they touch a border', () => {
    const kept = keepBoundingLines([...table, ...strokes]);
    expect(kept.map((l) => `${l.o}${l.pos}:${l.a}-${l.b}`).sort()).toEqual(table.map((l) => `${l.o}${l.pos}:${l.a}-${l.b}`).sort());
  });
  it('trims a line to the lines it crosses', () => {
    const kept = keepBoundingLines([...table.slice(0, 5), { o: 'v', pos: 250, a: 90, b: 175 }]);
    expect(kept.find((l) => l.o === 'v' && l.pos === 250)).toMatchObject({ a: 100, b: 160 });
  });
  it('keeps inner rules of a table without outer border to where the missing border would be', () => {
    // A 3 × 3 table printed with its inner rules only: each runs on past its last crossing to the
    // frame's edge (x 20..280, y 70..190), where the rules beside it stop too.
    const inner = [
      { o: 'h' as const, pos: 110, a: 20, b: 280 },
      { o: 'h' as const, pos: 150, a: 20.5, b: 279.5 },
      { o: 'v' as const, pos: 100, a: 70, b: 190 },
      { o: 'v' as const, pos: 200, a: 70.5, b: 189 },
    ];
    const kept = keepBoundingLines(inner);
    expect(kept.map((l) => `${l.o}${l.pos}:${l.a}-${l.b}`).sort()).toEqual(inner.map((l) => `${l.o}${l.pos}:${l.a}-${l.b}`).sort());
    // Rules running on to ends of their own (text against a rule, a heading's rule) are no border.
    const alone = keepBoundingLines([...inner.slice(0, 3), { o: 'v', pos: 200, a: 90, b: 175 }]);
    expect(alone.filter((l) => l.o === 'v').map((l) => [l.a, l.b])).toEqual([[110, 150], [110, 150]]);
  });
});

describe('needs-OCR decision', () => {
  it('trusts a born-digital text layer', async () => {
    const doc = await load('born-digital-source.pdf');
    const v = await assessTextLayer(await doc.getPage(1));
    expect(v).toMatchObject({ usable: true });
    await doc.destroy();
  });
  it('rejects an image-only scan', async () => {
    const doc = await load('putuo-p8-150dpi.pdf');
    const v = await assessTextLayer(await doc.getPage(1));
    expect(v.usable).toBe(false);
    expect(v.stats.imageCoverage).toBeGreaterThan(0.9);
    await doc.destroy();
  });
  it('rejects a text layer that maps to Latin-1 junk over an image', async () => {
    const doc = await load('garbage-text-layer.pdf');
    const v = await assessTextLayer(await doc.getPage(1));
    expect(v.usable).toBe(false);
    expect(v.reason).toMatch(/junk/);
    await doc.destroy();
  });
  it('flags private-use glyphs and Latin text with no Chinese', () => {
    const view = [0, 0, 595, 842];
    expect(textLayerQuality({ items: [{ str: '\ue001\ue002\ue003\ue004 2,112.86' }] }, { view }).usable).toBe(false);
    expect(textLayerQuality({ items: [{ str: 'Gdqj wkh surjudpph ri wkh ghsduwphqw iru 2019' }] }, { view }).usable).toBe(false);
    expect(textLayerQuality({ items: [{ str: '一般公共服务支出' }, { str: '2,112.86' }] }, { view }).usable).toBe(true);
  });
  it('flags Chinese text with Latin-1 letters among it: glyphs re-encoded without their Unicode map', () => {
    // Ghostscript pdfwrite re-writing a Chromium export in Noto Serif CJK (page 3 as pdf.js reads it): 财 → ¯,
    // （ → ÿ, 基 → Ā, 务 → á; 55 of 239 cells were read from such a layer, 136 by OCR
    const view = [0, 0, 842, 595];
    const mangled = ['第二部分 P海市静安区卫生健康委员会 2022 年度部门决算表', '收入支出决算总表', '单位ÿ万元', '收入', '支出', '项目', '决算数',
      '一1一般公共预算¯政拨款收入', '5,776.34', '一1一般公共服á支出', '二1政府性Ā金预算¯政拨款收入', '二1外交支出', 'O1国有资本经营预算¯政拨款收入'];
    const v = textLayerQuality({ items: mangled.map((str) => ({ str })) }, { view });
    expect(v.usable).toBe(false);
    expect(v.reason).toMatch(/Latin-1 letters among the Chinese/);
    // the signs a table may print are no such letters
    expect(textLayerQuality({ items: [{ str: '一般公共服务支出 ¥2,112.86 ±0.5 温度 30° 面积 200㎡ 单价×数量 一般公共预算财政拨款收入支出决算总表' }] }, { view }).usable).toBe(true);
  });
});

describe('amount normalisation', () => {
  it('restores thousands commas read as points or gaps, and drops stray separators', () => {
    expect(normaliseAmount('2.112.86')).toBe('2,112.86');
    expect(normaliseAmount('2 112.86')).toBe('2,112.86');
    expect(normaliseAmount('1749.03,')).toBe('1749.03');
    expect(normaliseAmount('1127-11')).toBe('1127.11');
    expect(normaliseAmount('-0.94')).toBe('-0.94');
    expect(normaliseAmount('06')).toBe('06');
  });

  it('keeps a negative printed in parentheses, normalised inside them', () => {
    expect(normaliseAmount('(33.248.52)')).toBe('(33,248.52)');
    expect(normaliseAmount('( 23,960.19 )')).toBe('(23,960.19)');
    // an unpaired parenthesis is no sign: left for the column's re-read
    expect(normaliseAmount('33,248.52)')).toBe('33,248.52)');
  });
});

describe('OCR of a scanned table page', () => {
  let ocr: OcrEngine;
  beforeAll(async () => {
    ocr = await createOcrEngine({ workers: 2, recycleAfter: 1, dpi: 200 });
  });
  afterAll(async () => {
    await ocr?.close();
  });

  it('reads the cells of a 200 dpi scan (0.7° skew, specks, JPEG) like the born-digital source', async () => {
    const name = 'hubei-jiaoyu-p5-200dpi';
    const truth = truthOf(name);
    const doc = await load(`${name}.pdf`);
    const started = Date.now();
    const page = await ocr.readPage(await doc.getPage(1), 1);
    const ms = Date.now() - started;
    expect(page.source).toBe('ocr');
    const grids = page.blocks.filter((b): b is LayoutGrid => b.kind === 'grid');
    expect(grids.map((g) => [g.nRows, g.nCols])).toEqual(truth.tables.map((t) => [t.nRows, t.nCols]));
    let exact = 0;
    let numeric = 0;
    let numericExact = 0;
    const misses: string[] = [];
    for (const want of truth.tables[0].cells) {
      const cell = grids[0].cells.find((c) => c.row === want.row && c.col === want.col);
      const got = cell ? cellText(cell).replace(/\s+/g, '') : '<missing>';
      const w = want.text.replace(/\s+/g, '');
      const isNum = /^-?[\d,]+(\.\d+)?$/.test(w);
      if (got === w) exact++;
      else misses.push(`r${want.row}c${want.col} ${w} → ${got}`);
      if (isNum) {
        numeric++;
        if (got === w) numericExact++;
      }
      if (cell) {
        expect(cell.source).toBe('ocr');
        expect(cell.ocr?.confidence).toBeGreaterThanOrEqual(0);
      }
    }
    const cells = truth.tables[0].cells.length;
    console.log(`OCR ${name}: ${ms} ms, exact cells ${exact}/${cells}, numeric ${numericExact}/${numeric}; misses: ${misses.join('; ')}`);
    // Measured 247/252 cells and 92/92 numeric cells (2 cores).
    expect(numericExact / numeric).toBeGreaterThanOrEqual(0.97);
    expect(exact / cells).toBeGreaterThanOrEqual(0.95);
    // Title and unit line are read as text blocks outside the grid.
    const texts = page.blocks.filter((b) => b.kind === 'text').map((b) => (b.kind === 'text' ? b.text : ''));
    expect(texts.some((t) => t.includes('收入决算表'))).toBe(true);
    expect(texts.some((t) => t.startsWith('单位'))).toBe(true);
    // Cell boxes are in page points, inside the page.
    const c0 = grids[0].cells[0];
    expect(c0.bbox!.x0).toBeGreaterThan(0);
    expect(c0.bbox!.x1).toBeLessThan(page.width!);
    await doc.destroy();
  });

  it('recycles workers after the configured number of pages', async () => {
    const before = ocr.stats.workersStarted;
    const doc = await load('putuo-p8-150dpi.pdf');
    const page = await ocr.readPage(await doc.getPage(1), 1);
    expect(page.blocks.some((b) => b.kind === 'grid')).toBe(true);
    expect(ocr.stats.workersRecycled).toBeGreaterThan(0);
    expect(ocr.stats.workersStarted).toBeGreaterThan(before);
    await doc.destroy();
  });

  it('reads an office scan with thin grey ruling lines: whole lines, clean cells, no line pieces read', async () => {
    const grey = path.join(process.cwd(), 'test/fixtures/scans-grid');
    const name = 'lo-grey-t2-200dpi';
    const truth: Truth = JSON.parse(readFileSync(path.join(grey, `${name}.cells.json`), 'utf8'));
    const doc = await openPdfForOcr(readFileSync(path.join(grey, `${name}.pdf`)));
    const img = await renderPageGray(await doc.getPage(1), 200);
    await doc.destroy();

    // Every ruling line found whole: 18 horizontal and 12 vertical lines make the 17 × 11 grid.
    const det = detectGrids(img, { dpi: 200 });
    expect(det.angle).toBeCloseTo(0.6, 1);
    expect(det.lines.filter((l) => l.orientation === 'h')).toHaveLength(18);
    expect(det.lines.filter((l) => l.orientation === 'v')).toHaveLength(12);
    expect(det.tables.map((t) => [t.rowEdges.length - 1, t.colEdges.length - 1])).toEqual(truth.tables.map((t) => [t.nRows, t.nCols]));

    const readings: LineReading[] = [];
    const page = await readRenderedPage(img, 1, async (im, mode) => {
      const r = await ocr.readLine(im, mode);
      readings.push(r);
      return r;
    });
    const grid = page.blocks.find((b): b is LayoutGrid => b.kind === 'grid')!;
    let exact = 0;
    const misses: string[] = [];
    for (const want of truth.tables[0].cells) {
      const cell = grid.cells.find((c) => c.row === want.row && c.col === want.col && c.rowSpan === want.rowSpan && c.colSpan === want.colSpan);
      const got = cell ? cellText(cell).replace(/\s+/g, '') : '<missing>';
      if (got === want.text.replace(/\s+/g, '')) exact++;
      else misses.push(`r${want.row}c${want.col} ${want.text} → ${got}`);
      expect(cell?.ocr?.confidence).toBeGreaterThanOrEqual(0);
    }
    const cells = truth.tables[0].cells.length;
    const blank = truth.tables[0].cells.filter((c) => !c.text).length;
    console.log(`OCR ${name}: exact cells ${exact}/${cells}, ${readings.length} OCR calls; misses: ${misses.join('; ')}`);
    // Measured 175/175 with 95 OCR calls for 76 non-blank cells and 3 text lines (before: 33/175, a 16-row grid,
    // 12 readings of bare line pieces).
    expect(exact / cells).toBeGreaterThanOrEqual(0.99);
    // No call reads a piece of a ruling line.
    expect(readings.filter((r) => /^[一_\-—=~|.,\s]+$/.test(r.text))).toEqual([]);
    expect(blank).toBeGreaterThan(50);
  });
});
