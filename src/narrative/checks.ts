/**
 * Checks of the narrative, as data like the table identities (kind `narrative`):
 * - a figure that restates a table figure against that figure (卫生健康(类)支出 28.7 vs 表5 28.71);
 * - a stated percentage against the figures it is made from (占, 增长/下降, 完成预算的);
 * - a figure printed in 元 whose digits are a 万元 figure of the same document (执行数为 11.66 元).
 * The narrative restates a table in the table's unit, and documents drop trailing zeros (654.4 for
 * 654.40), so printed decimals say nothing of rounding: in the same unit a restatement must be equal.
 */
import type { TableId } from '../../schemas/catalog.js';
import type { Check, Row, Table, Tables } from '../../schemas/record.js';
import { convertUnit } from '../export/facts.js';
import { Decimal, decimalsOf, halfUnit } from '../../lib/number.js';
import { compact } from '../../lib/text.js';
import { cellOf, rowName } from '../validate/check.js';
import type { FoundFigure } from './figures.js';
import { roleKey } from './figures.js';

interface TableValue {
  table: TableId;
  row: Row;
  key: string;
  value: string;
  unit: string;
  page: number | null;
}

const isTotal = (r: Row) => r.total && !r.code && /合计/.test(compact(r.label));
const byLabel = (t: Table, section: string, re: RegExp) => t.rows.find((r) => r.section === section && re.test(compact(r.label)));

function cell(t: Table, row: Row | undefined, key: string): TableValue | null {
  if (t.status !== 'present' || !row) return null;
  const c = cellOf(row, key);
  // A blank cell of a printed row is 0, as in the table identities; a column the table lacks is no figure.
  if (!c || (c.value === null && c.kind !== 'blank') || (c.kind !== 'number' && c.kind !== 'blank')) return null;
  return { table: t.id, row, key, value: c.value ?? '0', unit: t.unit ?? '万元', page: c.page ?? row.page ?? null };
}

const T7: Record<string, string> = {
  three_public: 'total', three_public_abroad: 'overseas', three_public_vehicle: 'vehicle_subtotal', three_public_vehicle_purchase: 'vehicle_purchase',
  three_public_vehicle_operation: 'vehicle_operation', three_public_reception: 'reception', training: 'training', meeting: 'meeting',
};
const T2: Record<string, string> = {
  income_fiscal: 'fiscal', income_superior: 'superior_subsidy', income_business: 'business', income_operating: 'operating', income_affiliated: 'affiliated_remittance', income_other: 'other',
};
const T3: Record<string, string> = { expense_basic: 'basic', expense_project: 'project', expense_remit_superior: 'remit_superior', expense_operating: 'operating', expense_subsidy_affiliated: 'subsidy_affiliated' };

