import { z } from 'zod';
import { Decimal } from '../../lib/number.js';
import { FACT_COLUMNS, type Fact } from '../../schemas/facts.js';
import type { DocumentRecord, Table } from '../../schemas/record.js';
import { convertUnit, isAmountUnit, recordFacts } from './facts.js';

/**
 * The tables of a dataset export (sqlite, xlsx, parquet, datapackage): one definition of every table's
 * columns, types, keys and rows, which each format writes in its own way. The facts table is the tidy
 * facts of `juesuan export` (the same columns, in the same order) plus `value_fen`.
 */

/** text; integer; decimal (an exact decimal kept as text, the amount columns); boolean. */
export const ColumnTypeSchema = z.enum(['text', 'integer', 'decimal', 'boolean']);
export type ColumnType = z.infer<typeof ColumnTypeSchema>;

export interface DatasetColumn {
  name: string;
  type: ColumnType;
  description: string;
}

export type DatasetValue = string | number | bigint | boolean | null;
export type DatasetRow = Record<string, DatasetValue>;

export const DatasetTableNameSchema = z.enum(['documents', 'tables', 'facts', 'checks', 'warnings', 'narrative', 'performance']);
export type DatasetTableName = z.infer<typeof DatasetTableNameSchema>;

export interface DatasetTable {
  name: DatasetTableName;
  description: string;
  columns: DatasetColumn[];
  primaryKey?: string[];
  /** columns indexed for lookups (each entry one index) */
  indexes: string[][];
  /** `unit`: amounts converted as `export --unit` does */
  rows: (record: DocumentRecord, unit?: string) => Iterable<DatasetRow>;
}

const col = (name: string, type: ColumnType, description: string): DatasetColumn => ({ name, type, description });
const DOC_KEY = [col('doc_id', 'text', 'the record id (<region>/<department>/<year>.<kind>)'), col('source_sha256', 'text', 'sha256 of the source document')];
const docKey = (r: DocumentRecord) => ({ doc_id: r.docId, source_sha256: r.provenance.sha256 });

/**
 * An amount as an integer number of 分 (0.01 元), exactly, when its unit is a money unit and it is a
 * whole number of 分; otherwise null (a percent, a count, or more decimals than 分 can hold).
 */
export function toFen(value: string | null, unit: string): bigint | null {
  if (value === null || !isAmountUnit(unit)) return null;
  const yuan = convertUnit(value, unit, '元');
  if (yuan === null) return null;
  const fen = new Decimal(yuan).times(100);
  return fen.isInteger() ? BigInt(fen.toFixed(0)) : null;
}

const FACT_TYPES: Record<(typeof FACT_COLUMNS)[number], ColumnType> = {
  doc_id: 'text',
  region: 'text',
  department: 'text',
  year: 'integer',
  kind: 'text',
  table_id: 'text',
  section: 'text',
  row_code: 'text',
  row_label: 'text',
  line_no: 'integer',
  column_key: 'text',
  column_label: 'text',
  text: 'text',
  value: 'decimal',
  unit: 'text',
  page: 'integer',
  source_sha256: 'text',
};

/** The facts with their value in 分: the rows of the facts table, for one unit choice. */
export function factRows(record: DocumentRecord, unit?: string): (Fact & { value_fen: bigint | null })[] {
  return recordFacts(record, unit).map((f) => ({ ...f, value_fen: toFen(f.value, f.unit) }));
}

const checkColumns = [
  ...DOC_KEY,
  col('check_no', 'integer', 'the check’s place in the record (1, 2, …; per part): ids may repeat'),
  col('check_id', 'text', 'the check id of the record'),
  col('part', 'text', '`tables` (record.checks) or `performance` (record.performance.checks)'),
  col('kind', 'text', 'printed-note, implied, hierarchy, cross-table, narrative; rate, total, sum for performance'),
  col('rule', 'text', 'the rule in words'),
  col('left_table_id', 'text', 'the table of the left side (or narrative)'),
  col('left_row', 'text', 'the left side row (code, 行次 or label)'),
  col('left_column_key', 'text', 'the left side column key'),
  col('left_page', 'integer', 'page of the left side'),
  col('expected', 'decimal', 'the sum of the right side'),
  col('actual', 'decimal', 'the left side as printed'),
  col('difference', 'decimal', 'actual − expected'),
  col('tolerance', 'decimal', 'the rounding tolerance'),
  col('status', 'text', 'pass, pass-rounding or fail'),
  col('right_terms', 'text', 'the right side terms as JSON ([{table,row,column,value,sign,page}])'),
];

