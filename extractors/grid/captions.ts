/**
 * Caption rows out of ruled grids. Spreadsheet exports with printed gridlines (Excel, WPS, LibreOffice
 * Calc) rule the whole sheet, so the table title, the 单位：万元 / 部门： lines, page numbers, notes and even
 * a cover page sit inside a ruled grid. The assembler finds tables by their title *text blocks*, so
 * those rows are given back as text here:
 *   - leading rows whose only content is one text (in one cell or spanning), unless that text is a
 *     header word (a group heading spanning the header legitimately);
 *   - trailing rows likewise, but only when the text spans several columns or reads as a caption
 *     (title, 单位/部门 line, 注：…, page number): a body row with a label and no amounts stays;
 *   - a run of caption rows inside the grid that holds a table title or a 单位/部门 line splits the
 *     grid into stacked tables, each preceded by its captions;
 *   - a grid with no row of two or more non-empty cells (a cover framed by gridlines) becomes text.
 * Shared by the PDF text-layer and OCR page readers and the workbook and Word readers: all hand their LayoutGrids through here.
 */
import { cellText, type BBox, type LayoutBlock, type LayoutCell, type LayoutGrid, type LayoutText } from '../layout.js';
import { HEADER_ONLY_WORDS, isTotalWord, rowMarker, sectionWord, stubRole } from '../../schemas/header-vocabulary.js';
import { isFurniture, titleSpec } from '../../schemas/captions.js';
import { compact } from '../../lib/text.js';

/** Caption lines that may also close a grid: notes, page numbers, 制表/填报 lines. */
const TRAILING_CAPTION = /^(注|备注|说明|附注)[:：]|^[-—–]?\s*\d{1,3}\s*[-—–]?$|^第\s*\d+\s*页|^共\s*\d+\s*页|^(制表|填报|审核|负责人)/;

/** A 单位/部门 line: with a title, what starts a stacked table (a note 注：… does not). */
const UNIT_LINE = /^(单位|部门|编制单位|编制部门|填报单位|预算单位|单位名称|部门名称|金额单位)[:：]/;

/** The grid's content as caption texts and (smaller) grids, in reading order. */
export function peelCaptions(grid: LayoutGrid): LayoutBlock[] {
  const rows = rowInfo(grid);
  // A grid with no text at all (rules only, text drawn as outlines or left to OCR) stays a grid.
  if (rows.every((r) => !r.filled.length && !r.crossed)) return [grid];
  // A cover framed by gridlines: one text per row and no cell spanning rows (a header's mark).
  if (!rows.some((r) => r.filled.length >= 2 || r.crossed)) return rows.flatMap((r) => r.filled.map((c) => textOf(c, grid)));

  const out: LayoutBlock[] = [];
  let start = 0;
  while (start < grid.nRows) {
    // Captions above the (next) table.
    let head = start;
    while (head < grid.nRows && isLeadingCaption(rows[head])) head++;
    for (let r = start; r < head; r++) out.push(...rows[r].filled.map((c) => textOf(c, grid)));
    if (head >= grid.nRows) break;
    // The table runs to the next caption run that names a table or its unit/department line.
    let end = head + 1;
    while (end < grid.nRows && !startsStackedCaptions(rows, end)) end++;
    // Trailing captions (notes, page numbers) come off the bottom.
    let tail = end;
    while (tail > head + 1 && isTrailingCaption(rows[tail - 1], grid.nCols)) tail--;
    out.push(slice(grid, head, tail));
    for (let r = tail; r < end; r++) out.push(...rows[r].filled.map((c) => textOf(c, grid)));
    start = end;
  }
  return out;
}

interface RowInfo {
  /** non-empty cells that start on this row and span no other row */
  filled: LayoutCell[];
  /** a text-bearing cell of another row reaches into this one */
  crossed: boolean;
}

function rowInfo(grid: LayoutGrid): RowInfo[] {
  const rows: RowInfo[] = Array.from({ length: grid.nRows }, () => ({ filled: [], crossed: false }));
  for (const c of grid.cells) {
    if (!cellText(c)) continue;
    if (c.rowSpan === 1) rows[c.row].filled.push(c);
    else for (let r = c.row; r < Math.min(grid.nRows, c.row + c.rowSpan); r++) rows[r].crossed = true;
  }
  for (const r of rows) r.filled.sort((a, b) => a.col - b.col);
  return rows;
}

