import type { LayoutPage } from '../../extractors/layout.js';
import { TABLE_IDS, tableSpec, type TableId } from '../../schemas/catalog.js';
import type { Table, Tables, Warning } from '../../schemas/record.js';
import { compact, nfkc } from '../normalize/text.js';
import { countHeaderRows, fillHeaderSpans, readHeader, splitMixedMarkerRows } from './header.js';
import { locateTables, NO_DATA, type LocatedTable } from './locate.js';
import { resolveMergedColumns } from './merged-columns.js';
import { buildRows } from './rows.js';
import { toSlotGrid } from './slots.js';

/** Assembles the nine standard tables from a document layout. */
export function assembleTables(pages: LayoutPage[], warnings: Warning[]): Tables {
  const located = locateTables(pages, warnings);
  const tables = {} as Record<TableId, Table>;
  for (const id of TABLE_IDS) {
    const hit = located.find((t) => t.spec.id === id);
    tables[id] = hit ? assembleTable(hit, warnings) : missingTable(id);
  }
  return tables as Tables;
}

function missingTable(id: TableId): Table {
  return {
    id,
    name: tableSpec(id).name,
    status: 'missing',
    title: null,
    unit: null,
    pages: [],
    columns: [],
    rows: [],
    notes: [],
    emptyNote: null,
  } as Table;
}

function assembleTable(located: LocatedTable, warnings: Warning[]): Table {
  const { spec } = located;
  if (located.grids.length === 0) return gridlessEmptyTable(located);
  const [first, ...rest] = located.grids;
  const slots = toSlotGrid(first.grid);
  splitMixedMarkerRows(slots);
  const headerRows = countHeaderRows(slots);
  // Text converters and unruled layouts lose horizontal spans in headers; ruled grids carry them.
  if (first.pageSource === 'text-file' || !first.grid.ruled) fillHeaderSpans(slots, headerRows);
  const header = readHeader(slots, spec, headerRows);
  for (const label of header.unknownColumns) {
    warnings.push({ code: 'unknown-column', message: `${spec.id} column "${label}" is not a standard column; kept as x_*`, table: spec.id, page: first.grid.page });
  }
  for (const label of header.codeColumnsFromBody) {
    warnings.push({ code: 'code-column-from-body', message: `${spec.id} column "${label}" holds only classification codes; read as the code column`, table: spec.id, page: first.grid.page });
  }
  if (header.groups.every((g) => g.valueCols.length === 0)) {
    warnings.push({ code: 'no-value-columns', message: `${spec.id}: no value columns recognised in the header`, table: spec.id, page: first.grid.page });
  }

  const body = slots.rows.slice(headerRows);
  for (const cont of rest) {
    // A continuation page repeats the header: drop its leading non-data rows.
    const contSlots = toSlotGrid(cont.grid);
    splitMixedMarkerRows(contSlots);
    const repeated = countHeaderRows(contSlots);
    body.push(...contSlots.rows.slice(repeated));
  }
  const width = slots.nCols;
  for (const row of body) {
    while (row.length < width) row.push({ cell: { ...row[0].cell, lines: [] }, text: '', raw: '', origin: false });
  }

  // Only PDF pages (text layer or OCR) have page geometry; text and HTML inputs have one notional page.
  const pdfLike = first.pageSource === 'text-layer' || first.pageSource === 'ocr';
  let rows = buildRows(body, {
    spec,
    header,
    mergeFragments: pdfLike && !first.grid.ruled,
    withPages: pdfLike,
  });
  rows = resolveMergedColumns(spec.id, rows, warnings);

  const notes = located.notes.map((n) => nfkc(n.text).trim());
  const emptyNote = notes.find((n) => NO_DATA.test(compact(n))) ?? null;
  const hasValues = rows.some((r) => r.cells.some((c) => c.kind === 'number' || c.kind === 'percent'));
  const status: Table['status'] = hasValues ? 'present' : 'empty';
  if (hasValues && emptyNote) {
    warnings.push({ code: 'empty-note-with-data', message: `${spec.id} prints "${emptyNote}" but has values`, table: spec.id, page: first.grid.page });
  }

  const columns = header.columns
    .filter((c) => c.role === 'value')
    .flatMap((c) => c.keys.map((key, i) => ({ key, label: c.labels[i], section: c.section, columnNo: c.columnNos[i] ?? null })));

  return {
    id: spec.id,
    name: spec.name,
    status,
    title: nfkc(located.title.text).trim(),
    unit: tableUnit(located),
    pages: pdfLike ? [...new Set(located.grids.map((g) => g.grid.page))] : [],
    columns,
    rows,
    notes,
    emptyNote,
  } as Table;
}

/** A table the document names and declares empty without printing its grid. */
function gridlessEmptyTable(located: LocatedTable): Table {
  const notes = [...located.preamble, ...located.notes].map((n) => nfkc(n.text).trim());
  return {
    ...missingTable(located.spec.id),
    status: 'empty',
    title: nfkc(located.title.text).trim(),
    unit: tableUnit(located),
    pages: located.title.bbox ? [located.title.page] : [],
    notes,
    emptyNote: notes.find((n) => NO_DATA.test(compact(n))) ?? null,
  } as Table;
}

function tableUnit(located: LocatedTable): string | null {
  const around = [located.title, ...located.preamble, ...located.notes.slice(0, 1)];
  for (let i = 0; i < around.length; i++) {
    const t = compact(around[i].text);
    // "单位：万元", also at the end of "编制单位：XX局 单位：万元"; "单位：" alone takes the next line.
    const m = /单位[:：](万元|元|千元|亿元)/.exec(t) ?? /(?:^|[^制报算])单位[:：]?$/.exec(t);
    if (m) return m[1] ?? unitWord(around[i + 1]?.text) ?? null;
  }
  for (const block of around) {
    const w = unitWord(block.text);
    if (w) return w;
  }
  return null;
}

function unitWord(text: string | undefined): string | null {
  const t = compact(text ?? '');
  return /^(万元|元|千元|亿元)$/.test(t) ? t : null;
}
