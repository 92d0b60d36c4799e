/**
 * The header of an unruled table, fitted to the body's column bands for any text alignment.
 *
 * 1. The header's alignment (left, centre or right) is read from the header itself: words stacked
 *    in one cell (wrapped lines, a group heading over its first or last sub-heading) share their
 *    left edge, their centre or their right edge.
 * 2. A word that crosses a band gap and has nothing under it is two headings printed close
 *    together: it is cut at the gap. Every word gets a home column: the band it overlaps, or, in a
 *    gap, the band its alignment points to (left-aligned text starts its cell, so the band to its
 *    right). Words of one line with the same home are one phrase; words of different columns never
 *    join (no 本年收入合计财政拨款收入).
 * 3. A column's extent is its band together with the header words homed on it.
 * 4. Phrases stacked closely in one column with the same alignment are the wrapped lines of one cell.
 * 5. A cell with cells under it is a group heading: it spans the neighbouring columns (to the right
 *    when left-aligned, to the left when right-aligned, around its centre when centred) that hold
 *    sub-headings at the level of its own and have no heading beside it.
 */
import type { Band, Tok } from './bands.js';
import { cutAcrossGap, overlap, overlapped } from './bands.js';
import { isCjk } from '../pdf/geometry.js';
import { WORD_GAP_EM } from './words.js';
import { rowMarker } from '../../schemas/header-vocabulary.js';

export type Align = 'left' | 'center' | 'right';

/**
 * The most space between two wrapped lines of one heading: half an em at 1.5 line spacing (Chromium
 * at 12 pt: 6.0 pt, which rounding puts either side of exactly half an em), with a margin.
 */
const WRAP_GAP_EM = 0.55;
/** How far (ems) under a heading the next header line may start. */
const HEADER_LEVEL_EM = 1.5;

export interface Extent {
  x0: number;
  x1: number;
}

export interface HeaderCell {
  lines: string[];
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** column range a..b */
  a: number;
  b: number;
  level: number;
  rowSpan: number;
}

export interface HeaderModel {
  align: Align;
  extents: Extent[];
  cells: HeaderCell[];
  rows: number;
}

interface Phrase extends Tok {
  a: number;
  b: number;
  line: number;
}

