/**
 * Tables printed without a grid of rules, on a PDF page: the page's text lines become positioned
 * words (cut at gaps wider than half an em, with each character's extent) and its horizontal rules
 * become hints; the column model (extractors/columns, shared with OCR) finds the tables.
 */
import { findColumnTables, type HRule, WORD_GAP_EM, type WordLine } from '../columns/index.js';
import type { LayoutGrid } from '../layout.js';
import type { Box, Segment } from './geometry.js';
import { splitLine, type TextLine } from './lines.js';

export interface UnruledGrid {
  grid: LayoutGrid;
  box: Box;
  lines: TextLine[];
  /** only a header and its 栏次 row: its body may open the next page */
  bodyless: boolean;
  /** the lines of its header (this page's own) */
  headerLines: TextLine[];
}

function wordLine(line: TextLine): WordLine {
  const words = splitLine(line, WORD_GAP_EM).map((part) => ({
    text: part.text,
    bbox: { x0: part.x0, y0: part.y0, x1: part.x1, y1: part.y1 },
    size: part.size,
    chars: part.glyphs.map((g) => ({ ch: g.ch, x0: g.x0, x1: g.x1, spaceBefore: g.spaceBefore })),
  }));
  return { words, y0: line.y0, y1: line.y1, size: line.size };
}

/**
 * Finds unruled tables among text lines (top to bottom). Returns the grids, the lines that stay plain
 * text, and which of `carried` (the previous page's lines under its last table: a header that ended
 * that page) a table here took as its header. `repeated`: the header of the table that ended the
 * previous page, for rows of it that open this page without one.
 */
export function findUnruledGrids(
  lines: TextLine[],
  page: number,
  segments: readonly Segment[] = [],
  carried: readonly TextLine[] = [],
  repeated: readonly TextLine[] = [],
): { grids: UnruledGrid[]; remaining: TextLine[]; carriedUsed: TextLine[] } {
  const horizontal = lines.filter((line) => line.glyphs.every((g) => g.horizontal));
  const rules: HRule[] = segments.filter((s) => s.o === 'h').map((s) => ({ y: s.pos, x0: s.a, x1: s.b }));
  const level = (ls: readonly TextLine[]) => ls.filter((line) => line.glyphs.every((g) => g.horizontal));
  const carriedH = level(carried);
  const tables = findColumnTables(horizontal.map(wordLine), { page, rules, carried: carriedH.map(wordLine), repeated: level(repeated).map(wordLine) });
  const consumed = new Set<TextLine>(tables.flatMap((t) => t.lines.map((k) => horizontal[k])));
  return {
    grids: tables.map((t) => ({ grid: t.grid, box: t.box, lines: t.lines.map((k) => horizontal[k]), bodyless: t.bodyless, headerLines: t.headerLines.map((k) => horizontal[k]) })),
    remaining: lines.filter((l) => !consumed.has(l)),
    carriedUsed: tables.flatMap((t) => (t.carried ?? []).map((k) => carriedH[k])),
  };
}
