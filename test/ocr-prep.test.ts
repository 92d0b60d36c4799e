/**
 * OCR page preprocessing (issue 8): native render resolution, colour dropout of seals, quarter-turn
 * orientation and deskew up to ±3°. Pure image functions on small synthetic images; resolution and
 * render checks on the Debian-made scans of test/fixtures/scans-prep/ (no OCR here: see
 * ocr-prep-read.test.ts for pages read end to end).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { OPS } from '../extractors/pdf/pdfjs.js';
import { directImageGray } from '../extractors/ocr/direct-image.js';
import { binarize } from '../extractors/ocr/grid.js';
import { hueOf, rgbaToGrayDropout } from '../extractors/ocr/preprocess/colour.js';
import { boxToOriginal, layoutToOriginal, preparePage } from '../extractors/ocr/preprocess/index.js';
import { detectSideways, detectUpsideDown, plausibility, provesUpright, withoutLongRuns, type ProbeLine } from '../extractors/ocr/preprocess/orientation.js';
import { imageDpi, nativeDpi, placedImages, renderDpi } from '../extractors/ocr/preprocess/resolution.js';
import { rotateQuarter, unrotateQuarterPoint } from '../extractors/ocr/preprocess/rotate.js';
import { estimateSkew, rotateGray, unrotatePoint } from '../extractors/ocr/preprocess/skew.js';
import { encodeJpeg, openPdfForOcr, renderPageForOcr, renderPageGray, rgbaToGray, type GrayImage, type RenderedPage } from '../extractors/ocr/render.js';
import type { LayoutPage } from '../extractors/layout.js';
import type { OcrEngine } from '../extractors/ocr/pool.js';
import { Rng } from '../scripts/fixtures/model.js';

const DIR = path.join(process.cwd(), 'test/fixtures/scans-prep');
const load = (name: string) => openPdfForOcr(readFileSync(path.join(DIR, name)));
const OPS_MAP = OPS as unknown as Record<string, number>;

/** A white page with a ruled table whose cells hold rows of "characters" (ink blocks), like a 决算 page. */
/** A ruled table of 14 rows `rowUnits` (1/100 in) apart, each cell holding a word of square characters 12 units high. */
function syntheticPage(W: number, H: number, dpi: number, rowUnits = 28): GrayImage {
  const data = new Uint8Array(W * H).fill(255);
  const box = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = Math.max(0, y0); y < Math.min(H, y1); y++) data.fill(0, y * W + Math.max(0, x0), y * W + Math.min(W, x1));
  };
  const unit = dpi / 100;
  const tx0 = Math.round(W * 0.1);
  const tx1 = Math.round(W * 0.9);
  const rowH = Math.round(rowUnits * unit);
  const cols = [0, 0.3, 0.55, 0.8, 1].map((f) => Math.round(tx0 + (tx1 - tx0) * f));
  const rng = new Rng(7);
  for (let r = 0; r <= 14; r++) {
    const y = Math.round(H * 0.12) + r * rowH;
    box(tx0, y, tx1, y + Math.max(1, Math.round(unit)));
    if (r === 14) break;
    for (let c = 0; c < cols.length - 1; c++) {
      // A word of 3–8 square characters, 12 units high, with 2-unit gaps.
      const n = 3 + Math.floor(rng.next() * 6);
      const ch = Math.round(12 * unit);
      let x = cols[c] + Math.round(6 * unit);
      for (let k = 0; k < n && x + ch < cols[c + 1]; k++, x += ch + Math.round(2 * unit)) {
        // Strokes of a character: a frame and a cross, not a solid block.
        const yy = y + Math.round(((rowUnits - 12) / 2) * unit);
        const t = Math.max(1, Math.round(unit * 1.5));
        box(x, yy, x + ch, yy + t);
        box(x, yy + ch - t, x + ch, yy + ch);
        box(x, yy, x + t, yy + ch);
        box(x + ch - t, yy, x + ch, yy + ch);
        box(x + (ch >> 1), yy, x + (ch >> 1) + t, yy + ch);
      }
    }
  }
  for (const x of cols) box(x, Math.round(H * 0.12), x + Math.max(1, Math.round(unit)), Math.round(H * 0.12) + 14 * rowH);
  return { width: W, height: H, data };
}

