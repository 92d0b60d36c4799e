import type { AnyTableId } from '../../schemas/catalog.js';
import type { Cell, Row, Warning } from '../../schemas/record.js';
import { Decimal } from '../../lib/number.js';
import { AMBIGUOUS } from './rows.js';

/**
 * When one printed column holds two ("基本支出 项目支出" with "284.57 369.83"), a row that prints a
 * single number does not say which column it belongs to. The code hierarchy does: the children of a
 * row must add up to it column by column. We try every assignment of the ambiguous children of a
 * resolved parent and accept it only when exactly one assignment satisfies both columns; the cell is
 * then marked `inferred` with the reason. Anything else stays ambiguous and is reported.
 */
export function resolveMergedColumns(table: AnyTableId, rows: Row[], warnings: Warning[]): Row[] {
  const ambiguous = () => rows.filter((r) => r.cells.some((c) => c.inferred === AMBIGUOUS));
  if (ambiguous().length === 0) return rows;

  let progress = true;
  while (progress) {
    progress = false;
    for (const parent of rows) {
      if (isAmbiguous(parent)) continue;
      const children = childrenOf(parent, rows);
      const open = children.filter(isAmbiguous);
      if (open.length === 0 || open.length > 16) continue;
      const pair = parent.cells.filter((c) => c.inferred !== AMBIGUOUS && sameMergedPair(c, open[0]));
      if (pair.length !== 2) continue;
      const solution = uniqueAssignment(parent, children, open, pair.map((c) => c.key));
      if (!solution) continue;
      open.forEach((child, i) => assign(child, pair.map((c) => c.key), solution[i]));
      progress = true;
    }
  }
  for (const row of ambiguous()) {
    warnings.push({
      code: 'ambiguous-column',
      message: `${table} row ${row.code ?? row.label}: one number printed under two columns; column could not be inferred`,
      table,
      page: row.page,
    });
  }
  return rows;
}

function isAmbiguous(row: Row): boolean {
  return row.cells.some((c) => c.inferred === AMBIGUOUS);
}

/** The two cells of a merged pair share a printed column slot (same place). */
function sameMergedPair(cell: Cell, ambiguousRow: Row): boolean {
  const keys = ambiguousRow.cells.filter((c) => c.inferred === AMBIGUOUS).map((c) => c.key);
  const partner = ambiguousRow.cells.filter((c) => c.inferred === AMBIGUOUS);
  return keys.includes(cell.key) || partner.some((p) => p.column === cell.column);
}

function childrenOf(parent: Row, rows: Row[]): Row[] {
  if (parent.code === null) {
    if (!parent.total) return [];
    return rows.filter((r) => r.code !== null && r.code.length === 3);
  }
  const len = parent.code.length + 2;
  return rows.filter((r) => r.code !== null && r.code.length === len && r.code.startsWith(parent.code!));
}

/** Returns, per open child, the index (0 or 1) of the key its single number belongs to. */
function uniqueAssignment(parent: Row, children: Row[], open: Row[], keys: string[]): number[] | null {
  const target = keys.map((k) => new Decimal(parent.cells.find((c) => c.key === k)?.value ?? 0));
  const fixed = keys.map((k) =>
    children.filter((c) => !isAmbiguous(c)).reduce((sum, c) => sum.plus(c.cells.find((x) => x.key === k)?.value ?? 0), new Decimal(0)),
  );
  const values = open.map((r) => new Decimal(r.cells.find((c) => c.inferred === AMBIGUOUS && c.value !== null)?.value ?? 0));
  const solutions: number[][] = [];
  for (let mask = 0; mask < 1 << open.length; mask++) {
    const sums = [fixed[0], fixed[1]];
    open.forEach((_, i) => {
      const side = (mask >> i) & 1;
      sums[side] = sums[side].plus(values[i]);
    });
    // Parts are rounded on their own: allow half a cent per part.
    const tol = new Decimal(0.005).times(children.length + 1);
    if (sums.every((s, k) => s.minus(target[k]).abs().lte(tol))) {
      solutions.push(open.map((_, i) => (mask >> i) & 1));
      if (solutions.length > 1) return null;
    }
  }
  return solutions[0] ?? null;
}

function assign(row: Row, keys: string[], side: number): void {
  const cells = row.cells.filter((c) => c.inferred === AMBIGUOUS);
  const printed = cells.find((c) => c.value !== null) ?? cells[0];
  const [a, b] = keys.map((k) => cells.find((c) => c.key === k)!);
  const target = side === 0 ? a : b;
  const other = side === 0 ? b : a;
  const reason = `column inferred from the code hierarchy: one number printed under "${a.column} ${b.column}"`;
  Object.assign(target, { text: printed.text, value: printed.value, kind: printed.kind, inferred: reason });
  Object.assign(other, { text: '', value: null, kind: 'blank', inferred: reason });
}
