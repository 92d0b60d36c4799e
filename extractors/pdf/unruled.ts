/**
 * Tables printed without ruling lines (whitespace-aligned columns).
 *
 * 1. Every text line is cut into tokens at gaps wider than half an em. A *data line* has a number
 *    (amount, code, 栏次) among its tokens and at least one gap wider than a word space.
 * 2. A run of data lines close together (plus the label fragments between them) is a table body
 *    candidate. Its column bands are the x-coverage of the data lines' tokens: a gap that no row
 *    covers separates two columns. Tokens that bridge a gap some other row leaves (a long label) do
 *    not merge columns, and neighbouring bands no row uses together (a centred 栏次 number over a
 *    right-aligned amount) are one column.
 * 3. The header is the block of lines right above the body that stay inside the table's width (not
 *    a title in a bigger font, not a 单位：万元 preamble, no big vertical gap). Its phrases are merged
 *    into cells (wrapped lines of one cell stack with the same centre or left edge), and each cell
 *    gets the columns it is centred over: the widest run of columns whose possible cell edges (the
 *    gaps around them) centre on the text, that does not collide with the cells beside or below it.
 *    A cell's row is its depth in the header, its rowSpan reaches down to the next cell below.
 * 4. Body rows: one per data line; a label-only line that sits on a data line (a wrapped label
 *    centred on the row, or continuing right below it) joins that row's cell, others are rows of
 *    their own (the assembler joins those).
 *
 * Narrative paragraphs have no wide gaps and no numbers in separate tokens, so they stay text. Only
 * regions with at least two data lines and two numeric columns become grids (ruled: false).
 */
import type { LayoutCell, LayoutGrid } from '../layout.js';
import { type Box, isCjk, roundBox } from './geometry.js';
import { splitLine, type TextLine } from './lines.js';

/** A gap of this many ems inside a line separates two tokens. */
const TOKEN_GAP_EM = 0.5;
/** A data line has at least one gap this wide (narrative text only has word spaces around numbers). */
const COLUMN_GAP_EM = 1.2;
/** Lines further apart than this many ems are not in the same table body. */
const ROW_GAP_EM = 2.6;
/** Header lines may be at most this many lines above the body. */
const MAX_HEADER_LINES = 12;
/** Table edges may lie this many ems outside the outermost body text (right-aligned numbers, centred text). */
const OUTER_PAD_EM = 3;
/** Header text may stick out of the body's extent by this many ems. */
const HEADER_REACH_EM = 2;
const MIN_DATA_LINES = 2;
const MIN_NUMERIC_COLS = 2;

const NUMERIC = /^[-−+(（]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?[)）%]?$|^[-−–—]$/;
const PREAMBLE = /单位[:：]|^(部门|编制单位|填报单位|编报单位|单位名称|报送单位)[:：]/;

export interface UnruledGrid {
  grid: LayoutGrid;
  box: Box;
}

interface Tok extends Box {
  text: string;
  size: number;
  numeric: boolean;
}

interface Ln {
  line: TextLine;
  toks: Tok[];
  data: boolean;
}

interface Band {
  x0: number;
  x1: number;
  rows: Set<number>;
  numeric: number;
}

const center = (b: { x0: number; x1: number }) => (b.x0 + b.x1) / 2;
const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.min(a1, b1) - Math.max(a0, b0);

function tokens(line: TextLine): Tok[] {
  return splitLine(line, TOKEN_GAP_EM).map((c) => ({
    x0: c.x0,
    x1: c.x1,
    y0: c.y0,
    y1: c.y1,
    text: c.text,
    size: c.size,
    numeric: NUMERIC.test(c.text.replace(/\s+/g, '')),
  }));
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const v = [...values].sort((a, b) => a - b);
  return v[v.length >> 1];
}

/** Union of token intervals (row index per token), without the tokens in `skip`. */
function unionBands(items: { t: Tok; row: number }[], skip: Set<Tok>): Band[] {
  const list = items.filter((i) => !skip.has(i.t)).sort((p, q) => p.t.x0 - q.t.x0);
  const bands: Band[] = [];
  for (const { t, row } of list) {
    const last = bands[bands.length - 1];
    if (last && t.x0 <= last.x1 + 0.5) {
      last.x1 = Math.max(last.x1, t.x1);
      last.rows.add(row);
      if (t.numeric) last.numeric++;
    } else bands.push({ x0: t.x0, x1: t.x1, rows: new Set([row]), numeric: t.numeric ? 1 : 0 });
  }
  return bands;
}

