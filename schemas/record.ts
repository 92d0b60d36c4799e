import { z } from 'zod';
import { ALL_TABLE_IDS, EXTRA_TABLE_IDS, TableKindSchema, specsOf, type AnyTableId, type TableId } from './catalog.js';
import { PerformanceSchema } from './performance.js';
import { NarrativeSchema } from './narrative.js';

/** Bounding box in PDF points, top-left origin. */
export const BBoxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });

/** Where a value was printed. */
export const PlaceSchema = z.object({
  page: z.number().int().nullable(),
  bbox: BBoxSchema.optional(),
  /** line of a text input */
  line: z.number().int().optional(),
  /** cell of a workbook (`表2!C7`) or table cell / paragraph of a Word document (`table3!R2C4`) */
  address: z.string().optional(),
});
export type Place = z.infer<typeof PlaceSchema>;

const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'exact decimal string');

function cellSchema<K extends [string, ...string[]]>(keys: K) {
  return PlaceSchema.extend({
    /** canonical column key; x_* for a column the catalog does not know */
    key: z.union([z.enum(keys), z.string().regex(/^x_/)]),
    /** header as printed, levels joined by '/' */
    column: z.string(),
    /** text as printed ('' for a blank cell) */
    text: z.string(),
    /** exact decimal; null for blank, dash or non-numeric text */
    value: DecimalString.nullable(),
    kind: z.enum(['blank', 'number', 'percent', 'dash', 'text']),
    source: z.enum(['text', 'ocr']),
    confidence: z.number().min(0).max(1).optional(),
    /** OCR: other characters tesseract considered, one list per character of `text` (the reading first) */
    alternatives: z.array(z.array(z.string())).optional(),
    /** set when an OCR reading was corrected by the identities; the reading is kept */
    repaired: z.object({ originalText: z.string(), reason: z.string() }).optional(),
    /** set when the cell's column had to be inferred (e.g. two columns printed in one) */
    inferred: z.string().optional(),
  });
}

function rowSchema<K extends [string, ...string[]]>(sections: readonly string[], keys: K, unsectioned: boolean) {
  const named = z.enum(sections as [string, ...string[]]);
  return PlaceSchema.extend({
    // '' where a spec of the id has no sections (a 预算 表6 is not split into 人员经费 | 公用经费 groups)
    section: sections.length ? (unsectioned ? z.union([named, z.literal('')]) : named) : z.literal(''),
    /** full classification code without spaces ("2010301"), or null */
    code: z.string().nullable(),
    /** 行次 as printed, or null */
    lineNo: z.number().int().nullable(),
    /** label with wrapped lines joined */
    label: z.string(),
    /** total rows (合计, 总计, 本年收入合计 …) */
    total: z.boolean(),
    cells: z.array(cellSchema(keys)),
  });
}

const ColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  section: z.string(),
  /** 栏次 number when printed */
  columnNo: z.number().int().nullable(),
});

function tableSchema<I extends AnyTableId>(id: I) {
  // The 决算 and the 预算 spec of an id share it: their keys and sections together.
  const specs = specsOf(id);
  const keys = [...new Set(specs.flatMap((s) => s.columns.map((c) => c.key)))] as [string, ...string[]];
  const sections = [...new Set(specs.flatMap((s) => s.sections))];
  return z.object({
    id: z.literal(id),
    /** 决算 (final) or 预算 (budget) table; absent in records written before budgets were read */
    kind: TableKindSchema.optional(),
    /** standard name of the table */
    name: z.string(),
    status: z.enum(['present', 'empty', 'missing']),
    /** title as printed */
    title: z.string().nullable(),
    /** 万元 or 元, as printed for this table */
    unit: z.string().nullable(),
    pages: z.array(z.number().int()),
    columns: z.array(ColumnSchema),
    rows: z.array(rowSchema(sections, keys, specs.some((s) => s.sections.length === 0))),
    /** notes printed under the table (注：…, identity lines, 故本表无数据) */
    notes: z.array(z.string()),
    /** why the table is empty, when the document says so */
    emptyNote: z.string().nullable(),
  });
}