/** The table figure a narrative key restates, when the tables print one. */
export function tableFigure(tables: Tables, key: string): TableValue | null {
  const { t1, t2, t3, t4, t5, t6, t7 } = tables;
  const total = (t: Table) => t.rows.find(isTotal);
  switch (key) {
    case 'income_expense_total': return cell(t1, byLabel(t1, 'income', /^总计$/), 'amount');
    case 'income_total': return cell(t1, byLabel(t1, 'income', /本年收入合计/), 'amount') ?? cell(t2, total(t2), 'total');
    case 'expense_total': return cell(t1, byLabel(t1, 'expense', /本年支出合计/), 'amount') ?? cell(t3, total(t3), 'total');
    case 'fiscal_total': return cell(t4, byLabel(t4, 'income', /^总计$/), 'amount');
    case 'fiscal_income': return cell(t4, byLabel(t4, 'income', /本年收入合计/), 'amount');
    case 'fiscal_carryover_begin': return cell(t4, byLabel(t4, 'income', /^年初财政拨款结转和结余$/), 'amount');
    case 'fiscal_carryover_end': return cell(t4, byLabel(t4, 'expense', /^年末财政拨款结转和结余$/), 'total');
    case 'carryover_begin': return cell(t1, byLabel(t1, 'income', /^年初结转和结余$/), 'amount');
    case 'carryover_end': return cell(t1, byLabel(t1, 'expense', /^年末结转和结余$/), 'amount');
    case 'gpb_expense': return cell(t5, total(t5), 'total');
    case 'gpb_basic': return cell(t5, total(t5), 'basic');
    case 'gpb_project': return cell(t5, total(t5), 'project');
    case 'gpb_basic_personnel': return cell(t6, t6.rows.find((r) => /人员经费合计/.test(compact(r.label))), 'amount');
    case 'gpb_basic_public': return cell(t6, t6.rows.find((r) => /公用经费合计/.test(compact(r.label))), 'amount');
  }
  if (key === 'expense_project_other') {
    // 项目支出及其他支出: every column of 表3 but 基本支出
    const all = cell(t3, total(t3), 'total');
    const basic = cell(t3, total(t3), 'basic');
    return all && basic ? { ...all, key: 'total-basic', value: new Decimal(all.value).minus(basic.value).toString() } : null;
  }
  const fund = /^(gov_fund|soe)_(carryover_begin|carryover_end|income|expense)$/.exec(key);
  if (fund) {
    const t = fund[1] === 'gov_fund' ? tables.t8 : tables.t9;
    const col = { carryover_begin: 'carryover_begin', carryover_end: 'carryover_end', income: 'income', expense: 'expense_total' }[fund[2]]!;
    return cell(t, total(t), col);
  }
  if (T2[key]) return cell(t2, total(t2), T2[key]);
  if (T3[key]) return cell(t3, total(t3), T3[key]);
  const cls = /^gpb_class:(\d{3}(?:\d{2}){0,2}):(actual|basic|project)$/.exec(key);
  if (cls) return cell(t5, t5.rows.find((r) => r.code === cls[1]), cls[2] === 'actual' ? 'total' : cls[2]);
  // 三公 items: `${item}` is the 决算数, `${item}_budget` the 预算数 (three_public_actual / three_public_budget for the total).
  const budget = key.endsWith('_budget');
  const item = key.replace(/_(budget|actual)$/, '');
  if (T7[item]) return cell(t7, t7.rows.find((r) => r.section === (budget ? 'budget' : 'actual')), T7[item]);
  return null;
}

function yuan(value: string, unit: string): Decimal | null {
  const v = convertUnit(value, unit, '元');
  return v === null ? null : new Decimal(v);
}

const narrativeRef = (f: FoundFigure, value = f.value) => ({ table: 'narrative' as const, section: f.section, row: f.key, column: 'value', value, page: f.page });


/** Restated table figures: equal in the table's unit (converted exactly; then half a unit of the narrative's last digit). */
function restatements(figures: FoundFigure[], tables: Tables): Check[] {
  const out: Check[] = [];
  for (const f of figures) {
    if (f.unit === '%' || !['亿元', '万元', '千元', '元'].includes(f.unit)) continue;
    const tv = tableFigure(tables, f.key);
    if (!tv) continue;
    const expected = convertUnit(tv.value, tv.unit, f.unit);
    if (expected === null) continue;
    const diff = new Decimal(f.value).minus(expected);
    const sameUnit = tv.unit === f.unit;
    const tol = sameUnit ? new Decimal(0) : halfUnit(f.value);
    out.push({
      id: `narrative:${f.key}:p${f.page ?? 0}:${f.text}`,
      kind: 'narrative',
      tables: [tv.table],
      rule: `narrative ${f.key} "${f.text}" = ${tv.table} ${rowName(tv.row)} ${tv.key}`,
      left: narrativeRef(f),
      right: [{ table: tv.table, section: tv.row.section, row: rowName(tv.row), column: tv.key, value: new Decimal(expected).toString(), page: tv.page, sign: 1 }],
      expected: new Decimal(expected).toString(),
      actual: new Decimal(f.value).toString(),
      difference: diff.toString(),
      tolerance: tol.toString(),
      status: diff.isZero() ? 'pass' : diff.abs().lte(tol) ? 'pass-rounding' : 'fail',
    });
  }
  return out;
}

