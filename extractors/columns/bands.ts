/**
 * Column bands of a table body: the x-coverage of its data lines' words. A gap that no row covers
 * separates two columns; a word that bridges a gap some other row leaves (a long label, a 合计 over
 * code and name) does not merge columns; neighbouring bands that no row fills together are one
 * column printed with two alignments (a centred 栏次 number over right-aligned amounts).
 */
import type { Word } from './words.js';
import { cutWord, isNumeric } from './words.js';

export interface Tok {
  word: Word;
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  size: number;
  numeric: boolean;
}

export interface Band {
  x0: number;
  x1: number;
  rows: Set<number>;
  numeric: number;
  /**
   * The part of the band that more than one row reaches (with three rows or more): a label centred
   * over merged cells (人员经费合计 across code and name columns) may stick out of its column alone.
   */
  core?: { x0: number; x1: number };
  /** The centre its rows' values share when they are centred (of different widths, one centre). */
  centre?: number;
  /** The right edge its rows' text values share when they are right-aligned (labels of different widths, one end). */
  right?: number;
  /** The edge all its rows share, numbers too, when they are aligned to it (values of different widths). */
  sharedStart?: number;
  sharedEnd?: number;
}

export function tok(word: Word): Tok {
  const { x0, x1, y0, y1 } = word.bbox;
  return { word, text: word.text, x0, x1, y0, y1, size: word.size, numeric: isNumeric(word.text) };
}

export const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.min(a1, b1) - Math.max(a0, b0);

function unionBands(items: { t: Tok; row: number }[], skip: Set<Tok>): Band[] {
  const list = items.filter((i) => !skip.has(i.t)).sort((p, q) => p.t.x0 - q.t.x0);
  const bands: Band[] = [];
  for (const { t, row } of list) {
    const last = bands[bands.length - 1];
    // Words that merely touch (a right-aligned amount against the next column's code) stay apart.
    if (last && t.x0 < last.x1 - 0.5) {
      last.x1 = Math.max(last.x1, t.x1);
      last.rows.add(row);
      if (t.numeric) last.numeric++;
    } else bands.push({ x0: t.x0, x1: t.x1, rows: new Set([row]), numeric: t.numeric ? 1 : 0 });
  }
  return bands;
}

/**
 * Bands of the body rows (one token list per data line) and the tokens that bridge two bands.
 * `apart` vetoes joining two neighbouring bands no row fills together (the header heads them
 * separately: in a sparse body, a 合计 amount and the codes of the next column never share a row).
 */
