/**
 * A scanned page that is one image placed one image pixel per render pixel is not drawn: its
 * pixels are taken from the image pdf.js already decoded for the operator list that gave the
 * page's native resolution. page.render would build the page again under its own intent (a second
 * JPEG decode) and only copy the same pixels onto the canvas. Any other page (other content,
 * several images, resampling, a turned placement, a soft mask) returns undefined and is drawn.
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { multiply, type Matrix } from '../pdf/geometry.js';
import type { PlacedImage } from './preprocess/resolution.js';

interface OperatorList {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
}

/** Decoded image as pdf.js hands it to the canvas (ImageKind: 1 = 1 bit grey, 2 = RGB). */
interface DecodedImage {
  width: number;
  height: number;
  kind: number;
  data?: Uint8Array | Uint8ClampedArray | null;
}

const GRAYSCALE_1BPP = 1;
const RGB_24BPP = 2;
/** Slack on the placement: a page size rounded to points leaves ~1e-10 of a pixel. */
const EPS = 1e-6;
/** Rows converted at a time (as the canvas read-back in render.ts). */
const STRIP_ROWS = 256;

const near = (a: number, b: number) => Math.abs(a - b) < EPS;

/** The one image the page paints when it paints nothing else, with its placement; else undefined. */
function soleImage(ops: OperatorList, OPS: Record<string, number>, placed: readonly PlacedImage[]): { id: string; matrix: Matrix } | undefined {
  const neutral = new Set([OPS.save, OPS.restore, OPS.transform, OPS.dependency]);
  let id: string | undefined;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    if (neutral.has(fn)) continue;
    const arg = (ops.argsArray[i] as unknown[] | undefined)?.[0];
    if (fn !== OPS.paintImageXObject || id !== undefined || typeof arg !== 'string') return undefined;
    id = arg;
  }
  return id !== undefined && placed.length === 1 ? { id, matrix: placed[0].matrix } : undefined;
}

/**
 * The page's pixels at `scale` (render pixels per point) on a `width`×`height` white canvas,
 * converted to grey strip by strip with `toGray` (as render.ts does with the canvas), when the
 * page is a sole image mapped 1:1 onto whole render pixels; undefined otherwise.
 */
export async function directImageGray(
  page: PDFPageProxy,
  ops: OperatorList,
  OPS: Record<string, number>,
  placed: readonly PlacedImage[],
  scale: number,
  size: { width: number; height: number },
  toGray: (rgba: ArrayLike<number>, n: number, out: Uint8Array) => void,
): Promise<Uint8Array | undefined> {
  const sole = soleImage(ops, OPS, placed);
  if (!sole) return undefined;
  // Images shared by several pages go to the document's objects, under ids starting with g_ (as pdf.js's canvas looks them up).
  const store = sole.id.startsWith('g_') ? page.commonObjs : page.objs;
  const img = await new Promise<DecodedImage | null>((resolve) => store.get(sole.id, resolve as (d: unknown) => void));
  if (!img?.data || (img.kind !== RGB_24BPP && img.kind !== GRAYSCALE_1BPP)) return undefined;
  // Unit square → render pixels; image row 0 is the top edge (y = 1 of the unit square).
  const t = multiply(page.getViewport({ scale }).transform, sole.matrix);
  const x0 = t[4];
  const y0 = t[5] + t[3];
  if (!near(t[0], img.width) || !near(t[3], -img.height) || !near(t[1], 0) || !near(t[2], 0)) return undefined;
  if (!near(x0, Math.round(x0)) || !near(y0, Math.round(y0))) return undefined;
  const ox = Math.round(x0);
  const oy = Math.round(y0);
  const { width: W, height: H } = size;
  const { width: w, height: h, data: src } = img;
  const rowBytes = (w + 7) >> 3;
  const out = new Uint8Array(W * H);
  const xa = Math.max(0, ox);
  const xb = Math.min(W, ox + w);
  const strip = new Uint8Array(W * STRIP_ROWS * 4);
  for (let y = 0; y < H; y += STRIP_ROWS) {
    const rows = Math.min(STRIP_ROWS, H - y);
    strip.fill(255);
    for (let r = 0; r < rows; r++) {
      const iy = y + r - oy;
      if (iy < 0 || iy >= h) continue;
      let j = (r * W + xa) * 4;
      if (img.kind === RGB_24BPP) {
        for (let x = xa, s = (iy * w + xa - ox) * 3; x < xb; x++, s += 3, j += 4) {
          strip[j] = src[s];
          strip[j + 1] = src[s + 1];
          strip[j + 2] = src[s + 2];
        }
      } else {
        // Set bits are white, clear bits black (pdf.js has applied /Decode already).
        const row = iy * rowBytes;
        for (let x = xa; x < xb; x++, j += 4) {
          const i = x - ox;
          if (!(src[row + (i >> 3)] & (128 >> (i & 7)))) strip[j] = strip[j + 1] = strip[j + 2] = 0;
        }
      }
    }
    toGray(strip, W * rows, out.subarray(y * W, (y + rows) * W));
  }
  return out;
}
