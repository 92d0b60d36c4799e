import type { Performance, PerfCheck, PerfForm, PerfValue } from '../../schemas/performance.js';
import { Decimal, halfUnit } from '../../lib/number.js';

/**
 * The identities a 绩效 form states: 执行率 (B/A) = 执行数 / 预算数, 总分 = Σ 得分 (the budget part's
 * 得分 and every indicator's), Σ 分值 = the 分值 total; in the 整体 tables, each 目标 row = Σ the rows
 * under it, 合计 = Σ, 得分率 = 得分 / 权重, 调整后预算数 = 年初预算数 + 年中追加调整, 差异 = 实际支出数 −
 * 调整后预算数, 执行率 = 实际支出数 / 调整后预算数. A failure is reported, never "fixed".
 */

export interface Operand {
  where: string;
  row: string;
  column: string;
  v: PerfValue;
  unit: string | null;
}

const num = (v: PerfValue | null | undefined): v is PerfValue & { value: string } => !!v && v.value !== null && (v.kind === 'number' || v.kind === 'percent');

/**
 * How far a printed term may be from its true value: half a unit of its last digit when it prints
 * decimals (it was rounded to them); whole points, whole 万元 budgets and whole yuan are given as they
 * are, not rounded (a 权重 of 6 is 6), so they add nothing.
 */
function slack(value: string): Decimal {
  return value.includes('.') ? halfUnit(value) : new Decimal(0);
}

const ref = (o: Operand) => ({ where: o.where, row: o.row, column: o.column, value: o.v.value!, unit: o.unit, page: o.v.page });

export function finish(id: string, kind: PerfCheck['kind'], rule: string, left: Operand, right: Operand[], expected: Decimal, tolerance: Decimal, note?: string): PerfCheck {
  const actual = new Decimal(left.v.value!);
  const difference = actual.minus(expected);
  const status: PerfCheck['status'] = difference.isZero() ? 'pass' : difference.abs().lte(tolerance) ? 'pass-rounding' : 'fail';
  return {
    id,
    kind,
    rule,
    left: ref(left),
    right: right.map(ref),
    expected: expected.toString(),
    actual: actual.toString(),
    difference: difference.toString(),
    tolerance: tolerance.toString(),
    status,
    ...(note ? { note } : {}),
  };
}

/** left = Σ right, within the slack of each printed term and of the total. */
export function sumCheck(id: string, kind: PerfCheck['kind'], rule: string, left: Operand, right: Operand[], signs?: (1 | -1)[], note?: string): PerfCheck | null {
  const terms = right.filter((o) => num(o.v));
  if (!num(left.v) || !terms.length) return null;
  let expected = new Decimal(0);
  let tolerance = slack(left.v.value);
  right.forEach((o, i) => {
    if (!num(o.v)) return;
    expected = expected.plus(new Decimal(o.v.value).times(signs?.[i] ?? 1));
    tolerance = tolerance.plus(slack(o.v.value));
  });
  return finish(id, kind, rule, left, terms, expected, tolerance, note);
}

/** rate% = part / whole × 100, within the rounding of the rate (always rounded) and the slack of both amounts. */
export function rateCheck(id: string, rule: string, rate: Operand, part: Operand, whole: Operand): PerfCheck | null {
  if (!num(rate.v) || !num(part.v) || !num(whole.v)) return null;
  const a = new Decimal(whole.v.value);
  if (a.isZero()) return null;
  const b = new Decimal(part.v.value);
  const expected = b.dividedBy(a).times(100);
  const tolerance = halfUnit(rate.v.value).plus(slack(part.v.value).dividedBy(a).times(100)).plus(b.times(slack(whole.v.value)).dividedBy(a.times(a)).times(100));
  const places = Math.max(4, (rate.v.value.split('.')[1]?.length ?? 0) + 2);
  return finish(id, 'rate', rule, rate, [part, whole], expected.toDecimalPlaces(places), tolerance.toDecimalPlaces(places, Decimal.ROUND_UP));
}

function formChecks(form: PerfForm, n: number): PerfCheck[] {
  const checks: PerfCheck[] = [];
  const where = form.name || form.title;
  const id = `perf.${form.scope}${n}`;
  const op = (row: string, column: string, v: PerfValue | null, unit: string | null): Operand => ({ where, row, column, v: v ?? { text: '', value: null, kind: 'blank', page: null }, unit });
  form.funding.forEach((f, i) => {
    const c = rateCheck(`${id}.rate${i}`, `${where} ${f.label}: 执行率 = 执行数 / 预算数`, op(f.label, '执行率', f.rate, '%'), op(f.label, '执行数', f.actual, form.unit), op(f.label, '预算数', f.budget, form.unit));
    if (c) checks.push(c);
  });
  // The budget part's 得分 is that of its total row (金额合计), else of its first (年度资金总额; the 其中 rows print none).
  const scored = form.funding.find((f) => /合计|总计/.test(f.label) && num(f.score)) ?? form.funding.find((f) => num(f.score));
  const parts = [
    ...(scored ? [op(scored.label, '得分', scored.score, '分')] : []),
    ...form.indicators.map((x) => op(x.name, '得分', x.score, '分')),
  ];
  const unscored = form.indicators.filter((x) => !num(x.score)).length;
  const note = unscored ? `${unscored} indicator(s) print no 得分 here` : undefined;
  const total = sumCheck(`${id}.total`, 'total', `${where}: 总分 = Σ 得分`, op('总分', '得分', form.total, '分'), parts, undefined, note);
  if (total) checks.push(total);
  if (form.totalPoints) {
    const points = [...(scored?.points ? [op(scored.label, '分值', scored.points, '分')] : []), ...form.indicators.map((x) => op(x.name, '分值', x.points, '分'))];
    const c = sumCheck(`${id}.points`, 'total', `${where}: 分值 total = Σ 分值`, op('总分', '分值', form.totalPoints, '分'), points);
    if (c) checks.push(c);
  }
  return checks;
}

