import { cellText, type LayoutCell, type LayoutGrid } from '../../extractors/layout.js';
import { nfkc } from '../../lib/text.js';

/**
 * A grid as a dense row × column matrix. A spanning cell fills every slot it covers, and `origin`
 * marks the top-left one, so header paths can read spans while values are taken only once.
 */
export interface Slot {
  cell: LayoutCell;
  /** text with wrapped lines joined */
  text: string;
  /** text before any joining, lines separated by spaces (keeps "基本支出 项目支出" splittable) */
  raw: string;
  origin: boolean;
}

export interface SlotGrid {
  grid: LayoutGrid;
  rows: Slot[][];
  nCols: number;
}

const EMPTY_LINES: string[] = [];

export function toSlotGrid(grid: LayoutGrid): SlotGrid {
  const rows: Slot[][] = [];
  for (let r = 0; r < grid.nRows; r++) rows.push(new Array<Slot>(grid.nCols));
  for (const cell of grid.cells) {
    const text = nfkc(cellText(cell)).trim();
    const raw = nfkc(cell.lines.join(' ')).trim();
    for (let dr = 0; dr < Math.max(1, cell.rowSpan); dr++) {
      for (let dc = 0; dc < Math.max(1, cell.colSpan); dc++) {
        const r = cell.row + dr;
        const c = cell.col + dc;
        if (r >= grid.nRows || c >= grid.nCols) continue;
        rows[r][c] = { cell, text, raw, origin: dr === 0 && dc === 0 };
      }
    }
  }
  // Slots no cell covers (a reader may omit empty cells) become empty cells.
  for (let r = 0; r < grid.nRows; r++) {
    for (let c = 0; c < grid.nCols; c++) {
      if (!rows[r][c]) {
        const cell: LayoutCell = { row: r, col: c, rowSpan: 1, colSpan: 1, lines: EMPTY_LINES, page: grid.page, source: 'text' };
        rows[r][c] = { cell, text: '', raw: '', origin: true };
      }
    }
  }
  return { grid, rows, nCols: grid.nCols };
}