/** Alignment shared by stacked header words: which edge (or centre) they have in common. */
export function headerAlignment(toks: readonly Tok[], bands: readonly Band[], em: number): Align {
  const score: Record<Align, number> = { left: 0, center: 0, right: 0 };
  const tol = 0.3 * em;
  for (const u of toks) {
    const hits: Record<Align, number> = { left: 0, center: 0, right: 0 };
    for (const d of toks) {
      if (d === u || d.y0 < u.y1 - tol) continue;
      if (overlap(u.x0, u.x1, d.x0, d.x1) <= 0) continue;
      // Stacked: nothing between them, however far apart (tall heading rows, their text centred,
      // leave rows of space between a group heading and its leaves).
      const between = (m: Tok) =>
        m !== u && m !== d && m.y0 >= u.y1 - tol && m.y1 <= d.y0 + tol && overlap(m.x0, m.x1, u.x0, u.x1) > 0 && overlap(m.x0, m.x1, d.x0, d.x1) > 0;
      if (toks.some(between)) continue;
      if (Math.abs(u.x1 - u.x0 - (d.x1 - d.x0)) < 0.8 * em) continue; // same width: says nothing
      if (Math.abs(u.x0 - d.x0) <= tol) hits.left++;
      else if (Math.abs(u.x1 - d.x1) <= tol) hits.right++;
      else if (Math.abs(u.x0 + u.x1 - d.x0 - d.x1) / 2 <= tol) hits.center++;
    }
    // A heading whose text fills the span of its sub-headings shares the first one's start and the last
    // one's end (公务用车运行费 over 预算数 决算数 in narrow cells): that fits any alignment and says nothing.
    if (hits.left && hits.right) hits.left = hits.right = 0;
    for (const a of ['left', 'center', 'right'] as const) score[a] += hits[a];
  }
  // Headings over one column: a left-aligned heading never starts right of its values, a
  // right-aligned one never ends left of them. An alignment most headings contradict is out.
  const broken: Record<Align, number> = { left: 0, center: 0, right: 0 };
  let single = 0;
  for (const t of toks) {
    // (the 类/款/项 markers head parts of a code that may be printed across them or whole under 类:
    // where they stand over the codes says nothing of the header's alignment)
    if (rowMarker(t.text.replace(/\s+/g, '')) === 'codeLevel') continue;
    const over = overlapped(t.x0, t.x1, bands);
    if (over.length !== 1) continue;
    const b = bands[over[0]];
    // (one over only a total's label wider than the labels under it, not over their core, says nothing)
    if (b.core && overlap(t.x0, t.x1, b.core.x0, b.core.x1) <= 0) continue;
    single++;
    if (t.x0 > b.x0 + tol) broken.left++;
    if (t.x1 < b.x1 - tol) broken.right++;
    // sharing an edge or the centre with the values says little (values have their own alignment): a
    // tie-breaker; a heading as wide as its values shares all three and says nothing (a column without
    // values has the heading itself as its band)
    if (!b.rows.size || Math.abs(t.x1 - t.x0 - (b.x1 - b.x0)) < 0.8 * em) continue;
    // nor does one that reaches to the values beside it: it fills its cell, centred or not (上级 over a
    // column of "-" ends where the dashes end)
    const prev = bands[over[0] - 1];
    const next = bands[over[0] + 1];
    if (Math.abs(t.x0 - b.x0) <= tol) score.left += next && next.x0 - t.x1 < 0.5 * em ? 0 : 0.1;
    else if (Math.abs(t.x1 - b.x1) <= tol) score.right += prev && t.x0 - prev.x1 < 0.5 * em ? 0 : 0.1;
    else if (Math.abs(t.x0 + t.x1 - b.x0 - b.x1) / 2 <= tol) score.center += 0.1;
  }
  // Values of different widths that share their centre show their cells' centre, which a centred
  // heading of theirs shares: centred values that no heading is centred over (centred labels under
  // left-aligned headings) say the header is not centred. Left or right is then told by where the
  // headings stand: each column's at the edge of its cell, starting in the gap before its values or
  // ending in the gap after them.
  const heads = toks.filter((t) => !t.numeric);
  const centred = bands.filter((b) => b.centre !== undefined);
  const offCentre = centred.filter((b) => !heads.some((t) => Math.abs((t.x0 + t.x1) / 2 - b.centre!) <= 0.5 * em)).length;
  const centreOut = offCentre >= 2 && offCentre > 0.5 * centred.length;
  if (centreOut) {
    bands.forEach((b, j) => {
      if (!b.rows.size) return;
      const lo = j > 0 ? bands[j - 1].x1 : -Infinity;
      const hi = j < bands.length - 1 ? bands[j + 1].x0 : Infinity;
      if (heads.some((t) => t.x0 > lo && t.x0 <= b.x0 + tol)) score.left += 0.01;
      if (heads.some((t) => t.x1 >= b.x1 - tol && t.x1 < hi)) score.right += 0.01;
    });
  }
  // Right-aligned labels end where their cell ends (less its padding), so the header cell to their
  // right starts there: a heading starting just past that end, in the gap before the next values,
  // starts its cell (left-aligned), however far it reaches over them (wide amounts that fill their
  // cells); one ending at that end is right-aligned over the labels.
  bands.forEach((b, j) => {
    if (b.right === undefined) return;
    const hi = j < bands.length - 1 ? bands[j + 1].x0 : Infinity;
    if (heads.some((t) => t.x0 > b.right! && t.x0 <= b.right! + em && t.x0 < hi)) score.left += 0.5;
    if (heads.some((t) => Math.abs(t.x1 - b.right!) <= tol && t.x0 > b.x0)) score.right += 0.5;
  });
  // A heading in the gap between two columns' values that could be centred in no cell holding either
  // (the cell would reach into the other's values) is not centred. It stands at the edge of its cell:
  // ending just before the next values (right-aligned, the values left-aligned in theirs) or starting
  // just after the values before (the mirror). One such heading may be chance: it takes two.
  const edge = { left: 0, right: 0 };
  bands.forEach((b, j) => {
    const next = bands[j + 1];
    if (!next) return;
    const u = b.core ?? b;
    const v = next.core ?? next;
    for (const t of heads) {
      if (t.x0 < b.x1 || t.x1 > next.x0) continue;
      const c = (t.x0 + t.x1) / 2;
      const overBefore = 2 * c - b.x0 <= next.x0;
      const overAfter = 2 * c - next.x1 >= b.x1;
      if (overBefore || overAfter) continue;
      // (a blank column's heading, centred in its own cell in the gap, is near neither; distances to
      // the values' cores: a total's label or amount wider than the rest is no edge of the cell)
      const dl = t.x0 - u.x1;
      const dr = v.x0 - t.x1;
      // (a heading just before right-aligned values may as well start their cell, left-aligned: no
      // evidence; the mirror for one just after left-aligned values)
      // (clearly nearer one side: twice as near, and a quarter em more; narrow code columns leave
      // less than an em between a heading and the values before it: 类 right-aligned over 301 left-aligned)
      if (dr < 0.5 * em && dl > 2 * dr + 0.25 * em && next.sharedEnd === undefined) edge.right++;
      else if (dl < 0.5 * em && dr > 2 * dl + 0.25 * em && b.sharedStart === undefined) edge.left++;
    }
  });
  // A heading over no values, between two headings of the line under it and over neither, is a
  // centred group heading over the gap between its sub-headings (收入 over 项目 决算数): left-aligned,
  // it would start where its first sub-heading starts, right-aligned end where its last one ends.
  // One may be chance: it takes two.
  const overGaps = heads.filter((u) => !bands.some((b) => overValues(u, b.core ?? b, em)) && overGap(u, heads, em)).length;
  if (overGaps >= 2) score.center += 0.2 * overGaps;
  if (edge.right >= 2) score.right += 0.5 * edge.right;
  if (edge.left >= 2) score.left += 0.5 * edge.left;
  const out = (a: Align) => (a === 'center' && centreOut) || (broken[a] >= 2 && broken[a] > 0.25 * single);
  const kept = (['center', 'left', 'right'] as const).filter((a) => !out(a));
  return kept.length ? kept.reduce((p, q) => (score[q] > score[p] ? q : p)) : 'center';
}

const below = (u: { y1: number }, d: { y0: number }, tol: number) => d.y0 >= u.y1 - tol;
/** A heading stands over a column's values when it covers a fifth of an em of them. */
const overValues = (t: { x0: number; x1: number }, b: { x0: number; x1: number }, em: number) =>
  overlap(t.x0, t.x1, b.x0, b.x1) > 0.2 * em;

/**
 * A centred group heading whose columns are blank (or whose text clears them) stands over the gap between
 * its sub-headings (收入 between 项目 and 决算数): the headings of the next line down nearest it on either side
 * are nearer than any heading beside it on its own line, and none stands under it. The next line down
 * however tall the row (tall heading rows centre their text), with the one-line headings of that row
 * centred beside wrapped ones half a line lower.
 */
function overGap(t: Tok, headings: readonly Tok[], em: number): boolean {
  const down = headings.filter((d) => d.y0 >= t.y1 - 0.3 * em);
  const next = Math.min(...down.map((d) => d.y0));
  const lower = down.filter((d) => d.y0 - t.y1 <= HEADER_LEVEL_EM * em || d.y0 - next <= HEADER_LEVEL_EM * em);
  const level = headings.filter((o) => o !== t && overlap(t.y0, t.y1, o.y0, o.y1) > 0);
  const left = Math.max(...lower.filter((d) => d.x1 <= t.x0).map((d) => d.x1));
  const right = Math.min(...lower.filter((d) => d.x0 >= t.x1).map((d) => d.x0));
  if (!Number.isFinite(left) || !Number.isFinite(right) || lower.some((d) => overlap(t.x0, t.x1, d.x0, d.x1) > 0)) return false;
  return !level.some((o) => o.x1 > left && o.x0 < right);
}

