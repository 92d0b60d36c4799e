import type { LayoutCell, LayoutGrid, LayoutPage, LayoutText } from '../../extractors/layout.js';
import { TABLE_IDS, tableSpec, type AnyTableId, type TableKind, type TableSpec } from '../../schemas/catalog.js';
import type { Row, Table, Tables, Warning } from '../../schemas/record.js';
import { compact, nfkc } from '../../lib/text.js';
import { columnEdges, dropRepeatedTotals, isAmount, placeByEdges, placeByRoles, restartReason, unitOf } from './continuation.js';
import { countHeaderRows, fillHeaderSpans, readHeader, splitMixedMarkerRows, type HeaderModel } from './header.js';
import { NO_DATA } from '../../schemas/captions.js';
import { locateTables, type LocatedGrid, type LocatedTable } from './locate.js';
import { resolveMergedColumns } from './merged-columns.js';
import { buildRows } from './rows.js';
import { toSlotGrid, type Slot } from './slots.js';

/**
 * Assembles the standard tables from a document layout: the nine of a 决算, or those of a 预算 (the
 * nine in the same order plus p1, p2, x…). A document is one or the other: the family with more titles
 * found decides (a 决算 that names a 预算 table in passing keeps its 决算 tables only).
 */
export function assembleTables(pages: LayoutPage[], warnings: Warning[]): Tables {
  const located = locateTables(pages, warnings);
  const kind = documentTableKind(located.map((l) => l.spec.kind));
  const assembled = located.filter((l) => l.spec.kind === kind).flatMap((l) => assembleLocated(l, warnings));
  const tables = {} as Record<AnyTableId, Table>;
  // When a title occurs twice with grids (a second unit's tables), keep the first and say so.
  for (const table of assembled) {
    if (!tables[table.id]) {
      tables[table.id] = table;
      continue;
    }
    const where = table.pages.length ? `page ${table.pages[0]}` : 'later in the document';
    warnings.push({ code: 'duplicate-table', message: `${table.id} "${table.title}" printed again (${where}) as another table; only the first is recorded`, table: table.id, page: table.pages[0] ?? null });
  }
  for (const id of TABLE_IDS) tables[id] ??= missingTable(tableSpec(id, kind));
  return tables as Tables;
}

/** The nine, none found, named as the tables of `kind` (a 预算 whose tables could not be read is still a 预算). */
export function noTables(kind: TableKind): Tables {
  return Object.fromEntries(TABLE_IDS.map((id) => [id, missingTable(tableSpec(id, kind))])) as Tables;
}

function documentTableKind(kinds: TableKind[]): TableKind {
  const budgets = kinds.filter((k) => k === 'budget').length;
  return budgets > kinds.length - budgets ? 'budget' : 'final';
}

/**
 * Standard tables the document does not print although it prints most of the others: a 决算 prints
 * all nine (an empty one with a 无数据 note), so an absent one is worth a look. Not for 预算 documents,
 * whose tables are not these, nor for documents with no standard table at all.
 */
export function absentTableWarnings(tables: Tables, kind: string, warnings: readonly Warning[] = []): Warning[] {
  if (kind !== 'final') return [];
  const list = Object.values(tables) as Table[];
  const printed = list.filter((t) => t.status !== 'missing').length;
  if (printed * 2 <= list.length) return [];
  // A table whose title was seen with amounts under it is already reported (table-not-read).
  const unread = new Set(warnings.filter((w) => w.code === 'table-not-read').map((w) => w.table));
  return list
    .filter((t) => t.status === 'missing' && !unread.has(t.id))
    .map((t) => ({
      code: 'table-absent',
      message: `${t.id} ${t.name} was not found (no title with a table, no 无数据 note), although ${printed} of the ${list.length} standard tables were`,
      table: t.id,
    }));
}

