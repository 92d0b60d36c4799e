/**
 * Finds ruled table grids on a rendered page image, in plain TypeScript on typed arrays.
 *
 * Steps: the paper level is estimated locally and the page flattened to it (uneven illumination,
 * grey paper) → skew estimate from long horizontal runs → deskew → ruling lines found on the grey
 * darkness image, not on a binarisation: thin grey lines that a page-wide threshold cuts into
 * fragments keep their darkness summed across the line → pieces on one position are joined and a
 * line is kept only over the span where it meets crossing lines (text next to a border is no row
 * edge), or, where rules run on together to a common end, to that end (the border a table printed
 * without outer border implies) → the shared ruled-grid builder (../grid/lattice.ts, in points)
 * makes the tables, rows, columns and spanning cells → each line is fitted (position, slope,
 * thickness) and erased with its halo, and cells get an inner box clear of the lines, for OCR.
 */
import { buildLattice, crosses, JOIN, type Line, linesBox, mergeSegments, ruledComponents, TOL } from '../grid/lattice.js';
import type { GrayImage } from './render.js';
import { estimateSkew, rotateGray } from './preprocess/skew.js';

// Deskew lives with the other page preprocessing; re-exported for the callers of this module.
export { estimateSkew, rotateGray, unrotatePoint } from './preprocess/skew.js';

// Math functions as module bindings: global lookups are slow inside vm contexts (jest).
const { round: Mround, floor: Mfloor, ceil: Mceil, min: Mmin, max: Mmax, abs: Mabs } = Math;

/** 1 = ink, 0 = background. */
export interface BinaryImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A ruling line fitted on the (deskewed) image, in pixels. */
export interface RulingLine {
  orientation: 'h' | 'v';
  /** Centre position across the line (y for horizontal, x for vertical) at the middle of its extent. */
  pos: number;
  /** Change of `pos` per pixel along the line (what deskewing left). */
  slope: number;
  /** Extent along the line. */
  start: number;
  end: number;
  /** Half the line's thickness, halo included (pixels from the centre that carry its ink). */
  half: number;
  /** Half the thickness of the line's own ink (its darkness over its peak's), without the halo. */
  core: number;
  /** Median darkness across the line by offset from its centre (index `profile.length >> 1` = centre). */
  profile: number[];
}

export interface GridCellPx {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** The cell between the line centres. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The cell's inside, clear of its lines and their halo: where text is cropped. */
  inner: { x0: number; y0: number; x1: number; y1: number };
}

export interface TableGridPx {
  /** y of the row boundaries, top to bottom (nRows + 1 values). */
  rowEdges: number[];
  /** x of the column boundaries, left to right (nCols + 1 values). */
  colEdges: number[];
  cells: GridCellPx[];
  bbox: { x0: number; y0: number; x1: number; y1: number };
  /** The ruling lines that make up this table. */
  lines: RulingLine[];
}

export interface GridDetection {
  /** Skew that was found, in degrees (the image was rotated by -angle to straighten it). */
  angle: number;
  /** The deskewed grayscale image, flattened to white paper, with ruling lines erased. */
  clean: GrayImage;
  /** The deskewed binary image (lines and specks erased too). */
  binary: BinaryImage;
  tables: TableGridPx[];
  /** Ruling lines of the tables found (other long strokes are left alone). */
  lines: RulingLine[];
  /**
   * Long horizontal rules outside the tables (a three-line table's rules, a rule under a heading),
   * erased too: hints for the column model where an unruled table's header starts.
   */
  rules: RulingLine[];
}

export interface GridOptions {
  dpi: number;
  /** Largest skew searched, degrees. */
  maxSkew?: number;
  /** Skip deskewing (born-digital renders). */
  noDeskew?: boolean;
  /**
   * The page already flattened (flattenToPaper) and its skew estimated on that (gridSkew), by page
   * preparation on this very image: not computed twice.
   */
  flattened?: { flat: GrayImage; angle: number };
}

/** Ink for the skew estimate: anything clearly darker than its paper, grey lines too. */
const SKEW_INK = 215;

/** The skew detectGrids corrects, estimated on the flattened page (within ±maxSkew degrees). */
export function gridSkew(flat: GrayImage, dpi: number, maxSkew = 1.5): number {
  return estimateSkew(binarize(flat, SKEW_INK), dpi, maxSkew);
}

// ---------------------------------------------------------------- binarisation

export function otsuThreshold(img: GrayImage): number {
  const hist = new Float64Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i++) hist[d[i]]++;
  const total = d.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i];
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let thr = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      thr = t;
    }
  }
  return thr;
}

export function binarize(img: GrayImage, threshold = otsuThreshold(img)): BinaryImage {
  const out = new Uint8Array(img.data.length);
  const d = img.data;
  for (let i = 0; i < d.length; i++) out[i] = d[i] <= threshold ? 1 : 0;
  return { width: img.width, height: img.height, data: out };
}

// ---------------------------------------------------------------- specks

/**
 * Removes tiny connected components (scanner speckle) from a binary image, in place; returns
 * how many were removed. `maxArea` pixels and `maxSide` bounding-box side at most.
 */
