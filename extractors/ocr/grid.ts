/**
 * Finds ruled table grids on a rendered page image, in plain TypeScript on typed arrays.
 *
 * Steps: Otsu binarisation → skew estimate from long horizontal runs (±1.5°) → deskew → ruling-line
 * detection (long runs with small gaps closed, tolerant of 1 px wobble and speckle) → lines that
 * cross each other are grouped into tables (several per page) → row/column boundaries are
 * clustered → a cell whose internal border is mostly missing is merged with its neighbour
 * (spanning cells) → line pixels are erased so the cells can be OCR'd cleanly.
 */
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

/** A ruling line in (deskewed) pixel coordinates. */
export interface RulingLine {
  orientation: 'h' | 'v';
  /** Centre position across the line (y for horizontal, x for vertical). */
  pos: number;
  /** Extent along the line. */
  start: number;
  end: number;
  /** Thickness range across the line (inclusive). */
  lo: number;
  hi: number;
  /** Covered intervals along the line, sorted, merged (gaps mean the line is broken there). */
  cover: Array<[number, number]>;
}

export interface GridCellPx {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
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
  /** The deskewed grayscale image, with ruling lines and specks erased. */
  clean: GrayImage;
  /** The deskewed binary image (lines and specks erased too). */
  binary: BinaryImage;
  tables: TableGridPx[];
  /** Ruling lines of the tables found (other long strokes are left alone). */
  lines: RulingLine[];
}