/**
 * Two headings side by side directly under a heading are its sub-headings, however close below it:
 * a wrapped line is one line (a three-line table's header rows may stand closer than the wrapped
 * lines of one cell: Chromium, 公务用车购置费 0.4 em over 预算数 决算数).
 */
function headsTwo(o: { x0: number; x1: number; y1: number }, toks: readonly Tok[], em: number): boolean {
  const under = toks.filter((d) => d.y0 >= o.y1 - 0.3 * em && d.y0 - o.y1 <= HEADER_LEVEL_EM * em && overlap(o.x0, o.x1, d.x0, d.x1) > 0);
  // (apart by more than a word space: two words, as a wrapped line never is)
  return under.some((d) => under.some((e) => e !== d && Math.abs(e.y0 - d.y0) <= 0.3 * em && e.x0 - d.x1 >= WORD_GAP_EM * em));
}

/** Cuts words that cross band gaps with nothing under them (two headings printed close together). */
function cutFused(toks: Tok[], all: readonly Tok[], bands: readonly Band[], em: number, align: Align): Tok[] {
  const out: Tok[] = [];
  const queue = [...toks];
  while (queue.length) {
    const t = queue.shift()!;
    const over = overlapped(t.x0, t.x1, bands);
    // (a sub-heading under it makes it a group heading; a 栏次 number under it does not: every column has one)
    const hasUnder = all.some((d) => d !== t && !d.numeric && below(t, d, 0.3 * em) && d.y0 - t.y1 < 3 * em && overlap(t.x0, t.x1, d.x0, d.x1) > 0);
    const seam = hasUnder && over.length > 1 ? cutAtWrapSeam(t, all, bands, over, em, align) : null;
    if (seam) {
      queue.unshift(...seam);
      continue;
    }
    if (hasUnder || !over.length) {
      out.push(t);
      continue;
    }
    if (over.length === 1) {
      const parts = cutOutOfBand(t, bands, over[0], em);
      if (parts) queue.unshift(...parts);
      else out.push(t);
      continue;
    }
    // Two headings printed close together still have their cells' padding between them; one heading
    // that reaches over a gap between narrow columns is spaced evenly.
    const parts = cutAcrossGap(t, bands[over[0]].x1, bands[over[0] + 1].x0, em, undefined, 0.1 * em);
    if (parts) queue.unshift(...parts);
    else out.push(t);
  }
  return out;
}

/**
 * Two headings printed edge to edge over two columns, each wrapped onto a second line (一般公共预算财政拨
 * 政府性基金预算财政 over 款 and 拨款, right-aligned, the lines touching as one paragraph's do): the wrapped
 * line under the first ends where its cell ends (starts, when left-aligned), between the two columns'
 * values and inside the fused word. Cut there.
 */
function cutAtWrapSeam(t: Tok, all: readonly Tok[], bands: readonly Band[], over: number[], em: number, align: Align): [Tok, Tok] | null {
  if (align === 'center') return null;
  // (lines of one paragraph touch; a sub-heading is a cell's padding lower: 经济分类科目编码 over 类 款)
  const wrapped = all.filter((d) => d !== t && !d.numeric && below(t, d, 0.3 * em) && d.y0 - t.y1 <= 0.1 * em && overlap(t.x0, t.x1, d.x0, d.x1) > 0);
  for (let k = 0; k + 1 < over.length; k++) {
    const lo = bands[over[k]].x1 - 0.3 * em;
    const hi = bands[over[k + 1]].x0 + 0.3 * em;
    for (const d of wrapped) {
      const e = align === 'right' ? d.x1 : d.x0;
      if (e < lo || e > hi || e <= t.x0 + 0.5 * em || e >= t.x1 - 0.5 * em) continue;
      const parts = cutAcrossGap(t, e, e, em);
      if (parts) return parts;
    }
  }
  return null;
}

/**
 * A word over one band that reaches a character or more into the gap beside it, with a space wider
 * than its others where it leaves the band, is two headings printed close together: a right-aligned
 * 项目 ending past its left-aligned labels, fused with the 行次 over the next column (项目行次).
 */
function cutOutOfBand(t: Tok, bands: readonly Band[], j: number, em: number): [Tok, Tok] | null {
  const b = bands[j];
  const outside = (p: Tok) => overlap(p.x0, p.x1, b.x0, b.x1) <= 0.2 * em;
  if (j > 0 && t.x0 < b.x0 - em) {
    const parts = cutAcrossGap(t, Math.max(t.x0, bands[j - 1].x1), b.x0, em, undefined, 0.25 * em);
    if (parts && outside(parts[0]) && parts[0].x1 - parts[0].x0 >= em) return parts;
  }
  if (j < bands.length - 1 && t.x1 > b.x1 + em) {
    const parts = cutAcrossGap(t, b.x1, Math.min(t.x1, bands[j + 1].x0), em, undefined, 0.25 * em);
    if (parts && outside(parts[1]) && parts[1].x1 - parts[1].x0 >= em) return parts;
  }
  return null;
}

/**
 * Home column of a header word: the band it overlaps, or in a gap the band its alignment points to
 * (or the unheaded band it was found to head: `adopted`).
 */
