import type { LayoutCell, LayoutGrid } from '../../extractors/layout.js';
import type { PerfValue } from '../../schemas/performance.js';
import { toSlotGrid } from '../assemble/slots.js';
import { parseAmount } from '../../lib/number.js';
import { cleanLabel, compact } from '../../lib/text.js';

/**
 * The rows of a 绩效 form as the grid model gives them: each row the distinct cells it touches, in
 * column order, a cell spanning rows from above included (so a ruled 一级指标 spanning four rows is
 * on each of them, as a text converter's carried-down blank is not).
 */
export interface Item {
  col: number;
  /** last column the cell covers */
  colEnd: number;
  text: string;
  /** compact form, for matching words */
  key: string;
  cell: LayoutCell;
  /** the cell starts on an earlier row (a vertical span) */
  carried: boolean;
  /** page of a PDF page; null for text and HTML inputs, which have no pages */
  page: number | null;
}

export interface FormRow {
  items: Item[];
  grid: LayoutGrid;
}

export function formRows(grid: LayoutGrid, withPages: boolean): FormRow[] {
  const slots = toSlotGrid(grid);
  return slots.rows.map((row, r) => {
    const items: Item[] = [];
    for (let c = 0; c < row.length; c++) {
      const slot = row[c];
      if (!slot.text) continue;
      const last = items[items.length - 1];
      if (last && last.cell === slot.cell) {
        last.colEnd = c;
        continue;
      }
      items.push({ col: c, colEnd: c, text: slot.text, key: compact(slot.text), cell: slot.cell, carried: slot.cell.row < r, page: withPages ? grid.page : null });
    }
    return { items, grid };
  });
}

/** A printed value with its place; null when there is no cell. */
export function valueOf(item: Item | undefined): PerfValue | null {
  if (!item) return null;
  const parsed = parseAmount(item.text);
  const cell = item.cell;
  return {
    text: item.text,
    value: parsed.kind === 'number' || parsed.kind === 'percent' ? parsed.value : null,
    kind: parsed.kind,
    page: item.page,
    ...(cell.bbox && item.page !== null ? { bbox: cell.bbox } : {}),
    ...(cell.line !== undefined ? { line: cell.line } : {}),
  };
}

/** Text of a label or a name: wrapped lines joined, spaces a converter left between Chinese removed. */
export function label(item: Item | undefined): string | null {
  if (!item) return null;
  const t = cleanLabel(item.text);
  return t || null;
}

/** "产出指标 (40 分)", "产出指标50分", "满意度指标10" → name 产出指标 / 满意度指标, points 40 / 10. */
export function splitPoints(text: string): { name: string; points: string | null } {
  const t = compact(text);
  const m = /^(.*?)[(（](\d+(?:\.\d+)?)分[)）]$/.exec(t) ?? /^(.*?(?:指标|满意度))[(（]?(\d+(?:\.\d+)?)分?[)）]?$/.exec(t);
  return m ? { name: m[1], points: m[2] } : { name: t, points: null };
}