function missingTable(spec: TableSpec): Table {
  return {
    id: spec.id,
    kind: spec.kind,
    name: spec.name,
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

/** Rows of one grid, with the header they were read under. */
interface Segment {
  grid: LocatedGrid;
  rows: Row[];
}

/**
 * One located table; more than one when a reprinted title turns out to head another table (a second
 * unit's table with the same title): that one and its own continuations are returned after it.
 */
function assembleLocated(located: LocatedTable, warnings: Warning[]): Table[] {
  const { spec } = located;
  if (located.grids.length === 0) return [gridlessEmptyTable(located)];
  const [first, ...rest] = withHeaderContinued(located.grids);
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

  // Only PDF pages (text layer or OCR) have page geometry; text and HTML inputs have one notional page.
  const pdfLike = first.pageSource === 'text-layer' || first.pageSource === 'ocr';
  const readRows = (body: Slot[][], under: HeaderModel) =>
    buildRows(padRows(body, under === header ? slots.nCols : body[0]?.length ?? 0), { spec, header: under, mergeFragments: pdfLike && !first.grid.ruled, withPages: pdfLike });
  const segments: Segment[] = [{ grid: first, rows: readRows(slots.rows.slice(headerRows), header) }];
  const firstEdges = columnEdges(first.grid);

  for (let i = 0; i < rest.length; i++) {
    const cont = rest[i];
    const seen = segments.flatMap((s) => s.rows);
    const placed = placeContinuation(cont, first.grid, firstEdges, header, spec, readRows);
    if (typeof placed === 'string') {
      warnings.push({ code: 'continuation-unplaced', message: `${spec.id}: the grid on page ${cont.grid.page} follows the table but cannot be placed in its columns (${placed}); its rows are not recorded`, table: spec.id, page: cont.grid.page });
      continue;
    }
    const rows = dropRepeatedTotals(seen, placed);
    if (cont.reprint) {
      const before = unitOf([located.title, ...located.preamble]);
      const after = unitOf([cont.reprint.title, ...cont.reprint.preamble]);
      const reason = before && after && before !== after ? `printed for ${after}, not ${before}` : restartReason(seen, rows);
      if (reason) {
        const split = splitAt(located, i + 1, cont);
        return [finishTable(split.head, header, segments, pdfLike, warnings), ...assembleLocated(split.tail, warnings)];
      }
    }
    segments.push({ grid: cont, rows });
  }
  return [finishTable(located, header, segments, pdfLike, warnings)];
}

/**
 * The rows of a continuation grid: its cells placed in the first grid's columns by x-edges, or, when
 * the grid has no geometry (text, HTML), by column number when the counts agree, else under the header it
 * prints itself. Returns why it cannot be placed otherwise.
 */
function placeContinuation(
  cont: LocatedGrid,
  first: LayoutGrid,
  firstEdges: number[] | null,
  header: HeaderModel,
  spec: TableSpec,
  readRows: (body: Slot[][], under: HeaderModel) => Row[],
): Row[] | string {
  // A continuation that prints its own header, every column of it a standard one, can be read under it.
  const own = toSlotGrid(cont.grid);
  splitMixedMarkerRows(own);
  const n = countHeaderRows(own);
  if (n > 0 && (cont.pageSource === 'text-file' || !cont.grid.ruled)) fillHeaderSpans(own, n);
  const ownHeader = n > 0 ? readHeader(own, spec, n) : null;
  const ownKeys = ownHeader ? ownHeader.columns.flatMap((c) => c.keys.map((k) => `${c.section}|${k}`)) : [];
  const selfDescribed = ownHeader !== null && ownHeader.unknownColumns.length === 0 && ownKeys.length > 0;
  // The first page's header was not understood (columns kept as x_*): its columns are no authority.
  if (selfDescribed && header.unknownColumns.length > 0) return readRows(own.rows.slice(n), ownHeader);

  const contEdges = columnEdges(cont.grid);
  const problems: string[] = [];
  if (firstEdges && contEdges) {
    const placement = placeByEdges(cont.grid, contEdges, firstEdges, first.ruled, header.columns.map((c) => c.role));
    if (placement.problems.length === 0) return readRows(bodyOf(placement.grid), header);
    problems.push(...placement.problems.slice(0, 2));
  }
  // Geometry that does not match (or is not there): the order of the columns, when their contents agree.
  const byRoles = placeByRoles(cont.grid, n, header.columns.map((c) => c.role));
  if (byRoles && byRoles.problems.length === 0) return readRows(bodyOf(byRoles.grid), header);
  problems.push(byRoles ? byRoles.problems[0] : `its ${cont.grid.nCols} columns do not read as the table's ${first.nCols}`);
  // Under its own header, when every column it names is one of the table's.
  const known = new Set(header.columns.flatMap((c) => c.keys.map((k) => `${c.section}|${k}`)));
  if (selfDescribed && ownKeys.every((k) => known.has(k))) return readRows(own.rows.slice(n), ownHeader);
  return problems.join('; ');
}

/**
 * A ruled table whose header runs over a page break: the grid under the title holds only the header's
 * first rows (收入 | 支出 at the foot of a page), and the next page's grid goes on with the rest of the
 * header and the body. The fragment's cells are set above the next grid, each over the columns its
 * x-extent covers, and the two are read as one grid.
 */
function withHeaderContinued(grids: LocatedGrid[]): LocatedGrid[] {
  const [first, next, ...rest] = grids;
  if (!next || next.reprint || !first.grid.ruled || !next.grid.ruled || next.grid.page === first.grid.page) return grids;
  const head = toSlotGrid(first.grid);
  if (countHeaderRows(head) < head.rows.length || first.grid.cells.some((c) => isAmount(c.lines.join('')))) return grids;
  const own = toSlotGrid(next.grid);
  if (countHeaderRows(own) === 0) return grids;
  const edges = columnEdges(next.grid);
  const firstEdges = columnEdges(first.grid);
  if (!edges || !firstEdges) return grids;
  const tol = Math.max(2, 0.01 * (edges[edges.length - 1] - edges[0]));
  if (Math.abs(firstEdges[0] - edges[0]) > tol || Math.abs(firstEdges[first.grid.nCols] - edges[next.grid.nCols]) > tol) return grids;
  const colAt = (x: number) => edges.findIndex((e) => Math.abs(e - x) <= tol);
  const placed: LayoutCell[] = [];
  for (const c of first.grid.cells) {
    const a = colAt(firstEdges[c.col]);
    const b = colAt(firstEdges[Math.min(first.grid.nCols, c.col + Math.max(1, c.colSpan))]);
    if (a < 0 || b <= a) return grids; // an edge of the fragment that the grid under it does not have
    placed.push({ ...c, col: a, colSpan: b - a });
  }
  const n = first.grid.nRows;
  const cells = [...placed, ...next.grid.cells.map((c) => ({ ...c, row: c.row + n }))];
  return [{ ...first, grid: { ...next.grid, page: first.grid.page, nRows: n + next.grid.nRows, cells } }, ...rest];
}

/** A continuation's body: its slot rows without the header it repeats. */
function bodyOf(grid: LayoutGrid): Slot[][] {
  const slots = toSlotGrid(grid);
  splitMixedMarkerRows(slots);
  return slots.rows.slice(countHeaderRows(slots));
}

function padRows(body: Slot[][], width: number): Slot[][] {
  for (const row of body) {
    while (row.length < width) row.push({ cell: { ...row[0].cell, lines: [] }, text: '', raw: '', origin: false });
  }
  return body;
}

/** Splits a located table before grid `index`, whose reprinted title starts another table. */
function splitAt(located: LocatedTable, index: number, at: LocatedGrid): { head: LocatedTable; tail: LocatedTable } {
  const title = at.reprint!.title;
  const after = (b: LayoutText) => positionOf(b) >= positionOf(title);
  return {
    head: { ...located, grids: located.grids.slice(0, index), notes: located.notes.filter((n) => !after(n)) },
    tail: {
      spec: located.spec,
      title,
      preamble: at.reprint!.preamble,
      grids: [{ ...at, reprint: null }, ...located.grids.slice(index + 1)],
      notes: located.notes.filter(after),
    },
  };
}

/** Reading position of a line: page, then line number (text input) or height on the page. */
function positionOf(b: LayoutText): number {
  return b.page * 1e6 + (b.line ?? b.bbox?.y0 ?? 0);
}

function finishTable(located: LocatedTable, header: HeaderModel, segments: Segment[], pdfLike: boolean, warnings: Warning[]): Table {
  const { spec } = located;
  const first = located.grids[0];
  const rows = resolveMergedColumns(spec.id, segments.flatMap((s) => s.rows), warnings);

  const notes = located.notes.map((n) => nfkc(n.text).trim());
  const emptyNote = notes.find((n) => NO_DATA.test(compact(n))) ?? null;
  const hasValues = rows.some((r) => r.cells.some((c) => c.kind === 'number' || c.kind === 'percent'));
  const status: Table['status'] = hasValues ? 'present' : 'empty';
  if (hasValues && emptyNote) {
    warnings.push({ code: 'empty-note-with-data', message: `${spec.id} prints "${emptyNote}" but has values`, table: spec.id, page: first.grid.page });
  }
  if (!hasValues && !emptyNote && ![...located.preamble].some((b) => NO_DATA.test(compact(b.text)))) {
    const what = rows.length === 0 ? 'its header and no rows' : `${rows.length} row${rows.length > 1 ? 's' : ''} and no amounts`;
    warnings.push({ code: 'empty-without-note', message: `${spec.id} is printed with ${what}, and no note says it has no data`, table: spec.id, page: first.grid.page });
  }

  const columns = header.columns
    .filter((c) => c.role === 'value')
    .flatMap((c) => c.keys.map((key, i) => ({ key, label: c.labels[i], section: c.section, columnNo: c.columnNos[i] ?? null })));

  return {
    id: spec.id,
    kind: spec.kind,
    name: spec.name,
    status,
    title: nfkc(located.title.text).trim(),
    unit: tableUnit(located),
    pages: pdfLike ? [...new Set(segments.map((s) => s.grid.grid.page))] : [],
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
    ...missingTable(located.spec),
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
