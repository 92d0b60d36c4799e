import { recordFacts, readRecords, writeFacts } from '../export/facts.js';

export interface ExportCommandOptions {
  in: string;
  format: 'csv' | 'ndjson';
  out: string | null;
  /** convert amounts to this unit (元, 千元, 万元, 亿元); default: as printed */
  unit?: string;
  /** CSV with a UTF-8 byte-order mark (default true) */
  bom?: boolean;
}

/** Flattens every record under a directory into one tidy facts file. Bad record files are reported and skipped. */
export async function runExport(opts: ExportCommandOptions): Promise<{ records: number; facts: number; skipped: string[] }> {
  const files = await readRecords(opts.in);
  const skipped = files.filter((f) => f.error).map((f) => `${f.path}: ${f.error}`);
  for (const s of skipped) process.stderr.write(`skipped ${s}\n`);
  const records = files.filter((f) => f.record).map((f) => f.record!);
  // Conflicts (two sources for one department and year) are both exported; say so, with their sources.
  const sources = new Map<string, Set<string>>();
  for (const r of records) sources.set(r.docId, (sources.get(r.docId) ?? new Set()).add(r.provenance.sha256));
  for (const [docId, shas] of sources) {
    if (shas.size > 1) process.stderr.write(`warning: ${docId}: ${shas.size} different source documents (${[...shas].map((s) => s.slice(0, 12)).join(', ')}); the facts of each are exported, told apart by source_sha256\n`);
  }
  const unconverted = new Set<string>();
  const facts = (function* () {
    for (const r of records) {
      for (const f of recordFacts(r, opts.unit)) {
        if (opts.unit && f.unit !== opts.unit && f.unit !== '%' && (f.table_id !== 'narrative' || /元$/.test(f.unit))) unconverted.add(`${r.docId} ${f.table_id} (unit "${f.unit || 'not printed'}")`);
        yield f;
      }
    }
  })();
  const n = await writeFacts(facts, opts.format, opts.out, { bom: opts.bom });
  for (const u of unconverted) process.stderr.write(`warning: ${u}: amounts left as printed, cannot convert to ${opts.unit}\n`);
  if (opts.out) process.stderr.write(`${n} facts from ${records.length} record(s) written to ${opts.out}\n`);
  return { records: records.length, facts: n, skipped };
}
