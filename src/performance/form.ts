import type { PerfForm, PerfFunding, PerfIndicator } from '../../schemas/performance.js';
import { cleanLabel } from '../../lib/text.js';
import { parseAmount } from '../../lib/number.js';
import { assignRoles, type Expect, type RoleCol } from './assign.js';
import { label, splitPoints, valueOf, type FormRow, type Item } from './items.js';

/**
 * Reads one 绩效自评表 from its grid rows. The forms of different provinces and years print the same
 * parts in different columns (预算数 (A) or 年初预算数 + 全年预算数（A）, a 分值 column or none, 偏差原因
 * per indicator or once below), so every part is found by its header words and every value placed
 * under the header's columns (assignRoles), never by a fixed column number.
 */

type FundRole = 'initial' | 'budget' | 'actual' | 'rate' | 'points' | 'score';
type IndRole = 'level1' | 'level2' | 'level3' | 'points' | 'target' | 'actual' | 'score' | 'note';

const FUND_WORDS: [FundRole, RegExp][] = [
  ['initial', /年初预算/],
  ['budget', /预算数|预算金额|预算资金/],
  ['actual', /执行数|实际支出|执行金额|决算数/],
  ['score', /^得分/],
  ['rate', /^执行率/],
  ['points', /^分值/],
];
const IND_WORDS: [IndRole, RegExp][] = [
  ['level1', /一级指标/],
  ['level2', /二级指标/],
  ['level3', /三级指标/],
  ['target', /目标值|指标值/],
  ['actual', /实际完成|实际值|完成值/],
  ['score', /^得分/],
  ['points', /^分值/],
  ['note', /偏差|原因|改进/],
];

/** 一级 names; 成本指标 is 一级 in the newer forms and 二级 (under 产出指标) in the older ones. */
const LEVEL1 = new Set(['产出指标', '效益指标', '满意度指标', '效果指标', '管理指标', '过程指标', '决策指标', '履职效能指标']);
const AMBIGUOUS_LEVEL = new Set(['成本指标']);
/** The form's own label for the indicator block, printed left of 一级指标. */
const GROUP_LABEL = /^(年度)?绩效(指标|目标)?(\(\d+分\))?$/;

function headerRoles<R extends string>(items: Item[], words: [R, RegExp][]): RoleCol<R>[] {
  const roles: RoleCol<R>[] = [];
  for (const item of items) {
    const hit = words.find(([, re]) => re.test(item.key));
    if (hit && !roles.some((r) => r.role === hit[0])) roles.push({ role: hit[0], col: item.col });
  }
  return roles;
}

const isNumeric = (item: Item) => {
  const k = parseAmount(item.text).kind;
  return k === 'number' || k === 'percent';
};

const fundExpect = (r: FundRole): Expect => (r === 'rate' ? 'percent' : 'number');
const indExpect = (r: IndRole): Expect => (r === 'score' || r === 'points' ? 'number' : 'any');

