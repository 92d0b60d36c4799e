import type { AnyTableId } from '../../schemas/catalog.js';
import type { Check, Row, Table, Tables, Warning } from '../../schemas/record.js';
import { compact } from '../../lib/text.js';
import { evaluate, keysOf, type Operand } from './check.js';
import { parsePrintedRules } from './printed-notes.js';

/**
 * Every accounting identity the tables state or imply. A failed identity is reported with its
 * numbers and place; values are never changed here.
 */
export function checkIdentities(tables: Tables, warnings: Warning[] = []): Check[] {
  const checks: Check[] = [];
  const push = (c: Check | null) => {
    if (c) checks.push(c);
  };
  for (const table of Object.values(tables) as Table[]) {
    if (!table || table.status !== 'present') continue;
    const printed = table.notes.flatMap(parsePrintedRules);
    for (const rule of printed.filter((r) => r.terms.some((t) => t.n === r.left))) {
      warnings.push({ code: 'misprinted-note', message: `${table.id} note "${rule.text}" lists its own ${rule.kind === 'row' ? '行' : '栏'} ${rule.left} among the parts; not checked`, table: table.id, page: table.pages[0] ?? null });
    }
    printedRowRules(table, printed).forEach(push);
    printedColumnRules(table, printed).forEach(push);
    if (!printed.some((r) => r.kind === 'column')) impliedColumnRules(table).forEach(push);
    if (!printed.some((r) => r.kind === 'row')) impliedRowRules(table).forEach(push);
    hierarchyRules(table).forEach(push);
  }
  (tables.t1.kind === 'budget' ? budgetCrossTableRules(tables) : crossTableRules(tables)).forEach(push);
  return checks;
}

// ---------- printed notes ----------

function printedRowRules(table: Table, rules: ReturnType<typeof parsePrintedRules>): (Check | null)[] {
  const out: (Check | null)[] = [];
  for (const rule of rules.filter((r) => r.kind === 'row')) {
    // A misprinted note that lists its own line among the parts ("57 行 = (33+…+58) 行") cannot hold; warned above.
    if (rule.terms.some((t) => t.n === rule.left)) continue;
    const left = table.rows.find((r) => r.lineNo === rule.left);
    if (!left) continue;
    const right = rule.terms.map((t) => ({ row: table.rows.find((r) => r.lineNo === t.n), sign: t.sign }));
    if (right.some((t) => !t.row)) continue;
    for (const key of keysOf(table, left.section)) {
      out.push(
        evaluate(`${table.id}:note:${rule.text}:${key}`, 'printed-note', `${table.id} ${rule.text} (${key})`, op(table, left, key), right.map((t) => op(table, t.row!, key, t.sign))),
      );
    }
  }
  return out;
}

function printedColumnRules(table: Table, rules: ReturnType<typeof parsePrintedRules>): (Check | null)[] {
  const out: (Check | null)[] = [];
  for (const rule of rules.filter((r) => r.kind === 'column')) {
    const left = table.columns.find((c) => c.columnNo === rule.left);
    const right = rule.terms.map((t) => ({ col: table.columns.find((c) => c.columnNo === t.n), sign: t.sign }));
    if (!left || right.some((t) => !t.col)) continue;
    for (const row of table.rows) {
      if (left.section && row.section && left.section !== row.section) continue;
      out.push(
        evaluate(
          `${table.id}:note:${rule.text}:${rowKey(row)}`,
          'printed-note',
          `${table.id} ${rule.text} @ ${rowLabel(row)}`,
          op(table, row, left.key),
          right.map((t) => op(table, row, t.col!.key, t.sign)),
        ),
      );
    }
  }
  return out;
}

// ---------- implied column relations (Shanghai prints no notes) ----------

/**
 * left = Σ right − Σ minus over the keys the table prints; `unless`: not when the table prints that key,
 * `requires`: only when it does (the parts are printed either as a subtotal or as its items).
 */
interface ColumnRelation {
  left: string;
  right: string[];
  minus?: string[];
  unless?: string;
  requires?: string;
}

