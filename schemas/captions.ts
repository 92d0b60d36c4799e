/**
 * The words of what is printed around a table: its title (which of the standard tables it names) and
 * the furniture lines beside it (单位：万元, 部门：, notes, 故本表无数据, page numbers). Shared by the
 * readers, which peel these lines off grids that enclose them (extractors/grid/captions.ts), and by
 * the assembler, which opens and closes tables on them (src/assemble/locate.ts).
 */
import { TABLE_SPECS, type TableSpec } from './catalog.js';
import { compact } from '../lib/text.js';

/** "…故本表无数据", "本表为空", "无此类收入" … */
export const NO_DATA = /无数据|本表为空|无此(类)?(收入|支出|数据)|未发生|没有.*(收入|支出)/;

/** Lines that may sit between a table's grids, or under it, without ending it. */
const TABLE_FURNITURE = [
  NO_DATA,
  /^注[:：]?/,
  /栏.*[=＝]|行.*[=＝]/,
  /^(单位|部门|编制单位|编制部门|填报单位|预算单位|单位名称|部门名称|金额单位)[:：]/,
  /^(万元|元|千元)$/,
  /^[-—－]?\s*\d{1,3}\s*[-—－]?$/,
  /^第\s*\d+\s*页/,
  /^(公开|附表|续表)/,
];

/** The standard table a title line names, matched by its words, never by its number. */
export function titleSpec(text: string): TableSpec | null {
  const t = compact(text);
  // Titles are short lines; table-of-contents entries and narrative headings fail the grid test later.
  if (t.length > 60 || !/表/.test(t)) return null;
  if (/说明|情况$/.test(t)) return null;
  return TABLE_SPECS.find((s) => s.title.test(t)) ?? null;
}

export function isFurniture(text: string): boolean {
  const t = compact(text);
  return TABLE_FURNITURE.some((re) => re.test(t));
}
