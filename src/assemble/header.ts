import type { ColumnRule, Section, TableSpec } from '../../schemas/catalog.js';
import { ENUMERATED_ITEM, findWord, HEADER_ONLY_WORDS, isTotalWord, rowMarker, sectionWord, stubRole, type ColumnRole } from '../../schemas/header-vocabulary.js';
import { parseAmount } from '../../lib/number.js';
import { cleanLabel, compact, nfkc } from '../../lib/text.js';
import type { Slot, SlotGrid } from './slots.js';

/**
 * Reads a table's header: which leading rows are header, the printed header path of every column,
 * each column's role (code, label, 行次, value), the side-by-side groups (收入 | 支出, 人员经费 | 公用经费),
 * and the canonical key of every value column.
 */

export type { ColumnRole };

export interface ColumnInfo {
  index: number;
  /** printed header levels, cleaned, section words kept */
  levels: string[];
  role: ColumnRole;
  /** 栏次 numbers printed under this column (two when one printed column holds two) */
  columnNos: number[];
  /** section named by the header (收入/支出, 预算数/决算数, 人员经费/公用经费) */
  section: Section | '';
  /** canonical key(s); two when the printed column merges two columns ("基本支出 项目支出") */
  keys: string[];
  /** the header label for each key */
  labels: string[];
}

export interface ColumnGroup {
  codeCols: number[];
  labelCol: number | null;
  lineNoCol: number | null;
  valueCols: number[];
  section: Section | '';
}

export interface HeaderModel {
  headerRows: number;
  columns: ColumnInfo[];
  groups: ColumnGroup[];
  unknownColumns: string[];
  /** value-worded (or unworded) columns read as code columns because their body holds only classification codes */
  codeColumnsFromBody: string[];
}

/** A 功能/经济分类 code: 类 (3 digits), 款 (5) or 项 (7). */
export const CODE_PATTERN = /^\d{3}(?:\d{2}){0,2}$/;

/** A row that carries data: a classification code, an amount, an enumerated item or a bare 合计 label. */
export function isDataRow(row: Slot[]): boolean {
  const texts = row.filter((s) => s.origin).map((s) => s.text.replace(/\s+/g, ''));
  if (isMarkerRow(texts)) return false;
  if (texts.some((t) => CODE_PATTERN.test(t))) return true;
  // Header cells may say 本年收入合计 or 合计 (a column); a bare 合计/总计 marks a body row only in a
  // row that has no header words beside it.
  if (texts.some((t) => ENUMERATED_ITEM.test(t))) return true;
  if (texts.some(isTotalWord) && !texts.some((t) => HEADER_ONLY_WORDS.has(compact(t)))) return true;
  const numbers = texts.filter((t) => t && parseAmount(t).kind === 'number');
  if (numbers.some((t) => /[.,]/.test(t))) return true;
  // A dash is a value printed as nothing (a zero): no heading is one (国有资本经营预算财政拨款 -, a 表4 row
  // that names a column of the table, first on a continuation page).
  if (texts.some((t) => parseAmount(t).kind === 'dash')) return true;
  // A row of plain integers that are not 1,2,3… (e.g. the 0 0 0 of an empty 三公 table) is data.
  return numbers.length > 0 && numbers.length === texts.filter(Boolean).length;
}

/** The 栏次 row and the 类/款/项 row close a header. */
function isMarkerRow(texts: string[]): boolean {
  return texts.some((t) => rowMarker(t) !== null) || isColumnNumberRow(texts);
}

/** The 栏次 row: only small integers, increasing by one ("1 2 3 … 12"). */
function isColumnNumberRow(texts: string[]): boolean {
  const ints = texts.filter(Boolean);
  if (ints.length < 1 || !ints.every((t) => /^\d{1,2}(\s*\d{1,2})*$/.test(t))) return false;
  const nums = ints.flatMap((t) => t.split(/\s+/).map(Number));
  return nums.every((n, i) => i === 0 || n === nums[i - 1] + 1) && nums[0] <= 1 + nums.length;
}

/**
 * Some producers print the 类/款/项 markers in the same ruled row as the 合计 line (Shanghai 2024).
 * Such a row is split in two: the marker cells become a header row, the rest the first body row.
 */
export function splitMixedMarkerRows(grid: SlotGrid): void {
  for (let r = 0; r < Math.min(grid.rows.length, 8); r++) {
    const row = grid.rows[r];
    const isMarker = (s: Slot) => rowMarker(s.text.replace(/\s+/g, '')) !== null;
    if (!row.some(isMarker)) continue;
    const rest = row.filter((s) => s.origin && !isMarker(s) && s.text);
    const hasData = rest.some((s) => isTotalWord(s.text.replace(/\s+/g, '')) || /\d[.,]\d/.test(s.text));
    if (!hasData) continue;
    const blank = (s: Slot): Slot => ({ ...s, text: '', raw: '', origin: true });
    const header = row.map((s) => (isMarker(s) ? s : blank(s)));
    const body = row.map((s) => (isMarker(s) ? blank(s) : s));
    grid.rows.splice(r, 1, header, body);
    return;
  }
}

