/**
 * Page orientation: which of 0/90/180/270° turns the scan upright.
 *
 * Sideways (90/270) is told from the direction text runs in: smeared along the text direction,
 * characters of a word or number merge into long runs, while across it they stay one character
 * high. So the length-weighted mean run length along rows is compared with that along columns,
 * after ruling lines (very long runs) are taken out, on a ≈100 dpi reduction.
 *
 * Upside down (180) is not visible in run statistics; it is told by reading a few text lines both
 * ways: tesseract reads upright Chinese and digits with much higher confidence than turned ones.
 * A line read as it stands that spells a phrase of the 决算 vocabulary or a formatted amount proves
 * the page upright on its own (turned lines read as strings of unrelated characters), so an upright
 * page usually costs one OCR call instead of two per probe line.
 */
import type { BinaryImage } from '../grid.js';
import { binarize } from '../grid.js';
import type { GrayImage } from '../render.js';
import { LEXICON } from '../lexicon.js';
import { findTextBands } from '../recognize.js';
import { rotateQuarter } from './rotate.js';

// Math functions as module bindings: global lookups are slow inside vm contexts (jest).
const { round: Mround, max: Mmax, min: Mmin, ceil: Mceil, floor: Mfloor, abs: Mabs, log: Mlog } = Math;

/** Block-OR reduction of a binary image by an integer factor. */
export function reduceBinary(bin: BinaryImage, f: number): BinaryImage {
  if (f <= 1) return bin;
  const { width: W, height: H, data } = bin;
  const w = Mceil(W / f);
  const h = Mceil(H / f);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const orow = Mfloor(y / f) * w;
    for (let x = 0; x < W; x++) if (data[row + x]) out[orow + Mfloor(x / f)] = 1;
  }
  return { width: w, height: h, data: out };
}

/**
 * Clears runs of ink at least `minLen` long, horizontal and vertical (ruling lines, underlines),
 * from a copy of `bin`.
 */
export function withoutLongRuns(bin: BinaryImage, minLen: number): BinaryImage {
  const { width: W, height: H, data } = bin;
  const out = new Uint8Array(data);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    let s = -1;
    for (let x = 0; x <= W; x++) {
      const ink = x < W && data[row + x];
      if (ink && s < 0) s = x;
      else if (!ink && s >= 0) {
        if (x - s >= minLen) out.fill(0, row + s, row + x);
        s = -1;
      }
    }
  }
  // Vertical runs row by row (each column's run start kept), not column by column: one pass in memory order.
  const start = new Int32Array(W).fill(-1);
  for (let y = 0; y <= H; y++) {
    const row = y * W;
    for (let x = 0; x < W; x++) {
      if (y < H && data[row + x]) {
        if (start[x] < 0) start[x] = y;
      } else if (start[x] >= 0) {
        if (y - start[x] >= minLen) for (let k = start[x]; k < y; k++) out[k * W + x] = 0;
        start[x] = -1;
      }
    }
  }
  return { width: W, height: H, data: out };
}

/** Length-weighted mean length of ink runs along one axis, gaps up to `gap` bridged. */
function meanRun(bin: BinaryImage, horizontal: boolean, gap: number, maxLen: number): number {
  const { width: W, height: H, data } = bin;
  const nAcross = horizontal ? H : W;
  const nAlong = horizontal ? W : H;
  let sum = 0;
  let sum2 = 0;
  for (let b = 0; b < nAcross; b++) {
    let s = -1;
    let last = -1;
    const flush = () => {
      const len = last - s + 1;
      if (len >= 2 && len <= maxLen) {
        sum += len;
        sum2 += len * len;
      }
    };
    for (let a = 0; a < nAlong; a++) {
      if (!(horizontal ? data[b * W + a] : data[a * W + b])) continue;
      if (s < 0) s = a;
      else if (a - last - 1 > gap) {
        flush();
        s = a;
      }
      last = a;
    }
    if (s >= 0) flush();
  }
  return sum ? sum2 / sum : 0;
}

export interface SidewaysEvidence {
  /** Mean smeared run length along rows and along columns (pixels of the reduced image), at `gap`. */
  along: number;
  across: number;
  /** The gap bridged (inches) at which the two directions differ most. */
  gap: number;
  sideways: boolean;
}

/**
 * Gaps bridged when smearing, inches. Within a line, characters stand apart by up to about a quarter
 * of their size; between lines the leading is larger. But both scale with the type: a dense table
 * (rows 0.15 in apart, rules taken out) has leading of 0.05 in, which a 0.07 in smear bridges so that
 * columns of text merge from row to row, while widely spaced 150 dpi text needs 0.07 in to join its
 * characters. The smear that separates the two best is the one at which the directions differ most.
 */
const SMEAR_GAPS = [0.02, 0.03, 0.045, 0.07];

/**
 * Whether the text of a page runs vertically (the page is turned by 90° or 270°). Evidence must be
 * clear (ratio ≥ `ratio` at the smear where the directions differ most): on a page with too little
 * text the page is left as it is.
 */
export function detectSideways(bin: BinaryImage, dpi: number, ratio = 1.5): SidewaysEvidence {
  const f = Mmax(1, Mround(dpi / 100));
  const rdpi = dpi / f;
  const small = withoutLongRuns(reduceBinary(bin, f), Mround(rdpi * 0.6));
  const maxLen = Mround(rdpi * 3);
  let best: SidewaysEvidence | undefined;
  let bestContrast = -1;
  const tried = new Set<number>();
  for (const inches of SMEAR_GAPS) {
    const gap = Mmax(1, Mround(rdpi * inches));
    if (tried.has(gap)) continue;
    tried.add(gap);
    const along = meanRun(small, true, gap, maxLen);
    const across = meanRun(small, false, gap, maxLen);
    const contrast = along && across ? Mabs(Mlog(across / along)) : 0;
    if (contrast > bestContrast) {
      bestContrast = contrast;
      best = { along, across, gap: inches, sideways: across > along * ratio };
    }
  }
  return best!;
}

