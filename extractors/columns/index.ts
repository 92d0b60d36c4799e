/**
 * Column model for tables printed without a grid of rules (borderless and three-line tables), built
 * from the body and the header together. Input: positioned words grouped into lines (PDF text
 * layer or OCR), PDF points, top-left origin; optional horizontal rules as hints. Output: grids
 * (ruled: false) and the lines they consumed.
 *
 *  - regions.ts: where the bodies are and how far up their headers reach;
 *  - bands.ts:   column bands of the body's values;
 *  - header.ts:  header alignment, header words cut and homed at column edges, spanning headings;
 *  - here:       body rows (wrapped labels joined to their row) and the LayoutGrid.
 */
import type { BBox, LayoutCell, LayoutGrid } from '../layout.js';
import { isCjk, roundBox } from '../pdf/geometry.js';
import { type Band, bestBand, columnBands, cutAcrossGap, overlap, overlapped, type Tok, tok } from './bands.js';
import { fitHeader, type Extent } from './header.js';
import { findRegions, isColumnNumbers, type Ln, type Region, toLn } from './regions.js';
import { type HRule, isNumeric, LONE_DASH, splitAtSeams, type WordLine } from './words.js';
import { ENUMERATED_ITEM, HEADER_ONLY_WORDS } from '../../schemas/header-vocabulary.js';

export type { HRule, Word, WordChar, WordLine } from './words.js';
export { groupLines, WORD_GAP_EM } from './words.js';

export interface ColumnTable {
  grid: LayoutGrid;
  box: BBox;
  /** Indexes (into the input lines) of the lines the table consumed. */
  lines: number[];
  /** Indexes of the lines taken as its header (none: a body without a header on this page). */
  headerLines: number[];
  /** Indexes of header lines above a wide gap that nothing bounded from above, left out of the table. */
  unbounded: number[];
  /** Indexes into `carried` of the previous page's lines this table took as its header. */
  carried?: number[];
  /** Its only data line is the 栏次 row: a header whose body is on the next page (or an empty table). */
  bodyless: boolean;
}

interface BodyRow {
  lines: Ln[];
  y0: number;
  y1: number;
}

/**
 * One row per data line; a label-only line joins the data line it sits on (a label wrapped around
 * the row's baseline) or the nearer of the data lines around it when it is close to one of them.
 */