/** One 8-connected group of ink pixels. */
export interface Component {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  area: number;
  /** pixel indices, or null when the component has more than the caller asked to keep */
  pixels: number[] | null;
}

/**
 * Visits the 8-connected components of the pixels `isInk` accepts, with their bounding box and area;
 * the pixel indices of components up to `keepPixels` pixels are passed along too.
 */
export function forEachComponent(W: number, H: number, isInk: (i: number) => boolean, visit: (c: Component) => void, keepPixels = 0): void {
  const seen = new Uint8Array(W * H);
  const stack: number[] = [];
  const pixels: number[] = [];
  for (let i = 0; i < W * H; i++) {
    if (seen[i] || !isInk(i)) continue;
    stack.length = 0;
    pixels.length = 0;
    stack.push(i);
    seen[i] = 1;
    let x0 = W;
    let x1 = -1;
    let y0 = H;
    let y1 = -1;
    let area = 0;
    while (stack.length) {
      const p = stack.pop()!;
      area++;
      if (area <= keepPixels) pixels.push(p);
      const x = p % W;
      const y = (p - x) / W;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= H) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= W) continue;
          const q = yy * W + xx;
          if (!seen[q] && isInk(q)) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    visit({ x0, x1, y0, y1, area, pixels: area <= keepPixels ? pixels.slice() : null });
  }
}

export function despeckle(bin: BinaryImage, maxArea: number, maxSide: number, gray?: GrayImage): number {
  const { width: W, height: H, data } = bin;
  let removed = 0;
  forEachComponent(
    W,
    H,
    (i) => data[i] !== 0,
    (c) => {
      if (!c.pixels || c.x1 - c.x0 >= maxSide || c.y1 - c.y0 >= maxSide) return;
      for (const p of c.pixels) {
        data[p] = 0;
        if (gray) gray.data[p] = 255;
      }
      removed++;
    },
    maxArea,
  );
  return removed;
}

// ---------------------------------------------------------------- paper level

/**
 * The page flattened to its paper: the paper's brightness around every pixel is estimated as a high
 * percentile of each tile (most of any tile is paper, even inside a table), interpolated between
 * tile centres, and every pixel is divided by it. Paper becomes 255 and ink keeps its contrast to
 * its surroundings, under uneven illumination, grey paper or a tinted table header alike.
 */
export function flattenToPaper(img: GrayImage, dpi: number): GrayImage {
  const { width: W, height: H, data } = img;
  const T = Mmax(16, Mround(dpi * 0.5));
  const nx = Mceil(W / T);
  const ny = Mceil(H / T);
  const hist = new Uint32Array(256);
  const percentile = (x0: number, y0: number, x1: number, y1: number): number => {
    hist.fill(0);
    let n = 0;
    for (let y = y0; y < y1; y += 2) {
      for (let x = x0, i = y * W + x0; x < x1; x += 2, i += 2) {
        hist[data[i]]++;
        n++;
      }
    }
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]) >= n * 0.7) return v;
    return 255;
  };
  const raw = new Float64Array(nx * ny);
  for (let ty = 0; ty < ny; ty++) {
    for (let tx = 0; tx < nx; tx++) raw[ty * nx + tx] = percentile(tx * T, ty * T, Mmin(W, tx * T + T), Mmin(H, ty * T + T));
  }
  // A tile that is mostly ink (a solid block) says nothing about the paper under it: it is held to
  // within 60 levels of the median of the 5 × 5 tiles around it (2.5 in), so a block up to about an
  // inch across stays ink. Light falling off across the page (a tile as dark as its neighbours) is the
  // paper's own level there and is flattened (a page-wide floor left the dark side of a scan black).
  const level = new Float64Array(nx * ny);
  const around: number[] = [];
  for (let ty = 0; ty < ny; ty++) {
    for (let tx = 0; tx < nx; tx++) {
      around.length = 0;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const y = ty + dy;
          const x = tx + dx;
          if (y >= 0 && y < ny && x >= 0 && x < nx) around.push(raw[y * nx + x]);
        }
      }
      around.sort((a, b) => a - b);
      level[ty * nx + tx] = Mmax(raw[ty * nx + tx], around[around.length >> 1] - 60, 1);
    }
  }
  const ix0 = new Int32Array(W);
  const ix1 = new Int32Array(W);
  const wx = new Float64Array(W);
  for (let x = 0; x < W; x++) {
    const f = Mmin(nx - 1, Mmax(0, (x + 0.5) / T - 0.5));
    ix0[x] = Mfloor(f);
    ix1[x] = Mmin(nx - 1, ix0[x] + 1);
    wx[x] = f - ix0[x];
  }
  const out = new Uint8Array(W * H);
  const rowLevel = new Float64Array(nx);
  for (let y = 0; y < H; y++) {
    const f = Mmin(ny - 1, Mmax(0, (y + 0.5) / T - 0.5));
    const y0 = Mfloor(f);
    const y1 = Mmin(ny - 1, y0 + 1);
    const wy = f - y0;
    for (let tx = 0; tx < nx; tx++) rowLevel[tx] = level[y0 * nx + tx] * (1 - wy) + level[y1 * nx + tx] * wy;
    for (let x = 0, i = y * W; x < W; x++, i++) {
      const L = rowLevel[ix0[x]] * (1 - wx[x]) + rowLevel[ix1[x]] * wx[x];
      const v = (data[i] * 255) / L;
      out[i] = v >= 255 ? 255 : Mround(v);
    }
  }
  return { width: W, height: H, data: out };
}

