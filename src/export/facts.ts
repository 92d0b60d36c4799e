import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Decimal } from '../../lib/number.js';
import { openAtomic } from '../files/atomic.js';
import { FACT_COLUMNS, type Fact } from '../../schemas/facts.js';
import { DocumentRecordSchema, type DocumentRecord, type Table } from '../../schemas/record.js';
import { performanceFacts } from '../performance/facts.js';

const YUAN_PER: Record<string, number> = { 元: 1, 千元: 1000, 万元: 10000, 亿元: 100000000 };

/**
 * Converts an exact decimal between printed units (元, 千元, 万元, 亿元) without rounding: the result
 * has as many decimals as the conversion needs. Returns null when either unit is unknown.
 */
/** 元, 千元, 万元, 亿元: the units of money amounts, which convertUnit converts between. */
export function isAmountUnit(unit: string): boolean {
  return Object.hasOwn(YUAN_PER, unit);
}

export function convertUnit(value: string, from: string, to: string): string | null {
  const a = YUAN_PER[from];
  const b = YUAN_PER[to];
  if (!a || !b) return null;
  return new Decimal(value).times(a).dividedBy(b).toFixed();
}

/**
 * Flattens one record into tidy facts: one per non-blank cell, in table and row order, then one per
 * narrative figure (table `narrative`). With `unit`,
 * amounts are converted to that unit (the printed text is kept as printed); percents are not amounts.
 */
export function recordFacts(record: DocumentRecord, unit?: string): Fact[] {
  const d = record.document;
  const facts: Fact[] = [];
  // `other` documents (notices, listing pages) get no record; one found on disk has no facts either.
  if (d.kind === 'other') return facts;
  // the document's columns, the same on every row
  const doc = { doc_id: record.docId, region: d.region, department: d.department, year: d.year, kind: d.kind, source_sha256: record.provenance.sha256 };
  for (const table of Object.values(record.tables) as Table[]) {
    for (const row of table.rows) {
      for (const cell of row.cells) {
        if (cell.kind === 'blank') continue;
        const printedUnit = table.unit ?? d.unit ?? '';
        const converted = unit && cell.kind === 'number' && cell.value !== null ? convertUnit(cell.value, printedUnit, unit) : null;
        facts.push({
          ...doc,
          table_id: table.id,
          section: row.section,
          row_code: row.code ?? '',
          row_label: row.label,
          line_no: row.lineNo,
          column_key: cell.key,
          column_label: cell.column,
          text: cell.text,
          value: converted ?? cell.value,
          unit: cell.kind === 'percent' ? '%' : converted !== null ? unit! : printedUnit,
          page: cell.page,
        });
      }
    }
  }
  for (const f of performanceFacts(record.performance)) {
    const converted = unit && f.money && f.v.value !== null ? convertUnit(f.v.value, f.unit, unit) : null;
    facts.push({
      ...doc,
      table_id: 'performance',
      section: f.section,
      row_code: '',
      row_label: f.row_label,
      line_no: null,
      column_key: f.column,
      column_label: f.column,
      text: f.v.text,
      value: converted ?? f.v.value,
      unit: converted !== null ? unit! : f.unit,
      page: f.v.page,
    });
  }
  // The narrative's figures: row_code is the key, column_label the section they were stated in.
  for (const n of record.narrative) {
    // convertUnit gives null for units that are no amounts (%, 人, 辆 …)
    const converted = unit ? convertUnit(n.value, n.unit, unit) : null;
    facts.push({
      ...doc,
      table_id: 'narrative',
      section: '',
      row_code: n.key,
      row_label: n.subject,
      line_no: null,
      column_key: 'value',
      column_label: n.section,
      text: n.text,
      value: converted ?? n.value,
      unit: converted !== null ? unit! : n.unit,
      page: n.page,
    });
  }
  return facts;
}

export interface RecordFile {
  path: string;
  record?: DocumentRecord;
  error?: string;
}

/** Every record JSON under a directory (the harvester's .juesuan folder excluded), sorted by path. */
export async function readRecords(dir: string): Promise<RecordFile[]> {
  const files: string[] = [];
  const walk = async (d: string) => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      throw new Error(`cannot read directory ${d}: ${(err as Error).message}`);
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.json')) files.push(p);
    }
  };
  await walk(dir);
  files.sort();
  const out: RecordFile[] = [];
  for (const path of files) {
    try {
      const parsed = DocumentRecordSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.success) out.push({ path, record: parsed.data });
      else out.push({ path, error: `not a juesuan record: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` });
    } catch (err) {
      out.push({ path, error: `unreadable JSON: ${(err as Error).message}` });
    }
  }
  return out;
}

export function csvLine(values: readonly unknown[]): string {
  return values
    .map((v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}

/** Writes facts as CSV (header row, RFC 4180 quoting, UTF-8) or NDJSON to a file or stdout. */
/**
 * Writes facts as CSV (UTF-8; with a byte-order mark unless `bom: false`, so that Excel reads the Chinese
 * right) or NDJSON, to a file (atomically: a failed export leaves the old file) or to standard output.
 */
export async function writeFacts(facts: Iterable<Fact>, format: 'csv' | 'ndjson', outFile: string | null, opts: { bom?: boolean } = {}): Promise<number> {
  const file = outFile ? await openAtomic(outFile) : null;
  const toStdout = (s: string) => new Promise<void>((resolve, reject) => process.stdout.write(s, (e) => (e ? reject(e) : resolve())));
  // Lines are written in batches: one write per fact costs more than the formatting.
  let buffer = '';
  const flush = async () => {
    if (buffer) await (file ? file.write(buffer) : toStdout(buffer));
    buffer = '';
  };
  let n = 0;
  try {
    if (format === 'csv') buffer += `${opts.bom === false ? '' : '\uFEFF'}${csvLine(FACT_COLUMNS)}\n`;
    for (const f of facts) {
      n++;
      buffer += format === 'csv' ? `${csvLine(FACT_COLUMNS.map((c) => f[c]))}\n` : `${JSON.stringify(Object.fromEntries(FACT_COLUMNS.map((c) => [c, f[c]])))}\n`;
      if (buffer.length > 1 << 16) await flush();
    }
    await flush();
    await file?.commit();
  } catch (e) {
    await file?.abort();
    throw e;
  }
  return n;
}
