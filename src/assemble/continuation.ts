import type { LayoutCell, LayoutGrid, LayoutText } from '../../extractors/layout.js';
import type { Row } from '../../schemas/record.js';
import { parseAmount } from '../../lib/number.js';
import { compact, nfkc } from '../../lib/text.js';

/**
 * Continued tables. A continuation page may split its columns differently from the first page (类/款/项
 * in three columns on the first page, one 科目编码 column after; a spanning header column split in two),
 * so its cells are placed by where they sit (x-edges), not by column number. A title and header printed
 * again may continue the table or start another unit's table with the same title: the rows decide.
 */

/** x of every vertical column edge of a grid (nCols + 1 values), from its cells' boxes; null without geometry. */
export function columnEdges(grid: LayoutGrid): number[] | null {
  const at: number[][] = Array.from({ length: grid.nCols + 1 }, () => []);
  for (const cell of grid.cells) {
    if (!cell.bbox) continue;
    at[cell.col].push(cell.bbox.x0);
    at[Math.min(grid.nCols, cell.col + Math.max(1, cell.colSpan))].push(cell.bbox.x1);
  }
  const edges = at.map((xs) => (xs.length ? median(xs) : NaN));
  if (Number.isNaN(edges[0]) || Number.isNaN(edges[grid.nCols])) return null;
  // An edge no cell starts or ends at (a reader may omit empty cells): spread the gap evenly.
  for (let i = 1; i < grid.nCols; i++) {
    if (!Number.isNaN(edges[i])) continue;
    let j = i;
    while (Number.isNaN(edges[j])) j++;
    edges[i] = edges[i - 1] + (edges[j] - edges[i - 1]) / (j - i + 1);
  }
  return edges;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface Placement {
  /** the continuation re-expressed in the first grid's columns */
  grid: LayoutGrid;
  /** why it could not be placed (text outside every column, two amounts landing in one column) */
  problems: string[];
}

/**
 * Places every cell of `cont` in the column of `first` it overlaps most (unruled grids: the column its
 * text lies in). Cells landing in one column are joined (类 "201" + 款 "03" + 项 "01" → "2010301"); two
 * amounts in one column are a problem, as are text beside every column and, when the first grid's
 * column roles are given, an amount landing in a code, name or 行次 column.
 */
export function placeByEdges(cont: LayoutGrid, contEdges: number[], firstEdges: number[], firstRuled = cont.ruled, roles?: readonly StubRole[]): Placement {
  const nCols = firstEdges.length - 1;
  const problems: string[] = [];
  const left = firstEdges[0];
  const right = firstEdges[nCols];
  // Ruled edges are exact. Edges of unruled grids lie between text clusters, and move when a column has
  // no text on a page: there a cell is placed by its middle.
  const ruled = cont.ruled && firstRuled;
  const tol = ruled ? Math.max(2, 0.01 * (right - left)) : Math.max(6, 0.03 * (right - left));
  const near = (x: number) => firstEdges.some((e) => Math.abs(e - x) <= tol);
  // An unruled continuation may start right of the table when the columns it leaves out are code columns
  // (a page of 合计 rows prints no codes).
  const codesOnly = (x: number) => {
    const skipped = roles?.filter((_, i) => firstEdges[i + 1] <= x + tol) ?? [];
    return skipped.length > 0 && skipped.every((r) => r === 'code');
  };
  const leftOff = Math.abs(contEdges[0] - left) > tol && (ruled || contEdges[0] < left || !codesOnly(contEdges[0]));
  if (leftOff || (ruled && Math.abs(contEdges[cont.nCols] - right) > tol) || contEdges[cont.nCols] > right + tol) {
    problems.push(`it spans x ${contEdges[0].toFixed(0)}–${contEdges[cont.nCols].toFixed(0)}, the table x ${left.toFixed(0)}–${right.toFixed(0)}`);
  }
  const slots = new Map<string, LayoutCell>();
  const cells = [...cont.cells].sort((a, b) => a.row - b.row || a.col - b.col);
  const misplaced = (cell: LayoutCell, text: string, col: number) => {
    const role = roles?.[col];
    if (!role || role === 'value' || !isAmount(text)) return false;
    problems.push(`amount "${text}" (row ${cell.row + 1}) lands in a ${role} column`);
    return true;
  };
  for (const cell of cells) {
    const x0 = contEdges[cell.col];
    const x1 = contEdges[Math.min(cont.nCols, cell.col + Math.max(1, cell.colSpan))];
    let best = -1;
    let bestOverlap = 0;
    if (!ruled) {
      best = cell.ink ? inkColumn(cell.ink, firstEdges, tol) : midColumn((x0 + x1) / 2, firstEdges);
      const text = cell.lines.join('');
      if (best < 0 && text) problems.push(`"${text}" (row ${cell.row + 1}, x ${x0.toFixed(0)}–${x1.toFixed(0)}) lies beside every column`);
      if (best >= 0 && text && !misplaced(cell, text, best)) place(slots, { ...cell, col: best, colSpan: 1 }, problems);
      continue;
    }
    for (let i = 0; i < nCols; i++) {
      const ov = Math.min(x1, firstEdges[i + 1]) - Math.max(x0, firstEdges[i]);
      if (ov > bestOverlap + 0.01) {
        best = i;
        bestOverlap = ov;
      }
    }
    const text = cell.lines.join('');
    if (!text) continue;
    // A cell lies inside one column of the table, or spans whole columns of it (类/款/项 under one 科目编码).
    const inside = best >= 0 && x0 >= firstEdges[best] - tol && x1 <= firstEdges[best + 1] + tol;
    if (best < 0 || !(inside || (near(x0) && near(x1)))) {
      problems.push(`"${text}" (row ${cell.row + 1}, x ${x0.toFixed(0)}–${x1.toFixed(0)}) does not line up with the table's columns`);
      continue;
    }
    if (!misplaced(cell, text, best)) place(slots, { ...cell, col: best, colSpan: 1 }, problems);
  }
  return { grid: { ...cont, nCols, cells: [...slots.values()] }, problems };
}

/**
 * The column of an unruled table a cell's text falls in: the one it overlaps most (a label wider than
 * its column still lies mostly in it), else the one it ends just beside; -1 beside every column.
 */
function inkColumn(ink: { x0: number; x1: number }, edges: readonly number[], tol: number): number {
  let best = -1;
  let bestOverlap = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const ov = Math.min(ink.x1, edges[i + 1]) - Math.max(ink.x0, edges[i]);
    if (ov > bestOverlap) {
      best = i;
      bestOverlap = ov;
    }
  }
  if (best >= 0) return best;
  if (ink.x1 >= edges[0] - tol && ink.x1 <= edges[0]) return 0;
  if (ink.x0 <= edges[edges.length - 1] + tol && ink.x0 >= edges[edges.length - 1]) return edges.length - 2;
  return -1;
}