export function readForm(rows: FormRow[], title: string, scope: PerfForm['scope'], warnings: string[]): PerfForm {
  const form: PerfForm = {
    scope,
    title: cleanLabel(title),
    name: '',
    department: null,
    implementer: null,
    unit: null,
    funding: [],
    indicators: [],
    total: null,
    totalPoints: null,
    deviation: null,
    improvement: null,
    pages: [...new Set(rows.map((r) => r.grid.page))],
  };
  let fundRoles: RoleCol<FundRole>[] | null = null;
  let indRoles: RoleCol<IndRole>[] | null = null;
  let goal: string | null = null;
  let level1: Level | null = null;
  let level2: Level | null = null;
  let totalPending = false;

  for (const { items, grid } of rows) {
    if (!items.length) continue;
    const after = (i: number) => items.slice(i + 1).find((x) => !x.carried && x.key !== items[i].key);
    const at = (re: RegExp) => items.findIndex((x) => !x.carried && re.test(x.key));
    // A row's own label is its first cell (偏差原因 is also a column header of the indicator part).
    const lead = items.findIndex((x) => !x.carried);
    const starts = (re: RegExp) => (lead >= 0 && re.test(items[lead].key) ? lead : -1);

    // 总分 may print its value on the next row (converter text).
    if (totalPending) {
      totalPending = false;
      const n = items.filter(isNumeric);
      if (n.length && n.length === items.length) {
        setTotals(form, n, indRoles);
        continue;
      }
    }
    const iName = at(/^项目名称[:：]?$/);
    if (iName >= 0) form.name = label(after(iName)) ?? form.name;
    const iUnit = at(/^(单位|部门)(\((单位|部门)\))?名称[:：]?$/);
    if (iUnit >= 0 && !form.name) form.name = label(after(iUnit)) ?? '';
    const iDept = at(/^主管部门[:：]?$/);
    if (iDept >= 0) form.department = label(after(iDept));
    const iImpl = at(/实施单位[:：]?$/);
    if (iImpl >= 0) form.implementer = label(after(iImpl));
    if (iName >= 0 || iDept >= 0 || iImpl >= 0 || iUnit >= 0) continue;

    const iGoal = starts(/^年度目标\d*[:：]?/);
    if (iGoal >= 0) {
      const rest = items.slice(iGoal + 1).filter((x) => !x.carried);
      goal = label(rest[0]) ?? cleanLabel(items[iGoal].text);
      continue;
    }
    const iTotal = starts(/^总分/);
    if (iTotal >= 0) {
      const n = items.slice(iTotal + 1).filter(isNumeric);
      if (n.length) setTotals(form, n, indRoles);
      else totalPending = true;
      continue;
    }
    const iDev = starts(/^偏差|未完成原因/);
    if (iDev >= 0) {
      form.deviation = joinText(items.slice(iDev + 1));
      continue;
    }
    const iImp = starts(/^改进措施/);
    if (iImp >= 0) {
      form.improvement = joinText(items.slice(iImp + 1));
      continue;
    }

    const ind = headerRoles(items, IND_WORDS);
    if (ind.some((r) => r.role === 'level1') && ind.some((r) => r.role === 'level3' || r.role === 'level2') && ind.some((r) => r.role === 'target' || r.role === 'actual')) {
      indRoles = ind;
      continue;
    }
    const fund = headerRoles(items, FUND_WORDS);
    if (!indRoles && fund.some((r) => r.role === 'budget') && fund.some((r) => r.role === 'actual')) {
      fundRoles = fund;
      const unit = items.map((x) => /[(（](万元|千元|元)[)）]/.exec(x.key)?.[1]).find(Boolean);
      form.unit = unit ?? form.unit;
      continue;
    }

    if (indRoles) {
      const prev = form.indicators[form.indicators.length - 1];
      const fragments = grid.ruled && prev && prev.page !== null && prev.page < grid.page ? levelFragments(items, indRoles) : null;
      if (fragments) {
        // The rest of 一级/二级 cells a page break cut (可持续影响指 | 标 (10分)): they belong to the rows above.
        for (const split of fragments) {
          const cut = prev[split.level];
          const whole = splitPoints(`${cut ?? ''}${split.text}`);
          const named = split.level === 'level1' ? { level1: whole.name, level1Points: whole.points } : { level2: whole.name, level2Points: whole.points };
          for (const x of form.indicators) if (x[split.level] === cut && x.page === prev.page) Object.assign(x, named);
          if (split.level === 'level1') level1 = whole;
          else level2 = whole;
        }
        continue;
      }
      const indicator = readIndicator(items, indRoles, { goal, level1, level2 }, warnings, form, grid.ruled);
      if (indicator) {
        form.indicators.push(indicator.row);
        level1 = indicator.level1;
        level2 = indicator.level2;
      } else {
        const names = leadingLevels(items, indRoles, grid.ruled);
        if (names.level1) level1 = names.level1;
        if (names.level2 || names.level1) level2 = names.level2;
      }
      continue;
    }
    if (fundRoles && items.some((x) => !x.carried && isNumeric(x))) {
      const first = Math.min(...fundRoles.map((r) => r.col));
      const labels = items.filter((x) => x.col < first && !isNumeric(x));
      const values = items.filter((x) => !labels.includes(x) && !(x.carried && !isNumeric(x)));
      const { placed, extra } = assignRoles(values, fundRoles, fundExpect);
      // Numbers under a sub-column the header does not name (财政拨款 under 全年预算数) are not this record's; words are a misread.
      const words = extra.filter((x) => !isNumeric(x));
      if (words.length) warnings.push(`${form.title}: ${words.length} cell(s) of the budget row fit no column: ${words.map((x) => `"${x.text}"`).join(', ')}`);
      const row: PerfFunding = {
        label: label(labels.find((x) => !x.carried) ?? labels[labels.length - 1]) ?? '',
        initial: valueOf(placed.get('initial')),
        budget: valueOf(placed.get('budget')),
        actual: valueOf(placed.get('actual')),
        rate: valueOf(placed.get('rate')),
        points: valueOf(placed.get('points')),
        score: valueOf(placed.get('score')),
      };
      form.funding.push(row);
    }
  }
  return form;
}

