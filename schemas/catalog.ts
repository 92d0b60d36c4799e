import { z } from 'zod';
import { BudgetTableIdSchema, HEADER_VOCABULARY, SectionSchema, TableIdSchema, type BudgetTableId, type ColumnWords, type Section, type TableId } from './header-vocabulary.js';

/**
 * The standard tables of a 部门决算 (kind final) and of a 部门预算 (kind budget): one catalog, one locator.
 * The nine 决算 tables: canonical ids, how to recognise their titles, and the canonical
 * column keys a printed header maps to (their printed words live in schemas/header-vocabulary.ts).
 * Tables are found by title words, never by their number.
 */

export const TABLE_IDS = TableIdSchema.options;
export type { TableId, Section, BudgetTableId };
/** Tables a 预算 prints beyond the nine: 项目支出表 (p1), 政府采购预算表 (p2), others (x…). */
export const EXTRA_TABLE_IDS = BudgetTableIdSchema.options.filter((id): id is Exclude<BudgetTableId, TableId> => !(TABLE_IDS as readonly string[]).includes(id));
export type ExtraTableId = (typeof EXTRA_TABLE_IDS)[number];
export type AnyTableId = TableId | ExtraTableId;
/** The nine, then the 预算-only ones. */
export const ALL_TABLE_IDS = BudgetTableIdSchema.options;

/** Which family of accounts a table belongs to: 决算 (final) or 预算 (budget). */
export const TableKindSchema = z.enum(['final', 'budget']);
export type TableKind = z.infer<typeof TableKindSchema>;

export const SECTIONS = SectionSchema.options;

export interface TableSpec {
  id: AnyTableId;
  kind: TableKind;
  /** Standard name (Hubei 2020 wording). */
  name: string;
  /** Title test on the normalised title text (spaces removed, NFKC). Order matters: first match wins. */
  title: RegExp;
  /** Canonical value columns, most specific first, with the printed words that identify each. */
  columns: readonly ColumnRule[];
  /** Sections the table's rows fall into ('' when the table has none). */
  sections: readonly Section[];
}

/** A value column's canonical key and its printed words (tested against each header level, compacted). */
export type ColumnRule = ColumnWords;

const columns = (id: TableId): readonly ColumnRule[] => HEADER_VOCABULARY.columns[id] ?? [];
const budgetColumns = (id: BudgetTableId): readonly ColumnRule[] => HEADER_VOCABULARY.budgetColumns[id] ?? [];

// Order of the specs is the order titles are tested in; more specific titles first.
const FINAL_SPECS: readonly TableSpec[] = [
  {
    id: 't4',
    kind: 'final',
    name: '财政拨款收入支出决算总表',
    title: /财政拨款收(入)?支(出)?决算总表/,
    sections: ['income', 'expense'],
    columns: columns('t4'),
  },
  {
    id: 't1',
    kind: 'final',
    name: '收入支出决算总表',
    title: /收(入)?支(出)?决算总表/,
    sections: ['income', 'expense'],
    columns: columns('t1'),
  },
  {
    id: 't6',
    kind: 'final',
    name: '一般公共预算财政拨款基本支出决算表',
    title: /基本支出决算(明细)?表/,
    sections: ['personnel', 'public'],
    columns: columns('t6'),
  },
  {
    id: 't7',
    kind: 'final',
    name: '一般公共预算财政拨款“三公”经费支出决算表',
    title: /三公.?经费.*决算表/,
    sections: ['budget', 'actual'],
    columns: columns('t7'),
  },
  {
    id: 't5',
    kind: 'final',
    name: '一般公共预算财政拨款支出决算表',
    title: /一般公共预算财政拨款支出决算(明细)?表/,
    sections: [],
    columns: columns('t5'),
  },
  {
    id: 't8',
    kind: 'final',
    name: '政府性基金预算财政拨款收入支出决算表',
    title: /政府性基金预算财政拨款(收入)?支出决算表/,
    sections: [],
    columns: columns('t8'),
  },
  {
    id: 't9',
    kind: 'final',
    name: '国有资本经营预算财政拨款(收入)支出决算表',
    title: /国有资本经营预算财政拨款(收入)?支出决算表/,
    sections: [],
    columns: columns('t9'),
  },
  {
    id: 't2',
    kind: 'final',
    name: '收入决算表',
    title: /收入决算(明细)?表/,
    sections: [],
    columns: columns('t2'),
  },
  {
    id: 't3',
    kind: 'final',
    name: '支出决算表',
    title: /^(?!.*(项目支出|政府采购|基本支出|三公)).*支出决算(明细)?表/,
    sections: [],
    columns: columns('t3'),
  },
];