function home(t: Tok, bands: readonly Band[], align: Align, em: number, adopted: ReadonlyMap<Tok, Band>): [number, number] {
  const own = adopted.get(t);
  if (own) return [bands.indexOf(own), bands.indexOf(own)];
  // A heading never reaches into a neighbour's values unless it spans that column too (what one
  // row's text sticks out of its column, a label over merged cells, is no column's values).
  const over = bands.flatMap((b, j) => (overValues(t, b.core ?? b, em) ? [j] : []));
  if (over.length) return [over[0], over[over.length - 1]];
  const n = bands.length;
  if (align === 'left') {
    const j = bands.findIndex((b) => b.x0 >= t.x0);
    return j < 0 ? [n - 1, n - 1] : [j, j];
  }
  if (align === 'right') {
    let j = -1;
    bands.forEach((b, k) => {
      if (b.x1 <= t.x1) j = k;
    });
    return j < 0 ? [0, 0] : [j, j];
  }
  // Nearest by centre, unless that is a blank column (its band only the ink of its own heading, so
  // its centre says little) and the centre lies over a column of values: 项目 over code and name
  // columns, nearer by centre to the 项 heading of a blank column than to the name column's centre.
  const near = nearestByCentre(t, bands);
  const c = (t.x0 + t.x1) / 2;
  const inside = bands.findIndex((b) => b.rows.size > 0 && b.x0 <= c && c <= b.x1);
  const best = bands[near].rows.size === 0 && inside >= 0 ? inside : near;
  return [best, best];
}

function nearestByCentre(t: { x0: number; x1: number }, bands: readonly { x0: number; x1: number }[]): number {
  const c = (t.x0 + t.x1) / 2;
  let best = 0;
  bands.forEach((b, k) => {
    if (Math.abs((b.x0 + b.x1) / 2 - c) < Math.abs((bands[best].x0 + bands[best].x1) / 2 - c)) best = k;
  });
  return best;
}

/**
 * Columns whose values are all blank exist only in the header: a heading beyond the outermost
 * values is a column of its own, and so is a heading in a gap between two value columns that is
 * not the one the next values belong to. Left-aligned headings start their cells, so the values of
 * a gap's band belong to the heading of the gap that starts last (nearest the band), and every
 * heading starting further left is a blank column; right-aligned ones mirror that. Centred
 * headings (and numbers) say less: two of them on one line in one gap are each a column.
 */
