import type { LayoutBlock, LayoutGrid, LayoutPage, LayoutText } from '../../extractors/layout.js';
import { TABLE_SPECS, type TableSpec } from '../../schemas/catalog.js';
import { compact } from '../normalize/text.js';

/**
 * Finds the standard tables in a document's block stream: a title line (matched by its words, never
 * its number) followed by one or more grids — the first on the title's page, the rest continuations
 * on following pages — and the text around them (unit line, notes under the table).
 */

export interface LocatedTable {
  spec: TableSpec;
  title: LayoutText;
  /** lines between the title and the first grid (部门：, 单位：万元) */
  preamble: LayoutText[];
  grids: { grid: LayoutGrid; pageSource: LayoutPage['source'] }[];
  /** lines after the grids that belong to the table (注：…, identity notes, 故本表无数据) */
  notes: LayoutText[];
}

interface Positioned {
  block: LayoutBlock;
  pageSource: LayoutPage['source'];
}

/** Lines that may sit between a table's grids, or under it, without ending it. */
const TABLE_FURNITURE = [
  /^注[:：]?/,
  /栏.*[=＝]|行.*[=＝]/,
  /无数据|本表为空|无此(类)?(收入|支出|数据)|未发生|没有.*(收入|支出)/,
  /^(单位|部门|编制单位|填报单位|预算单位)[:：]/,
  /^(万元|元|千元)$/,
  /^[-—－]?\s*\d{1,3}\s*[-—－]?$/,
  /^第\s*\d+\s*页/,
  /^(公开|附表|续表)/,
];

export function titleSpec(text: string): TableSpec | null {
  const t = compact(text);
  // Titles are short lines; table-of-contents entries and narrative headings fail the grid test later.
  if (t.length > 60 || !/表/.test(t)) return null;
  if (/说明|情况$/.test(t)) return null;
  return TABLE_SPECS.find((s) => s.title.test(t)) ?? null;
}

export function locateTables(pages: LayoutPage[]): LocatedTable[] {
  const stream: Positioned[] = pages.flatMap((p) => p.blocks.map((block) => ({ block, pageSource: p.source })));
  const found: LocatedTable[] = [];
  let current: LocatedTable | null = null;
  /** true once the current table has grids and something outside it was seen */
  let closed = true;

  for (const { block, pageSource } of stream) {
    if (block.kind === 'text') {
      const spec = titleSpec(block.text);
      if (spec) {
        current = { spec, title: block, preamble: [], grids: [], notes: [] };
        found.push(current);
        closed = false;
        continue;
      }
      if (!current || closed) continue;
      const furniture = TABLE_FURNITURE.some((re) => re.test(compact(block.text)));
      if (current.grids.length === 0) {
        // Before the grid only short furniture lines belong to the table; narrative means the title was a heading.
        if (furniture || compact(block.text).length <= 20) current.preamble.push(block);
        else closed = true;
        continue;
      }
      if (furniture) current.notes.push(block);
      else closed = true;
      continue;
    }
    // A grid: the first one after a title, or a continuation of the open table.
    if (!current || closed) continue;
    if (current.grids.length > 0 && !isContinuation(current, block)) {
      closed = true;
      continue;
    }
    current.grids.push({ grid: block, pageSource });
  }
  // A title without a grid is a table-of-contents line or heading; drop it unless it is the only mention.
  return dedupe(found.filter((t) => t.grids.length > 0));
}

function isContinuation(table: LocatedTable, grid: LayoutGrid): boolean {
  const first = table.grids[0].grid;
  const last = table.grids[table.grids.length - 1].grid;
  // A table continues only on a later page (text input has a single page, so its tables never do),
  // with a similar column count.
  if (grid.page <= last.page) return false;
  return Math.abs(grid.nCols - first.nCols) <= Math.max(1, Math.floor(first.nCols / 4));
}

/** When a title occurs twice with grids (e.g. a summary table reprinted), keep the first. */
function dedupe(tables: LocatedTable[]): LocatedTable[] {
  const seen = new Set<string>();
  return tables.filter((t) => {
    if (seen.has(t.spec.id)) return false;
    seen.add(t.spec.id);
    return true;
  });
}
