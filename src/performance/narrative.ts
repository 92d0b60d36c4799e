import type { NarrativeFigure as NarrativeEntry } from '../../schemas/narrative.js';
import type { Performance, PerfCheck, PerfForm, PerfValue } from '../../schemas/performance.js';
import { convertUnit } from '../export/facts.js';
import { Decimal, halfUnit } from '../../lib/number.js';
import { compact } from '../../lib/text.js';
import { finish, type Operand } from './checks.js';

/**
 * 绩效 执行数 against the narrative. The 情况说明 states each project's 全年预算数, 执行数 and 完成预算的 %
 * (`record.narrative` entries keyed `perf_project:<name>:budget|actual|pct`, src/narrative/); the
 * project's form states them again.
 */
export type NarrativeFigure = Pick<NarrativeEntry, 'key' | 'text' | 'value' | 'unit' | 'page'>;

const PERF_KEY = /^perf_project:(.+):(budget|actual|pct)$/;

/**
 * A project name as both parts print it, for comparing: NFKC, no punctuation, brackets or dashes
 * ("2022中央重大传染病-艾滋病" ~ "2022中央重大传染病——艾滋病", "（疾控中心）" ~ "-(疾控中心)"), and without
 * the generic word 项目 wherever it stands ("…新院区）建设" ~ "…新院区)项目建设").
 */
function plain(name: string): string {
  return compact(name).replace(/[\p{P}\p{S}]/gu, '').replace(/项目/g, '');
}

/** …and without the 经费 / 资金 a part may add ("全区稳定工作项目" ~ "全区稳定工作经费"). */
function stem(name: string): string {
  return plain(name).replace(/(绩效自评(综述)?)$/, '').replace(/(经费|工作经费|资金)+$/, '');
}

/** Longest common subsequence of two names, in characters. */
function common(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    prev = row;
  }
  return prev[b.length];
}

/** A name differing from a form's by a word or two (中医药康复服务能力提升 ~ 中医药康复能力提升): this share of the longer one in common. */
const SIMILAR = 0.75;

/**
 * The forms a narrative project name fits, at the first of these levels that any form fits: the same
 * name (the narrative often prefixes a project with its unit: "西安市中医医院中医药康复…" is the form
 * "中医药康复…" of 实施单位 西安市中医医院, or the form's own name begins with the unit); the same stem; one
 * name containing the other; a name nearly the same. From the third level on, only the forms of the unit
 * the narrative name begins with (when it begins with one), the longest name contained, the most similar.
 */
function candidates(name: string, forms: PerfForm[]): PerfForm[] {
  const named = plain(name);
  if (!named) return [];
  const unitOf = (f: PerfForm) => (f.implementer ? plain(f.implementer) : '');
  const bare = (f: PerfForm) => (unitOf(f) && named.startsWith(unitOf(f)) ? named.slice(unitOf(f).length) : named);
  const variants = (f: PerfForm) => [...new Set([named, bare(f)])].filter(Boolean);
  const same = forms.filter((f) => variants(f).some((v) => v === plain(f.name) || v === unitOf(f) + plain(f.name)));
  if (same.length) return same;
  const stems = forms.filter((f) => stem(f.name) && variants(f).some((v) => stem(v) === stem(f.name)));
  if (stems.length) return stems;
  const byUnit = forms.filter((f) => unitOf(f) && named.startsWith(unitOf(f)));
  const pool = byUnit.length ? byUnit : forms;
  const near = pool.filter((f) => {
    const t = stem(f.name);
    return t && variants(f).some((v) => t.includes(stem(v)) || stem(v).includes(t));
  });
  if (near.length) {
    const longest = Math.max(...near.map((f) => stem(f.name).length));
    return near.filter((f) => stem(f.name).length === longest);
  }
  const score = (f: PerfForm) => Math.max(...variants(f).map((v) => common(v, plain(f.name)) / Math.max(v.length, plain(f.name).length)));
  const similar = pool.map((f) => ({ f, s: score(f) })).filter((x) => x.s >= SIMILAR);
  const best = Math.max(...similar.map((x) => x.s));
  return similar.filter((x) => x.s === best).map((x) => x.f);
}

/** One project as the narrative states it: its figures in document order (a name may be stated twice, for two projects). */
interface Stated {
  name: string;
  figures: { fig: NarrativeFigure; what: string }[];
}

function statedProjects(figures: readonly NarrativeFigure[]): Stated[] {
  const out: Stated[] = [];
  const open = new Map<string, Stated>();
  for (const fig of figures) {
    const m = PERF_KEY.exec(fig.key);
    if (!m || fig.value === null) continue;
    const [, name, what] = m;
    let s = open.get(name);
    // The same figure of the same name again: the next project of that name.
    if (!s || s.figures.some((f) => f.what === what)) {
      s = { name, figures: [] };
      open.set(name, s);
      out.push(s);
    }
    s.figures.push({ fig, what });
  }
  return out;
}

export function checkAgainstNarrative(p: Performance, figures: readonly NarrativeFigure[]): { checks: PerfCheck[]; warnings: string[] } {
  const checks: PerfCheck[] = [];
  const warnings: string[] = [];
  const forms = [...p.projects, ...p.department];
  const stated = statedProjects(figures);
  const warn = (s: Stated, why: string) => {
    for (const { fig } of s.figures) warnings.push(`narrative ${fig.key} (${fig.text}): ${why}`);
  };
  // Projects the narrative names alike share the forms that fit them, in document order (…56. and 57.
  // 西安急救中心疫情防控经费, forms "西安急救中心疫情防控经费" and "疫情防控经费" of 实施单位 西安急救中心);
  // as many forms as projects, or it is no pairing but a guess.
  const byName = new Map<string, Stated[]>();
  for (const s of stated) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const pairs: { s: Stated; form: PerfForm }[] = [];
  for (const [name, group] of byName) {
    const fit = candidates(name, forms);
    if (!fit.length) for (const s of group) warn(s, `no 绩效自评表 of that project${forms.length ? '' : ' was read'}`);
    else if (fit.length !== group.length) {
      for (const s of group) warn(s, `${fit.length} 绩效自评表 fit ${group.length > 1 ? `${group.length} projects of that name` : 'that name'} (${fit.map((f) => f.name).join(', ')}): not paired`);
    } else group.forEach((s, i) => pairs.push({ s, form: fit[i] }));
  }
  // A form two different names were paired with is no pairing either.
  const claims = new Map<PerfForm, number>();
  for (const { form } of pairs) claims.set(form, (claims.get(form) ?? 0) + 1);
  for (const { s, form } of pairs) {
    if (claims.get(form)! > 1) {
      warn(s, `绩效自评表 ${form.name} fits other projects of the narrative too: not paired`);
      continue;
    }
    const row = form.funding[0];
    for (const { fig, what } of s.figures) {
      const v: PerfValue | null = row ? (what === 'budget' ? row.budget : what === 'actual' ? row.actual : row.rate) : null;
      if (!v || v.value === null) continue;
      const column = what === 'budget' ? '预算数' : what === 'actual' ? '执行数' : '执行率';
      const formUnit = what === 'pct' ? '%' : form.unit;
      const left: Operand = { where: form.name, row: row.label, column, v, unit: formUnit };
      const right: Operand = { where: 'narrative', row: fig.key, column: fig.text, v: { text: fig.text, value: fig.value, kind: 'number', page: fig.page }, unit: fig.unit };
      checks.push(compare(`perf.narrative.${form.name}.${what}`, `${form.name} ${column} (绩效自评表) = the narrative's`, left, right));
    }
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