/** Without the text's own extent, the column the middle of its band falls in. */
function midColumn(mid: number, edges: readonly number[]): number {
  return edges.findIndex((e, i) => i < edges.length - 1 && mid >= e && mid < edges[i + 1]);
}

/** Puts a cell in its slot; cells landing in one slot are joined unless both are amounts. */
function place(slots: Map<string, LayoutCell>, cell: LayoutCell, problems: string[]): void {
  const key = `${cell.row}|${cell.col}`;
  const prior = slots.get(key);
  if (!prior || prior.lines.length === 0) {
    slots.set(key, cell);
    return;
  }
  if (cell.lines.length === 0) return;
  const a = prior.lines.join('');
  const b = cell.lines.join('');
  if (isAmount(a) && isAmount(b)) {
    problems.push(`"${a}" and "${b}" (row ${cell.row + 1}) fall in one column`);
    return;
  }
  slots.set(key, { ...prior, lines: [...prior.lines, ...cell.lines] });
}

/** What a column of a continuation's body holds. */
type BodyKind = 'digits' | 'amount' | 'text' | 'empty';

export type StubRole = 'code' | 'label' | 'lineNo' | 'value';

/**
 * Places a continuation by the order of its columns when their geometry does not match (a producer
 * that sizes every table to its content): its columns must read, left to right, as the table's columns
 * do — codes, names, 行次, amounts — one for one, or with the table's 类/款/项 columns as one.
 */