function overallChecks(p: Performance): PerfCheck[] {
  const o = p.overall;
  if (!o) return [];
  const checks: PerfCheck[] = [];
  const op = (row: string, column: string, v: PerfValue | null, unit: string | null): Operand => ({ where: 'overall', row, column, v: v ?? { text: '', value: null, kind: 'blank', page: null }, unit });
  const groups = o.scores.filter((r) => r.group === null && !r.total);
  for (const g of groups) {
    const under = o.scores.filter((r) => r.group === g.label);
    for (const col of ['weight', 'score'] as const) {
      const name = col === 'weight' ? '权重' : '得分';
      const c = sumCheck(`perf.overall.${g.label}.${col}`, 'sum', `${g.label} ${name} = Σ rows under it`, op(g.label, name, g[col], '分'), under.map((r) => op(r.label, name, r[col], '分')));
      if (c) checks.push(c);
    }
  }
  for (const t of o.scores.filter((r) => r.total)) {
    // 合计 sums the group printed without values of its own (汇总:), else the groups.
    const summary = groups.find((g) => !num(g.weight) && !num(g.score));
    const terms = summary ? o.scores.filter((r) => r.group === summary.label) : groups;
    for (const col of ['weight', 'score'] as const) {
      const name = col === 'weight' ? '权重' : '得分';
      const c = sumCheck(`perf.overall.total.${col}`, 'sum', `${t.label} ${name} = Σ ${summary ? summary.label : 'groups'}`, op(t.label, name, t[col], '分'), terms.map((r) => op(r.label, name, r[col], '分')));
      if (c) checks.push(c);
    }
  }
  o.scores.forEach((r, i) => {
    const c = rateCheck(`perf.overall.rate${i}`, `${r.label}: 得分率 = 得分 / 权重`, op(r.label, '得分率', r.rate, '%'), op(r.label, '得分', r.score, '分'), op(r.label, '权重', r.weight, '分'));
    if (c) checks.push(c);
  });
  const ex = o.execution;
  if (ex) {
    ex.rows.forEach((r, i) => {
      const get = (role: string) => r.cells.find((c) => c.role === role) ?? null;
      const cell = (role: string) => op(r.label, get(role)?.column ?? role, get(role), role === 'rate' ? '%' : ex.unit);
      const adj = sumCheck(`perf.overall.exec${i}.adjusted`, 'sum', `${r.label}: 调整后预算数 = 年初预算数 + 调整`, cell('adjusted'), [cell('initial'), cell('adjustment')]);
      const diff = sumCheck(`perf.overall.exec${i}.difference`, 'sum', `${r.label}: 差异 = 实际支出数 − 调整后预算数`, cell('difference'), [cell('actual'), cell('adjusted')], [1, -1]);
      const whole = get('adjusted') ? cell('adjusted') : cell('initial');
      const rate = rateCheck(`perf.overall.exec${i}.rate`, `${r.label}: 执行率 = 实际支出数 / 调整后预算数`, cell('rate'), cell('actual'), whole);
      for (const c of [adj, diff, rate]) if (c) checks.push(c);
    });
    // 预算支出 = 基本支出 + 项目支出, when the rows are those.
    const [head, ...rest] = ex.rows;
    if (head && rest.length >= 2 && rest.every((r) => /基本支出|项目支出/.test(r.label))) {
      for (const cell of head.cells.filter((c) => c.role !== 'rate')) {
        const terms = rest.map((r) => r.cells.find((c) => c.role === cell.role) ?? null);
        const c = sumCheck(`perf.overall.exec.${cell.role}`, 'sum', `${head.label} ${cell.column} = Σ ${rest.map((r) => r.label).join(' + ')}`, op(head.label, cell.column, cell, ex.unit), terms.map((t, i) => op(rest[i].label, cell.column, t, ex.unit)));
        if (c) checks.push(c);
      }
    }
  }
  return checks;
}

export function performanceChecks(p: Performance): PerfCheck[] {
  return [...p.projects.map((f, i) => formChecks(f, i + 1)).flat(), ...p.department.map((f, i) => formChecks(f, i + 1)).flat(), ...overallChecks(p)];
}
