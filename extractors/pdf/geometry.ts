/** Small geometry helpers and the internal types the PDF reader passes between its stages. */

/** Affine matrix [a, b, c, d, e, f] as in PDF: x' = a x + c y + e, y' = b x + d y + f. */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2: apply m2 first, then m1 (pdf.js Util.transform order). */
export function multiply(m1: readonly number[], m2: readonly number[]): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function apply(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * One character placed on the page, in top-left-origin page points. Positions inside a pdf.js text
 * item are estimated from the item's width (see glyphs.ts), so they are good to a fraction of an em.
 */
export interface Glyph {
  ch: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Baseline y (top-left origin). */
  base: number;
  /** Font size in points. */
  size: number;
  /** The source text had whitespace right before this character (within the same item). */
  spaceBefore: boolean;
  /** false for text that does not run left to right on the page (rotated text). */
  horizontal: boolean;
}

/** An axis-aligned ruling segment: horizontal at y=pos from a to b, or vertical at x=pos from a to b. */
export interface Segment {
  o: 'h' | 'v';
  pos: number;
  a: number;
  b: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const round2 = (v: number): number => Math.round(v * 100) / 100;

export function roundBox(b: Box): Box {
  return { x0: round2(b.x0), y0: round2(b.y0), x1: round2(b.x1), y1: round2(b.y1) };
}

/** CJK ideographs, CJK punctuation, kana, Hangul and full-width forms: text joined without spaces. */
export function isCjk(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x2e80 && c <= 0x9fff) || // radicals, CJK punctuation, kana, CJK unified
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0x20000 && c <= 0x3134f) ||
    c === 0x2014 || c === 0x2026 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019
  );
}

/** Lower bound index in a sorted array: first i with arr[i] >= v. */
export function lowerBound(arr: readonly number[], v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the interval [bounds[i], bounds[i+1]) containing v, or -1 outside. */
export function intervalIndex(bounds: readonly number[], v: number): number {
  if (bounds.length < 2 || v < bounds[0] || v > bounds[bounds.length - 1]) return -1;
  const i = lowerBound(bounds, v);
  return Math.min(Math.max(i - 1, 0), bounds.length - 2);
}

/** Union-find over 0..n-1. */
export class DisjointSet {
  private parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[i] !== r) {
      const next = this.parent[i];
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}
