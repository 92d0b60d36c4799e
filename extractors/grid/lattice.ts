/**
 * The one ruled-grid builder, shared by the born-digital reader (PDF ruling segments, in points) and
 * OCR (ruling lines fitted on the image, scaled from pixels to points first):
 *
 * 1. collinear pieces are merged into lines (cells are often drawn edge by edge);
 * 2. connected components of crossing horizontal/vertical lines = one table each;
 * 3. the lattice of row/column boundaries of a table; a slot boundary that no rule covers means a
 *    spanning cell; spanning regions become rectangles.
 *
 * What a reader adds around it (glyphs into cells, frame closing from text, crops on the image) stays
 * with the reader.
 */
import { type Box, DisjointSet } from '../pdf/geometry.js';

/** Positions closer than this are the same rule (points). */
export const TOL = 2;
/** Collinear pieces whose ends are this close are one line (points). */
export const JOIN = 3;
/** Lines shorter than this after merging are noise (tick marks, glyph-like art). */
const MIN_LINE = 4;

/** A ruling line (or a piece of one): horizontal at y = pos from x = a to b, or vertical at x = pos from y = a to b. */
export interface Line {
  o: 'h' | 'v';
  pos: number;
  a: number;
  b: number;
}

/** Clusters pieces by position and joins overlapping/touching ones into lines. */
export function mergeSegments(segs: readonly Line[], o: 'h' | 'v'): Line[] {
  const list = segs.filter((s) => s.o === o).sort((p, q) => p.pos - q.pos);
  const out: Line[] = [];
  let i = 0;
  while (i < list.length) {
    let j = i + 1;
    let sum = list[i].pos;
    while (j < list.length && list[j].pos - list[j - 1].pos <= TOL / 2 && list[j].pos - list[i].pos <= TOL) {
      sum += list[j].pos;
      j++;
    }
    const pos = sum / (j - i);
    const group = list.slice(i, j).sort((p, q) => p.a - q.a);
    let cur: Line = { o, pos, a: group[0].a, b: group[0].b };
    for (let k = 1; k < group.length; k++) {
      const s = group[k];
      if (s.a <= cur.b + JOIN) cur.b = Math.max(cur.b, s.b);
      else {
        out.push(cur);
        cur = { o, pos, a: s.a, b: s.b };
      }
    }
    out.push(cur);
    i = j;
  }
  return out.filter((l) => l.b - l.a >= MIN_LINE);
}

export function crosses(h: Line, v: Line): boolean {
  return v.pos >= h.a - JOIN && v.pos <= h.b + JOIN && h.pos >= v.a - JOIN && h.pos <= v.b + JOIN;
}

/** One table's lines: a connected component of crossing lines. */
export interface LineComponent {
  h: Line[];
  v: Line[];
}

/** Merges the pieces and groups crossing lines into tables, top to bottom. */
export function ruledComponents(segments: readonly Line[]): LineComponent[] {
  const hs = mergeSegments(segments, 'h');
  const vs = mergeSegments(segments, 'v');
  if (!hs.length || !vs.length) return [];
  const n = hs.length + vs.length;
  const ds = new DisjointSet(n);
  // Sweep: sort verticals by x so each horizontal only checks the verticals inside its span.
  const vOrder = vs.map((v, i) => i).sort((p, q) => vs[p].pos - vs[q].pos);
  const vPos = vOrder.map((i) => vs[i].pos);
  hs.forEach((h, hi) => {
    let k = 0;
    while (k < vPos.length && vPos[k] < h.a - JOIN) k++;
    for (; k < vPos.length && vPos[k] <= h.b + JOIN; k++) {
      const vi = vOrder[k];
      if (crosses(h, vs[vi])) ds.union(hi, hs.length + vi);
    }
  });
  const comps = new Map<number, LineComponent>();
  for (let i = 0; i < n; i++) {
    const r = ds.find(i);
    let c = comps.get(r);
    if (!c) comps.set(r, (c = { h: [], v: [] }));
    if (i < hs.length) c.h.push(hs[i]);
    else c.v.push(vs[i - hs.length]);
  }
  return [...comps.values()]
    .filter((c) => c.h.length && c.v.length)
    .map((c) => ({ c, top: Math.min(...c.h.map((l) => l.pos), ...c.v.map((l) => l.a)) }))
    .sort((p, q) => p.top - q.top)
    .map((x) => x.c);
}

/** The box the lines of a table span. */
export function linesBox(h: readonly Line[], v: readonly Line[]): Box {
  return {
    x0: Math.min(...h.map((l) => l.a), ...v.map((l) => l.pos)),
    x1: Math.max(...h.map((l) => l.b), ...v.map((l) => l.pos)),
    y0: Math.min(...v.map((l) => l.a), ...h.map((l) => l.pos)),
    y1: Math.max(...v.map((l) => l.b), ...h.map((l) => l.pos)),
  };
}

