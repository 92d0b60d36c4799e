/**
 * Tables printed without a grid of rules, on a PDF page: the page's text lines become positioned
 * words (cut at gaps wider than half an em, with each character's extent) and its horizontal rules
 * become hints; the column model (extractors/columns, shared with OCR) finds the tables.
 */
import { findColumnTables, type HRule, WORD_GAP_EM, type WordLine } from '../columns/index.js';
import { isNumeric } from '../columns/words.js';
import type { LayoutGrid } from '../layout.js';
import type { Box, Glyph, Segment } from './geometry.js';
import { joinGlyphs, makeLine, splitLine, type TextLine } from './lines.js';

export interface UnruledGrid {
  grid: LayoutGrid;
  box: Box;
}

/** An amount as printed in a cell: a number with a decimal point or thousands separators. */
const isAmount = (glyphs: readonly Glyph[]) => {
  const text = joinGlyphs(glyphs);
  return /[.,，]/.test(text) && isNumeric(text);
};

/**
 * pdf.js merges the show-text operations of neighbouring cells into one run when they nearly touch
 * (a right-aligned amount against the next column's left-aligned label, as spreadsheets print
 * them), marking the seam with a space: a space next to an amount is a cell boundary.
 */
function cutAtAmountSpaces(part: TextLine): TextLine[] {
  const runs: Glyph[][] = [];
  for (const g of part.glyphs) {
    if (g.spaceBefore || !runs.length) runs.push([g]);
    else runs[runs.length - 1].push(g);
  }
  if (runs.length < 2) return [part];
  const out: Glyph[][] = [runs[0]];
  for (let k = 1; k < runs.length; k++) {
    if (isAmount(runs[k - 1]) || isAmount(runs[k])) out.push([...runs[k]]);
    else out[out.length - 1].push(...runs[k]);
  }
  if (out.length === 1) return [part];
  return out.map(makeLine);
}

function wordLine(line: TextLine): WordLine {
  const words = splitLine(line, WORD_GAP_EM).flatMap(cutAtAmountSpaces).map((part) => ({
    text: part.text,
    bbox: { x0: part.x0, y0: part.y0, x1: part.x1, y1: part.y1 },
    size: part.size,
    chars: part.glyphs.map((g) => ({ ch: g.ch, x0: g.x0, x1: g.x1 })),
  }));
  return { words, y0: line.y0, y1: line.y1, size: line.size };
}

/**
 * Finds unruled tables among text lines (top to bottom). Returns the grids and the lines that
 * stay plain text.
 */
export function findUnruledGrids(
  lines: TextLine[],
  page: number,
  segments: readonly Segment[] = [],
): { grids: UnruledGrid[]; remaining: TextLine[] } {
  const horizontal = lines.filter((line) => line.glyphs.every((g) => g.horizontal));
  const rules: HRule[] = segments.filter((s) => s.o === 'h').map((s) => ({ y: s.pos, x0: s.a, x1: s.b }));
  const tables = findColumnTables(horizontal.map(wordLine), { page, rules });
  const consumed = new Set<TextLine>(tables.flatMap((t) => t.lines.map((k) => horizontal[k])));
  return {
    grids: tables.map((t) => ({ grid: t.grid, box: t.box })),
    remaining: lines.filter((l) => !consumed.has(l)),
  };
}
