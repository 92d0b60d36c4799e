/**
 * Ruling segments + glyphs → ruled grids.
 *
 * 1. Merge collinear pieces (cells are often drawn edge by edge) into lines.
 * 2. Connected components of crossing horizontal/vertical lines = one table each.
 * 3. Close a frame that is missing on a side: from the other lines' extent, and on the left/right
 *    from text sitting just outside the outermost vertical rule.
 * 4. Lattice of row/column boundaries; a slot boundary that no rule covers means a spanning cell.
 * 5. Every glyph whose centre falls in the grid goes to its cell (so items that cross cells are
 *    split there); a cell's glyphs become lines top to bottom.
 */
import type { LayoutCell, LayoutGrid } from '../layout.js';
import { type Box, DisjointSet, type Glyph, intervalIndex, roundBox, type Segment } from './geometry.js';
import { buildLines } from './lines.js';

/** Positions closer than this are the same rule (points). */
const TOL = 2;
/** Collinear pieces whose ends are this close are one line. */
const JOIN = 3;
/** Lines shorter than this after merging are noise (tick marks, glyph-like art). */
const MIN_LINE = 4;
/** How far outside the frame text may sit and still be taken as part of the table (points). */
const TEXT_REACH = 36;

export interface Line {
  o: 'h' | 'v';
  pos: number;
  a: number;
  b: number;
}

/** Clusters pieces by position and joins overlapping/touching ones into lines. */
export function mergeSegments(segs: readonly Segment[], o: 'h' | 'v'): Line[] {
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

function crosses(h: Line, v: Line): boolean {
  return v.pos >= h.a - JOIN && v.pos <= h.b + JOIN && h.pos >= v.a - JOIN && h.pos <= v.b + JOIN;
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

const cx = (g: Glyph) => (g.x0 + g.x1) / 2;
const cy = (g: Glyph) => (g.y0 + g.y1) / 2;

export interface RuledGrid {
  grid: LayoutGrid;
  box: Box;
}

/**
 * Extends the table's left/right edge over text that sits just outside it, within its rows
 * (tables printed without an outer frame).
 */
function closeFrameWithText(box: Box, glyphs: readonly Glyph[], used: ReadonlySet<Glyph>): Box {
  const inRows = glyphs.filter((g) => !used.has(g) && cy(g) > box.y0 + 1 && cy(g) < box.y1 - 1);
  let { x0, x1 } = box;
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of inRows) {
      if (g.x0 < x0 - 0.5 && g.x1 > x0 - TEXT_REACH && cx(g) < x0) {
        x0 = g.x0 - 1;
        changed = true;
      }
      if (g.x1 > x1 + 0.5 && g.x0 < x1 + TEXT_REACH && cx(g) > x1) {
        x1 = g.x1 + 1;
        changed = true;
      }
    }
  }
  return { ...box, x0, x1 };
}

/** Builds the grids of one page; glyphs placed in a grid are added to `used`. */
export function buildRuledGrids(
  segments: readonly Segment[],
  glyphs: readonly Glyph[],
  page: number,
  used: Set<Glyph>,
): RuledGrid[] {
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
  const comps = new Map<number, { h: Line[]; v: Line[] }>();
  for (let i = 0; i < n; i++) {
    const r = ds.find(i);
    let c = comps.get(r);
    if (!c) comps.set(r, (c = { h: [], v: [] }));
    if (i < hs.length) c.h.push(hs[i]);
    else c.v.push(vs[i - hs.length]);
  }
  const out: RuledGrid[] = [];
  const ordered = [...comps.values()]
    .filter((c) => c.h.length && c.v.length)
    .map((c) => ({ ...c, top: Math.min(...c.h.map((l) => l.pos), ...c.v.map((l) => l.a)) }))
    .sort((p, q) => p.top - q.top);
  for (const comp of ordered) {
    const built = buildOne(comp.h, comp.v, glyphs, page, used);
    if (built) out.push(built);
  }
  return out;
}

function buildOne(h: Line[], v: Line[], glyphs: readonly Glyph[], page: number, used: Set<Glyph>): RuledGrid | null {
  let box: Box = {
    x0: Math.min(...h.map((l) => l.a), ...v.map((l) => l.pos)),
    x1: Math.max(...h.map((l) => l.b), ...v.map((l) => l.pos)),
    y0: Math.min(...v.map((l) => l.a), ...h.map((l) => l.pos)),
    y1: Math.max(...v.map((l) => l.b), ...h.map((l) => l.pos)),
  };
  const ruledBox = box;
  box = closeFrameWithText(box, glyphs, used);
  // Rows carry on into a column that only text delimits: extend the rules touching the old edge.
  if (box.x0 < ruledBox.x0 - TOL || box.x1 > ruledBox.x1 + TOL) {
    h = h.map((l) => ({
      ...l,
      a: l.a <= ruledBox.x0 + JOIN ? Math.min(l.a, box.x0) : l.a,
      b: l.b >= ruledBox.x1 - JOIN ? Math.max(l.b, box.x1) : l.b,
    }));
  }
  // Frame edges that no rule draws become virtual boundaries (outer edges never split cells).
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
  const regions = new Map<number, { r0: number; r1: number; c0: number; c1: number; count: number }>();
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
  const rects: { r0: number; r1: number; c0: number; c1: number }[] = [];
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
  // Glyphs → cells.
  const cellGlyphs: Glyph[][] = rects.map(() => []);
  for (const g of glyphs) {
    if (used.has(g)) continue;
    const x = cx(g);
    const y = cy(g);
    if (x < box.x0 || x > box.x1 || y < box.y0 || y > box.y1) continue;
    const r = intervalIndex(ys, y);
    const c = intervalIndex(xs, x);
    if (r < 0 || c < 0) continue;
    cellGlyphs[owner[slot(r, c)]].push(g);
    used.add(g);
  }
  const cells: LayoutCell[] = rects.map((rc, k) => ({
    page,
    bbox: roundBox({ x0: xs[rc.c0], y0: ys[rc.r0], x1: xs[rc.c1 + 1], y1: ys[rc.r1 + 1] }),
    row: rc.r0,
    col: rc.c0,
    rowSpan: rc.r1 - rc.r0 + 1,
    colSpan: rc.c1 - rc.c0 + 1,
    lines: buildLines(cellGlyphs[k])
      .map((l) => l.text.trim())
      .filter((t) => t.length > 0),
    source: 'text',
  }));
  cells.sort((p, q) => p.row - q.row || p.col - q.col);
  const outBox = { x0: xs[0], y0: ys[0], x1: xs[nCols], y1: ys[nRows] };
  return {
    box: outBox,
    grid: { kind: 'grid', page, bbox: roundBox(outBox), nRows, nCols, cells, ruled: true },
  };
}