/**
 * Column bands of the body's data lines (see the file comment). Returns the bands and the tokens
 * that bridge two bands (placed later as spanning cells).
 */
function columnBands(data: Ln[], em: number): { bands: Band[]; bridges: Set<Tok> } {
  const items = data.flatMap((l, row) => l.toks.map((t) => ({ t, row })));
  const bridges = new Set<Tok>();
  let bands = unionBands(items, bridges);
  for (let pass = 0; pass < 3; pass++) {
    // A row with two tokens inside one band shows a column gap that a token of another row bridges.
    const splits: [number, number][] = [];
    for (const b of bands) {
      for (const l of data) {
        const inside = l.toks.filter((t) => !bridges.has(t) && t.x0 >= b.x0 - 0.5 && t.x1 <= b.x1 + 0.5);
        for (let k = 1; k < inside.length; k++) splits.push([inside[k - 1].x1, inside[k].x0]);
      }
    }
    if (!splits.length) break;
    let added = false;
    for (const { t } of items) {
      if (bridges.has(t)) continue;
      if (splits.some(([a, b]) => t.x0 < a - 0.5 && t.x1 > b + 0.5)) {
        bridges.add(t);
        added = true;
      }
    }
    if (!added) break;
    bands = unionBands(items, bridges);
  }
  // Neighbouring bands that no row fills together are one column printed with different alignments.
  for (;;) {
    let best = -1;
    let bestGap = Infinity;
    for (let j = 1; j < bands.length; j++) {
      const gap = bands[j].x0 - bands[j - 1].x1;
      if (gap > 2 * em) continue;
      if ([...bands[j].rows].some((r) => bands[j - 1].rows.has(r))) continue;
      if (gap < bestGap) {
        bestGap = gap;
        best = j;
      }
    }
    if (best < 0) break;
    const a = bands[best - 1];
    const b = bands[best];
    bands.splice(best - 1, 2, {
      x0: Math.min(a.x0, b.x0),
      x1: Math.max(a.x1, b.x1),
      rows: new Set([...a.rows, ...b.rows]),
      numeric: a.numeric + b.numeric,
    });
  }
  return { bands, bridges };
}

/** Bands a token overlaps (by more than a quarter of the narrower one), or the nearest band. */
function bandsOfTok(t: Tok, bands: Band[]): [number, number] {
  let first = -1;
  let last = -1;
  const best = bestBand(t, bands);
  bands.forEach((b, j) => {
    const ov = overlap(t.x0, t.x1, b.x0, b.x1);
    if (ov > 0.25 * Math.min(t.x1 - t.x0, b.x1 - b.x0)) {
      if (first < 0) first = j;
      last = j;
    }
  });
  return first < 0 ? [best, best] : [first, last];
}

// ---------------------------------------------------------------------------------------------
// Header

interface HCell extends Box {
  lines: string[];
  size: number;
  /** column range */
  a: number;
  b: number;
  level: number;
}

