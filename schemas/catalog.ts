/**
 * The nine standard 部门决算 tables: canonical ids, how to recognise their titles, and the canonical
 * column keys a printed header maps to. Tables are found by title words, never by their number.
 */

export const TABLE_IDS = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'] as const;
export type TableId = (typeof TABLE_IDS)[number];

export const SECTIONS = ['income', 'expense', 'personnel', 'public', 'budget', 'actual'] as const;
export type Section = (typeof SECTIONS)[number];

export interface TableSpec {
  id: TableId;
  /** Standard name (Hubei 2020 wording). */
  name: string;
  /** Title test on the normalised title text (spaces removed, NFKC). Order matters: first match wins. */
  title: RegExp;
  /** Canonical column keys, in printed order, with the header words that identify each. */
  columns: readonly ColumnRule[];
  /** Sections the table's rows fall into ('' when the table has none). */
  sections: readonly Section[];
}

export interface ColumnRule {
  key: string;
  /** Tested against the joined header path of a value column (e.g. "本年支出/小计"), spaces removed. */
  match: RegExp;
}

// Order of the specs is the order titles are tested in; more specific titles first.
export const TABLE_SPECS: readonly TableSpec[] = [
  {
    id: 't4',
    name: '财政拨款收入支出决算总表',
    title: /财政拨款收(入)?支(出)?决算总表/,
    sections: ['income', 'expense'],
    columns: [
      { key: 'general_budget', match: /一般公共预算/ },
      { key: 'gov_fund', match: /政府性基金/ },
      { key: 'state_capital', match: /国有资本经营/ },
      { key: 'total', match: /合计|小计/ },
      { key: 'amount', match: /金额|决算数|^$/ },
    ],
  },
  {
    id: 't1',
    name: '收入支出决算总表',
    title: /收(入)?支(出)?决算总表/,
    sections: ['income', 'expense'],
    columns: [{ key: 'amount', match: /金额|决算数|^$/ }],
  },
  {
    id: 't6',
    name: '一般公共预算财政拨款基本支出决算表',
    title: /基本支出决算(明细)?表/,
    sections: ['personnel', 'public'],
    columns: [{ key: 'amount', match: /决算数|金额|^$/ }],
  },
  {
    id: 't7',
    name: '一般公共预算财政拨款“三公”经费支出决算表',
    title: /三公.?经费.*决算表/,
    sections: ['budget', 'actual'],
    columns: [
      { key: 'vehicle_purchase', match: /公务用车购置费|^购置费$/ },
      { key: 'vehicle_operation', match: /公务用车运行(维护)?费|^运行(维护)?费$/ },
      { key: 'vehicle_subtotal', match: /公务用车购置及运行(维护)?费/ },
      { key: 'overseas', match: /因公出国/ },
      { key: 'reception', match: /公务接待费/ },
      { key: 'total', match: /合计|小计|三公/ },
    ],
  },
  {
    id: 't5',
    name: '一般公共预算财政拨款支出决算表',
    title: /一般公共预算财政拨款支出决算(明细)?表/,
    sections: [],
    columns: [
      { key: 'basic', match: /基本支出/ },
      { key: 'project', match: /项目支出/ },
      { key: 'total', match: /小计|合计/ },
    ],
  },
  {
    id: 't8',
    name: '政府性基金预算财政拨款收入支出决算表',
    title: /政府性基金预算财政拨款(收入)?支出决算表/,
    sections: [],
    columns: FUND_COLUMNS(),
  },
  {
    id: 't9',
    name: '国有资本经营预算财政拨款(收入)支出决算表',
    title: /国有资本经营预算财政拨款(收入)?支出决算表/,
    sections: [],
    columns: FUND_COLUMNS(),
  },
  {
    id: 't2',
    name: '收入决算表',
    title: /收入决算(明细)?表/,
    sections: [],
    columns: [
      { key: 'total', match: /收入合计|^合计$/ },
      { key: 'fiscal', match: /财政拨款/ },
      { key: 'superior_subsidy', match: /上级补助/ },
      { key: 'business', match: /事业收入/ },
      { key: 'operating', match: /经营收入/ },
      { key: 'affiliated_remittance', match: /附属单位/ },
      { key: 'other', match: /其他收入/ },
      { key: 'surplus_used', match: /非财政拨款结余/ },
      { key: 'carryover_begin', match: /年初结转/ },
    ],
  },
  {
    id: 't3',
    name: '支出决算表',
    title: /^(?!.*(项目支出|政府采购|基本支出|三公)).*支出决算(明细)?表/,
    sections: [],
    columns: [
      { key: 'total', match: /支出合计|^合计$/ },
      { key: 'basic', match: /基本支出/ },
      { key: 'project', match: /项目支出/ },
      { key: 'remit_superior', match: /上缴上级/ },
      { key: 'operating', match: /经营支出/ },
      { key: 'subsidy_affiliated', match: /附属单位/ },
      { key: 'carryover_end', match: /年末结转/ },
    ],
  },
];

/** 表8 and 表9 share their column set (Shanghai prints 表9 with the 表8 columns; Hubei 2020 with 合计/基本/项目). */
function FUND_COLUMNS(): ColumnRule[] {
  return [
    { key: 'carryover_begin', match: /年初结转/ },
    { key: 'carryover_end', match: /年末结转/ },
    { key: 'income', match: /本年收入/ },
    { key: 'basic', match: /基本支出/ },
    { key: 'project', match: /项目支出/ },
    { key: 'expense_total', match: /本年支出(\/)?(小计|合计)?$|小计|合计/ },
  ];
}

export function tableSpec(id: TableId): TableSpec {
  const spec = TABLE_SPECS.find((s) => s.id === id);
  if (!spec) throw new Error(`unknown table id ${id}`);
  return spec;
}
