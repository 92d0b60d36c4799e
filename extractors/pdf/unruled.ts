/**
 * Tables printed without ruling lines: text lines whose pieces (separated by wide gaps) line up in
 * the same x-columns over several consecutive lines. Only regions that look tabular — at least 3
 * rows with pieces in at least 2 columns — become grids (ruled: false); narrative paragraphs have
 * no wide gaps and stay text.
 */
import type { LayoutCell, LayoutGrid } from '../layout.js';
import { type Box, roundBox } from './geometry.js';
import { splitLine, type TextLine } from './lines.js';

/** A gap of this many ems inside a line separates two cells. */
const CELL_GAP_EM = 1.5;
/** Lines further apart than this many line heights are not in the same table. */
const ROW_GAP_EM = 2.6;
const MIN_ROWS = 3;
const MIN_COLS = 2;

export interface UnruledGrid {
  grid: LayoutGrid;
  box: Box;
}

interface Row {
  line: TextLine;
  chunks: TextLine[];
}

/** Merged x-coverage of the chunks: each maximal covered interval is a column. */
function columnsOf(rows: Row[]): [number, number][] {
  const spans = rows
    .filter((r) => r.chunks.length >= 2)
    .flatMap((r) => r.chunks.map((c) => [c.x0, c.x1] as [number, number]))
    .sort((p, q) => p[0] - q[0]);
  const cols: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = cols[cols.length - 1];
    if (last && a <= last[1] + 2) last[1] = Math.max(last[1], b);
    else cols.push([a, b]);
  }
  return cols;
}

function toGrid(rows: Row[], cols: [number, number][], page: number): UnruledGrid {
  const xs = [cols[0][0] - 1];
  for (let j = 1; j < cols.length; j++) xs.push((cols[j - 1][1] + cols[j][0]) / 2);
  xs.push(cols[cols.length - 1][1] + 1);
  const ys = [rows[0].line.y0 - 1];
  for (let i = 1; i < rows.length; i++) ys.push((rows[i - 1].line.y1 + rows[i].line.y0) / 2);
  ys.push(rows[rows.length - 1].line.y1 + 1);
  const cells: LayoutCell[] = [];
  rows.forEach((row, r) => {
    const texts: string[][] = cols.map(() => []);
    for (const chunk of row.chunks) {
      const mid = (chunk.x0 + chunk.x1) / 2;
      let j = cols.findIndex(([a, b]) => mid >= a - 1 && mid <= b + 1);
      if (j < 0) j = cols.findIndex(([a]) => a > mid) - 1;
      if (j < 0) j = mid < cols[0][0] ? 0 : cols.length - 1;
      texts[j].push(chunk.text);
    }
    cols.forEach((_, c) =>
      cells.push({
        page,
        bbox: roundBox({ x0: xs[c], y0: ys[r], x1: xs[c + 1], y1: ys[r + 1] }),
        row: r,
        col: c,
        rowSpan: 1,
        colSpan: 1,
        lines: texts[c].length ? [texts[c].join(' ')] : [],
        source: 'text',
      }),
    );
  });
  const box = { x0: xs[0], y0: ys[0], x1: xs[xs.length - 1], y1: ys[ys.length - 1] };
  return {
    box,
    grid: { kind: 'grid', page, bbox: roundBox(box), nRows: rows.length, nCols: cols.length, cells, ruled: false },
  };
}

/**
 * Finds unruled tables among text lines (top to bottom). Returns the grids and the lines that
 * stay plain text.
 */
export function findUnruledGrids(lines: TextLine[], page: number): { grids: UnruledGrid[]; remaining: TextLine[] } {
  const rows: Row[] = lines.map((line) => ({ line, chunks: splitLine(line, CELL_GAP_EM) }));
  const grids: UnruledGrid[] = [];
  const consumed = new Set<TextLine>();
  let i = 0;
  while (i < rows.length) {
    if (rows[i].chunks.length < 2) {
      i++;
      continue;
    }
    // Grow a run of lines: multi-piece lines, plus single-piece lines sandwiched between them.
    let j = i + 1;
    let lastMulti = i;
    while (j < rows.length) {
      const prev = rows[j - 1].line;
      const cur = rows[j].line;
      if (cur.y0 - prev.y1 > ROW_GAP_EM * Math.max(prev.size, cur.size)) break;
      if (rows[j].chunks.length >= 2) lastMulti = j;
      else if (j - lastMulti > 2) break;
      j++;
    }
    const run = rows.slice(i, lastMulti + 1);
    const multi = run.filter((r) => r.chunks.length >= 2).length;
    const cols = multi >= MIN_ROWS ? columnsOf(run) : [];
    if (multi >= MIN_ROWS && cols.length >= MIN_COLS) {
      // Single-piece lines must fit in one column, else the run is not a clean table.
      const fits = run.every(
        (r) => r.chunks.length >= 2 || cols.some(([a, b]) => r.chunks[0].x0 >= a - 2 && r.chunks[0].x1 <= b + 2),
      );
      if (fits) {
        grids.push(toGrid(run, cols, page));
        for (const r of run) consumed.add(r.line);
        i = lastMulti + 1;
        continue;
      }
    }
    i++;
  }
  return { grids, remaining: lines.filter((l) => !consumed.has(l)) };
}