/** Sorted positions with near-equal ones merged. */
function clusterPositions(values: number[]): number[] {
  const v = [...values].sort((p, q) => p - q);
  const out: number[] = [];
  let start = 0;
  for (let i = 1; i <= v.length; i++) {
    if (i === v.length || v[i] - v[i - 1] > TOL) {
      const group = v.slice(start, i);
      out.push(group.reduce((s, x) => s + x, 0) / group.length);
      start = i;
    }
  }
  return out;
}

function nearestIndex(sorted: readonly number[], v: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < sorted.length; i++) {
    const d = Math.abs(sorted[i] - v);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return bestD <= TOL * 1.5 ? best : -1;
}

/** A cell of the lattice: slots r0..r1 × c0..c1 (inclusive). */
export interface LatticeRect {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export interface Lattice {
  /** column boundaries, left to right (nCols + 1) */
  xs: number[];
  /** row boundaries, top to bottom (nRows + 1) */
  ys: number[];
  nRows: number;
  nCols: number;
  rects: LatticeRect[];
  /** slot (r * nCols + c) → index into rects */
  owner: Int32Array;
}

/**
 * Row/column boundaries of one table within `box` (frame edges that no rule draws become virtual
 * boundaries; outer edges never split cells) and its cells, spanning where no rule covers a slot
 * boundary. Null when there is no room for a table.
 */
export function buildLattice(h: readonly Line[], v: readonly Line[], box: Box): Lattice | null {
  const xs = clusterPositions([...v.map((l) => l.pos), box.x0, box.x1]);
  const ys = clusterPositions([...h.map((l) => l.pos), box.y0, box.y1]);
  const nCols = xs.length - 1;
  const nRows = ys.length - 1;
  if (nCols < 1 || nRows < 1 || nCols * nRows < 2) return null;
  if (box.x1 - box.x0 < 10 || box.y1 - box.y0 < 5) return null;

  // Index rules by the boundary they sit on.
  const vAt: Line[][] = xs.map(() => []);
  for (const l of v) {
    const j = nearestIndex(xs, l.pos);
    if (j >= 0) vAt[j].push(l);
  }
  const hAt: Line[][] = ys.map(() => []);
  for (const l of h) {
    const i = nearestIndex(ys, l.pos);
    if (i >= 0) hAt[i].push(l);
  }
  const covers = (lines: Line[], lo: number, hi: number) => {
    const mid = (lo + hi) / 2;
    const reach = Math.min(JOIN, (hi - lo) / 4);
    return lines.some((l) => l.a - reach <= mid && l.b + reach >= mid);
  };

  const slot = (r: number, c: number) => r * nCols + c;
  const ds = new DisjointSet(nRows * nCols);
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (c + 1 < nCols && !covers(vAt[c + 1], ys[r], ys[r + 1])) ds.union(slot(r, c), slot(r, c + 1));
      if (r + 1 < nRows && !covers(hAt[r + 1], xs[c], xs[c + 1])) ds.union(slot(r, c), slot(r + 1, c));
    }
  }
  // Regions → rectangles. A region that is not a rectangle (inconsistent rules) is kept as single slots.
  const regions = new Map<number, LatticeRect & { count: number }>();
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const root = ds.find(slot(r, c));
      const g = regions.get(root);
      if (!g) regions.set(root, { r0: r, r1: r, c0: c, c1: c, count: 1 });
      else {
        g.r0 = Math.min(g.r0, r);
        g.r1 = Math.max(g.r1, r);
        g.c0 = Math.min(g.c0, c);
        g.c1 = Math.max(g.c1, c);
        g.count++;
      }
    }
  }
  const owner = new Int32Array(nRows * nCols);
  const rects: LatticeRect[] = [];
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const g = regions.get(ds.find(slot(r, c)))!;
      const rectangular = g.count === (g.r1 - g.r0 + 1) * (g.c1 - g.c0 + 1);
      if (!rectangular) {
        owner[slot(r, c)] = rects.length;
        rects.push({ r0: r, r1: r, c0: c, c1: c });
      } else if (g.r0 === r && g.c0 === c) {
        for (let rr = g.r0; rr <= g.r1; rr++) for (let cc = g.c0; cc <= g.c1; cc++) owner[slot(rr, cc)] = rects.length;
        rects.push({ r0: g.r0, r1: g.r1, c0: g.c0, c1: g.c1 });
      }
    }
  }
  return { xs, ys, nRows, nCols, rects, owner };
}