function headerOnlyColumns(lines: Tok[][], bands: readonly Band[], em: number, align: Align): { bands: Band[]; adopted: Map<Tok, Band> } {
  // (a band's core: a total's label wider than the labels under it reaches under no heading)
  const core = (b: Band) => b.core ?? b;
  const free = (t: Tok) => bands.every((b) => !overValues(t, core(b), em));
  const gapOf = (t: Tok) => bands.filter((b) => b.x1 <= t.x0).length;
  const n = bands.length;
  // How far a word beyond the outer band j (the first or the last) stands from its values.
  const dist = (o: Tok, j: number) => (j === 0 ? bands[0].x0 - o.x1 : o.x0 - bands[j].x1);
  // The band a heading's cell holds values of: the one it overlaps, else the one its alignment points to.
  const slot = (t: Tok): number => {
    const over = bands.findIndex((b) => overValues(t, core(b), em));
    if (over >= 0) return over;
    if (align === 'center') return nearestByCentre(t, bands);
    if (align === 'left') {
      const j = bands.findIndex((b) => b.x0 >= t.x0);
      return j < 0 ? n : j;
    }
    let j = -1;
    bands.forEach((b, k) => {
      if (b.x1 <= t.x1) j = k;
    });
    return j;
  };
  const words = lines.flat();
  const headings = words.filter((t) => !t.numeric);
  // No header word, heading or number, stands over the band's values.
  const overNone = (b: Band) => !words.some((o) => overValues(o, b, em));
  // Another heading of the same band nearer to its values (starting more than an em further right
  // when left-aligned: not a wrapped line or a group heading over it, which share its left edge),
  // and not one of its own sub-headings.
  const sub = (t: Tok, o: Tok) => o.y0 >= t.y1 - 0.3 * em && overlap(t.x0, t.x1, o.x0, o.x1) > 0;
  // Centred: a heading beside it whose centre is nearer the band's.
  const mid = (x: { x0: number; x1: number }) => (x.x0 + x.x1) / 2;
  const nearer = (o: Tok, t: Tok) => {
    if (align === 'left') return o.x0 > t.x0 + em;
    if (align === 'right') return o.x1 < t.x1 - em;
    const b = bands[slot(t)];
    // beside it: at its height (a group heading centred over a gap has nothing under its words)
    const level = overlap(t.y0, t.y1, o.y0, o.y1) > 0 && overlap(t.x0, t.x1, o.x0, o.x1) <= 0;
    return level && Math.abs(mid(o) - mid(b)) < Math.abs(mid(t) - mid(b));
  };
  const passedOver = (t: Tok) => headings.some((o) => o !== t && !sub(t, o) && slot(o) === slot(t) && nearer(o, t));
  // A heading centred in a cell whose values keep to the cell's edge may stand in the gap before
  // them, over none of them (决算数 centred, its amounts right-aligned: by a right-aligned header it
  // ends short of them). Values always have a heading: a band no heading stands over takes the
  // heading nearest it in the gap on the side its alignment faces away from, when that heading's own
  // band has a nearer one (it would otherwise be a blank column beside unheaded values). A band some
  // heading's alignment points to is headed (项目 right-aligned after its left-aligned labels).
  const unheaded = (j: number) =>
    bands[j].rows.size > 0 &&
    overNone(bands[j]) &&
    !headings.some((o) => slot(o) === j);
  const adoptedBy = (t: Tok): Band | undefined => {
    if (align === 'center' || t.numeric) return undefined;
    const g = gapOf(t);
    const j = align === 'right' ? g : g - 1;
    if (j < 0 || j >= n || !unheaded(j)) return undefined;
    const rivals = headings.filter((o) => o !== t && free(o) && gapOf(o) === g);
    const nearest = rivals.every((o) => (align === 'right' ? o.x1 <= t.x1 + 0.3 * em : o.x0 >= t.x0 - 0.3 * em));
    return nearest ? bands[j] : undefined;
  };
  // t is the next line of o's text: right under it, within its extent.
  const wraps = (o: Tok, t: Tok) =>
    o !== t && t.y0 >= o.y1 - 0.3 * em && t.y0 - o.y1 <= WRAP_GAP_EM * em && t.x0 >= o.x0 - 0.3 * em && t.x1 <= o.x1 + 0.3 * em && !headsTwo(o, headings, em);
  const wrappedLines = (o: Tok): Tok[] => {
    const out: Tok[] = [];
    for (let cur: Tok | undefined = o; cur; ) {
      const at: Tok = cur;
      cur = headings.find((d) => !out.includes(d) && wraps(at, d));
      if (cur) out.push(cur);
    }
    return out;
  };
  // A number standing under a leaf heading of one band is that column's 栏次 number, however short of
  // the values it ends (centred under 项目支出 in a wide cell whose 80.3 keeps to the right edge). The
  // heading's own wrapped lines are no sub-headings.
  const underLeaf = (t: Tok) =>
    headings.some((o) => {
      if (o.y1 > t.y0 + 0.3 * em || t.x0 < o.x0 - 0.3 * em || t.x1 > o.x1 + 0.3 * em) return false;
      // (over one column's values, or over none: a blank column's, or one clear of its values beside it)
      if (bands.filter((b) => overValues(o, b, em)).length > 1) return false;
      const own = wrappedLines(o);
      return !headings.some((d) => d !== o && !own.includes(d) && sub(o, d));
    });
  // A centred heading in the gap right of a column of left-aligned text (labels: their cell starts where
  // they start) is that column's when the cell it would be centred in, from there, ends before the next
  // values: 科目名称 and 栏次 centred in a name cell much wider than its labels (A3 paper) stand far
  // right of them, in the gap before the amounts.
  const inLabelCell = (t: Tok) => {
    if (align !== 'center' || t.numeric) return false;
    // the column it starts in or after (it may touch the end of the longest label)
    const j = bands.filter((b) => b.x0 < t.x0).length - 1;
    const b = bands[j];
    if (!b || b.numeric > 0 || b.right !== undefined || b.centre !== undefined) return false;
    return 2 * mid(t) - b.x0 < (bands[j + 1]?.x0 ?? Infinity);
  };
  const adopted = new Map<Tok, Band>();
  const extra: { x0: number; x1: number }[] = [];
  for (const toks of lines) {
    for (const t of toks) {
      if (!free(t) || inLabelCell(t)) continue;
      if (t.numeric && underLeaf(t)) continue;
      const g = gapOf(t);
      // A left-aligned heading left of the first values starts their cell (a wide cell, its amount
      // right-aligned) unless another heading starts nearer them (passedOver below); right-aligned mirrors.
      // Values no heading stands over are the cell's of the nearest heading beyond them, not a blank
      // column's (对附属单位补助支出 centred, clear of the "-" at its cell's left edge).
      const headsOuter = (j: number) =>
        !t.numeric &&
        bands[j].rows.size > 0 &&
        overNone(bands[j]) &&
        !toks.some((o) => o !== t && !o.numeric && free(o) && gapOf(o) === g && dist(o, j) < dist(t, j));
      const outside =
        g === 0
          ? align !== 'left' && t.x1 < bands[0].x0 - 2 * em && !headsOuter(0)
          : g === bands.length && align !== 'right' && !headsOuter(n - 1);
      // A group heading is no column: its sub-headings are (or the wrapped line under it).
      // (a heading with one a row below it: the next line of a wrapped heading touches it)
      const group = (o: Tok) => headings.some((d) => d !== o && sub(o, d) && d.y0 - o.y1 > WRAP_GAP_EM * em) || headsTwo(o, headings, em);
      if (!t.numeric && (group(t) || (align === 'center' && overGap(t, headings, em)))) continue;
      // nor is the wrapped last line of a group heading (公务用车购置 / 费 over 预算数 决算数), or of a
      // heading over values: a short last line centred in a wide cell may miss its left-aligned values
      // (国有资本经 / 营预算财政 / 拨款 over 0.00 at the cell's left edge).
      if (!t.numeric && headings.some((o) => wraps(o, t) && (group(o) || !free(o)))) continue;
      // Of several centred headings (or numbers) in one gap, the one nearest by centre to a band that no
      // heading stands over is that band's heading (经营支出 over amounts that its neighbour 上缴上级支出,
      // a blank column, pushes right of it): only the others are blank columns.
      const claims = () => {
        if (align !== 'center' && !t.numeric) return false;
        const s = slot(t);
        if (s < 0 || s >= n) return false;
        const b = bands[s];
        if (!overNone(b)) return false;
        const rivals = toks.filter((o) => o !== t && free(o) && o.numeric === t.numeric && gapOf(o) === g);
        return rivals.every((o) => Math.abs(mid(o) - mid(b)) > Math.abs(mid(t) - mid(b)));
      };
      const crowded =
        (!t.numeric && passedOver(t)) ||
        ((align === 'center' || t.numeric) && toks.some((o) => o !== t && free(o) && gapOf(o) === g && !(g === 0 && !outside)) && !claims());
      const own = crowded && !outside && passedOver(t) ? adoptedBy(t) : undefined;
      if (own) adopted.set(t, own);
      else if (outside || crowded) extra.push({ x0: t.x0, x1: t.x1 });
    }
  }
  if (!extra.length) return { bands: [...bands], adopted };
  // Headings of one blank column stacked over each other (wrapped) are one column.
  extra.sort((p, q) => p.x0 - q.x0);
  const merged: { x0: number; x1: number }[] = [];
  for (const e of extra) {
    const last = merged[merged.length - 1];
    if (last && e.x0 < last.x1) last.x1 = Math.max(last.x1, e.x1);
    else merged.push({ ...e });
  }
  const all = [...bands, ...merged.map((m) => ({ ...m, rows: new Set<number>(), numeric: 0 }))].sort((p, q) => p.x0 - q.x0);
  return { bands: all, adopted };
}