class Geometry {
  constructor(
    readonly bands: Band[],
    readonly pad: number,
    readonly tol: number,
  ) {}
  get n(): number {
    return this.bands.length;
  }
  /** Interval where the left edge of column a can lie. */
  left(a: number): [number, number] {
    return a === 0 ? [this.bands[0].x0 - this.pad, this.bands[0].x0] : [this.bands[a - 1].x1, this.bands[a].x0];
  }
  right(b: number): [number, number] {
    const n = this.n;
    return b === n - 1 ? [this.bands[n - 1].x1, this.bands[n - 1].x1 + this.pad] : [this.bands[b].x1, this.bands[b + 1].x0];
  }
  /** Can a cell spanning columns a..b hold the text [x0, x1] centred in it? */
  centred(a: number, b: number, x0: number, x1: number): boolean {
    const [l0, l1raw] = this.left(a);
    const [r0raw, r1] = this.right(b);
    const l1 = Math.min(l1raw, x0 + this.tol);
    const r0 = Math.max(r0raw, x1 - this.tol);
    if (l1 < l0 || r1 < r0) return false;
    const c = (x0 + x1) / 2;
    return (l0 + r0) / 2 - this.tol <= c && c <= (l1 + r1) / 2 + this.tol;
  }
  /** Does the text fit between the outer limits of columns a..b? */
  contains(a: number, b: number, x0: number, x1: number): boolean {
    return this.left(a)[0] <= x0 + this.tol && x1 <= this.right(b)[1] + this.tol;
  }
  /** Columns under the centre of the text. */
  core(x0: number, x1: number): [number, number] {
    const c = (x0 + x1) / 2;
    const n = this.n;
    for (let j = 0; j < n; j++) {
      if (c >= this.bands[j].x0 && c <= this.bands[j].x1) return [j, j];
      if (c < this.bands[j].x0) {
        if (j === 0) return [0, 0];
        // In a gap: the band the text overlaps more (a header over right-aligned numbers), else both.
        const ovL = overlap(x0, x1, this.bands[j - 1].x0, this.bands[j - 1].x1);
        const ovR = overlap(x0, x1, this.bands[j].x0, this.bands[j].x1);
        if (ovL > 0 || ovR > 0) return ovL >= ovR ? [j - 1, j - 1] : [j, j];
        return [j - 1, j];
      }
    }
    return [n - 1, n - 1];
  }
  /** Column ranges a..b ⊇ core in which the text is centred, narrowest first. */
  candidates(x0: number, x1: number): [number, number][] {
    const [ca, cb] = this.core(x0, x1);
    const out: [number, number][] = [];
    for (let a = ca; a >= 0; a--) {
      for (let b = cb; b < this.n; b++) {
        // Text wider than the columns' estimated width spans more of them.
        if (x1 - x0 > this.width(a, b) + 2 * this.tol) continue;
        if (this.centred(a, b, x0, x1)) out.push([a, b]);
      }
    }
    return out.sort((p, q) => p[1] - p[0] - (q[1] - q[0]));
  }
  /** Estimated width of columns a..b (edges in the middle of the gaps, outer edges half the pad out). */
  width(a: number, b: number): number {
    const l = a === 0 ? this.bands[0].x0 - this.pad / 2 : (this.bands[a - 1].x1 + this.bands[a].x0) / 2;
    const r = b === this.n - 1 ? this.bands[b].x1 + this.pad / 2 : (this.bands[b].x1 + this.bands[b + 1].x0) / 2;
    return r - l;
  }
  /** Narrowest plausible range for the text: centred, else merely containing it, else its core. */
  minRange(x0: number, x1: number): [number, number] {
    const cands = this.candidates(x0, x1);
    if (cands.length) return cands[0];
    const [ca, cb] = this.core(x0, x1);
    for (let w = 0; w < this.n; w++) {
      for (let a = Math.max(0, ca - w); a <= ca; a++) {
        const b = Math.max(cb, a + w);
        if (b < this.n && this.contains(a, b, x0, x1)) return [a, b];
      }
    }
    return [ca, cb];
  }
}

/** Header phrases of a line: tokens joined unless the gap between them crosses a column gap. */
function phrases(l: Ln, geo: Geometry, em: number): Tok[] {
  const out: Tok[] = [];
  for (const t of l.toks) {
    const last = out[out.length - 1];
    const gap = last ? t.x0 - last.x1 : Infinity;
    const crossesColumnGap = last
      ? geo.bands.some((b, j) => j > 0 && overlap(last.x1, t.x0, geo.bands[j - 1].x1, b.x0) > 0)
      : true;
    const cjk = last ? isCjk(last.text.slice(-1)) && isCjk(t.text[0]) : false;
    if (last && !crossesColumnGap && gap <= (cjk ? 2.5 : 1) * em) {
      last.text += cjk ? t.text : ' ' + t.text;
      last.x1 = t.x1;
      last.y0 = Math.min(last.y0, t.y0);
      last.y1 = Math.max(last.y1, t.y1);
      last.numeric = false;
    } else out.push({ ...t });
  }
  return out;
}