const rendered = (img: GrayImage, dpi: number): RenderedPage => ({ ...img, dpi, scale: dpi / 72, pageWidth: (img.width * 72) / dpi, pageHeight: (img.height * 72) / dpi });

describe('render resolution', () => {
  it('finds the placed images of an operator list through transforms, save/restore and forms', () => {
    const ops = {
      fnArray: [OPS.save, OPS.transform, OPS.paintImageXObject, OPS.restore, OPS.paintFormXObjectBegin, OPS.transform, OPS.paintImageMaskXObject, OPS.paintFormXObjectEnd],
      argsArray: [null, [595.28, 0, 0, 841.89, 0, 0], ['img_1', 2480, 3508], null, [[2, 0, 0, 2, 0, 0], [0, 0, 100, 100]], [36, 0, 0, 36, 10, 10], [{ data: 'mask_1', width: 300, height: 300 }], null],
    };
    const imgs = placedImages(ops, OPS_MAP);
    expect(imgs).toHaveLength(2);
    expect(imgs[0]).toMatchObject({ width: 2480, height: 3508 });
    expect(imageDpi(imgs[0]).x).toBeCloseTo(300, 0);
    expect(imageDpi(imgs[0]).y).toBeCloseTo(300, 0);
    // Inside the form (matrix ×2): 300 px over 72 pt = 300 dpi.
    expect(imageDpi(imgs[1]).x).toBeCloseTo(300, 5);
    // The scan (covering the page) decides, not the small stamp image.
    expect(nativeDpi(imgs, 595.28 * 841.89)).toBeCloseTo(300, 0);
    expect(nativeDpi([imgs[1]], 595.28 * 841.89)).toBeUndefined();
  });

  it('renders 1:1 within the limits, by integer factors above them, at the floor below, and caps the pixels', () => {
    const a4 = [595.28, 841.89] as const;
    expect(renderDpi(299.99, 300, ...a4)).toBe(299.99);
    expect(renderDpi(200, 300, ...a4)).toBe(200);
    expect(renderDpi(150, 300, ...a4)).toBe(200);
    expect(renderDpi(96, 300, ...a4)).toBe(200);
    expect(renderDpi(600, 300, ...a4)).toBe(300);
    expect(renderDpi(1200, 300, ...a4)).toBe(400);
    expect(renderDpi(401, 300, ...a4)).toBe(401);
    expect(renderDpi(undefined, 200, ...a4)).toBe(200);
    // A0 poster at 300 dpi would be 140 M pixels: lowered to the cap.
    const dpi = renderDpi(300, 300, 2384, 3370, { maxPixels: 16e6 });
    expect(((2384 * dpi) / 72) * ((3370 * dpi) / 72)).toBeCloseTo(16e6, -3);
  });

  it('detects 150 and 300 dpi scans and renders them accordingly', async () => {
    // 150 dpi is read at the 200 dpi floor (chi_sim needs it), 300 dpi at its own resolution.
    for (const [name, want, dpi, w, h] of [
      ['putuo-p8-grey-150dpi.pdf', 150, 200, 2340, 1654],
      ['hubei-bilevel-300dpi-g4.pdf', 300, 300, 3508, 2481],
    ] as const) {
      const doc = await load(name);
      const img = await renderPageForOcr(await doc.getPage(1), { dpi: 250 });
      expect(img.nativeDpi).toBeCloseTo(want, 1);
      expect(img.dpi).toBeCloseTo(dpi, 1);
      expect(Math.abs(img.width - w)).toBeLessThanOrEqual(1);
      expect(Math.abs(img.height - h)).toBeLessThanOrEqual(1);
      await doc.destroy();
    }
  });

  it('keeps a 300 dpi bilevel (CCITT G4) page bilevel: one image pixel per render pixel', async () => {
    const doc = await load('hubei-bilevel-300dpi-g4.pdf');
    const page = await doc.getPage(1);
    const grey = (img: GrayImage) => img.data.reduce((n, v) => n + (v !== 0 && v !== 255 ? 1 : 0), 0) / img.data.length;
    const native = await renderPageForOcr(page, { dpi: 200 });
    const at200 = await renderPageGray(page, 200);
    // Resampled to 200 dpi, every stroke edge turns grey; at the native resolution none does.
    expect(grey(at200)).toBeGreaterThan(0.01);
    expect(grey(native)).toBeLessThan(0.0005);
    await doc.destroy();
  });
});

