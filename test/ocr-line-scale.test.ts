/**
 * tesseract's time per line grows with the pixels it is given, its accuracy not past a readable ink
 * height: line images are scaled to LINE_INK_PX of ink whatever the scan's resolution (never below
 * its 200 dpi equivalent), so a 300 dpi scan costs about what its 200 dpi rendering does.
 * Readings are stubbed: only the images handed to tesseract are looked at (accuracy: ocr-scans.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LINE_INK_PX, readRenderedPage } from '../extractors/ocr/recognize.js';
import { openPdfForOcr, renderPageForOcr, renderPageGray, type GrayImage, type RenderedPage } from '../extractors/ocr/render.js';

/** Rows from the first to the last holding ink (< 128). */
function inkHeight(img: GrayImage): number {
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < img.height; y++) {
    let ink = false;
    for (let x = 0; x < img.width && !ink; x++) ink = img.data[y * img.width + x] < 128;
    if (ink) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  return top < 0 ? 0 : bottom - top + 1;
}

/** The single-line images of a page's first reading pass (every reading stubbed as plausible text). */
async function lineImages(page: RenderedPage): Promise<GrayImage[]> {
  const out: GrayImage[] = [];
  await readRenderedPage(page, 1, async (img, mode) => {
    if (mode === 'text') out.push(img);
    return { text: '项目', confidence: 1 };
  });
  return out;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
const pixels = (imgs: GrayImage[]) => imgs.reduce((n, i) => n + i.width * i.height, 0);

describe('line image scale', () => {
  it('hands tesseract the same ink height at 300 dpi as at 200 dpi, and about the same pixels', async () => {
    // A Ghostscript G4 scan at 300 dpi (native resolution) and the same page rendered at 200 dpi.
    const doc = await openPdfForOcr(readFileSync(path.join(process.cwd(), 'test/fixtures/scans/bilevel-g4-300--fancheng-t5.pdf')));
    const page = await doc.getPage(1);
    const native = await renderPageForOcr(page, { dpi: 200 });
    const low = await renderPageGray(page, 200);
    await doc.destroy();
    expect(native.dpi).toBe(300);

    const fine = await lineImages(native);
    const coarse = await lineImages(low);
    expect(fine.length).toBeGreaterThan(40);
    expect(Math.abs(fine.length - coarse.length)).toBeLessThanOrEqual(2);
    const hFine = median(fine.map(inkHeight));
    const hCoarse = median(coarse.map(inkHeight));
    console.log(`line images: 300 dpi ${fine.length}, median ink ${hFine} px, ${pixels(fine)} px; 200 dpi ${coarse.length}, median ink ${hCoarse} px, ${pixels(coarse)} px`);
    // Before (lines scaled to 0.14 in at the scan's dpi): median ink 41 px at 300 dpi, 2.50 M pixels against 1.12 M
    // for the 200 dpi render. Measured after: 27 px, 0.93 M against 0.94 M (cell margins 10 → 6 px too).
    expect(Math.abs(hFine - LINE_INK_PX)).toBeLessThanOrEqual(3);
    expect(Math.abs(hFine - hCoarse)).toBeLessThanOrEqual(2);
    expect(pixels(fine)).toBeLessThan(pixels(coarse) * 1.25);
  }, 240_000); // two grid detections of a full page: slow under jest on a busy machine
});