/** Phrases → header cells: wrapped lines of one cell are stacked, same range, same centre or left edge. */
function headerCells(lines: Ln[], geo: Geometry, em: number): HCell[] {
  const cells: (HCell & { last: Tok })[] = [];
  const ordered = [...lines].sort((p, q) => p.line.y0 - q.line.y0);
  for (const l of ordered) {
    for (const p of phrases(l, geo, em)) {
      const [a, b] = geo.minRange(p.x0, p.x1);
      const host = cells.find((c) => {
        const q = c.last;
        if (c.a !== a || c.b !== b) return false;
        if (p.y0 - q.y1 > 0.6 * em || p.y0 <= q.y0 + 0.3 * em) return false;
        if (overlap(p.x0, p.x1, q.x0, q.x1) <= 0) return false;
        const aligned = Math.abs(center(p) - center(q)) <= 0.6 * em || Math.abs(p.x0 - q.x0) <= 0.6 * em;
        // A line wraps only when it is (nearly) as wide as its cell; the continuation is not wider.
        const w = geo.width(a, b);
        const full = q.x1 - q.x0 >= 0.5 * w && q.x1 - q.x0 <= w + 0.5 * em;
        return aligned && full && p.x1 - p.x0 <= q.x1 - q.x0 + 0.5 * em;
      });
      if (host) {
        host.lines.push(p.text);
        host.x0 = Math.min(host.x0, p.x0);
        host.x1 = Math.max(host.x1, p.x1);
        host.y1 = Math.max(host.y1, p.y1);
        host.last = p;
      } else {
        cells.push({ x0: p.x0, x1: p.x1, y0: p.y0, y1: p.y1, lines: [p.text], size: p.size, a, b, level: 0, last: p });
      }
    }
  }
  const tolY = 0.3 * em;
  const above = (u: HCell, d: HCell) => u.y1 <= d.y0 + tolY;
  const intersects = (p: HCell, a: number, b: number) => p.a <= b && a <= p.b;
  /** Can cell h take columns a..b given the other cells' current ranges? */
  const fits = (h: HCell, a: number, b: number) =>
    cells.every((o) => {
      if (o === h || !intersects(o, a, b)) return true;
      if (above(h, o)) return a <= o.a && o.b <= b;
      if (above(o, h)) return o.a <= a && b <= o.b;
      return false;
    });
  // Widen cells top-down to the widest range they are centred over that leaves the others intact.
  for (const h of [...cells].sort((p, q) => p.y0 - q.y0)) {
    const cands = geo.candidates(h.x0, h.x1).filter(([a, b]) => a <= h.a && b >= h.b);
    for (let k = cands.length - 1; k >= 0; k--) {
      const [a, b] = cands[k];
      if (b - a <= h.b - h.a) break;
      if (fits(h, a, b)) {
        h.a = a;
        h.b = b;
        break;
      }
    }
  }
  // Depth in the header = number of cells stacked above.
  const byTop = [...cells].sort((p, q) => p.y0 - q.y0);
  for (const h of byTop) {
    let level = 0;
    for (const o of byTop) {
      if (o !== h && above(o, h) && intersects(o, h.a, h.b) && o.a <= h.a && h.b <= o.b) level = Math.max(level, o.level + 1);
    }
    h.level = level;
  }
  return cells.map(({ last: _last, ...c }) => c);
}

// ---------------------------------------------------------------------------------------------
// Regions

interface Region {
  header: Ln[];
  body: Ln[];
  data: Ln[];
}

/** Is the line part of the table's body region given its bands (a data line or a label fragment)? */
function fitsBody(l: Ln, bands: Band[], em: number): boolean {
  const lo = bands[0].x0 - HEADER_REACH_EM * em;
  const hi = bands[bands.length - 1].x1 + HEADER_REACH_EM * em;
  return l.toks.every((t) => {
    if (t.x0 < lo || t.x1 > hi) return false;
    const [a, b] = bandsOfTok(t, bands);
    return b - a <= 1;
  });
}

