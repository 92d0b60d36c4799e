import { createHash } from 'node:crypto';
import type { DocumentLayout } from '../../extractors/layout.js';
import { readPdfLayout } from '../../extractors/pdf/index.js';
import { chooseReader, type Reader } from '../../extractors/registry.js';
import { DocumentRecordSchema, LOW_CONFIDENCE, type DocumentRecord, type Table, type Warning } from '../../schemas/record.js';
import { absentTableWarnings, assembleTables, noTables } from '../assemble/index.js';
import { checkIdentities } from '../validate/identities.js';
import { readNarrative } from '../narrative/index.js';
import { repairIdentities } from '../validate/repair.js';
import { readIdentity, stopReadingReason } from '../identity/index.js';
import { PACKAGE_VERSION } from '../project-root.js';
import { SharedOcrEngine } from './ocr-engine.js';
import { checkAgainstNarrative, readPerformance } from '../performance/index.js';

import type { ExtractLimits } from '../../schemas/limits.js';
import { extractLimits, readInputFile, refuseOversize } from './limits.js';
export { DocumentReadError, DocumentTimeLimitError } from '../../extractors/pdf/index.js';
export { extractLimits, refuseOversize } from './limits.js';
export { decodeText } from '../../extractors/registry.js';
export { emitRecord, recordPath, type EmitResult } from './emit.js';
import { scopeSuffix } from './emit.js';
export { SharedOcrEngine } from './ocr-engine.js';

export const EXTRACTOR_VERSION: string = PACKAGE_VERSION;

export interface ExtractInput {
  bytes: Uint8Array;
  fileName: string;
  sourcePath?: string;
  sourceUrl?: string;
  ledgerRef?: string;
  /** the title the harvest listing gave the link, when known: one source of the document's identity */
  listingTitle?: string;
}

export interface ExtractOptions {
  /** OCR of pages without a usable text layer: never, auto (default), always */
  ocr?: 'never' | 'auto' | 'always';
  /** OCR engine shared across documents; when absent, one is started for this document if needed and closed after. */
  ocrEngine?: SharedOcrEngine;
  /** progress of long documents: pages done / total */
  onPage?: (done: number, total: number, how: 'text-layer' | 'ocr') => void;
  /** resource limits (schemas/limits.ts); defaults when absent */
  limits?: Partial<ExtractLimits>;
}

/** extractDocument on a file: its size checked before it is read, the record naming it as its source (`as`: the name it is known by, e.g. stdin for `extract -`). */
export async function extractFile(file: string, opts: ExtractOptions = {}, as: { fileName: string; sourcePath?: string } = { fileName: file, sourcePath: file }): Promise<DocumentRecord> {
  const bytes = await readInputFile(file, extractLimits(opts.limits));
  return extractDocument({ bytes, ...as }, opts);
}

export type InputKind = DocumentRecord['provenance']['inputKind'];

/**
 * extract → normalize → validate for one document: bytes in, a schema-valid record out.
 * Throws DocumentReadError (naming the file and what is wrong) when the document cannot be read.
 */
