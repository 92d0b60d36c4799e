import { HEADER_VOCABULARY, SectionSchema, TableIdSchema, type ColumnWords, type Section, type TableId } from './header-vocabulary.js';

/**
 * The nine standard 部门决算 tables: canonical ids, how to recognise their titles, and the canonical
 * column keys a printed header maps to (their printed words live in schemas/header-vocabulary.ts).
 * Tables are found by title words, never by their number.
 */

export const TABLE_IDS = TableIdSchema.options;
export type { TableId, Section };

export const SECTIONS = SectionSchema.options;

export interface TableSpec {
  id: TableId;
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

// Order of the specs is the order titles are tested in; more specific titles first.
export const TABLE_SPECS: readonly TableSpec[] = [
  {
    id: 't4',
    name: '财政拨款收入支出决算总表',
    title: /财政拨款收(入)?支(出)?决算总表/,
    sections: ['income', 'expense'],
    columns: columns('t4'),
  },
  {
    id: 't1',
    name: '收入支出决算总表',
    title: /收(入)?支(出)?决算总表/,
    sections: ['income', 'expense'],
    columns: columns('t1'),
  },
  {
    id: 't6',
    name: '一般公共预算财政拨款基本支出决算表',
    title: /基本支出决算(明细)?表/,
    sections: ['personnel', 'public'],
    columns: columns('t6'),
  },
  {
    id: 't7',
    name: '一般公共预算财政拨款“三公”经费支出决算表',
    title: /三公.?经费.*决算表/,
    sections: ['budget', 'actual'],
    columns: columns('t7'),
  },
  {
    id: 't5',
    name: '一般公共预算财政拨款支出决算表',
    title: /一般公共预算财政拨款支出决算(明细)?表/,
    sections: [],
    columns: columns('t5'),
  },
  {
    id: 't8',
    name: '政府性基金预算财政拨款收入支出决算表',
    title: /政府性基金预算财政拨款(收入)?支出决算表/,
    sections: [],
    columns: columns('t8'),
  },
  {
    id: 't9',
    name: '国有资本经营预算财政拨款(收入)支出决算表',
    title: /国有资本经营预算财政拨款(收入)?支出决算表/,
    sections: [],
    columns: columns('t9'),
  },
  {
    id: 't2',
    name: '收入决算表',
    title: /收入决算(明细)?表/,
    sections: [],
    columns: columns('t2'),
  },
  {
    id: 't3',
    name: '支出决算表',
    title: /^(?!.*(项目支出|政府采购|基本支出|三公)).*支出决算(明细)?表/,
    sections: [],
    columns: columns('t3'),
  },
];

export function tableSpec(id: TableId): TableSpec {
  const spec = TABLE_SPECS.find((s) => s.id === id);
  if (!spec) throw new Error(`unknown table id ${id}`);
  return spec;
}
