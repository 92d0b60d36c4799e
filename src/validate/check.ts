import type { AnyTableId } from '../../schemas/catalog.js';
import type { Cell, Check, Row, Table } from '../../schemas/record.js';
import { Decimal, decimalsOf } from '../../lib/number.js';

/** One operand of an identity: a cell of a row, or a blank (0) when the row prints nothing there. */
export interface Operand {
  table: AnyTableId;
  row: Row;
  key: string;
  sign?: 1 | -1;
}

/** Human name of a row in check references: its code, else 行次, else label. */
export function rowName(row: Row): string {
  if (row.code) return row.code;
  if (row.lineNo !== null) return `${row.lineNo}行 ${row.label}`.trim();
  return row.label || '(unlabelled row)';
}

export function cellOf(row: Row, key: string): Cell | undefined {
  return row.cells.find((c) => c.key === key);
}

function numberOf(row: Row, key: string): Decimal | null {
  const cell = cellOf(row, key);
  return cell && cell.value !== null && cell.kind === 'number' ? new Decimal(cell.value) : null;
}

/**
 * Rounding tolerance of a sum: each printed part and the printed total were rounded on their own to
 * the printed precision, so the sum may be off by half a unit of the last printed digit per printed
 * term (blank terms add nothing), and never less than one such unit.
 */
export function toleranceFor(printedTerms: number, decimals: number): Decimal {
  const unit = new Decimal(10).pow(-decimals);
  const t = unit.dividedBy(2).times(printedTerms + 1).toDecimalPlaces(decimals, Decimal.ROUND_DOWN);
  return Decimal.max(t, unit);
}

/**
 * Evaluates left = Σ sign·right. Blank operands count as 0 (a blank cell prints "nothing"); the check
 * is skipped (null) when every operand is blank, or when a cell holds text that is not a number.
 */
export function evaluate(id: string, kind: Check['kind'], rule: string, left: Operand, right: Operand[]): Check | null {
  const all = [left, ...right];
  const values = all.map((o) => numberOf(o.row, o.key));
  if (values.every((v) => v === null)) return null;
  // Text cells cannot be summed; cells whose column was inferred from the hierarchy would check themselves.
  if (all.some((o) => {
    const c = cellOf(o.row, o.key);
    return c !== undefined && (c.kind === 'text' || c.inferred !== undefined);
  })) return null;
  const zero = new Decimal(0);
  const actual = values[0] ?? zero;
  const expected = right.reduce((sum, o, i) => sum.plus((values[i + 1] ?? zero).times(o.sign ?? 1)), zero);
  const difference = actual.minus(expected);
  const printed = right.filter((_, i) => values[i + 1] !== null).length;
  const decimals = Math.max(2, ...all.map((o) => decimalsOf(cellOf(o.row, o.key)?.value)));
  const tolerance = toleranceFor(printed, decimals);
  const status: Check['status'] = difference.isZero() ? 'pass' : difference.abs().lte(tolerance) ? 'pass-rounding' : 'fail';
  const ref = (o: Operand, v: Decimal | null) => ({
    table: o.table,
    section: o.row.section,
    row: rowName(o.row),
    column: o.key,
    value: (v ?? zero).toString(),
    page: cellOf(o.row, o.key)?.page ?? o.row.page ?? null,
  });
  return {
    id,
    kind,
    tables: [...new Set(all.map((o) => o.table))],
    rule,
    left: ref(left, values[0]),
    right: right.map((o, i) => ({ ...ref(o, values[i + 1]), sign: o.sign ?? 1 })),
    expected: expected.toString(),
    actual: actual.toString(),
    difference: difference.toString(),
    tolerance: tolerance.toString(),
    status,
  };
}

/** Value keys a table actually prints for a section. */
export function keysOf(table: Table, section: string): string[] {
  return [...new Set(table.columns.filter((c) => !section || !c.section || c.section === section).map((c) => c.key))];
}