/** 预算 支出 tables: 合计 = 基本 + 项目, 基本 = 人员 + 公用 (合计 = 人员 + 公用 + 项目 where no 基本 column is printed). */
const BUDGET_EXPENSE: ColumnRelation[] = [
  { left: 'total', right: ['basic', 'project'], requires: 'basic' },
  { left: 'basic', right: ['personnel', 'public'] },
  { left: 'total', right: ['personnel', 'public', 'project'], unless: 'basic' },
];
/** 支出总表: the same, with the other uses of funds beside 基本 and 项目 */
const OTHER_USES = ['remit_superior', 'operating', 'subsidy_affiliated', 'reserve'];
/** A 预算 side split by fund (收入总表, 财政拨款收支总表): 合计 = Σ sources, 财政拨款 = Σ funds. */
const BUDGET_FUNDS = ['general_budget', 'gov_fund', 'state_capital'];
const BUDGET_SOURCES = ['special_account', 'business', 'operating', 'superior_subsidy', 'affiliated_remittance', 'other', 'unit_funds', 'fund_balance', 'surplus_used', 'account_balance'];

const BUDGET_IMPLIED_COLUMNS: Partial<Record<AnyTableId, ColumnRelation[]>> = {
  t1: [...BUDGET_EXPENSE, { left: 'total', right: BUDGET_FUNDS }],
  t2: [
    { left: 'total', right: ['carryover', 'fiscal', ...BUDGET_SOURCES], requires: 'fiscal' },
    { left: 'total', right: ['carryover', ...BUDGET_FUNDS, ...BUDGET_SOURCES], unless: 'fiscal' },
    { left: 'fiscal', right: BUDGET_FUNDS },
  ],
  t3: [
    { left: 'total', right: ['basic', 'project', ...OTHER_USES], requires: 'basic' },
    { left: 'basic', right: ['personnel', 'public'] },
    { left: 'total', right: ['personnel', 'public', 'project', ...OTHER_USES], unless: 'basic' },
  ],
  t4: [...BUDGET_EXPENSE, { left: 'total', right: BUDGET_FUNDS }],
  t5: BUDGET_EXPENSE,
  t6: BUDGET_EXPENSE,
  t8: BUDGET_EXPENSE,
  t9: BUDGET_EXPENSE,
  t7: [
    // with a 三公 subtotal the table's 合计 adds 会议费 and 培训费 to it
    { left: 'total', right: ['sangong', 'meeting', 'training'], requires: 'sangong' },
    { left: 'sangong', right: ['overseas', 'vehicle_subtotal', 'reception'] },
    { left: 'total', right: ['overseas', 'vehicle_subtotal', 'reception'], unless: 'sangong' },
    { left: 'total', right: ['overseas', 'vehicle_purchase', 'vehicle_operation', 'reception'], unless: 'vehicle_subtotal' },
    { left: 'vehicle_subtotal', right: ['vehicle_purchase', 'vehicle_operation'] },
  ],
  p1: [...BUDGET_EXPENSE, { left: 'total', right: [...BUDGET_FUNDS, 'unit_funds'] }],
  x2: BUDGET_EXPENSE,
  x3: BUDGET_EXPENSE,
  x4: BUDGET_EXPENSE,
  x5: BUDGET_EXPENSE,
  x6: BUDGET_EXPENSE,
};

const IMPLIED_COLUMNS: Partial<Record<AnyTableId, ColumnRelation[]>> = {
  t2: [{ left: 'total', right: ['fiscal', 'superior_subsidy', 'business', 'operating', 'affiliated_remittance', 'other'] }],
  t3: [{ left: 'total', right: ['basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliated'] }],
  t4: [{ left: 'total', right: ['general_budget', 'gov_fund', 'state_capital'] }],
  t5: [{ left: 'total', right: ['basic', 'project'] }],
  t7: [
    { left: 'total', right: ['overseas', 'vehicle_subtotal', 'reception'] },
    { left: 'vehicle_subtotal', right: ['vehicle_purchase', 'vehicle_operation'] },
  ],
  t8: [
    { left: 'expense_total', right: ['basic', 'project'] },
    { left: 'carryover_end', right: ['carryover_begin', 'income'], minus: ['expense_total'] },
  ],
  t9: [
    { left: 'expense_total', right: ['basic', 'project'] },
    { left: 'carryover_end', right: ['carryover_begin', 'income'], minus: ['expense_total'] },
  ],
};