/** A text line image for the upside-down test. */
export interface ProbeLine {
  img: GrayImage;
  /** The same, turned by 180°. */
  turned: GrayImage;
}

/**
 * Up to `k` text lines of the page to read both ways: the widest bands of ink outside ruling
 * lines that are at least three times as wide as high (a few characters), cropped from the gray
 * image with a margin, binarised at the page threshold (`binary`: that binarisation, when the caller has it).
 */
export function probeLines(gray: GrayImage, dpi: number, k = 4, threshold?: number, binary?: BinaryImage): ProbeLine[] {
  const bin = binary ?? binarize(gray, threshold);
  const text = withoutLongRuns(bin, Mround(dpi * 0.6));
  const minH = dpi * 0.06;
  const maxH = dpi * 0.4;
  const bands = findTextBands(text, 0, 0, text.width, text.height, dpi, 1.5)
    .filter((b) => b.y1 - b.y0 >= minH && b.y1 - b.y0 <= maxH && b.x1 - b.x0 >= 3 * (b.y1 - b.y0))
    .sort((a, b) => b.ink - a.ink)
    .slice(0, k);
  const pad = Mmax(4, Mround(dpi / 25));
  return bands.map((b) => {
    // A dozen characters are enough to tell; long lines would only cost OCR time.
    const x0 = Mmax(0, b.x0 - 2);
    const y0 = Mmax(0, b.y0 - 2);
    const x1 = Mmin(gray.width, b.x1 + 2, x0 + 12 * (b.y1 - b.y0));
    const y1 = Mmin(gray.height, b.y1 + 2);
    const w = x1 - x0 + 2 * pad;
    const h = y1 - y0 + 2 * pad;
    const data = new Uint8Array(w * h).fill(255);
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) data[(y - y0 + pad) * w + (x - x0 + pad)] = text.data[y * gray.width + x] ? 0 : 255;
    }
    const img = { width: w, height: h, data };
    return { img, turned: rotateQuarter(img, 2) };
  });
}

/** Reads a line image, giving its mean confidence 0..1. */
export type ProbeReader = (img: GrayImage) => Promise<{ text: string; confidence: number }>;

export interface UpsideDownEvidence {
  upright: number;
  /** not read when a line as it stands proved the page upright */
  turned?: number;
  lines: number;
  upsideDown: boolean;
  /** the reading that proved the page upright */
  proof?: string;
}

/**
 * Characters a reading of a 决算 page is made of: CJK, digits and the punctuation of amounts,
 * codes and headers. Upside-down lines come out as confident-looking strings full of Latin letters
 * and stray marks (`(羊)羊奚许X冲蜀考6T07`), so the share of other characters counts against a reading.
 */
const PLAUSIBLE = /[\u3400-\u9fff\uf900-\ufaff0-9.,\-()（）：:%、]/u;

/** Confidence of a reading discounted by its share of implausible characters; weight = length. */
export function plausibility(r: { text: string; confidence: number }): { score: number; weight: number } {
  const chars = [...r.text.replace(/\s+/g, '')];
  if (!chars.length) return { score: 0, weight: 1 };
  const odd = chars.filter((c) => !PLAUSIBLE.test(c)).length;
  return { score: r.confidence * (1 - odd / chars.length), weight: chars.length };
}

// Phrases of four characters or more: shorter words (支出, 合计) can come out of a turned line by chance.
const PROOF_PHRASES = LEXICON.map((p) => p.replace(/\s+/g, '')).filter((p) => [...p].length >= 4);
// An amount with a thousands comma and two decimals: turned, its separators stand at the top of the line.
const PROOF_AMOUNT = /(^|[^\d,.])\d{1,3}(,\d{3})+\.\d\d(?!\d)/;

/** Whether a reading of a line as it stands is one only an upright line gives. */
export function provesUpright(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return PROOF_AMOUNT.test(t) || PROOF_PHRASES.some((p) => t.includes(p));
}

/**
 * Reads the probe lines both ways; upside down when the turned readings are clearly more plausible.
 * The first `quick` lines are first read as they stand, one at a time: a reading that proves the
 * page upright (provesUpright) settles it without the turned readings.
 */
export async function detectUpsideDown(lines: readonly ProbeLine[], read: ProbeReader, margin = 0.03, quick = 2): Promise<UpsideDownEvidence> {
  if (!lines.length) return { upright: 0, turned: 0, lines: 0, upsideDown: false };
  const asIs = new Map<ProbeLine, Awaited<ReturnType<ProbeReader>>>();
  for (const l of lines.slice(0, quick)) {
    const r = await read(l.img);
    if (provesUpright(r.text)) return { upright: plausibility(r).score, lines: asIs.size + 1, upsideDown: false, proof: r.text };
    asIs.set(l, r);
  }
  const results = await Promise.all(lines.map(async (l) => [asIs.get(l) ?? (await read(l.img)), await read(l.turned)] as const));
  // A reading's weight is its length: a line read as one stray character says little.
  let up = 0;
  let down = 0;
  let wUp = 0;
  let wDown = 0;
  for (const [a, b] of results) {
    const pa = plausibility(a);
    const pb = plausibility(b);
    up += pa.score * pa.weight;
    wUp += pa.weight;
    down += pb.score * pb.weight;
    wDown += pb.weight;
  }
  const upright = up / wUp;
  const turned = down / wDown;
  return { upright, turned, lines: lines.length, upsideDown: turned > upright + margin };
}
