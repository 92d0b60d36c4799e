/**
 * Word 97-2003 (.doc) and WPS (.wps) documents — OLE compound files with a WordDocument stream.
 * Paragraphs and tables in document order from the binary structure (doc-binary.ts): each table a grid
 * on the union of its rows' cell boundaries, vertical merges as row spans, through the same caption
 * peeling as the other readers. When that structure cannot be decoded (a Word 6/95 file, an unusual
 * FIB), word-extractor gives the text: lines with tabs are read as table rows, like converter text,
 * with a warning that merged cells were not recovered.
 */
import WordExtractor from 'word-extractor';
import type { DocumentLayout, LayoutBlock, LayoutCell, LayoutGrid } from '../layout.js';
import { peelCaptions } from '../grid/captions.js';
import { DocumentReadError } from '../pdf/errors.js';
import { readTextLayout } from '../text/index.js';
import { oleNames } from './container.js';
import { readDocStructure, type DocTable } from './doc-binary.js';

/** Cell boundaries (twips) closer than this are one column edge (rows written with slightly different widths). */
const EDGE_TWIPS = 15;

export async function readDocLayout(bytes: Uint8Array, fileName: string): Promise<DocumentLayout> {
  if (!oleNames(bytes)?.has('worddocument')) throw new DocumentReadError(fileName, 'an OLE compound file without a WordDocument stream: not a Word/WPS document (or it is corrupt)');
  const structure = readDocStructure(bytes);
  if (structure.ok) {
    const blocks: LayoutBlock[] = [];
    let paragraph = 0;
    let table = 0;
    for (const b of structure.blocks) {
      if (b.kind === 'paragraph') blocks.push({ kind: 'text', text: b.text, page: 1, address: `paragraph${++paragraph}`, source: 'text' });
      else blocks.push(...peelCaptions(tableGrid(b, ++table)).map((g) => (g.kind === 'grid' ? compactColumns(g) : g)));
    }
    return { pages: [{ number: 1, blocks, source: 'word' }], pageCount: 1, warnings: [] };
  }
  if (structure.encrypted) throw new DocumentReadError(fileName, 'the document is password-protected (encrypted): not read');
  let body: string;
  try {
    body = (await new WordExtractor().extract(Buffer.from(bytes))).getBody();
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    if (/encrypt|password/i.test(msg)) throw new DocumentReadError(fileName, `the document is password-protected (encrypted): not read (${msg})`);
    throw new DocumentReadError(fileName, `the Word document is corrupt or cannot be read: ${msg}`);
  }
  const layout = readTextLayout(body);
  layout.warnings.push(`table structure not decoded (${structure.why}): tables read from the text only, merged cells not recovered`);
  for (const page of layout.pages) {
    page.source = 'word';
    for (const b of page.blocks) if (b.kind === 'text' && b.line) b.address = `line${b.line}`;
  }
  return layout;
}

/**
 * Keeps only the column edges some cell of the grid starts or ends on. Word joins tables printed one
 * under the other (a 部门/单位 line set as a one-row table above the table) into one, so an edge of
 * a caption row peeled off would otherwise split a column of the table below in two.
 */
function compactColumns(grid: LayoutGrid): LayoutGrid {
  const edges = [...new Set(grid.cells.flatMap((c) => [c.col, c.col + c.colSpan]))].sort((a, b) => a - b);
  if (edges.length - 1 === grid.nCols) return grid;
  const at = new Map(edges.map((e, i) => [e, i]));
  return { ...grid, nCols: edges.length - 1, cells: grid.cells.map((c) => ({ ...c, col: at.get(c.col)!, colSpan: at.get(c.col + c.colSpan)! - at.get(c.col)! })) };
}

function tableGrid(t: DocTable, index: number): LayoutGrid {
  const all = t.rows.flatMap((r) => r.flatMap((c) => [c.left, c.right])).sort((a, b) => a - b);
  const edges: number[] = [];
  for (const x of all) if (!edges.length || x - edges[edges.length - 1] > EDGE_TWIPS) edges.push(x);
  const col = (x: number) => {
    let best = 0;
    for (let i = 1; i < edges.length; i++) if (Math.abs(edges[i] - x) < Math.abs(edges[best] - x)) best = i;
    return best;
  };
  const cells: LayoutCell[] = [];
  const above = new Map<number, LayoutCell>();
  t.rows.forEach((row, r) => {
    for (const c of row) {
      const c0 = col(c.left);
      const span = Math.max(1, col(c.right) - c0);
      const origin = c.vMerge === 1 ? above.get(c0) : undefined;
      if (origin) {
        origin.rowSpan = r - origin.row + 1;
        continue;
      }
      const cell: LayoutCell = { row: r, col: c0, rowSpan: 1, colSpan: span, lines: c.lines, page: 1, address: `table${index}!R${r + 1}C${c0 + 1}`, source: 'text' };
      cells.push(cell);
      above.set(c0, cell);
    }
  });
  return { kind: 'grid', page: 1, nRows: t.rows.length, nCols: Math.max(1, edges.length - 1), cells, ruled: true };
}