function impliedColumnRules(table: Table): (Check | null)[] {
  const out: (Check | null)[] = [];
  const relations = (table.kind === 'budget' ? BUDGET_IMPLIED_COLUMNS : IMPLIED_COLUMNS)[table.id] ?? [];
  for (const rule of relations) {
    for (const row of table.rows) {
      const keys = keysOf(table, row.section);
      if (!keys.includes(rule.left) || (rule.unless && keys.includes(rule.unless)) || (rule.requires && !keys.includes(rule.requires))) continue;
      const plus = rule.right.filter((k) => keys.includes(k));
      const minus = (rule.minus ?? []).filter((k) => keys.includes(k));
      if (plus.length + minus.length < 2 && !(plus.length && minus.length)) continue;
      const words = `${rule.left} = ${plus.join(' + ')}${minus.map((m) => ` - ${m}`).join('')}`;
      out.push(
        evaluate(`${table.id}:cols:${rule.left}=${plus.join('+')}:${rowKey(row)}`, 'implied', `${table.id} ${words} @ ${rowLabel(row)}`, op(table, row, rule.left), [
          ...plus.map((k) => op(table, row, k)),
          ...minus.map((k) => op(table, row, k, -1)),
        ]),
      );
    }
  }
  return out;
}

/**
 * 表1/表4 without 行次 (Shanghai): 本年收入合计 = Σ enumerated items above it; 总计 = 本年合计 + the
 * 结转/结余 rows between them; 年初财政拨款结转和结余 = Σ the fund rows listed under it.
 */
function impliedRowRules(table: Table): (Check | null)[] {
  if (table.id !== 't1' && table.id !== 't4') return [];
  const out: (Check | null)[] = [];
  for (const section of ['income', 'expense']) {
    const rows = table.rows.filter((r) => r.section === section);
    const yearTotal = rows.findIndex((r) => /^本年(收入|支出)合计$/.test(compact(r.label)));
    const grand = rows.findIndex((r) => /^总计$/.test(compact(r.label)));
    for (const key of keysOf(table, section)) {
      if (yearTotal > 0) {
        const items = rows.slice(0, yearTotal).filter((r) => /^[一二三四五六七八九十]+、/.test(compact(r.label)));
        out.push(evaluate(`${table.id}:rows:${section}:year:${key}`, 'implied', `${table.id} ${rows[yearTotal].label} = Σ items (${key})`, op(table, rows[yearTotal], key), items.map((r) => op(table, r, key))));
      }
      if (yearTotal >= 0 && grand > yearTotal) {
        const between = rows.slice(yearTotal + 1, grand);
        // Top-level balance rows only: "其中：…" lines break a balance down and are not added again.
        const balances = between.filter((r) => /结余|结转/.test(r.label) && !/^其中/.test(compact(r.label)) && !/财政拨款$/.test(compact(r.label)));
        out.push(
          evaluate(`${table.id}:rows:${section}:grand:${key}`, 'implied', `${table.id} 总计 = ${rows[yearTotal].label} + ${balances.map((r) => r.label).join(' + ')} (${key})`, op(table, rows[grand], key), [
            op(table, rows[yearTotal], key),
            ...balances.map((r) => op(table, r, key)),
          ]),
        );
        const carry = between.findIndex((r) => /财政拨款结转和结余/.test(r.label));
        const funds = between.slice(carry + 1).filter((r) => /财政拨款$/.test(compact(r.label)));
        if (carry >= 0 && funds.length) {
          out.push(evaluate(`${table.id}:rows:${section}:carry:${key}`, 'implied', `${table.id} ${between[carry].label} = Σ fund rows (${key})`, op(table, between[carry], key), funds.map((r) => op(table, r, key))));
        }
      }
    }
  }
  return out;
}

// ---------- code hierarchy: 类 = Σ 款 = Σ 项; 合计 = Σ 类 ----------

function hierarchyRules(table: Table): (Check | null)[] {
  const out: (Check | null)[] = [];
  const coded = table.rows.filter((r) => r.code !== null);
  if (coded.length === 0) return out;
  for (const parent of coded) {
    const children = coded.filter((r) => r.code!.length === parent.code!.length + 2 && r.code!.startsWith(parent.code!) && r.section === parent.section);
    if (children.length === 0) continue;
    for (const key of keysOf(table, parent.section)) {
      out.push(evaluate(`${table.id}:tree:${parent.code}:${key}`, 'hierarchy', `${table.id} ${parent.code} ${parent.label} = Σ ${children.length} sub-items (${key})`, op(table, parent, key), children.map((c) => op(table, c, key))));
    }
  }
  const tops = coded.filter((r) => r.code!.length === 3);
  for (const total of table.rows.filter((r) => r.total && r.code === null)) {
    const parts = table.id === 't6' ? tops.filter((r) => r.section === total.section) : tops;
    if (parts.length === 0) continue;
    for (const key of keysOf(table, total.section)) {
      out.push(evaluate(`${table.id}:tree:${rowKey(total)}:${key}`, 'hierarchy', `${table.id} ${total.label} = Σ ${parts.length} 类 rows (${key})`, op(table, total, key), parts.map((c) => op(table, c, key))));
    }
  }
  return out;
}

