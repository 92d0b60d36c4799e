import type { NarrativeFigure as NarrativeEntry } from '../../schemas/narrative.js';
import type { Performance, PerfCheck, PerfForm, PerfValue } from '../../schemas/performance.js';
import { convertUnit } from '../export/facts.js';
import { Decimal, halfUnit } from '../normalize/number.js';
import { compact } from '../normalize/text.js';
import { finish, type Operand } from './checks.js';

/**
 * 绩效 执行数 against the narrative. The 情况说明 states each project's 全年预算数, 执行数 and 完成预算的 %
 * (`record.narrative` entries keyed `perf_project:<name>:budget|actual|pct`, src/narrative/); the
 * project's form states them again.
 */
export type NarrativeFigure = Pick<NarrativeEntry, 'key' | 'text' | 'value' | 'unit' | 'page'>;

const PERF_KEY = /^perf_project:(.+):(budget|actual|pct)$/;

/** A project name as both parts print it: no spaces, no 项目 / 经费 suffixes ("全区稳定工作项目" ~ "全区稳定工作经费"). */
function stem(name: string): string {
  return compact(name).replace(/(项目)?(绩效自评(综述)?)?$/, '').replace(/(项目|经费|工作经费|资金)+$/, '');
}

function matchForm(name: string, forms: PerfForm[]): PerfForm | null {
  const s = stem(name);
  if (!s) return null;
  const exact = forms.filter((f) => stem(f.name) === s);
  if (exact.length === 1) return exact[0];
  const near = forms.filter((f) => {
    const t = stem(f.name);
    return t && (t.includes(s) || s.includes(t));
  });
  if (near.length <= 1) return near[0] ?? null;
  // A narrative may prefix a project with its unit ("西安市卫生健康委员会本级（机关）2022年病媒生物防制"): of
  // several forms, the one its 实施单位 names; then the longest name contained (a unit's name is also the
  // 部门整体 form's). Still several: ambiguous, no guess.
  const named = compact(name);
  const byUnit = near.filter((f) => f.implementer && named.startsWith(compact(f.implementer)));
  const pool = byUnit.length ? byUnit : near;
  const longest = Math.max(...pool.map((f) => stem(f.name).length));
  const best = pool.filter((f) => stem(f.name).length === longest);
  return best.length === 1 ? best[0] : null;
}

export function checkAgainstNarrative(p: Performance, figures: readonly NarrativeFigure[]): { checks: PerfCheck[]; warnings: string[] } {
  const checks: PerfCheck[] = [];
  const warnings: string[] = [];
  const forms = [...p.projects, ...p.department];
  for (const fig of figures) {
    const m = PERF_KEY.exec(fig.key);
    if (!m || fig.value === null) continue;
    const [, name, what] = m;
    const form = matchForm(name, forms);
    if (!form) {
      warnings.push(`narrative ${fig.key} (${fig.text}): no 绩效自评表 of that project${forms.length ? '' : ' was read'}`);
      continue;
    }
    const row = form.funding[0];
    const v: PerfValue | null = row ? (what === 'budget' ? row.budget : what === 'actual' ? row.actual : row.rate) : null;
    if (!v || v.value === null) continue;
    const column = what === 'budget' ? '预算数' : what === 'actual' ? '执行数' : '执行率';
    const formUnit = what === 'pct' ? '%' : form.unit;
    const left: Operand = { where: form.name, row: row.label, column, v, unit: formUnit };
    const right: Operand = { where: 'narrative', row: fig.key, column: fig.text, v: { text: fig.text, value: fig.value, kind: 'number', page: fig.page }, unit: fig.unit };
    checks.push(compare(`perf.narrative.${form.name}.${what}`, `${form.name} ${column} (绩效自评表) = the narrative's`, left, right));
  }
  return { checks, warnings };
}

/**
 * The form's figure against the narrative's, in the form's unit. Each was rounded to its own printed
 * precision (75.2% against 75.18%). The same digits under another unit (11.66 元 against 11.66 万元) fail,
 * with a note saying so: that is a slip of the unit, not of the amount.
 */
function compare(id: string, rule: string, left: Operand, right: Operand): PerfCheck {
  const lv = left.v.value!;
  const rv = right.v.value!;
  const differentUnit = right.unit && left.unit && right.unit !== left.unit && right.unit !== '%' && left.unit !== '%';
  const converted = differentUnit ? convertUnit(rv, right.unit!, left.unit!) : null;
  const check = finish(id, 'narrative', rule, left, [right], new Decimal(converted ?? rv), Decimal.max(halfUnit(lv), halfUnit(rv)));
  if (differentUnit && check.status === 'fail' && new Decimal(rv).equals(new Decimal(lv)))
    check.note = `the narrative prints ${right.v.text} in ${right.unit} where the form has ${lv} ${left.unit}: the same digits under another unit`;
  return check;
}