function isHeaderWord(text: string): boolean {
  const t = compact(text);
  return HEADER_ONLY_WORDS.has(t) || stubRole(t) !== null || sectionWord(t) !== null || rowMarker(t) !== null || isTotalWord(t);
}

/**
 * A note, a page number or a 单位/部门 line is a caption whatever words it quotes (a note may name the
 * 预算数 and 决算数 columns it explains).
 */
function isSureCaption(text: string): boolean {
  const t = compact(text);
  return TRAILING_CAPTION.test(t) || UNIT_LINE.test(t);
}

/**
 * One text, nothing else on the row, and not a header word; or only 单位/部门 lines side by side
 * (部门：… left, 单位：万元 right). An empty row is a caption row too (spacing).
 */
function isLeadingCaption(row: RowInfo): boolean {
  if (row.crossed) return false;
  if (row.filled.length > 1) return row.filled.every((c) => UNIT_LINE.test(compact(cellText(c))));
  // Only recognised captions (title, 单位/部门 line, note, page number): an unknown spanning text may be a group heading.
  if (row.filled.length === 0 || isSureCaption(cellText(row.filled[0]))) return true;
  return !isHeaderWord(cellText(row.filled[0])) && isCaptionText(cellText(row.filled[0]));
}

function isCaptionText(text: string): boolean {
  const t = compact(text);
  return titleSpec(t) !== null || isFurniture(t) || TRAILING_CAPTION.test(t);
}

function isTrailingCaption(row: RowInfo, nCols: number): boolean {
  if (row.crossed || row.filled.length > 1) return false;
  if (row.filled.length === 0) return true;
  const cell = row.filled[0];
  const text = cellText(cell);
  if (isSureCaption(text)) return true;
  if (isHeaderWord(text) || isTotalWord(compact(text))) return false;
  return isCaptionText(text) || (nCols > 2 && cell.colSpan >= Math.ceil(nCols / 2));
}

/** A run of caption rows starting at `r` that holds a table title or a 单位/部门 line: another table starts. */
function startsStackedCaptions(rows: RowInfo[], r: number): boolean {
  for (let i = r; i < rows.length && isLeadingCaption(rows[i]); i++) {
    const c = rows[i].filled[0];
    if (c && (titleSpec(cellText(c)) !== null || UNIT_LINE.test(compact(cellText(c))))) return true;
  }
  return false;
}

function textOf(cell: LayoutCell, grid: LayoutGrid): LayoutText {
  const t: LayoutText = { kind: 'text', page: grid.page, text: cellText(cell), source: cell.source };
  if (cell.bbox) t.bbox = cell.bbox;
  if (cell.address) t.address = cell.address;
  if (cell.ocr) t.ocr = cell.ocr;
  return t;
}

/** Rows [from, to) of the grid as a grid of its own (row spans clipped at the cut). */
function slice(grid: LayoutGrid, from: number, to: number): LayoutGrid {
  if (from === 0 && to === grid.nRows) return grid;
  const cells: LayoutCell[] = [];
  for (const c of grid.cells) {
    const r0 = Math.max(c.row, from);
    const r1 = Math.min(c.row + c.rowSpan, to);
    if (r1 <= r0) continue;
    // A spanning cell cut by the slice keeps its text only in the part where it starts.
    cells.push({ ...c, row: r0 - from, rowSpan: r1 - r0, lines: c.row >= from ? c.lines : [] });
  }
  const boxes = cells.map((c) => c.bbox).filter((b): b is BBox => !!b);
  const out: LayoutGrid = { ...grid, nRows: to - from, cells };
  if (boxes.length) out.bbox = { x0: Math.min(...boxes.map((b) => b.x0)), y0: Math.min(...boxes.map((b) => b.y0)), x1: Math.max(...boxes.map((b) => b.x1)), y1: Math.max(...boxes.map((b) => b.y1)) };
  return out;
}
