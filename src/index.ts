/**
 * juesuan as a library: `import { extractFile } from 'juesuan'`. The same functions the CLI runs; each
 * loads its part (pdf.js and the readers, the harvester) on first call, so importing the package for
 * its schemas costs little.
 */
import type { ExtractInput, ExtractOptions } from './pipeline/index.js';
import type { HarvestOptions, HarvestSummary } from './harvest/index.js';
import type { ExportCommandOptions } from './commands/export.js';
import type { DocumentRecord } from '../schemas/record.js';
import type { Fact } from '../schemas/facts.js';

export type { ExtractInput, ExtractOptions, HarvestOptions, HarvestSummary, ExportCommandOptions as ExportOptions };
export * from '../schemas/record.js';
export { FactSchema, type Fact } from '../schemas/facts.js';
export { SourcesSchema, SiteSchema, type SourcesConfig, type Site } from '../schemas/sources.js';
export { ExtractLimitsSchema, type ExtractLimits } from '../schemas/limits.js';
export { DocumentReadError, DocumentTimeLimitError } from '../extractors/pdf/errors.js';
export { PACKAGE_VERSION as version } from './project-root.js';

/** One document's bytes → a validated record. Throws DocumentReadError (naming the file) when it cannot be read. */
export async function extract(input: ExtractInput, opts?: ExtractOptions): Promise<DocumentRecord> {
  return (await import('./pipeline/index.js')).extractDocument(input, opts);
}

/** One file → a validated record (its size checked before it is read). */
export async function extractFile(file: string, opts?: ExtractOptions): Promise<DocumentRecord> {
  return (await import('./pipeline/index.js')).extractFile(file, opts);
}

/** Crawl the configured sites and extract every new document (`juesuan harvest`). */
export async function harvest(opts: HarvestOptions): Promise<HarvestSummary> {
  return (await import('./harvest/index.js')).runHarvest(opts);
}

/**
 * The tidy facts (one row per amount) of a record; with `unit`, amounts converted to it where the
 * table's unit allows. To write every record of a folder to a file, use `exportFactsFile`.
 */
export async function exportFacts(record: DocumentRecord, unit?: string): Promise<Fact[]> {
  return (await import('./export/facts.js')).recordFacts(record, unit);
}

/** Every record under `opts.in` flattened into one facts file (`juesuan export`). */
export async function exportFactsFile(opts: ExportCommandOptions): Promise<{ records: number; facts: number; skipped: string[] }> {
  return (await import('./commands/export.js')).runExport(opts);
}

/** Whether pdf.js runs with juesuan's text-reading change (see extractors/pdf/pdfjs.ts). */
export async function pdfjsStatus() {
  return (await import('../extractors/pdf/pdfjs.js')).pdfjsStatus();
}
