/**
 * Skew of a scanned page (up to a few degrees) and the rotation that straightens it.
 *
 * The estimate projects ink pixels along candidate angles and keeps the angle whose profile is
 * sharpest (sum of squared bin counts): ruling lines and text baselines stack into few bins only
 * when the angle is right. Ink pixels, not long runs, are projected, because at 3° a thin line
 * steps one pixel every 19 pixels and leaves no long run to measure. A coarse search on a reduced
 * image (≈75 dpi) is refined on a ≈150 dpi one around its best angle.
 */
import type { BinaryImage } from '../grid.js';
import type { GrayImage } from '../render.js';

// Math functions as module bindings: global lookups are slow inside vm contexts (jest).
const { round: Mround, floor: Mfloor, ceil: Mceil, max: Mmax, abs: Mabs } = Math;

/** Ink pixel positions (optionally of a block-reduced image) with their weights. */
interface InkPoints {
  xs: Float32Array;
  ys: Float32Array;
  ws: Float32Array;
  n: number;
  width: number;
  height: number;
}

/** Ink of `bin` counted in `f`×`f` blocks; a block with any ink is one point weighted by its ink. */
function inkPoints(bin: BinaryImage, f: number): InkPoints {
  const { width: W, height: H, data } = bin;
  const bw = Mceil(W / f);
  const bh = Mceil(H / f);
  const counts = new Uint16Array(bw * bh);
  const bx = new Uint32Array(W);
  for (let x = 0; x < W; x++) bx[x] = Mfloor(x / f);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const brow = Mfloor(y / f) * bw;
    for (let x = 0; x < W; x++) if (data[row + x]) counts[brow + bx[x]]++;
  }
  let n = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]) n++;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  const ws = new Float32Array(n);
  let k = 0;
  for (let i = 0; i < counts.length; i++) {
    if (!counts[i]) continue;
    xs[k] = (i % bw) + 0.5;
    ys[k] = Mfloor(i / bw) + 0.5;
    ws[k] = counts[i];
    k++;
  }
  return { xs, ys, ws, n, width: bw, height: bh };
}

/** Sharpness of the horizontal projection of `p` after undoing a skew of `deg`. */
function projectionScore(p: InkPoints, deg: number, hist: Float64Array, off: number): number {
  const t = Math.tan((deg * Math.PI) / 180);
  const cx = p.width / 2;
  hist.fill(0);
  const { xs, ys, ws, n } = p;
  for (let i = 0; i < n; i++) {
    const yy = Mround(ys[i] - (xs[i] - cx) * t) + off;
    if (yy >= 0 && yy < hist.length) hist[yy] += ws[i];
  }
  let s = 0;
  for (let i = 0; i < hist.length; i++) s += hist[i] * hist[i];
  return s;
}

function bestAngle(p: InkPoints, from: number, to: number, step: number): number {
  const off = Mceil(p.width * Math.tan((Mmax(Mabs(from), Mabs(to)) * Math.PI) / 180)) + 2;
  const hist = new Float64Array(p.height + 2 * off);
  let best = 0;
  let bestScore = -1;
  // Candidates nearest 0 first, so that ties (blank page) keep the image as it is.
  const cands: number[] = [];
  for (let d = from; d <= to + 1e-9; d += step) cands.push(d);
  cands.sort((a, b) => Mabs(a) - Mabs(b));
  for (const d of cands) {
    const s = projectionScore(p, d, hist, off);
    if (s > bestScore * (1 + 1e-9)) {
      bestScore = s;
      best = d;
    }
  }
  return best;
}

/**
 * Estimates the skew of a binary page image. Returns degrees, within ±maxDeg; positive means the
 * content is rotated clockwise on screen (y down), i.e. a horizontal line falls to the right.
 */
export function estimateSkew(bin: BinaryImage, dpi: number, maxDeg = 3): number {
  const f = Mmax(1, Mround(dpi / 75));
  const coarse = inkPoints(bin, f);
  if (coarse.n < 8) return 0;
  // One bin of the reduced image across half its width, in degrees: the coarse step.
  const coarseStep = Mmax(0.05, Math.round(((Math.atan(2 / coarse.width) * 180) / Math.PI) * 100) / 100);
  const c = bestAngle(coarse, -maxDeg, maxDeg, coarseStep);
  // ≈150 dpi is fine enough (a grid split by a residual 0.05° at 100 dpi is not); two steps.
  const f2 = Mmax(1, Mround(dpi / 150));
  const fine = f2 === f ? coarse : inkPoints(bin, f2);
  const mid = bestAngle(fine, Math.max(-maxDeg, c - coarseStep), Math.min(maxDeg, c + coarseStep), 0.05);
  const best = bestAngle(fine, Math.max(-maxDeg, mid - 0.05), Math.min(maxDeg, mid + 0.05), 0.01);
  return Mround(best * 1000) / 1000;
}

/** Rotates a grayscale image by `deg` degrees about its centre (bilinear, white fill). */
export function rotateGray(img: GrayImage, deg: number): GrayImage {
  const { width: W, height: H, data } = img;
  const out = new Uint8Array(W * H);
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  for (let y = 0; y < H; y++) {
    const dy = y - cy;
    // Source = R(-a) * dest.
    let sx = cx + -cx * cos + dy * sin;
    let sy = cy - -cx * sin + dy * cos;
    // Coordinates are checked non-negative first, so `| 0` floors them and `(v + 0.5) | 0` rounds
    // (as Math.floor/round would, at a third of the cost).
    const row = y * W;
    for (let x = 0; x < W; x++, sx += cos, sy -= sin) {
      if (sx < 0 || sy < 0) {
        out[row + x] = 255;
        continue;
      }
      const x0 = sx | 0;
      const y0 = sy | 0;
      if (x0 >= W - 1 || y0 >= H - 1) {
        out[row + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * W + x0;
      const a = data[i];
      const c = data[i + W];
      const top = a + (data[i + 1] - a) * fx;
      const bot = c + (data[i + W + 1] - c) * fx;
      out[row + x] = (top + (bot - top) * fy + 0.5) | 0;
    }
  }
  return { width: W, height: H, data: out };
}

/** Maps a point of the deskewed image back to the original (skewed) image. */
export function unrotatePoint(x: number, y: number, W: number, H: number, deg: number): [number, number] {
  const a = (deg * Math.PI) / 180;
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  const dx = x - cx;
  const dy = y - cy;
  return [cx + dx * Math.cos(a) + dy * Math.sin(a), cy - dx * Math.sin(a) + dy * Math.cos(a)];
}