function bodyRows(body: Ln[], extents: Extent[], em: number): BodyRow[] {
  const dataLines = body.filter((l) => l.data);
  const rows = new Map<Ln, Ln[]>(dataLines.map((d) => [d, [d]]));
  const own: Ln[][] = [];
  const mid = (l: Ln) => (l.line.y0 + l.line.y1) / 2;
  const colsOf = (l: Ln) => new Set(l.toks.map((t) => bestBand(t.x0, t.x1, extents)));
  // Blocks: lines that touch (the wrapped lines of one row's cells); rows are separated by more space.
  // An enumerated item (二、…) under another in the same column starts a row, however close: rows set
  // without spacing touch as wrapped lines do.
  const items = (ls: Ln[]) => new Set(ls.flatMap((x) => x.toks.filter((t) => ENUMERATED_ITEM.test(t.text)).map((t) => bestBand(t.x0, t.x1, extents))));
  const newItem = (above: Ln[], l: Ln) => {
    const cols = items(above);
    return [...items([l])].some((c) => cols.has(c));
  };
  // The space between two rows is at least what separates two data lines (two rows: the widest gap
  // between them is a row's edge, however many label-only lines stand between them), or two
  // neighbouring enumerated items of one column (a sparse page may have no neighbouring data lines).
  const ordered = [...body].sort((p, q) => p.line.y0 - q.line.y0);
  let rowGap = Infinity;
  let sinceData: number | null = null; // the widest gap since the last data line
  for (let k = 1; k < ordered.length; k++) {
    const gap = ordered[k].line.y0 - ordered[k - 1].line.y1;
    if (ordered[k - 1].data) sinceData = gap;
    else if (sinceData !== null) sinceData = Math.max(sinceData, gap);
    if (ordered[k].data && sinceData !== null) rowGap = Math.min(rowGap, sinceData);
    if (gap > 0 && newItem([ordered[k - 1]], ordered[k])) rowGap = Math.min(rowGap, gap);
  }
  const touch = Math.min(0.6 * em, 0.6 * rowGap);
  // A label line short of its column's width ends its cell (text wraps only when a line is full): a
  // data line with a label of its own in that column under it is the next row, however close (总计
  // under the blank row 国有资本经营预算财政拨款, wrapped to 政拨款).
  const labels = (l: Ln) => l.toks.filter((t) => !t.numeric && isCjk(t.text[0]));
  const widest = extents.map(() => 0);
  for (const l of body) {
    for (const t of labels(l)) {
      const c = bestBand(t.x0, t.x1, extents);
      widest[c] = Math.max(widest[c], t.x1 - t.x0);
    }
  }
  const endsCell = (above: Ln, l: Ln) =>
    l.data &&
    !above.data &&
    labels(l).some((t) => {
      const c = bestBand(t.x0, t.x1, extents);
      const up = labels(above).filter((u) => bestBand(u.x0, u.x1, extents) === c);
      return up.length > 0 && up.every((u) => u.x1 - u.x0 < widest[c] - 2 * u.size);
    });
  const blocks: Ln[][] = [];
  for (const l of ordered) {
    const last = blocks[blocks.length - 1];
    if (last && l.line.y0 - Math.max(...last.map((x) => x.line.y1)) <= touch && !newItem(last, l) && !endsCell(last[last.length - 1], l)) last.push(l);
    else blocks.push([l]);
  }
  for (const block of blocks) {
    const data = block.filter((l) => l.data);
    const frags = block.filter((l) => !l.data);
    if (data.length === 1) {
      rows.get(data[0])!.push(...frags);
      continue;
    }
    if (!data.length) {
      // A row without amounts (blank cells): its lines are its label, wrapped.
      own.push(frags);
      continue;
    }
    for (const f of frags) {
      const size = f.line.size;
      const near = data.map((d) => ({ d, dist: Math.abs(mid(d) - mid(f)) })).sort((p, q) => p.dist - q.dist);
      const [first, second] = near;
      let host: Ln | undefined = first.d;
      if (second && second.dist - first.dist <= 0.3 * size) {
        // Equally near two rows: the one whose cells in these columns the fragment continues.
        const fc = colsOf(f);
        const fits = (d: Ln) => [...fc].every((c) => colsOf(d).has(c));
        host = fits(first.d) && !fits(second.d) ? first.d : fits(second.d) && !fits(first.d) ? second.d : undefined;
      }
      if (host) rows.get(host)!.push(f);
      else own.push([f]);
    }
  }
  const out: BodyRow[] = [...rows.values(), ...own].map((ls) => {
    ls.sort((p, q) => p.line.y0 - q.line.y0);
    return { lines: ls, y0: Math.min(...ls.map((l) => l.line.y0)), y1: Math.max(...ls.map((l) => l.line.y1)) };
  });
  return out.sort((p, q) => p.y0 - q.y0);
}

/** Columns of a body token: the extents it overlaps, else the nearest. */
function columnsOf(t: Tok, extents: Extent[]): [number, number] {
  const over = overlapped(t.x0, t.x1, extents);
  if (over.length) return [over[0], over[over.length - 1]];
  let best = 0;
  let bestD = Infinity;
  extents.forEach((e, j) => {
    const d = Math.max(e.x0 - t.x1, t.x0 - e.x1, 0);
    if (d < bestD) {
      bestD = d;
      best = j;
    }
  });
  return [best, best];
}