/** The figure of `key` a percentage is made from: in its sentence, else its section, else anywhere before, else a table. */
function operand(figures: FoundFigure[], at: FoundFigure, key: string, tables: Tables): { value: string; unit: string; ref: Check['right'][number] } | null {
  const before = figures.slice(0, figures.indexOf(at)).reverse();
  const f = before.find((x) => x.key === key && x.sentence === at.sentence) ?? before.find((x) => x.key === key && x.section === at.section) ?? before.find((x) => x.key === key) ?? figures.find((x) => x.key === key);
  if (f) return { value: f.value, unit: f.unit, ref: { ...narrativeRef(f), sign: 1 } };
  const tv = tableFigure(tables, key);
  if (tv) return { value: tv.value, unit: tv.unit, ref: { table: tv.table, section: tv.row.section, row: rowName(tv.row), column: tv.key, value: tv.value, page: tv.page, sign: 1 } };
  return null;
}

/** The whole a share is of: the words after 占 when they name one, else the family's total. */
function shareWhole(f: FoundFigure): string | null {
  const r = f.referent ?? '';
  if (/一般公共预算项目支出|财政拨款项目支出/.test(r)) return 'gpb_project';
  if (/项目支出/.test(r)) return 'expense_project';
  if (/本年收入|收入合计/.test(r)) return 'income_total';
  if (/本年支出|支出合计/.test(r)) return 'expense_total';
  if (/^gpb_class:/.test(f.base) || f.base === 'gpb_basic' || f.base === 'gpb_project') return 'gpb_expense';
  if (/^income_/.test(f.base)) return 'income_total';
  if (/^expense_/.test(f.base)) return 'expense_total';
  if (/^procurement_(goods|works|services)$/.test(f.base)) return 'procurement_total';
  return null;
}

/** Sets each percentage's basis (which figures it is made from), by its role. */
export function setBases(figures: FoundFigure[]): void {
  for (const f of figures) {
    if (f.unit !== '%') continue;
    if (f.role === 'completion') {
      const budget = /全年|调整/.test(f.clause.slice(0, f.clause.indexOf(f.text))) && f.def.roles?.budget_full ? 'budget_full' : 'budget';
      f.basis = { kind: 'completion', numerator: roleKey(f.def, f.base, 'actual'), denominator: roleKey(f.def, f.base, budget) };
    } else if (f.role === 'change_pct') {
      f.basis = { kind: 'change', numerator: roleKey(f.def, f.base, 'change'), denominator: roleKey(f.def, f.base, 'value') };
    } else if (f.role === 'share') {
      const whole = shareWhole(f);
      if (whole) f.basis = { kind: 'share', numerator: roleKey(f.def, f.base, f.def.roles?.value ? 'value' : 'actual'), denominator: whole };
    }
  }
}