function isHeaderLine(l: Ln, bodySize: number, bands: Band[], em: number): boolean {
  if (l.data) return false;
  if (l.line.size > bodySize * 1.3 || l.line.size < bodySize * 0.7) return false;
  if (PREAMBLE.test(l.line.text.replace(/\s+/g, ''))) return false;
  const lo = bands[0].x0 - HEADER_REACH_EM * em;
  const hi = bands[bands.length - 1].x1 + HEADER_REACH_EM * em;
  return l.toks.every((t) => t.x0 >= lo && t.x1 <= hi);
}

function findRegions(lns: Ln[]): Region[] {
  const regions: Region[] = [];
  const taken = new Set<Ln>();
  let i = 0;
  while (i < lns.length) {
    if (!lns[i].data || taken.has(lns[i])) {
      i++;
      continue;
    }
    // Data lines close together, with at most two other lines between consecutive ones.
    let j = i;
    let lastData = i;
    while (j + 1 < lns.length) {
      const prev = lns[j].line;
      const cur = lns[j + 1].line;
      if (cur.y0 - prev.y1 > ROW_GAP_EM * Math.max(prev.size, cur.size)) break;
      if (lns[j + 1].data) lastData = j + 1;
      else if (j + 1 - lastData > 2) break;
      j++;
    }
    const run = lns.slice(i, lastData + 1);
    const data = run.filter((l) => l.data);
    const em = median(data.map((l) => l.line.size));
    if (data.length < MIN_DATA_LINES) {
      i = lastData + 1;
      continue;
    }
    const { bands } = columnBands(data, em);
    // Cut the run at a line that does not fit the columns (a paragraph between two tables).
    let end = run.findIndex((l) => !l.data && !fitsBody(l, bands, em));
    if (end < 0) end = run.length;
    const body = run.slice(0, end);
    const bodyData = body.filter((l) => l.data);
    const r = bodyData.length >= MIN_DATA_LINES ? accept(lns, i, body, bodyData) : null;
    if (r) {
      regions.push(r);
      for (const l of [...r.header, ...r.body]) taken.add(l);
      i = lns.indexOf(r.body[r.body.length - 1]) + 1;
    } else i = end < run.length ? i + end : lastData + 1;
  }
  return regions;
}

/** Validates a body and collects its header lines and trailing label fragments. */
function accept(lns: Ln[], start: number, body: Ln[], data: Ln[]): Region | null {
  const em = median(data.map((l) => l.line.size));
  const { bands } = columnBands(data, em);
  if (bands.length < 2) return null;
  if (bands.filter((b) => b.numeric > 0).length < MIN_NUMERIC_COLS) return null;
  // Trailing fragments: label continuations right below the last data line.
  const endIdx = lns.indexOf(body[body.length - 1]);
  const lastData = data[data.length - 1].line;
  for (let k = endIdx + 1; k < lns.length && k <= endIdx + 2; k++) {
    const l = lns[k];
    if (l.data || l.line.base - lastData.base > 1.6 * l.line.size || !fitsBody(l, bands, em)) break;
    body.push(l);
  }
  // Header: lines right above the body, inside its width, without a big gap.
  const gaps: number[] = [];
  for (let k = 1; k < body.length; k++) gaps.push(body[k].line.y0 - body[k - 1].line.y1);
  const maxGap = Math.max(0.8 * em, 1.5 * median(gaps.filter((g) => g > 0)));
  const header: Ln[] = [];
  let below = body[0].line;
  for (let k = start - 1; k >= 0 && header.length < MAX_HEADER_LINES; k--) {
    const l = lns[k];
    if (below.y0 - l.line.y1 > maxGap) break;
    if (!isHeaderLine(l, em, bands, em)) break;
    header.unshift(l);
    if (l.line.y0 < below.y0) below = l.line;
  }
  return { header, body, data };
}

// ---------------------------------------------------------------------------------------------
// Grid

interface BodyRow {
  lines: Ln[];
  y0: number;
  y1: number;
}

