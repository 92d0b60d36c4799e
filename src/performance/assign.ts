import { parseAmount } from '../../lib/number.js';
import type { Item } from './items.js';

/** A column of a form's header with the role its words give it. */
export interface RoleCol<R extends string> {
  role: R;
  col: number;
}

/** What a role's cells hold: a plain number (分值, 得分), a percent (执行率), or anything. */
export type Expect = 'number' | 'percent' | 'any';

/**
 * Puts a row's value cells under the header's value columns, in order. Ruled grids place each cell
 * under its column, but converter text drops blank cells and shifts the rest (a row of three values
 * under four columns, or one column to the right after a page break), so position alone is no
 * authority: each cell goes to a column at the least total distance, order kept; a cell that is not a
 * number under a 得分 column costs more than any shift, and a cell may stay unplaced (under a column
 * the header does not name, such as the 财政拨款 part of a 全年预算数 group) at the cost of a shift of
 * a few columns. Unplaced cells are returned as `extra`.
 */
export function assignRoles<R extends string>(items: Item[], roles: RoleCol<R>[], expect: (r: R) => Expect): { placed: Map<R, Item>; extra: Item[] } {
  const placed = new Map<R, Item>();
  const k = items.length;
  const m = roles.length;
  const SKIP = 5;
  const cost = (i: number, j: number) => Math.abs(items[i].col - roles[j].col) + (fits(items[i].text, expect(roles[j].role)) ? 0 : 50);
  // best[i][j]: least cost of the first i cells with the first j columns.
  const best: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  best[0].fill(0);
  for (let i = 1; i <= k; i++) {
    best[i][0] = i * SKIP;
    for (let j = 1; j <= m; j++) best[i][j] = Math.min(best[i][j - 1], best[i - 1][j] + SKIP, best[i - 1][j - 1] + cost(i - 1, j - 1));
  }
  const extra: Item[] = [];
  for (let i = k, j = m; i > 0; ) {
    if (j > 0 && best[i][j] === best[i - 1][j - 1] + cost(i - 1, j - 1)) {
      placed.set(roles[j - 1].role, items[i - 1]);
      i--;
      j--;
    } else if (j > 0 && best[i][j] === best[i][j - 1]) j--;
    else {
      extra.unshift(items[i - 1]);
      i--;
    }
  }
  return { placed, extra };
}

function fits(text: string, expect: Expect): boolean {
  if (expect === 'any') return true;
  const p = parseAmount(text);
  if (p.kind === 'dash' || p.kind === 'blank') return true;
  return expect === 'number' ? p.kind === 'number' : p.kind === 'percent';
}