function joinText(items: Item[]): string | null {
  const seen = new Set<string>();
  // As printed (no NFKC: ① is not 1), paragraphs on lines of their own.
  const parts = items.filter((x) => !seen.has(x.text) && seen.add(x.text)).map((x) => x.cell.lines.join('\n').trim());
  const text = parts.join('\n').trim();
  return text || null;
}

function setTotals(form: PerfForm, numeric: Item[], roles: RoleCol<IndRole>[] | null) {
  if (numeric.length === 1) {
    form.total = valueOf(numeric[0]);
    return;
  }
  const cols = (roles ?? []).filter((r) => r.role === 'points' || r.role === 'score');
  const { placed } = assignRoles(numeric, cols.length ? cols : [{ role: 'score' as IndRole, col: numeric[numeric.length - 1].col }], indExpect);
  form.totalPoints = valueOf(placed.get('points'));
  form.total = valueOf(placed.get('score'));
}

interface Level {
  name: string;
  points: string | null;
}

/** An 一级/二级 name: a short word ending in 指标 (服务对象满意度 too), with or without its points. */
function levelName(item: Item): Level | null {
  const { name, points } = splitPoints(item.key);
  if (name.length > 10 || /^指标\d/.test(name) || GROUP_LABEL.test(name)) return null;
  if (!/指标$|满意度$/.test(name)) return null;
  return { name, points };
}

/** Which level column a cell of a ruled grid is in: the 一级 or 二级 column, or null (三级 and after). */
function levelColumn(item: Item, roles: RoleCol<IndRole>[]): 'level1' | 'level2' | null {
  const col1 = roles.find((r) => r.role === 'level1')?.col ?? 0;
  const col2 = roles.find((r) => r.role === 'level2')?.col;
  const col3 = roles.find((r) => r.role === 'level3')?.col ?? Infinity;
  if (item.colEnd >= col3 || item.col < col1) return null;
  return col2 === undefined || Math.abs(item.col - col1) < Math.abs(item.col - col2) ? 'level1' : 'level2';
}

/** A row of a ruled grid holding only texts in the level columns, nothing else: the rest of cells a page break cut. */
function levelFragments(items: Item[], roles: RoleCol<IndRole>[]): { level: 'level1' | 'level2'; text: string }[] | null {
  const own = items.filter((x) => !x.carried && !GROUP_LABEL.test(x.key));
  if (!own.length || items.some((x) => !levelColumn(x, roles) && !GROUP_LABEL.test(x.key))) return null;
  return own.map((x) => ({ level: levelColumn(x, roles)!, text: x.key }));
}