export function columnBands(rows: Tok[][], em: number, apart?: (a: Band, b: Band) => boolean): { bands: Band[]; bridges: Set<Tok> } {
  const items = rows.flatMap((toks, row) => toks.map((t) => ({ t, row })));
  const bridges = new Set<Tok>();
  let bands = unionBands(items, bridges);
  for (let pass = 0; pass < 3; pass++) {
    // A row with two tokens inside one band shows a column gap that a token of another row bridges.
    const splits: [number, number][] = [];
    for (const b of bands) {
      for (const toks of rows) {
        const inside = toks.filter((t) => !bridges.has(t) && t.x0 >= b.x0 - 0.5 && t.x1 <= b.x1 + 0.5);
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
  for (;;) {
    let best = -1;
    let bestGap = Infinity;
    for (let j = 1; j < bands.length; j++) {
      const gap = bands[j].x0 - bands[j - 1].x1;
      if (gap > 2 * em) continue;
      if ([...bands[j].rows].some((r) => bands[j - 1].rows.has(r))) continue;
      if (apart?.(bands[j - 1], bands[j])) continue;
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
  for (const b of bands) {
    const inside = items.filter(({ t }) => !bridges.has(t) && t.x0 >= b.x0 - 0.5 && t.x1 <= b.x1 + 0.5);
    b.core = coreOf(b, inside);
    const centre = sharedCentre(inside, em);
    if (centre !== undefined) b.centre = centre;
    const right = sharedRight(inside, em);
    if (right !== undefined && centre === undefined) b.right = right;
    const spans = rowSpans(inside);
    const start = sharedEdge(spans.map((x) => ({ edge: x.x0, width: x.x1 - x.x0 })), em);
    const end = sharedEdge(spans.map((x) => ({ edge: x.x1, width: x.x1 - x.x0 })), em);
    if (start !== undefined && end === undefined) b.sharedStart = start;
    if (end !== undefined && start === undefined) b.sharedEnd = end;
  }
  return { bands, bridges };
}

/** Each row's extent in the band. */
function rowSpans(items: { t: Tok; row: number }[]): { x0: number; x1: number }[] {
  const by = new Map<number, { x0: number; x1: number }>();
  for (const { t, row } of items) {
    const s = by.get(row);
    by.set(row, s ? { x0: Math.min(s.x0, t.x0), x1: Math.max(s.x1, t.x1) } : { x0: t.x0, x1: t.x1 });
  }
  return [...by.values()];
}

/** The edge (x) three rows or more of widths an em apart or more share within a fifth of an em, all but a quarter of them. */
function sharedEdge(spans: { edge: number; width: number }[], em: number): number | undefined {
  if (spans.length < 3) return undefined;
  const at = spans.map((s) => s.edge).sort((p, q) => p - q)[spans.length >> 1];
  const agree = spans.filter((s) => Math.abs(s.edge - at) <= 0.2 * em);
  const widths = agree.map((s) => s.width);
  if (agree.length < 0.75 * spans.length || Math.max(...widths) - Math.min(...widths) < em) return undefined;
  return at;
}

/**
 * The centre of values centred in their cells: three rows or more of widths an em apart or more
 * whose centres agree within a fifth of an em (left- or right-aligned values of such widths share an
 * edge instead), all rows but a few (a 合计 label centred over merged cells) among them.
 */
function sharedCentre(items: { t: Tok; row: number }[], em: number): number | undefined {
  const spans = rowSpans(items);
  if (spans.length < 3) return undefined;
  const mid = (s: { x0: number; x1: number }) => (s.x0 + s.x1) / 2;
  const centre = spans.map(mid).sort((p, q) => p - q)[spans.length >> 1];
  const agree = spans.filter((s) => Math.abs(mid(s) - centre) <= 0.2 * em);
  const widths = agree.map((s) => s.x1 - s.x0);
  if (agree.length < 3 || agree.length < 0.75 * spans.length || Math.max(...widths) - Math.min(...widths) < em) return undefined;
  return centre;
}

/**
 * The right edge of right-aligned labels: two rows or more of text (not amounts: they are
 * right-aligned everywhere and say nothing of the header) of widths an em apart or more whose ends
 * agree within a fifth of an em (all of them when there are only two).
 */
function sharedRight(items: { t: Tok; row: number }[], em: number): number | undefined {
  if (items.some(({ t }) => t.numeric)) return undefined;
  const spans = rowSpans(items);
  if (spans.length < 2) return undefined;
  const end = spans.map((s) => s.x1).sort((p, q) => p - q)[spans.length >> 1];
  const agree = spans.filter((s) => Math.abs(s.x1 - end) <= 0.2 * em);
  const widths = agree.map((s) => s.x1 - s.x0);
  if (agree.length < 2 || agree.length < 0.75 * spans.length || Math.max(...widths) - Math.min(...widths) < em) return undefined;
  return end;
}

/** The band without what a single row adds on either side. */
function coreOf(b: Band, items: { t: Tok; row: number }[]): { x0: number; x1: number } {
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  for (const { t, row } of items) {
    lo.set(row, Math.min(lo.get(row) ?? Infinity, t.x0));
    hi.set(row, Math.max(hi.get(row) ?? -Infinity, t.x1));
  }
  if (lo.size < 3) return { x0: b.x0, x1: b.x1 };
  const x0 = [...lo.values()].sort((p, q) => p - q)[1];
  const x1 = [...hi.values()].sort((p, q) => q - p)[1];
  return x0 < x1 ? { x0, x1 } : { x0: b.x0, x1: b.x1 };
}

/** Bands a span [x0, x1] overlaps by more than a quarter of the narrower of the two. */
export function overlapped(x0: number, x1: number, bands: readonly { x0: number; x1: number }[]): number[] {
  const out: number[] = [];
  bands.forEach((b, j) => {
    const ov = overlap(x0, x1, b.x0, b.x1);
    if (ov > 0 && ov > 0.25 * Math.min(x1 - x0, b.x1 - b.x0)) out.push(j);
  });
  return out;
}

/** The band a span overlaps most, else the nearest one. */
export function bestBand(x0: number, x1: number, bands: readonly { x0: number; x1: number }[]): number {
  let best = 0;
  let bestOv = -Infinity;
  bands.forEach((b, j) => {
    const ov = overlap(x0, x1, b.x0, b.x1);
    if (ov > bestOv) {
      bestOv = ov;
      best = j;
    }
  });
  return best;
}

/**
 * Cuts a word that runs across the gap [gapL, gapR] between two columns: at the widest space between
 * two characters near the gap (the middle of the gap when the characters are not known or touch).
 * `accept` can refuse a cut (the body only cuts off amounts, never a label spanning two columns).
 */
export function cutAcrossGap(
  t: Tok,
  gapL: number,
  gapR: number,
  em: number,
  accept: (l: string, r: string) => boolean = () => true,
  minSpace = -Infinity,
): [Tok, Tok] | null {
  const chars = t.word.chars;
  const middle = (gapL + gapR) / 2;
  let cutAt: number | null = null;
  if (chars) {
    // `minSpace`: the cut needs a space this much wider than the word's usual one between characters
    const spaces = chars.slice(1).map((c, k) => c.x0 - chars[k].x1).sort((a, b) => a - b);
    const usual = spaces.length ? spaces[spaces.length >> 1] : 0;
    let best = -Infinity;
    for (let k = 1; k < chars.length; k++) {
      const mid = (chars[k - 1].x1 + chars[k].x0) / 2;
      if (mid < gapL - 0.5 * em || mid > gapR + 0.5 * em) continue;
      const l = chars.slice(0, k).map((c) => c.ch).join('');
      const r = chars.slice(k).map((c) => c.ch).join('');
      if (!accept(l, r) || chars[k].x0 - chars[k - 1].x1 < usual + minSpace) continue;
      // widest space first, then nearest the middle of the gap
      const score = chars[k].x0 - chars[k - 1].x1 - Math.abs(mid - middle) / 100;
      if (score > best) {
        best = score;
        cutAt = mid;
      }
    }
  } else cutAt = middle;
  if (cutAt === null) return null;
  const parts = cutWord(t.word, cutAt);
  if (!parts || !accept(parts[0].text, parts[1].text)) return null;
  return [tok(parts[0]), tok(parts[1])];
}
