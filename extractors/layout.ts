/**
 * The page-layout model every reader produces (PDF text layer, OCR, plain text, HTML) and the
 * table assembler consumes. Readers only say *where* text is and how it sits in ruled grids;
 * they know nothing about 决算 tables. Keeping this contract small is what lets the born-digital,
 * scanned and text paths share one assembler.
 *
 * Coordinates are PDF points with the origin at the top-left of the page (y grows downwards),
 * so bounding boxes can be drawn directly onto a rendered page in the audit report.
 */

export interface BBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where a piece of text came from: a page region of a PDF, or a line of a text file. */
export interface SourceRef {
  /** 1-based page number; for text input, the 1-based page of the converter's output if known, else 1. */
  page: number;
  bbox?: BBox;
  /** 1-based line number in a text input. */
  line?: number;
  /**
   * Where the text sits in a cell-addressed source: `表2!C7` (sheet and cell of a workbook),
   * `table3!R2C4` / `paragraph12` (1-based table or paragraph of a Word document).
   */
  address?: string;
}

export interface OcrInfo {
  /** 0..1 mean confidence of the recognised text. */
  confidence: number;
  /** Other readings tesseract considered, per character position, best first (for identity repair). */
  alternatives?: string[][];
}

/** One cell of a grid. Spanning cells appear once, at their top-left slot. */
export interface LayoutCell extends SourceRef {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Text lines inside the cell, top to bottom, each already trimmed. Empty cell: []. */
  lines: string[];
  source: 'text' | 'ocr';
  ocr?: OcrInfo;
  /**
   * Where the cell's text itself lies, when it differs from bbox: in grids of the column model
   * (unruled), bbox is the column's band, which moves with the text of the page, the text does not.
   */
  ink?: BBox;
}

/** A table grid found on one page (a table that runs over a page break gives one grid per page). */
export interface LayoutGrid {
  kind: 'grid';
  page: number;
  bbox?: BBox;
  nRows: number;
  nCols: number;
  cells: LayoutCell[];
  /** true when the grid came from ruling lines, false when text was clustered by position. */
  ruled: boolean;
}

/** A line (or paragraph) of text outside any grid: titles, 单位：万元, notes, narrative. */
export interface LayoutText extends SourceRef {
  kind: 'text';
  text: string;
  source: 'text' | 'ocr';
  ocr?: OcrInfo;
}

export type LayoutBlock = LayoutText | LayoutGrid;

export interface LayoutPage {
  number: number;
  width?: number;
  height?: number;
  /** Blocks in reading order (top to bottom; grids placed where they start). */
  blocks: LayoutBlock[];
  /** How the page's content was obtained. */
  source: 'text-layer' | 'ocr' | 'text-file' | 'html' | 'spreadsheet' | 'word';
}

export interface DocumentLayout {
  pages: LayoutPage[];
  pageCount: number;
  /** PDF producer / creator, when known. */
  producer?: string;
  creator?: string;
  /** The title the file gives itself (PDF Info Title, HTML <title>), when it has one: one source of the document's identity. */
  title?: string;
  /** Problems the reader met that did not stop it (e.g. a page with no text). */
  warnings: string[];
}

/** Text of a cell with its wrapped lines joined the way Chinese layout needs. */
export function cellText(cell: Pick<LayoutCell, 'lines'>): string {
  return joinWrappedLines(cell.lines);
}

/**
 * Joins lines that a layout wrapped inside one cell. CJK text is joined without a space; a space is
 * kept only between two Latin/digit runs ("2020 年" stays readable, "机关事业单位基本养老保险" + "缴费支出"
 * becomes one word).
 */
export function joinWrappedLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (out && /[A-Za-z0-9]$/.test(out) && /^[A-Za-z]/.test(line)) out += ' ';
    out += line;
  }
  return out;
}