// ---------- across tables ----------

function crossTableRules(tables: Tables): (Check | null)[] {
  const out: (Check | null)[] = [];
  const find = (t: Table, section: string, label: RegExp) =>
    t.status === 'present' ? t.rows.find((r) => (!section || r.section === section) && label.test(compact(r.label))) : undefined;
  const pair = (id: string, rule: string, a: [Table, Row | undefined, string], b: [Table, Row | undefined, string][]) => {
    if (!a[1] || b.some((x) => !x[1])) return;
    out.push(evaluate(`cross:${id}`, 'cross-table', rule, op(a[0], a[1], a[2]), b.map(([t, r, k]) => op(t, r!, k))));
  };
  const { t1, t2, t3, t4, t5, t6, t8, t9 } = tables;
  const total = /^合计$/;
  pair('t1-income=t2', '表1 本年收入合计 = 表2 合计', [t1, find(t1, 'income', /^本年收入合计$/), 'amount'], [[t2, find(t2, '', total), 'total']]);
  pair('t1-expense=t3', '表1 本年支出合计 = 表3 合计', [t1, find(t1, 'expense', /^本年支出合计$/), 'amount'], [[t3, find(t3, '', total), 'total']]);
  pair('t4-income=t2-fiscal', '表4 本年收入合计 = 表2 合计 财政拨款收入', [t4, find(t4, 'income', /^本年收入合计$/), 'amount'], [[t2, find(t2, '', total), 'fiscal']]);
  pair('t4-general=t5', '表4 本年支出合计 一般公共预算财政拨款 = 表5 合计', [t4, find(t4, 'expense', /^本年支出合计$/), 'general_budget'], [[t5, find(t5, '', total), 'total']]);
  pair('t4-fund=t8', '表4 本年支出合计 政府性基金 = 表8 合计 本年支出', [t4, find(t4, 'expense', /^本年支出合计$/), 'gov_fund'], [[t8, find(t8, '', total), 'expense_total']]);
  pair('t4-capital=t9', '表4 本年支出合计 国有资本经营 = 表9 合计 本年支出', [t4, find(t4, 'expense', /^本年支出合计$/), 'state_capital'], [[t9, find(t9, '', total), 'expense_total']]);
  pair('t5-basic=t6', '表5 合计 基本支出 = 表6 人员经费合计 + 公用经费合计', [t5, find(t5, '', total), 'basic'], [
    [t6, find(t6, 'personnel', /人员经费合计/), 'amount'],
    [t6, find(t6, 'public', /公用经费合计/), 'amount'],
  ]);
  // 类 lines of the summary tables against the detail tables, matched by name.
  for (const [summary, section, key, detail, detailKey, label] of [
    [t1, 'expense', 'amount', t3, 'total', '表1 支出 = 表3'],
    [t4, 'expense', 'general_budget', t5, 'total', '表4 一般公共预算 = 表5'],
  ] as const) {
    if (summary.status !== 'present' || detail.status !== 'present') continue;
    for (const cls of detail.rows.filter((r) => r.code?.length === 3)) {
      const name = compact(cls.label).replace(/\(类\)$/, '');
      const row = summary.rows.find((r) => r.section === section && compact(r.label).replace(/^[一二三四五六七八九十]+、/, '') === name);
      pair(`${summary.id}-${detail.id}:${cls.code}`, `${label} ${cls.code} ${cls.label}`, [summary, row, key], [[detail, cls, detailKey]]);
    }
  }
  return out;
}

/**
 * 预算 across tables: 收入总计 = 支出总计 (表1, 表4); 表1 收入总计 = 表2 合计; 表1 支出 = 表3 合计; 表4 支出 by
 * fund = 表5 / 表8 / 表9 合计; 表5 合计 基本支出 = 表6 合计; 表1 支出 类 lines = 表3 类 rows by name.
 * A 预算 总表 prints one amount per side (`amount`) or its parts with a 合计 (`total`).
 */
