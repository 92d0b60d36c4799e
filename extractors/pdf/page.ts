/**
 * One PDF page → LayoutPage: glyphs and rulings are read from pdf.js, ruled grids are built, the
 * remaining text is checked for unruled tables, and what is left becomes one text block per visual
 * line. Blocks come out in reading order (top to bottom, grids where they start).
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { OPS } from './pdfjs.js';
import type { TextContent } from 'pdfjs-dist/types/src/display/api.js';
import type { LayoutBlock, LayoutPage, LayoutText } from '../layout.js';
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
  /** Number of text items with visible characters on the page (0 = no text layer). */
  textItems: number;
  /** Whether the text layer can be trusted, or the page needs OCR (no text, unmapped glyphs, a scan). */
  textLayer: TextLayerVerdict;
}

export async function readPage(pdfPage: PDFPageProxy, number: number): Promise<PageRead> {
  const viewport = pdfPage.getViewport({ scale: 1 });
  const [content, opList] = await Promise.all([
    pdfPage.getTextContent() as Promise<TextContent>,
    pdfPage.getOperatorList(),
  ]);
  const glyphs = glyphsFromTextContent(content, viewport.transform);
  const segments = rulingsFromOperatorList(opList, viewport.transform);
  const layout = layoutPage(glyphs, segments, number);
  layout.width = round2(viewport.width);
  layout.height = round2(viewport.height);
  const textLayer = textLayerQuality(content, { view: pdfPage.view, imageCoverage: imageCoverageOfOps(opList, pdfPage.view, OPS as unknown as Record<string, number>) });
  pdfPage.cleanup();
  return { page: layout, textItems: glyphs.length, textLayer };
}

/** The geometric part of page reading, separate from pdf.js so it can be tested on synthetic input. */
export function layoutPage(
  glyphs: readonly Glyph[],
  segments: Parameters<typeof buildRuledGrids>[0],
  number: number,
): LayoutPage {
  const used = new Set<Glyph>();
  const ruled = buildRuledGrids(segments, glyphs, number, used);
  const rest = buildLines(glyphs.filter((g) => !used.has(g)));
  const { grids: unruled, remaining } = findUnruledGrids(rest, number, segments);

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
  return { number, blocks: placed.map((p) => p.block), source: 'text-layer' };
}

function textBlock(line: TextLine, page: number): LayoutText {
  const box: Box = { x0: line.x0, y0: line.y0, x1: line.x1, y1: line.y1 };
  return { kind: 'text', page, bbox: roundBox(box), text: line.text, source: 'text' };
}
