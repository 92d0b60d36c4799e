import type { Cell, DocumentRecord, Table } from '../../schemas/record.js';
import { rowName } from '../validate/check.js';

/** A place to highlight: a page, and where on it (PDF points, top-left origin) when known. */
export interface Box {
  p: number;
  b?: [number, number, number, number];
  /** which side of a check: `l` the left (the printed total), `r` a term */
  s?: 'l' | 'r';
}

type Placed = { page: number | null; bbox?: { x0: number; y0: number; x1: number; y1: number } };

export function boxOf(place: Placed, side?: Box['s']): Box | null {
  if (place.page === null) return null;
  const box: Box = { p: place.page };
  if (place.bbox) box.b = [place.bbox.x0, place.bbox.y0, place.bbox.x1, place.bbox.y1];
  if (side) box.s = side;
  return box;
}

/** One side of a check, as the check names it. */
interface Ref {
  table: string;
  section: string;
  row: string;
  column: string;
  page: number | null;
}

/**
 * Finds the printed cell (or narrative figure) a check's reference names, by the names the
 * validator gives (table, section, rowName, column key; for the narrative its key and page), so the
 * report can put a box on both sides of a failed identity. Falls back to the page the check names.
 */
export function refLocator(record: DocumentRecord): (ref: Ref) => { cell: Cell | null; place: Placed } {
  const cells = new Map<string, Cell>();
  for (const t of Object.values(record.tables) as (Table | undefined)[]) {
    for (const row of t?.rows ?? []) {
      for (const c of row.cells) {
        const k = `${t!.id}|${row.section}|${rowName(row)}|${c.key}`;
        if (!cells.has(k)) cells.set(k, c);
      }
    }
  }
  const figures = new Map<string, Placed[]>();
  for (const f of record.narrative) figures.set(f.key, [...(figures.get(f.key) ?? []), f]);
  return (ref) => {
    if (ref.table === 'narrative') {
      const list = figures.get(ref.row) ?? [];
      return { cell: null, place: list.find((x) => x.page === ref.page) ?? list[0] ?? { page: ref.page } };
    }
    const cell = cells.get(`${ref.table}|${ref.section}|${ref.row}|${ref.column}`) ?? null;
    return { cell, place: cell ?? { page: ref.page } };
  };
}