/** Stated percentages against their own figures: equal when rounded to the printed decimals; within the rounding of the amounts otherwise. */
function percentages(figures: FoundFigure[], tables: Tables): Check[] {
  const out: Check[] = [];
  for (const f of figures) {
    if (!f.basis) continue;
    const num = operand(figures, f, f.basis.numerator, tables);
    const den = operand(figures, f, f.basis.denominator, tables);
    if (!num || !den) continue;
    const a = yuan(num.value, num.unit);
    const b0 = yuan(den.value, den.unit);
    if (!a || !b0) continue;
    const b = f.basis.kind === 'change' ? b0.minus(a) : b0;
    if (b.isZero()) continue;
    const printed = new Decimal(f.value);
    const d = decimalsOf(f.value);
    const computed = a.dividedBy(b).times(100);
    const rounded = computed.toDecimalPlaces(d, Decimal.ROUND_HALF_UP);
    // Each printed amount may be off by half a unit of its last printed digit (in 元).
    // Amounts drop trailing zeros (236 for 236.00), so they count as printed to at least two decimals.
    const slack = (v: string, unit: string) => new Decimal(convertUnit(new Decimal(10).pow(-Math.max(2, decimalsOf(v))).dividedBy(2).toString(), unit, '元')!);
    const rel = slack(num.value, num.unit).dividedBy(a.abs().isZero() ? 1 : a.abs()).plus(slack(den.value, den.unit).dividedBy(b.abs()));
    const tol = new Decimal(10).pow(-d).dividedBy(2).plus(computed.abs().times(rel));
    const diff = printed.minus(computed);
    const basisWords = f.basis.kind === 'change' ? `${f.basis.numerator} / (${f.basis.denominator} − ${f.basis.numerator})` : `${f.basis.numerator} / ${f.basis.denominator}`;
    out.push({
      id: `narrative:pct:${f.key}:p${f.page ?? 0}:${f.text}`,
      kind: 'narrative',
      tables: [...new Set([num.ref.table, den.ref.table].filter((t): t is TableId => t !== 'narrative'))],
      rule: `narrative ${f.key} "${f.text}" = ${basisWords} × 100`,
      left: narrativeRef(f),
      right: [num.ref, { ...den.ref, sign: f.basis.kind === 'change' ? -1 : 1 }],
      expected: computed.toDecimalPlaces(Math.max(d + 2, 4)).toString(),
      actual: printed.toString(),
      difference: diff.toDecimalPlaces(Math.max(d + 2, 4)).toString(),
      tolerance: tol.toDecimalPlaces(Math.max(d + 2, 4), Decimal.ROUND_UP).toString(),
      status: rounded.equals(printed) ? 'pass' : diff.abs().lte(tol) ? 'pass-rounding' : 'fail',
    });
  }
  return out;
}

/**
 * A figure printed in 元 where the document counts in 万元 (a 万元 figure in its own sentence, or 万元
 * tables) and whose digits are a 万元 figure of the narrative or the tables: the unit was mistyped.
 */
function unitSlips(figures: FoundFigure[], tables: Tables): Check[] {
  const out: Check[] = [];
  const tableList = Object.values(tables) as Table[];
  for (const f of figures) {
    if (f.unit !== '元' || /^0(\.0+)?$/.test(f.value)) continue;
    const wanInSentence = figures.some((x) => x.sentence === f.sentence && x.unit === '万元');
    if (!wanInSentence && !tableList.some((t) => t.status === 'present' && t.unit === '万元')) continue;
    const v = new Decimal(f.value).abs();
    const other = figures.find((x) => x !== f && x.unit === '万元' && new Decimal(x.value).abs().equals(v));
    let right: Check['right'][number] | null = other ? { ...narrativeRef(other), sign: 1 } : null;
    if (!right) {
      for (const t of tableList) {
        if (t.unit !== '万元') continue;
        for (const row of t.rows) {
          const c = row.cells.find((x) => x.kind === 'number' && x.value !== null && new Decimal(x.value).equals(v));
          if (c) {
            right = { table: t.id, section: row.section, row: rowName(row), column: c.key, value: c.value!, page: c.page ?? null, sign: 1 };
            break;
          }
        }
        if (right) break;
      }
    }
    if (!right) continue;
    const asWan = new Decimal(convertUnit(f.value, '元', '万元')!);
    out.push({
      id: `narrative:unit:${f.key}:p${f.page ?? 0}:${f.text}`,
      kind: 'narrative',
      tables: right.table === 'narrative' ? [] : [right.table],
      rule: `narrative ${f.key} "${f.text}" printed in 元: the same digits are ${right.table === 'narrative' ? `narrative ${right.row}` : `${right.table} ${right.row} ${right.column}`} in 万元 (unit slip?)`,
      left: narrativeRef(f, asWan.toString()),
      right: [right],
      expected: right.value,
      actual: asWan.toString(),
      difference: asWan.minus(right.value).toString(),
      tolerance: '0',
      status: 'fail',
    });
  }
  return out;
}

export function narrativeChecks(figures: FoundFigure[], tables: Tables): Check[] {
  return [...restatements(figures, tables), ...percentages(figures, tables), ...unitSlips(figures, tables)];
}
