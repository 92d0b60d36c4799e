import type { DocumentLayout, LayoutBlock, LayoutCell, LayoutGrid } from '../layout.js';

/**
 * Reads the text form of a published document, as PDF-to-text converters write it: table rows are
 * tab-separated lines, everything else is one line per paragraph. Cells may carry HTML fragments
 * (`<p>…</p>`, `<input type="checkbox" checked>`), which become line breaks and ☑/☐ marks.
 *
 * The converter keeps no page geometry, so every block is on page 1 and carries its line number;
 * a grid interrupted only by blank lines (a page break in the source) stays one grid.
 */
export function readTextLayout(text: string): DocumentLayout {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: LayoutBlock[] = [];
  let grid: LayoutGrid | null = null;

  const closeGrid = () => {
    if (grid) blocks.push(finishGrid(grid));
    grid = null;
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.includes('\t')) {
      grid ??= { kind: 'grid', page: 1, nRows: 0, nCols: 0, cells: [], ruled: false };
      const row = grid.nRows++;
      raw.split('\t').forEach((field, col) => {
        grid!.cells.push(textCell(field, row, col, lineNo));
      });
      return;
    }
    const trimmed = stripHtml(raw).trim();
    // Blank lines and page numbers ("- 12 -", "第 3 页") never end a grid: they are page breaks.
    if (trimmed === '' || PAGE_NUMBER.test(trimmed)) return;
    closeGrid();
    blocks.push({ kind: 'text', text: trimmed, page: 1, line: lineNo, source: 'text' });
  });
  closeGrid();

  return {
    pages: [{ number: 1, blocks, source: 'text-file' }],
    pageCount: 1,
    warnings: [],
  };
}

const PAGE_NUMBER = /^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/;

function textCell(field: string, row: number, col: number, line: number): LayoutCell {
  const cellLines = stripHtml(field)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { row, col, rowSpan: 1, colSpan: 1, lines: cellLines, page: 1, line, source: 'text' };
}

/** Pads ragged rows so every row has nCols slots, and drops trailing all-empty columns. */
function finishGrid(grid: LayoutGrid): LayoutGrid {
  let nCols = 0;
  for (const c of grid.cells) if (c.lines.length) nCols = Math.max(nCols, c.col + 1);
  const cells = grid.cells.filter((c) => c.col < nCols);
  const present = new Set(cells.map((c) => `${c.row}:${c.col}`));
  for (let r = 0; r < grid.nRows; r++) {
    const line = cells.find((c) => c.row === r)?.line;
    for (let c = 0; c < nCols; c++) {
      if (!present.has(`${r}:${c}`)) cells.push({ row: r, col: c, rowSpan: 1, colSpan: 1, lines: [], page: 1, line, source: 'text' });
    }
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  return { ...grid, nCols, cells };
}

function stripHtml(s: string): string {
  return s
    .replace(/<input[^>]*\bchecked\b[^>]*>/gi, '☑')
    .replace(/<input[^>]*>/gi, '☐')
    .replace(/<\/p>\s*<p>|<br\s*\/?>/gi, '\n')
    .replace(/<\/?p>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
