/**
 * Glyphs → visual text lines: glyphs on one baseline, left to right, joined the way Chinese text
 * needs (no spaces between CJK characters, so letter-spaced words collapse; spaces kept between
 * Latin/digit runs).
 */
import { type Box, type Glyph, isCjk } from './geometry.js';

export interface TextLine extends Box {
  glyphs: Glyph[];
  /** Mean baseline. */
  base: number;
  /** Largest font size on the line. */
  size: number;
  text: string;
}

/** Text of glyphs already sorted left to right. */
export function joinGlyphs(glyphs: readonly Glyph[]): string {
  let out = '';
  let prev: Glyph | undefined;
  for (const g of glyphs) {
    if (prev) {
      const gap = g.x0 - prev.x1;
      const size = Math.min(g.size, prev.size);
      const a = isCjk(prev.ch);
      const b = isCjk(g.ch);
      let space: boolean;
      if (a && b) space = gap > 2.5 * size; // letter-spaced CJK collapses; only a real column gap splits
      else if (a || b) space = gap > 0.6 * size;
      else space = g.spaceBefore || gap > 0.22 * size;
      if (space) out += ' ';
    }
    out += g.ch;
    prev = g;
  }
  return out.trim();
}

function makeLine(glyphs: Glyph[]): TextLine {
  glyphs.sort((p, q) => p.x0 - q.x0);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let base = 0;
  let size = 0;
  for (const g of glyphs) {
    if (g.x0 < x0) x0 = g.x0;
    if (g.y0 < y0) y0 = g.y0;
    if (g.x1 > x1) x1 = g.x1;
    if (g.y1 > y1) y1 = g.y1;
    base += g.base;
    if (g.size > size) size = g.size;
  }
  return { glyphs, x0, y0, x1, y1, base: base / glyphs.length, size, text: joinGlyphs(glyphs) };
}

/**
 * Groups glyphs into lines by baseline (tolerance a third of the font size), lines top to bottom.
 * Rotated glyphs each form their own line (they are rare: vertical header text).
 */
export function buildLines(glyphs: readonly Glyph[]): TextLine[] {
  const horiz = glyphs.filter((g) => g.horizontal).sort((p, q) => p.base - q.base);
  const lines: TextLine[] = [];
  let cur: Glyph[] = [];
  let curBase = 0;
  let curSize = 0;
  for (const g of horiz) {
    if (cur.length && Math.abs(g.base - curBase) <= 0.35 * Math.min(curSize, g.size)) {
      cur.push(g);
      curBase += (g.base - curBase) / cur.length;
      curSize = Math.max(curSize, g.size);
      continue;
    }
    if (cur.length) lines.push(makeLine(cur));
    cur = [g];
    curBase = g.base;
    curSize = g.size;
  }
  if (cur.length) lines.push(makeLine(cur));
  for (const g of glyphs) if (!g.horizontal) lines.push(makeLine([g]));
  return lines.sort((p, q) => p.y0 - q.y0 || p.x0 - q.x0);
}

/**
 * Splits a line into chunks where the gap between neighbouring glyphs exceeds `gapEm` ems: the
 * pieces of a row of an unruled table, or a title and a 单位：万元 sharing a baseline.
 */
export function splitLine(line: TextLine, gapEm: number): TextLine[] {
  const parts: Glyph[][] = [];
  let cur: Glyph[] = [];
  let prev: Glyph | undefined;
  for (const g of line.glyphs) {
    if (prev && g.x0 - prev.x1 > gapEm * Math.min(g.size, prev.size)) {
      parts.push(cur);
      cur = [];
    }
    cur.push(g);
    prev = g;
  }
  if (cur.length) parts.push(cur);
  return parts.map(makeLine);
}
