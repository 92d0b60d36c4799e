import { writeAtomicPath } from '../files/atomic.js';
import { openSqlite } from '../harvest/sqlite.js';
import type { DocumentRecord } from '../../schemas/record.js';
import { DATASET_TABLES, type ColumnType } from './dataset.js';

// Exact decimals stay text (SQLite's REAL would round them); `value_fen` is the integer beside them.
const SQL_TYPE: Record<ColumnType, string> = { text: 'TEXT', integer: 'INTEGER', decimal: 'TEXT', boolean: 'INTEGER' };
const q = (name: string) => `"${name}"`;

/** Writes the dataset tables into one SQLite file (atomically: a failed export leaves the old file). Returns the rows per table. */
export async function writeSqlite(records: DocumentRecord[], out: string, unit?: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await writeAtomicPath(out, async (tmp) => {
    const db = openSqlite(tmp);
    try {
      // written whole into a temp file that is renamed into place: no journal needed
      db.exec('PRAGMA journal_mode = OFF; PRAGMA foreign_keys = ON');
      for (const t of DATASET_TABLES) {
        const defs = t.columns.map((c) => `${q(c.name)} ${SQL_TYPE[c.type]}`);
        if (t.primaryKey) defs.push(`PRIMARY KEY (${t.primaryKey.map(q).join(', ')})`);
        if (t.name !== 'documents') defs.push(`FOREIGN KEY (doc_id, source_sha256) REFERENCES documents (doc_id, source_sha256)`);
        db.exec(`CREATE TABLE ${q(t.name)} (${defs.join(', ')})`);
      }
      db.transaction(() => {
        for (const t of DATASET_TABLES) {
          const insert = db.prepare(`INSERT INTO ${q(t.name)} (${t.columns.map((c) => q(c.name)).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`);
          let n = 0;
          for (const r of records) {
            for (const row of t.rows(r, unit)) {
              insert.run(...t.columns.map((c) => (typeof row[c.name] === 'boolean' ? Number(row[c.name]) : (row[c.name] ?? null))));
              n++;
            }
          }
          counts[t.name] = n;
        }
      })();
      for (const t of DATASET_TABLES) {
        for (const cols of t.indexes) db.exec(`CREATE INDEX ${q(`${t.name}_${cols.join('_')}`)} ON ${q(t.name)} (${cols.map(q).join(', ')})`);
      }
    } finally {
      db.close();
    }
  });
  return counts;
}