function budgetCrossTableRules(tables: Tables): (Check | null)[] {
  const out: (Check | null)[] = [];
  const present = (t: Table | undefined): t is Table => t !== undefined && t.status === 'present';
  /** the key a 总表 row prints its amount under: `amount` (one per side), else the side's `total` */
  const amountKey = (row: Row | undefined) => printedKey(row, ['amount', 'total']);
  /** the side's grand total: 总计 (收入总计), else the last total row */
  const grand = (t: Table | undefined, section: string) => {
    if (!present(t)) return undefined;
    const totals = t.rows.filter((r) => r.total && r.section === section);
    return totals.find((r) => /总计$/.test(compact(r.label))) ?? totals[totals.length - 1];
  };
  const yearTotal = (t: Table | undefined, section: string) => (present(t) ? t.rows.find((r) => r.section === section && /^本年(收入|支出)合计$/.test(compact(r.label))) : undefined);
  /** a detail table's 合计 row: the first total row without a code */
  const sum = (t: Table | undefined) => (present(t) ? t.rows.find((r) => r.total && r.code === null) : undefined);
  const pair = (id: string, rule: string, a: [Table | undefined, Row | undefined, string], b: [Table | undefined, Row | undefined, string][]) => {
    if (!a[0] || !a[1] || b.some((x) => !x[0] || !x[1])) return;
    out.push(evaluate(`cross:${id}`, 'cross-table', rule, op(a[0], a[1], a[2]), b.map(([t, r, k]) => op(t!, r!, k))));
  };
  const { t1, t2, t3, t4, t5, t6, t8, t9 } = tables;
  for (const t of [t1, t4]) {
    if (!present(t)) continue;
    const [income, expense] = [grand(t, 'income'), grand(t, 'expense')];
    pair(`${t.id}-income=expense`, `表${t.id.slice(1)} 收入总计 = 支出总计`, [t, income, amountKey(income)], [[t, expense, amountKey(expense)]]);
  }
  if (present(t1)) {
    const [income, expense] = [grand(t1, 'income'), yearTotal(t1, 'expense') ?? grand(t1, 'expense')];
    pair('t1-income=t2', '表1 收入总计 = 表2 合计', [t1, income, amountKey(income)], [[t2, sum(t2), 'total']]);
    pair('t1-expense=t3', '表1 本年支出合计 (else 支出总计) = 表3 合计', [t1, expense, amountKey(expense)], [[t3, sum(t3), 'total']]);
  }
  if (present(t4)) {
    const row = yearTotal(t4, 'expense') ?? grand(t4, 'expense');
    const keys = keysOf(t4, 'expense');
    for (const [key, detail, name] of [['general_budget', t5, '表5'], ['gov_fund', t8, '表8'], ['state_capital', t9, '表9']] as const) {
      if (keys.includes(key)) pair(`t4-${key}=${detail.id}`, `表4 支出 ${key} = ${name} 合计`, [t4, row, key], [[detail, sum(detail), 'total']]);
    }
  }
  // 表6 is the 基本支出 table: its 合计 column may be printed as 基本支出/合计 (Suzhou)
  const t6sum = sum(t6);
  const t6key = printedKey(t6sum, ['total', 'basic']);
  if (present(t5) && keysOf(t5, '').includes('basic')) pair('t5-basic=t6', '表5 合计 基本支出 = 表6 合计', [t5, sum(t5), 'basic'], [[t6, t6sum, t6key]]);
  if (present(t1) && present(t3)) {
    for (const cls of t3.rows.filter((r) => r.code?.length === 3)) {
      const name = compact(cls.label).replace(/\(类\)$/, '');
      const row = t1.rows.find((r) => r.section === 'expense' && compact(r.label).replace(/^[一二三四五六七八九十]+、/, '') === name);
      pair(`t1-t3:${cls.code}`, `表1 支出 = 表3 ${cls.code} ${cls.label}`, [t1, row, amountKey(row)], [[t3, cls, 'total']]);
    }
  }
  return out;
}

// ---------- helpers ----------

function op(table: Table, row: Row, key: string, sign: 1 | -1 = 1): Operand {
  return { table: table.id, row, key, sign };
}

/** The first of `keys` the row prints an amount under, else the first of them. */
function printedKey(row: Row | undefined, keys: [string, ...string[]]): string {
  return keys.find((k) => row?.cells.some((c) => c.key === k && c.kind === 'number')) ?? keys[0];
}

function rowKey(row: Row): string {
  return `${row.section}:${row.code ?? ''}:${row.lineNo ?? ''}:${row.label}`;
}

function rowLabel(row: Row): string {
  return [row.code, row.lineNo !== null ? `${row.lineNo}行` : null, row.label].filter(Boolean).join(' ');
}
