import type { Performance, PerfValue } from '../../schemas/performance.js';

/**
 * The tidy rows of `record.performance` (table `performance`): one per printed value, row_label the
 * project (or 整体) and, for an indicator, `project / indicator`; column the form's word (预算数, 执行数,
 * 执行率, 得分, 分值, 目标值, 实际完成值, 总分; 权重/得分率 and the 执行率 table's printed headers).
 * Amounts keep the unit the form prints (万元 on the forms, 元 in the 执行率 table), percents are %,
 * scores 分; targets and actuals that are words have no unit.
 */
export interface PerfFact {
  section: 'project' | 'department' | 'overall';
  row_label: string;
  column: string;
  v: PerfValue;
  unit: string;
  /** the amount is money in `unit` (convertible by `export --unit`) */
  money: boolean;
}

export function performanceFacts(p: Performance): PerfFact[] {
  const out: PerfFact[] = [];
  const push = (section: PerfFact['section'], row: string, column: string, v: PerfValue | null, unit: string, money = false) => {
    if (!v || v.kind === 'blank') return;
    out.push({ section, row_label: row, column, v, unit: v.kind === 'percent' ? '%' : v.kind === 'number' ? unit : '', money: money && v.kind === 'number' });
  };
  for (const form of [...p.projects, ...p.department]) {
    const name = form.name || form.title;
    form.funding.forEach((f, i) => {
      const row = i === 0 ? name : `${name} / ${f.label}`;
      const unit = form.unit ?? '';
      push(form.scope, row, '年初预算数', f.initial, unit, true);
      push(form.scope, row, '预算数', f.budget, unit, true);
      push(form.scope, row, '执行数', f.actual, unit, true);
      push(form.scope, row, '执行率', f.rate, '%');
      push(form.scope, row, '分值', f.points, '分');
      push(form.scope, row, '得分', f.score, '分');
    });
    for (const x of form.indicators) {
      const row = `${name} / ${x.goal ? `${x.goal} / ` : ''}${x.name}`;
      push(form.scope, row, '分值', x.points, '分');
      push(form.scope, row, '目标值', x.target, '');
      push(form.scope, row, '实际完成值', x.actual, '');
      push(form.scope, row, '得分', x.score, '分');
    }
    push(form.scope, name, '总分', form.total, '分');
  }
  if (p.overall) {
    for (const r of p.overall.scores) {
      const row = `整体 / ${r.group ? `${r.group} ` : ''}${r.label}`;
      push('overall', row, '权重', r.weight, '分');
      push('overall', row, '得分', r.score, '分');
      push('overall', row, '得分率', r.rate, '%');
    }
    const unit = p.overall.execution?.unit ?? '';
    for (const r of p.overall.execution?.rows ?? []) {
      for (const c of r.cells) push('overall', `整体 / ${r.label}`, c.column, c, c.role === 'rate' ? '%' : unit, c.role !== 'rate');
    }
  }
  return out;
}
