/**
 * Word documents → the layout model, tables and paragraphs in document order (so the narrative reads
 * as well as the tables). `.docx` through its XML: body paragraphs are text blocks, tables are grids
 * with horizontal spans (w:gridSpan, w:gridBefore) and vertical merges (w:vMerge restart/continue);
 * each grid goes through the caption peeling the PDF and workbook readers use. `.doc` and `.wps`
 * (OLE compound files) through their binary table structure, word-extractor as the fallback (doc.ts). Everything is on page 1 (Word pagination is a
 * rendering, not in the file); places are addresses: `paragraph12`, `table3!R2C4` (1-based).
 */
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import type { DocumentLayout, LayoutBlock, LayoutCell, LayoutGrid } from '../layout.js';
import { peelCaptions } from '../grid/captions.js';
import { DocumentReadError } from '../pdf/errors.js';
import type { ExtractLimits } from '../../schemas/limits.js';
import { isEncryptedPackage, isOle, isZip, partText, unzipParts } from './container.js';

export async function readWordLayout(bytes: Uint8Array, fileName: string, limits: ExtractLimits): Promise<DocumentLayout> {
  if (isEncryptedPackage(bytes)) throw new DocumentReadError(fileName, 'the document is password-protected (encrypted): not read');
  if (isZip(bytes)) return readDocx(bytes, fileName, limits);
  if (isOle(bytes)) {
    const { readDocLayout } = await import('./doc.js');
    return readDocLayout(bytes, fileName);
  }
  if (Buffer.from(bytes.subarray(0, 8)).toString('latin1').startsWith('{\\rtf')) throw new DocumentReadError(fileName, 'an RTF document saved under a Word name: RTF is not read');
  throw new DocumentReadError(fileName, 'not a Word document: neither an OOXML zip package nor an OLE compound file');
}

function readDocx(bytes: Uint8Array, fileName: string, limits: ExtractLimits): DocumentLayout {
  const parts = unzipParts(bytes, fileName, (n) => n === 'word/document.xml' || n === 'docProps/core.xml' || n === 'docProps/app.xml', limits.maxUnzippedBytes);
  const xml = partText(parts['word/document.xml']);
  if (!xml) throw new DocumentReadError(fileName, 'the package has no word/document.xml: not a Word document');
  const $ = cheerio.load(xml, { xml: true });
  const body = $('w\\:body').first();
  if (!body.length) throw new DocumentReadError(fileName, 'word/document.xml has no w:body: the document is corrupt');
  const blocks: LayoutBlock[] = [];
  const counter = { paragraph: 0, table: 0 };
  const walk = (el: Element) => {
    for (const child of $(el).children().toArray()) {
      const tag = child.tagName;
      if (tag === 'w:p') {
        counter.paragraph++;
        for (const line of paragraphLines($, child)) blocks.push({ kind: 'text', text: line, page: 1, address: `paragraph${counter.paragraph}`, source: 'text' });
      } else if (tag === 'w:tbl') {
        counter.table++;
        blocks.push(...peelCaptions(tableGrid($, child, counter.table)));
      } else if (tag === 'w:sdt' || tag === 'w:sdtContent' || tag === 'w:customXml') walk(child);
    }
  };
  walk(body.get(0)!);
  const core = cheerio.load(partText(parts['docProps/core.xml']), { xml: true });
  const app = cheerio.load(partText(parts['docProps/app.xml']), { xml: true });
  return {
    pages: [{ number: 1, blocks, source: 'word' }],
    pageCount: 1,
    title: core('dc\\:title').first().text().trim() || undefined,
    producer: app('Application').first().text().trim() || undefined,
    creator: core('dc\\:creator').first().text().trim() || undefined,
    warnings: [],
  };
}

/** A paragraph's text: runs joined, tabs as spaces, line breaks split it. Text boxes' fallbacks are skipped. */
function paragraphLines($: cheerio.CheerioAPI, p: Element): string[] {
  let text = '';
  const visit = (el: Element) => {
    for (const node of el.children) {
      if (node.type !== 'tag') continue;
      const n = node as Element;
      if (n.tagName === 'w:t') text += $(n).text();
      else if (n.tagName === 'w:tab' || n.tagName === 'w:ptab') text += ' ';
      else if (n.tagName === 'w:br' || n.tagName === 'w:cr') text += '\n';
      else if (n.tagName === 'mc:Fallback' || n.tagName === 'w:pPr' || n.tagName === 'w:rPr') continue;
      else visit(n);
    }
  };
  visit(p);
  return text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const val = ($: cheerio.CheerioAPI, el: Element, sel: string): string | undefined => $(el).children(sel).first().attr('w:val');

/** A w:tbl as a grid on its w:tblGrid columns; nested tables inside a cell are read as that cell's lines. */
function tableGrid($: cheerio.CheerioAPI, tbl: Element, index: number): LayoutGrid {
  const cells: LayoutCell[] = [];
  /** the cell that occupies each grid column in the row above (for vMerge continue) */
  let above: LayoutCell[] = [];
  let nCols = $(tbl).children('w\\:tblGrid').children('w\\:gridCol').length;
  const rows = $(tbl).children('w\\:tr').toArray();
  rows.forEach((tr, r) => {
    const trPr = $(tr).children('w\\:trPr').get(0);
    let c = trPr ? Number(val($, trPr, 'w\\:gridBefore') ?? 0) || 0 : 0;
    const here: LayoutCell[] = [];
    for (const tc of $(tr).children('w\\:tc').toArray()) {
      const tcPr = $(tc).children('w\\:tcPr').get(0);
      const span = Math.max(1, Number(tcPr ? val($, tcPr, 'w\\:gridSpan') : 1) || 1);
      const vMerge = tcPr ? $(tcPr).children('w\\:vMerge') : null;
      const continues = !!vMerge?.length && (vMerge.attr('w:val') ?? 'continue') === 'continue';
      const origin = continues ? above[c] : undefined;
      if (origin && origin.col === c) {
        origin.rowSpan = r - origin.row + 1;
        for (let k = 0; k < span; k++) here[c + k] = origin;
      } else {
        const lines = $(tc)
          .find('w\\:p')
          .toArray()
          .flatMap((p) => paragraphLines($, p));
        const cell: LayoutCell = { row: r, col: c, rowSpan: 1, colSpan: span, lines, page: 1, address: `table${index}!R${r + 1}C${c + 1}`, source: 'text' };
        cells.push(cell);
        for (let k = 0; k < span; k++) here[c + k] = cell;
      }
      c += span;
    }
    nCols = Math.max(nCols, c);
    above = here;
  });
  return { kind: 'grid', page: 1, nRows: rows.length, nCols, cells, ruled: true };
}