describe('direct image pixels', () => {
  // A sole 1:1 image is taken from pdf.js's decoded image, not drawn: it must give the pixels drawing gives.
  it('takes a 1:1 scan image as pdf.js draws it (1-bit CCITT and colour JPEG), and draws a resampled one', async () => {
    for (const [name, direct] of [
      ['hubei-bilevel-300dpi-g4.pdf', true],
      ['hubei-red-seal-200dpi.pdf', true],
      ['putuo-p8-grey-150dpi.pdf', false],
    ] as const) {
      const doc = await load(name);
      const page = await doc.getPage(1);
      const ops = await page.getOperatorList();
      const placed = placedImages(ops, OPS_MAP);
      const native = await renderPageForOcr(page);
      const taken = await directImageGray(page, ops, OPS_MAP, placed, native.scale, native, () => {});
      expect(taken !== undefined).toBe(direct);
      // 'fixed' skips the operator list, so the page is drawn by pdf.js at the same resolution.
      const drawn = await renderPageForOcr(page, { resolution: 'fixed', dpi: native.dpi });
      expect([native.width, native.height]).toEqual([drawn.width, drawn.height]);
      expect(Buffer.compare(Buffer.from(native.data), Buffer.from(drawn.data))).toBe(0);
      await doc.destroy();
    }
  });

  it('takes an image shared by several pages from the document objects', async () => {
    // pdf.js caches an image seen on a second page document-wide (ids g_…); the page's own store never gets it.
    const src = await load('hubei-red-seal-200dpi.pdf');
    const grey = await renderPageForOcr(await src.getPage(1), { dropout: false });
    await src.destroy();
    const w = (grey.width * 72) / grey.dpi;
    const h = (grey.height * 72) / grey.dpi;
    const pdf = new PDFDocument({ size: [w, h], autoFirstPage: false });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => pdf.on('end', r));
    // One opened image placed on both pages is one image object (pdfkit's typings lack openImage).
    const jpeg = (pdf as unknown as { openImage(b: Buffer): never }).openImage(encodeJpeg(grey, 80));
    for (let i = 0; i < 2; i++) pdf.addPage({ size: [w, h], margin: 0 }).image(jpeg, 0, 0, { width: w, height: h });
    pdf.end();
    await ended;
    const doc = await openPdfForOcr(Buffer.concat(chunks));
    await (await doc.getPage(1)).getOperatorList();
    const page = await doc.getPage(2);
    const ops = await page.getOperatorList();
    expect(ops.argsArray.some((a) => Array.isArray(a) && String(a[0]).startsWith('g_'))).toBe(true);
    const native = await renderPageForOcr(page);
    expect(await directImageGray(page, ops, OPS_MAP, placedImages(ops, OPS_MAP), native.scale, native, () => {})).toBeDefined();
    const drawn = await renderPageForOcr(page, { resolution: 'fixed', dpi: native.dpi });
    expect(Buffer.compare(Buffer.from(native.data), Buffer.from(drawn.data))).toBe(0);
    await doc.destroy();
  });
});

