/**
 * Workbooks (.xlsx/.xlsm through OOXML, .xls/.et through BIFF in an OLE file) → the layout model, with
 * SheetJS (`@e965/xlsx`, the maintained build). Each visible sheet is one page holding its used range as
 * one grid: merged cells become spanning cells, and the grid goes through the same caption peeling as a
 * Calc/Excel PDF with printed gridlines (extractors/grid/captions.ts) — titles, 单位 lines and covers
 * come back as text, several tables stacked on one sheet are split. Cells keep their address (`表2!C7`).
 *
 * A number cell is read as its formatted text (what the sheet shows and a printout prints); its stored
 * value is compared, and where the two differ by more than binary-float noise (a format that hides
 * digits) the sheet's own value is reported in a warning, never substituted.
 */
import * as XLSX from '@e965/xlsx';
import { Decimal } from 'decimal.js';
import type { DocumentLayout, LayoutBlock, LayoutCell, LayoutGrid, LayoutPage } from '../layout.js';
import { peelCaptions } from '../grid/captions.js';
import { DocumentReadError } from '../pdf/errors.js';
import { parseAmount } from '../../lib/number.js';
import type { ExtractLimits } from '../../schemas/limits.js';
import { checkUnzippedSize, isEncryptedPackage, isOle, isZip, zipDirectory } from './container.js';

/** Warnings listing many places name the first few. */
const SHOWN = 5;

export function readWorkbookLayout(bytes: Uint8Array, fileName: string, limits: ExtractLimits): DocumentLayout {
  if (isEncryptedPackage(bytes)) throw new DocumentReadError(fileName, 'the workbook is password-protected (encrypted): not read');
  if (!isZip(bytes) && !isOle(bytes)) throw new DocumentReadError(fileName, 'not an Excel workbook: neither an OOXML zip package nor an OLE compound file (BIFF)');
  const dir = zipDirectory(bytes);
  if (isZip(bytes)) {
    if (!dir) throw new DocumentReadError(fileName, 'the workbook is corrupt: its zip container cannot be read');
    checkUnzippedSize([...dir.values()].reduce((a, b) => a + b, 0), fileName, limits.maxUnzippedBytes);
  }
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', dense: true, cellStyles: true, cellHTML: false, cellFormula: false, bookVBA: false, WTF: false });
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    if (/password|encrypt/i.test(msg)) throw new DocumentReadError(fileName, `the workbook is password-protected (encrypted): not read (${msg})`);
    throw new DocumentReadError(fileName, `the workbook is corrupt or not a workbook SheetJS can read: ${msg}`);
  }
  const warnings: string[] = [];
  const pages: LayoutPage[] = [];
  let cells = 0;
  wb.SheetNames.forEach((name, i) => {
    const hidden = wb.Workbook?.Sheets?.[i]?.Hidden ?? 0;
    const ws = wb.Sheets[name];
    if (hidden) {
      if (ws?.['!ref']) warnings.push(`hidden sheet "${name}" ignored`);
      return;
    }
    if (!ws) return;
    const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
    cells += data.reduce((n, row) => n + (row?.length ?? 0), 0);
    if (cells > limits.maxSheetCells) throw new DocumentReadError(fileName, `sheet "${name}" takes the workbook over ${limits.maxSheetCells} cells (maxSheetCells): not read`);
    const number = pages.length + 1;
    pages.push({ number, blocks: sheetBlocks(ws, name, number, warnings), source: 'spreadsheet' });
  });
  const props = wb.Props ?? {};
  return {
    pages,
    pageCount: pages.length,
    producer: (props as { Application?: string }).Application || undefined,
    creator: props.Author || undefined,
    title: props.Title || undefined,
    warnings,
  };
}

