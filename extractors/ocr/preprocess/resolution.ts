/**
 * The resolution a scanned page should be rendered at: the one of the image it is made of.
 *
 * A scan is one (or a few) raster images painted over the page. Rendering the page at the image's
 * own resolution makes one image pixel one render pixel: a 300 dpi bilevel fax keeps its crisp
 * strokes instead of being resampled into grey anti-aliased lines. Above maxDpi the page is
 * rendered at the native resolution divided by the smallest integer that brings it within the
 * limit (600 → 300), so downsampling averages whole pixel blocks. Below minDpi it is rendered at
 * minDpi: chi_sim reads small print markedly worse under ~200 dpi (a 150 dpi scan of putuo p.8
 * read 经营/缴费 wrong at 150 and right at 200), and enlarging a grey scan adds no artefact that
 * matters. The page's pixel count is capped so that a poster-sized page cannot take gigabytes.
 */
import { multiply, type Matrix } from '../../pdf/geometry.js';

/** One raster image painted on the page. */
export interface PlacedImage {
  /** Pixel size of the image. */
  width: number;
  height: number;
  /** Image space (unit square) → PDF user space, as in effect when it was painted. */
  matrix: Matrix;
}

interface OperatorList {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
}

function imageSize(fn: number, args: unknown, OPS: Record<string, number>): { width: number; height: number } | undefined {
  const a = args as unknown[] | undefined;
  if (!a) return undefined;
  // paintImageXObject: [objId, width, height]; inline and mask images: [{ width, height, … }].
  if (fn === OPS.paintImageXObject && typeof a[1] === 'number' && typeof a[2] === 'number') return { width: a[1], height: a[2] };
  const o = a[0] as { width?: unknown; height?: unknown } | undefined;
  if (o && typeof o.width === 'number' && typeof o.height === 'number') return { width: o.width, height: o.height };
  return undefined;
}

/**
 * The images a page paints, with their placement, from its pdf.js operator list (save/restore,
 * transforms and form XObjects followed). Images whose pixel size the list does not carry
 * (repeated masks, image groups) are still listed for coverage, with size 0.
 */
export function placedImages(ops: OperatorList, OPS: Record<string, number>): PlacedImage[] {
  const imageOps = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintInlineImageXObjectGroup, OPS.paintImageMaskXObjectGroup, OPS.paintImageMaskXObjectRepeat].filter((v) => v !== undefined));
  const out: PlacedImage[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = (args as unknown[] | undefined)?.[0];
      if (Array.isArray(m) && m.length === 6) ctm = multiply(ctm, m as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (imageOps.has(fn)) {
      const size = imageSize(fn, args, OPS) ?? { width: 0, height: 0 };
      out.push({ ...size, matrix: ctm });
    }
  }
  return out;
}

/** Resolution of a placed image along its own x and y axes, pixels per inch. */
export function imageDpi(img: PlacedImage): { x: number; y: number } {
  const [a, b, c, d] = img.matrix;
  const wPt = Math.hypot(a, b);
  const hPt = Math.hypot(c, d);
  return { x: wPt > 0 ? (img.width * 72) / wPt : 0, y: hPt > 0 ? (img.height * 72) / hPt : 0 };
}

/** Area of a placed image in square points. */
export function placedArea(img: PlacedImage): number {
  const [a, b, c, d] = img.matrix;
  return Math.abs(a * d - b * c);
}

/**
 * The native resolution of a page: that of the image covering the largest area (the scan itself;
 * logos and stamps pasted on top are smaller), the finer of its two axes (fax: 204×196). Undefined
 * when the page paints no sizeable image (at least `minShare` of the page area).
 */
export function nativeDpi(images: readonly PlacedImage[], pageAreaPt: number, minShare = 0.25): number | undefined {
  let best: PlacedImage | undefined;
  for (const img of images) if (img.width > 0 && img.height > 0 && (!best || placedArea(img) > placedArea(best))) best = img;
  if (!best || placedArea(best) < pageAreaPt * minShare) return undefined;
  const { x, y } = imageDpi(best);
  const dpi = Math.max(x, y);
  return Number.isFinite(dpi) && dpi > 0 ? dpi : undefined;
}

export interface RenderDpiLimits {
  minDpi?: number;
  maxDpi?: number;
  /** Largest render, in pixels (default 16 M ≈ A4 at 400 dpi: 64 MB of RGBA). */
  maxPixels?: number;
}

export const DEFAULT_RENDER_LIMITS = { minDpi: 200, maxDpi: 400, maxPixels: 16_000_000 } as const;

/**
 * The dpi to render a page of `widthPt`×`heightPt` at, for an image of `native` dpi (or `fallback`
 * when the page has no image): native when within the limits, minDpi below them, native divided
 * by the smallest integer that brings it under maxDpi above them; then lowered to fit the pixel cap.
 */
export function renderDpi(native: number | undefined, fallback: number, widthPt: number, heightPt: number, limits: RenderDpiLimits = {}): number {
  const minDpi = limits.minDpi ?? DEFAULT_RENDER_LIMITS.minDpi;
  const maxDpi = limits.maxDpi ?? DEFAULT_RENDER_LIMITS.maxDpi;
  const maxPixels = limits.maxPixels ?? DEFAULT_RENDER_LIMITS.maxPixels;
  let dpi = native ?? fallback;
  // Not rounded: 299.99 (a page size rounded to points) must stay 299.99 for pixels to map 1:1.
  // 1% slack: a 401.2 dpi scan is rendered 1:1, not halved.
  const hi = maxDpi * 1.01;
  if (dpi > hi) dpi = Math.max(minDpi, dpi / Math.ceil(dpi / hi));
  else if (dpi < minDpi / 1.01) dpi = minDpi;
  const px = ((widthPt * dpi) / 72) * ((heightPt * dpi) / 72);
  if (px > maxPixels) dpi *= Math.sqrt(maxPixels / px);
  return dpi;
}