/** One row per data line; a label-only line joins the data line it sits on or continues. */
function bodyRows(body: Ln[], bands: Band[]): BodyRow[] {
  const dataLines = body.filter((l) => l.data);
  const rows = new Map<Ln, Ln[]>(dataLines.map((d) => [d, [d]]));
  const own: Ln[] = [];
  const colsOf = (l: Ln) => new Set(l.toks.map((t) => bandsOfTok(t, bands)[0]));
  for (const f of body) {
    if (f.data) continue;
    const size = f.line.size;
    const near = dataLines
      .map((d) => ({ d, dist: Math.abs(d.line.base - f.line.base) }))
      .sort((p, q) => p.dist - q.dist);
    const [first, second] = near;
    let host: Ln | undefined;
    if (first && first.dist <= 0.8 * size && (!second || second.dist - first.dist > 0.3 * size)) host = first.d;
    else if (first && first.dist <= 1.6 * size && (!second || second.dist - first.dist > 0.3 * size)) {
      // A continuation below (or above) a row whose cell in that column already has text.
      const fc = colsOf(f);
      const dc = colsOf(first.d);
      if ([...fc].every((c) => dc.has(c))) host = first.d;
    }
    if (host) rows.get(host)!.push(f);
    else own.push(f);
  }
  const out: BodyRow[] = [...rows.values(), ...own.map((f) => [f])].map((ls) => {
    ls.sort((p, q) => p.line.y0 - q.line.y0);
    return { lines: ls, y0: Math.min(...ls.map((l) => l.line.y0)), y1: Math.max(...ls.map((l) => l.line.y1)) };
  });
  return out.sort((p, q) => p.y0 - q.y0);
}

