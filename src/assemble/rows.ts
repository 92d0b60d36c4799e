import type { Section, TableSpec } from '../../schemas/catalog.js';
import type { Cell, Row } from '../../schemas/record.js';
import type { LayoutCell } from '../../extractors/layout.js';
import { joinNumberSpaces, parseAmount } from '../../lib/number.js';
import { cleanLabel, compact, nfkc } from '../../lib/text.js';
import { sectionWord } from '../../schemas/header-vocabulary.js';
import type { ColumnGroup, HeaderModel } from './header.js';
import type { Slot } from './slots.js';

/**
 * Turns body rows of a table's slot grid into logical rows: one per side-by-side group and section,
 * each with its code, 行次, label and value cells. Printed rows that hold two items side by side
 * (表1 收入 | 支出) become two rows.
 */

export interface BodyOptions {
  spec: TableSpec;
  header: HeaderModel;
  /** true for position-clustered (unruled) PDF grids, where wrapped labels arrive as rows of their own */
  mergeFragments: boolean;
  /** record page numbers (false for text input, which has no pages) */
  withPages: boolean;
}

interface Draft {
  row: Row;
  hasValue: boolean;
  hasStub: boolean;
  group: number;
  /** the cell the label was printed in (its text extent tells whether a next line could be its wrap) */
  labelCell: LayoutCell | null;
}

export function buildRows(body: Slot[][], opts: BodyOptions): Row[] {
  const drafts: Draft[] = [];
  for (const printed of body) {
    const inRow: Draft[] = [];
    opts.header.groups.forEach((group, gi) => {
      for (const d of groupRows(printed, group, gi, opts)) inRow.push(d);
    });
    drafts.push(...mergeSpannedGroups(inRow));
  }
  const rows = opts.mergeFragments ? mergeLabelFragments(drafts, widestLabels(body, opts.header.groups)) : drafts;
  return rows.filter((d) => d.hasStub || d.hasValue).map((d) => d.row);
}

function groupRows(printed: Slot[], group: ColumnGroup, gi: number, opts: BodyOptions): Draft[] {
  const { header, spec } = opts;
  let code = group.codeCols
    .map((c) => originText(printed[c]))
    .join('')
    .replace(/\s+/g, '');
  const labelSlot = group.labelCol !== null ? printed[group.labelCol] : null;
  let printedLabel = labelSlot && labelSlot.origin ? cleanLabel(labelSlot.text) : '';
  // Some producers print the code inside the name cell: "[2010301]行政运行", "2010301 行政运行".
  const prefixed = !code ? /^\[?(\d{3}(?:\d{2}){0,2})\]?\s*([^\d\s].*)$/.exec(printedLabel) : null;
  if (prefixed) {
    code = prefixed[1];
    printedLabel = prefixed[2];
  }
  // A label spanning the code columns ("人员经费合计" across 类/款/科目名称) arrives as non-numeric code text.
  const label = printedLabel || (code && !/^\d+$/.test(code) ? cleanLabel(code) : '');
  const lineNoText = group.lineNoCol !== null ? originText(printed[group.lineNoCol]).replace(/\s+/g, '') : '';
  const lineNo = /^\d{1,3}$/.test(lineNoText) ? Number(lineNoText) : null;
  const anchor = labelSlot ?? printed[group.codeCols[0] ?? group.valueCols[0]];

  // One logical row per section among the group's value columns (表7 prints 预算数 and 决算数 in one row).
  const bySection = new Map<Section | '', Cell[]>();
  for (const c of group.valueCols) {
    const info = header.columns[c];
    const section = info.section || group.section || defaultSection(spec, gi);
    const cells = bySection.get(section) ?? [];
    bySection.set(section, cells);
    cells.push(...valueCells(printed[c], info.keys, info.labels, opts.withPages));
  }
  if (bySection.size === 0) bySection.set(group.section || defaultSection(spec, gi), []);

  // A group without stub columns (表7 prints no row label) keeps every section of a printed row that has data.
  const stubless = group.codeCols.length === 0 && group.labelCol === null && group.lineNoCol === null;
  const printedHasData = [...bySection.values()].some((cells) => cells.some((c) => c.kind !== 'blank'));
  const drafts: Draft[] = [];
  for (const [section, cells] of bySection) {
    const resolvedSection = rowSection(spec, section, code, label);
    const row: Row = {
      section: resolvedSection,
      code: /^\d+$/.test(code) ? code : null,
      lineNo,
      label,
      total: /合计|总计/.test(label),
      cells,
      page: opts.withPages ? anchor?.cell.page ?? null : null,
      ...(opts.withPages && anchor?.cell.bbox ? { bbox: anchor.cell.bbox } : {}),
      ...(anchor?.cell.line ? { line: anchor.cell.line } : {}),
      ...(anchor?.cell.address ? { address: anchor.cell.address } : {}),
    };
    drafts.push({
      row,
      hasValue: cells.some((c) => c.kind !== 'blank'),
      hasStub: Boolean(label || code || lineNo !== null) || (stubless && printedHasData),
      group: gi,
      labelCell: labelSlot?.origin ? labelSlot.cell : null,
    });
  }
  return drafts;
}