export const T1Schema = tableSchema('t1');
export const T2Schema = tableSchema('t2');
export const T3Schema = tableSchema('t3');
export const T4Schema = tableSchema('t4');
export const T5Schema = tableSchema('t5');
export const T6Schema = tableSchema('t6');
export const T7Schema = tableSchema('t7');
export const T8Schema = tableSchema('t8');
export const T9Schema = tableSchema('t9');

export const TablesSchema = z.object({
  t1: T1Schema,
  t2: T2Schema,
  t3: T3Schema,
  t4: T4Schema,
  t5: T5Schema,
  t6: T6Schema,
  t7: T7Schema,
  t8: T8Schema,
  t9: T9Schema,
  // tables only a 预算 prints: 项目支出表, 政府采购预算表, others (present only when found)
  ...Object.fromEntries(EXTRA_TABLE_IDS.map((id) => [id, tableSchema(id).optional()])),
});
export type Tables = z.infer<typeof TablesSchema>;
export type Table = Tables[TableId];
export type Row = Table['rows'][number];
export type Cell = Row['cells'][number];

/** A reference to one value in the record. */
export const RefSchema = z.object({
  /** a table, or `narrative` for a figure of record.narrative (row = its key) */
  table: z.enum([...ALL_TABLE_IDS, 'narrative']),
  section: z.string(),
  row: z.string(),
  column: z.string(),
  value: DecimalString,
  page: z.number().int().nullable(),
});

export const CheckSchema = z.object({
  id: z.string(),
  /** printed-note: the table's own note; implied: column relations of the standard; hierarchy: 类=Σ款=Σ项; cross-table; narrative: a figure of the 情况说明 against a table or its own figures */
  kind: z.enum(['printed-note', 'implied', 'hierarchy', 'cross-table', 'narrative']),
  tables: z.array(z.enum(ALL_TABLE_IDS)),
  /** the rule in words, e.g. "t2 合计: total = fiscal + superior_subsidy + …" */
  rule: z.string(),
  left: RefSchema,
  right: z.array(RefSchema.extend({ sign: z.union([z.literal(1), z.literal(-1)]) })),
  expected: DecimalString,
  actual: DecimalString,
  difference: DecimalString,
  tolerance: DecimalString,
  status: z.enum(['pass', 'pass-rounding', 'fail']),
});
export type Check = z.infer<typeof CheckSchema>;

/** What a warning is about (a closed list: tools that read records can switch on it). */
export const WarningCodeSchema = z.enum([
  // reading the input
  'input-type',
  'reader',
  // finding and assembling tables
  'table-not-read',
  'table-absent',
  'duplicate-table',
  'continuation-unplaced',
  'continuation-unread',
  'empty-without-note',
  'empty-note-with-data',
  'misprinted-note',
  'no-tables',
  // columns
  'unknown-column',
  'ambiguous-column',
  'no-value-columns',
  'code-column-from-body',
  // OCR
  'ocr-repair',
  'ocr-repair-ambiguous',
  // identity
  'no-year',
  'no-department',
  'identity-disagrees',
  // narrative
  'narrative-ambiguous',
]);
export type WarningCode = z.infer<typeof WarningCodeSchema>;

export const WarningSchema = z.object({
  code: WarningCodeSchema,
  message: z.string(),
  table: z.enum(ALL_TABLE_IDS).optional(),
  page: z.number().int().nullable().optional(),
});
export type Warning = z.infer<typeof WarningSchema>;

/** What a document is: a 决算 (final accounts), a 预算 (budget), or something else (a notice, a listing page …). */
export const DocumentKindSchema = z.enum(['final', 'budget', 'other']);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

/**
 * Whose accounts: `department` (the 部门 as a whole, no qualifier printed), `consolidated` ((汇总), the
 * department with its subordinate units), `own` ((本级), the department's own office), `unit` (单位预算/决算
 * of one budget unit).
 */
