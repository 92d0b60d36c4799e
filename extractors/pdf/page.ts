/**
 * One PDF page → LayoutPage: glyphs and rulings are read from pdf.js, ruled grids are built, the
 * remaining text is checked for unruled tables, and what is left becomes one text block per visual
 * line. Blocks come out in reading order (top to bottom, grids where they start).
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { OPS } from './pdfjs.js';
import type { TextContent } from 'pdfjs-dist/types/src/display/api.js';
import type { LayoutBlock, LayoutGrid, LayoutPage, LayoutText } from '../layout.js';
import { imageCoverageOfOps, textLayerQuality, type TextLayerVerdict } from '../ocr/needs-ocr.js';
import { type Box, type Glyph, round2, roundBox } from './geometry.js';
import { glyphsFromTextContent } from './glyphs.js';
import { buildRuledGrids } from './grid.js';
import { peelCaptions } from '../grid/captions.js';
import { buildLines, splitLine, type TextLine } from './lines.js';
import { rulingsFromOperatorList } from './rulings.js';
import { findUnruledGrids } from './unruled.js';

/** Gap (in ems) that splits text on one baseline into separate blocks outside tables. */
const BLOCK_GAP_EM = 4;

export interface PageRead {
  page: LayoutPage;
  /** Text lines under the page's last table (all of them on a page without one): a header that ends the page may belong to the next page's body. */
  trailing: TextLine[];
  /** Bodyless grids among `trailing` (a header with its 栏次 row) and their lines. */
  trailingGrids: TrailingGrid[];
  /** Lines of the previous page's `trailing` a table of this page took as its header: they are no text of that page. */
  carriedUsed: TextLine[];
  /** The header lines of the unruled table the page ends with (nothing but a page number under it), for its rows that open the next page. */
  lastHeader: TextLine[];
  /** Number of text items with visible characters on the page (0 = no text layer). */
  textItems: number;
  /** Whether the text layer can be trusted, or the page needs OCR (no text, unmapped glyphs, a scan). */
  textLayer: TextLayerVerdict;
}

export async function readPage(pdfPage: PDFPageProxy, number: number, carried: readonly TextLine[] = [], repeated: readonly TextLine[] = []): Promise<PageRead> {
  const viewport = pdfPage.getViewport({ scale: 1 });
  const [content, opList] = await Promise.all([
    pdfPage.getTextContent() as Promise<TextContent>,
    pdfPage.getOperatorList(),
  ]);
  const glyphs = glyphsFromTextContent(content, viewport.transform);
  const segments = rulingsFromOperatorList(opList, viewport.transform);
  const { page: layout, trailing, trailingGrids, carriedUsed, lastHeader } = layoutPage(glyphs, segments, number, carried, repeated);
  layout.width = round2(viewport.width);
  layout.height = round2(viewport.height);
  const textLayer = textLayerQuality(content, { view: pdfPage.view, imageCoverage: imageCoverageOfOps(opList, pdfPage.view, OPS as unknown as Record<string, number>) });
  pdfPage.cleanup();
  return { page: layout, trailing, trailingGrids, carriedUsed, lastHeader, textItems: glyphs.length, textLayer };
}

/** A line this short under a table is a page number or a running foot (第 7 页 共 16 页), not a note. */
const PAGE_NUMBER_CHARS = 12;