describe('colour dropout', () => {
  const px = (...rgb: number[][]) => {
    const rgba = new Uint8Array(rgb.length * 4);
    rgb.forEach((c, i) => rgba.set([c[0], c[1], c[2], c[3] ?? 255], i * 4));
    const out = new Uint8Array(rgb.length);
    rgbaToGrayDropout(rgba, rgb.length, out);
    return [...out];
  };
  it('turns red and blue seal ink to paper and keeps black print under it', () => {
    const [red, redRim, blue, blackUnderRed, black, green] = px([225, 30, 35], [232, 208, 200], [30, 60, 200], [60, 12, 14], [20, 20, 20], [30, 150, 40]);
    expect(red).toBeGreaterThanOrEqual(250);
    expect(redRim).toBeGreaterThanOrEqual(225);
    expect(blue).toBeGreaterThanOrEqual(250);
    expect(blackUnderRed).toBeLessThan(100);
    expect(black).toBe(20);
    // Only red and blue are dropped: other colour is ink as before.
    expect(green).toBe(Math.round((30 * 299 + 150 * 587 + 40 * 114) / 1000));
  });
  it('leaves a grey scan exactly as plain luma', () => {
    const rng = new Rng(1);
    const n = 5000;
    const rgba = new Uint8Array(n * 4);
    for (let i = 0; i < n; i++) {
      const v = Math.floor(rng.next() * 256);
      rgba.set([v, v, v, i % 7 === 0 ? 128 : 255], i * 4);
    }
    const out = new Uint8Array(n);
    expect(rgbaToGrayDropout(rgba, n, out)).toBe(0);
    expect([...out]).toEqual([...rgbaToGray(rgba, n)]);
  });
  it('computes hues', () => {
    expect(hueOf(255, 0, 0)).toBe(0);
    expect(hueOf(0, 0, 255)).toBe(240);
    expect(hueOf(0, 255, 0)).toBe(120);
    expect(hueOf(255, 0, 128)).toBeCloseTo(329.9, 0);
  });
});

describe('quarter turns', () => {
  it('moves pixels where the point map says they come from', () => {
    const W = 5;
    const H = 3;
    const img: GrayImage = { width: W, height: H, data: Uint8Array.from({ length: W * H }, (_, i) => i) };
    for (const q of [0, 1, 2, 3] as const) {
      const r = rotateQuarter(img, q);
      expect([r.width, r.height]).toEqual(q % 2 ? [H, W] : [W, H]);
      for (let y = 0; y < r.height; y++) {
        for (let x = 0; x < r.width; x++) {
          const [sx, sy] = unrotateQuarterPoint(x + 0.5, y + 0.5, W, H, q);
          expect(r.data[y * r.width + x]).toBe(img.data[Math.floor(sy) * W + Math.floor(sx)]);
        }
      }
    }
    expect(rotateQuarter(rotateQuarter(img, 1), 3).data).toEqual(img.data);
  });
});

describe('skew', () => {
  it.each([2.8, -3, 1.2, -0.5, 0])('finds a skew of %p° on a ruled page', (deg) => {
    const dpi = 100;
    const page = syntheticPage(827, 1169, dpi);
    const skewed = rotateGray(page, deg);
    expect(Math.abs(estimateSkew(binarize(skewed, 160), dpi, 3) - deg)).toBeLessThanOrEqual(0.05);
  });
  it('maps points of the deskewed image back', () => {
    const [x, y] = unrotatePoint(100, 50, 400, 300, 3);
    const back = unrotatePoint(x, y, 400, 300, -3);
    expect(back[0]).toBeCloseTo(100, 6);
    expect(back[1]).toBeCloseTo(50, 6);
  });
});