export const DocumentScopeSchema = z.enum(['department', 'consolidated', 'own', 'unit']);
export type DocumentScope = z.infer<typeof DocumentScopeSchema>;

/** Where an identity field was read: the cover title, a 部门：/单位名称： line, the narrative, the PDF/HTML title, the harvest listing, the file name. */
export const IdentitySourceSchema = z.enum(['cover', 'unit-line', 'body', 'heading', 'metadata', 'listing', 'file-name', 'tables']);
export type IdentitySource = z.infer<typeof IdentitySourceSchema>;

export const DocumentMetaSchema = z.object({
  /** region as far as the document says: 上海市普陀区, 武汉市汉阳区 (never 中共…: that is part of the department) */
  region: z.string(),
  /** GB/T 2260 names; for 直辖市 the city is the municipality itself (上海市普陀区 → 上海市 / 上海市 / 普陀区) */
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  /** six-digit GB/T 2260 code of the most specific level named (310107; 440300 for 深圳市) */
  divisionCode: z.string().regex(/^\d{6}$/).nullable(),
  /** department name as printed, qualifiers such as (汇总)/(本级) removed (see `scope`) */
  department: z.string(),
  /** department without the region prefix, e.g. 信访局 */
  departmentShort: z.string(),
  scope: DocumentScopeSchema,
  year: z.number().int().nullable(),
  kind: DocumentKindSchema,
  /** why the kind was chosen, e.g. 'cover title "…部门综合预算…"' */
  kindReason: z.string(),
  title: z.string().nullable(),
  /** which source each field was read from (null: not found) */
  sources: z.object({
    department: IdentitySourceSchema.nullable(),
    region: IdentitySourceSchema.nullable(),
    year: IdentitySourceSchema.nullable(),
    kind: IdentitySourceSchema.nullable(),
  }),
  /** the unit most tables print (万元 or 元) */
  unit: z.string().nullable(),
  publishedDate: z.string().nullable(),
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;

export const ProvenanceSchema = z.object({
  inputKind: z.enum(['pdf', 'text', 'html', 'spreadsheet', 'word', 'ofd']),
  sourcePath: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  fileName: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int(),
  pageCount: z.number().int(),
  producer: z.string().nullable(),
  creator: z.string().nullable(),
  extractor: z.object({ name: z.literal('juesuan'), version: z.string() }),
  extractedAt: z.string(),
  /** pages read by OCR */
  ocrPages: z.array(z.number().int()),
  /** entry in the harvest ledger this document came from */
  ledgerRef: z.string().nullable(),
});

export const SummarySchema = z.object({
  tablesPresent: z.number().int(),
  tablesEmpty: z.number().int(),
  tablesMissing: z.number().int(),
  cells: z.number().int(),
  checksPassed: z.number().int(),
  checksFailed: z.number().int(),
  warnings: z.number().int(),
  /** OCR'd cells read with a confidence under LOW_CONFIDENCE (present when the record has OCR'd cells): where to look first */
  lowConfidenceCells: z.number().int().optional(),
});

/** Confidence (0..1) under which an OCR'd cell counts as low-confidence in the summary. */
export const LOW_CONFIDENCE = 0.8;

export const DocumentRecordSchema = z.object({
  schemaVersion: z.literal(1),
  docId: z.string(),
  document: DocumentMetaSchema,
  provenance: ProvenanceSchema,
  tables: TablesSchema,
  /** figures stated in the 概况 and 情况说明 parts (schemas/narrative.ts) */
  narrative: NarrativeSchema.default([]),
  checks: z.array(CheckSchema),
  /** the 绩效自评 forms and tables, with their own checks (schemas/performance.ts); empty in records written before it */
  performance: PerformanceSchema.default(() => ({ projects: [], department: [], overall: null, checks: [], warnings: [] })),
  warnings: z.array(WarningSchema),
  summary: SummarySchema,
});
export type DocumentRecord = z.infer<typeof DocumentRecordSchema>;
