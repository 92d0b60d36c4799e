/**
 * Scans read end to end through the preprocessing (issue 8): skewed by +3° and −3° (beyond the
 * ±1.5° the grid finder searches), and a 300 dpi bilevel CCITT G4 page read at its own resolution.
 * Fixtures from Debian tools (scripts/make-scans-prep-fixtures.sh); truth = the born-digital reader
 * on the source page.
 */
import { jest } from '@jest/globals';
import path from 'node:path';
import { createOcrEngine, type OcrEngine } from '../extractors/ocr/pool.js';
import { HUBEI_SOURCE, PUTUO_SOURCE, readFirstPage, SCANS_PREP_DIR, scoreCells, sourceGrids } from './helpers/scan-truth.js';


// OCR of a page takes 3–5 s on 2 free cores; the margin is for a loaded machine, not a speed target.
jest.setTimeout(180_000);

let ocr: OcrEngine;
beforeAll(async () => {
  ocr = await createOcrEngine({ workers: 2, dpi: 200 });
});
afterAll(async () => {
  await ocr?.close();
});

const read = (name: string) => readFirstPage(ocr, path.join(SCANS_PREP_DIR, name));

// Before (skew searched within ±1.5°): no grid found on either page, 0% of the cells.
it.each([
  ['hubei-skew+3-200dpi.pdf', HUBEI_SOURCE],
  ['putuo-p8-skew-3-200dpi.pdf', PUTUO_SOURCE],
] as const)('reads %s', async (name, [file, pageNo]) => {
  const truth = await sourceGrids(file, pageNo);
  const page = await read(name);
  const s = scoreCells(page, truth.grids);
  console.log(`${name}: exact ${s.exact}/${s.cells}; misses: ${s.misses.join('; ')}`);
  // Measured 251/252 and 175/176.
  expect(s.exact / s.cells).toBeGreaterThanOrEqual(0.97);
  // Boxes are on the skewed page as it is: the grid stays inside it.
  const grid = page.blocks.find((b) => b.kind === 'grid')!;
  expect(grid.bbox!.x0).toBeGreaterThan(0);
  expect(grid.bbox!.x1).toBeLessThan(page.width!);
});

it('reads a 300 dpi bilevel (CCITT G4) page at its own resolution without loss', async () => {
  const truth = await sourceGrids(...HUBEI_SOURCE);
  const page = await read('hubei-bilevel-300dpi-g4.pdf');
  const s = scoreCells(page, truth.grids);
  console.log(`bilevel 300 dpi: exact ${s.exact}/${s.cells}; misses: ${s.misses.join('; ')}`);
  // Measured 252/252 (resampled to 200 dpi before: 251/252).
  expect(s.exact / s.cells).toBeGreaterThanOrEqual(0.99);
});