describe('orientation', () => {
  it('tells sideways pages from upright ones by the direction text runs in', () => {
    const page = syntheticPage(827, 1169, 100);
    const bin = binarize(page, 160);
    expect(detectSideways(bin, 100).sideways).toBe(false);
    for (const q of [1, 3] as const) expect(detectSideways(binarize(rotateQuarter(page, q), 160), 100).sideways).toBe(true);
    expect(detectSideways(binarize(rotateQuarter(page, 2), 160), 100).sideways).toBe(false);
  });
  it('tells them on a dense table, whose rows stand closer than a smear of 0.07 in bridges', () => {
    // Rows 0.17 in apart with characters 0.12 in high: the leading between the text of two rows, rules
    // taken out, is 0.05 in, and a smear bridging 0.07 in runs a column of text together from row to row.
    for (const dpi of [100, 200]) {
      const page = syntheticPage(Math.round(8.27 * dpi), Math.round(11.69 * dpi), dpi, 17);
      expect(detectSideways(binarize(page, 160), dpi).sideways).toBe(false);
      for (const q of [1, 3] as const) expect(detectSideways(binarize(rotateQuarter(page, q), 160), dpi).sideways).toBe(true);
    }
  });
  it('removes ruling lines before measuring runs', () => {
    const page = syntheticPage(400, 600, 100);
    const bin = binarize(page, 160);
    const clean = withoutLongRuns(bin, 60);
    const ink = (b: typeof bin) => b.data.reduce((n, v) => n + v, 0);
    expect(ink(clean)).toBeLessThan(ink(bin));
    // No row keeps a run of 60 px.
    let longest = 0;
    for (let y = 0; y < clean.height; y++) {
      let run = 0;
      for (let x = 0; x < clean.width; x++) {
        run = clean.data[y * clean.width + x] ? run + 1 : 0;
        if (run > longest) longest = run;
      }
    }
    expect(longest).toBeGreaterThan(0);
    expect(longest).toBeLessThan(60);
  });
  it('scores readings full of Latin letters and stray marks as implausible', () => {
    expect(plausibility({ text: '2019年度收入决算表(表2)', confidence: 0.98 }).score).toBeCloseTo(0.98, 5);
    expect(plausibility({ text: '(羊)羊奚许X冲蜀考6T07', confidence: 0.95 }).score).toBeLessThan(0.85);
    expect(plausibility({ text: '', confidence: 0 }).score).toBe(0);
  });
  it('calls a page upside down only when the turned lines read clearly better', async () => {
    const blank: GrayImage = { width: 4, height: 4, data: new Uint8Array(16) };
    const turned: GrayImage = { width: 4, height: 4, data: new Uint8Array(16) };
    const lines: ProbeLine[] = [{ img: blank, turned }];
    const good = { text: '一般公共服务支出', confidence: 0.95 };
    const bad = { text: 'T0TT0TEK', confidence: 0.9 };
    expect((await detectUpsideDown(lines, async (img) => (img === turned ? good : bad))).upsideDown).toBe(true);
    expect((await detectUpsideDown(lines, async (img) => (img === turned ? bad : good))).upsideDown).toBe(false);
    expect((await detectUpsideDown(lines, async () => good)).upsideDown).toBe(false);
    expect((await detectUpsideDown([], async () => good)).upsideDown).toBe(false);
  });
  it('takes a line that reads as a 决算 phrase or a formatted amount as proof of an upright page, without reading it turned', async () => {
    // Readings of the scan corpus's probe lines: upright, and the same lines turned by 180°.
    for (const t of ['2021年度一般公共预算财', '本年收入合计“财政搜', '收入决算袋', '12,345.67']) expect(provesUpright(t)).toBe(true);
    for (const t of ['(5羟)羊剪许巾十尊活冶附车', '播朱共中晦孕声不蜜关卓', '|980I598TII', '2,112.862,106.66|', '支出合计']) expect(provesUpright(t)).toBe(false);
    const mk = (): GrayImage => ({ width: 4, height: 4, data: new Uint8Array(16) });
    const lines: ProbeLine[] = [0, 1, 2].map(() => ({ img: mk(), turned: mk() }));
    const calls: GrayImage[] = [];
    const reader = (upright: string, turned: string) => async (img: GrayImage) => {
      calls.push(img);
      return lines.some((l) => l.turned === img) ? { text: turned, confidence: 0.95 } : { text: upright, confidence: 0.95 };
    };
    const ev = await detectUpsideDown(lines, reader('一般公共预算财政拨款支出', '木婷券诊刀奚遇并口碑一'));
    expect([ev.upsideDown, calls.length, ev.proof]).toEqual([false, 1, '一般公共预算财政拨款支出']);
    // Upside down, the lines as they stand prove nothing: every line is read both ways (the first two not twice).
    calls.length = 0;
    const down = await detectUpsideDown(lines, reader('T0TT0TEK', '一般公共预算财政拨款支出'));
    expect([down.upsideDown, calls.length]).toEqual([true, 6]);
  });
});