/** The geometric part of page reading, separate from pdf.js so it can be tested on synthetic input. */
export function layoutPage(
  glyphs: readonly Glyph[],
  segments: Parameters<typeof buildRuledGrids>[0],
  number: number,
  carried: readonly TextLine[] = [],
  repeated: readonly TextLine[] = [],
): { page: LayoutPage; trailing: TextLine[]; trailingGrids: TrailingGrid[]; carriedUsed: TextLine[]; lastHeader: TextLine[] } {
  const used = new Set<Glyph>();
  const ruled = buildRuledGrids(segments, glyphs, number, used);
  const rest = buildLines(glyphs.filter((g) => !used.has(g)));
  const { grids: unruled, remaining, carriedUsed } = findUnruledGrids(rest, number, segments, carried, repeated);
  // What a header ending the page would be: the text under the last table with a body, and a
  // bodyless unruled table there (a header with its 栏次 row).
  const lastTable = Math.max(-Infinity, ...ruled.map((g) => g.box.y1), ...unruled.filter((g) => !g.bodyless).map((g) => g.box.y1));
  const tail = unruled.filter((g) => g.bodyless && g.box.y0 >= lastTable);
  const trailing = [...remaining.filter((l) => l.y0 >= lastTable), ...tail.flatMap((g) => g.lines)].sort((p, q) => p.y0 - q.y0);
  const trailingGrids = tail.map((g) => ({ grid: g.grid, lines: g.lines }));
  // The page ends inside an unruled table when nothing longer than a page number stands under it.
  const last = unruled.find((g) => !g.bodyless && g.box.y1 === lastTable);
  const lastHeader = last && !tail.length && trailing.every((l) => l.text.replace(/\s+/g, '').length <= PAGE_NUMBER_CHARS) ? last.headerLines : [];

  const placed: { y: number; x: number; block: LayoutBlock }[] = [];
  // Printed gridlines can rule titles, 单位 lines and covers too: those rows come back as text.
  for (const g of ruled) {
    for (const block of peelCaptions(g.grid)) placed.push({ y: block.bbox?.y0 ?? g.box.y0, x: block.bbox?.x0 ?? g.box.x0, block });
  }
  for (const g of unruled) placed.push({ y: g.box.y0, x: g.box.x0, block: g.grid });
  for (const line of remaining) {
    for (const part of splitLine(line, BLOCK_GAP_EM)) {
      if (!part.text) continue;
      placed.push({ y: part.y0, x: part.x0, block: textBlock(part, number) });
    }
  }
  placed.sort((p, q) => p.y - q.y || p.x - q.x);
  return { page: { number, blocks: placed.map((p) => p.block), source: 'text-layer' }, trailing, trailingGrids, carriedUsed, lastHeader };
}

/**
 * Offers each page the lines under the previous page's last table, for a header that ends a page
 * with its body on the next (findColumnTables). Lines a table takes are removed from the previous
 * page's text: they are that table's header now. A page read otherwise (OCR, unreadable) breaks the chain.
 */
export interface TrailingGrid {
  grid: LayoutGrid;
  lines: TextLine[];
}

export class HeaderCarry {
  private prev: { page: LayoutPage; trailing: TextLine[]; grids: TrailingGrid[]; lastHeader: TextLine[] } | null = null;

  get lines(): readonly TextLine[] {
    return this.prev?.trailing ?? [];
  }

  /** The header of the table the previous page ended in (it stays that page's: nothing is removed). */
  get repeated(): readonly TextLine[] {
    return this.prev?.lastHeader ?? [];
  }

  next(read: { page: LayoutPage; trailing: TextLine[]; trailingGrids: TrailingGrid[]; carriedUsed: TextLine[]; lastHeader: TextLine[] }): void {
    if (this.prev && read.carriedUsed.length) {
      const used = new Set(read.carriedUsed);
      const grids = new Set(this.prev.grids.filter((g) => g.lines.some((l) => used.has(l))).map((g) => g.grid));
      const inUsed = (b: LayoutBlock) =>
        b.kind === 'grid'
          ? grids.has(b)
          : b.bbox !== undefined && read.carriedUsed.some((l) => b.bbox!.y0 >= l.y0 - 0.5 && b.bbox!.y1 <= l.y1 + 0.5 && b.bbox!.x0 >= l.x0 - 0.5 && b.bbox!.x1 <= l.x1 + 0.5);
      this.prev.page.blocks = this.prev.page.blocks.filter((b) => !inUsed(b));
    }
    this.prev = { page: read.page, trailing: read.trailing, grids: read.trailingGrids, lastHeader: read.lastHeader };
  }

  reset(): void {
    this.prev = null;
  }
}

function textBlock(line: TextLine, page: number): LayoutText {
  const box: Box = { x0: line.x0, y0: line.y0, x1: line.x1, y1: line.y1 };
  return { kind: 'text', page, bbox: roundBox(box), text: line.text, source: 'text' };
}