function originText(slot: Slot | undefined): string {
  return slot && slot.origin ? slot.text : '';
}

function valueCells(slot: Slot, keys: string[], labels: string[], withPages: boolean): Cell[] {
  const place = {
    page: withPages ? slot.cell.page : null,
    ...(withPages && slot.cell.bbox ? { bbox: slot.cell.bbox } : {}),
    ...(slot.cell.line ? { line: slot.cell.line } : {}),
    ...(slot.cell.address ? { address: slot.cell.address } : {}),
  };
  const source = slot.cell.source;
  const confidence = slot.cell.ocr?.confidence;
  const base = { source, ...(confidence !== undefined ? { confidence } : {}) };
  const text = slot.origin ? nfkc(slot.text).trim() : '';
  if (keys.length === 1) {
    const parsed = parseAmount(text);
    // OCR alternatives per character, carried only while they line up with the text (for identity repair).
    const alts = slot.cell.ocr?.alternatives;
    const alternatives = alts && alts.length === [...text].length && alts.every((a, i) => a[0] === [...text][i]) ? { alternatives: alts } : {};
    return [{ ...place, ...base, key: keys[0], column: labels[0], text, value: parsed.value, kind: parsed.kind, ...alternatives }];
  }
  // One printed column holding two: split the printed numbers in order; a single number is ambiguous.
  const parts = slot.origin ? joinNumberSpaces(nfkc(slot.raw).trim()).split(/\s+/).filter(Boolean) : [];
  const numeric = parts.length === keys.length && parts.every((p) => parseAmount(p).kind === 'number');
  return keys.map((key, i) => {
    if (parts.length === 0) return { ...place, ...base, key, column: labels[i], text: '', value: null, kind: 'blank' as const };
    if (numeric) {
      const parsed = parseAmount(parts[i]);
      return { ...place, ...base, key, column: labels[i], text: parts[i], value: parsed.value, kind: parsed.kind };
    }
    if (i > 0) return { ...place, ...base, key, column: labels[i], text: '', value: null, kind: 'blank' as const, inferred: AMBIGUOUS };
    const parsed = parseAmount(text);
    return { ...place, ...base, key, column: labels[i], text, value: parsed.value, kind: parsed.kind, inferred: AMBIGUOUS };
  });
}

/** Marks cells whose column could not be told from the print (one number in a two-column cell). */
export const AMBIGUOUS = 'ambiguous: one number printed in a cell that holds two columns';

function defaultSection(spec: TableSpec, groupIndex: number): Section | '' {
  if (spec.id === 't1' || spec.id === 't4') return groupIndex === 0 ? 'income' : 'expense';
  return '';
}

function rowSection(spec: TableSpec, section: Section | '', code: string, label: string): Row['section'] {
  if (spec.id === 't6' && spec.sections.length) {
    // 人员经费 = 工资福利支出 (301) + 对个人和家庭的补助 (303); everything else is 公用经费.
    if (/^30[13]/.test(code)) return 'personnel';
    if (/^3\d\d/.test(code)) return 'public';
    if (/人员经费/.test(label)) return 'personnel';
    if (/公用经费/.test(label)) return 'public';
    return section === 'personnel' || section === 'public' ? section : 'public';
  }
  if (!spec.sections.length) return '';
  // A row labelled with a section word (表7 printed as rows 预算数 / 决算数 under one set of columns).
  const named = label ? sectionWord(compact(label)) : null;
  if (named && spec.sections.includes(named) && !section) return named;
  return (section || spec.sections[0]) as Row['section'];
}