export interface GridOptions {
  dpi: number;
  /** Largest skew searched, degrees. */
  maxSkew?: number;
  /** Skip deskewing (born-digital renders). */
  noDeskew?: boolean;
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

// ---------------------------------------------------------------- ruling lines

interface Seg {
  across: number;
  s: number;
  e: number;
}

/**
 * Long runs along one axis. `get(a, b)` reads pixel at (along = a, across = b). Two neighbouring
 * scanlines are OR-ed so a line that wobbles by a pixel stays one run; gaps up to `gap` are closed.
 */
function longRuns(nAcross: number, nAlong: number, get: (along: number, across: number) => number, minLen: number, gap: number): Seg[] {
  const segs: Seg[] = [];
  for (let b = 0; b < nAcross; b++) {
    let runStart = -1;
    let lastInk = -1;
    for (let a = 0; a <= nAlong; a++) {
      const ink = a < nAlong && (get(a, b) || (b + 1 < nAcross && get(a, b + 1)));
      if (ink) {
        if (runStart < 0) runStart = a;
        else if (a - lastInk - 1 > gap) {
          if (lastInk - runStart + 1 >= minLen) segs.push({ across: b, s: runStart, e: lastInk });
          runStart = a;
        }
        lastInk = a;
      }
    }
    if (runStart >= 0 && lastInk - runStart + 1 >= minLen) segs.push({ across: b, s: runStart, e: lastInk });
  }
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

/** Groups runs on neighbouring scanlines into ruling lines. */
function groupSegments(segs: Seg[], orientation: 'h' | 'v', maxThick: number, gap: number): RulingLine[] {
  segs.sort((p, q) => p.across - q.across || p.s - q.s);
  interface Acc { lo: number; hi: number; sum: number; w: number; iv: Array<[number, number]>; s: number; e: number }
  const open: Acc[] = [];
  const done: Acc[] = [];
  for (const sg of segs) {
    // Close lines that are too far above.
    for (let i = open.length - 1; i >= 0; i--) {
      if (sg.across - open[i].hi > 2) done.push(...open.splice(i, 1));
    }
    let target: Acc | undefined;
    for (const acc of open) {
      if (sg.s <= acc.e + gap && sg.e >= acc.s - gap) {
        target = acc;
        break;
      }
    }
    const len = sg.e - sg.s + 1;
    if (!target) {
      open.push({ lo: sg.across, hi: sg.across + 1, sum: (sg.across + 0.5) * len, w: len, iv: [[sg.s, sg.e]], s: sg.s, e: sg.e });
    } else {
      target.hi = Mmax(target.hi, sg.across + 1);
      target.sum += (sg.across + 0.5) * len;
      target.w += len;
      target.iv.push([sg.s, sg.e]);
      target.s = Mmin(target.s, sg.s);
      target.e = Mmax(target.e, sg.e);
    }
  }
  done.push(...open);
  const lines: RulingLine[] = [];
  for (const acc of done) {
    if (acc.hi - acc.lo + 1 > maxThick) continue; // a filled area, not a line
    const cover = mergeIntervals(acc.iv, gap);
    lines.push({ orientation, pos: acc.sum / acc.w, start: acc.s, end: acc.e, lo: acc.lo, hi: acc.hi, cover });
  }
  return lines;
}

export function detectRulingLines(bin: BinaryImage, dpi: number): RulingLine[] {
  const { width: W, height: H, data } = bin;
  const minLen = Mmax(20, Mround(dpi * 0.22));
  const gap = Mmax(2, Mround(dpi / 60));
  const maxThick = Mmax(5, Mround(dpi * 0.045));
  const hSegs = longRuns(H, W, (a, b) => data[b * W + a], minLen, gap);
  const vSegs = longRuns(W, H, (a, b) => data[a * W + b], minLen, gap);
  return [...groupSegments(hSegs, 'h', maxThick, gap), ...groupSegments(vSegs, 'v', maxThick, gap)];
}

// ---------------------------------------------------------------- tables

function coverage(lines: RulingLine[], pos: number, tol: number, a: number, b: number): number {
  if (b <= a) return 1;
  const iv: Array<[number, number]> = [];
  for (const l of lines) {
    if (Mabs(l.pos - pos) > tol) continue;
    for (const [s, e] of l.cover) {
      const lo = Mmax(s, a);
      const hi = Mmin(e, b);
      if (hi > lo) iv.push([lo, hi]);
    }
  }
  let covered = 0;
  for (const [s, e] of mergeIntervals(iv, 0)) covered += e - s;
  return covered / (b - a);
}

function cluster(values: number[], tol: number): number[] {
  const v = [...values].sort((p, q) => p - q);
  const out: number[][] = [];
  for (const x of v) {
    const last = out[out.length - 1];
    if (last && x - last[last.length - 1] <= tol) last.push(x);
    else out.push([x]);
  }
  return out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
}

/** Groups crossing lines into tables and derives rows, columns and spanning cells. */
export function buildTables(lines: RulingLine[], dpi: number): TableGridPx[] {
  const tol = Mmax(4, Mround(dpi * 0.03));
  const hs = lines.filter((l) => l.orientation === 'h');
  const vs = lines.filter((l) => l.orientation === 'v');
  const all = [...hs, ...vs];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const crosses = new Uint8Array(all.length);
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i];
    for (let j = 0; j < vs.length; j++) {
      const v = vs[j];
      if (v.pos >= h.start - tol && v.pos <= h.end + tol && h.pos >= v.start - tol && h.pos <= v.end + tol) {
        parent[find(i)] = find(hs.length + j);
        crosses[i] = 1;
        crosses[hs.length + j] = 1;
      }
    }
  }
  const groups = new Map<number, RulingLine[]>();
  all.forEach((l, i) => {
    if (!crosses[i]) return;
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(l);
  });
  const tables: TableGridPx[] = [];
  for (const group of groups.values()) {
    const gh = group.filter((l) => l.orientation === 'h');
    const gv = group.filter((l) => l.orientation === 'v');
    if (gh.length < 2 || gv.length < 2) continue;
    const rowEdges = cluster(gh.map((l) => l.pos), tol);
    const colEdges = cluster(gv.map((l) => l.pos), tol);
    if (rowEdges.length < 2 || colEdges.length < 2) continue;
    // Crossing strokes of a large character are not a table.
    if (colEdges[colEdges.length - 1] - colEdges[0] < dpi * 0.5 || rowEdges[rowEdges.length - 1] - rowEdges[0] < dpi * 0.15) continue;
    const nR = rowEdges.length - 1;
    const nC = colEdges.length - 1;
    // Border presence between neighbouring slots.
    const slot = (r: number, c: number) => r * nC + c;
    const par = Array.from({ length: nR * nC }, (_, i) => i);
    const f = (i: number): number => {
      while (par[i] !== i) i = par[i] = par[par[i]];
      return i;
    };
    const margin = tol;
    for (let r = 0; r < nR; r++) {
      for (let c = 0; c < nC; c++) {
        if (c + 1 < nC) {
          const cov = coverage(gv, colEdges[c + 1], tol, rowEdges[r] + margin, rowEdges[r + 1] - margin);
          if (cov < 0.5) par[f(slot(r, c + 1))] = f(slot(r, c));
        }
        if (r + 1 < nR) {
          const cov = coverage(gh, rowEdges[r + 1], tol, colEdges[c] + margin, colEdges[c + 1] - margin);
          if (cov < 0.5) par[f(slot(r + 1, c))] = f(slot(r, c));
        }
      }
    }
    const spans = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
    for (let r = 0; r < nR; r++) {
      for (let c = 0; c < nC; c++) {
        const root = f(slot(r, c));
        const s = spans.get(root);
        if (!s) spans.set(root, { r0: r, r1: r, c0: c, c1: c });
        else {
          s.r0 = Mmin(s.r0, r);
          s.r1 = Mmax(s.r1, r);
          s.c0 = Mmin(s.c0, c);
          s.c1 = Mmax(s.c1, c);
        }
      }
    }
    const covered = new Uint8Array(nR * nC);
    const cells: GridCellPx[] = [];
    const ordered = [...spans.values()].sort((p, q) => p.r0 - q.r0 || p.c0 - q.c0);
    for (const s of ordered) {
      if (covered[slot(s.r0, s.c0)]) continue;
      for (let r = s.r0; r <= s.r1; r++) for (let c = s.c0; c <= s.c1; c++) covered[slot(r, c)] = 1;
      cells.push({
        row: s.r0,
        col: s.c0,
        rowSpan: s.r1 - s.r0 + 1,
        colSpan: s.c1 - s.c0 + 1,
        x0: colEdges[s.c0],
        y0: rowEdges[s.r0],
        x1: colEdges[s.c1 + 1],
        y1: rowEdges[s.r1 + 1],
      });
    }
    tables.push({
      lines: group,
      rowEdges,
      colEdges,
      cells,
      bbox: { x0: colEdges[0], y0: rowEdges[0], x1: colEdges[nC], y1: rowEdges[nR] },
    });
  }
  tables.sort((a, b) => a.bbox.y0 - b.bbox.y0 || a.bbox.x0 - b.bbox.x0);
  return tables;
}

