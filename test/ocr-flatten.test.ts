/**
 * Flattening a scan to its paper (extractors/ocr/grid.ts flattenToPaper) under light that falls off across
 * the page (the held-out scan set's uneven-light-200 scans: h6-cairo-yangpu-t2 read 0/42, no table found):
 * the dark side's paper is paper, while a solid block of ink amid paper is still no paper.
 */
import { flattenToPaper } from '../extractors/ocr/grid.js';

const W = 800;
const H = 400;
const DPI = 100;

function page(paper: (x: number) => number, ink: (x: number, y: number) => boolean) {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = ink(x, y) ? 20 : paper(x);
  return { width: W, height: H, data };
}

it('lifts paper that darkens across the page to white, keeping a line on it dark', () => {
  // 245 at the left to 80 at the right, a thin horizontal rule across
  const img = page((x) => Math.round(245 - (165 * x) / W), (_x, y) => y === 200);
  const flat = flattenToPaper(img, DPI);
  expect(flat.data[100 * W + 760]).toBeGreaterThan(220); // paper on the dark side
  expect(flat.data[200 * W + 760]).toBeLessThan(120); // the rule there
});

it('does not take a solid block of ink amid paper for paper', () => {
  // an inch and a quarter by an inch (a black cell or a logo)
  const img = page(() => 240, (x, y) => x >= 340 && x < 465 && y >= 150 && y < 250);
  const flat = flattenToPaper(img, DPI);
  expect(flat.data[200 * W + 400]).toBeLessThan(60);
});
