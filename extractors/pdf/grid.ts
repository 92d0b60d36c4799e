/**
 * Ruling segments + glyphs → ruled grids.
 *
 * 1. Lines and tables (connected crossing lines) by the shared ruled-grid builder (../grid/lattice.ts).
 * 2. Close a frame that is missing on a side: from the other lines' extent, and on the left/right
 *    from text sitting just outside the outermost vertical rule.
 * 3. The builder's lattice of rows, columns and spanning cells.
 * 4. Every glyph whose centre falls in the grid goes to its cell (so items that cross cells are
 *    split there); a cell's glyphs become lines top to bottom. A wrapped line that overflows its row
 *    into the next one goes back to its own cell.
 */
import type { LayoutCell, LayoutGrid } from '../layout.js';
import { buildLattice, JOIN, type Line, linesBox, ruledComponents, TOL } from '../grid/lattice.js';
import { type Box, type Glyph, intervalIndex, roundBox, type Segment } from './geometry.js';
import { buildLines, type TextLine } from './lines.js';

/** How far outside the frame text may sit and still be taken as part of the table (points). */
const TEXT_REACH = 36;

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
  const out: RuledGrid[] = [];
  for (const comp of ruledComponents(segments)) {
    const built = buildOne(comp.h, comp.v, glyphs, page, used);
    if (built) out.push(built);
  }
  return out;
}

function buildOne(h: Line[], v: Line[], glyphs: readonly Glyph[], page: number, used: Set<Glyph>): RuledGrid | null {
  let box: Box = linesBox(h, v);
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
  const lattice = buildLattice(h, v, box);
  if (!lattice) return null;
  const { xs, ys, nRows, nCols, rects, owner } = lattice;
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
    cellGlyphs[owner[r * nCols + c]].push(g);
    used.add(g);
  }
  reclaimOverflow(cellGlyphs, rects, owner, ys, nCols);
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

type Rect = { r0: number; r1: number; c0: number; c1: number };

/**
 * A spreadsheet prints a wrapped label in a row too short for it, centred, so that its last line
 * overflows the row's bottom rule (or its first line the top rule): that line's centre falls in the
 * next row's cell, where it collides with that cell's own line (two lines of one cell never overlap).
 * A cell's first line that crosses its top rule and overlaps the line under it goes back to the cell
 * above (the same columns, holding text); a last line crossing the bottom rule likewise to the cell below.
 */
function reclaimOverflow(cellGlyphs: Glyph[][], rects: readonly Rect[], owner: ArrayLike<number>, ys: readonly number[], nCols: number): void {
  const across = (k: number, r: number): number => {
    if (r < 0 || r >= ys.length - 1) return -1;
    const o = owner[r * nCols + rects[k].c0];
    const rc = rects[o];
    return rc.c0 === rects[k].c0 && rc.c1 === rects[k].c1 && cellGlyphs[o].length > 0 ? o : -1;
  };
  const moves: { from: number; to: number; glyphs: Glyph[] }[] = [];
  rects.forEach((rc, k) => {
    const lines = buildLines(cellGlyphs[k]).sort((p, q) => p.y0 - q.y0);
    if (lines.length < 2) return;
    const collide = (a: TextLine, b: TextLine) => Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.3 * Math.min(a.size, b.size);
    const [first, second] = lines;
    const top = ys[rc.r0];
    const up = across(k, rc.r0 - 1);
    if (up >= 0 && first.y0 < top && collide(first, second)) moves.push({ from: k, to: up, glyphs: first.glyphs });
    const last = lines[lines.length - 1];
    const prev = lines[lines.length - 2];
    const bottom = ys[rc.r1 + 1];
    const down = across(k, rc.r1 + 1);
    if (down >= 0 && last.y1 > bottom && collide(prev, last) && !(lines.length === 2 && up >= 0 && first.y0 < top)) moves.push({ from: k, to: down, glyphs: last.glyphs });
  });
  for (const m of moves) {
    const gone = new Set(m.glyphs);
    cellGlyphs[m.from] = cellGlyphs[m.from].filter((g) => !gone.has(g));
    cellGlyphs[m.to].push(...m.glyphs);
  }
}