export async function extractDocument(input: ExtractInput, opts: ExtractOptions = {}): Promise<DocumentRecord> {
  const { bytes, fileName } = input;
  const limits = extractLimits(opts.limits);
  const { reader, note } = chooseReader(bytes, fileName);
  const inputKind = reader.kind;
  refuseOversize(fileName, bytes.length, limits, reader);
  const ownEngine = opts.ocrEngine ? null : new SharedOcrEngine();
  let layout: DocumentLayout;
  try {
    layout = await readLayout(reader, bytes, fileName, { ...opts, ocrEngine: opts.ocrEngine ?? ownEngine!, limits });
  } finally {
    await ownEngine?.close();
  }

  const warnings: Warning[] = layout.warnings.map((message) => ({ code: 'reader', message }));
  if (note) warnings.unshift({ code: 'input-type', message: `${note}: read as ${reader.name}` });
  let tables = assembleTables(layout.pages, warnings);
  // OCR'd cells that break identities are repaired only when one OCR alternative is the sole fix; checks are recomputed after.
  const checks = repairIdentities(tables, checkIdentities(tables, warnings), warnings);
  const { narrative, checks: narrativeChecks } = readNarrative(layout, tables, warnings);
  checks.push(...narrativeChecks);
  const document = readIdentity(layout, tables, { fileName, listingTitle: input.listingTitle, inputKind }, warnings);
  if (note && document.kind === 'other') document.kindReason = `${note}: ${document.kindReason}`;
  if (!document.year) warnings.push({ code: 'no-year', message: 'the fiscal year is not printed on the cover or in the headings' });
  if (document.department === 'unknown-department') warnings.push({ code: 'no-department', message: 'the department name was not found' });
  warnings.push(...absentTableWarnings(tables, document.kind, warnings));
  // A 预算 whose tables could not be read is still a 预算: its missing tables are named as the budget's.
  if (document.kind === 'budget' && (Object.values(tables) as Table[]).every((t) => t.status === 'missing')) tables = noTables('budget');
  const tableList = Object.values(tables) as Table[];
  if (tableList.every((t) => t.status === 'missing')) {
    warnings.push({ code: 'no-tables', message: document.kind === 'budget' ? 'a 部门预算 document, but none of its tables (收支总表, 收入总表, 支出总表, 财政拨款收支总表 …) was found with a grid: they may be images or in another file' : document.kind === 'other' ? `not a 决算: ${document.kindReason}` : 'none of the nine standard 决算 tables was found' });
  }

  const record: DocumentRecord = {
    schemaVersion: 1,
    docId: `${document.region}/${document.departmentShort}/${document.year ?? 'unknown-year'}.${document.kind}${scopeSuffix(document.scope)}`,
    document,
    provenance: {
      inputKind,
      sourcePath: input.sourcePath ?? null,
      sourceUrl: input.sourceUrl ?? null,
      fileName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      pageCount: layout.pageCount,
      producer: layout.producer ?? null,
      creator: layout.creator ?? null,
      extractor: { name: 'juesuan', version: EXTRACTOR_VERSION },
      extractedAt: new Date().toISOString(),
      ocrPages: layout.pages.filter((p) => p.source === 'ocr').map((p) => p.number),
      ledgerRef: input.ledgerRef ?? null,
    },
    tables,
    narrative,
    checks,
    performance: readPerformance(layout.pages),
    warnings,
    summary: {
      tablesPresent: tableList.filter((t) => t.status === 'present').length,
      tablesEmpty: tableList.filter((t) => t.status === 'empty').length,
      tablesMissing: tableList.filter((t) => t.status === 'missing').length,
      cells: tableList.reduce((n, t) => n + t.rows.reduce((m, r) => m + r.cells.filter((c) => c.kind !== 'blank').length, 0), 0),
      checksPassed: checks.filter((c) => c.status !== 'fail').length,
      checksFailed: checks.filter((c) => c.status === 'fail').length,
      warnings: warnings.length,
      ...lowConfidence(tableList),
    },
  };
  // 绩效 执行数 against the narrative's project figures.
  const cross = checkAgainstNarrative(record.performance, narrative);
  record.performance.checks.push(...cross.checks);
  record.performance.warnings.push(...cross.warnings);
  const parsed = DocumentRecordSchema.safeParse(record);
  if (!parsed.success) {
    // A record that breaks its own schema is a bug of ours, not of the document: say where.
    throw new Error(`${fileName}: internal error, record does not match the schema: ${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The reader these bytes go to (content first, then the extension): see extractors/registry.ts. */
export function detectInputKind(bytes: Uint8Array, fileName: string): InputKind {
  return chooseReader(bytes, fileName).reader.kind;
}

function readLayout(reader: Reader, bytes: Uint8Array, fileName: string, opts: ExtractOptions & { ocrEngine: SharedOcrEngine; limits: ExtractLimits }): Promise<DocumentLayout> {
  const deadline = { at: Date.now() + opts.limits.maxDocumentSeconds * 1000, seconds: opts.limits.maxDocumentSeconds };
  return reader.read(bytes, {
    fileName,
    limits: opts.limits,
    pdf: (b) => readPdfLayout(b, { fileName, ocr: { mode: opts.ocr ?? 'auto', engine: opts.ocrEngine.get, maxPixels: opts.limits.maxOcrPixels }, onPage: opts.onPage, stopAfter: stopReadingReason, deadline }),
  });
}

/** OCR'd cells under LOW_CONFIDENCE, for the summary (only when there are OCR'd cells at all). */
function lowConfidence(tables: readonly Table[]): { lowConfidenceCells?: number } {
  const ocr = tables.flatMap((t) => t.rows.flatMap((r) => r.cells.filter((c) => c.source === 'ocr')));
  if (!ocr.length) return {};
  return { lowConfidenceCells: ocr.filter((c) => c.kind !== 'blank' && (c.confidence ?? 0) < LOW_CONFIDENCE).length };
}
