import type { LayoutBlock, LayoutGrid, LayoutPage, LayoutText } from '../../extractors/layout.js';
import { TABLE_SPECS, type TableSpec } from '../../schemas/catalog.js';
import { compact } from '../normalize/text.js';
import type { Warning } from '../../schemas/record.js';

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
/** "…故本表无数据", "本表为空", "无此类收入" … */
export const NO_DATA = /无数据|本表为空|无此(类)?(收入|支出|数据)|未发生|没有.*(收入|支出)/;

const TABLE_FURNITURE = [
  NO_DATA,
  /^注[:：]?/,
  /栏.*[=＝]|行.*[=＝]/,
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

export function locateTables(pages: LayoutPage[], warnings: Warning[] = []): LocatedTable[] {
  const stream: Positioned[] = pages.flatMap((p) => p.blocks.map((block) => ({ block, pageSource: p.source })));
  const found: LocatedTable[] = [];
  let current: LocatedTable | null = null;
  /** true once something that is not part of the current table was seen */
  let closed = true;
  /** the table's title was printed again (续表, or the same title on the next page): its next grid continues it */
  let reprinted = false;

  for (const { block, pageSource } of stream) {
    if (block.kind === 'text') {
      const spec = titleSpec(block.text);
      if (spec && current && !closed && current.spec.id === spec.id && current.grids.length > 0) {
        reprinted = true;
        continue;
      }
      if (spec) {
        current = { spec, title: block, preamble: [], grids: [], notes: [] };
        found.push(current);
        closed = false;
        reprinted = false;
        continue;
      }
      if (!current || closed) continue;
      const text = compact(block.text);
      const furniture = TABLE_FURNITURE.some((re) => re.test(text));
      if (current.grids.length === 0) {
        // Before the grid only short furniture lines belong to the table; narrative means the title was a heading.
        if (furniture || text.length <= 20 || NO_DATA.test(text)) current.preamble.push(block);
        else closed = true;
        continue;
      }
      if (furniture) current.notes.push(block);
      else closed = true;
      continue;
    }
    // A grid: the first one after a title, or a continuation of the open table.
    if (!current || closed) continue;
    if (current.grids.length > 0 && !isContinuation(current, block, reprinted, warnings)) {
      closed = true;
      continue;
    }
    current.grids.push({ grid: block, pageSource });
    reprinted = false;
  }
  // A title without a grid is a table-of-contents line or a heading — unless the document says the
  // table has no data (some print only the title and "故本表无数据").
  const kept = found.filter((t) => t.grids.length > 0 || [...t.preamble, ...t.notes].some((b) => NO_DATA.test(compact(b.text))));
  return dedupe(kept, warnings);
}

function isContinuation(table: LocatedTable, grid: LayoutGrid, reprinted: boolean, warnings: Warning[]): boolean {
  const first = table.grids[0].grid;
  const last = table.grids[table.grids.length - 1].grid;
  // A table continues on a later page, or after its title is printed again (text input has no pages).
  if (grid.page <= last.page && !reprinted) return false;
  // Rows are appended by column position, so the columns must be the same.
  if (grid.nCols !== first.nCols) {
    warnings.push({
      code: 'continuation-columns',
      message: `${table.spec.id}: the grid on page ${grid.page} follows the table but has ${grid.nCols} columns, not ${first.nCols}; not joined`,
      table: table.spec.id,
      page: grid.page,
    });
    return false;
  }
  return true;
}

/** When a title occurs twice with grids (a second department's tables, a reprint), keep the first and say so. */
function dedupe(tables: LocatedTable[], warnings: Warning[]): LocatedTable[] {
  const seen = new Set<string>();
  return tables.filter((t) => {
    if (seen.has(t.spec.id)) {
      const where = t.title.page ? `page ${t.title.page}` : `line ${t.title.line}`;
      warnings.push({ code: 'duplicate-table', message: `${t.spec.id} "${t.title.text}" printed again (${where}); only the first is recorded`, table: t.spec.id, page: t.title.page });
      return false;
    }
    seen.add(t.spec.id);
    return true;
  });
}