export function countHeaderRows(grid: SlotGrid): number {
  // When a 栏次 or 类/款/项 row is printed near the top, the header ends with the last of them.
  let lastMarker = -1;
  for (let r = 0; r < Math.min(grid.rows.length, 8); r++) {
    const texts = grid.rows[r].filter((s) => s.origin).map((s) => s.text.replace(/\s+/g, ''));
    if (isMarkerRow(texts)) lastMarker = r;
    else if (lastMarker >= 0) break;
  }
  if (lastMarker >= 0) return lastMarker + 1;
  let n = 0;
  while (n < grid.rows.length && !isDataRow(grid.rows[n])) n++;
  return n;
}

/**
 * Text converters lose horizontal spans: "收入\t\t\t支出" means 收入 spans the next two columns. A header
 * cell is extended rightwards over empty slots when the header row below has text there.
 */
export function fillHeaderSpans(grid: SlotGrid, headerRows: number): void {
  // Bottom-up, so a top level spans over a middle level that was itself just extended.
  for (let r = headerRows - 2; r >= 0; r--) {
    const row = grid.rows[r];
    const below = grid.rows[r + 1];
    if (isMarkerRow(below.map((s) => s.text.replace(/\s+/g, '')))) continue;
    for (let c = 0; c < grid.nCols; c++) {
      if (!row[c].text || !row[c].origin) continue;
      for (let k = c + 1; k < grid.nCols && !row[k].text && below[k].text; k++) {
        row[k] = { ...row[c], origin: false };
      }
    }
  }
}

export function readHeader(grid: SlotGrid, spec: TableSpec, headerRows: number): HeaderModel {
  const columns: ColumnInfo[] = [];
  const unknownColumns: string[] = [];
  const codeColumnsFromBody: string[] = [];
  for (let c = 0; c < grid.nCols; c++) {
    const levels: string[] = [];
    const columnNos: number[] = [];
    let mergedRaw: string | null = null;
    let prev: Slot | null = null;
    for (let r = 0; r < headerRows; r++) {
      const slot = grid.rows[r][c];
      if (slot === prev || (prev && slot.cell === prev.cell)) continue;
      prev = slot;
      const text = cleanLabel(slot.text);
      if (!text || rowMarker(text) === 'columnNumbers') continue;
      if (/^\d{1,2}(\s+\d{1,2})*$/.test(slot.raw)) {
        columnNos.push(...slot.raw.split(/\s+/).map(Number));
        continue;
      }
      if (/\s/.test(slot.raw)) mergedRaw = slot.raw;
      levels.push(text);
    }
    let role = columnRole(levels);
    // A number-shaped code is never an amount (nor a name): whatever the header says, a column of 科目
    // codes is a code column.
    if ((role === 'value' || role === 'label') && isCodeColumn(grid, headerRows, c)) {
      role = 'code';
      codeColumnsFromBody.push(levels.join('/') || `column ${c + 1}`);
    }
    let section: Section | '' = '';
    const keyLevels: string[] = [];
    for (const level of levels) {
      const sec = sectionWord(compact(level));
      if (sec && spec.sections.includes(sec)) section = sec;
      else keyLevels.push(level);
    }
    let keys: string[] = [];
    let labels: string[] = [];
    if (role === 'value') {
      const split = mergedRaw ? splitMergedHeader(mergedRaw, spec.columns) : null;
      if (split) {
        keys = split.map((s) => s.key);
        labels = split.map((s) => [...levels.slice(0, -1), s.label].join('/'));
      } else {
        const key = columnKey(keyLevels, spec.columns);
        const label = levels.join('/');
        keys = [key ?? `x_${c}`];
        labels = [label];
        if (!key) unknownColumns.push(label || `column ${c + 1}`);
      }
    }
    columns.push({ index: c, levels, role, columnNos, section, keys, labels });
  }
  inferPairedSections(columns, spec);
  const groups = groupColumns(columns);
  // Two columns of one group and section with the same key would make every check pick one of them
  // at random: keep the first, give the others x_ keys and say so.
  for (const group of groups) {
    const seen = new Set<string>();
    for (const c of group.valueCols) {
      const col = columns[c];
      col.keys = col.keys.map((key, i) => {
        const id = `${col.section || group.section}|${key}`;
        if (!seen.has(id)) {
          seen.add(id);
          return key;
        }
        unknownColumns.push(`${col.labels[i]} (same canonical column as an earlier one: ${key})`);
        return `x_${c}${i ? `_${i}` : ''}`;
      });
    }
  }
  return { headerRows, columns, groups, unknownColumns, codeColumnsFromBody };
}

