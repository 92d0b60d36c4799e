import { z } from 'zod';
import { ALL_TABLE_IDS } from './catalog.js';

/**
 * One tidy fact: a non-blank cell of a standard table. The column order here is the public export
 * contract (`juesuan export`, every format). `table_id` and `column_key` are the record's table id and
 * cell key, named so that no column is an SQL reserved word (`table`, `column`).
 */
export const FACT_COLUMNS = [
  'doc_id',
  'region',
  'department',
  'year',
  'kind',
  'table_id',
  'section',
  'row_code',
  'row_label',
  'line_no',
  'column_key',
  'column_label',
  'text',
  'value',
  'unit',
  'page',
  'source_sha256',
] as const;

/** a standard table (t1–t9; a 预算 also p1 项目支出, p2 政府采购, x1–x6 others); `performance` (绩效自评 forms and tables: src/performance/facts.ts); `narrative` (a figure of record.narrative, row_code = its key) */
const TableIdSchema = z.enum([...ALL_TABLE_IDS, 'performance', 'narrative']);

export const FactSchema = z.object({
  doc_id: z.string(),
  region: z.string(),
  department: z.string(),
  year: z.number().int().nullable(),
  kind: z.enum(['final', 'budget']),
  table_id: TableIdSchema,
  /** income/expense (t1, t4), personnel/public (t6), budget/actual (t7); project/department/overall for performance; else ''. */
  section: z.string(),
  row_code: z.string(),
  row_label: z.string(),
  line_no: z.number().int().nullable(),
  /** canonical column key (the record's cell key), e.g. total, basic, project, fiscal, amount */
  column_key: z.string(),
  /** header as printed, levels joined by '/' */
  column_label: z.string(),
  text: z.string(),
  /** exact decimal as a string, or null when the text is not a number */
  value: z.string().nullable(),
  unit: z.string(),
  page: z.number().int().nullable(),
  /**
   * sha256 of the source document. Two sources for one doc_id (a conflict: the record beside the
   * first, `<year>.<kind>.<sha12>.json`) give two sets of facts; this column tells them apart.
   */
  source_sha256: z.string(),
});
export type Fact = z.infer<typeof FactSchema>;

/** Ground truth of a generated fixture: what a perfect extraction yields. */
export const GroundTruthSchema = z.object({
  file: z.string(),
  document: z.object({
    region: z.string(),
    department: z.string(),
    year: z.number().int(),
    kind: z.enum(['final', 'budget']),
    family: z.enum(['hubei', 'shanghai']),
  }),
  /** Status of each of t1..t9 in the document. */
  tables: z.record(z.string(), z.object({ status: z.enum(['present', 'empty', 'missing']), unit: z.string().optional() })),
  /** Every non-blank cell: the facts' row and column, under the record's own names (`table` = table_id, `column` = column_key). */
  facts: z.array(
    FactSchema.pick({ section: true, row_code: true, row_label: true, line_no: true, text: true, value: true }).extend({ table: TableIdSchema, column: z.string() }),
  ),
  /** Identity checks that must fail because the fixture plants a discrepancy, by a short description. */
  expectedFailures: z.array(z.string()).default([]),
});
export type GroundTruth = z.infer<typeof GroundTruthSchema>;
