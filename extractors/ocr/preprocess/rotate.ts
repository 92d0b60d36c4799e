/**
 * Quarter-turn rotations of a grayscale image (exact pixel moves, no resampling) and the point map
 * back to the unrotated image.
 */
import type { GrayImage } from '../render.js';

/** Quarter turns clockwise on screen (y down): 0, 1 (90°), 2 (180°), 3 (270°). */
export type QuarterTurns = 0 | 1 | 2 | 3;

/** Rotates `img` clockwise by `q` quarter turns. */
export function rotateQuarter(img: GrayImage, q: QuarterTurns): GrayImage {
  const { width: W, height: H, data } = img;
  if (q === 0) return img;
  const out = new Uint8Array(W * H);
  if (q === 2) {
    for (let i = 0, n = W * H; i < n; i++) out[n - 1 - i] = data[i];
    return { width: W, height: H, data: out };
  }
  // 90° cw: source (x, y) → dest (H-1-y, x), dest width H. 270°: → (y, W-1-x).
  const DW = H;
  for (let y = 0; y < H; y++) {
    const row = y * W;
    if (q === 1) for (let x = 0; x < W; x++) out[x * DW + (H - 1 - y)] = data[row + x];
    else for (let x = 0; x < W; x++) out[(W - 1 - x) * DW + y] = data[row + x];
  }
  return { width: H, height: W, data: out };
}

/**
 * Maps a point of the image rotated by `q` quarter turns back to the original image of size W×H.
 * Works on continuous coordinates (pixel edges), so a box maps to a box.
 */
export function unrotateQuarterPoint(x: number, y: number, W: number, H: number, q: QuarterTurns): [number, number] {
  switch (q) {
    case 0:
      return [x, y];
    case 1:
      return [y, H - x];
    case 2:
      return [W - x, H - y];
    case 3:
      return [W - y, x];
  }
}
