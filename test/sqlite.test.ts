import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, sqliteEngine, type SqliteEngine } from '../src/harvest/sqlite.js';

const hasNodeSqlite = (() => {
  try {
    createRequire(import.meta.url)('node:sqlite');
    return true;
  } catch {
    return false;
  }
})();
// node:sqlite exists from Node 22 on; better-sqlite3 12 is not run where it aborts (Node >= 24.19).
const engines: SqliteEngine[] = [...(sqliteEngine() === 'better-sqlite3' || process.env.JUESUAN_SQLITE ? ['better-sqlite3' as const] : []), ...(hasNodeSqlite ? ['node' as const] : [])];

describe('the ledger SQLite connection (src/harvest/sqlite.ts)', () => {
  const saved = process.env.JUESUAN_SQLITE;
  afterEach(() => {
    if (saved === undefined) delete process.env.JUESUAN_SQLITE;
    else process.env.JUESUAN_SQLITE = saved;
  });

  it('uses node:sqlite from Node 24.19 on, where better-sqlite3 12 aborts on a collected statement', () => {
    delete process.env.JUESUAN_SQLITE;
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(sqliteEngine()).toBe(major > 24 || (major === 24 && minor >= 19) ? 'node' : 'better-sqlite3');
  });

  it.each(engines)('%s: rows as plain objects, change counts, nested transactions committed or rolled back', (engine) => {
    process.env.JUESUAN_SQLITE = engine;
    const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'juesuan-sqlite-')), 'l.sqlite'));
    expect(db.engine).toBe(engine);
    db.exec('PRAGMA journal_mode = WAL; CREATE TABLE t(k TEXT PRIMARY KEY, n INTEGER)');
    const ins = db.prepare('INSERT OR IGNORE INTO t VALUES (?, ?)');
    expect(ins.run('a', 1).changes).toBe(1);
    expect(ins.run('a', 2).changes).toBe(0);
    const row = db.prepare('SELECT * FROM t WHERE k = ?').get('a');
    expect(Object.getPrototypeOf(row)).not.toBeNull(); // node:sqlite gives null-prototype rows
    expect(row).toEqual({ k: 'a', n: 1 });
    // an inner failure rolls back the inner part only; an outer failure rolls back everything
    db.transaction(() => {
      ins.run('b', 2);
      expect(() => db.transaction(() => { ins.run('c', 3); throw new Error('inner'); })()).toThrow('inner');
    })();
    expect(() => db.transaction(() => { ins.run('d', 4); throw new Error('outer'); })()).toThrow('outer');
    expect(db.prepare('SELECT k FROM t ORDER BY k').all()).toEqual([{ k: 'a' }, { k: 'b' }]);
    db.close();
  });
});
