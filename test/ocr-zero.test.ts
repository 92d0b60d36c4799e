import { zeroShaped } from '../extractors/ocr/recognize.js';
import type { GrayImage } from '../extractors/ocr/render.js';

/** A white line image with glyphs drawn in black: each glyph a list of filled rectangles in a 12 × 24 box. */
function lineOf(glyphs: Array<Array<[number, number, number, number]>>): GrayImage {
  const W = 20 + glyphs.length * 16;
  const H = 40;
  const data = new Uint8Array(W * H).fill(255);
  glyphs.forEach((rects, k) => {
    const ox = 10 + k * 16;
    for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[(8 + y) * W + ox + x] = 0;
  });
  return { width: W, height: H, data };
}
// strokes 3 px wide in a 12 × 24 box
const ring = (y0: number, y1: number): Array<[number, number, number, number]> => [[0, y0, 12, y0 + 3], [0, y1 - 3, 12, y1], [0, y0, 3, y1], [9, y0, 12, y1]];
const slash: Array<[number, number, number, number]> = [[7, 6, 9, 10], [5, 10, 7, 14], [3, 14, 5, 18]];
const ZERO = [...ring(0, 24), ...slash];
// an 8: its sides stop short of the middle rows and its strokes cross there
const EIGHT: Array<[number, number, number, number]> = [[0, 0, 12, 3], [0, 0, 3, 10], [9, 0, 12, 10], [3, 10, 9, 14], [0, 14, 3, 24], [9, 14, 12, 24], [0, 21, 12, 24]];
const SIX: Array<[number, number, number, number]> = [[0, 0, 3, 24], [0, 0, 12, 3], ...ring(11, 24)];
const NINE: Array<[number, number, number, number]> = [...ring(0, 13), [9, 0, 12, 24], [0, 21, 12, 24]];

it('tells a slashed zero from an 8, a 6 and a 9 by the rows across its middle', () => {
  expect(zeroShaped(lineOf([ZERO, EIGHT, SIX, NINE, ZERO]))).toEqual([true, false, false, false, true]);
});

it('says nothing when two digits touch (one glyph wider than a digit and a half)', () => {
  const touching: Array<[number, number, number, number]> = [...ZERO, ...ZERO.map(([a, b, c, d]) => [a + 12, b, c + 12, d] as [number, number, number, number])];
  expect(zeroShaped(lineOf([ZERO, ZERO, touching]))).toBeUndefined();
});