export const DATASET_TABLES: DatasetTable[] = [
  {
    name: 'documents',
    description: 'one row per record (a department, year and kind from one source document)',
    columns: [
      ...DOC_KEY,
      col('region', 'text', 'region as the document says it'),
      col('province', 'text', 'GB/T 2260 province'),
      col('city', 'text', 'GB/T 2260 city'),
      col('district', 'text', 'GB/T 2260 district'),
      col('division_code', 'text', 'GB/T 2260 six-digit code'),
      col('department', 'text', 'department as printed'),
      col('department_short', 'text', 'department without the region'),
      col('scope', 'text', 'department, consolidated, own or unit'),
      col('year', 'integer', 'fiscal year'),
      col('kind', 'text', 'final (决算) or budget (预算)'),
      col('title', 'text', 'the printed title'),
      col('unit', 'text', 'the unit most tables print'),
      col('input_kind', 'text', 'pdf, text, html, spreadsheet, word or ofd'),
      col('file_name', 'text', 'the source file name'),
      col('source_url', 'text', 'where it was harvested from'),
      col('page_count', 'integer', 'pages of the source'),
      col('ocr_pages', 'text', 'pages read by OCR, comma-separated'),
      col('extracted_at', 'text', 'time of extraction (ISO 8601)'),
      col('tables_present', 'integer', 'tables with data'),
      col('tables_empty', 'integer', 'tables printed without data'),
      col('tables_missing', 'integer', 'tables not found'),
      col('cells', 'integer', 'non-blank cells'),
      col('checks_passed', 'integer', 'identities that hold'),
      col('checks_failed', 'integer', 'identities that fail'),
      col('warnings', 'integer', 'warnings'),
    ],
    primaryKey: ['doc_id', 'source_sha256'],
    indexes: [['region', 'department', 'year', 'kind']],
    rows: function* (r) {
      const d = r.document;
      const p = r.provenance;
      const s = r.summary;
      yield {
        ...docKey(r),
        region: d.region,
        province: d.province,
        city: d.city,
        district: d.district,
        division_code: d.divisionCode,
        department: d.department,
        department_short: d.departmentShort,
        scope: d.scope,
        year: d.year,
        kind: d.kind,
        title: d.title,
        unit: d.unit,
        input_kind: p.inputKind,
        file_name: p.fileName,
        source_url: p.sourceUrl,
        page_count: p.pageCount,
        ocr_pages: p.ocrPages.join(','),
        extracted_at: p.extractedAt,
        tables_present: s.tablesPresent,
        tables_empty: s.tablesEmpty,
        tables_missing: s.tablesMissing,
        cells: s.cells,
        checks_passed: s.checksPassed,
        checks_failed: s.checksFailed,
        warnings: s.warnings,
      };
    },
  },
  {
    name: 'tables',
    description: 'one row per standard table of a record: present, empty or missing',
    columns: [
      ...DOC_KEY,
      col('table_id', 'text', 't1..t9 (a 预算 also p1, p2, x1–x6)'),
      col('name', 'text', 'the standard name'),
      col('status', 'text', 'present, empty or missing'),
      col('title', 'text', 'the printed title'),
      col('unit', 'text', 'the printed unit'),
      col('pages', 'text', 'pages, comma-separated'),
      col('row_count', 'integer', 'rows read'),
      col('empty_note', 'text', 'the note of an empty table (…故本表无数据)'),
    ],
    primaryKey: ['doc_id', 'source_sha256', 'table_id'],
    indexes: [],
    rows: function* (r) {
      for (const t of Object.values(r.tables) as Table[]) {
        yield { ...docKey(r), table_id: t.id, name: t.name, status: t.status, title: t.title, unit: t.unit, pages: t.pages.join(','), row_count: t.rows.length, empty_note: t.emptyNote };
      }
    },
  },
  {
    name: 'facts',
    description: 'the tidy facts of `juesuan export`: one row per non-blank cell, narrative figure and performance value',
    columns: [...FACT_COLUMNS.map((c) => col(c, FACT_TYPES[c], `facts column ${c} (README: Tidy facts)`)), col('value_fen', 'integer', 'the amount in 分 (0.01 元), when it is money and a whole number of 分')],
    indexes: [['doc_id', 'source_sha256'], ['table_id', 'row_code', 'column_key']],
    rows: (r, unit) => factRows(r, unit),
  },
  {
    name: 'checks',
    description: 'every identity checked: the tables’ (record.checks) and the performance forms’ (record.performance.checks)',
    columns: checkColumns,
    primaryKey: ['doc_id', 'source_sha256', 'part', 'check_no'],
    indexes: [['status']],
    rows: function* (r) {
      for (const [i, c] of r.checks.entries()) {
        yield {
          ...docKey(r),
          check_no: i + 1,
          check_id: c.id,
          part: 'tables',
          kind: c.kind,
          rule: c.rule,
          left_table_id: c.left.table,
          left_row: c.left.row,
          left_column_key: c.left.column,
          left_page: c.left.page,
          expected: c.expected,
          actual: c.actual,
          difference: c.difference,
          tolerance: c.tolerance,
          status: c.status,
          right_terms: JSON.stringify(c.right.map((t) => ({ table: t.table, row: t.row, column: t.column, value: t.value, sign: t.sign, page: t.page }))),
        };
      }
      for (const [i, c] of r.performance.checks.entries()) {
        yield {
          ...docKey(r),
          check_no: i + 1,
          check_id: c.id,
          part: 'performance',
          kind: c.kind,
          rule: c.rule,
          left_table_id: 'performance',
          left_row: c.left.row ? `${c.left.where} / ${c.left.row}` : c.left.where,
          left_column_key: c.left.column,
          left_page: c.left.page,
          expected: c.expected,
          actual: c.actual,
          difference: c.difference,
          tolerance: c.tolerance,
          status: c.status,
          right_terms: JSON.stringify(c.right),
        };
      }
    },
  },
  {
    name: 'warnings',
    description: 'the warnings of each record, and what the performance forms could not read',
    columns: [...DOC_KEY, col('part', 'text', '`record` or `performance`'), col('code', 'text', 'the warning code (schemas/record.ts WarningCodeSchema)'), col('message', 'text', 'the warning'), col('table_id', 'text', 'the table it is about'), col('page', 'integer', 'the page it is about')],
    indexes: [['doc_id', 'source_sha256']],
    rows: function* (r) {
      for (const w of r.warnings) yield { ...docKey(r), part: 'record', code: w.code, message: w.message, table_id: w.table ?? null, page: w.page ?? null };
      for (const w of r.performance.warnings) yield { ...docKey(r), part: 'performance', code: null, message: w, table_id: null, page: null };
    },
  },
  {
    name: 'narrative',
    description: 'the figures stated in the 概况 and 情况说明 parts (record.narrative)',
    columns: [
      ...DOC_KEY,
      col('narrative_key', 'text', 'the canonical key (income_expense_total, gpb_class:210:actual …)'),
      col('subject', 'text', 'the subject words'),
      col('text', 'text', 'the number as printed'),
      col('value', 'decimal', 'the exact value (changes signed)'),
      col('unit', 'text', '万元, 元, %, 人, 辆 …'),
      col('value_fen', 'integer', 'the amount in 分, when it is money'),
      col('clause', 'text', 'the clause it came from'),
      col('section', 'text', 'the section’s heading path'),
      col('page', 'integer', 'page'),
      col('basis_kind', 'text', 'for a percentage: share, change or completion'),
    ],
    indexes: [['doc_id', 'source_sha256'], ['narrative_key']],
    rows: function* (r) {
      for (const n of r.narrative) {
        yield { ...docKey(r), narrative_key: n.key, subject: n.subject, text: n.text, value: n.value, unit: n.unit, value_fen: toFen(n.value, n.unit), clause: n.clause, section: n.section, page: n.page, basis_kind: n.basis?.kind ?? null };
      }
    },
  },
  {
    name: 'performance',
    description: 'the values of the 绩效自评 forms and tables (the facts of table_id performance)',
    columns: [
      ...DOC_KEY,
      col('section', 'text', 'project, department or overall'),
      col('row_label', 'text', 'the project (or 整体) and, for an indicator, `project / indicator`'),
      col('column_key', 'text', '预算数, 执行数, 执行率, 得分, 分值, 目标值, 实际完成值, 总分 …'),
      col('text', 'text', 'as printed'),
      col('value', 'decimal', 'the exact value'),
      col('unit', 'text', 'the unit the form prints'),
      col('value_fen', 'integer', 'the amount in 分, when it is money'),
      col('page', 'integer', 'page'),
    ],
    indexes: [['doc_id', 'source_sha256']],
    rows: function* (r, unit) {
      for (const f of factRows(r, unit)) {
        if (f.table_id !== 'performance') continue;
        yield { doc_id: f.doc_id, source_sha256: f.source_sha256, section: f.section, row_label: f.row_label, column_key: f.column_key, text: f.text, value: f.value, unit: f.unit, value_fen: f.value_fen, page: f.page };
      }
    },
  },
];

export function datasetTable(name: DatasetTableName): DatasetTable {
  return DATASET_TABLES.find((t) => t.name === name)!;
}

/** The scale and precision a DECIMAL column needs for these exact decimal strings (at least 1 digit). */
export function decimalShape(values: Iterable<string | null>): { precision: number; scale: number } {
  let scale = 0;
  let whole = 1;
  for (const v of values) {
    if (v === null) continue;
    const [int, frac = ''] = v.replace(/^-/, '').split('.');
    scale = Math.max(scale, frac.length);
    whole = Math.max(whole, int.replace(/^0+(?=\d)/, '').length);
  }
  return { precision: whole + scale, scale };
}
