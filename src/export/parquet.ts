import { writeOutput } from '../files/atomic.js';
import type { DocumentRecord } from '../../schemas/record.js';
import { datasetTable, decimalShape, type DatasetColumn, type DatasetValue } from './dataset.js';

/** parquet's widest DECIMAL (16 bytes) */
const MAX_PRECISION = 38;

/** The unscaled integer of an exact decimal string at `scale` decimals ("284.5", 2 → 28450n). */
export function unscaled(value: string, scale: number): bigint {
  const neg = value.startsWith('-');
  const [int, frac = ''] = value.replace(/^-/, '').split('.');
  const n = BigInt(int + frac.padEnd(scale, '0'));
  return neg ? -n : n;
}

/**
 * Writes the facts as one Parquet file (hyparquet-writer, pure JS): typed columns, `value` a DECIMAL
 * with the scale the data needs (the most decimals any value has), so no reader sees a float.
 */
export async function writeParquet(records: DocumentRecord[], out: string | null, unit?: string): Promise<Record<string, number>> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const t = datasetTable('facts');
  const rows = records.flatMap((r) => [...t.rows(r, unit)]);
  const columnData: { name: string; data: DatasetValue[] }[] = [];
  const schema: Record<string, unknown>[] = [{ name: 'root', num_children: t.columns.length }];
  for (const c of t.columns) {
    const values = rows.map((r) => r[c.name] ?? null);
    const { element, data } = parquetColumn(c, values, out);
    schema.push({ name: c.name, repetition_type: 'OPTIONAL', ...element });
    columnData.push({ name: c.name, data });
  }
  const buffer = parquetWriteBuffer({ columnData, schema, createdBy: 'juesuan' } as unknown as Parameters<typeof parquetWriteBuffer>[0]);
  await writeOutput(out, new Uint8Array(buffer));
  return { facts: rows.length };
}

function parquetColumn(c: DatasetColumn, values: DatasetValue[], out: string | null): { element: Record<string, unknown>; data: DatasetValue[] } {
  switch (c.type) {
    case 'text':
      return { element: { type: 'BYTE_ARRAY', converted_type: 'UTF8' }, data: values };
    case 'boolean':
      return { element: { type: 'BOOLEAN' }, data: values };
    case 'integer': {
      // small integers (year, page, 行次) as INT32; 分 may exceed it
      const wide = values.some((v) => typeof v === 'bigint' || (typeof v === 'number' && Math.abs(v) > 2 ** 31 - 1));
      return wide
        ? { element: { type: 'INT64' }, data: values.map((v) => (v === null ? null : BigInt(v as number | bigint))) }
        : { element: { type: 'INT32' }, data: values };
    }
    case 'decimal': {
      const { precision, scale } = decimalShape(values as (string | null)[]);
      if (precision > MAX_PRECISION) throw new Error(`${out ?? 'standard output'}: ${c.name} needs ${precision} digits, more than a Parquet DECIMAL holds (${MAX_PRECISION})`);
      const data = values.map((v) => (v === null ? null : unscaled(v as string, scale)));
      const element = precision <= 18 ? { type: 'INT64' } : { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16 };
      return { element: { ...element, converted_type: 'DECIMAL', precision, scale, logical_type: { type: 'DECIMAL', precision, scale } }, data };
    }
  }
}