// ---------------------------------------------------------------- ruling lines

interface Seg {
  across: number;
  s: number;
  e: number;
}

/**
 * Runs along one axis where the darkness summed over three neighbouring scanlines reaches `thr`:
 * a thin grey line keeps its summed darkness wherever it crosses between pixel rows (its ink split
 * 186/174 falls under any single-pixel threshold, never under the sum). Gaps up to `gap` closed.
 */
function darkRuns(dark: Uint8Array, W: number, H: number, o: 'h' | 'v', minLen: number, gap: number, thr: number): Seg[] {
  if (o === 'v') return darkRunsVertical(dark, W, H, minLen, gap, thr);
  const nAcross = o === 'h' ? H : W;
  const nAlong = o === 'h' ? W : H;
  const stepAlong = o === 'h' ? 1 : W;
  const stepAcross = o === 'h' ? W : 1;
  const segs: Seg[] = [];
  for (let b = 1; b < nAcross - 1; b++) {
    let runStart = -1;
    let lastInk = -1;
    let idx = b * stepAcross;
    for (let a = 0; a <= nAlong; a++, idx += stepAlong) {
      const ink = a < nAlong && dark[idx - stepAcross] + dark[idx] + dark[idx + stepAcross] >= thr;
      if (!ink) continue;
      if (runStart < 0) runStart = a;
      else if (a - lastInk - 1 > gap) {
        if (lastInk - runStart + 1 >= minLen) segs.push({ across: b, s: runStart, e: lastInk });
        runStart = a;
      }
      lastInk = a;
    }
    if (runStart >= 0 && lastInk - runStart + 1 >= minLen) segs.push({ across: b, s: runStart, e: lastInk });
  }
  return segs;
}

/** darkRuns down the columns, scanned row by row (column-wise scanning misses the cache on every pixel). */
function darkRunsVertical(dark: Uint8Array, W: number, H: number, minLen: number, gap: number, thr: number): Seg[] {
  const segs: Seg[] = [];
  const runStart = new Int32Array(W).fill(-1);
  const lastInk = new Int32Array(W).fill(-1);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    for (let x = 1; x < W - 1; x++) {
      const i = row + x;
      if (dark[i - 1] + dark[i] + dark[i + 1] < thr) continue;
      if (runStart[x] < 0) runStart[x] = y;
      else if (y - lastInk[x] - 1 > gap) {
        if (lastInk[x] - runStart[x] + 1 >= minLen) segs.push({ across: x, s: runStart[x], e: lastInk[x] });
        runStart[x] = y;
      }
      lastInk[x] = y;
    }
  }
  for (let x = 1; x < W - 1; x++) if (runStart[x] >= 0 && lastInk[x] - runStart[x] + 1 >= minLen) segs.push({ across: x, s: runStart[x], e: lastInk[x] });
  return segs;
}