/**
 * A label spanning into the next group ("公用经费合计" over several columns, its value in the last group)
 * reaches us as a labelled group without values followed by a value-only group: join them.
 */
function mergeSpannedGroups(inRow: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (const d of inRow) {
    const prev = out[out.length - 1];
    if (prev && prev.hasStub && !prev.hasValue && d.hasValue && !d.hasStub && prev.row.section === d.row.section) {
      prev.row.cells = [...prev.row.cells.filter((c) => !d.row.cells.some((x) => x.key === c.key)), ...d.row.cells];
      prev.hasValue = true;
      continue;
    }
    out.push(d);
  }
  return out;
}

/**
 * Unruled grids split a wrapped label into rows of its own: the first part above the row that holds
 * the code and values (which then has no label), the rest below it.
 */
function mergeLabelFragments(drafts: Draft[], widest: Map<number, number>): Draft[] {
  const out: Draft[] = [];
  const pendingPrefix = new Map<number, string>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    const isFragment =
      !d.hasValue && d.row.code === null && d.row.lineNo === null && d.row.label !== '' && !d.row.total && !STANDARD_ROW.test(compact(d.row.label));
    if (isFragment) {
      const next = drafts.slice(i + 1).find((x) => x.group === d.group);
      if (next && next.hasValue && next.row.label === '') {
        pendingPrefix.set(d.group, (pendingPrefix.get(d.group) ?? '') + d.row.label);
        continue;
      }
      const prev = [...out].reverse().find((x) => x.group === d.group);
      if (prev && (prev.hasValue || prev.row.code !== null) && !ENUMERATED_OR_TOTAL.test(compact(d.row.label)) && !hadRoom(prev, d, widest.get(d.group))) {
        prev.row.label += d.row.label;
        continue;
      }
    }
    const prefix = pendingPrefix.get(d.group);
    if (prefix) {
      d.row.label = prefix + d.row.label;
      d.row.total = /合计|总计/.test(d.row.label);
      d.hasStub = true;
      pendingPrefix.delete(d.group);
    }
    out.push(d);
  }
  return out;
}

/**
 * A label wraps only when its line is full: when the line above ended short of the widest label of
 * its column by more than the first character below would take, the line below is a row of its own
 * (a row with blank amounts), not the rest of the label. Needs the text's own extent (column-model grids).
 */
function hadRoom(prev: Draft, next: Draft, widest: number | undefined): boolean {
  const above = prev.labelCell;
  const below = next.labelCell;
  if (widest === undefined || !above?.ink || !below?.ink || above.lines.length !== 1) return false;
  const chars = [...compact(next.row.label)].length;
  if (chars === 0) return false;
  const charWidth = (below.ink.x1 - below.ink.x0) / chars;
  return above.ink.x1 + charWidth <= widest + 0.5;
}

/** The right end of the widest single-column label of each group (by group index). */
function widestLabels(body: Slot[][], groups: readonly ColumnGroup[]): Map<number, number> {
  const out = new Map<number, number>();
  groups.forEach((g, gi) => {
    if (g.labelCol === null) return;
    const ends = body.map((r) => r[g.labelCol!]).filter((s) => s?.origin && s.cell.colSpan <= 1 && s.cell.ink).map((s) => s.cell.ink!.x1);
    if (ends.length) out.set(gi, Math.max(...ends));
  });
  return out;
}

const ENUMERATED_OR_TOTAL = /^[一二三四五六七八九十]+、|合计|总计/;
/**
 * Labels that are rows of their own in the standard tables, even when printed blank (the three
 * 财政拨款 kinds under 年初财政拨款结转和结余 in 财政拨款收入支出决算总表).
 */
const STANDARD_ROW = /^[一二三四五六七八九十]+、|^\d+[.、]|合计|总计|结余|结转|^其中|^(一般公共预算|政府性基金预算|国有资本经营预算)财政拨款$/;