function toGrid(region: Region, page: number): UnruledGrid {
  const em = median(region.data.map((l) => l.line.size));
  const { bands, bridges } = columnBands(region.data, em);
  const n = bands.length;
  const geo = new Geometry(bands, OUTER_PAD_EM * em, 0.25 * em);
  const hcells = headerCells(region.header, geo, em);
  const nHead = hcells.length ? Math.max(...hcells.map((h) => h.level)) + 1 : 0;
  const rows = bodyRows(region.body, bands);
  const nRows = nHead + rows.length;

  // Column and row boundaries.
  const all = [...region.header, ...region.body];
  const minX = Math.min(bands[0].x0, ...all.flatMap((l) => l.toks.map((t) => t.x0)));
  const maxX = Math.max(bands[n - 1].x1, ...all.flatMap((l) => l.toks.map((t) => t.x1)));
  const xs = [minX - 1];
  for (let j = 1; j < n; j++) xs.push((bands[j - 1].x1 + bands[j].x0) / 2);
  xs.push(maxX + 1);
  const rowTop: number[] = [];
  const rowBottom: number[] = [];
  for (let r = 0; r < nHead; r++) {
    const at = hcells.filter((h) => h.level === r);
    rowTop.push(Math.min(...at.map((h) => h.y0)));
    rowBottom.push(Math.max(...at.map((h) => h.y1)));
  }
  for (const row of rows) {
    rowTop.push(row.y0);
    rowBottom.push(row.y1);
  }
  const ys = [rowTop[0] - 1];
  for (let r = 1; r < nRows; r++) ys.push(Math.max(ys[r - 1], (rowBottom[r - 1] + rowTop[r]) / 2));
  ys.push(Math.max(ys[nRows - 1], rowBottom[nRows - 1]) + 1);

  const owner: (LayoutCell | null)[][] = [];
  for (let r = 0; r < nRows; r++) owner.push(new Array<LayoutCell | null>(n).fill(null));
  const cells: LayoutCell[] = [];
  const place = (r: number, c: number, rowSpan: number, colSpan: number, lines: string[]): LayoutCell => {
    const cell: LayoutCell = {
      page,
      bbox: roundBox({ x0: xs[c], y0: ys[r], x1: xs[c + colSpan], y1: ys[r + rowSpan] }),
      row: r,
      col: c,
      rowSpan,
      colSpan,
      lines,
      source: 'text',
    };
    for (let rr = r; rr < r + rowSpan; rr++) for (let cc = c; cc < c + colSpan; cc++) owner[rr][cc] = cell;
    cells.push(cell);
    return cell;
  };

  // Header cells, deepest-first conflicts resolved by keeping the first placed text.
  for (const h of [...hcells].sort((p, q) => p.level - q.level || p.a - q.a)) {
    let bottom = nHead;
    for (const o of hcells) {
      if (o !== h && o.level > h.level && o.a <= h.b && h.a <= o.b) bottom = Math.min(bottom, o.level);
    }
    const rowSpan = Math.max(1, bottom - h.level);
    let free = true;
    for (let rr = h.level; rr < h.level + rowSpan; rr++) for (let cc = h.a; cc <= h.b; cc++) if (owner[rr][cc]) free = false;
    if (free) place(h.level, h.a, rowSpan, h.b - h.a + 1, h.lines);
    else {
      const host = owner[h.level][h.a] ?? owner[h.level].find((c) => c) ?? null;
      if (host) host.lines.push(...h.lines);
      else place(h.level, h.a, 1, 1, h.lines);
    }
  }

  // Body cells: tokens by column, each source line a cell line; a bridging token spans its columns.
  rows.forEach((row, k) => {
    const r = nHead + k;
    const texts: string[][] = bands.map(() => []);
    const spans: { a: number; b: number; lines: string[] }[] = [];
    for (const l of row.lines) {
      const perCol = new Map<number, string[]>();
      for (const t of l.toks) {
        const [a, b] = bandsOfTok(t, bands);
        if (b > a && (bridges.has(t) || !l.data)) {
          spans.push({ a, b, lines: [t.text] });
          continue;
        }
        const c = a === b ? a : bestBand(t, bands);
        const list = perCol.get(c) ?? [];
        list.push(t.text);
        perCol.set(c, list);
      }
      for (const [c, list] of perCol) texts[c].push(list.join(' '));
    }
    for (const s of spans) {
      const clear = texts.slice(s.a, s.b + 1).every((t) => t.length === 0) && !spans.some((o) => o !== s && o.a <= s.b && s.a <= o.b);
      if (clear) {
        place(r, s.a, 1, s.b - s.a + 1, s.lines);
        for (let c = s.a; c <= s.b; c++) texts[c] = [];
      } else {
        const c = s.a;
        texts[c].push(...s.lines);
      }
    }
    for (let c = 0; c < n; c++) if (!owner[r][c]) place(r, c, 1, 1, texts[c]);
  });
  // Slots no header cell covers.
  for (let r = 0; r < nHead; r++) for (let c = 0; c < n; c++) if (!owner[r][c]) place(r, c, 1, 1, []);

  cells.sort((p, q) => p.row - q.row || p.col - q.col);
  const box = { x0: xs[0], y0: ys[0], x1: xs[n], y1: ys[nRows] };
  return {
    box,
    grid: { kind: 'grid', page, bbox: roundBox(box), nRows, nCols: n, cells, ruled: false },
  };
}

function bestBand(t: Tok, bands: Band[]): number {
  let best = 0;
  let bestOv = -Infinity;
  bands.forEach((b, j) => {
    const ov = overlap(t.x0, t.x1, b.x0, b.x1);
    if (ov > bestOv) {
      bestOv = ov;
      best = j;
    }
  });
  return best;
}

/**
 * Finds unruled tables among text lines (top to bottom). Returns the grids and the lines that
 * stay plain text.
 */
export function findUnruledGrids(lines: TextLine[], page: number): { grids: UnruledGrid[]; remaining: TextLine[] } {
  const lns: Ln[] = lines
    .filter((line) => line.glyphs.every((g) => g.horizontal))
    .map((line) => {
      const toks = tokens(line);
      let wide = false;
      for (let k = 1; k < toks.length && !wide; k++) {
        wide = toks[k].x0 - toks[k - 1].x1 > COLUMN_GAP_EM * Math.min(toks[k].size, toks[k - 1].size);
      }
      return { line, toks, data: wide && toks.some((t) => t.numeric) };
    });
  const grids: UnruledGrid[] = [];
  const consumed = new Set<TextLine>();
  for (const region of findRegions(lns)) {
    grids.push(toGrid(region, page));
    for (const l of [...region.header, ...region.body]) consumed.add(l.line);
  }
  return { grids, remaining: lines.filter((l) => !consumed.has(l)) };
}