/**
 * A body of classification codes: every printed value is a 3/5/7-digit code, at least three, all
 * different, and they nest like the 科目 hierarchy (most 款/项 codes have their parent printed).
 * Amount columns of 元 tables print plain integers too, but a parent's amount repeats its only
 * child's, amounts do not nest digit by digit, and the 合计 row rarely fits the pattern.
 */
function isCodeColumn(grid: SlotGrid, headerRows: number, c: number): boolean {
  const texts = grid.rows
    .slice(headerRows)
    .map((row) => row[c])
    .filter((s) => s?.origin && s.text)
    .map((s) => compact(s.text));
  if (texts.length < 3 || !texts.every((t) => CODE_PATTERN.test(t))) return false;
  const codes = new Set(texts);
  if (codes.size !== texts.length) return false;
  const children = texts.filter((t) => t.length > 3);
  const nested = children.filter((t) => codes.has(t.slice(0, -2)));
  return nested.length > 0 && nested.length * 2 >= children.length;
}

/** The role the header words give a column: its deepest level decides (项目/科目代码 is a code column). */
function columnRole(levels: string[]): ColumnRole {
  const last = compact(levels[levels.length - 1] ?? '');
  // A template may print the 合计 row label inside the header (Shanghai 2024 表8): the stub above decides.
  if (isTotalWord(last) && levels.length > 1) {
    const above = columnRole(levels.slice(0, -1));
    if (above !== 'value') return above;
  }
  return stubRole(last) ?? 'value';
}

/**
 * Canonical key of a value column: the deepest header level decides ("公务用车购置及运行费/购置费" is a
 * purchase column), except a generic 小计/合计, which takes its meaning from the level above
 * ("公务用车购置及运行费/小计"). Rules are tried most specific first.
 */
export function columnKey(levels: string[], rules: readonly ColumnRule[]): string | null {
  if (levels.length === 0) return rules.find((r) => r.printed.includes(''))?.key ?? null;
  for (let i = levels.length - 1; i >= 0; i--) {
    const text = compact(levels.slice(i).join('/'));
    if (i === levels.length - 1 && /^(小计|合计)$/.test(text) && i > 0) continue;
    // A heading wrapped over two lines of an unruled header reads as two levels (本年收入 / 合计): the
    // levels as one word are tried after the levels as a path.
    const rule = findWord(text, rules) ?? (i < levels.length - 1 ? findWord(text.replace(/\//g, ''), rules) : undefined);
    if (rule) return rule.key;
  }
  return null;
}

/**
 * 表7 prints every item twice, under 预算数 and under 决算数. When the word over one copy is
 * unreadable (a scan, a misprint), the copy whose twin is marked takes the other section.
 */
function inferPairedSections(columns: ColumnInfo[], spec: TableSpec): void {
  const pair: Section[] = ['budget', 'actual'];
  if (!pair.every((p) => spec.sections.includes(p))) return;
  const values = columns.filter((c) => c.role === 'value' && c.keys.length === 1);
  for (const col of values.filter((c) => !c.section)) {
    const twins = values.filter((c) => c !== col && c.keys[0] === col.keys[0]);
    const marked = twins.filter((c) => c.section);
    if (twins.length === 1 && marked.length === 1) col.section = pair.find((p) => p !== marked[0].section)!;
  }
}

/** "基本支出 项目支出" printed as one header cell: split when every word names a different column. */
function splitMergedHeader(raw: string, rules: readonly ColumnRule[]): { key: string; label: string }[] | null {
  const words = nfkc(raw).trim().split(/\s+/).map((w) => compact(w));
  if (words.length < 2) return null;
  const keys = words.map((w) => findWord(w, rules)?.key ?? null);
  if (keys.some((k) => !k) || new Set(keys).size !== keys.length) return null;
  return words.map((w, i) => ({ key: keys[i]!, label: w }));
}

/** Side-by-side groups: a stub column (code/label/行次) after a value column starts a new group. */
function groupColumns(columns: ColumnInfo[]): ColumnGroup[] {
  const groups: ColumnGroup[] = [];
  let current: ColumnGroup | null = null;
  for (const col of columns) {
    const stub = col.role !== 'value';
    if (!current || (stub && current.valueCols.length > 0)) {
      current = { codeCols: [], labelCol: null, lineNoCol: null, valueCols: [], section: '' };
      groups.push(current);
    }
    if (col.role === 'code') current.codeCols.push(col.index);
    else if (col.role === 'label') {
      if (current.labelCol === null) current.labelCol = col.index;
    } else if (col.role === 'lineNo') current.lineNoCol = col.index;
    else current.valueCols.push(col.index);
    if (col.section && !current.section) current.section = col.section;
  }
  return groups.filter((g) => g.valueCols.length > 0 || g.labelCol !== null);
}