/**
 * @param numbersRow the last header line is the row of column numbers (栏次 1 2 3 …): it is the
 * header's deepest row whatever the headings above it span.
 */
export function fitHeader(lines: Tok[][], valueBands: readonly Band[], em: number, numbersRow = false): HeaderModel {
  const all = lines.flat();
  // Read from the headings over value columns: the blank columns found with it only echo it.
  const align = headerAlignment(all, valueBands, em);
  const { bands, adopted } = headerOnlyColumns(lines, valueBands, em, align);
  const tol = 0.3 * em;

  // Phrases: cut fused words, give each a home, join neighbours of one line with the same home.
  // (the row of column numbers is under every heading, its 栏次 word too: it makes none a group heading)
  const overNumbers = numbersRow ? lines.slice(0, -1).flat() : all;
  const phrases: Phrase[] = [];
  lines.forEach((toks, line) => {
    const cut = cutFused(toks, overNumbers, bands, em, align).sort((p, q) => p.x0 - q.x0);
    let last: Phrase | undefined;
    for (const t of cut) {
      const [a, b] = home(t, bands, align, em, adopted);
      const cjk = last ? isCjk(last.text.slice(-1)) && isCjk(t.text[0]) : false;
      // Words at different heights are different cells even when the reader put them on one line
      // (headings of neighbouring cells centred over different numbers of rows).
      const level = last ? Math.abs(t.y0 - last.y0) <= tol && Math.abs(t.y1 - last.y1) <= tol : false;
      if (last && level && last.a === a && last.b === b && t.x0 - last.x1 <= (cjk ? 2.5 : 1) * em) {
        last.text += cjk ? t.text : ' ' + t.text;
        last.x1 = t.x1;
        last.y0 = Math.min(last.y0, t.y0);
        last.y1 = Math.max(last.y1, t.y1);
        last.numeric = false;
        continue;
      }
      last = { ...t, a, b, line };
      phrases.push(last);
    }
  });

  // Extents grow by leaf headings only: a group heading or a 栏次 may stand over more than its home column.
  const extents: Extent[] = bands.map((b) => ({ x0: b.x0, x1: b.x1 }));
  const inNumbers = (p: Phrase) => numbersRow && p.line === lines.length - 1;
  const headings = phrases.filter((p) => !p.numeric);
  const wrapOf = (p: Phrase, d: Phrase) =>
    d.line === p.line + 1 && d.y0 - p.y1 <= WRAP_GAP_EM * em && d.x1 - d.x0 <= p.x1 - p.x0 + 0.5 * em && !headsTwo(p, headings, em);
  const leaf = (p: Phrase) =>
    !(inNumbers(p) && !p.numeric) &&
    !phrases.some((d) => d !== p && !inNumbers(d) && d.y0 >= p.y1 - 0.1 * em && overlap(p.x0, p.x1, d.x0, d.x1) > 0 && !wrapOf(p, d));
  for (const p of phrases) {
    if (p.a !== p.b || !leaf(p)) continue;
    extents[p.a].x0 = Math.min(extents[p.a].x0, p.x0);
    extents[p.a].x1 = Math.max(extents[p.a].x1, p.x1);
  }
  const width = (a: number, b: number) => extents[b].x1 - extents[a].x0;

  // A heading is a group heading over the line under it when that line has a sibling in the next
  // column on the side the heading's cell extends to (right-aligned: to the left), at its height and
  // short of the next heading at the heading's own level (本年支出 right-aligned over 小计 基本支出
  // 项目支出, the last sharing its right edge; 公务用车运行费 left-aligned over 预算数 and a 决算数
  // starting just past its text). A neighbour's wrapped lines stand under its own first line.
  const headsSiblings = (q: Phrase, p: Phrase) => {
    if (align === 'center') return false;
    const j = align === 'right' ? p.a - 1 : p.b + 1;
    const level = headings.filter((o) => o !== q && overlap(o.y0, o.y1, q.y0, q.y1) > 0 && overlap(o.x0, o.x1, q.x0, q.x1) <= 0);
    const lo = align === 'right' ? Math.max(-Infinity, ...level.filter((o) => o.x1 <= q.x0).map((o) => o.x1)) : q.x0;
    const hi = align === 'left' ? Math.min(Infinity, ...level.filter((o) => o.x0 >= q.x1).map((o) => o.x0)) : q.x1;
    // (a word under a heading higher up that does not stand over q has a parent of its own: 科目 / 名称
    // under 项目, beside 本年收 / 入合计 broken by hand)
    const parented = (d: Phrase) => headings.some((o) => o !== q && o.y1 <= q.y0 + tol && overlap(o.x0, o.x1, d.x0, d.x1) > 0 && overlap(o.x0, o.x1, q.x0, q.x1) <= 0);
    return headings.some((d) => d !== p && d.a <= j && j <= d.b && Math.abs(d.y0 - p.y0) <= tol && d.x0 >= lo - tol && d.x1 <= hi + tol && !parented(d));
  };
  // Wrapped lines of one cell: closely stacked, same home, same alignment, the upper line full.
  const cells: HeaderCell[] = [];
  const numbered = new Set<HeaderCell>();
  const lastLine = new Map<HeaderCell, Phrase>();
  const gapAbove = new Map<HeaderCell, number>();
  for (const p of [...phrases].sort((u, v) => u.y0 - v.y0 || u.x0 - v.x0)) {
    const host = cells.find((c) => {
      const q = lastLine.get(c)!;
      // Lines of one cell share its home, but for a line centred under a heading centred over a gap
      // between two columns' values (公务接 / 待费 over 预算数 决算数; 公务用车 / 运行费 broken by hand,
      // centred between them): the nearer band by centre is a tie, and a short line there is no
      // sub-heading either, as a sub-heading heads columns of its own.
      const mid = (p.x0 + p.x1) / 2;
      const gapAt = bands.filter((b) => b.x1 < mid).length;
      const between =
        align === 'center' &&
        Math.abs(p.x0 + p.x1 - q.x0 - q.x1) / 2 <= tol &&
        gapAt > 0 &&
        gapAt < bands.length &&
        mid < bands[gapAt].x0 &&
        c.a <= gapAt &&
        gapAt - 1 <= c.b;
      if ((c.a !== p.a || c.b !== p.b) && !between) return false;
      // a 栏次 number is never the wrapped line of a heading, nor is any word of the numbers row
      if ((p.numeric && !q.numeric) || (numbersRow && p.line === lines.length - 1)) return false;
      if (p.y0 - q.y1 > WRAP_GAP_EM * em || p.y0 <= q.y0 + tol || headsTwo(q, headings, em)) return false;
      if (headsSiblings(q, p)) return false;
      // The lines of one cell keep one line pitch: a wider or narrower gap after two lines is the next
      // cell's (公务用车购 / 置及运行费, then the sub-heading 公务用车运行费 right-aligned under it, further
      // down or, in a row of its own set closer, nearer).
      const gap = gapAbove.get(c);
      if (gap !== undefined && Math.abs(p.y0 - q.y1 - gap) > 0.15 * em) return false;
      if (overlap(p.x0, p.x1, q.x0, q.x1) <= 0) return false;
      const aligned =
        Math.abs(p.x0 + p.x1 - q.x0 - q.x1) / 2 <= 0.6 * em ||
        (align === 'left' && Math.abs(p.x0 - q.x0) <= 0.6 * em) ||
        (align === 'right' && Math.abs(p.x1 - q.x1) <= 0.6 * em);
      // A line wrapped by width fills its cell; one broken by hand may be short (本年收 / 入合计 over
      // amounts twice its width), but lines so close that their boxes touch are one paragraph: a
      // heading and its sub-heading are in different cells, with padding between them.
      const full = q.x1 - q.x0 >= 0.5 * width(c.a, c.b) || p.y0 - q.y1 <= 0.1 * em || between;
      return aligned && full && p.x1 - p.x0 <= q.x1 - q.x0 + 0.5 * em;
    });
    if (host) {
      host.lines.push(p.text);
      host.x0 = Math.min(host.x0, p.x0);
      host.x1 = Math.max(host.x1, p.x1);
      host.y1 = Math.max(host.y1, p.y1);
      gapAbove.set(host, p.y0 - lastLine.get(host)!.y1);
      lastLine.set(host, p);
    } else {
      const c: HeaderCell = { lines: [p.text], x0: p.x0, x1: p.x1, y0: p.y0, y1: p.y1, a: p.a, b: p.b, level: 0, rowSpan: 1 };
      if (numbersRow && p.line === lines.length - 1) numbered.add(c);
      cells.push(c);
      lastLine.set(c, p);
    }
  }

  // Group headings span the columns of their sub-headings (deepest cells first, so ranges below are final).
  const n = bands.length;
  const edgeL = (j: number) => (j === 0 ? extents[0].x0 : (extents[j - 1].x1 + extents[j].x0) / 2);
  const edgeR = (j: number) => (j === n - 1 ? extents[n - 1].x1 : (extents[j].x1 + extents[j + 1].x0) / 2);
  const covers = (c: HeaderCell, j: number) => c.a <= j && j <= c.b;
  const ownerOf = (j: number, hs: HeaderCell[]): HeaderCell => {
    const e = extents[j];
    // a left-aligned heading starts at its first column's left edge, a right-aligned one ends at its last column's right edge
    if (align === 'left') return hs.filter((o) => o.x0 <= e.x0 + tol).sort((p, q) => q.x0 - p.x0)[0] ?? hs[0];
    if (align === 'right') return hs.filter((o) => o.x1 >= e.x1 - tol).sort((p, q) => p.x1 - q.x1)[0] ?? hs[0];
    const c = (e.x0 + e.x1) / 2;
    return [...hs].sort((p, q) => Math.abs((p.x0 + p.x1) / 2 - c) - Math.abs((q.x0 + q.x1) / 2 - c))[0];
  };
  // A heading with nothing under it reaches down to the body; centred vertically in its cell, it
  // stands as far below the cell's top as it stands above the header's last line. One whose cell so
  // reaches up to a group heading's line sits beside that heading, not under it (合计 centred over
  // three header rows looks like a second-row heading under 项目).
  const bottom = Math.max(...cells.filter((c) => !numbered.has(c)).map((c) => c.y1));
  const leafCell = (u: HeaderCell) =>
    !cells.some((o) => o !== u && !numbered.has(o) && below(u, o, 0.1 * em) && o.a <= u.b && u.a <= o.b);
  const childTop = (u: HeaderCell) =>
    Math.min(...cells.filter((o) => o !== u && !numbered.has(o) && below(u, o, 0.1 * em) && o.a <= u.b && u.a <= o.b).map((o) => o.y0));
  const reachesUp = (u: HeaderCell, y: number) => leafCell(u) && u.y0 + u.y1 - bottom < y;
  for (const h of [...cells].sort((p, q) => q.y0 - p.y0)) {
    // Sub-headings lie wholly below; a heading beside h that reaches below it (a cell centred over two rows) does not.
    const under = (j: number) =>
      cells.filter((o) => o !== h && covers(o, j) && below(h, o, 0.1 * em)).sort((p, q) => p.y0 - q.y0)[0];
    // Headings beside h (same level) share the columns with it: each column goes to the heading whose
    // anchor (left edge, centre or right edge, by the alignment) it falls under.
    // A leaf beside h has no sub-headings to span: it keeps its own columns only (因公出国（境）费
    // centred over its column, about as near by centre to 小计 as 公务用车购置及运行费 over three).
    const homeUnder: HeaderCell[] = [];
    for (let j = h.a; j <= h.b; j++) {
      const u = under(j);
      if (u) homeUnder.push(u);
    }
    if (!homeUnder.length) continue;
    const ref = Math.min(...homeUnder.map((u) => u.y0));
    // A column whose own heading stands at h's height (even partly) is not under h.
    // So is one headed by a cell higher up that stands over other columns than h and reaches into
    // h's cell (公务接待费 centred over two rows, half a line above 公务用车运行费 that is one row
    // lower). Centred in its cell, h has as much space above it as down to its sub-headings: a
    // heading above that is a row further up (财政拨款“三公”经费, its span not found yet) is no rival.
    const cellTop = h.y0 - (ref - h.y1) / 2;
    const ha = h.a;
    const hb = h.b;
    // A group heading higher up that reaches into h's cell beside it is a rival too, though its span
    // is not found yet: the columns nearer its centre are its own (公务接待费 over 预算数 决算数, beside
    // 公务用车运行费 centred over the two columns before: the 预算数 between them is not h's).
    const reachesIn = (o: HeaderCell) => o.y0 < h.y0 && o.y1 > cellTop && (o.b < ha || o.a > hb);
    const rivals = cells.filter(
      (o) => o !== h && !leafCell(o) && (overlap(h.y0, h.y1, o.y0, o.y1) > 0.5 * Math.min(h.y1 - h.y0, o.y1 - o.y0) || reachesIn(o)),
    );
    const beside = (j: number) =>
      cells.some(
        (o) =>
          o !== h &&
          covers(o, j) &&
          (overlap(h.y0, h.y1, o.y0, o.y1) > 0.1 * em || reachesIn(o)),
      ) || ownerOf(j, [h, ...rivals]) !== h;
    const ok = (j: number) => {
      if (j < 0 || j >= n || beside(j)) return false;
      const u = under(j);
      if (!u) return false;
      // A group heading is h's sub-heading whatever rows it spans (合计 centred over two rows beside
      // 公务用车购置及运行费 on one, both under 财政拨款“三公”经费) if its cell starts below h's line:
      // centred in its cell, it has as much space above it as there is down to its own sub-headings.
      // A leaf must stand at the level of h's own sub-headings.
      // (one that stands under h's own columns is h's, however tall the rows under it: 小计 over 预算数
      // 决算数 pushed down by their neighbours' wrapped 预算 / 数, under 公务用车购置及运行费 reaching over its 决算数)
      if (!leafCell(u)) return homeUnder.includes(u) || u.y0 + u.y1 - childTop(u) > (h.y0 + h.y1) / 2;
      // (or, centred vertically in the same row, share their middle: 国有资本经 / 营预算财政 / 拨款 beside 合计)
      const midY = (c: HeaderCell) => (c.y0 + c.y1) / 2;
      const level = u.y0 >= ref - 0.8 * em || homeUnder.some((o) => Math.abs(midY(o) - midY(u)) <= 0.3 * em);
      return level && !reachesUp(u, (h.y0 + h.y1) / 2);
    };
    let a = h.a;
    let b = h.b;
    if (align !== 'right') while (ok(b + 1)) b++;
    if (align !== 'left') while (ok(a - 1)) a--;
    if (align === 'center') {
      // The centred sub-range: the text's centre in the middle of the spanned columns.
      const c = (h.x0 + h.x1) / 2;
      // The widest range the text is centred over (outer edges are uncertain: the values' extent, not the cell's).
      const cands: { p: number; q: number; d: number; w: number }[] = [];
      for (let p = a; p <= h.a; p++) {
        for (let q = h.b; q <= b; q++) cands.push({ p, q, d: Math.abs((edgeL(p) + edgeR(q)) / 2 - c), w: edgeR(q) - edgeL(p) });
      }
      const fit = cands.filter((x) => x.d <= Math.max(em, 0.15 * x.w)).sort((x, y) => y.w - x.w || x.d - y.d);
      const pick = fit[0] ?? cands.sort((x, y) => x.d - y.d)[0];
      const best: [number, number] = [pick.p, pick.q];
      [a, b] = best;
    }
    h.a = a;
    h.b = b;
  }

  // Depth: cells above whose range contains this one's.
  const byTop = [...cells].sort((p, q) => p.y0 - q.y0);
  for (const h of byTop) {
    let level = 0;
    for (const o of byTop) {
      if (o !== h && below(o, h, tol) && o.a <= h.a && h.b <= o.b && o.y0 < h.y0) level = Math.max(level, o.level + 1);
    }
    h.level = level;
  }
  // Sub-headings printed on one line are one header row: a leaf under a heading that spans more
  // rows than its neighbours (合计 over two rows, 小计 under 公务用车购置及运行费) sits as deep as
  // the other leaves of its line.
  for (const h of cells) {
    if (!h.level || numbered.has(h) || !leafCell(h)) continue;
    const peers = cells.filter((o) => !numbered.has(o) && o.level > 0 && leafCell(o) && Math.abs(o.y0 - h.y0) <= tol && Math.abs(o.y1 - h.y1) <= tol);
    h.level = Math.max(...peers.map((o) => o.level));
  }
  // A word of the numbers row (栏次) spans the columns beside it that have no number (code and name).
  for (const c of numbered) {
    if (c.lines.some((t) => /\d/.test(t))) continue;
    const taken = (j: number) => [...numbered].some((o) => o !== c && covers(o, j));
    if (align !== 'right') while (c.b + 1 < n && !taken(c.b + 1)) c.b++;
    if (align !== 'left') while (c.a > 0 && !taken(c.a - 1)) c.a--;
  }
  if (numbered.size) {
    const deepest = Math.max(0, ...cells.filter((c) => !numbered.has(c)).map((c) => c.level + 1));
    for (const c of numbered) c.level = deepest;
  }
  const rows = cells.length ? Math.max(...cells.map((c) => c.level)) + 1 : 0;
  for (const h of cells) {
    let bottom = rows;
    for (const o of cells) if (o !== h && o.level > h.level && o.a <= h.b && h.a <= o.b) bottom = Math.min(bottom, o.level);
    h.rowSpan = Math.max(1, bottom - h.level);
  }
  return { align, extents, cells, rows };
}
