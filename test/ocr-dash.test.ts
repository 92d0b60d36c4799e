/**
 * A zero printed "-" in a scanned cell (the held-out scan set's h5-lo-grey-changning-t5: every "-" cell read
 * blank at 200 dpi): one short stroke in the middle of the cell is a text band, though it has less ink
 * than the speck threshold; a stroke along the cell's edge (a rule's remnant) or a dot is not.
 */
import { findTextBands } from '../extractors/ocr/recognize.js';

const DPI = 200;
function cell(w: number, h: number, ink: Array<[number, number, number, number]>) {
  const data = new Uint8Array(w * h);
  for (const [x0, y0, x1, y1] of ink) for (let y = y0; y < y1; y++) data.fill(1, y * w + x0, y * w + x1);
  return { width: w, height: h, data };
}

it('keeps a short stroke alone in the middle of a cell (a "-" zero)', () => {
  // 9 pt at 200 dpi: a hyphen about 9 px long and 2 px thick, centred in a 120 × 40 px cell
  const img = cell(120, 40, [[80, 19, 89, 21]]);
  const bands = findTextBands(img, 0, 0, 120, 40, DPI);
  expect(bands).toHaveLength(1);
  expect(bands[0]).toMatchObject({ x0: 80, x1: 89, y0: 19, y1: 21 });
});

it('drops the same stroke at the top of the cell, a dot, and a stroke across the cell', () => {
  expect(findTextBands(cell(120, 40, [[80, 1, 89, 3]]), 0, 0, 120, 40, DPI)).toEqual([]); // the same stroke at the top: a rule's remnant
  expect(findTextBands(cell(120, 40, [[60, 19, 62, 21]]), 0, 0, 120, 40, DPI)).toEqual([]); // a speck
  expect(findTextBands(cell(20, 40, [[0, 19, 20, 21]]), 0, 0, 20, 40, DPI)).toEqual([]); // touching both sides
});

it('keeps a right-aligned "-" that touches the side of the crop (300 dpi)', () => {
  // h5-lo-grey-changning-t5 at 300 dpi: the crop inset from the erased rule ends at the stroke
  // (15 × 2 px at x 301–316 of a 316 × 40 crop); the old rule wanted a gap on both sides and read
  // 19 of the page's "-" cells blank (36/57 → 45/57).
  const right = findTextBands(cell(316, 40, [[301, 20, 316, 22]]), 0, 0, 316, 40, 300);
  expect(right).toHaveLength(1);
  expect(right[0]).toMatchObject({ x0: 301, x1: 316, y0: 20, y1: 22 });
  expect(findTextBands(cell(316, 40, [[0, 20, 15, 22]]), 0, 0, 316, 40, 300)).toHaveLength(1); // left-aligned
});

it('marks the stroke as a dash band, so a column of amounts reads it "-" whatever tesseract makes of it', () => {
  // h5-lo-grey-changning-t5 at 300 dpi: two such strokes came back "心" and were kept as text
  expect(findTextBands(cell(316, 40, [[301, 20, 316, 22]]), 0, 0, 316, 40, 300)[0].dash).toBe(true);
  expect(findTextBands(cell(120, 40, [[20, 10, 100, 30]]), 0, 0, 120, 40, DPI)[0].dash).toBeUndefined(); // a glyph block
});