export function placeByRoles(cont: LayoutGrid, bodyStart: number, roles: readonly StubRole[]): Placement | null {
  const kinds: BodyKind[] = Array.from({ length: cont.nCols }, () => 'empty');
  const texts: string[][] = Array.from({ length: cont.nCols }, () => []);
  for (const cell of cont.cells) {
    const t = nfkc(cell.lines.join('')).replace(/\s+/g, '');
    if (cell.row >= bodyStart && t && cell.colSpan <= 1) texts[cell.col].push(t);
  }
  texts.forEach((ts, c) => {
    if (ts.length === 0) return;
    if (ts.every((t) => /^\d{1,7}$/.test(t))) kinds[c] = 'digits';
    else if (ts.every((t) => parseAmount(t).kind !== 'text')) kinds[c] = 'amount';
    else kinds[c] = 'text';
  });
  const fits = (role: StubRole, kind: BodyKind) =>
    kind === 'empty' || (role === 'code' || role === 'lineNo' ? kind === 'digits' : role === 'label' ? kind === 'text' : kind !== 'text');
  // Units of the table: its columns, 类/款/项 taken together or one by one.
  const starts = roles.map((_, i) => i);
  const collapsed = starts.filter((i) => !(roles[i] === 'code' && i > 0 && roles[i - 1] === 'code'));
  for (const units of [starts, collapsed]) {
    if (units.length !== cont.nCols) continue;
    if (!units.every((col, k) => fits(roles[col], kinds[k]))) continue;
    const slots = new Map<string, LayoutCell>();
    const problems: string[] = [];
    for (const cell of cont.cells) {
      const last = Math.min(cont.nCols - 1, cell.col + Math.max(1, cell.colSpan) - 1);
      const col = units[cell.col];
      const span = (last + 1 < units.length ? units[last + 1] : roles.length) - col;
      place(slots, { ...cell, col, colSpan: span }, problems);
    }
    return { grid: { ...cont, nCols: roles.length, cells: [...slots.values()] }, problems };
  }
  return null;
}

/** An amount, as opposed to a code part ("201", "03") or a label. */
/** An amount, not a code or line number (bare digits up to seven long). */
export function isAmount(text: string): boolean {
  const t = nfkc(text).replace(/\s+/g, '');
  return parseAmount(t).kind === 'number' && !/^\d{1,7}$/.test(t);
}

/** "部门：西安市卫生健康委员会（汇总）" → the unit a table is printed for, when its preamble says. */
export function unitOf(lines: readonly LayoutText[]): string | null {
  for (const line of lines) {
    const t = compact(line.text);
    const m = /(?:^|[^金额])(?:部门|单位|编制单位|编制部门|填报单位|预算单位|单位名称|部门名称)[:：](.+?)(?:(?:金额)?单位[:：].*)?$/.exec(t);
    if (m && !/^(万元|元|千元|亿元)$/.test(m[1])) return m[1];
  }
  return null;
}

/** Rows of a continuation that repeat a 合计/总计 row already read, values and all (a carried-forward total). */
export function dropRepeatedTotals(seen: readonly Row[], next: Row[]): Row[] {
  const totals = new Set(seen.filter((r) => r.total).map(rowSignature));
  return next.filter((r) => !(r.total && totals.has(rowSignature(r))));
}

function rowSignature(r: Row): string {
  return [r.section, compact(r.label), r.code ?? '', ...r.cells.map((c) => `${c.key}=${c.value ?? c.text}`)].join('|');
}

/**
 * Whether rows read under a reprinted title continue the table so far: codes not seen before, 行次
 * counting on upwards, no 合计/总计 that was already printed, not the same labels over again.
 * Returns the reason when they do not.
 */
export function restartReason(seen: readonly Row[], next: readonly Row[]): string | null {
  const codes = new Set(seen.map((r) => r.code).filter((c): c is string => c !== null));
  const again = next.find((r) => r.code !== null && codes.has(r.code));
  if (again) return `code ${again.code} is printed again`;
  for (const section of new Set(next.map((r) => r.section))) {
    const before = seen.filter((r) => r.section === section && r.lineNo !== null).map((r) => r.lineNo!);
    const after = next.filter((r) => r.section === section && r.lineNo !== null).map((r) => r.lineNo!);
    if (before.length && after.length && Math.min(...after) <= Math.max(...before)) return `行次 ${Math.min(...after)} follows 行次 ${Math.max(...before)}`;
  }
  const totals = new Set(seen.filter((r) => r.total).map((r) => `${r.section}|${compact(r.label)}`));
  const total = next.find((r) => r.total && totals.has(`${r.section}|${compact(r.label)}`));
  if (total) return `"${total.label}" is printed again with other values`;
  // Rows known by their labels only: the same labels over again mean the table starts over.
  const labelled = next.filter((r) => r.code === null && r.lineNo === null && r.label && !r.total);
  if (labelled.length >= 2) {
    const labels = new Set(seen.map((r) => `${r.section}|${compact(r.label)}`));
    const repeated = labelled.filter((r) => labels.has(`${r.section}|${compact(r.label)}`));
    if (repeated.length * 2 >= labelled.length) return `${repeated.length} of ${labelled.length} row labels are printed again`;
  }
  return null;
}
