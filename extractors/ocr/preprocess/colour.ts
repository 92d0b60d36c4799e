/**
 * Colour dropout: RGBA page pixels → grayscale with red and blue seals and stamps turned to paper.
 *
 * A seal is saturated red (or blue) ink; black text printed under it stays dark in every channel.
 * So a pixel whose chroma is high and whose hue is red or blue takes the value of its brightest
 * channel instead of its luma: bright red ink becomes near-white, black-under-red stays black.
 * The switch is ramped over a low chroma range (JPEG chroma subsampling leaves the rims of a red
 * stroke only faintly red; they must go too) so no hard edges are left, and a
 * pixel with no chroma (any grey scan) gets exactly its luma, as without dropout.
 */

// Math functions as module bindings: global lookups are slow inside vm contexts (jest).
const { round: Mround, max: Mmax, min: Mmin } = Math;

export interface DropoutOptions {
  /** Chroma (max−min channel, 0..255) where dropout starts and where it is complete. */
  chromaFrom?: number;
  chromaTo?: number;
}

const PAPER_GAIN = 1.5;

/** Hue of an RGB pixel, degrees 0..360 (0 = red, 120 = green, 240 = blue). */
export function hueOf(r: number, g: number, b: number): number {
  const mx = Mmax(r, g, b);
  const c = mx - Mmin(r, g, b);
  if (c === 0) return 0;
  let h: number;
  if (mx === r) h = ((g - b) / c) % 6;
  else if (mx === g) h = (b - r) / c + 2;
  else h = (r - g) / c + 4;
  h *= 60;
  return h < 0 ? h + 360 : h;
}

/** Seal hues: red through magenta-red and orange-red, and blue (stamp-pad blue to violet-blue). */
export function isDropoutHue(h: number): boolean {
  return h >= 320 || h <= 40 || (h >= 190 && h <= 265);
}

/**
 * Grayscale of RGBA pixels (BT.601 luma, alpha composited over white) with red/blue dropout.
 * `out` (n bytes) is filled from `rgba` (4n bytes); returns how many pixels were (partly) dropped.
 */
export function rgbaToGrayDropout(rgba: ArrayLike<number>, n: number, out: Uint8Array, opts: DropoutOptions = {}): number {
  const c0 = opts.chromaFrom ?? 20;
  const c1 = opts.chromaTo ?? 50;
  let dropped = 0;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    let r = rgba[j];
    let g = rgba[j + 1];
    let b = rgba[j + 2];
    const a = rgba[j + 3];
    if (a !== 255) {
      r = (r * a + 255 * (255 - a)) / 255;
      g = (g * a + 255 * (255 - a)) / 255;
      b = (b * a + 255 * (255 - a)) / 255;
    }
    const y = (r * 299 + g * 587 + b * 114) / 1000;
    const mx = Mmax(r, g, b);
    const chroma = mx - Mmin(r, g, b);
    if (chroma <= c0 || !isDropoutHue(hueOf(r, g, b))) {
      out[i] = Mround(y);
      continue;
    }
    const t = chroma >= c1 ? 1 : (chroma - c0) / (c1 - c0);
    // Seal ink is not paper-bright in its own channel (red ink: R ≈ 200–235, JPEG ringing at its
    // rims down to 160): lifted by PAPER_GAIN so the ring leaves no faint line; black print under
    // the seal (brightest channel ≤ 90) stays darker than any page threshold.
    out[i] = Mround(y + (Mmin(255, mx * PAPER_GAIN) - y) * t);
    dropped++;
  }
  return dropped;
}
