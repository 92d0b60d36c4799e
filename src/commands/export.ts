import { z } from 'zod';
import { recordFacts, readRecords, writeFacts } from '../export/facts.js';
import type { DocumentRecord } from '../../schemas/record.js';

export const ExportFormatSchema = z.enum(['csv', 'ndjson', 'sqlite', 'xlsx', 'parquet', 'datapackage']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;
/** formats written by path (a database, a folder): never to standard output */
const PATH_ONLY: ExportFormat[] = ['sqlite', 'datapackage'];

export interface ExportCommandOptions {
  in: string;
  format: ExportFormat;
  /** a file (a folder for datapackage); null or '-' for standard output */
  out: string | null;
  /** convert amounts to this unit (元, 千元, 万元, 亿元); default: as printed (datapackage: 元) */
  unit?: string;
  /** CSV with a UTF-8 byte-order mark (default true) */
  bom?: boolean;
}

export interface ExportSummary {
  format: ExportFormat;
  out: string | null;
  records: number;
  facts: number;
  /** rows written per table (dataset formats) */
  tables: Record<string, number>;
  skipped: string[];
  warnings: string[];
}

/** A usage error (exit code 2): the command line asks for something that cannot be done. */
export class UsageError extends Error {}

/** Flattens every record under a directory into one tidy facts file or dataset. Bad record files are reported and skipped. */
export async function runExport(opts: ExportCommandOptions): Promise<ExportSummary> {
  const out = opts.out === '-' ? null : opts.out;
  if (!out && PATH_ONLY.includes(opts.format)) throw new UsageError(`--format ${opts.format} needs --out ${opts.format === 'sqlite' ? 'FILE.sqlite' : 'FOLDER'}`);
  const files = await readRecords(opts.in);
  const skipped = files.filter((f) => f.error).map((f) => `${f.path}: ${f.error}`);
  const warnings: string[] = [];
  for (const s of skipped) process.stderr.write(`skipped ${s}\n`);
  const warn = (w: string) => {
    warnings.push(w);
    process.stderr.write(`warning: ${w}\n`);
  };
  // One record per source: the same record found twice (a copied folder) is exported once.
  const seen = new Set<string>();
  const records: DocumentRecord[] = [];
  for (const f of files) {
    if (!f.record) continue;
    const id = `${f.record.docId}\0${f.record.provenance.sha256}`;
    if (seen.has(id)) warn(`${f.path}: the same record as one read before (${f.record.docId}, ${f.record.provenance.sha256.slice(0, 12)}); exported once`);
    else records.push(f.record);
    seen.add(id);
  }
  // Conflicts (two sources for one department and year) are both exported; say so, with their sources.
  const sources = new Map<string, Set<string>>();
  for (const r of records) sources.set(r.docId, (sources.get(r.docId) ?? new Set()).add(r.provenance.sha256));
  for (const [docId, shas] of sources) {
    if (shas.size > 1) warn(`${docId}: ${shas.size} different source documents (${[...shas].map((s) => s.slice(0, 12)).join(', ')}); the facts of each are exported, told apart by source_sha256`);
  }
  const unit = opts.unit ?? (opts.format === 'datapackage' ? '元' : undefined);
  const unconverted = new Set<string>();
  for (const r of records) {
    for (const f of recordFacts(r, unit)) {
      if (unit && f.unit !== unit && f.unit !== '%' && ((f.table_id !== 'narrative' && f.table_id !== 'performance') || /元$/.test(f.unit))) unconverted.add(`${r.docId} ${f.table_id} (unit "${f.unit || 'not printed'}")`);
    }
  }
  let tables: Record<string, number>;
  if (opts.format === 'csv' || opts.format === 'ndjson') {
    const facts = (function* () {
      for (const r of records) yield* recordFacts(r, unit);
    })();
    tables = { facts: await writeFacts(facts, opts.format, out, { bom: opts.bom }) };
  } else {
    tables = await writeDataset(opts.format, records, out, unit);
  }
  for (const u of unconverted) warn(`${u}: amounts left as printed, cannot convert to ${unit}`);
  if (out) process.stderr.write(`${tables.facts} facts from ${records.length} record(s) written to ${out}\n`);
  return { format: opts.format, out, records: records.length, facts: tables.facts ?? 0, tables, skipped, warnings };
}

async function writeDataset(format: Exclude<ExportFormat, 'csv' | 'ndjson'>, records: DocumentRecord[], out: string | null, unit?: string): Promise<Record<string, number>> {
  switch (format) {
    case 'sqlite':
      return (await import('../export/sqlite.js')).writeSqlite(records, out!, unit);
    case 'datapackage':
      return (await import('../export/datapackage.js')).writeDatapackage(records, out!, unit);
    case 'xlsx':
      return (await import('../export/xlsx.js')).writeXlsx(records, out, unit);
    case 'parquet':
      return (await import('../export/parquet.js')).writeParquet(records, out, unit);
  }
}