/**
 * The 一级/二级 names a row starts with, and where its other cells begin. In a ruled grid the cell's
 * column says it (a name the page break cut, 可持续影响指, is still in the 二级 column); in converter
 * text, whose columns shift, the words do: a short name ending in 指标.
 */
function leadingLevels(items: Item[], roles: RoleCol<IndRole>[], ruled: boolean): { level1: Level | null; level2: Level | null; rest: Item[] } {
  const col1 = roles.find((r) => r.role === 'level1')?.col ?? 0;
  const col2 = roles.find((r) => r.role === 'level2')?.col ?? col1 + 1;
  // Left of 一级指标 the form prints its own label for the block (绩效指标, 年度绩效指标完成情况); a
  // converter may shift an 一级 name there, which is kept.
  const cells = items.filter((x) => !GROUP_LABEL.test(splitPoints(x.key).name) && !(x.col < col1 && !levelName(x)));
  if (ruled && roles.some((r) => r.role === 'level3')) {
    const byColumn: Record<'level1' | 'level2', Level | null> = { level1: null, level2: null };
    let i = 0;
    for (; i < cells.length; i++) {
      const level = levelColumn(cells[i], roles);
      if (!level) break;
      byColumn[level] = splitPoints(cells[i].key);
    }
    return { ...byColumn, rest: cells.slice(i) };
  }
  const names: { level: Level; item: Item }[] = [];
  let i = 0;
  for (; i < cells.length && names.length < 2; i++) {
    const level = levelName(cells[i]);
    if (!level) break;
    names.push({ level, item: cells[i] });
  }
  let level1: Level | null = null;
  let level2: Level | null = null;
  if (names.length === 2) [level1, level2] = [names[0].level, names[1].level];
  else if (names.length === 1) {
    const { level, item } = names[0];
    const first = LEVEL1.has(level.name) || (AMBIGUOUS_LEVEL.has(level.name) && Math.abs(item.col - col1) < Math.abs(item.col - col2));
    if (first) level1 = level;
    else level2 = level;
  }
  return { level1, level2, rest: cells.slice(i) };
}

function readIndicator(
  items: Item[],
  roles: RoleCol<IndRole>[],
  carried: { goal: string | null; level1: Level | null; level2: Level | null },
  warnings: string[],
  form: PerfForm,
  ruled: boolean,
): { row: PerfIndicator; level1: Level | null; level2: Level | null } | null {
  const names = leadingLevels(items, roles, ruled);
  const level1 = names.level1 ?? carried.level1;
  // A new 一级 starts its own 二级 list; a text converter leaves the 二级 blank on the rows below it.
  const level2 = names.level2 ?? (names.level1 ? null : carried.level2);
  const [nameItem, ...values] = names.rest;
  if (!nameItem) return null;
  const valueRoles = roles.filter((r) => !r.role.startsWith('level'));
  const { placed, extra } = assignRoles(values, valueRoles, indExpect);
  if (extra.length) warnings.push(`${form.title}: indicator "${cleanLabel(nameItem.text)}": ${extra.length} cell(s) fit no column: ${extra.map((x) => `"${x.text}"`).join(', ')}`);
  const note = placed.get('note');
  return {
    row: {
      goal: carried.goal,
      level1: level1?.name ?? null,
      level1Points: level1?.points ?? null,
      level2: level2?.name ?? null,
      level2Points: level2?.points ?? null,
      name: cleanLabel(nameItem.text),
      points: valueOf(placed.get('points')),
      target: valueOf(placed.get('target')),
      actual: valueOf(placed.get('actual')),
      score: valueOf(placed.get('score')),
      note: note ? cleanLabel(note.text) : null,
      page: nameItem.page,
      ...(nameItem.cell.line !== undefined ? { line: nameItem.cell.line } : {}),
    },
    level1,
    level2,
  };
}