/** `表2!C7`; a sheet name with spaces or punctuation quoted as a spreadsheet would ('2026年 预算'!A1). */
function address(sheet: string, r: number, c: number): string {
  const quoted = /^[\p{L}\p{N}_]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${XLSX.utils.encode_cell({ r, c })}`;
}

function sheetBlocks(ws: XLSX.WorkSheet, name: string, page: number, warnings: string[]): LayoutBlock[] {
  const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const merges = ws['!merges'] ?? [];
  const hiddenRows = new Set<number>();
  const hiddenCols = new Set<number>();
  (ws['!rows'] ?? []).forEach((r, i) => r?.hidden && hiddenRows.add(i));
  (ws['!cols'] ?? []).forEach((c, i) => c?.hidden && hiddenCols.add(i));

  // Texts of the sheet; the used range is where there is text (styled empty cells widen !ref).
  const texts = new Map<string, string[]>();
  let r0 = Infinity;
  let r1 = -1;
  let c0 = Infinity;
  let c1 = -1;
  const hiddenWithText = new Set<string>();
  data.forEach((row, r) =>
    row?.forEach((cell, c) => {
      if (!cell) return;
      const lines = cellLines(cell, address(name, r, c), warnings);
      if (!lines.length) return;
      if (hiddenRows.has(r) || hiddenCols.has(c)) {
        hiddenWithText.add(hiddenRows.has(r) ? `row ${r + 1}` : `column ${XLSX.utils.encode_col(c)}`);
        return;
      }
      texts.set(`${r}:${c}`, lines);
      r0 = Math.min(r0, r);
      r1 = Math.max(r1, r);
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    }),
  );
  if (hiddenWithText.size) {
    const list = [...hiddenWithText];
    warnings.push(`sheet "${name}": hidden ${list.slice(0, SHOWN).join(', ')}${list.length > SHOWN ? ` and ${list.length - SHOWN} more` : ''} ignored (they hold text)`);
  }
  if (r1 < 0) return [];
  // Merges reaching out of the text range widen it (a title merged over the table's width).
  for (const m of merges) {
    if (!texts.has(`${m.s.r}:${m.s.c}`)) continue;
    r1 = Math.max(r1, m.e.r);
    c1 = Math.max(c1, m.e.c);
  }
  // Visible rows and columns of the range, numbered as the grid's.
  const rowAt = new Map<number, number>();
  const colAt = new Map<number, number>();
  for (let r = r0; r <= r1; r++) if (!hiddenRows.has(r)) rowAt.set(r, rowAt.size);
  for (let c = c0; c <= c1; c++) if (!hiddenCols.has(c)) colAt.set(c, colAt.size);
  const visibleIn = (at: Map<number, number>, a: number, b: number) => {
    const idx: number[] = [];
    for (let i = a; i <= b; i++) if (at.has(i)) idx.push(at.get(i)!);
    return idx;
  };

  const cells: LayoutCell[] = [];
  const covered = new Set<string>();
  for (const m of merges) {
    const rows = visibleIn(rowAt, m.s.r, m.e.r);
    const cols = visibleIn(colAt, m.s.c, m.e.c);
    if (!rows.length || !cols.length) continue;
    for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c; c <= m.e.c; c++) covered.add(`${r}:${c}`);
    cells.push({ row: rows[0], col: cols[0], rowSpan: rows.length, colSpan: cols.length, lines: texts.get(`${m.s.r}:${m.s.c}`) ?? [], page, address: address(name, m.s.r, m.s.c), source: 'text' });
  }
  for (const [key, lines] of texts) {
    if (covered.has(key)) continue;
    const [r, c] = key.split(':').map(Number);
    cells.push({ row: rowAt.get(r)!, col: colAt.get(c)!, rowSpan: 1, colSpan: 1, lines, page, address: address(name, r, c), source: 'text' });
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  const grid: LayoutGrid = { kind: 'grid', page, nRows: rowAt.size, nCols: colAt.size, cells, ruled: true };
  return peelCaptions(grid).map((b) => (b.kind === 'grid' ? trimColumns(b) : b));
}

/**
 * Tables stacked on one sheet share its columns: each keeps only the columns it writes in (a narrow
 * table under a wide one would otherwise get the wide one's empty columns as its own).
 */
function trimColumns(grid: LayoutGrid): LayoutGrid {
  let first = Infinity;
  let last = -1;
  for (const c of grid.cells) {
    if (!c.lines.length) continue;
    first = Math.min(first, c.col);
    last = Math.max(last, c.col + c.colSpan - 1);
  }
  if (last < 0 || (first === 0 && last === grid.nCols - 1)) return grid;
  const cells = grid.cells
    .filter((c) => c.col <= last && c.col + c.colSpan - 1 >= first)
    .map((c) => {
      const col = Math.max(c.col, first);
      return { ...c, col: col - first, colSpan: Math.min(c.col + c.colSpan - 1, last) - col + 1 };
    });
  return { ...grid, nCols: last - first + 1, cells };
}

/** The lines a cell shows: formatted text for numbers (checked against the stored value), text split at line breaks. */
function cellLines(cell: XLSX.CellObject, where: string, warnings: string[]): string[] {
  if (cell.t === 'z' || cell.v === undefined || cell.v === null) return [];
  if (cell.t === 'n') {
    const stored = exactStored(cell.v as number);
    const shown = cell.w?.trim() || stored;
    checkStored(shown, stored, where, warnings);
    return [shown];
  }
  const text = cell.t === 's' ? String(cell.v) : (cell.w ?? String(cell.v));
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A stored double as the decimal it was typed as: 15 significant digits drop binary noise (0.1 + 0.2). */
function exactStored(v: number): string {
  return new Decimal(v.toPrecision(15)).toFixed();
}

function checkStored(shown: string, stored: string, where: string, warnings: string[]): void {
  const p = parseAmount(shown);
  if (p.value === null) return; // a format that shows 0 as "-" or words: the text is what is printed
  const value = p.kind === 'percent' ? new Decimal(p.value).div(100) : new Decimal(p.value);
  if (!value.eq(stored)) warnings.push(`${where} shows ${shown} but stores ${stored}: the shown value is recorded`);
}
