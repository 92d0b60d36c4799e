import * as XLSX from '@e965/xlsx';
import { writeOutput } from '../files/atomic.js';
import type { DocumentRecord } from '../../schemas/record.js';
import { datasetTable, type DatasetTableName } from './dataset.js';

const SHEETS: DatasetTableName[] = ['facts', 'checks', 'documents'];
const MAX_ROWS = 1_048_576;

/**
 * Writes a workbook with one sheet each of facts, checks and documents. Amounts are number cells (Excel
 * computes with them) and the printed `text` stays beside them, as printed: a number cell is a binary
 * float, so the exact decimal is the text (and the CSV, SQLite and Parquet exports).
 */
export async function writeXlsx(records: DocumentRecord[], out: string | null, unit?: string): Promise<Record<string, number>> {
  const wb = XLSX.utils.book_new();
  const counts: Record<string, number> = {};
  for (const name of SHEETS) {
    const t = datasetTable(name);
    const rows: unknown[][] = [t.columns.map((c) => c.name)];
    for (const r of records) {
      for (const row of t.rows(r, unit)) {
        rows.push(
          t.columns.map((c) => {
            const v = row[c.name];
            if (v === null || v === undefined) return null;
            if (c.type === 'decimal' || typeof v === 'bigint') return Number(v);
            return v;
          }),
        );
      }
    }
    if (rows.length > MAX_ROWS) throw new Error(`${out ?? 'standard output'}: ${rows.length - 1} ${name} rows are more than a sheet holds (${MAX_ROWS - 1}); export csv, sqlite or parquet instead`);
    counts[name] = rows.length - 1;
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    sheet['!autofilter'] = { ref: sheet['!ref']! };
    XLSX.utils.book_append_sheet(wb, sheet, name);
  }
  await writeOutput(out, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array);
  return counts;
}