describe('page preparation', () => {
  it('turns a sideways, skewed page upright and maps boxes back onto the original page', async () => {
    const dpi = 100;
    const upright = syntheticPage(827, 1169, dpi);
    // A mark to follow: a filled square in the upright page's top-left table cell area.
    const mark = { x0: 90, y0: 60, x1: 110, y1: 80 };
    for (let y = mark.y0; y < mark.y1; y++) upright.data.fill(0, y * upright.width + mark.x0, y * upright.width + mark.x1);
    // The scan: the upright page turned 90° anticlockwise (q = 3), skewed by 2°.
    const scan = rendered(rotateGray(rotateQuarter(upright, 3), 2), dpi);
    // A reader that cannot tell: the 180° test keeps the page as the sideways test turned it.
    const prep = await preparePage(scan, { read: async () => ({ text: '', confidence: 0 }) });
    expect(prep.quarterTurns).toBe(1);
    expect(Math.abs(prep.skew - 2)).toBeLessThanOrEqual(0.1);
    expect([prep.image.width, prep.image.height]).toEqual([scan.height, scan.width]);
    // scan0 (q = 3 from upright) turned once more is the upright page itself.
    const s = scan.scale;
    const inPrep = { x0: mark.x0 / s, y0: mark.y0 / s, x1: mark.x1 / s, y1: mark.y1 / s };
    const back = boxToOriginal(prep, inPrep);
    // Where the mark is in the scan: upright → 90° anticlockwise (x, y) → (y, W − x) → 2° about the centre.
    const [cx, cy] = [(mark.y0 + mark.y1) / 2, upright.width - (mark.x0 + mark.x1) / 2];
    const [sx, sy] = unrotatePoint(cx, cy, scan.width, scan.height, -2);
    expect(Math.abs((back.x0 + back.x1) / 2 - sx / s)).toBeLessThan(1.5);
    expect(Math.abs((back.y0 + back.y1) / 2 - sy / s)).toBeLessThan(1.5);
    // The prepared image shows the mark where the upright page has it.
    const at = (img: GrayImage, x: number, y: number) => img.data[Math.round(y) * img.width + Math.round(x)];
    expect(at(prep.image, (mark.x0 + mark.x1) / 2, (mark.y0 + mark.y1) / 2)).toBeLessThan(100);
    expect(at(scan, sx, sy)).toBeLessThan(100);
    const layout: LayoutPage = { number: 1, width: prep.image.pageWidth, height: prep.image.pageHeight, source: 'ocr', blocks: [{ kind: 'text', page: 1, text: 'x', source: 'ocr', bbox: inPrep }] };
    const mapped = layoutToOriginal(prep, layout);
    expect([mapped.width, mapped.height]).toEqual([scan.pageWidth, scan.pageHeight]);
    expect(mapped.blocks[0].bbox).toEqual(back);
  });

  it('leaves an upright, straight page untouched', async () => {
    const page = rendered(syntheticPage(827, 1169, 100), 100);
    const prep = await preparePage(page);
    expect(prep.quarterTurns).toBe(0);
    expect(prep.skew).toBe(0);
    expect(prep.image.data).toBe(page.data);
  });
});

describe('OCR wiring of the PDF reader', () => {
  it('keeps reading when one page cannot be OCRd, with a warning naming the page', async () => {
    const { readPdfLayout } = await import('../extractors/pdf/index.js');
    const engine = { readPage: async () => Promise.reject(new Error('image stream is corrupt')) } as unknown as OcrEngine;
    const file = path.join(DIR, 'putuo-p8-grey-150dpi.pdf');
    const layout = await readPdfLayout(new Uint8Array(readFileSync(file)), { fileName: file, ocr: { mode: 'auto', engine: async () => engine } });
    expect(layout.pages).toHaveLength(1);
    expect(layout.warnings.join('\n')).toMatch(/page 1: OCR failed \(.*image stream is corrupt.*\)/);
  });
});