/** Whitens ruling-line pixels (with a one-pixel halo) in the gray and binary images. */
export function eraseLines(lines: RulingLine[], gray: GrayImage, bin: BinaryImage): void {
  const { width: W, height: H } = gray;
  for (const l of lines) {
    for (const [s, e] of l.cover) {
      for (let a = Mmax(0, s - 1); a <= Mmin((l.orientation === 'h' ? W : H) - 1, e + 1); a++) {
        for (let b = Mmax(0, l.lo - 1); b <= Mmin((l.orientation === 'h' ? H : W) - 1, l.hi + 1); b++) {
          const i = l.orientation === 'h' ? b * W + a : a * W + b;
          gray.data[i] = 255;
          bin.data[i] = 0;
        }
      }
    }
  }
}

/** The whole pipeline: binarise, deskew, find lines and tables, erase lines and specks. */
export function detectGrids(img: GrayImage, opts: GridOptions): GridDetection {
  const { dpi } = opts;
  let bin = binarize(img);
  let angle = 0;
  let straight: GrayImage = img;
  if (!opts.noDeskew) {
    angle = estimateSkew(bin, dpi, opts.maxSkew ?? 1.5);
    if (Mabs(angle) >= 0.02) {
      straight = rotateGray(img, -angle);
      bin = binarize(straight);
    }
  }
  const clean: GrayImage = { width: straight.width, height: straight.height, data: new Uint8Array(straight.data) };
  const speck = Mmax(1, Mround(dpi / 100));
  // Specks are dropped from the binary image only (it decides where text is); the gray image keeps
  // them, since at small sizes a decimal point is no bigger than a speck.
  despeckle(bin, speck * speck * 2, speck + 1);
  const lines = detectRulingLines(bin, dpi);
  const tables = buildTables(lines, dpi);
  const tableLines = tables.flatMap((t) => t.lines);
  eraseLines(tableLines, clean, bin);
  return { angle, clean, binary: bin, tables, lines: tableLines };
}