function mergeIntervals(iv: Array<[number, number]>, gap: number): Array<[number, number]> {
  iv.sort((p, q) => p[0] - q[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of iv) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + gap + 1) last[1] = Mmax(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** A straight stroke: runs on neighbouring scanlines, with its position and covered pieces. */
interface Stroke {
  o: 'h' | 'v';
  pos: number;
  pieces: Array<[number, number]>;
}

/**
 * Groups runs on neighbouring scanlines into strokes. Thickness counts only the scanlines that carry
 * most of the stroke's length, so text touching a line does not thicken it; a stroke thicker than
 * `maxThick` that way is a filled area, not a line.
 */
function groupRuns(segs: Seg[], o: 'h' | 'v', maxThick: number, gap: number): Stroke[] {
  segs.sort((p, q) => p.across - q.across || p.s - q.s);
  interface Acc { hi: number; s: number; e: number; iv: Array<[number, number]>; len: Map<number, number> }
  const open: Acc[] = [];
  const done: Acc[] = [];
  for (const sg of segs) {
    for (let i = open.length - 1; i >= 0; i--) if (sg.across - open[i].hi > 2) done.push(...open.splice(i, 1));
    const target = open.find((acc) => sg.s <= acc.e + gap && sg.e >= acc.s - gap);
    const len = sg.e - sg.s + 1;
    if (!target) {
      open.push({ hi: sg.across, s: sg.s, e: sg.e, iv: [[sg.s, sg.e]], len: new Map([[sg.across, len]]) });
      continue;
    }
    target.hi = Mmax(target.hi, sg.across);
    target.s = Mmin(target.s, sg.s);
    target.e = Mmax(target.e, sg.e);
    target.iv.push([sg.s, sg.e]);
    target.len.set(sg.across, (target.len.get(sg.across) ?? 0) + len);
  }
  done.push(...open);
  const strokes: Stroke[] = [];
  for (const acc of done) {
    let longest = 0;
    for (const l of acc.len.values()) longest = Mmax(longest, l);
    let sum = 0;
    let w = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const [b, l] of acc.len) {
      if (l < longest * 0.5) continue;
      sum += b * l;
      w += l;
      lo = Mmin(lo, b);
      hi = Mmax(hi, b);
    }
    if (hi - lo + 1 > maxThick) continue;
    strokes.push({ o, pos: sum / w, pieces: mergeIntervals(acc.iv, gap) });
  }
  return strokes;
}

/** The narrowest and the lowest cell a table has (points): a column holds a digit, a row a line of text. */
const MIN_CELL_W = 10;
const MIN_CELL_H = 8;
/** Lines at least this long (points) seed a table: no character has strokes that long. */
const SEED_LEN = 72;

/**
 * Keeps each line only over the span between the first and last accepted line crossing it, and only
 * lines that meet two: an edge must bound cells. Acceptance grows from long lines, so the strokes of
 * a character (which cross each other and may touch one border) never support each other; a run of
 * text starting at a border, an underline or a stroke of a seal meets one accepted line at most.
 * Works in points (lines as the shared builder takes them).
 */
export function keepBoundingLines(lines: readonly Line[]): Line[] {
  const seed = lines.map((l) => l.b - l.a >= SEED_LEN);
  const ok = [...seed];
  const crossings = (i: number): number[] => {
    const at: number[] = [];
    const x = lines[i];
    lines.forEach((y, j) => {
      if (ok[j] && y.o !== x.o && (x.o === 'h' ? crosses(x, y) : crosses(y, x))) at.push(y.pos);
    });
    return at;
  };
  const bounds = (i: number): boolean => {
    const x = lines[i];
    const at = crossings(i);
    if (at.length < 2 || Mmax(...at) - Mmin(...at) < (x.o === 'h' ? MIN_CELL_W : MIN_CELL_H)) return false;
    // A line bounding a single cell must be long or continue another line: the stem of a character
    // in a tight row spans the row from border to border, but a column's border runs on in other rows.
    if (at.length >= 3 || seed[i]) return true;
    return lines.some((y, j) => j !== i && ok[j] && y.o === x.o && Mabs(y.pos - x.pos) <= TOL && (y.b < x.a || y.a > x.b));
  };
  // Grow from the seeds, then let go of what (seeds included) does not bound cells after all.
  for (let changed = true; changed; ) {
    changed = false;
    lines.forEach((_, i) => {
      if (!ok[i] && bounds(i)) ok[i] = changed = true;
    });
  }
  for (let changed = true; changed; ) {
    changed = false;
    lines.forEach((_, i) => {
      if (ok[i] && !bounds(i)) {
        ok[i] = false;
        changed = true;
      }
    });
  }
  const out: Line[] = [];
  lines.forEach((l, i) => {
    if (!ok[i]) return;
    const at = crossings(i);
    out.push({ ...l, a: Mmin(...at), b: Mmax(...at) });
  });
  return runToImpliedBorders(out, lines.filter((_, i) => ok[i]));
}

/**
 * A table printed without (some of) its outer border: its inner rules run on past their last
 * crossing to where the missing border would be, and they all stop there. Where two or more kept
 * lines run on at least a cell's size to the same end, that end is the border (the shared builder
 * then closes the frame at the lines' extent) and the lines are kept to it. A single stroke running
 * on (text against a border, a rule of a heading touching the table) has no such partner, and ink
 * that runs on towards a printed border but stops short of it (strokes of one line of text, touching
 * two rules) ends inside a cell, not at a border.
 * `trimmed[i]` is `whole[i]` cut to its crossings.
 */
function runToImpliedBorders(trimmed: Line[], whole: readonly Line[]): Line[] {
  const ends: Array<{ i: number; side: 'a' | 'b'; at: number }> = [];
  // A printed border further out that the line would run into: it stops short of it, inside a cell.
  const printedBeyond = (l: Line, side: 'a' | 'b', at: number) =>
    trimmed.some((m) => m.o !== l.o && (side === 'a' ? m.pos < at : m.pos > at) && l.pos >= m.a - JOIN && l.pos <= m.b + JOIN);
  trimmed.forEach((l, i) => {
    const minCell = l.o === 'h' ? MIN_CELL_W : MIN_CELL_H;
    if (whole[i].a < l.a - minCell && !printedBeyond(l, 'a', whole[i].a)) ends.push({ i, side: 'a', at: whole[i].a });
    if (whole[i].b > l.b + minCell && !printedBeyond(l, 'b', whole[i].b)) ends.push({ i, side: 'b', at: whole[i].b });
  });
  const out = trimmed.map((l) => ({ ...l }));
  for (const e of ends) {
    if (ends.some((f) => f.i !== e.i && f.side === e.side && trimmed[f.i].o === trimmed[e.i].o && Mabs(f.at - e.at) <= JOIN)) out[e.i][e.side] = e.at;
  }
  return out;
}

/**
 * Fits a line on the darkness image: centre and slope by least squares on the darkness centroid
 * across the line, sampled along it, and its half thickness from the median darkness profile (where
 * it stays above a quarter of its peak), plus `halo` for the anti-aliased and JPEG-smeared edge.
 * Text printed against the line (right-aligned amounts beside a border) is darker than a thin grey
 * rule: samples carrying it are left out of the centroid fit, and the profile is a median along the
 * line, so the text neither shifts the line nor widens it into the digits it would then erase.
 */
function fitLine(dark: Uint8Array, W: number, H: number, l: Line, reach: number, halo: number): RulingLine {
  const horizontal = l.o === 'h';
  const nAcross = horizontal ? H : W;
  const at = (along: number, across: number) => (horizontal ? dark[across * W + along] : dark[along * W + across]);
  const mid = (l.a + l.b) / 2;
  const step = 3;
  const ts: number[] = [];
  const ds: number[] = [];
  const cs: number[] = [];
  for (let t = Mround(l.a); t <= Mround(l.b); t += step) {
    let d = 0;
    let c = 0;
    for (let k = Mmax(0, Mfloor(l.pos - reach)); k <= Mmin(nAcross - 1, Mceil(l.pos + reach)); k++) {
      const v = at(t, k);
      d += v;
      c += v * k;
    }
    if (d <= 0) continue;
    ts.push(t);
    ds.push(d);
    cs.push(c / d);
  }
  // A sample much darker than the line's typical one has text (or a crossing line) in it.
  const typical = median(ds);
  let sw = 0;
  let st = 0;
  let sc = 0;
  let stt = 0;
  let stc = 0;
  for (let i = 0; i < ts.length; i++) {
    const d = ds[i];
    if (d > typical * 1.5) continue;
    const x = ts[i] - mid;
    const y = cs[i];
    sw += d;
    st += d * x;
    sc += d * y;
    stt += d * x * x;
    stc += d * x * y;
  }
  let pos = l.pos;
  let slope = 0;
  if (sw > 0) {
    const mt = st / sw;
    const mc = sc / sw;
    const vt = stt / sw - mt * mt;
    slope = vt > 1 ? (stc / sw - mt * mc) / vt : 0;
    pos = mc - slope * mt;
    if (Mabs(slope) > 0.02) slope = 0; // not a straight line: keep the measured centre only
  }
  // Darkness profile across the fitted centre: per offset, the median along the line (from a
  // histogram of the byte values: lines are long, sorting each offset's samples is not needed).
  const R = Mceil(reach);
  const hist = new Uint32Array((2 * R + 1) * 256);
  let n = 0;
  for (let t = Mround(l.a); t <= Mround(l.b); t += step, n++) {
    const c = Mround(pos + slope * (t - mid));
    for (let k = -R; k <= R; k++) {
      const b = c + k;
      hist[(k + R) * 256 + (b >= 0 && b < nAcross ? at(t, b) : 0)]++;
    }
  }
  const profile: number[] = [];
  for (let k = 0; k <= 2 * R; k++) {
    let acc = 0;
    let v = 0;
    while (v < 255 && (acc += hist[k * 256 + v]) <= n >> 1) v++;
    profile.push(v);
  }
  const peak = Mmax(...profile);
  let half = 0;
  for (let k = 0; k <= R; k++) if (profile[R + k] >= peak * 0.25 || profile[R - k] >= peak * 0.25) half = k;
  let sum = 0;
  for (let k = R - half; k <= R + half; k++) sum += profile[k];
  return { orientation: l.o, pos, slope, start: l.a, end: l.b, half: half + 0.5 + halo, core: peak > 0 ? sum / peak / 2 : 0, profile };
}

/**
 * Whether a joined stroke is a printed rule: along its fitted centre its ink is solid, but for one or
 * two stretches where something covers it (a seal, a fold). Stems of characters in rows as tall as
 * the text (Calc's tight rows) reach from rule to rule and line up across rows, joining into a long
 * vertical "line"; but they wander by a pixel or two from row to row and stop short of each rule,
 * so their ink breaks again and again along it.
 */
function isPrintedRule(dark: Uint8Array, W: number, H: number, l: Line, reach: number, thr: number): boolean {
  const f = fitLine(dark, W, H, l, reach, 0);
  const horizontal = f.orientation === 'h';
  const at = (along: number, across: number) => (horizontal ? dark[across * W + along] : dark[along * W + across]);
  const nAcross = horizontal ? H : W;
  const mid = (f.start + f.end) / 2;
  let n = 0;
  let hit = 0;
  let gaps = 0;
  let miss = 0;
  for (let t = Mround(f.start); t <= Mround(f.end); t++, n++) {
    const p = Mround(f.pos + f.slope * (t - mid));
    if (p < 1 || p >= nAcross - 1) continue;
    if (at(t, p - 1) + at(t, p) + at(t, p + 1) < thr) {
      miss++;
      continue;
    }
    hit++;
    if (miss >= 2) gaps++;
    miss = 0;
  }
  return hit >= n * 0.9 || gaps < 3;
}

function median(v: readonly number[]): number {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

// ---------------------------------------------------------------- tables

interface TableLines {
  lines: Line[];
  table: TableGridPx;
}

/**
 * Ruling lines (in pixels) → tables through the shared ruled-grid builder, which works in points:
 * pixel lines are scaled by 72 / dpi into it and its lattice back out.
 */
function buildTables(lines: readonly Line[], dpi: number): TableLines[] {
  const k = dpi / 72;
  const toPt = (l: Line): Line => ({ o: l.o, pos: l.pos / k, a: l.a / k, b: l.b / k });
  const out: TableLines[] = [];
  for (const comp of ruledComponents(lines.map(toPt))) {
    const box = linesBox(comp.h, comp.v);
    // Crossing strokes of a large character, or a boxed note, are not a table.
    if ((box.x1 - box.x0) * k < dpi * 0.5 || (box.y1 - box.y0) * k < dpi * 0.15) continue;
    const lat = buildLattice(comp.h, comp.v, box);
    if (!lat) continue;
    const colEdges = lat.xs.map((x) => x * k);
    const rowEdges = lat.ys.map((y) => y * k);
    const cells: GridCellPx[] = lat.rects.map((r) => {
      const x0 = colEdges[r.c0];
      const x1 = colEdges[r.c1 + 1];
      const y0 = rowEdges[r.r0];
      const y1 = rowEdges[r.r1 + 1];
      return { row: r.r0, col: r.c0, rowSpan: r.r1 - r.r0 + 1, colSpan: r.c1 - r.c0 + 1, x0, y0, x1, y1, inner: { x0, y0, x1, y1 } };
    });
    cells.sort((p, q) => p.row - q.row || p.col - q.col);
    const bbox = { x0: colEdges[0], y0: rowEdges[0], x1: colEdges[lat.nCols], y1: rowEdges[lat.nRows] };
    const back = (l: Line): Line => ({ o: l.o, pos: l.pos * k, a: l.a * k, b: l.b * k });
    out.push({ lines: [...comp.h, ...comp.v].map(back), table: { rowEdges, colEdges, cells, bbox, lines: [] } });
  }
  return out.sort((a, b) => a.table.bbox.y0 - b.table.bbox.y0 || a.table.bbox.x0 - b.table.bbox.x0);
}

/**
 * Whitens each fitted line along its length (plus `reach` at both ends) over its thickness and halo,
 * but not the ink of glyphs touching or crossing it: beyond the pixels the line covers, a pixel
 * clearly darker than the line's median profile there is a glyph's stroke printed against the line
 * (a code set flush against its column's border: whitening it turns 0 into a 6-like curve); where
 * ink continues past the halo on both sides, a stroke crosses the line and its core is kept too (a
 * crossing rule is erased by its own pass).
 */
export function eraseLines(lines: readonly RulingLine[], gray: GrayImage, reach: number): void {
  const { width: W, height: H, data } = gray;
  // Ink of a stroke: clearly darker than the flattened paper (255).
  const INK = 150;
  // Darker than the line's own median there by this much: more than JPEG noise on a line's edge.
  const EXTRA = 64;
  for (const l of lines) {
    const horizontal = l.orientation === 'h';
    const nAlong = horizontal ? W : H;
    const nAcross = horizontal ? H : W;
    const idx = (t: number, b: number) => (horizontal ? b * W + t : t * W + b);
    const inkAt = (t: number, b: number) => b >= 0 && b < nAcross && data[idx(t, b)] <= INK;
    const R = l.profile.length >> 1;
    const mid = (l.start + l.end) / 2;
    for (let t = Mmax(0, Mfloor(l.start - reach)); t <= Mmin(nAlong - 1, Mceil(l.end + reach)); t++) {
      const c = l.pos + l.slope * (t - mid);
      const lo = Mfloor(c - l.half);
      const hi = Mceil(c + l.half);
      const crossed = inkAt(t, lo - 1) && inkAt(t, hi + 1);
      const rc = Mround(c);
      for (let b = Mmax(0, lo); b <= Mmin(nAcross - 1, hi); b++) {
        const i = idx(t, b);
        if (Mabs(b - c) > l.core) {
          const k = b - rc + R;
          const expected = k >= 0 && k < l.profile.length ? l.profile[k] : 0;
          if (data[i] <= INK && 255 - data[i] > expected + EXTRA) continue;
        } else if (crossed) continue;
        data[i] = 255;
      }
    }
  }
}

/**
 * Moves each cell's inner box off its four lines: the fitted line nearest each edge, its half
 * thickness (halo included) and a margin of `margin` pixels.
 */
function insetCells(table: TableGridPx, margin: number): void {
  for (const cell of table.cells) {
    cell.inner = {
      x0: cell.x0 + clearance(table, 'v', cell.x0, cell.y0, cell.y1, margin, false, 1),
      x1: cell.x1 - clearance(table, 'v', cell.x1, cell.y0, cell.y1, margin, false, -1),
      y0: cell.y0 + clearance(table, 'h', cell.y0, cell.x0, cell.x1, margin, false, 1),
      y1: cell.y1 - clearance(table, 'h', cell.y1, cell.x0, cell.x1, margin, false, -1),
    };
  }
}

/**
 * How far a cell edge at `pos` (over `a`..`b` along it) moves inwards (`inward`: +1 for a left or
 * top edge, −1 for a right or bottom one): past the fitted line nearest it, its half thickness with
 * halo and `margin`, or (`tight`) just past the line's own ink; `margin` without a line there. The
 * line is measured from where it was fitted, which may stand off the lattice's position (a skewed
 * or blurred rule): on the cell's far side the edge moves in less, on its near side more.
 */
function clearance(table: TableGridPx, o: 'h' | 'v', pos: number, a: number, b: number, margin: number, tight: boolean, inward: 1 | -1): number {
  let best: number | undefined;
  for (const l of table.lines) {
    if (l.orientation !== o || l.end < a || l.start > b) continue;
    const mid = (l.start + l.end) / 2;
    const c = l.pos + l.slope * ((Mmax(a, l.start) + Mmin(b, l.end)) / 2 - mid);
    if (Mabs(c - pos) > l.half + margin * 2) continue;
    const off = inward * (c - pos);
    const need = tight ? off + l.core + 1 : off + l.half + margin;
    best = best === undefined ? need : Mmax(best, need);
  }
  return best === undefined ? margin : Mmax(0, best);
}

/**
 * After erasure, text printed flush against a column's border (kept by eraseLines: codes set flush
 * left, amounts flush right) reaches across the inner box's left or right edge, or stands wholly
 * between that edge and the line (a blurred or bold rule is fitted thick, so its clearance is wide,
 * and the last digit of an amount set against it falls outside the box: 296,030.9 for 296,030.91).
 * Where such ink is found, the edge moves out to the line's own ink, so the glyph is read whole (a 0
 * cut at its left stroke reads 2 or 6). Ink in that strip shorter than the text beside it, off its
 * rows, or spanning most of the cell's height is what the erasure left of the line, not a glyph, and
 * does not count. Top and bottom stay: there the crossing ink is a glyph's blurred foot, and a band
 * grown by it reads worse.
 */
function reachTouchingInk(table: TableGridPx, bin: BinaryImage, margin: number, dpi: number): void {
  const { width: W, height: H, data } = bin;
  const crosses = (x: number, dir: number, y0: number, y1: number) => {
    const xi = dir < 0 ? Mceil(x) : Mfloor(x) - 1;
    if (xi - 1 < 0 || xi + 1 >= W) return false;
    for (let y = Mmax(0, Mceil(y0)); y < Mmin(H, Mfloor(y1)); y++) if (data[y * W + xi] && data[y * W + xi + dir]) return true;
    return false;
  };
  // The rows holding ink in the columns xa..xb (exclusive) of rows y0..y1, first to last.
  const inkRows = (xa: number, xb: number, y0: number, y1: number): [number, number] | undefined => {
    const a = Mmax(0, Mceil(xa));
    const b = Mmin(W, Mfloor(xb));
    let first = -1;
    let last = -1;
    for (let y = Mmax(0, Mceil(y0)); y < Mmin(H, Mfloor(y1)); y++) {
      for (let x = a; x < b; x++) {
        if (!data[y * W + x]) continue;
        if (first < 0) first = y;
        last = y;
        break;
      }
    }
    return first < 0 ? undefined : [first, last];
  };
  // A glyph in the strip xa..xb: ink as tall as most of the text inside the box and on its rows (a
  // speck of the rule left by the erasure is shorter, or stands elsewhere), short of the cell's height.
  const glyphIn = (xa: number, xb: number, r: GridCellPx['inner']) => {
    const strip = inkRows(xa, xb, r.y0, r.y1);
    if (!strip) return false;
    const text = inkRows(r.x0, r.x1, r.y0, r.y1);
    const span = strip[1] - strip[0] + 1;
    // (a cell whose only print stands in the strip: a glyph's height of ink)
    if (!text) return span >= dpi * 0.07 && span < 0.7 * (r.y1 - r.y0);
    const overlap = Mmin(strip[1], text[1]) - Mmax(strip[0], text[0]) + 1;
    return span >= Mmax(dpi * 0.04, 0.6 * (text[1] - text[0] + 1)) && overlap >= 0.8 * span && span < 0.7 * (r.y1 - r.y0);
  };
  for (const cell of table.cells) {
    const r = cell.inner;
    const left = cell.x0 + clearance(table, 'v', cell.x0, cell.y0, cell.y1, margin, true, 1);
    const right = cell.x1 - clearance(table, 'v', cell.x1, cell.y0, cell.y1, margin, true, -1);
    if (left < r.x0 && (crosses(r.x0, -1, r.y0, r.y1) || glyphIn(left, r.x0, r))) r.x0 = left;
    if (right > r.x1 && (crosses(r.x1, 1, r.y0, r.y1) || glyphIn(r.x1, right, r))) r.x1 = right;
  }
}

/**
 * Ruling lines of a straightened, paper-flattened page: long dark runs → strokes → pieces joined by
 * the shared builder's merge → kept where they bound cells.
 */
export function detectRulingLines(flat: GrayImage, dpi: number): Line[] {
  return findLines(darkness(flat), flat.width, flat.height, dpi).kept;
}

/** 255 − gray: ink as a positive quantity, so darkness can be summed across a line. */
function darkness(flat: GrayImage): Uint8Array {
  const dark = new Uint8Array(flat.width * flat.height);
  for (let i = 0; i < dark.length; i++) dark[i] = 255 - flat.data[i];
  return dark;
}

/** Lines kept as cell borders, and the long horizontal strokes that bound no cell (free rules). */
function findLines(dark: Uint8Array, W: number, H: number, dpi: number): { kept: Line[]; free: Line[] } {
  const minLen = Mmax(16, Mround(dpi * 0.15));
  const gap = Mmax(2, Mround(dpi / 60));
  const maxThick = Mmax(5, Mround(dpi * 0.045)) + 2;
  // Summed over three scanlines, a 0.5 pt #999 rule carries ~140 of darkness at 200 dpi; paper noise
  // and JPEG ringing stay far below 60.
  const thr = 60;
  const k = dpi / 72;
  const pieces: Line[] = [];
  for (const o of ['h', 'v'] as const) {
    for (const s of groupRuns(darkRuns(dark, W, H, o, minLen, gap, thr), o, maxThick, gap)) {
      for (const [a, b] of s.pieces) pieces.push({ o, pos: s.pos / k, a: a / k, b: b / k });
    }
  }
  const reach = Mmax(3, Mround(dpi * 0.03));
  const joined = [...mergeSegments(pieces, 'h'), ...mergeSegments(pieces, 'v')].filter((l) =>
    isPrintedRule(dark, W, H, { o: l.o, pos: l.pos * k, a: l.a * k, b: l.b * k }, reach, thr),
  );
  const kept = keepBoundingLines(joined);
  // A long horizontal stroke, less what bounds cells: a rule of its own (three-line tables), or where
  // a table's inner rule runs on past its last crossing line (no outer border), if that is long.
  const free: Line[] = [];
  for (const l of joined) {
    if (l.o !== 'h' || l.b - l.a < SEED_LEN) continue;
    let rest: Array<[number, number]> = [[l.a, l.b]];
    for (const m of kept) {
      if (m.o !== 'h' || Mabs(m.pos - l.pos) > TOL) continue;
      rest = rest.flatMap(([a, b]): Array<[number, number]> => {
        const parts: Array<[number, number]> = m.b <= a || m.a >= b ? [[a, b]] : [[a, m.a], [m.b, b]];
        return parts.filter(([p, q]) => q - p > 0);
      });
    }
    for (const [a, b] of rest) if (b - a >= (a === l.a && b === l.b ? SEED_LEN : 2 * MIN_CELL_W)) free.push({ ...l, a, b });
  }
  const toPx = (l: Line): Line => ({ o: l.o, pos: l.pos * k, a: l.a * k, b: l.b * k });
  return { kept: kept.map(toPx), free: free.map(toPx) };
}

/** The whole pipeline: flatten, deskew, find lines and tables, fit and erase the lines, binarise. */
export function detectGrids(img: GrayImage, opts: GridOptions): GridDetection {
  const { dpi } = opts;
  let flat = opts.flattened?.flat ?? flattenToPaper(img, dpi);
  let angle = 0;
  if (!opts.noDeskew) {
    angle = opts.flattened?.angle ?? gridSkew(flat, dpi, opts.maxSkew);
    if (Mabs(angle) >= 0.02) flat = rotateGray(flat, -angle);
  }
  const { width: W, height: H } = flat;
  const dark = darkness(flat);
  const { kept: lines, free } = findLines(dark, W, H, dpi);
  const halo = Mmax(1, Mround(dpi / 150));
  const reach = Mmax(3, Mround(dpi * 0.03));
  const found = buildTables(lines, dpi);
  const clean: GrayImage = { width: W, height: H, data: new Uint8Array(flat.data) };
  const tableLines: RulingLine[] = [];
  const margin = Mmax(1, Mround(dpi / 100));
  for (const t of found) {
    t.table.lines = t.lines.map((l) => fitLine(dark, W, H, l, reach, halo));
    insetCells(t.table, margin);
    tableLines.push(...t.table.lines);
  }
  const rules = free.map((l) => fitLine(dark, W, H, l, reach, halo));
  // Free rules are erased where the column model reads the page (no ruled table on it).
  eraseLines(found.length ? tableLines : [...tableLines, ...rules], clean, reach);
  const bin = binarize(clean);
  const speck = Mmax(1, Mround(dpi / 100));
  // Specks are dropped from the binary image only (it decides where text is); the gray image keeps
  // them, since at small sizes a decimal point is no bigger than a speck.
  despeckle(bin, speck * speck * 2, speck + 1);
  for (const t of found) reachTouchingInk(t.table, bin, margin, dpi);
  return { angle, clean, binary: bin, tables: found.map((t) => t.table), lines: tableLines, rules };
}