/**
 * 预算 table titles as printed across provinces (docs/budget-tables.md): 收支总表, 收支预算总表,
 * 部门收支总体情况表, 部门综合预算收支总表, 预算单位财务收支预算总表 … Many carry no 预算 at all, so a
 * budget title is any title of these words that does not say 决算 (those are the specs above) and is
 * not a 绩效 form. Order: more specific first (财政拨款收支 before 收支, 一般公共预算基本支出 before 一般公共预算支出).
 */
const budget = (id: BudgetTableId, name: string, title: RegExp, sections: readonly Section[] = []): TableSpec => ({
  id,
  kind: 'budget',
  name,
  // A title ends with 表 or 表(…) (续, 功能科目): a note naming a table (…政府性基金预算…表无数据) is no title.
  title: new RegExp(`^(?!.*(?:决算|绩效))(?=.*表(?:[(（][^)）]*[)）])?$).*(?:${title.source})`),
  sections,
  columns: budgetColumns(id),
});

const BUDGET_SPECS: readonly TableSpec[] = [
  budget('t7', '一般公共预算“三公”经费支出表', /三公/),
  budget('p2', '政府采购预算表', /政府采购/),
  budget('x1', '一般公共预算机关运行经费支出预算表', /机关运行经费/),
  budget('x6', '财政拨款结转资金支出表', /结转资金支出|结转支出/),
  budget('t4', '财政拨款收支总表', /财政拨款收(入)?支(出)?/, ['income', 'expense']),
  budget('t8', '政府性基金预算支出表', /政府性基金.*表/),
  budget('t9', '国有资本经营预算支出表', /国有资本经营.*表/),
  budget('t6', '一般公共预算基本支出表', /一般公共预算(拨款|财政拨款)?基本支出/),
  budget('x5', '财政拨款基本支出表', /财政拨款基本支出/),
  budget('x3', '一般公共预算支出经济分类表', /一般公共预算.*经济分类/),
  budget('t5', '一般公共预算支出表', /一般公共预算(拨款|财政拨款)?支出/),
  budget('x4', '财政拨款支出表', /财政拨款支出/),
  budget('x2', '基本支出表', /基本支出(预算|总|情况)*表/),
  budget('p1', '项目支出表', /项目支出|专项业务经费支出/),
  budget('t1', '部门收支总表', /收(入)?支(出)?(预算)?(总|总体情况|情况)?(预算)?表/, ['income', 'expense']),
  budget('t2', '部门收入总表', /收入(预算)?(总|总体情况|情况)?(预算)?表/),
  budget('t3', '部门支出总表', /支出(预算)?(总|总体情况|情况)?(预算)?表/),
];

// 决算 titles first: they all say 决算, which no budget title may.
export const TABLE_SPECS: readonly TableSpec[] = [...FINAL_SPECS, ...BUDGET_SPECS];

export function tableSpec(id: AnyTableId, kind: TableKind = 'final'): TableSpec {
  const spec = TABLE_SPECS.find((s) => s.id === id && s.kind === kind);
  if (!spec) throw new Error(`unknown table id ${id} (${kind})`);
  return spec;
}

/** Every spec of a table id (the 决算 and the 预算 one): the record's schema admits the columns and sections of both. */
export function specsOf(id: AnyTableId): TableSpec[] {
  return TABLE_SPECS.filter((s) => s.id === id);
}