function toGrid(region: Region, page: number): { grid: LayoutGrid; box: BBox } {
  const em = region.em;
  // Headings of neighbouring cells printed closer than a word space are cut apart at their seam.
  for (const l of region.header) l.toks = l.toks.flatMap((t) => (t.numeric ? [t] : splitAtSeams(t.word).map(tok)));
  // Two bands are two columns when a heading stands over one of them only and none over both (the
  // codes of a column under 类 beside a 合计 amount of the column before, whose heading is further left).
  const over = (t: Tok, b: Band) => overlap(t.x0, t.x1, b.x0, b.x1) > 0.2 * em;
  const heads = region.header.flatMap((l) => l.toks.filter((t) => !t.numeric));
  // A row of column numbers left in the body (one data row under it) is no such column: its number
  // is centred over the amounts it numbers.
  const numbers = (b: Band) => [...b.rows].every((r) => r < region.data.length && isColumnNumbers(region.data[r]));
  // Nor is the label of one row that no heading stands over: a 合计 label centred over merged code and
  // name cells, in the gap between them.
  // (a group heading over it says nothing: it stands over the code columns the label is centred across)
  const group = (t: Tok) => heads.some((d) => d !== t && d.y0 >= t.y1 - 0.3 * em && overlap(t.x0, t.x1, d.x0, d.x1) > 0);
  const leaves = heads.filter((t) => !group(t));
  const loneLabel = (b: Band) => b.rows.size === 1 && b.numeric === 0 && !leaves.some((t) => over(t, b));
  // A label wrapped around its row's baseline reaches into the data line: that row fills the bands of
  // the label and of the line's other cells together (a code and its wrapped name on a page without header).
  const wrapped = region.body
    .filter((f) => !f.data)
    .flatMap((f) => region.data.filter((d) => overlap(f.line.y0, f.line.y1, d.line.y0, d.line.y1) > 0).map((d) => [f, d] as const));
  const fills = (l: Ln, b: Band) => l.toks.some((t) => over(t, b));
  const dashesOnly = (b: Band) => {
    const inside = region.data.flatMap((l) => l.toks.filter((t) => t.x0 >= b.x0 - 0.5 && t.x1 <= b.x1 + 0.5));
    return inside.length > 0 && inside.every((t) => LONE_DASH.test(t.text.trim()));
  };
  const oneRow = (a: Band, b: Band) => wrapped.some(([f, d]) => (fills(f, a) && fills(d, b)) || (fills(f, b) && fills(d, a)));
  const headed = (a: Band, b: Band) =>
    oneRow(a, b) ||
    (!numbers(a) &&
    !numbers(b) &&
    !loneLabel(a) &&
    !loneLabel(b) &&
    heads.some((t) => over(t, a) !== over(t, b)) &&
    !heads.some((t) => over(t, a) && over(t, b)) &&
    // (a band of dashes alone that no heading stands over is the zeros of the column beside it, set a
    // little right of its amounts against the next column's labels)
    !((dashesOnly(a) && !heads.some((t) => over(t, a))) || (dashesOnly(b) && !heads.some((t) => over(t, b)))));
  // A label column no data line reaches (each of its labels wrapped around its row's amounts) is a
  // column too: its label lines, left of the data's columns, join the bands as rows of their own.
  const dataLeft = columnBands(region.data.map((l) => l.toks), em).bands[0].x0;
  const leftLabels = region.body.filter((l) => !l.data).map((l) => l.toks.filter((t) => t.x0 < dataLeft - 2 * em && t.x1 < dataLeft));
  const rowsForBands = [...region.data.map((l) => l.toks), ...leftLabels.filter((ts) => ts.length)];
  const { bands, bridges } = columnBands(rowsForBands, em, headed);
  // An amount printed against the next column's text (no space between) is cut off at the column gap.
  for (const l of region.data) {
    l.toks = l.toks.flatMap((t) => {
      if (!bridges.has(t)) return [t];
      // however little of it reaches into the next column (总计 printed right after a wide total)
      const over = bands.flatMap((b, j) => (overlap(t.x0, t.x1, b.x0, b.x1) > 0.2 * em ? [j] : []));
      if (over.length < 2) return [t];
      const parts = cutAcrossGap(t, bands[over[0]].x1, bands[over[0] + 1].x0, em, (a, b) => isNumeric(a) || isNumeric(b));
      return parts ?? [t];
    });
  }
  const head = fitHeader(region.header.map((l) => l.toks), bands, em, region.numbersRow);
  const { extents } = head;
  const n = extents.length;
  const nHead = head.rows;
  const rows = bodyRows(region.body, extents, em);
  const nRows = nHead + rows.length;

  const all = [...region.header, ...region.body];
  const minX = Math.min(extents[0].x0, ...all.flatMap((l) => l.toks.map((t) => t.x0)));
  const maxX = Math.max(extents[n - 1].x1, ...all.flatMap((l) => l.toks.map((t) => t.x1)));
  const xs = [minX - 1];
  // Column edges: a left-aligned header starts each cell at its heading, a right-aligned one ends it
  // there, so the edge hugs that side (a column blank on this page keeps the edges it has on others).
  for (let j = 1; j < n; j++) {
    const mid = (extents[j - 1].x1 + extents[j].x0) / 2;
    if (head.align === 'left') xs.push(Math.max(mid, extents[j].x0 - 0.5 * em));
    else if (head.align === 'right') xs.push(Math.min(mid, extents[j - 1].x1 + 0.5 * em));
    else xs.push(mid);
  }
  xs.push(maxX + 1);
  const rowTop: number[] = [];
  const rowBottom: number[] = [];
  for (let r = 0; r < nHead; r++) {
    const at = head.cells.filter((h) => h.level === r);
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
  const place = (r: number, c: number, rowSpan: number, colSpan: number, lines: string[], ink?: BBox) => {
    const cell: LayoutCell = {
      page,
      bbox: roundBox({ x0: xs[c], y0: ys[r], x1: xs[c + colSpan], y1: ys[r + rowSpan] }),
      row: r,
      col: c,
      rowSpan,
      colSpan,
      lines,
      source: 'text',
      ...(ink && lines.length ? { ink: roundBox(ink) } : {}),
    };
    for (let rr = r; rr < r + rowSpan; rr++) for (let cc = c; cc < c + colSpan; cc++) owner[rr][cc] = cell;
    cells.push(cell);
  };

  // Header cells; a cell whose slots are taken joins the text of the cell there (never dropped).
  for (const h of [...head.cells].sort((p, q) => p.level - q.level || p.a - q.a)) {
    let free = true;
    for (let rr = h.level; rr < h.level + h.rowSpan; rr++) for (let cc = h.a; cc <= h.b; cc++) if (owner[rr][cc]) free = false;
    if (free) place(h.level, h.a, h.rowSpan, h.b - h.a + 1, h.lines, h);
    else {
      const host = owner[h.level][h.a] ?? owner[h.level].find((c) => c) ?? null;
      if (host) {
        host.lines.push(...h.lines);
        host.ink = roundBox(union(host.ink, h));
      }
      else place(h.level, h.a, 1, 1, h.lines);
    }
  }

  // Body cells: tokens by column, each source line a cell line; a label bridging empty columns spans them.
  rows.forEach((row, k) => {
    const r = nHead + k;
    const texts: string[][] = extents.map(() => []);
    const inks: (BBox | undefined)[] = extents.map(() => undefined);
    const spans: { a: number; b: number; lines: string[]; ink: BBox }[] = [];
    for (const l of row.lines) {
      const perCol = new Map<number, string[]>();
      for (const t of l.toks) {
        const [a, b] = columnsOf(t, extents);
        if (b > a && (bridges.has(t) || !t.numeric)) {
          spans.push({ a, b, lines: [t.text], ink: t });
          continue;
        }
        const c = a === b ? a : bestBand(t.x0, t.x1, extents);
        perCol.set(c, [...(perCol.get(c) ?? []), t.text]);
        inks[c] = union(inks[c], t);
      }
      for (const [c, list] of perCol) texts[c].push(list.join(' '));
    }
    for (const s of spans) {
      const clear = texts.slice(s.a, s.b + 1).every((t) => t.length === 0) && !spans.some((o) => o !== s && o.a <= s.b && s.a <= o.b);
      if (clear) {
        place(r, s.a, 1, s.b - s.a + 1, s.lines, s.ink);
        for (let c = s.a; c <= s.b; c++) texts[c] = [];
      } else {
        texts[s.a].push(...s.lines);
        inks[s.a] = union(inks[s.a], s.ink);
      }
    }
    for (let c = 0; c < n; c++) if (!owner[r][c]) place(r, c, 1, 1, texts[c], inks[c]);
  });
  for (let r = 0; r < nHead; r++) for (let c = 0; c < n; c++) if (!owner[r][c]) place(r, c, 1, 1, []);

  cells.sort((p, q) => p.row - q.row || p.col - q.col);
  const box = { x0: xs[0], y0: ys[0], x1: xs[n], y1: ys[nRows] };
  return { box, grid: { kind: 'grid', page, bbox: roundBox(box), nRows, nCols: n, cells, ruled: false } };
}

function union(a: BBox | undefined, b: BBox): BBox {
  if (!a) return { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 };
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/**
 * Finds unruled tables among a page's text lines (top to bottom). Only regions with at least two
 * data lines and two numeric columns become grids; narrative stays text.
 *
 * `carried`: the previous page's lines under its last table. A header printed at the foot of a page
 * whose body starts the next page (no header repeated there) has no body under it, so no column
 * model comes out of that page, and the body alone would give anonymous columns (or none: one row).
 * When this page opens with a table without header, or with lines no table took (only short lines,
 * a running head or a page number, above them; or the lower rows of its header, left out above a
 * tall gap that nothing on this page bounds), the carried lines are set just above it and the tables
 * found again: the header walk then bounds the header as on one page (title, 单位 line, gaps). Kept
 * only if the header it takes from them holds header words. Cells built from carried lines keep this
 * page's coordinates.
 *
 * `repeated`: the header lines of the table the previous page ended with, tried the same way when no
 * table of this page holds its opening line (see below).
 */
export function findColumnTables(
  lines: readonly WordLine[],
  opts: { page: number; rules?: readonly HRule[]; carried?: readonly WordLine[]; repeated?: readonly WordLine[] },
): ColumnTable[] {
  const rules = opts.rules ?? [];
  const tables = columnTables(lines, opts.page, rules);
  const carried = opts.carried ?? [];
  if (carried.length) {
    const found = withCarried(lines, tables, carried, opts.page, rules, false);
    if (found) return found;
  }
  // The header of the table the previous page ended with, when this page opens with lines no table
  // here takes (the last row or two of that table, no header repeated: a Word table whose repeated
  // header row was lost). Those lines stay that table's header there: nothing is taken from the page.
  const repeated = opts.repeated ?? [];
  if (repeated.length) {
    const found = withCarried(lines, tables, repeated, opts.page, rules, true);
    if (found) return found.map((t) => ({ ...t, carried: [] }));
  }
  return tables;
}

/**
 * The page's tables found again with `carried` lines set above the page's opening line (see
 * findColumnTables), or null when they do not apply. `orphan`: only when no table of the page holds
 * its opening line.
 */
function withCarried(lines: readonly WordLine[], tables: ColumnTable[], carried: readonly WordLine[], page: number, rules: readonly HRule[], orphan: boolean): ColumnTable[] | null {
  const first = [...tables].sort((p, q) => p.box.y0 - q.box.y0)[0];
  // The page's first line that is more than a running head: the body's first line (a one-row body
  // makes no table on its own: it is found again with the header). Heading lines the first table left
  // out for want of a bound above them (the lower rows of a header begun on the previous page) are
  // no such line: the carried lines may bound them.
  const loose = new Set(first?.unbounded ?? []);
  const opening = lines.map((l, k) => ({ l, k })).filter(({ l, k }) => lineChars(l) > SHORT_LINE_CHARS && !loose.has(k)).sort((p, q) => p.l.y0 - q.l.y0)[0];
  if (!opening) return null;
  // (an orphan is a row of amounts: a page that opens with a title or a reprinted header starts a table of its own)
  if (orphan ? tables.some((t) => t.lines.includes(opening.k)) || !toLn(opening.l).data : first && !first.lines.includes(opening.k)) return null;
  // Above the page's own header lines, if any, and above the top of the cells they imply: a heading
  // with no heading under it, centred over several rows, stands as far below its cell's top as above
  // the header's bottom, and a carried row set lower would seem to lie beside it (合计 over two rows
  // under 预算数).
  // (an orphan row has none: the tables further down the page are others)
  const own = orphan ? [] : [...(first?.headerLines ?? []), ...loose].map((k) => lines[k]).filter((l) => !isColumnNumbers(toLn(l)));
  const words = own.flatMap((l) => l.words.map((w) => w.bbox));
  const bottom = Math.max(...words.map((w) => w.y1));
  const beneath = (w: BBox) => words.filter((o) => o.y0 >= w.y1 - 0.5 && Math.min(o.x1, w.x1) > Math.max(o.x0, w.x0));
  const top = words.length ? Math.min(...words.map((w) => (beneath(w).length ? w.y0 : Math.min(w.y0, w.y0 + w.y1 - bottom)))) : opening.l.y0;
  // The carried lines keep their own spacing and end above that as far as a heading of the page stands
  // above the heading under it (a row of its own, not a line of the cell beside it).
  const gaps = carried.slice(1).map((l, k) => l.y0 - carried[k].y1).filter((g) => g > 0);
  // (each heading's gap down to the nearest heading under it)
  const rowGaps = words.filter((w) => beneath(w).length).map((w) => Math.min(...beneath(w).map((o) => o.y0 - w.y1)));
  const gap = Math.max(gaps.length ? Math.min(...gaps) : 0.3 * carried[carried.length - 1].size, ...rowGaps);
  const dy = top - gap - Math.max(...carried.map((l) => l.y1));
  const shifted = carried.map((l) => shiftLine(l, dy));
  const all = [...shifted.map((line, k) => ({ line, carried: true, k })), ...lines.map((line, k) => ({ line, carried: false, k }))].sort((p, q) => p.line.y0 - q.line.y0);
  const again = columnTables(all.map((a) => a.line), page, rules);
  const lead = again.find((t) => t.lines.some((i) => !all[i].carried && all[i].k === opening.k));
  const taken = lead?.headerLines.filter((i) => all[i].carried) ?? [];
  if (!taken.length || !taken.some((i) => hasHeaderWords(all[i].line))) return null;
  const mine = (ids: number[]) => ids.filter((i) => !all[i].carried).map((i) => all[i].k);
  return again
    .filter((t) => mine(t.lines).length)
    .map((t) => ({ ...t, lines: mine(t.lines), headerLines: mine(t.headerLines), carried: t.lines.filter((i) => all[i].carried).map((i) => all[i].k) }));
}

function columnTables(lines: readonly WordLine[], page: number, rules: readonly HRule[]): ColumnTable[] {
  const lns = lines.map(toLn);
  const index = new Map(lns.map((l, k) => [l, k]));
  return findRegions(lns, rules).map((region) => ({
    ...toGrid(region, page),
    lines: [...region.header, ...region.body].map((l) => index.get(l)!),
    headerLines: region.header.map((l) => index.get(l)!),
    unbounded: region.unbounded.map((l) => index.get(l)!),
    bodyless: region.data.every(isColumnNumbers),
  }));
}

/** A line this short above a table is a running head or a page number, not a title or prose. */
const SHORT_LINE_CHARS = 6;
/** A line's text without spaces. */
const lineText = (l: WordLine) => l.words.map((w) => w.text).join('').replace(/\s+/g, '');
const lineChars = (l: WordLine) => lineText(l).length;

function shiftLine(l: WordLine, dy: number): WordLine {
  return { ...l, y0: l.y0 + dy, y1: l.y1 + dy, words: l.words.map((w) => ({ ...w, bbox: { ...w.bbox, y0: w.bbox.y0 + dy, y1: w.bbox.y1 + dy } })) };
}

const HEADER_WORDS = [...HEADER_ONLY_WORDS].filter((w) => w.length >= 2);
/** Whether a line prints a word only headers print (科目名称, 决算数, 基本支出 …). */
function hasHeaderWords(l: WordLine): boolean {
  const text = lineText(l);
  return HEADER_WORDS.some((w) => text.includes(w));
}
